//! The UI's own CSRF token, for the endpoints that change something through Kratos without a
//! Kratos flow (signing out other devices): Kratos checks no CSRF token on `DELETE /sessions`,
//! so the UI must.
//!
//! A random token lives in a cookie of the UI's own (HttpOnly, `SameSite=Strict`, for the browser
//! session; `__Host-` prefixed on https so that no sibling subdomain can plant one) and is written
//! into each form that needs it; a post counts only when the two agree. Together with the
//! cross-site refusal in `guard` (Fetch Metadata, `Origin`), a page of another site can neither
//! read the token nor post with it. The cookie never goes to Kratos (`kratos::cookies` forwards
//! Kratos's own cookies only).

use base64::Engine as _;
use http::HeaderValue;

/// The cookie's name: `__Host-` needs `Secure`, which browsers keep only over https.
pub(crate) fn cookie_name(https: bool) -> &'static str {
    if https {
        "__Host-kratos_ui_csrf"
    } else {
        "kratos_ui_csrf"
    }
}

/// 32 random bytes, base64url without padding: 43 characters.
const TOKEN_LEN: usize = 43;

pub(crate) fn new_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the OS random source works");
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Whether `token` has the shape of one we issued (anything else is ignored, never echoed).
fn well_formed(token: &str) -> bool {
    token.len() == TOKEN_LEN
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The token in the browser's `Cookie` header, if it holds a well-formed one under `name`.
pub(crate) fn from_cookie_header<'a>(cookie: &'a str, name: &str) -> Option<&'a str> {
    crate::kratos::cookie_pairs(cookie)
        .find(|(k, v)| *k == name && well_formed(v))
        .map(|(_, v)| v)
}

pub(crate) fn set_cookie(name: &str, token: &str, https: bool) -> HeaderValue {
    let secure = if https { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={token}; Path=/; HttpOnly; SameSite=Strict{secure}"
    ))
    .expect("a base64url token is a valid header value")
}

/// Whether a posted token is the cookie's, compared in time independent of where they differ.
pub(crate) fn matches(cookie_token: Option<&str>, posted: &str) -> bool {
    let Some(expected) = cookie_token else {
        return false;
    };
    if !well_formed(posted) || posted.len() != expected.len() {
        return false;
    }
    expected
        .bytes()
        .zip(posted.bytes())
        .fold(0u8, |diff, (a, b)| diff | (a ^ b))
        == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_post_counts_only_with_the_cookie_token() {
        let token = new_token();
        assert_eq!(token.len(), TOKEN_LEN);
        assert_ne!(token, new_token());
        let name = cookie_name(false);
        let header = format!("ory_kratos_session=s; {name}={token}; other=1");
        let from_cookie = from_cookie_header(&header, name);
        assert_eq!(from_cookie, Some(token.as_str()));
        assert!(matches(from_cookie, &token));
        assert!(!matches(from_cookie, &new_token()));
        assert!(!matches(from_cookie, ""));
        assert!(!matches(None, &token));
        // A planted cookie that is not a token of ours is no token at all.
        assert_eq!(from_cookie_header(&format!("{name}=x"), name), None);
        // The `__Host-` cookie is another cookie.
        assert_eq!(from_cookie_header(&header, cookie_name(true)), None);
    }

    #[test]
    fn the_cookie_is_strict_http_only_and_host_bound_on_https() {
        let v = set_cookie(cookie_name(true), "t", true);
        assert_eq!(
            v.to_str().unwrap(),
            "__Host-kratos_ui_csrf=t; Path=/; HttpOnly; SameSite=Strict; Secure"
        );
    }
}
