//! Flow and identity shapes (`selfservice/flow/{settings,login,registration,recovery,verification}/flow.go`,
//! `identity/identity.go`). Only what the UI reads is typed; the rest is tolerated.

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
    #[serde(default, deserialize_with = "null_as_empty")]
    pub verifiable_addresses: Vec<VerifiableAddress>,
}

/// An address Kratos can verify (`identity.VerifiableAddress`): `status` is `pending` until a
/// code or link was sent, then `sent`, and `completed` once verified.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VerifiableAddress {
    pub value: String,
    #[serde(default)]
    pub verified: bool,
    #[serde(default)]
    pub via: String,
    #[serde(default)]
    pub status: String,
}

/// The self-service flows the UI creates on the server or fetches by id, and the Kratos paths of
/// each (`GET /self-service/{kind}/browser` and `/self-service/{kind}/flows?id=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlowKind {
    Settings,
    Registration,
    Recovery,
    Verification,
}

impl FlowKind {
    pub fn browser_endpoint(self) -> &'static str {
        match self {
            FlowKind::Settings => "self-service/settings/browser",
            FlowKind::Registration => "self-service/registration/browser",
            FlowKind::Recovery => "self-service/recovery/browser",
            FlowKind::Verification => "self-service/verification/browser",
        }
    }

    pub fn flows_endpoint(self) -> &'static str {
        match self {
            FlowKind::Settings => "self-service/settings/flows",
            FlowKind::Registration => "self-service/registration/flows",
            FlowKind::Recovery => "self-service/recovery/flows",
            FlowKind::Verification => "self-service/verification/flows",
        }
    }
}

/// Every flow the UI renders has a UI container, which is checked before it is rendered.
pub trait HasUi {
    fn ui_mut(&mut self) -> &mut UiContainer;
}

/// A registration, recovery or verification flow: what the UI reads of them is the same. `state`
/// is `choose_method`, `sent_email` or `passed_challenge` (registration: `choose_method` only).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SelfServiceFlow {
    pub id: String,
    #[serde(rename = "type", default)]
    pub flow_type: String,
    #[serde(default)]
    pub expires_at: String,
    #[serde(default)]
    pub return_to: Option<String>,
    pub ui: UiContainer,
    #[serde(default)]
    pub state: Option<Value>,
}

impl SelfServiceFlow {
    pub fn state_is(&self, state: &str) -> bool {
        self.state.as_ref().and_then(Value::as_str) == Some(state)
    }
}

impl HasUi for SelfServiceFlow {
    fn ui_mut(&mut self) -> &mut UiContainer {
        &mut self.ui
    }
}

impl HasUi for SettingsFlow {
    fn ui_mut(&mut self) -> &mut UiContainer {
        &mut self.ui
    }
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

/// A list Kratos may send as `null`, read as empty.
pub(super) fn null_as_empty<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}
