//! Session shapes (`session/session.go`, `session/handler.go`): the current session from
//! `/sessions/whoami`, the identity's other sessions from `GET /sessions`, and what signing them
//! out answers. Only what the UI reads is typed; the rest is tolerated.

use super::flow::{null_as_empty, Identity};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuthenticationMethod {
    #[serde(default)]
    pub method: String,
    #[serde(default)]
    pub aal: Option<String>,
    #[serde(default)]
    pub completed_at: Option<String>,
}

/// Where and with what a session signed in (`session.Device`): Kratos records the address and
/// `User-Agent` of the request that created the session.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Device {
    #[serde(default)]
    pub ip_address: Option<String>,
    #[serde(default)]
    pub user_agent: Option<String>,
    #[serde(default)]
    pub location: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub id: String,
    #[serde(default)]
    pub active: Option<bool>,
    #[serde(default)]
    pub authenticator_assurance_level: Option<String>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub authentication_methods: Vec<AuthenticationMethod>,
    pub identity: Option<Identity>,
    #[serde(default)]
    pub authenticated_at: Option<String>,
    #[serde(default)]
    pub issued_at: Option<String>,
    #[serde(default)]
    pub expires_at: Option<String>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub devices: Vec<Device>,
}

/// One page of the identity's other active sessions (`GET /sessions`, which leaves out the current
/// one), with Kratos's tokens for the pages beside it (its `Link` header) and how many there are in
/// all (`X-Total-Count`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SessionPage {
    pub sessions: Vec<Session>,
    pub next: Option<PageToken>,
    pub prev: Option<PageToken>,
    pub total: Option<u64>,
}

impl SessionPage {
    /// A page from `GET /sessions`: its sessions, `Link` header and `X-Total-Count`.
    ///
    /// With no sessions at all, Kratos v1.3.1 still links a "next" and a "prev" page (offsets 20
    /// and -20: ory/x `pagination.HeaderWithFormatter`), which lead nowhere; they are dropped.
    pub fn from_answer(sessions: Vec<Session>, link: Option<&str>, total: Option<u64>) -> Self {
        let (next, prev) = match total {
            Some(0) => (None, None),
            _ => link.map(page_links).unwrap_or_default(),
        };
        SessionPage {
            sessions,
            next,
            prev,
            total,
        }
    }
}

/// `DELETE /sessions`: how many rows Kratos marked inactive, which counts sessions that had
/// ended long before as well (`RevokeSessionsIdentityExcept` updates every other session of the
/// identity), so it is not what a person means by "signed out".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RevokedCount {
    pub count: u64,
}

/// Kratos's opaque token for a page of a list (`page_token`, base64url of a small JSON object),
/// checked where it enters the app: from the visitor's query or Kratos's `Link` header.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageToken(String);

impl PageToken {
    pub fn parse(s: &str) -> Option<PageToken> {
        let fine = !s.is_empty()
            && s.len() <= 256
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'=');
        fine.then(|| PageToken(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The `page_token`s of the `rel="next"` and `rel="prev"` links of a `Link` header, as Kratos
/// writes it (`<url>; rel="next",<url>; rel="prev"`). Malformed parts are skipped.
pub fn page_links(link: &str) -> (Option<PageToken>, Option<PageToken>) {
    let (mut next, mut prev) = (None, None);
    for part in link.split(',') {
        let Some((target, params)) = part.trim().split_once(';') else {
            continue;
        };
        let Some(target) = target
            .trim()
            .strip_prefix('<')
            .and_then(|t| t.strip_suffix('>'))
        else {
            continue;
        };
        let token = target
            .split_once('?')
            .map(|(_, query)| query)
            .into_iter()
            .flat_map(|query| query.split('&'))
            .find_map(|pair| pair.strip_prefix("page_token="))
            .and_then(PageToken::parse);
        let rel = params
            .split(';')
            .filter_map(|p| p.trim().strip_prefix("rel="))
            .map(|r| r.trim_matches('"'))
            .next();
        match rel {
            Some("next") => next = token,
            Some("prev") => prev = token,
            _ => {}
        }
    }
    (next, prev)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_and_previous_pages_are_read_from_kratos_link_header() {
        // As ory/x `migrationpagination` writes it for the second of three pages of 2.
        let link = "</sessions?page=0&page_size=2&page_token=eyJvZmZzZXQiOiIwIiwidiI6Mn0&per_page=2>; rel=\"first\",\
                    </sessions?page=2&page_size=2&page_token=eyJvZmZzZXQiOiI0IiwidiI6Mn0&per_page=2>; rel=\"next\",\
                    </sessions?page=0&page_size=2&page_token=eyJvZmZzZXQiOiIwIiwidiI6Mn0&per_page=2>; rel=\"prev\",\
                    </sessions?page=2&page_size=2&page_token=eyJvZmZzZXQiOiI0IiwidiI6Mn0&per_page=2>; rel=\"last\"";
        let (next, prev) = page_links(link);
        assert_eq!(next.unwrap().as_str(), "eyJvZmZzZXQiOiI0IiwidiI6Mn0");
        assert_eq!(prev.unwrap().as_str(), "eyJvZmZzZXQiOiIwIiwidiI6Mn0");
        assert_eq!(
            page_links("</sessions?page_token=a%22b>; rel=\"next\""),
            (None, None)
        );
        assert_eq!(page_links("garbage, <x>"), (None, None));
    }

    #[test]
    fn an_empty_list_has_no_other_pages_whatever_kratos_links() {
        // What Kratos v1.3.1 sends for an identity signed in nowhere else.
        let link = "</sessions?page_token=eyJvZmZzZXQiOiIwIiwidiI6Mn0>; rel=\"first\",\
                    </sessions?page_token=eyJvZmZzZXQiOiIyMCIsInYiOjJ9>; rel=\"next\",\
                    </sessions?page_token=eyJvZmZzZXQiOiItMjAiLCJ2IjoyfQ>; rel=\"prev\"";
        let page = SessionPage::from_answer(vec![], Some(link), Some(0));
        assert_eq!((page.next, page.prev), (None, None));
        let page = SessionPage::from_answer(vec![], Some(link), Some(41));
        assert!(page.next.is_some() && page.prev.is_some());
    }

    #[test]
    fn page_tokens_are_short_base64url() {
        assert!(PageToken::parse("eyJvZmZzZXQiOiI0IiwidiI6Mn0").is_some());
        for bad in ["", "a&b", "a b", "<script>", &"a".repeat(257)] {
            assert!(PageToken::parse(bad).is_none(), "{bad}");
        }
    }
}
