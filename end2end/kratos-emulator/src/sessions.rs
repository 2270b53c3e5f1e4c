//! `/sessions/whoami`, `/sessions`, logout and `/self-service/errors`.

use crate::app::{self, Rq, Shared};
use crate::errors::KError;
use crate::login::NOT_FOUND_MSG;
use crate::util;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};
use uuid::Uuid;

/// Any method on `/sessions/whoami`.
pub async fn whoami(State(st): State<Shared>, rq: Rq) -> Response {
    let store = st.store();
    let Some(s) = app::current_session(&st.cfg, &store, &rq) else {
        return KError::unauthorized("No valid session credentials found in the request.")
            .into_response();
    };
    let Some(identity) = store.identities.get(&s.identity_id).cloned() else {
        return KError::unauthorized("No valid session credentials found in the request.")
            .into_response();
    };
    drop(store);
    if !app::satisfies(st.cfg.whoami_required_aal, &s, &identity) {
        return KError::aal2_required(&app::aal2_login_url(&st.cfg, None)).into_response();
    }
    let mut r = app::json_ok(StatusCode::OK, &s.to_json(Some(&identity)));
    if let Ok(v) = HeaderValue::from_str(&identity.id.to_string()) {
        r.headers_mut()
            .insert("x-kratos-authenticated-identity-id", v);
    }
    r
}

const NO_COOKIE: &str = "No valid session cookie found.";

/// `GET /sessions`: the caller's other active sessions, newest first.
pub async fn list(State(st): State<Shared>, rq: Rq) -> Response {
    let store = st.store();
    let Some(s) = app::current_session(&st.cfg, &store, &rq) else {
        return KError::unauthorized(NO_COOKIE).into_response();
    };
    let Some(identity) = store.identities.get(&s.identity_id).cloned() else {
        return KError::unauthorized(NO_COOKIE).into_response();
    };
    if !app::satisfies(st.cfg.whoami_required_aal, &s, &identity) {
        return KError::aal2_required(&app::aal2_login_url(&st.cfg, None)).into_response();
    }
    let now = util::now();
    let mut others: Vec<_> = store
        .sessions
        .values()
        .filter(|o| o.identity_id == s.identity_id && o.id != s.id && o.is_valid(now))
        .cloned()
        .collect();
    drop(store);
    others.sort_by_key(|o| std::cmp::Reverse(o.issued_at));
    let body: Vec<Value> = others.iter().map(|o| o.to_json(Some(&identity))).collect();
    let mut r = app::json_ok(StatusCode::OK, &Value::Array(body));
    if let Ok(v) = HeaderValue::from_str(&others.len().to_string()) {
        r.headers_mut().insert("x-total-count", v);
    }
    r
}

/// `DELETE /sessions`: revoke all other sessions.
pub async fn revoke_others(State(st): State<Shared>, rq: Rq) -> Response {
    let mut store = st.store();
    let Some(s) = app::current_session(&st.cfg, &store, &rq) else {
        return KError::unauthorized(NO_COOKIE).into_response();
    };
    let mut count = 0;
    for o in store.sessions.values_mut() {
        if o.identity_id == s.identity_id && o.id != s.id && o.active {
            o.active = false;
            count += 1;
        }
    }
    app::json_ok(StatusCode::OK, &json!({ "count": count }))
}

/// `DELETE /sessions/{id}`.
pub async fn revoke_one(State(st): State<Shared>, rq: Rq, Path(id): Path<String>) -> Response {
    let mut store = st.store();
    let Some(s) = app::current_session(&st.cfg, &store, &rq) else {
        return KError::unauthorized(NO_COOKIE).into_response();
    };
    let id = match Uuid::parse_str(&id) {
        Ok(id) => id,
        Err(e) => return KError::new(400, &e.to_string()).into_response(),
    };
    if id == s.id {
        return KError::new(400, "cannot revoke current session").into_response();
    }
    if let Some(o) = store.sessions.get_mut(&id) {
        if o.identity_id == s.identity_id {
            o.active = false;
        }
    }
    StatusCode::NO_CONTENT.into_response()
}

/// `GET /self-service/logout/browser`.
pub async fn logout_browser(State(st): State<Shared>, rq: Rq) -> Response {
    let store = st.store();
    let Some(s) = app::current_session(&st.cfg, &store, &rq) else {
        drop(store);
        return app::forward_error(&st, &rq, KError::session_inactive());
    };
    drop(store);
    let return_to = rq.q("return_to").filter(|r| !r.is_empty());
    if let Some(rt) = return_to {
        if let Err(e) = app::secure_redirect(&st.cfg, Some(rt), &st.cfg.default_browser_return_url)
        {
            return app::forward_error(&st, &rq, *e);
        }
    }
    let mut q = vec![("token", s.logout_token.as_str())];
    if let Some(rt) = return_to {
        q.push(("return_to", rt));
    }
    let url = format!(
        "{}?{}",
        st.cfg.public_url("/self-service/logout"),
        util::encode_query(&q)
    );
    app::json_ok(
        StatusCode::OK,
        &json!({"logout_url": url, "logout_token": s.logout_token}),
    )
}

/// `GET /self-service/logout?token=&return_to=`.
pub async fn logout(State(st): State<Shared>, rq: Rq) -> Response {
    let default = st
        .cfg
        .logout_after_return_url
        .clone()
        .unwrap_or_else(|| st.cfg.default_browser_return_url.clone());
    let return_to = match app::secure_redirect(&st.cfg, rq.q("return_to"), &default) {
        Ok(r) => r,
        Err(e) => return app::forward_error(&st, &rq, *e),
    };
    let mut store = st.store();
    let session = app::current_session(&st.cfg, &store, &rq);
    let mut cookies = vec![];
    if let Some(s) = session {
        if rq.q("token") != Some(s.logout_token.as_str()) {
            drop(store);
            return app::forward_error(
                &st,
                &rq,
                KError::new(403, crate::errors::MSG_FORBIDDEN).reason(
                    "Unable to log out because the logout token in the URL query does not match the session cookie.",
                ),
            );
        }
        if let Some(x) = store.sessions.get_mut(&s.id) {
            x.active = false;
        }
        cookies.push(app::expire_session_cookie(&st.cfg));
        cookies.push(app::csrf_cookie(&st.cfg, &crate::csrf::new_token()));
    }
    drop(store);
    let r = if rq.is_json() {
        StatusCode::NO_CONTENT.into_response()
    } else {
        app::see_other(&return_to)
    };
    app::with_cookies(r, cookies)
}

/// `GET /self-service/errors?id=`.
pub async fn get_error(State(st): State<Shared>, uri: Uri) -> Response {
    let q = util::query_map(uri.query());
    let raw = q
        .get("id")
        .or_else(|| q.get("error"))
        .cloned()
        .unwrap_or_default();
    let ts = util::rfc3339(util::now());
    if raw == "stub:500" {
        return app::json_ok(
            StatusCode::OK,
            &json!({
                "id": Uuid::nil(),
                "error": {"code": 500, "message": "This is a stub error.", "reason": "This is a stub error.", "status": "Internal Server Error"},
                "created_at": ts,
                "updated_at": ts,
            }),
        );
    }
    let id = Uuid::parse_str(&raw).ok();
    let store = st.store();
    let Some((id, e)) = id.and_then(|id| store.errors.get(&id).map(|e| (id, e.clone()))) else {
        return KError::not_found(None, NOT_FOUND_MSG).into_response();
    };
    drop(store);
    let t = util::rfc3339(e.created_at);
    app::json_ok(
        StatusCode::OK,
        &json!({"id": id, "error": e.error, "created_at": t, "updated_at": t}),
    )
}
