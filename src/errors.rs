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

    pub(crate) fn title(&self) -> &'static str {
        match self {
            UiError::Redirected(_) => "Redirecting…",
            UiError::ReturnToForbidden => "This return address is not allowed",
            UiError::FormNotVerified => "This form could not be verified",
            UiError::FlowDisabled => "This is not offered here",
            UiError::Unreachable => "The identity service is unreachable",
            UiError::Timeout => "The identity service is taking too long",
            UiError::BadGateway => "The identity service gave an unexpected answer",
            UiError::Internal(_) => "Something went wrong",
        }
    }

    pub(crate) fn explanation(&self) -> &'static str {
        match self {
            UiError::Redirected(_) => "You are being sent on.",
            UiError::ReturnToForbidden => {
                "The link you followed asks to send you to an address afterwards that this \
                 site does not allow. Open your account settings without it, or ask whoever \
                 gave you the link for a correct one."
            }
            UiError::FlowDisabled => {
                "This site has switched this part of account management off. If you have an \
                 account, sign in and open your account settings; otherwise ask whoever runs \
                 this site."
            }
            UiError::FormNotVerified => {
                "The form was not sent from a page of your account, or your browser has not \
                 kept this site's cookies, so nothing was changed. Open the page again and \
                 try once more."
            }
            UiError::Unreachable => {
                "We could not reach the service that keeps your account. Nothing was changed. \
                 Please try again in a moment."
            }
            UiError::Timeout => {
                "The service that keeps your account did not answer in time. Nothing was \
                 changed on this page. Please try again in a moment."
            }
            UiError::BadGateway => {
                "The service that keeps your account answered in a way we did not \
                 understand. Please try again in a moment."
            }
            UiError::Internal(_) => "Please try again in a moment.",
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
