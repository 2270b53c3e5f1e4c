//! # kratos-emulator
//!
//! An **in-memory test double and demo backend** for [Ory Kratos], built for kratos-ui's demo and
//! end-to-end tests. It implements the parts of Kratos' public and admin APIs that kratos-ui
//! touches — login (password, TOTP, backup codes, refresh, AAL2), settings (profile, password,
//! TOTP, backup codes, privileged sessions, continuity), sessions, logout and flow errors — with
//! Kratos' cookies, CSRF tokens, status codes, message ids and JSON shapes.
//!
//! **Never use it in production**: all state lives in memory and is lost on exit, there is no
//! rate limiting, no email delivery, and only a subset of Kratos is implemented.
//!
//! [Ory Kratos]: https://www.ory.sh/kratos/

pub mod admin;
pub mod app;
pub mod body;
pub mod config;
pub mod csrf;
pub mod errors;
pub mod identity;
pub mod login;
pub mod schema;
pub mod sessions;
pub mod settings;
pub mod store;
pub mod totp;
pub mod ui;
pub mod util;

use app::Shared;
use axum::routing::{any, delete, get};
use axum::Router;
use tokio::net::TcpListener;

/// The public router (port 4433 in the shipped config).
pub fn public_router(st: Shared) -> Router {
    Router::new()
        .route("/health/alive", get(|| async { app::health() }))
        .route("/health/ready", get(|| async { app::health() }))
        .route("/self-service/login/browser", get(login::init_browser))
        .route("/self-service/login/flows", get(login::get_flow))
        .route(
            "/self-service/login",
            get(login::submit).post(login::submit),
        )
        .route(
            "/self-service/settings/browser",
            get(settings::init_browser),
        )
        .route("/self-service/settings/flows", get(settings::get_flow))
        .route(
            "/self-service/settings",
            get(settings::submit).post(settings::submit),
        )
        .route(
            "/self-service/logout/browser",
            get(sessions::logout_browser),
        )
        .route("/self-service/logout", get(sessions::logout))
        .route("/self-service/errors", get(sessions::get_error))
        .route("/sessions/whoami", any(sessions::whoami))
        .route(
            "/sessions",
            get(sessions::list).delete(sessions::revoke_others),
        )
        .route("/sessions/{id}", delete(sessions::revoke_one))
        .route("/schemas/{id}", get(schema_handler))
        .route(
            "/.well-known/change-password",
            get(
                |axum::extract::State(st): axum::extract::State<Shared>| async move {
                    app::see_other(&st.cfg.settings_ui_url)
                },
            ),
        )
        .layer(axum::middleware::from_fn_with_state(
            st.clone(),
            app::csrf_layer,
        ))
        .with_state(st)
}

async fn schema_handler(
    axum::extract::State(st): axum::extract::State<Shared>,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    if id == app::b64url(&st.schema.id) || id == st.schema.id {
        app::json_ok(axum::http::StatusCode::OK, &st.schema.raw)
    } else {
        errors::KError::not_found(None, login::NOT_FOUND_MSG).into_response()
    }
}

/// The admin router (port 4434 in the shipped config).
pub fn admin_router(st: Shared) -> Router {
    Router::new()
        .route("/health/alive", get(|| async { app::health() }))
        .route("/health/ready", get(|| async { app::health() }))
        .route("/admin/identities", get(admin::list).post(admin::create))
        .route(
            "/admin/identities/{id}",
            get(admin::get).delete(admin::delete),
        )
        .with_state(st)
}

/// Serve both APIs on the given listeners until `shutdown` resolves.
pub async fn serve(
    st: Shared,
    public: TcpListener,
    admin: TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let (tx, rx) = tokio::sync::watch::channel(false);
    let mut rx2 = rx.clone();
    let mut rx1 = rx;
    let p = axum::serve(public, public_router(st.clone())).with_graceful_shutdown(async move {
        let _ = rx1.changed().await;
    });
    let a = axum::serve(admin, admin_router(st)).with_graceful_shutdown(async move {
        let _ = rx2.changed().await;
    });
    tokio::spawn(async move {
        shutdown.await;
        let _ = tx.send(true);
    });
    let (r1, r2) = tokio::join!(async { p.await }, async { a.await });
    r1.and(r2)
}

/// A running emulator on ephemeral ports (for tests and embedding).
pub struct Running {
    pub public_url: String,
    pub admin_url: String,
    pub state: Shared,
}

/// Bind both ports on 127.0.0.1 (0 = ephemeral), set the public base URL to the bound port and
/// serve in the background until the runtime ends.
pub async fn spawn(
    cfg: config::Config,
    public_port: u16,
    admin_port: u16,
) -> std::io::Result<Running> {
    let public = TcpListener::bind(("127.0.0.1", public_port)).await?;
    let admin = TcpListener::bind(("127.0.0.1", admin_port)).await?;
    let pp = public.local_addr()?.port();
    let ap = admin.local_addr()?.port();
    let mut cfg = cfg.with_public_port(pp);
    cfg.admin_port = ap;
    let st = app::AppState::new(cfg).map_err(std::io::Error::other)?;
    let running = Running {
        public_url: st.cfg.public_base_url.clone(),
        admin_url: format!("http://127.0.0.1:{ap}/"),
        state: st.clone(),
    };
    tokio::spawn(serve(st, public, admin, std::future::pending()));
    Ok(running)
}
