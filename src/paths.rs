//! Every path and query name the app answers to or links to, named once. A leaf: it imports
//! nothing of the app, so pages, server functions and the server all point down to it.

/// The account settings page, where everyone lands.
pub(crate) const SETTINGS: &str = "/settings";
/// Sign-in: first factor, second factor (`aal=aal2`) and re-authentication (`refresh=true`).
pub(crate) const LOGIN: &str = "/login";
/// Kratos's browser errors, explained (`?id=`).
pub(crate) const ERROR: &str = "/error";
/// Where the account is signed in, with sign-out of other devices.
pub(crate) const SESSIONS: &str = "/sessions";
/// Sign-up.
pub(crate) const REGISTRATION: &str = "/registration";
/// Account recovery (a forgotten password).
pub(crate) const RECOVERY: &str = "/recovery";
/// Verification of an email address.
pub(crate) const VERIFICATION: &str = "/verification";

/// Every page route; each has one canonical spelling, which other spellings redirect to.
pub(crate) const PAGES: [&str; 7] = [
    SETTINGS,
    LOGIN,
    ERROR,
    SESSIONS,
    REGISTRATION,
    RECOVERY,
    VERIFICATION,
];

/// Where server functions are mounted. `#[server(prefix = …)]` needs a literal, so each
/// declaration repeats it; a test checks that they agree.
pub(crate) const API_PREFIX: &str = "/api";
/// Whether `path` (without the base path) is a server function's.
pub(crate) fn is_api(path: &str) -> bool {
    path.strip_prefix(API_PREFIX)
        .is_some_and(|rest| rest.starts_with('/'))
}

/// The logout server function, which a plain form posts to.
pub(crate) const LOGOUT_ACTION: &str = "/api/logout";
/// Signs out one other device (a form post from the sessions page).
pub(crate) const REVOKE_SESSION_ACTION: &str = "/api/revoke_session";
/// Signs out every other device (from the sessions page, and the settings page after a change).
pub(crate) const REVOKE_OTHER_SESSIONS_ACTION: &str = "/api/revoke_other_sessions";

/// The prefix the app is served under (`BASE_PATH`, empty by default), which every path above
/// gets in what the browser sees. Provided by the server for each page.
#[derive(Clone, Debug, Default)]
pub struct BasePath(pub String);

impl BasePath {
    /// `path` (one of the constants above, or one with a query) as the browser must ask for it.
    pub fn at(&self, path: &str) -> String {
        format!("{}{path}", self.0)
    }
}

/// Query parameter names.
pub(crate) mod query {
    pub(crate) const FLOW: &str = "flow";
    pub(crate) const RETURN_TO: &str = "return_to";
    pub(crate) const NOTICE: &str = "notice";
    pub(crate) const AAL: &str = "aal";
    pub(crate) const REFRESH: &str = "refresh";
    pub(crate) const ID: &str = "id";
    /// Kratos's opaque token for a page of the sessions list.
    pub(crate) const PAGE_TOKEN: &str = "page_token";
    /// How many sessions a sign-out ended, shown with [`super::notice::OTHERS_REVOKED`].
    pub(crate) const COUNT: &str = "count";
    /// An address to verify, filled into the verification form.
    pub(crate) const EMAIL: &str = "email";
}

/// Values of [`query::NOTICE`].
pub(crate) mod notice {
    /// The settings flow had expired and this is a fresh one.
    pub(crate) const FLOW_EXPIRED: &str = "flow_expired";
    /// One other device was signed out.
    pub(crate) const SESSION_REVOKED: &str = "session_revoked";
    /// Every other device was signed out ([`super::query::COUNT`] says how many).
    pub(crate) const OTHERS_REVOKED: &str = "others_revoked";
    /// The device to sign out was not among this account's sessions: nothing was done.
    pub(crate) const SESSION_NOT_FOUND: &str = "session_not_found";
}
