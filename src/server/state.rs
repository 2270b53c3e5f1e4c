//! What every request handler shares: built once at start-up, never per request.

use super::config::Settings;
use crate::kratos::client::KratosClient;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Cloned for every request (into the page's context and the header middleware), so it is one
/// `Arc`: a plain struct cost a dozen reference-count updates per clone and as many per drop.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl AppState {
    pub fn new(shared: Shared) -> Self {
        AppState(Arc::new(shared))
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

pub struct Shared {
    pub leptos_options: LeptosOptions,
    pub settings: Arc<Settings>,
    pub kratos: KratosClient,
    /// The Content-Security-Policy with a `{nonce}` placeholder, rendered once.
    pub csp_template: Arc<str>,
    /// The UI's own origin (`scheme://host[:port]` of `ui_url`), which our endpoints accept
    /// requests from.
    pub ui_origin: Arc<str>,
    /// Kratos's last readiness answer and when it came, so that a load balancer probing
    /// `/health/ready` many times a second costs Kratos one probe per [`READINESS_TTL`].
    pub readiness: tokio::sync::Mutex<Option<(Instant, bool)>>,
    /// The operator's logo, favicon and stylesheet, read at start-up.
    pub(crate) branding: Arc<super::branding::Branding>,
    /// Every language's strings, built in and the operator's, parsed at start-up.
    pub(crate) catalogs: Arc<crate::i18n::Catalogs>,
}

/// How long one answer of Kratos's `/health/ready` is reused.
pub const READINESS_TTL: Duration = Duration::from_secs(1);

impl Shared {
    /// Whether Kratos is ready, asking it at most once per [`READINESS_TTL`]; probes that arrive
    /// while one is under way wait for its answer instead of sending their own.
    pub async fn kratos_is_ready(&self) -> bool {
        let mut last = self.readiness.lock().await;
        if let Some((at, ready)) = *last {
            if at.elapsed() < READINESS_TTL {
                return ready;
            }
        }
        let ready = self.kratos.is_ready().await;
        *last = Some((Instant::now(), ready));
        ready
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
