//! The one error type the UI shows. Kratos failures are mapped onto it in `kratos::decision`.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};
use thiserror::Error;

#[derive(Clone, Debug, Error, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum UiError {
    /// Not a failure: the server already answered with a redirect to this URL.
    #[error("Redirecting to {0}")]
    Redirected(String),
    #[error("The return address is not allowed")]
    ReturnToForbidden,
    /// Kratos has this flow (sign-up, recovery, verification) switched off.
    #[error("This is not offered here")]
    FlowDisabled,
    /// A form post to one of our own endpoints without this browser's token (`own_csrf`).
    #[error("The form could not be verified")]
    FormNotVerified,
    #[error("The identity service is unreachable")]
    Unreachable,
    #[error("The identity service did not answer in time")]
    Timeout,
    #[error("The identity service gave an unexpected answer")]
    BadGateway,
    #[error("Something went wrong on our side: {0}")]
    Internal(String),
}

impl UiError {
    /// The HTTP status of the page that shows this error.
    pub(crate) fn status(&self) -> u16 {
        match self {
            UiError::Redirected(_) => 303,
            UiError::ReturnToForbidden => 400,
            UiError::FormNotVerified => 403,
            UiError::FlowDisabled => 404,
            UiError::Unreachable | UiError::BadGateway => 502,
            UiError::Timeout => 504,
            UiError::Internal(_) => 500,
        }
    }

    /// The catalog's name for this error: its title is `<key>-title`, its explanation
    /// `<key>-text` (`locales/*/ui.ftl`).
    pub(crate) fn catalog_key(&self) -> &'static str {
        match self {
            UiError::Redirected(_) => "error-redirected",
            UiError::ReturnToForbidden => "error-return-to",
            UiError::FormNotVerified => "error-form-not-verified",
            UiError::FlowDisabled => "error-flow-disabled",
            UiError::Unreachable => "error-unreachable",
            UiError::Timeout => "error-timeout",
            UiError::BadGateway => "error-bad-gateway",
            UiError::Internal(_) => "error-internal",
        }
    }

    /// Whether trying the same page again can help.
    pub(crate) fn retryable(&self) -> bool {
        matches!(
            self,
            UiError::Unreachable | UiError::Timeout | UiError::BadGateway | UiError::Internal(_)
        )
    }
}

impl FromServerFnError for UiError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        UiError::Internal(value.to_string())
    }
}
