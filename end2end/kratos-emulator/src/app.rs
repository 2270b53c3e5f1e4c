//! Shared state, request context, cookies, redirects and the CSRF/no-cache middleware.

use crate::config::{Config, RequiredAal};
use crate::errors::KError;
use crate::schema::IdentitySchema;
use crate::store::{Identity, Session, Store, StoredError};
use crate::util;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use time::OffsetDateTime;
use uuid::Uuid;

pub struct AppState {
    pub cfg: Config,
    /// `KRATOS_EMULATOR_LOG=debug`: one line per request (method, path, status; never secrets).
    pub log_requests: bool,
    pub schema: IdentitySchema,
    pub store: Mutex<Store>,
}

pub type Shared = Arc<AppState>;

impl AppState {
    pub fn new(cfg: Config) -> Result<Shared, String> {
        let schema_url = cfg.public_url(&format!("/schemas/{}", b64url(&cfg.schema_id)));
        let schema = IdentitySchema::new(&cfg.identity_schema, &cfg.schema_id, &schema_url)?;
        Ok(Arc::new(AppState {
            cfg,
            log_requests: std::env::var("KRATOS_EMULATOR_LOG").as_deref() == Ok("debug"),
            schema,
            store: Mutex::new(Store::default()),
        }))
    }

    /// Lock the store; a poisoned lock (a panicked handler) is recovered, not propagated.
    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|p| p.into_inner())
    }
}

pub fn b64url(s: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s)
}

/// CSRF state of a request, set by [`csrf_layer`].
#[derive(Clone, Debug)]
pub struct Csrf {
    /// The token of a valid CSRF cookie, or the one issued with this response.
    pub token: Option<[u8; 32]>,
    /// Whether the request carried a valid CSRF cookie.
    pub from_request: bool,
}

/// Everything a handler needs to know about the request.
pub struct Rq {
    pub method: Method,
    pub uri: Uri,
    pub headers: HeaderMap,
    pub cookies: HashMap<String, String>,
    pub query: HashMap<String, String>,
    pub csrf: Csrf,
}

/// Every handler's view of its request: method, URI, headers, parsed cookies and query, and the
/// CSRF state the middleware attached.
impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Rq {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _state: &S,
    ) -> Result<Self, Self::Rejection> {
        let csrf = parts.extensions.get::<Csrf>().cloned().ok_or_else(|| {
            (StatusCode::INTERNAL_SERVER_ERROR, "csrf middleware missing").into_response()
        })?;
        Ok(Rq::new(
            parts.method.clone(),
            parts.uri.clone(),
            parts.headers.clone(),
            csrf,
        ))
    }
}

impl Rq {
    pub fn new(method: Method, uri: Uri, headers: HeaderMap, csrf: Csrf) -> Self {
        let cookies = util::cookies(&headers);
        let query = util::query_map(uri.query());
        Rq {
            method,
            uri,
            headers,
            cookies,
            query,
            csrf,
        }
    }

    pub fn is_json(&self) -> bool {
        util::is_json_request(&self.headers)
    }

    pub fn wants_json_strict(&self) -> bool {
        util::wants_json_strict(&self.headers)
    }

    pub fn q(&self, k: &str) -> Option<&str> {
        self.query.get(k).map(String::as_str)
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The URL as Kratos saw it (`x.RequestURL`, honouring X-Forwarded-*).
    pub fn request_url(&self, cfg: &Config) -> String {
        let base = url::Url::parse(&cfg.public_base_url).ok();
        let scheme = self
            .header("x-forwarded-proto")
            .map(str::to_string)
            .or_else(|| base.as_ref().map(|b| b.scheme().to_string()))
            .unwrap_or_else(|| "http".into());
        let host = self
            .header("x-forwarded-host")
            .or_else(|| self.header("host"))
            .map(str::to_string)
            .or_else(|| {
                base.as_ref().map(|b| match b.port() {
                    Some(p) => format!("{}:{p}", b.host_str().unwrap_or("")),
                    None => b.host_str().unwrap_or("").to_string(),
                })
            })
            .unwrap_or_default();
        let pq = self.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
        format!("{scheme}://{host}{pq}")
    }

    pub fn user_agent(&self) -> String {
        self.header("user-agent").unwrap_or("").to_string()
    }
}

// ---------------------------------------------------------------------------------------------
// Cookies

fn cookie_tail(cfg: &Config) -> String {
    let secure = if cfg.secure_cookies() { "; Secure" } else { "" };
    format!("; HttpOnly{secure}; SameSite=Lax")
}

pub fn session_cookie(cfg: &Config, value: &str, expires_at: OffsetDateTime) -> String {
    let max_age = (expires_at - util::now()).whole_seconds().max(1);
    format!(
        "{}={value}; Path=/; Expires={}; Max-Age={max_age}{}",
        cfg.session_cookie_name,
        util::http_date(expires_at),
        cookie_tail(cfg)
    )
}

pub fn expire_session_cookie(cfg: &Config) -> String {
    format!(
        "{}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:01 GMT; Max-Age=0{}",
        cfg.session_cookie_name,
        cookie_tail(cfg)
    )
}

pub fn csrf_cookie(cfg: &Config, token: &[u8; 32]) -> String {
    format!(
        "{}={}; Path=/; Max-Age=31536000{}",
        cfg.csrf_cookie_name(),
        crate::csrf::encode_cookie(token),
        cookie_tail(cfg)
    )
}

pub const CONTINUITY_COOKIE: &str = "ory_kratos_continuity";

pub fn continuity_cookie(cfg: &Config, value: &str) -> String {
    format!(
        "{CONTINUITY_COOKIE}={value}; Path=/; Max-Age=900{}",
        cookie_tail(cfg)
    )
}

pub fn expire_continuity_cookie(cfg: &Config) -> String {
    format!(
        "{CONTINUITY_COOKIE}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:01 GMT; Max-Age=0{}",
        cookie_tail(cfg)
    )
}

/// Issue a new cookie value for `session` (the value changes on every issue).
pub fn issue_session_cookie(cfg: &Config, store: &mut Store, session: &Session) -> String {
    let value = random_token(48);
    store.session_cookies.insert(value.clone(), session.id);
    session_cookie(cfg, &value, session.expires_at)
}

pub fn random_token(n: usize) -> String {
    util::random_string(
        n,
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
    )
}

// ---------------------------------------------------------------------------------------------
// Sessions

/// The request's active session: `X-Session-Token`, then the cookie, then `Authorization: Bearer`.
pub fn current_session(cfg: &Config, store: &Store, rq: &Rq) -> Option<Session> {
    let now = util::now();
    let by_token = |t: &str| store.session_by_token(t).cloned();
    let found = rq
        .headers
        .get("x-session-token")
        .and_then(|v| v.to_str().ok())
        .and_then(by_token)
        .or_else(|| {
            rq.cookies
                .get(&cfg.session_cookie_name)
                .and_then(|v| store.session_cookies.get(v))
                .and_then(|id| store.sessions.get(id).cloned())
        })
        .or_else(|| {
            rq.headers
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| {
                    v.strip_prefix("Bearer ")
                        .or_else(|| v.strip_prefix("bearer "))
                })
                .and_then(by_token)
        })?;
    if found.is_valid(now) && store.identities.contains_key(&found.identity_id) {
        Some(found)
    } else {
        None
    }
}

/// `DoesSessionSatisfy`.
pub fn satisfies(required: RequiredAal, session: &Session, identity: &Identity) -> bool {
    match session.aal() {
        "aal2" => true,
        "aal1" => required == RequiredAal::Aal1 || !identity.has_second_factor(),
        _ => false,
    }
}

pub fn aal2_login_url(cfg: &Config, return_to: Option<&str>) -> String {
    let mut q = vec![("aal", "aal2")];
    if let Some(r) = return_to {
        q.push(("return_to", r));
    }
    format!(
        "{}?{}",
        cfg.public_url("/self-service/login/browser"),
        util::encode_query(&q)
    )
}

// ---------------------------------------------------------------------------------------------
// Redirects and responses

/// `redir.SecureRedirectTo`: validate `return_to` against allowed_return_urls and `<public>/self-service`.
pub fn secure_redirect(
    cfg: &Config,
    return_to: Option<&str>,
    default: &str,
) -> Result<String, Box<KError>> {
    let Some(rt) = return_to.filter(|r| !r.is_empty()) else {
        return Ok(default.to_string());
    };
    let base = url::Url::parse(default).map_err(|_| Box::new(KError::return_to_forbidden(rt)))?;
    let target = base
        .join(rt)
        .map_err(|_| Box::new(KError::return_to_forbidden(rt)))?;
    let mut allowed: Vec<String> = cfg.allowed_return_urls.clone();
    allowed.push(cfg.public_url("/self-service"));
    let ok = allowed
        .iter()
        .filter_map(|a| url::Url::parse(a).ok())
        .any(|a| {
            let host_ok = match (a.host_str(), target.host_str()) {
                (Some(ah), Some(th)) => {
                    if let Some(suffix) = ah.strip_prefix("*.") {
                        th.ends_with(&format!(".{suffix}"))
                    } else {
                        ah.eq_ignore_ascii_case(th)
                    }
                }
                _ => false,
            };
            a.scheme() == target.scheme()
                && host_ok
                && a.port_or_known_default() == target.port_or_known_default()
                && target.path().starts_with(a.path())
        });
    if ok {
        Ok(target.to_string())
    } else {
        Err(Box::new(KError::return_to_forbidden(rt)))
    }
}

pub fn redirect(status: StatusCode, location: &str) -> Response {
    let mut r = Response::new(Body::empty());
    *r.status_mut() = status;
    if let Ok(v) = HeaderValue::from_str(location) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

pub fn see_other(location: &str) -> Response {
    redirect(StatusCode::SEE_OTHER, location)
}

pub fn json_ok(status: StatusCode, body: &Value) -> Response {
    let bytes = serde_json::to_vec(body).unwrap_or_default();
    let mut r = (status, bytes).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    r
}

pub fn with_cookies(mut r: Response, cookies: Vec<String>) -> Response {
    for c in cookies {
        if let Ok(v) = HeaderValue::from_str(&c) {
            r.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    r
}

/// `errorx.Manager.Forward`: JSON requests get the envelope; browsers are sent to the error UI.
pub fn forward_error(st: &AppState, rq: &Rq, err: KError) -> Response {
    if rq.is_json() {
        return err.into_response();
    }
    store_error_redirect(st, err)
}

pub fn store_error_redirect(st: &AppState, err: KError) -> Response {
    let id = Uuid::new_v4();
    st.store().errors.insert(
        id,
        StoredError {
            error: err.stored(),
            created_at: util::now(),
        },
    );
    let sep = if st.cfg.error_ui_url.contains('?') {
        '&'
    } else {
        '?'
    };
    see_other(&format!("{}{sep}id={id}", st.cfg.error_ui_url))
}

pub fn ui_url_with_flow(ui: &str, id: Uuid) -> String {
    let sep = if ui.contains('?') { '&' } else { '?' };
    format!("{ui}{sep}flow={id}")
}

// ---------------------------------------------------------------------------------------------
// Middleware

/// Paths nosurf's global check ignores (no cookie is issued there either).
fn csrf_ignored(path: &str) -> bool {
    matches!(
        path,
        "/self-service/settings"
            | "/self-service/settings/api"
            | "/self-service/login"
            | "/self-service/login/api"
            | "/self-service/logout/api"
            | "/sessions"
            | "/sessions/whoami"
    ) || path.starts_with("/sessions/")
        || path.starts_with("/health/")
        || path.starts_with("/admin/")
}

/// Issues the CSRF cookie when missing, adds `Cache-Control` to GETs and `Vary: Cookie`.
pub async fn csrf_layer(State(st): State<Shared>, mut req: Request, next: Next) -> Response {
    let cookies = util::cookies(req.headers());
    let name = st.cfg.csrf_cookie_name();
    let existing = cookies
        .get(&name)
        .and_then(|v| crate::csrf::decode_cookie(v));
    let path = req.uri().path().to_string();
    let mut issued = None;
    let token = match existing {
        Some(t) => Some(t),
        None if !csrf_ignored(&path) => {
            let t = crate::csrf::new_token();
            issued = Some(t);
            Some(t)
        }
        None => None,
    };
    req.extensions_mut().insert(Csrf {
        token,
        from_request: existing.is_some(),
    });
    let is_get = req.method() == Method::GET;
    let method = req.method().clone();
    let mut resp = next.run(req).await;
    if st.log_requests {
        // Only the path: query strings may carry logout tokens or return URLs.
        eprintln!(
            "kratos-emulator: {method} {path} -> {}",
            resp.status().as_u16()
        );
    }
    if let Some(t) = issued {
        let prefix = format!("{name}=");
        let already = resp
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .any(|v| v.to_str().map(|s| s.starts_with(&prefix)).unwrap_or(false));
        if !already {
            if let Ok(v) = HeaderValue::from_str(&csrf_cookie(&st.cfg, &t)) {
                resp.headers_mut().append(header::SET_COOKIE, v);
            }
        }
    }
    if is_get {
        resp.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-cache, no-store, must-revalidate"),
        );
    }
    resp.headers_mut()
        .append(header::VARY, HeaderValue::from_static("Cookie"));
    resp
}

pub fn health() -> Response {
    json_ok(StatusCode::OK, &json!({"status": "ok"}))
}
