#[tokio::main]
async fn main() {
    if let Err(message) = kratos_ui::server::run().await {
        eprintln!("kratos-ui: {message}");
        std::process::exit(2);
    }
}
