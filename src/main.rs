// glibc's malloc spent a third of each request's CPU under load (arena locks, consolidation);
// mimalloc's per-thread heaps suit a server that allocates many short-lived strings per page.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let command = std::env::args().nth(1);
    // Exit codes: 2 when serving cannot start; 1 for an unhealthy health check (Docker reserves 2).
    let (outcome, failure) = match command.as_deref() {
        None => (kratos_ui::server::run(), 2),
        Some("healthcheck") => (kratos_ui::server::healthcheck(), 1),
        Some(other) => (
            Err(format!(
                "unknown command {other:?}: run without arguments to serve, or `healthcheck`"
            )),
            2,
        ),
    };
    if let Err(message) = outcome {
        eprintln!("kratos-ui: {message}");
        std::process::exit(failure);
    }
}
