//! Kratos's data shapes (shared by server and browser) and, on the server, the HTTP client.
//!
//! The types are ours rather than the generated Ory SDK's: that SDK cannot deserialize UI nodes.

pub(crate) mod decision;
mod error;
pub(crate) mod error_id;
pub(crate) mod flow;
pub(crate) mod node;
pub(crate) mod session;
pub(crate) mod validate;
pub(crate) mod webauthn;

#[cfg(feature = "ssr")]
pub(crate) mod client;
#[cfg(feature = "ssr")]
mod cookies;
#[cfg(feature = "ssr")]
pub(crate) mod trust;

#[cfg(feature = "ssr")]
pub(crate) use cookies::cookie_pairs;
#[cfg(feature = "ssr")]
pub use cookies::{KratosCookies, DEFAULT_SESSION_COOKIE};
pub use error::{ErrorEnvelope, ErrorObject, FlowError};
pub use error_id::KratosErrorId;
pub use flow::{
    FlowKind, HasUi, Identity, LoginFlow, SelfServiceFlow, SettingsFlow, UiContainer,
    VerifiableAddress,
};
pub use node::{NodeAttributes, UiNode, UiText};
pub use session::{Device, PageToken, RevokedCount, Session, SessionPage};

/// What this Kratos offers besides sign-in and settings (`selfservice.flows.registration` and
/// `.recovery` `enabled`; social sign-in when identity providers are configured), so that pages
/// link to what exists and explain what Kratos leaves out. Provided by the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OfferedFlows {
    pub registration: bool,
    pub recovery: bool,
    pub social_sign_in: bool,
}

/// The issuer authenticator apps show for this Kratos's TOTP codes, as Kratos writes it into the
/// QR code (`selfservice.methods.totp.config.issuer`). Provided by the server for each page.
#[derive(Clone, Debug)]
pub struct TotpIssuer(pub String);
