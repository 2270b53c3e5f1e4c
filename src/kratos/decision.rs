//! What the UI does with each way Kratos can say "no" (Kratos's `selfservice/flow/settings/error.go`,
//! `selfservice/flow/login/error.go` and `session/manager_http.go`; the answers v1.3.1 really gives
//! are recorded in `tests/fixtures/kratos-v1.3.1/errors`). The one place where Kratos errors become
//! redirects, fresh flows or `UiError`s.

use super::error::ErrorEnvelope;
use super::error_id::KratosErrorId as Id;
use super::flow::FlowKind;
use super::validate::is_http_url;
use crate::errors::UiError;

/// A Kratos call that did not produce the expected value.
#[derive(Clone, Debug, PartialEq)]
pub enum KratosFailure {
    /// Kratos answered with an error status and a readable error envelope.
    Api {
        status: u16,
        body: Box<ErrorEnvelope>,
    },
    /// Connection refused, DNS failure, TLS failure.
    Unreachable,
    /// No complete answer within the configured timeout.
    Timeout,
    /// A 5xx, a redirect, or a body that is not the JSON we expect.
    BadAnswer { status: u16 },
}

impl KratosFailure {
    pub fn status(&self) -> Option<u16> {
        match self {
            KratosFailure::Api { status, .. } | KratosFailure::BadAnswer { status } => {
                Some(*status)
            }
            _ => None,
        }
    }
}

/// The next step after a failed settings or login flow call.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Decision {
    /// No session: sign in, then come back here.
    SignIn,
    /// A second factor is needed: go to this Kratos URL, made to return here.
    StepUp(String),
    /// Go to this Kratos URL as is (re-authentication).
    Follow(String),
    /// Go where Kratos says the browser must go (`browser_location_change_required`): Kratos
    /// itself or an identity provider.
    LocationChange(String),
    /// A visitor already signed in asked for a flow only for the signed-out (sign-up, recovery):
    /// where Kratos says, else the settings page.
    AlreadySignedIn(Option<String>),
    /// Start over with a fresh flow, without an error page.
    Restart {
        use_flow_id: Option<String>,
        return_to: Option<String>,
        expired: bool,
    },
    /// Show an error page.
    Fail(UiError),
}

/// Decide for a settings flow call (`GET /self-service/settings/browser` or `/flows?id=`).
pub(crate) fn decide_settings(failure: &KratosFailure) -> Decision {
    match failure {
        KratosFailure::Unreachable => Decision::Fail(UiError::Unreachable),
        KratosFailure::Timeout => Decision::Fail(UiError::Timeout),
        KratosFailure::BadAnswer { .. } => Decision::Fail(UiError::BadGateway),
        KratosFailure::Api { status, body } => decide_api(*status, body),
    }
}

/// Decide for a registration, recovery or verification flow call: the settings table, where a
/// `400` without an error id is how Kratos v1.3.1 refuses a recovery or verification flow that is
/// switched off (`recovery/handler.go`: "Recovery is not allowed because it was disabled.").
pub(crate) fn decide_flow(kind: FlowKind, failure: &KratosFailure) -> Decision {
    match failure {
        KratosFailure::Api { status: 400, body }
            if kind != FlowKind::Settings && body.error.id.is_none() =>
        {
            Decision::Fail(UiError::FlowDisabled)
        }
        _ => decide_settings(failure),
    }
}

/// Decide for a login flow fetch (`GET /self-service/login/flows?id=`): the same table, where "sign in"
/// and "restart" both mean a fresh login flow.
pub(crate) fn decide_login(failure: &KratosFailure) -> Decision {
    match decide_settings(failure) {
        Decision::SignIn => Decision::Restart {
            use_flow_id: None,
            return_to: None,
            expired: false,
        },
        other => other,
    }
}

fn decide_api(status: u16, body: &ErrorEnvelope) -> Decision {
    let follow = |make: fn(String) -> Decision| match body.redirect_browser_to() {
        Some(url) if is_http_url(url) => make(url.to_string()),
        _ => Decision::Fail(UiError::BadGateway),
    };
    match (status, body.id()) {
        (401, _) => Decision::SignIn,
        (403, Some(Id::SessionAal2Required)) => follow(Decision::StepUp),
        (403, Some(Id::SessionRefreshRequired)) => follow(Decision::Follow),
        (422, Some(Id::BrowserLocationChangeRequired)) => follow(Decision::LocationChange),
        (403, Some(Id::SecurityIdentityMismatch | Id::SecurityCsrfViolation)) | (404, _) => {
            Decision::Restart {
                use_flow_id: body.use_flow_id.clone(),
                return_to: None,
                expired: false,
            }
        }
        (410, _) => Decision::Restart {
            use_flow_id: body.use_flow_id.clone(),
            return_to: body
                .error
                .detail_str("return_to")
                .filter(|r| !r.is_empty())
                .map(str::to_string),
            expired: true,
        },
        (400, Some(Id::SelfServiceFlowReturnToForbidden)) => {
            Decision::Fail(UiError::ReturnToForbidden)
        }
        (400, Some(Id::SelfServiceFlowDisabled)) => Decision::Fail(UiError::FlowDisabled),
        (400, Some(Id::SessionAlreadyAvailable)) => Decision::AlreadySignedIn(
            body.redirect_browser_to()
                .filter(|url| is_http_url(url))
                .map(str::to_string),
        ),
        _ => Decision::Fail(UiError::BadGateway),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follow_refuses_non_http_targets() {
        let body = Box::new(ErrorEnvelope {
            error: super::super::ErrorObject {
                id: Some("session_refresh_required".into()),
                ..Default::default()
            },
            redirect_browser_to: Some("javascript:alert(1)".into()),
            ..Default::default()
        });
        assert_eq!(
            decide_settings(&KratosFailure::Api { status: 403, body }),
            Decision::Fail(UiError::BadGateway)
        );
    }
}
