//! Server functions: called directly during server rendering, and over HTTP under
//! [`paths::API_PREFIX`](crate::paths::API_PREFIX). Each declaration here; what it does, in
//! `server.rs` (compiled with `ssr` only).

#[cfg(feature = "ssr")]
mod server;

use crate::errors::UiError;
use crate::kratos::{FlowError, LoginFlow, SettingsFlow};
use leptos::prelude::*;

/// Creates a settings flow (`return_to` passed through to Kratos) or fetches `flow`.
#[server(prefix = "/api", endpoint = "settings_flow")]
pub(crate) async fn get_settings_flow(
    flow: Option<String>,
    return_to: Option<String>,
) -> Result<SettingsFlow, UiError> {
    server::load_settings(flow, return_to).await
}

/// Fetches login flow `flow`. Without one, or with a bad or stale one, the browser is sent to
/// Kratos for a fresh login flow keeping `aal`, `refresh` and `return_to`.
#[server(prefix = "/api", endpoint = "login_flow")]
pub(crate) async fn get_login_flow(
    flow: Option<String>,
    aal: Option<String>,
    refresh: Option<String>,
    return_to: Option<String>,
) -> Result<LoginFlow, UiError> {
    server::load_login(flow, aal, refresh, return_to).await
}

/// Sends the browser to the Kratos URL that ends its session.
#[server(prefix = "/api", endpoint = "logout")]
pub(crate) async fn logout() -> Result<(), UiError> {
    server::start_logout().await
}

/// The browser-mode error Kratos stored under `id`; `None` when it is unknown or unreadable.
#[server(prefix = "/api", endpoint = "flow_error")]
pub(crate) async fn get_flow_error(id: String) -> Result<Option<FlowError>, UiError> {
    server::load_flow_error(id).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paths;
    use leptos::server_fn::ServerFn;

    /// `#[server(prefix = …)]` takes only a literal: the declarations must agree with `paths`.
    #[test]
    fn server_functions_live_under_the_api_prefix() {
        for path in [
            GetSettingsFlow::PATH,
            GetLoginFlow::PATH,
            Logout::PATH,
            GetFlowError::PATH,
        ] {
            assert!(
                path.starts_with(&format!("{}/", paths::API_PREFIX)),
                "{path}"
            );
        }
        assert_eq!(Logout::PATH, paths::LOGOUT_ACTION);
    }
}
