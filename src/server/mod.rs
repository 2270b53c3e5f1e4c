//! The server side (compiled with `ssr` only): settings, shared state, headers, start-up.

mod branding;
mod canonical;
pub mod config;
mod guard;
mod headers;
mod language;
pub mod log;
pub mod metrics;
mod own_csrf;
pub(crate) mod request;
mod serve;
mod shell;
pub(crate) mod state;

use crate::app::App;
use crate::kratos::client::KratosClient;
use axum::{routing::get, Router};
use config::{Settings, DEFAULT_CONFIG_FILE};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use shell::{document, shell, HeadAssets};
use state::AppState;
use std::sync::Arc;
use std::time::Duration;

/// Builds the whole application router. Used by `main` and by the tests.
pub fn router(leptos_options: LeptosOptions, settings: Settings) -> Result<Router, String> {
    router_with_metrics(leptos_options, settings, None)
}

/// [`router`], counting every request in `metrics` (shared by all workers) when given.
pub fn router_with_metrics(
    leptos_options: LeptosOptions,
    settings: Settings,
    metrics: Option<Arc<metrics::Metrics>>,
) -> Result<Router, String> {
    let kratos = KratosClient::new(
        settings.kratos_public_url.clone(),
        settings.kratos_timeout,
        settings.kratos_cookies.clone(),
    )
    .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
    let provider_origins: Vec<String> = settings
        .provider_origins
        .iter()
        .map(|u| u.origin().ascii_serialization())
        .collect();
    let csp_template =
        headers::csp_template(&settings.kratos_browser_origin(), &provider_origins).into();
    let pkg_dir = format!(
        "{}/{}",
        leptos_options.site_root, leptos_options.site_pkg_dir
    );
    let branding = Arc::new(branding::Branding::load(
        &settings.branding,
        branding::app_css(std::path::Path::new(&pkg_dir), &leptos_options.output_name).as_deref(),
        &settings.base_path,
    )?);
    let head = HeadAssets::new(&leptos_options, &settings.base_path, &branding);
    let catalogs = Arc::new(
        crate::i18n::Catalogs::load(
            settings.languages_dir.as_deref(),
            &settings.default_language,
        )
        .map_err(|e| e.to_string())?,
    );
    let ui_origin = settings.ui_url.origin().ascii_serialization().into();
    let state = AppState::new(state::Shared {
        leptos_options,
        settings: Arc::new(settings),
        kratos,
        csp_template,
        ui_origin,
        readiness: Default::default(),
        branding,
        catalogs,
    });
    let routes = generate_route_list(App);
    let context = {
        let (state, head) = (state.clone(), head.clone());
        move || provide_request_context(&state, &head)
    };
    let base = state.settings.base_path.clone();
    let default_translator =
        crate::i18n::Translator::new(state.catalogs.clone(), state.catalogs.default_language());
    let app = Router::new()
        .route("/health/alive", get(health_alive))
        .route("/health/ready", get(health_ready))
        .route(&format!("{}{{name}}", branding::BRAND_DIR), get(brand_file))
        .nest_service(
            &format!("/{}", state.leptos_options.site_pkg_dir),
            tower_http::services::ServeDir::new(pkg_dir)
                .precompressed_br()
                .precompressed_gzip(),
        )
        .leptos_routes_with_context(&state, routes, context, document)
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(
            {
                let state = state.clone();
                move || provide_request_context(&state, &head)
            },
            shell,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guard::error_pages_for_form_posts,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guard::refuse_cross_site,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            canonical::redirect_to_canonical,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            language::negotiate,
        ))
        .with_state(state.clone());
    // Under a base path, everything is nested there (the routes above see paths without it), and
    // nothing answers outside it but a not-found page pointing there.
    let app = if base.is_empty() {
        app
    } else {
        let settings_page = format!("{base}{}", crate::paths::SETTINGS);
        let catalogs = state.catalogs.clone();
        Router::new()
            .nest(&base, app)
            .fallback(move |headers: http::HeaderMap| {
                let wishes = headers
                    .get(http::header::ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("");
                let chosen = catalogs.choose(language::by_preference(wishes));
                let t = crate::i18n::Translator::new(catalogs.clone(), chosen);
                let settings_page = settings_page.clone();
                async move { not_found_outside_base(&t, &settings_page) }
            })
    };
    Ok(app
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            move |_: Box<dyn std::any::Any + Send + 'static>| {
                panic_page(
                    &default_translator,
                    &format!("{base}{}", crate::paths::SETTINGS),
                )
            },
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            headers::security_headers,
        ))
        .layer(axum::middleware::from_fn_with_state(
            metrics,
            log::log_requests,
        )))
}

/// What a path outside the base path gets, in the language the browser asks for.
fn not_found_outside_base(
    t: &crate::i18n::Translator,
    settings_page: &str,
) -> http::Response<String> {
    let page = language::plain_page(
        t,
        &t.text("not-found-title"),
        &t.text("not-found-text"),
        settings_page,
    );
    language::html_response(http::StatusCode::NOT_FOUND, page)
}

/// A panic while answering one request becomes that request's 500 page (in the default
/// language: the request is gone); the server goes on (the release profile unwinds). What
/// panicked is in the server's log, not on the page.
fn panic_page(t: &crate::i18n::Translator, settings_page: &str) -> http::Response<String> {
    let page = language::plain_page(
        t,
        &t.text("error-internal-title"),
        &t.text("error-internal-text"),
        settings_page,
    );
    language::html_response(http::StatusCode::INTERNAL_SERVER_ERROR, page)
}

fn provide_request_context(state: &AppState, head: &HeadAssets) {
    provide_context(state.clone());
    provide_context(head.clone());
    provide_context(crate::kratos::TotpIssuer(
        state.settings.totp_issuer.clone(),
    ));
    provide_context(state.settings.offered_flows);
    provide_context(crate::paths::BasePath(state.settings.base_path.clone()));
    provide_context(state.branding.clone());
    let parts = use_context::<http::request::Parts>();
    let chosen = parts
        .as_ref()
        .and_then(|parts| parts.extensions.get::<language::Chosen>())
        .map_or(state.catalogs.default_language(), |c| c.0);
    provide_context(crate::i18n::Translator::new(state.catalogs.clone(), chosen));
    if let Some(nonce) =
        parts.and_then(|parts| parts.extensions.get::<headers::CspNonce>().cloned())
    {
        provide_context(leptos::nonce::Nonce::from_value(nonce.0));
    }
}

/// A logo, favicon or stylesheet of the operator's (`server::branding`).
async fn brand_file(
    axum::extract::State(state): axum::extract::State<AppState>,
    axum::extract::Path(name): axum::extract::Path<String>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    match state.branding.file(&name) {
        Some((bytes, content_type)) => {
            ([(http::header::CONTENT_TYPE, *content_type)], bytes.clone()).into_response()
        }
        None => http::StatusCode::NOT_FOUND.into_response(),
    }
}

async fn health_alive() -> &'static str {
    "ok"
}

async fn health_ready(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> (http::StatusCode, &'static str) {
    if state.kratos_is_ready().await {
        (http::StatusCode::OK, "ok")
    } else {
        (http::StatusCode::SERVICE_UNAVAILABLE, "kratos is not ready")
    }
}

/// `KRATOS_UI_WORKERS` when it is a positive number, else one worker per available core (which
/// counts a container's CPU quota). On 2 cores, 2 workers served 50 % more than 1 and 3 no more
/// than 2.
fn worker_count(setting: Option<&str>) -> usize {
    setting
        .and_then(|n| n.trim().parse::<usize>().ok())
        .filter(|n| *n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// Ctrl-C, or SIGTERM (what container runtimes and Kubernetes send): serving stops accepting,
/// requests in flight finish within their bound (the Kratos timeout plus 5 s), then `run` returns
/// and the process exits 0. (A server for Linux containers: Unix signals only.)
async fn stop_signal() {
    use tokio::signal::unix::{signal, SignalKind};
    match signal(SignalKind::terminate()) {
        Ok(mut term) => {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
        }
        Err(_) => {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

/// `kratos-ui healthcheck`: exits 0 only when a server on the configured address
/// (`LEPTOS_SITE_ADDR`) answers `/health/alive` with 200 within two seconds. For a container's
/// health check in an image without a shell or curl.
pub fn healthcheck() -> Result<(), String> {
    use std::io::{Read, Write};
    let conf = leptos::config::get_configuration(None)
        .map_err(|e| format!("invalid Leptos settings: {e}"))?;
    let mut addr = listen_addr(conf.leptos_options.site_addr)?;
    let config_path =
        std::env::var("KRATOS_UI_CONFIG").unwrap_or_else(|_| DEFAULT_CONFIG_FILE.to_string());
    let base = config::base_path_from_sources(
        std::fs::read_to_string(&config_path).ok().as_deref(),
        |k| std::env::var(k).ok(),
    )
    .map_err(|e| e.to_string())?;
    let alive = format!("{base}/health/alive");
    // A server listening on every interface is asked on the loopback one.
    if addr.ip().is_unspecified() {
        addr.set_ip(if addr.is_ipv4() {
            std::net::Ipv4Addr::LOCALHOST.into()
        } else {
            std::net::Ipv6Addr::LOCALHOST.into()
        });
    }
    let timeout = Duration::from_secs(2);
    let unhealthy = |e: std::io::Error| format!("no answer from http://{addr}{alive}: {e}");
    let mut stream = std::net::TcpStream::connect_timeout(&addr, timeout).map_err(unhealthy)?;
    stream.set_read_timeout(Some(timeout)).map_err(unhealthy)?;
    stream.set_write_timeout(Some(timeout)).map_err(unhealthy)?;
    write!(
        stream,
        "GET {alive} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .map_err(unhealthy)?;
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).map_err(unhealthy)?;
    if head.starts_with(b"HTTP/1.1 200") {
        Ok(())
    } else {
        Err(format!(
            "http://{addr}{alive} answered {:?}",
            String::from_utf8_lossy(&head)
        ))
    }
}

/// Where to listen: `LEPTOS_SITE_ADDR` (or `Leptos.toml`'s `site-addr`), with its port replaced by
/// `PORT` when that is set, as container platforms set it.
fn listen_addr(mut addr: std::net::SocketAddr) -> Result<std::net::SocketAddr, String> {
    if let Some(port) = std::env::var("PORT").ok().filter(|p| !p.trim().is_empty()) {
        let port = port
            .trim()
            .parse::<u16>()
            .map_err(|_| format!("invalid setting PORT: {port:?} is not a port number"))?;
        addr.set_port(port);
    }
    Ok(addr)
}

/// The settings from `KRATOS_UI_CONFIG` (or `Leptos.toml`) and the environment.
fn read_settings(site_addr: std::net::SocketAddr) -> Result<Settings, String> {
    let config_path =
        std::env::var("KRATOS_UI_CONFIG").unwrap_or_else(|_| DEFAULT_CONFIG_FILE.to_string());
    let file_text = std::fs::read_to_string(&config_path).ok();
    Settings::from_sources(
        file_text.as_deref(),
        |k| std::env::var(k).ok(),
        &site_addr.to_string(),
    )
    .map_err(|e| e.to_string())
}

/// Binds `addr` and serves `GET /metrics` there on a thread of its own, for as long as the
/// process runs.
fn serve_metrics(addr: std::net::SocketAddr) -> Result<Arc<metrics::Metrics>, String> {
    let metrics = Arc::new(metrics::Metrics::new());
    let listener = std::net::TcpListener::bind(addr)
        .and_then(|l| l.set_nonblocking(true).map(|()| l))
        .map_err(|e| format!("cannot listen on {addr} (KRATOS_UI_METRICS_ADDR): {e}"))?;
    let app = metrics::router(metrics.clone());
    std::thread::Builder::new()
        .name("metrics".into())
        .spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime for the metrics listener");
            runtime.block_on(async move {
                if let Ok(listener) = tokio::net::TcpListener::from_std(listener) {
                    let _ = axum::serve(listener, app).await;
                }
            });
        })
        .map_err(|e| format!("cannot start the metrics listener: {e}"))?;
    println!("kratos-ui metrics on http://{addr}/metrics");
    Ok(metrics)
}

/// Reads the settings, binds the address and serves until the process is stopped.
pub fn run() -> Result<(), String> {
    log::init()?;
    let conf = leptos::config::get_configuration(None)
        .map_err(|e| format!("invalid Leptos settings: {e}"))?;
    let mut leptos_options = conf.leptos_options;
    // cargo-leptos bakes the name in at compile time; a plain `cargo build` does not.
    if leptos_options.output_name.is_empty() {
        leptos_options.output_name = env!("CARGO_PKG_NAME").into();
    }
    let hash_file = std::env::current_exe().ok().and_then(|p| {
        p.parent()
            .map(|d| d.join(leptos_options.hash_file.as_ref()))
    });
    if std::env::var_os("LEPTOS_HASH_FILES").is_none() {
        leptos_options.hash_files = hash_file.is_some_and(|p| p.exists());
    }
    let site_addr = listen_addr(leptos_options.site_addr)?;
    leptos_options.site_addr = site_addr;
    let settings = read_settings(site_addr)?;
    // One router per worker thread: each has its own Kratos connection pool (see `serve`).
    let workers = worker_count(std::env::var("KRATOS_UI_WORKERS").ok().as_deref());
    let metrics = settings
        .metrics_addr
        .map(|addr| serve_metrics(addr).map(Some))
        .unwrap_or(Ok(None))?;
    let routers = (0..workers)
        .map(|_| router_with_metrics(leptos_options.clone(), settings.clone(), metrics.clone()))
        .collect::<Result<Vec<_>, _>>()?;
    let listener = std::net::TcpListener::bind(site_addr)
        .map_err(|e| format!("cannot listen on {site_addr} (LEPTOS_SITE_ADDR): {e}"))?;
    let limits = serve::Limits::new(
        settings.kratos_timeout,
        serve::connection_cap(
            std::env::var("KRATOS_UI_MAX_CONNECTIONS").ok().as_deref(),
            serve::open_files_limit(),
        ),
    );
    for warning in settings.warnings() {
        eprintln!("kratos-ui: warning: {warning}");
    }
    println!(
        "kratos-ui listening on http://{site_addr}{} (UI {}; Kratos {}; at most {} connections)",
        settings.base_path,
        config::redacted(&settings.ui_url),
        config::redacted(&settings.kratos_public_url),
        limits.max_connections
    );
    serve::serve(listener, routers, limits, stop_signal())
}

#[cfg(test)]
mod tests {
    use super::{panic_page, serve, worker_count};
    use std::io::{Read, Write};

    fn get(addr: std::net::SocketAddr, path: &str) -> String {
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        response
    }

    #[test]
    fn a_panic_is_that_requests_500_page_and_the_server_goes_on() {
        async fn panics() -> &'static str {
            panic!("a bug")
        }
        let router = axum::Router::new()
            .route("/panics", axum::routing::get(panics))
            .route("/", axum::routing::get(|| async { "still here" }))
            .layer(tower_http::catch_panic::CatchPanicLayer::custom(
                |_: Box<dyn std::any::Any + Send + 'static>| {
                    panic_page(&crate::i18n::Translator::english(), "/settings")
                },
            ));
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let limits = serve::Limits::new(std::time::Duration::from_secs(1), 16);
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = std::thread::spawn(move || {
            serve::serve(listener, vec![router], limits, async {
                let _ = stopped.await;
            })
        });
        let page = get(addr, "/panics");
        assert!(page.starts_with("HTTP/1.1 500"), "{page}");
        assert!(page.contains("<h1>Something went wrong</h1>"), "{page}");
        assert!(
            !page.contains("a bug"),
            "the panic message stays in the log"
        );
        assert!(get(addr, "/").ends_with("still here"));
        stop.send(()).unwrap();
        assert_eq!(server.join().unwrap(), Ok(()));
    }

    #[test]
    fn workers_follow_the_setting_or_the_cores() {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        assert_eq!(worker_count(Some("3")), 3);
        assert_eq!(worker_count(None), cores);
        for bad in ["0", "-1", "many", ""] {
            assert_eq!(worker_count(Some(bad)), cores, "{bad:?}");
        }
    }
}
