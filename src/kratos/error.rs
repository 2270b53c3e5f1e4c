//! Kratos's error bodies (ory/herodot's `DefaultError`, extended by Kratos's
//! `selfservice/flow/error.go` with top-level keys such as `redirect_browser_to` and `use_flow_id`),
//! and the stored browser-mode error of `GET /self-service/errors`.

use super::error_id::KratosErrorId;
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ErrorObject {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub code: Option<u16>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub details: Option<Value>,
}

impl ErrorObject {
    /// `id`, when Kratos sent a non-empty one.
    pub fn error_id(&self) -> Option<KratosErrorId> {
        self.id
            .as_deref()
            .filter(|id| !id.is_empty())
            .map(KratosErrorId::parse)
    }

    pub fn detail_str(&self, key: &str) -> Option<&str> {
        self.details.as_ref()?.get(key)?.as_str()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ErrorEnvelope {
    pub error: ErrorObject,
    #[serde(default)]
    pub redirect_browser_to: Option<String>,
    #[serde(default)]
    pub use_flow_id: Option<String>,
    #[serde(default)]
    pub expired_at: Option<String>,
}

impl ErrorEnvelope {
    pub fn id(&self) -> Option<KratosErrorId> {
        self.error.error_id()
    }

    /// `redirect_browser_to`, top level first, then inside `error.details` (AAL errors carry both).
    pub fn redirect_browser_to(&self) -> Option<&str> {
        self.redirect_browser_to
            .as_deref()
            .or_else(|| self.error.detail_str("redirect_browser_to"))
    }
}

/// A browser-mode error Kratos stored and sent the browser to the error UI with (`?id=`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FlowError {
    pub id: String,
    pub error: ErrorObject,
}
