//! Server functions: called directly during server rendering, and over HTTP under
//! [`paths::API_PREFIX`](crate::paths::API_PREFIX). Each declaration here; what it does, in
//! `server.rs` (compiled with `ssr` only).

#[cfg(feature = "ssr")]
mod server;

use crate::errors::UiError;
use crate::kratos::{FlowError, LoginFlow, SelfServiceFlow, Session, SessionPage, SettingsFlow};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Creates a settings flow (`return_to` passed through to Kratos) or fetches `flow`.
#[server(prefix = "/api", endpoint = "settings_flow")]
pub(crate) async fn get_settings_flow(
    flow: Option<String>,
    return_to: Option<String>,
) -> Result<SettingsFlow, UiError> {
    server::load_flow(crate::kratos::FlowKind::Settings, flow, return_to).await
}

/// Creates a sign-up flow (`return_to` passed through to Kratos) or fetches `flow`.
#[server(prefix = "/api", endpoint = "registration_flow")]
pub(crate) async fn get_registration_flow(
    flow: Option<String>,
    return_to: Option<String>,
) -> Result<SelfServiceFlow, UiError> {
    server::load_flow(crate::kratos::FlowKind::Registration, flow, return_to).await
}

/// Creates an account recovery flow or fetches `flow`.
#[server(prefix = "/api", endpoint = "recovery_flow")]
pub(crate) async fn get_recovery_flow(
    flow: Option<String>,
    return_to: Option<String>,
) -> Result<SelfServiceFlow, UiError> {
    server::load_flow(crate::kratos::FlowKind::Recovery, flow, return_to).await
}

/// Creates an email verification flow or fetches `flow`.
#[server(prefix = "/api", endpoint = "verification_flow")]
pub(crate) async fn get_verification_flow(
    flow: Option<String>,
    return_to: Option<String>,
) -> Result<SelfServiceFlow, UiError> {
    server::load_flow(crate::kratos::FlowKind::Verification, flow, return_to).await
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

/// What the sessions page shows: this browser's session, a page of the identity's other ones, and
/// the token its sign-out forms carry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct SessionsOverview {
    pub current: Session,
    pub others: SessionPage,
    pub csrf_token: String,
}

/// This browser's session and one page (`page`, Kratos's token) of its identity's other
/// sessions: two Kratos calls, made at once.
#[server(prefix = "/api", endpoint = "sessions")]
pub(crate) async fn get_sessions(page: Option<String>) -> Result<SessionsOverview, UiError> {
    server::load_sessions(page).await
}

/// Signs out one other session of the identity (a form post with the page's token), then back to
/// the sessions page saying what happened.
#[server(prefix = "/api", endpoint = "revoke_session")]
pub(crate) async fn revoke_session(
    session: Option<String>,
    csrf_token: Option<String>,
) -> Result<(), UiError> {
    server::revoke_session(session, csrf_token).await
}

/// Signs out every other session of the identity, then to the sessions page with the count.
#[server(prefix = "/api", endpoint = "revoke_other_sessions")]
pub(crate) async fn revoke_other_sessions(csrf_token: Option<String>) -> Result<(), UiError> {
    server::revoke_other_sessions(csrf_token).await
}

/// This browser's token for the forms that post to our own endpoints (set as a cookie if new).
#[server(prefix = "/api", endpoint = "form_token")]
pub(crate) async fn get_form_token() -> Result<String, UiError> {
    server::form_token()
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
            GetRegistrationFlow::PATH,
            GetRecoveryFlow::PATH,
            GetVerificationFlow::PATH,
            GetLoginFlow::PATH,
            Logout::PATH,
            GetFlowError::PATH,
            GetSessions::PATH,
            RevokeSession::PATH,
            RevokeOtherSessions::PATH,
            GetFormToken::PATH,
        ] {
            assert!(
                path.starts_with(&format!("{}/", paths::API_PREFIX)),
                "{path}"
            );
        }
        assert_eq!(Logout::PATH, paths::LOGOUT_ACTION);
        assert_eq!(RevokeSession::PATH, paths::REVOKE_SESSION_ACTION);
        assert_eq!(
            RevokeOtherSessions::PATH,
            paths::REVOKE_OTHER_SESSIONS_ACTION
        );
    }
}
