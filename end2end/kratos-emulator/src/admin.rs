//! Admin API: create, get and delete identities.

use crate::app::{self, Shared};
use crate::errors::{KError, MSG_BAD_REQUEST};
use crate::identity;
use crate::login::NOT_FOUND_MSG;
use crate::util;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use uuid::Uuid;

fn bad(reason: impl Into<String>) -> Response {
    KError::new(400, MSG_BAD_REQUEST)
        .reason(reason)
        .into_response()
}

/// `POST /admin/identities`
pub async fn create(State(st): State<Shared>, bytes: Bytes) -> Response {
    let body: Value = match serde_json::from_slice(&bytes) {
        Ok(v) => v,
        Err(e) => return bad(format!("Unable to decode JSON payload: {e}")),
    };
    let schema_id = body
        .get("schema_id")
        .and_then(Value::as_str)
        .unwrap_or(&st.cfg.schema_id);
    if schema_id != st.cfg.schema_id {
        return bad(format!("Unknown identity schema {schema_id:?}"));
    }
    let Some(traits) = body.get("traits").filter(|t| t.is_object()).cloned() else {
        return bad("The traits must be a JSON object.");
    };
    let errors = st.schema.validate(&traits);
    if !errors.is_empty() {
        let texts: Vec<String> = errors
            .iter()
            .map(|(n, m)| {
                format!(
                    "{}: {}",
                    n.as_deref().unwrap_or("traits"),
                    m.get("text").and_then(Value::as_str).unwrap_or_default()
                )
            })
            .collect();
        return bad(format!(
            "The traits are not valid for the identity schema: {}",
            texts.join("; ")
        ));
    }
    let now = util::now();
    let mut i = identity::new_identity(&st.schema, traits, now);
    let password = body.pointer("/credentials/password/config/password");
    let hashed = body.pointer("/credentials/password/config/hashed_password");
    let ids = st.schema.password_identifiers(&i.traits);
    {
        let store = st.store();
        if ids.iter().any(|x| store.find_by_identifier(x).is_some()) {
            return KError::new(409, "The resource could not be created due to a conflict")
                .reason("An identity with the same identifier already exists.")
                .into_response();
        }
    }
    match (
        password.and_then(Value::as_str),
        hashed.and_then(Value::as_str),
    ) {
        (Some(pw), _) => {
            let Some(hash) = identity::hash_password(pw, st.cfg.bcrypt_cost) else {
                return bad("Unable to hash the password.");
            };
            i.password = Some(identity::new_password_credential(hash, ids, now));
        }
        (None, Some(h)) if h.starts_with("$2") => {
            i.password = Some(identity::new_password_credential(h.to_string(), ids, now));
        }
        (None, Some(_)) => return bad("Only bcrypt hashed_password values are supported."),
        (None, None) => {}
    }
    if let Some(m) = body.get("metadata_public") {
        i.metadata_public = m.clone();
    }
    if let Some(m) = body.get("metadata_admin") {
        i.metadata_admin = m.clone();
    }
    let out = i.to_json(true);
    st.store().identities.insert(i.id, i);
    app::json_ok(StatusCode::CREATED, &out)
}

/// `GET /admin/identities`
pub async fn list(State(st): State<Shared>) -> Response {
    let store = st.store();
    let mut all: Vec<_> = store.identities.values().cloned().collect();
    drop(store);
    all.sort_by_key(|i| i.id);
    let body: Vec<Value> = all.iter().map(|i| i.to_json(true)).collect();
    app::json_ok(StatusCode::OK, &Value::Array(body))
}

/// `GET /admin/identities/{id}`
pub async fn get(State(st): State<Shared>, Path(id): Path<String>) -> Response {
    let store = st.store();
    match Uuid::parse_str(&id)
        .ok()
        .and_then(|id| store.identities.get(&id))
    {
        Some(i) => app::json_ok(StatusCode::OK, &i.to_json(true)),
        None => KError::not_found(None, NOT_FOUND_MSG).into_response(),
    }
}

/// `DELETE /admin/identities/{id}` (also ends its sessions).
pub async fn delete(State(st): State<Shared>, Path(id): Path<String>) -> Response {
    let mut store = st.store();
    let Some(id) = Uuid::parse_str(&id).ok() else {
        return KError::not_found(None, NOT_FOUND_MSG).into_response();
    };
    if store.identities.remove(&id).is_none() {
        return KError::not_found(None, NOT_FOUND_MSG).into_response();
    }
    store.sessions.retain(|_, s| s.identity_id != id);
    StatusCode::NO_CONTENT.into_response()
}
