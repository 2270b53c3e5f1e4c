//! Every path and query name the app answers to or links to, named once. A leaf: it imports
//! nothing of the app, so pages, server functions and the server all point down to it.

/// The account settings page, where everyone lands.
pub(crate) const SETTINGS: &str = "/settings";
/// Sign-in: first factor, second factor (`aal=aal2`) and re-authentication (`refresh=true`).
pub(crate) const LOGIN: &str = "/login";
/// Kratos's browser errors, explained (`?id=`).
pub(crate) const ERROR: &str = "/error";

/// Every page route; each has one canonical spelling, which other spellings redirect to.
pub(crate) const PAGES: [&str; 3] = [SETTINGS, LOGIN, ERROR];

/// Where server functions are mounted. `#[server(prefix = …)]` needs a literal, so each
/// declaration repeats it; a test checks that they agree.
pub(crate) const API_PREFIX: &str = "/api";
/// The logout server function, which a plain form posts to.
pub(crate) const LOGOUT_ACTION: &str = "/api/logout";

/// Query parameter names.
pub(crate) mod query {
    pub(crate) const FLOW: &str = "flow";
    pub(crate) const RETURN_TO: &str = "return_to";
    pub(crate) const NOTICE: &str = "notice";
    pub(crate) const AAL: &str = "aal";
    pub(crate) const REFRESH: &str = "refresh";
    pub(crate) const ID: &str = "id";
}

/// Values of [`query::NOTICE`].
pub(crate) mod notice {
    /// The settings flow had expired and this is a fresh one.
    pub(crate) const FLOW_EXPIRED: &str = "flow_expired";
}
