// glibc's malloc spent a third of each request's CPU under load (arena locks, consolidation);
// mimalloc's per-thread heaps suit a server that allocates many short-lived strings per page.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    if let Err(message) = kratos_ui::server::run() {
        eprintln!("kratos-ui: {message}");
        std::process::exit(2);
    }
}
