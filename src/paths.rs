//! Every path and query name the app answers to or links to, named once. A leaf: it imports
//! nothing of the app, so pages, server functions and the server all point down to it.

/// The account settings page, where everyone lands.
pub const SETTINGS: &str = "/settings";
/// Sign-in: first factor, second factor (`aal=aal2`) and re-authentication (`refresh=true`).
pub const LOGIN: &str = "/login";
/// Kratos's browser errors, explained (`?id=`).
pub const ERROR: &str = "/error";

/// Where server functions are mounted. `#[server(prefix = …)]` needs a literal, so each
/// declaration repeats it; a test checks that they agree.
pub const API_PREFIX: &str = "/api";
/// The logout server function, which a plain form posts to.
pub const LOGOUT_ACTION: &str = "/api/logout";

/// Query parameter names.
pub mod query {
    pub const FLOW: &str = "flow";
    pub const RETURN_TO: &str = "return_to";
    pub const NOTICE: &str = "notice";
    pub const AAL: &str = "aal";
    pub const REFRESH: &str = "refresh";
    pub const ID: &str = "id";
}

/// Values of [`query::NOTICE`].
pub mod notice {
    /// The settings flow had expired and this is a fresh one.
    pub const FLOW_EXPIRED: &str = "flow_expired";
}
