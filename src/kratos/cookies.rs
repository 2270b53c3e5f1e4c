//! Which of the browser's cookies are Kratos's, and which `Set-Cookie`s Kratos may have relayed.
//!
//! The visitor's browser sends kratos-ui every cookie of the shared site (the README requires one),
//! including those of sibling apps. Only Kratos's own go on to Kratos, and only Kratos's own come
//! back, a bounded number of them: a misconfigured or hostile Kratos cannot plant other cookies on
//! the site through us, and another app's cookie never reaches a Kratos log.
//!
//! Kratos's names: the session cookie (`session.cookie.name`, default `ory_kratos_session`,
//! `driver/config/config.go`), the continuity cookie `ory_kratos_continuity`
//! (`continuity/manager_cookie.go`), and the CSRF cookie `csrf_token_` followed by a hash of
//! Kratos's public URL (`x/nosurf.go`, `CSRFCookieName`).

use http::HeaderValue;

/// The `name=value` pairs of a `Cookie` header, names trimmed, in the browser's order: the one
/// reading of the header for Kratos's cookies and for the UI's own (CSRF token, language).
pub(crate) fn cookie_pairs(cookie_header: &str) -> impl Iterator<Item = (&str, &str)> {
    cookie_header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
}

/// Kratos's default session cookie name.
pub const DEFAULT_SESSION_COOKIE: &str = "ory_kratos_session";
const CONTINUITY_COOKIE: &str = "ory_kratos_continuity";
const CSRF_COOKIE_PREFIX: &str = "csrf_token_";
/// Kratos sets at most a session, a continuity and a CSRF cookie in one answer (each possibly
/// also cleared under an older name); more is not Kratos.
pub(crate) const MAX_RELAYED_COOKIES: usize = 8;

#[derive(Clone, Debug, PartialEq)]
pub struct KratosCookies {
    session: String,
}

impl Default for KratosCookies {
    fn default() -> Self {
        KratosCookies {
            session: DEFAULT_SESSION_COOKIE.to_string(),
        }
    }
}

impl KratosCookies {
    /// With the session cookie named as in Kratos's `session.cookie.name`; `None` if `name` is not
    /// a cookie name (RFC 6265 token).
    pub fn with_session_cookie(name: &str) -> Option<Self> {
        is_cookie_name(name).then(|| KratosCookies {
            session: name.to_string(),
        })
    }

    pub fn session_cookie(&self) -> &str {
        &self.session
    }

    fn is_kratos(&self, name: &str) -> bool {
        name == self.session
            || name == CONTINUITY_COOKIE
            || (name.len() > CSRF_COOKIE_PREFIX.len() && name.starts_with(CSRF_COOKIE_PREFIX))
    }

    /// The browser's `Cookie` header reduced to Kratos's pairs, in the browser's order; `None` if
    /// none is left.
    pub(crate) fn outgoing(&self, cookie_header: &str) -> Option<String> {
        let kept: Vec<&str> = cookie_header
            .split(';')
            .map(str::trim)
            .filter(|pair| cookie_pairs(pair).any(|(name, _)| self.is_kratos(name)))
            .collect();
        (!kept.is_empty()).then(|| kept.join("; "))
    }

    /// The `Set-Cookie` values that set one of Kratos's cookies, at most [`MAX_RELAYED_COOKIES`].
    pub(crate) fn incoming<'a>(
        &self,
        set_cookies: impl IntoIterator<Item = &'a HeaderValue>,
    ) -> Vec<HeaderValue> {
        set_cookies
            .into_iter()
            .filter(|value| {
                value
                    .to_str()
                    .ok()
                    .and_then(|v| v.split(';').next())
                    .and_then(|pair| pair.split_once('='))
                    .is_some_and(|(name, _)| self.is_kratos(name.trim()))
            })
            .take(MAX_RELAYED_COOKIES)
            .cloned()
            .collect()
    }
}

/// RFC 6265's cookie-name: an HTTP token (visible ASCII except separators).
fn is_cookie_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?={}".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_kratos_pairs_go_out_in_the_browsers_order() {
        let cookies = KratosCookies::default();
        assert_eq!(
            cookies
                .outgoing("other=1; ory_kratos_session=MTY2; csrf_token_ab=x%3D; ory_kratos_continuity=c; theme=dark")
                .as_deref(),
            Some("ory_kratos_session=MTY2; csrf_token_ab=x%3D; ory_kratos_continuity=c")
        );
        assert_eq!(
            cookies.outgoing("other=1; csrf_token_=bare; ory_kratos_session_x=1"),
            None
        );
        assert_eq!(cookies.outgoing(""), None);
        assert_eq!(
            cookies.outgoing("ory_kratos_session"),
            None,
            "a pair needs a value"
        );
    }

    #[test]
    fn a_configured_session_name_replaces_the_default() {
        let cookies = KratosCookies::with_session_cookie("ory_session_acme").unwrap();
        assert_eq!(
            cookies
                .outgoing("ory_kratos_session=a; ory_session_acme=b")
                .as_deref(),
            Some("ory_session_acme=b")
        );
        assert!(KratosCookies::with_session_cookie("").is_none());
        assert!(KratosCookies::with_session_cookie("a b").is_none());
        assert!(KratosCookies::with_session_cookie("a;b").is_none());
    }

    #[test]
    fn only_kratos_set_cookies_come_back_and_at_most_eight() {
        let cookies = KratosCookies::default();
        let values: Vec<HeaderValue> = [
            "ory_kratos_session=s; Path=/; HttpOnly",
            "tracker=1; Domain=site.test",
            "csrf_token_ab=t; Path=/",
            "no-equals-sign",
            "ory_kratos_continuity=; Max-Age=0",
        ]
        .iter()
        .map(|v| HeaderValue::from_static(v))
        .collect();
        let kept: Vec<_> = cookies
            .incoming(&values)
            .into_iter()
            .map(|v| v.to_str().unwrap().to_string())
            .collect();
        assert_eq!(
            kept,
            [
                "ory_kratos_session=s; Path=/; HttpOnly",
                "csrf_token_ab=t; Path=/",
                "ory_kratos_continuity=; Max-Age=0"
            ]
        );
        let flood: Vec<HeaderValue> = (0..20)
            .map(|i| HeaderValue::from_str(&format!("csrf_token_{i}=x")).unwrap())
            .collect();
        assert_eq!(cookies.incoming(&flood).len(), MAX_RELAYED_COOKIES);
    }
}
