//! herodot-style error envelopes, Kratos' "enhanced" errors and browser-mode forwarding.

use crate::util::rfc3339;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};
use time::OffsetDateTime;

#[derive(Debug, Clone)]
pub struct KError {
    pub id: Option<&'static str>,
    pub code: u16,
    pub reason: Option<String>,
    pub details: Option<Value>,
    pub message: String,
    /// Extra top-level keys of enhanced errors (`redirect_browser_to`, `use_flow_id`, ...).
    pub extra: Vec<(&'static str, Value)>,
}

pub fn status_text(code: u16) -> &'static str {
    match code {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        410 => "Gone",
        422 => "Unprocessable Entity",
        _ => "Internal Server Error",
    }
}

pub const MSG_BAD_REQUEST: &str = "The request was malformed or contained invalid parameters";
pub const MSG_UNAUTHORIZED: &str = "The request could not be authorized";
pub const MSG_FORBIDDEN: &str = "The requested action was forbidden";
pub const MSG_NOT_FOUND: &str = "The requested resource could not be found";
pub const MSG_GONE: &str =
    "The requested resource is no longer available because it has expired or is otherwise invalid.";

const AAL_REASON: &str = "An active session was found but it does not fulfill the requested Authenticator Assurance Level. Please verify yourself with a second factor to resolve this issue.";
const CSRF_REASON: &str = "Please retry the flow and optionally clear your cookies. The request was rejected to protect you from Cross-Site-Request-Forgery (CSRF) which could cause account takeover, leaking personal information, and other serious security issues.";
const CSRF_DOCS: &str = "https://www.ory.com/docs/troubleshooting/csrf";
const CSRF_HINT: &str = "We detected a regular browser or server-side call. To debug browser calls check your Browser's Network Tab to see what cookies are included or excluded. If you are calling from a server ensure that the appropriate cookies are being forwarded and that the SDK method is called correctly.";

/// Why a CSRF check failed (`x/nosurfx/nosurf.go` variants).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsrfReject {
    NoCookieHeader,
    NoCsrfCookie,
    Mismatch,
    TokenMissing,
}

impl KError {
    pub fn new(code: u16, message: &str) -> Self {
        KError {
            id: None,
            code,
            reason: None,
            details: None,
            message: message.to_string(),
            extra: vec![],
        }
    }
    pub fn id(mut self, id: &'static str) -> Self {
        self.id = Some(id);
        self
    }
    pub fn reason(mut self, r: impl Into<String>) -> Self {
        self.reason = Some(r.into());
        self
    }
    pub fn details(mut self, d: Value) -> Self {
        self.details = Some(d);
        self
    }
    pub fn extra(mut self, k: &'static str, v: Value) -> Self {
        self.extra.push((k, v));
        self
    }

    pub fn bad_request(reason: &str) -> Self {
        Self::new(400, MSG_BAD_REQUEST).reason(reason)
    }

    pub fn not_found(reason: Option<&str>, message: &str) -> Self {
        let e = Self::new(404, message);
        match reason {
            Some(r) => e.reason(r),
            None => e,
        }
    }

    /// `session_inactive` (settings init, logout init).
    pub fn session_inactive() -> Self {
        Self::new(401, "request does not have a valid authentication session")
            .id("session_inactive")
            .reason("No active session was found in this request.")
            .extra("CredentialsMissing", json!(false))
    }

    pub fn unauthorized(reason: &str) -> Self {
        Self::new(401, MSG_UNAUTHORIZED).reason(reason)
    }

    pub fn aal2_required(redirect: &str) -> Self {
        Self::new(
            403,
            "Session does not fulfill the requested Authenticator Assurance Level",
        )
        .id("session_aal2_required")
        .reason(AAL_REASON)
        .details(json!({ "redirect_browser_to": redirect }))
        .extra("redirect_browser_to", json!(redirect))
    }

    pub fn refresh_required(redirect: &str) -> Self {
        Self::new(403, MSG_FORBIDDEN)
            .id("session_refresh_required")
            .reason(
                "The login session is too old and thus not allowed to update these fields. Please re-authenticate.",
            )
            .extra("redirect_browser_to", json!(redirect))
    }

    pub fn csrf(reject: CsrfReject) -> Self {
        let details = match reject {
            CsrfReject::TokenMissing => json!({
                "docs": CSRF_DOCS,
                "hint": "The anti-CSRF cookie was found but the CSRF token was not included in the HTTP request body (csrf_token) nor in the HTTP Header (X-CSRF-Token).",
            }),
            other => json!({
                "docs": CSRF_DOCS,
                "hint": CSRF_HINT,
                "reject_reason": match other {
                    CsrfReject::NoCookieHeader => "The HTTP Cookie Header is empty or not set.",
                    CsrfReject::NoCsrfCookie => "The HTTP Cookie Header was set but did not include the anti-CSRF cookie.",
                    _ => "The HTTP Cookie Header was set and a CSRF token was sent but they do not match. We recommend deleting all cookies for this domain and retrying the flow.",
                },
            }),
        };
        Self::new(
            403,
            "the request was rejected to protect you from Cross-Site-Request-Forgery",
        )
        .id("security_csrf_violation")
        .reason(CSRF_REASON)
        .details(details)
    }

    pub fn identity_mismatch(reason: &str) -> Self {
        Self::new(403, MSG_FORBIDDEN)
            .id("security_identity_mismatch")
            .reason(reason)
    }

    pub fn return_to_forbidden(url: &str) -> Self {
        Self::new(400, MSG_BAD_REQUEST)
            .id("self_service_flow_return_to_forbidden")
            .reason(format!("Requested return_to URL {url:?} is not allowed."))
    }

    pub fn flow_expired(expired_at: OffsetDateTime, use_flow_id: uuid::Uuid) -> Self {
        let since = crate::util::now() - expired_at;
        let mins = since.as_seconds_f64() / 60.0;
        Self::new(410, "self-service flow expired")
            .id("self_service_flow_expired")
            .reason(format!(
                "The self-service flow expired {mins:.2} minutes ago, initialize a new one."
            ))
            .extra("expired_at", json!(rfc3339(expired_at)))
            .extra("since", json!(since.whole_nanoseconds() as i64))
            .extra("use_flow_id", json!(use_flow_id))
    }

    pub fn already_logged_in() -> Self {
        Self::new(400, "you are already logged in")
            .id("session_already_available")
            .reason("A valid session was detected and thus login is not possible. Did you forget to set `?refresh=true`?")
    }

    pub fn aal1_required() -> Self {
        Self::new(
            401,
            "aal2 and aal3 can only be requested if a session exists already",
        )
        .id("session_aal1_required")
        .reason("You can not requested a higher AAL (AAL2/AAL3) without an active session.")
    }

    pub fn browser_location_change(redirect: &str) -> Self {
        Self::new(422, "browser location change required")
            .id("browser_location_change_required")
            .reason(format!(
                "In order to complete this flow please redirect the browser to: {redirect}"
            ))
            .extra("redirect_browser_to", json!(redirect))
    }

    pub fn method_disabled(method: &str) -> Self {
        Self::new(404, MSG_NOT_FOUND).reason(format!(
            "The requested resource could not be found: method {method:?} is disabled"
        ))
    }

    /// The herodot object (`error` key) in Go field order.
    pub fn inner(&self) -> Value {
        let mut m = Map::new();
        if let Some(id) = self.id {
            m.insert("id".into(), json!(id));
        }
        m.insert("code".into(), json!(self.code));
        m.insert("status".into(), json!(status_text(self.code)));
        if let Some(r) = &self.reason {
            m.insert("reason".into(), json!(r));
        }
        if let Some(d) = &self.details {
            m.insert("details".into(), d.clone());
        }
        m.insert("message".into(), json!(self.message));
        Value::Object(m)
    }

    pub fn body(&self) -> Value {
        let mut m = Map::new();
        m.insert("error".into(), self.inner());
        for (k, v) in &self.extra {
            m.insert((*k).to_string(), v.clone());
        }
        Value::Object(m)
    }

    /// The error as stored for `GET /self-service/errors` (keys sorted, as Kratos returns them).
    pub fn stored(&self) -> Value {
        let inner = self.inner();
        let mut pairs: Vec<(String, Value)> = inner
            .as_object()
            .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default();
        pairs.sort_by(|a, b| a.0.cmp(&b.0));
        Value::Object(pairs.into_iter().collect())
    }
}

impl IntoResponse for KError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self.body()).unwrap_or_default();
        let mut resp = (status, body).into_response();
        let h = resp.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        h.insert(
            "ory-error-id",
            HeaderValue::from_str(self.id.unwrap_or("")).unwrap_or(HeaderValue::from_static("")),
        );
        resp
    }
}
