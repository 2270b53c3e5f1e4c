//! Login flows: `GET /self-service/login/browser`, `GET /self-service/login/flows`,
//! `POST|GET /self-service/login` with password, totp and lookup_secret.

use crate::app::{self, AppState, Rq, Shared};
use crate::body;
use crate::errors::{CsrfReject, KError, MSG_GONE};
use crate::store::{Identity, LoginFlow, Session, Store};
use crate::ui::{msg, Container, Input, Node};
use crate::util;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use uuid::Uuid;

pub const NOT_FOUND_MSG: &str = "Unable to locate the resource";

fn populate(st: &AppState, f: &mut LoginFlow, identity: Option<&Identity>, token: &[u8; 32]) {
    let mut nodes = vec![Node::csrf(&crate::csrf::mask(token))];
    let mut messages = vec![];
    if f.requested_aal == "aal2" {
        if let Some(i) = identity {
            if st.cfg.totp_enabled && i.totp.is_some() {
                nodes.push(
                    Input::new("totp_code", "text")
                        .value(json!(""))
                        .required()
                        .node("totp", Some(msg::login_totp_label())),
                );
                nodes.push(Node::submit("totp", "method", "totp", msg::login_totp()));
            }
            if st.cfg.lookup_enabled && i.lookup.is_some() {
                nodes.push(
                    Input::new("lookup_secret", "text")
                        .value(json!(""))
                        .required()
                        .node("lookup_secret", Some(msg::login_lookup_label())),
                );
                nodes.push(Node::submit(
                    "lookup_secret",
                    "method",
                    "lookup_secret",
                    msg::login_lookup(),
                ));
            }
        }
        if f.refresh {
            messages.push(msg::login_reauth());
        }
        messages.push(msg::login_mfa());
    } else if st.cfg.password_enabled {
        if let (true, Some(i)) = (f.refresh, identity) {
            let ident = i
                .password
                .as_ref()
                .and_then(|p| p.identifiers.first().cloned())
                .unwrap_or_default();
            nodes.push(
                Input::new("identifier", "hidden")
                    .value(json!(ident))
                    .node("default", None),
            );
            messages.push(msg::login_reauth());
        } else {
            nodes.push(
                Input::new("identifier", "text")
                    .value(json!(""))
                    .required()
                    .node("default", Some(st.schema.identifier_label())),
            );
        }
        nodes.push(
            Input::new("password", "password")
                .required()
                .autocomplete("current-password")
                .node("password", Some(msg::label_password())),
        );
        let label = if f.refresh {
            msg::login_sign_in()
        } else {
            msg::login_password()
        };
        nodes.push(Node::submit("password", "method", "password", label));
    }
    f.ui = Container {
        action: st
            .cfg
            .public_url(&format!("/self-service/login?flow={}", f.id)),
        nodes,
        messages,
    };
}

#[allow(clippy::too_many_arguments)]
fn new_flow(
    st: &AppState,
    store: &mut Store,
    request_url: String,
    return_to: Option<String>,
    refresh: bool,
    aal: &'static str,
    session: Option<&Session>,
    token: [u8; 32],
) -> LoginFlow {
    let now = util::now();
    let identity = session
        .and_then(|s| store.identities.get(&s.identity_id))
        .cloned();
    let mut f = LoginFlow {
        id: Uuid::new_v4(),
        expires_at: now + st.cfg.login_lifespan,
        issued_at: now,
        request_url,
        return_to,
        active: None,
        ui: Container::default(),
        refresh,
        requested_aal: aal,
        csrf_token: token,
        identity_id: identity.as_ref().map(|i| i.id),
    };
    populate(st, &mut f, identity.as_ref(), &token);
    store.gc(now);
    store.login_flows.insert(f.id, f.clone());
    f
}

fn return_to_of(request_url: &str) -> Option<String> {
    url::Url::parse(request_url).ok().and_then(|u| {
        u.query_pairs()
            .find(|(k, _)| k == "return_to")
            .map(|(_, v)| v.into_owned())
            .filter(|v| !v.is_empty())
    })
}

/// `GET /self-service/login/browser`
pub async fn init_browser(State(st): State<Shared>, rq: Rq) -> Response {
    let aal: &'static str = match rq.q("aal") {
        None | Some("") | Some("aal1") => "aal1",
        Some("aal2") => "aal2",
        Some(_) => {
            return app::forward_error(
                &st,
                &rq,
                KError::bad_request("Unable to parse AuthenticationMethod Assurance Level"),
            )
        }
    };
    let mut refresh = rq.q("refresh") == Some("true");
    let return_to = match app::secure_redirect(
        &st.cfg,
        rq.q("return_to"),
        &st.cfg.default_browser_return_url,
    ) {
        Ok(r) => r,
        Err(e) => return app::forward_error(&st, &rq, *e),
    };
    let mut store = st.store();
    let session = app::current_session(&st.cfg, &store, &rq);
    match &session {
        None => {
            if aal == "aal2" {
                drop(store);
                return app::forward_error(&st, &rq, KError::aal1_required());
            }
            refresh = false;
        }
        Some(s) => {
            let has_2fa = store
                .identities
                .get(&s.identity_id)
                .map(Identity::has_second_factor)
                .unwrap_or(false);
            let upgrade = aal == "aal2" && s.aal() != "aal2" && has_2fa;
            if !refresh && !upgrade {
                drop(store);
                if rq.is_json() {
                    return KError::already_logged_in().into_response();
                }
                return app::see_other(&return_to);
            }
        }
    }
    let token = rq.csrf.token.unwrap_or_else(crate::csrf::new_token);
    let request_url = rq.request_url(&st.cfg);
    let f = new_flow(
        &st,
        &mut store,
        request_url.clone(),
        return_to_of(&request_url),
        refresh,
        aal,
        session.as_ref(),
        token,
    );
    drop(store);
    if rq.wants_json_strict() {
        app::json_ok(StatusCode::OK, &f.to_json())
    } else {
        app::see_other(&app::ui_url_with_flow(&st.cfg.login_ui_url, f.id))
    }
}

fn csrf_reason(rq: &Rq) -> CsrfReject {
    if !util::has_cookie_header(&rq.headers) {
        CsrfReject::NoCookieHeader
    } else if !rq.csrf.from_request {
        CsrfReject::NoCsrfCookie
    } else {
        CsrfReject::Mismatch
    }
}

/// `GET /self-service/login/flows?id=`
pub async fn get_flow(State(st): State<Shared>, rq: Rq) -> Response {
    let id = rq.q("id").and_then(|s| Uuid::parse_str(s).ok());
    let store = st.store();
    let Some(f) = id.and_then(|id| store.login_flows.get(&id)).cloned() else {
        return KError::not_found(None, NOT_FOUND_MSG).into_response();
    };
    drop(store);
    let matches = rq.csrf.from_request && rq.csrf.token == Some(f.csrf_token);
    if !matches {
        return KError::csrf(csrf_reason(&rq)).into_response();
    }
    if f.expires_at < util::now() {
        let mut redirect_to = st.cfg.public_url("/self-service/login/browser");
        if let Some(r) = &f.return_to {
            redirect_to = format!("{redirect_to}?{}", util::encode_query(&[("return_to", r)]));
        }
        return KError::new(410, MSG_GONE)
            .id("self_service_flow_expired")
            .reason("The login flow has expired. Redirect the user to the login flow init endpoint to initialize a new login flow.")
            .details(json!({"redirect_to": redirect_to, "return_to": f.return_to.clone().unwrap_or_default()}))
            .into_response();
    }
    app::json_ok(StatusCode::OK, &f.to_json())
}

fn flow_reply(st: &AppState, rq: &Rq, f: &LoginFlow, status: StatusCode) -> Response {
    st.store().login_flows.insert(f.id, f.clone());
    if rq.is_json() {
        app::json_ok(status, &f.to_json())
    } else {
        app::see_other(&app::ui_url_with_flow(&st.cfg.login_ui_url, f.id))
    }
}

/// `POST /self-service/login?flow=` (and GET).
pub async fn submit(State(st): State<Shared>, rq: Rq, bytes: Bytes) -> Response {
    let Some(id) = rq.q("flow").and_then(|s| Uuid::parse_str(s).ok()) else {
        return app::forward_error(
            &st,
            &rq,
            KError::bad_request("The flow query parameter is missing or malformed."),
        );
    };
    let mut store = st.store();
    let Some(mut f) = store.login_flows.get(&id).cloned() else {
        drop(store);
        return app::forward_error(&st, &rq, KError::not_found(None, NOT_FOUND_MSG));
    };
    let now = util::now();
    let session = app::current_session(&st.cfg, &store, &rq);
    if f.expires_at < now {
        let token = rq.csrf.token.unwrap_or_else(crate::csrf::new_token);
        let mut nf = new_flow(
            &st,
            &mut store,
            f.request_url.clone(),
            f.return_to.clone(),
            f.refresh,
            f.requested_aal,
            session.as_ref(),
            token,
        );
        nf.ui.messages = vec![msg::login_expired(f.expires_at)];
        store.login_flows.insert(nf.id, nf.clone());
        drop(store);
        let mut cookies = vec![];
        if rq.csrf.token.is_none() {
            cookies.push(app::csrf_cookie(&st.cfg, &token));
        }
        let r = if rq.is_json() {
            KError::flow_expired(f.expires_at, nf.id).into_response()
        } else {
            app::see_other(&app::ui_url_with_flow(&st.cfg.login_ui_url, nf.id))
        };
        return app::with_cookies(r, cookies);
    }
    match &session {
        Some(s) => {
            let upgrade = f.requested_aal == "aal2" && s.aal() != "aal2";
            if !f.refresh && !upgrade {
                drop(store);
                if rq.is_json() {
                    return KError::already_logged_in().into_response();
                }
                return app::see_other(&st.cfg.default_browser_return_url);
            }
        }
        None if f.requested_aal == "aal2" => {
            drop(store);
            return app::forward_error(&st, &rq, KError::aal1_required());
        }
        None => {}
    }
    drop(store);
    let payload = match body::decode(&rq.headers, &bytes) {
        Ok(p) => p,
        Err(reason) => {
            f.ui.messages = vec![msg::generic(&reason)];
            return flow_reply(&st, &rq, &f, StatusCode::BAD_REQUEST);
        }
    };
    let method = payload.str("method").unwrap_or("").to_string();
    let strategy: Option<&'static str> = match method.as_str() {
        "password" if f.requested_aal == "aal1" => Some("password"),
        "totp" if f.requested_aal == "aal2" => Some("totp"),
        "lookup_secret" if f.requested_aal == "aal2" => Some("lookup_secret"),
        _ => None,
    };
    let Some(strategy) = strategy else {
        for n in f.ui.nodes.iter_mut() {
            n.messages.clear();
        }
        f.ui.messages = vec![msg::login_no_strategy()];
        return flow_reply(&st, &rq, &f, StatusCode::BAD_REQUEST);
    };
    let enabled = match strategy {
        "password" => st.cfg.password_enabled,
        "totp" => st.cfg.totp_enabled,
        _ => st.cfg.lookup_enabled,
    };
    if !enabled {
        return app::forward_error(&st, &rq, KError::method_disabled(strategy));
    }
    // CSRF: the body token must match the CSRF cookie.
    let sent = payload.str("csrf_token").unwrap_or("");
    let csrf_ok = match (rq.csrf.from_request, rq.csrf.token) {
        (true, Some(t)) => crate::csrf::verify(&t, sent),
        _ => false,
    };
    if !csrf_ok {
        let reason = if rq.csrf.from_request && sent.is_empty() && payload.form {
            CsrfReject::TokenMissing
        } else {
            csrf_reason(&rq)
        };
        return app::forward_error(&st, &rq, KError::csrf(reason));
    }
    f.active = Some(strategy);
    for n in f.ui.nodes.iter_mut() {
        n.messages.clear();
    }
    f.ui.messages.clear();

    let mut store = st.store();
    let identity_id: Uuid = match strategy {
        "password" => {
            let identifier = payload.str("identifier").unwrap_or("").to_string();
            let password = payload.str("password").unwrap_or("").to_string();
            if let Some(n) = f.ui.node_mut("identifier") {
                if n.attributes.get("type") != Some(&json!("hidden")) {
                    n.set_value(Some(json!(identifier)));
                }
            }
            let mut missing = false;
            if identifier.is_empty() {
                f.ui.add_message(Some("identifier"), msg::required("identifier"));
                missing = true;
            }
            if password.is_empty() {
                f.ui.add_message(Some("password"), msg::required("password"));
                missing = true;
            }
            if missing {
                drop(store);
                return flow_reply(&st, &rq, &f, StatusCode::BAD_REQUEST);
            }
            let found = store.find_by_identifier(&identifier).and_then(|i| {
                let hash = &i.password.as_ref()?.data;
                bcrypt::verify(&password, hash).ok()?.then_some(i.id)
            });
            match found {
                Some(id) => id,
                None => {
                    f.ui.messages = vec![msg::invalid_credentials()];
                    drop(store);
                    return flow_reply(&st, &rq, &f, StatusCode::BAD_REQUEST);
                }
            }
        }
        _ => {
            let Some(s) = &session else {
                drop(store);
                return app::forward_error(&st, &rq, KError::aal1_required());
            };
            let Some(identity) = store.identities.get_mut(&s.identity_id) else {
                drop(store);
                return app::forward_error(&st, &rq, KError::aal1_required());
            };
            let err = if strategy == "totp" {
                let code = payload.str("totp_code").unwrap_or("");
                let unix = now.unix_timestamp().max(0) as u64;
                match &identity.totp {
                    Some(t) if crate::totp::validate(&t.data.0, code, unix) => None,
                    _ => Some(msg::totp_wrong()),
                }
            } else {
                let code = payload
                    .str("lookup_secret")
                    .unwrap_or("")
                    .trim()
                    .to_string();
                match identity.lookup.as_mut() {
                    None => Some(msg::lookup_invalid()),
                    Some(l) => match l
                        .data
                        .iter_mut()
                        .find(|c| !code.is_empty() && c.code == code)
                    {
                        None => Some(msg::lookup_invalid()),
                        Some(c) if c.used_at.is_some() => Some(msg::lookup_used_already()),
                        Some(c) => {
                            c.used_at = Some(now);
                            l.updated_at = now;
                            None
                        }
                    },
                }
            };
            if let Some(m) = err {
                f.ui.messages = vec![m];
                drop(store);
                return flow_reply(&st, &rq, &f, StatusCode::BAD_REQUEST);
            }
            s.identity_id
        }
    };

    // Success: create or update the session.
    let mut cookies = vec![];
    let same_identity = session.as_ref().map(|s| s.identity_id) == Some(identity_id);
    let sess = if strategy == "password" && !same_identity {
        let s = Session {
            id: Uuid::new_v4(),
            token: app::random_token(32),
            logout_token: app::random_token(32),
            identity_id,
            active: true,
            issued_at: now,
            expires_at: now + st.cfg.session_lifespan,
            authenticated_at: now,
            methods: vec![crate::store::AuthMethod {
                method: "password",
                aal: "aal1",
                completed_at: now,
            }],
            device_id: Uuid::new_v4(),
            ip_address: "127.0.0.1".into(),
            user_agent: rq.user_agent(),
        };
        // A new principal rotates the CSRF token.
        let t = crate::csrf::new_token();
        cookies.push(app::csrf_cookie(&st.cfg, &t));
        s
    } else {
        let mut s = session
            .clone()
            .unwrap_or_else(|| unreachable_session(identity_id, now));
        let aal = if strategy == "password" {
            "aal1"
        } else {
            "aal2"
        };
        s.completed(strategy, aal, now);
        s
    };
    store.sessions.insert(sess.id, sess.clone());
    cookies.insert(0, app::issue_session_cookie(&st.cfg, &mut store, &sess));
    store.login_flows.insert(f.id, f.clone());
    let Some(identity) = store.identities.get(&identity_id).cloned() else {
        drop(store);
        return app::forward_error(&st, &rq, KError::not_found(None, NOT_FOUND_MSG));
    };
    drop(store);
    let return_to = f
        .return_to
        .clone()
        .or_else(|| st.cfg.login_after_return_url.clone())
        .unwrap_or_else(|| st.cfg.default_browser_return_url.clone());
    let resp = if !app::satisfies(st.cfg.whoami_required_aal, &sess, &identity) {
        let to = app::aal2_login_url(&st.cfg, Some(&return_to));
        if rq.is_json() {
            KError::browser_location_change(&to).into_response()
        } else {
            app::see_other(&to)
        }
    } else if rq.is_json() {
        app::json_ok(
            StatusCode::OK,
            &json!({
                "session": sess.to_json(Some(&identity)),
                "continue_with": [{"action": "redirect_browser_to", "redirect_browser_to": return_to}],
            }),
        )
    } else {
        app::see_other(&return_to)
    };
    app::with_cookies(resp, cookies)
}

fn unreachable_session(identity_id: Uuid, now: time::OffsetDateTime) -> Session {
    // Only reached if a second factor was verified without a session, which the checks above prevent.
    Session {
        id: Uuid::new_v4(),
        token: app::random_token(32),
        logout_token: app::random_token(32),
        identity_id,
        active: true,
        issued_at: now,
        expires_at: now,
        authenticated_at: now,
        methods: vec![],
        device_id: Uuid::new_v4(),
        ip_address: String::new(),
        user_agent: String::new(),
    }
}
