//! Flow and identity shapes (`selfservice/flow/settings/flow.go`, `login/flow.go`). Only what
//! the UI reads is typed; the rest is tolerated.

use super::node::{UiNode, UiText};
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UiContainer {
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub method: String,
    /// Stored flows can carry `null` here (Kratos's own migration tests show it).
    #[serde(default, deserialize_with = "null_as_empty")]
    pub nodes: Vec<UiNode>,
    #[serde(default)]
    pub messages: Vec<UiText>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Identity {
    pub id: String,
    #[serde(default)]
    pub traits: Value,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SettingsFlow {
    pub id: String,
    #[serde(rename = "type", default)]
    pub flow_type: String,
    #[serde(default)]
    pub expires_at: String,
    #[serde(default)]
    pub return_to: Option<String>,
    pub ui: UiContainer,
    pub identity: Identity,
    #[serde(default)]
    pub state: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LoginFlow {
    #[serde(default)]
    pub id: String,
    #[serde(rename = "type", default)]
    pub flow_type: String,
    #[serde(default)]
    pub expires_at: String,
    #[serde(default)]
    pub return_to: Option<String>,
    pub ui: UiContainer,
    #[serde(default)]
    pub refresh: bool,
    #[serde(default)]
    pub requested_aal: Option<String>,
    #[serde(default)]
    pub state: Option<Value>,
}

/// `GET /self-service/logout/browser`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LogoutUrl {
    pub logout_url: String,
    #[serde(default)]
    pub logout_token: String,
}

fn null_as_empty<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}
