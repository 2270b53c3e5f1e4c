//! The checks every value from a request or from Kratos passes before it becomes a link, a
//! redirect or part of a Kratos URL. Used by the decision table, the server functions and the
//! renderers alike.

/// Whether `url` is an absolute http(s) URL: the only kind the UI links, loads or redirects to.
pub(crate) fn is_http_url(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// Longer `return_to` values are refused rather than carried, percent-encoded again at every hop
/// (settings → Kratos → sign-in → settings), into a `Location` of a hundred kilobytes.
pub(crate) const MAX_RETURN_TO_BYTES: usize = 4096;

/// A `return_to` refused before it reaches Kratos.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct RefusedReturnTo;

/// A `return_to` from the visitor's query: `Ok(None)` when absent or empty, refused when it is too
/// long or holds control characters (no address a person follows has them). Whether Kratos
/// allows the address is Kratos's decision (`selfservice.allowed_return_urls`).
pub(crate) fn checked_return_to(raw: Option<String>) -> Result<Option<String>, RefusedReturnTo> {
    match raw {
        None => Ok(None),
        Some(r) if r.is_empty() => Ok(None),
        Some(r) if r.len() > MAX_RETURN_TO_BYTES || r.chars().any(char::is_control) => {
            Err(RefusedReturnTo)
        }
        Some(r) => Ok(Some(r)),
    }
}

/// The id of a Kratos flow or stored error, checked once where it enters the app (a query
/// parameter, or `use_flow_id` in a Kratos answer): a malformed id never reaches a Kratos URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlowId(String);

impl FlowId {
    /// `s` if it is a UUID in canonical textual form, what Kratos's ids are.
    pub fn parse(s: &str) -> Option<FlowId> {
        is_uuid(s).then(|| FlowId(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The id of one of the identity's sessions, from a sign-out form: checked like [`FlowId`], so a
/// malformed id never reaches `DELETE /sessions/{id}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionId(String);

impl SessionId {
    pub fn parse(s: &str) -> Option<SessionId> {
        is_uuid(s).then(|| SessionId(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flow_ids_are_only_canonical_uuids() {
        let id = FlowId::parse("f0000000-0000-4000-8000-000000000001").unwrap();
        assert_eq!(id.as_str(), "f0000000-0000-4000-8000-000000000001");
        assert!(FlowId::parse("F0000000-0000-4000-8000-00000000000A").is_some());
        for bad in [
            "",
            "x",
            "f0000000000040008000000000000001",
            "f0000000-0000-4000-8000-00000000000",
            "f0000000-0000-4000-8000-0000000000011",
            "f0000000-0000-4000-8000_000000000001",
            "../../admin/identities",
            "g0000000-0000-4000-8000-000000000001",
        ] {
            assert_eq!(FlowId::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn return_to_is_refused_when_too_long_or_with_control_characters() {
        assert_eq!(checked_return_to(None), Ok(None));
        assert_eq!(checked_return_to(Some(String::new())), Ok(None));
        let fine = format!(
            "https://app.example/{}",
            "a".repeat(MAX_RETURN_TO_BYTES - 20)
        );
        assert_eq!(checked_return_to(Some(fine.clone())), Ok(Some(fine)));
        let long = format!("https://app.example/{}", "a".repeat(MAX_RETURN_TO_BYTES));
        assert_eq!(checked_return_to(Some(long)), Err(RefusedReturnTo));
        for bad in [
            "https://a/\r\nSet-Cookie: x=1",
            "https://a/\u{0}",
            "https://a/\u{7f}",
            "https://a/\u{85}",
        ] {
            assert_eq!(
                checked_return_to(Some(bad.into())),
                Err(RefusedReturnTo),
                "{bad:?}"
            );
        }
        let unicode = "https://app.example/straße?q=ü".to_string();
        assert_eq!(checked_return_to(Some(unicode.clone())), Ok(Some(unicode)));
    }

    #[test]
    fn only_http_urls_pass() {
        for good in [
            "https://a.example/x",
            "HTTP://a.example",
            "http://localhost:4433/",
        ] {
            assert!(is_http_url(good), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            "data:text/html,x",
            "//evil.example",
            "/settings",
            "",
        ] {
            assert!(!is_http_url(bad), "{bad}");
        }
    }
}
