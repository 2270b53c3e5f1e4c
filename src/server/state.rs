//! What every request handler shares: built once at start-up, never per request.

use super::config::Settings;
use crate::kratos::client::KratosClient;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::sync::Arc;

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
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
