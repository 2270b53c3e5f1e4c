//! The one HTTP client for Kratos's public API (server only).
//!
//! JSON mode always (`Accept: application/json`, which Kratos's `x/isjsonrequest.go` reads as an API-style
//! browser request: errors as JSON instead of redirects), redirects never followed, the
//! only Kratos's own cookies forwarded, and only to Kratos, Kratos's own `Set-Cookie`s collected for relaying,
//! bodies size-capped and the whole call bounded by the configured timeout.

use super::cookies::KratosCookies;
use super::decision::KratosFailure;
use super::validate::{FlowId, SessionId};
use super::{
    ErrorEnvelope, FlowError, FlowKind, LoginFlow, PageToken, RevokedCount, Session, SessionPage,
};
use crate::kratos::flow::LogoutUrl;
use http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use serde::de::DeserializeOwned;
use std::time::Duration;
use url::Url;

/// Larger answers are not Kratos flows; refuse them instead of buffering them.
pub(crate) const MAX_BODY_BYTES: usize = 1024 * 1024;

/// What a Kratos call produced, with the cookies Kratos set (to relay whatever the outcome).
#[derive(Debug)]
pub struct KratosReply<T> {
    pub result: Result<T, KratosFailure>,
    pub set_cookies: Vec<HeaderValue>,
    /// Which endpoint was called (its path, never the query: flow ids stay out of logs) and how
    /// long the call took.
    pub endpoint: &'static str,
    pub elapsed: Duration,
}

impl<T> KratosReply<T> {
    /// The call's outcome in a few words for the request log: `ok`, the status and Kratos's error
    /// id, `timeout`, `unreachable` or `bad answer`. Nothing Kratos sent verbatim but its error id.
    pub fn outcome(&self) -> String {
        match &self.result {
            Ok(_) => "ok".into(),
            Err(KratosFailure::Api { status, body }) => match &body.error.id {
                Some(id) if is_error_id(id) => format!("{status} {id}"),
                _ => status.to_string(),
            },
            Err(KratosFailure::Timeout) => "timeout".into(),
            Err(KratosFailure::Unreachable) => "unreachable".into(),
            Err(KratosFailure::BadAnswer { status }) => format!("bad answer {status}"),
        }
    }
}

impl<T> KratosReply<T> {
    /// The call's outcome as the metrics count it: `ok`, `4xx` with Kratos's error id, `timeout`,
    /// `refused` (no connection) or `bad_answer` (a 5xx, or not the JSON expected).
    pub fn outcome_kind(&self) -> (&'static str, Option<String>) {
        match &self.result {
            Ok(_) => ("ok", None),
            Err(KratosFailure::Api { body, .. }) => {
                ("4xx", body.error.id.clone().filter(|id| is_error_id(id)))
            }
            Err(KratosFailure::Timeout) => ("timeout", None),
            Err(KratosFailure::Unreachable) => ("refused", None),
            Err(KratosFailure::BadAnswer { .. }) => ("bad_answer", None),
        }
    }
}

/// Kratos's error ids are short snake_case words; anything else is not logged.
fn is_error_id(id: &str) -> bool {
    id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b == b'_' || b.is_ascii_digit())
}

#[derive(Clone, Debug)]
pub struct KratosClient {
    http: reqwest::Client,
    public_url: Url,
    cookies: KratosCookies,
}

impl KratosClient {
    pub fn new(
        public_url: Url,
        timeout: Duration,
        cookies: KratosCookies,
    ) -> Result<Self, reqwest::Error> {
        let http = reqwest::Client::builder()
            // The visitor's session cookie goes to Kratos and nowhere else: reqwest would
            // otherwise send it through whatever `HTTP_PROXY` / `ALL_PROXY` the environment names.
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(timeout)
            .connect_timeout(timeout)
            .pool_idle_timeout(Duration::from_secs(60))
            .user_agent(concat!("kratos-ui/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(KratosClient {
            http,
            public_url,
            cookies,
        })
    }

    /// `GET /self-service/{kind}/browser` in JSON mode: a new flow of `kind`, with the visitor's
    /// `return_to` passed on for Kratos to check.
    pub async fn create_flow<T: DeserializeOwned>(
        &self,
        kind: FlowKind,
        cookie: Option<&str>,
        return_to: Option<&str>,
    ) -> KratosReply<T> {
        let query: Vec<(&str, &str)> = return_to.map(|r| ("return_to", r)).into_iter().collect();
        self.get(kind.browser_endpoint(), &query, cookie).await
    }

    /// `GET /self-service/{kind}/flows?id=`.
    pub async fn get_flow<T: DeserializeOwned>(
        &self,
        kind: FlowKind,
        cookie: Option<&str>,
        id: &FlowId,
    ) -> KratosReply<T> {
        self.get(kind.flows_endpoint(), &[("id", id.as_str())], cookie)
            .await
    }

    /// `GET /self-service/login/flows?id=` (Kratos checks the CSRF cookie against the flow here).
    pub async fn get_login_flow(
        &self,
        cookie: Option<&str>,
        id: &FlowId,
    ) -> KratosReply<LoginFlow> {
        self.get("self-service/login/flows", &[("id", id.as_str())], cookie)
            .await
    }

    /// `GET /self-service/errors?id=`.
    pub async fn get_flow_error(&self, id: &FlowId) -> KratosReply<FlowError> {
        self.get("self-service/errors", &[("id", id.as_str())], None)
            .await
    }

    /// `GET /self-service/logout/browser`: the URL that ends this browser's session.
    pub async fn create_logout_url(&self, cookie: Option<&str>) -> KratosReply<LogoutUrl> {
        self.get("self-service/logout/browser", &[], cookie).await
    }

    /// `GET /sessions/whoami`: the browser's session (Kratos checks its assurance level here).
    pub async fn whoami(&self, cookie: Option<&str>) -> KratosReply<Session> {
        self.get("sessions/whoami", &[], cookie).await
    }

    /// `GET /sessions`: a page of the identity's other sessions, `page_size` at a time.
    pub async fn list_sessions(
        &self,
        cookie: Option<&str>,
        page_size: u16,
        page: Option<&PageToken>,
    ) -> KratosReply<SessionPage> {
        let size = page_size.to_string();
        let mut query = vec![("page_size", size.as_str())];
        if let Some(page) = page {
            query.push(("page_token", page.as_str()));
        }
        let url = self.endpoint("sessions", &query);
        self.send(
            Method::GET,
            "sessions",
            url,
            cookie,
            |status, headers, body| {
                let header = |name| headers.get(name).and_then(|v| v.to_str().ok());
                Ok(SessionPage::from_answer(
                    interpret(status, body)?,
                    header(header::LINK.as_str()),
                    header("x-total-count").and_then(|v| v.parse().ok()),
                ))
            },
        )
        .await
    }

    /// `DELETE /sessions/{id}`: signs out one of the identity's other sessions. Kratos answers
    /// 204 whether or not the id was one of them.
    pub async fn revoke_session(&self, cookie: Option<&str>, id: &SessionId) -> KratosReply<()> {
        let url = self.endpoint(&format!("sessions/{}", id.as_str()), &[]);
        // Logged by its route, never with the id.
        self.send(
            Method::DELETE,
            "sessions/{id}",
            url,
            cookie,
            |status, _, body| {
                if status == StatusCode::NO_CONTENT {
                    Ok(())
                } else {
                    interpret::<serde_json::Value>(status, body).and(Err(
                        KratosFailure::BadAnswer {
                            status: status.as_u16(),
                        },
                    ))
                }
            },
        )
        .await
    }

    /// `DELETE /sessions`: signs out every session of the identity but this one.
    pub async fn revoke_other_sessions(&self, cookie: Option<&str>) -> KratosReply<RevokedCount> {
        let url = self.endpoint("sessions", &[]);
        self.send(
            Method::DELETE,
            "sessions",
            url,
            cookie,
            |status, _, body| interpret(status, body),
        )
        .await
    }

    /// Whether Kratos's `/health/ready` answers 200.
    pub async fn is_ready(&self) -> bool {
        let Ok(url) = self.public_url.join("health/ready") else {
            return false;
        };
        matches!(self.http.get(url).send().await, Ok(r) if r.status().is_success())
    }

    pub fn endpoint(&self, path: &str, query: &[(&str, &str)]) -> Url {
        let mut url = self
            .public_url
            .join(path)
            .expect("static Kratos paths join");
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        url
    }

    async fn get<T: DeserializeOwned>(
        &self,
        path: &'static str,
        query: &[(&str, &str)],
        cookie: Option<&str>,
    ) -> KratosReply<T> {
        let url = self.endpoint(path, query);
        self.send(Method::GET, path, url, cookie, |status, _, body| {
            interpret(status, body)
        })
        .await
    }

    /// One call: `endpoint` names it in the log (a route, never an id), `read` turns the answer's
    /// status, headers and (size-capped) body into the value.
    async fn send<T>(
        &self,
        method: Method,
        endpoint: &'static str,
        url: Url,
        cookie: Option<&str>,
        read: impl FnOnce(StatusCode, &HeaderMap, &[u8]) -> Result<T, KratosFailure>,
    ) -> KratosReply<T> {
        let mut request = self
            .http
            .request(method, url)
            .header(header::ACCEPT, "application/json");
        if let Some(cookie) = cookie.and_then(|c| self.cookies.outgoing(c)) {
            request = request.header(header::COOKIE, cookie);
        }
        let started = std::time::Instant::now();
        let mut response = match request.send().await {
            Ok(r) => r,
            Err(e) => {
                return KratosReply {
                    result: Err(transport_failure(&e)),
                    set_cookies: Vec::new(),
                    endpoint,
                    elapsed: started.elapsed(),
                }
            }
        };
        let status = response.status();
        // Taken, not copied: the body is read without them.
        let headers = std::mem::take(response.headers_mut());
        let set_cookies = self.cookies.incoming(headers.get_all(header::SET_COOKIE));
        let result = match read_capped(response).await {
            Ok(body) => read(status, &headers, &body),
            Err(failure) => Err(failure),
        };
        KratosReply {
            result,
            set_cookies,
            endpoint,
            elapsed: started.elapsed(),
        }
    }
}

fn transport_failure(e: &reqwest::Error) -> KratosFailure {
    if e.is_timeout() {
        KratosFailure::Timeout
    } else {
        KratosFailure::Unreachable
    }
}

async fn read_capped(mut response: reqwest::Response) -> Result<Vec<u8>, KratosFailure> {
    let status = response.status().as_u16();
    if response
        .content_length()
        .is_some_and(|n| n > MAX_BODY_BYTES as u64)
    {
        return Err(KratosFailure::BadAnswer { status });
    }
    // Sized once from Content-Length (already checked against the cap) instead of regrown per chunk.
    let mut body = Vec::with_capacity(response.content_length().unwrap_or(0) as usize);
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if body.len() + chunk.len() > MAX_BODY_BYTES {
                    return Err(KratosFailure::BadAnswer { status });
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => return Ok(body),
            Err(e) if e.is_timeout() => return Err(KratosFailure::Timeout),
            Err(_) => return Err(KratosFailure::BadAnswer { status }),
        }
    }
}

/// Turns a Kratos answer into a value or a failure. Pure, so the rules are tested without a server.
pub(crate) fn interpret<T: DeserializeOwned>(
    status: StatusCode,
    body: &[u8],
) -> Result<T, KratosFailure> {
    let code = status.as_u16();
    // Checked as UTF-8 once here, so the JSON parser need not check each string again.
    let Ok(body) = std::str::from_utf8(body) else {
        return Err(KratosFailure::BadAnswer { status: code });
    };
    if status.is_success() {
        serde_json::from_str(body).map_err(|_| KratosFailure::BadAnswer { status: code })
    } else if status.is_client_error() {
        match serde_json::from_str::<ErrorEnvelope>(body) {
            Ok(envelope) => Err(KratosFailure::Api {
                status: code,
                body: Box::new(envelope),
            }),
            Err(_) => Err(KratosFailure::BadAnswer { status: code }),
        }
    } else {
        Err(KratosFailure::BadAnswer { status: code })
    }
}

#[cfg(test)]
mod tests {
    use super::{KratosClient, KratosCookies};
    use std::time::Duration;

    const CHILD: &str = "KRATOS_UI_PROXY_PROBE_CHILD";

    /// Proxy variables cannot be set for one test inside a shared process, so the test runs itself
    /// again as a child process with them set, and a listener stands in for the proxy.
    #[test]
    fn kratos_calls_never_go_through_a_proxy_named_by_the_environment() {
        if std::env::var_os(CHILD).is_some() {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            // A name that does not resolve: without a proxy the call fails at once; through one it
            // would reach the proxy with the cookie.
            let kratos = KratosClient::new(
                "http://kratos.invalid:4433/".parse().unwrap(),
                Duration::from_secs(2),
                KratosCookies::default(),
            )
            .unwrap();
            let reply =
                runtime.block_on(kratos.create_logout_url(Some("ory_kratos_session=secret")));
            assert!(reply.result.is_err());
            return;
        }
        let proxy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let proxy_url = format!("http://{}", proxy.local_addr().unwrap());
        proxy.set_nonblocking(true).unwrap();
        let status = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "kratos::client::tests::kratos_calls_never_go_through_a_proxy_named_by_the_environment",
                "--test-threads=1",
            ])
            .env(CHILD, "1")
            .env("HTTP_PROXY", &proxy_url)
            .env("http_proxy", &proxy_url)
            .env("HTTPS_PROXY", &proxy_url)
            .env("ALL_PROXY", &proxy_url)
            .env_remove("NO_PROXY")
            .env_remove("no_proxy")
            .stdout(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "the child test failed");
        assert!(
            proxy.accept().is_err(),
            "a Kratos call went to the proxy named by HTTP_PROXY"
        );
    }
}
