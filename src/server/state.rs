//! What every request handler shares: built once at start-up, never per request.

use super::config::Settings;
use super::shell::HeadAssets;
use crate::kratos::client::KratosClient;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub settings: Arc<Settings>,
    pub kratos: KratosClient,
    /// The Content-Security-Policy with a `{nonce}` placeholder, rendered once.
    pub csp_template: Arc<str>,
    /// Asset links and island loader, rendered once.
    pub head: HeadAssets,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
