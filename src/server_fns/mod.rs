//! Server functions: called directly during server rendering, and over HTTP under [`PREFIX`].

use crate::errors::UiError;
use crate::kratos::{FlowError, LoginFlow, SettingsFlow};
use leptos::prelude::*;

/// Where server functions are mounted.
pub const PREFIX: &str = "/api/";

/// Creates a settings flow (`return_to` passed through to Kratos) or fetches `flow`.
#[server(prefix = "/api", endpoint = "settings_flow")]
pub async fn get_settings_flow(
    flow: Option<String>,
    return_to: Option<String>,
) -> Result<SettingsFlow, UiError> {
    crate::server::flows::load_settings(flow, return_to).await
}

/// Fetches login flow `flow`. Without one, or with a bad or stale one, the browser is sent to
/// Kratos for a fresh login flow keeping `aal`, `refresh` and `return_to`.
#[server(prefix = "/api", endpoint = "login_flow")]
pub async fn get_login_flow(
    flow: Option<String>,
    aal: Option<String>,
    refresh: Option<String>,
    return_to: Option<String>,
) -> Result<LoginFlow, UiError> {
    crate::server::flows::load_login(flow, aal, refresh, return_to).await
}

/// Sends the browser to the Kratos URL that ends its session.
#[server(prefix = "/api", endpoint = "logout")]
pub async fn logout() -> Result<(), UiError> {
    crate::server::flows::start_logout().await
}

/// The browser-mode error Kratos stored under `id`; `None` when it is unknown or unreadable.
#[server(prefix = "/api", endpoint = "flow_error")]
pub async fn get_flow_error(id: String) -> Result<Option<FlowError>, UiError> {
    crate::server::flows::load_flow_error(id).await
}
