//! In-memory state: identities, sessions, flows, stored errors, continuity containers.

use crate::ui::Container;
use crate::util::rfc3339;
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct Address {
    pub id: Uuid,
    pub value: String,
    pub via: String,
    pub verified: bool,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

#[derive(Debug, Clone)]
pub struct LookupCode {
    pub code: String,
    pub used_at: Option<OffsetDateTime>,
}

#[derive(Debug, Clone)]
pub struct Credential<T> {
    pub data: T,
    pub identifiers: Vec<String>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

#[derive(Debug, Clone)]
pub struct Identity {
    pub id: Uuid,
    pub schema_id: String,
    pub schema_url: String,
    pub traits: Value,
    pub state_changed_at: OffsetDateTime,
    pub verifiable_addresses: Vec<Address>,
    pub recovery_addresses: Vec<Address>,
    pub metadata_public: Value,
    pub metadata_admin: Value,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    /// bcrypt hash.
    pub password: Option<Credential<String>>,
    /// base32 TOTP secret + otpauth URL.
    pub totp: Option<Credential<(String, String)>>,
    pub lookup: Option<Credential<Vec<LookupCode>>>,
}

impl Identity {
    pub fn has_second_factor(&self) -> bool {
        self.totp.is_some() || self.lookup.is_some()
    }

    fn address_json(a: &Address, verifiable: bool) -> Value {
        let mut m = Map::new();
        m.insert("id".into(), json!(a.id));
        m.insert("value".into(), json!(a.value));
        if verifiable {
            m.insert("verified".into(), json!(a.verified));
        }
        m.insert("via".into(), json!(a.via));
        if verifiable {
            m.insert(
                "status".into(),
                json!(if a.verified { "completed" } else { "pending" }),
            );
        }
        m.insert("created_at".into(), json!(rfc3339(a.created_at)));
        m.insert("updated_at".into(), json!(rfc3339(a.updated_at)));
        Value::Object(m)
    }

    fn credentials_json(&self) -> Value {
        let mut m = Map::new();
        let mut add = |typ: &str, ids: &[String], c: OffsetDateTime, u: OffsetDateTime| {
            m.insert(
                typ.into(),
                json!({
                    "type": typ,
                    "identifiers": ids,
                    "version": 0,
                    "created_at": rfc3339(c),
                    "updated_at": rfc3339(u),
                }),
            );
        };
        if let Some(p) = &self.password {
            add("password", &p.identifiers, p.created_at, p.updated_at);
        }
        if let Some(t) = &self.totp {
            add("totp", &t.identifiers, t.created_at, t.updated_at);
        }
        if let Some(l) = &self.lookup {
            add("lookup_secret", &l.identifiers, l.created_at, l.updated_at);
        }
        Value::Object(m)
    }

    /// Identity JSON; `admin` adds credentials (without secrets) and metadata_admin.
    pub fn to_json(&self, admin: bool) -> Value {
        let mut m = Map::new();
        m.insert("id".into(), json!(self.id));
        if admin {
            m.insert("credentials".into(), self.credentials_json());
        }
        m.insert("schema_id".into(), json!(self.schema_id));
        m.insert("schema_url".into(), json!(self.schema_url));
        m.insert("state".into(), json!("active"));
        m.insert(
            "state_changed_at".into(),
            json!(rfc3339(self.state_changed_at)),
        );
        m.insert("traits".into(), self.traits.clone());
        m.insert(
            "verifiable_addresses".into(),
            Value::Array(
                self.verifiable_addresses
                    .iter()
                    .map(|a| Self::address_json(a, true))
                    .collect(),
            ),
        );
        m.insert(
            "recovery_addresses".into(),
            Value::Array(
                self.recovery_addresses
                    .iter()
                    .map(|a| Self::address_json(a, false))
                    .collect(),
            ),
        );
        m.insert("metadata_public".into(), self.metadata_public.clone());
        if admin {
            m.insert("metadata_admin".into(), self.metadata_admin.clone());
        }
        m.insert("created_at".into(), json!(rfc3339(self.created_at)));
        m.insert("updated_at".into(), json!(rfc3339(self.updated_at)));
        m.insert("organization_id".into(), Value::Null);
        Value::Object(m)
    }
}

#[derive(Debug, Clone)]
pub struct AuthMethod {
    pub method: &'static str,
    pub aal: &'static str,
    pub completed_at: OffsetDateTime,
}

#[derive(Debug, Clone)]
pub struct Session {
    pub id: Uuid,
    pub token: String,
    pub logout_token: String,
    pub identity_id: Uuid,
    pub active: bool,
    pub issued_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    pub authenticated_at: OffsetDateTime,
    pub methods: Vec<AuthMethod>,
    pub device_id: Uuid,
    pub ip_address: String,
    pub user_agent: String,
}

impl Session {
    /// `aal2` iff there is an aal1 and an aal2 method; `aal0` without methods.
    pub fn aal(&self) -> &'static str {
        let a1 = self.methods.iter().any(|m| m.aal == "aal1");
        let a2 = self.methods.iter().any(|m| m.aal == "aal2");
        match (a1, a2) {
            (true, true) => "aal2",
            (false, false) => "aal0",
            _ => "aal1",
        }
    }

    pub fn is_valid(&self, now: OffsetDateTime) -> bool {
        self.active && self.expires_at > now
    }

    pub fn completed(&mut self, method: &'static str, aal: &'static str, now: OffsetDateTime) {
        self.methods.push(AuthMethod {
            method,
            aal,
            completed_at: now,
        });
        self.authenticated_at = now;
    }

    pub fn to_json(&self, identity: Option<&Identity>) -> Value {
        let mut m = Map::new();
        m.insert("id".into(), json!(self.id));
        m.insert("active".into(), json!(self.active));
        m.insert("expires_at".into(), json!(rfc3339(self.expires_at)));
        m.insert(
            "authenticated_at".into(),
            json!(rfc3339(self.authenticated_at)),
        );
        m.insert("authenticator_assurance_level".into(), json!(self.aal()));
        m.insert(
            "authentication_methods".into(),
            Value::Array(
                self.methods
                    .iter()
                    .map(|a| {
                        json!({"method": a.method, "aal": a.aal, "completed_at": rfc3339(a.completed_at)})
                    })
                    .collect(),
            ),
        );
        m.insert("issued_at".into(), json!(rfc3339(self.issued_at)));
        if let Some(i) = identity {
            m.insert("identity".into(), i.to_json(false));
        }
        m.insert(
            "devices".into(),
            json!([{
                "id": self.device_id,
                "ip_address": self.ip_address,
                "user_agent": self.user_agent,
                "location": "",
            }]),
        );
        Value::Object(m)
    }
}

#[derive(Debug, Clone)]
pub struct LoginFlow {
    pub id: Uuid,
    pub expires_at: OffsetDateTime,
    pub issued_at: OffsetDateTime,
    pub request_url: String,
    pub return_to: Option<String>,
    pub active: Option<&'static str>,
    pub ui: Container,
    pub refresh: bool,
    pub requested_aal: &'static str,
    pub csrf_token: [u8; 32],
    /// Identity the refresh / aal2 flow was created for.
    pub identity_id: Option<Uuid>,
}

impl LoginFlow {
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("id".into(), json!(self.id));
        m.insert("organization_id".into(), Value::Null);
        m.insert("type".into(), json!("browser"));
        m.insert("expires_at".into(), json!(rfc3339(self.expires_at)));
        m.insert("issued_at".into(), json!(rfc3339(self.issued_at)));
        m.insert("request_url".into(), json!(self.request_url));
        if let Some(r) = &self.return_to {
            m.insert("return_to".into(), json!(r));
        }
        if let Some(a) = self.active {
            m.insert("active".into(), json!(a));
        }
        m.insert("ui".into(), self.ui.to_json());
        m.insert("created_at".into(), json!(rfc3339(self.issued_at)));
        m.insert("updated_at".into(), json!(rfc3339(self.issued_at)));
        m.insert("refresh".into(), json!(self.refresh));
        m.insert("requested_aal".into(), json!(self.requested_aal));
        m.insert("state".into(), json!("choose_method"));
        Value::Object(m)
    }
}

#[derive(Debug, Clone)]
pub struct SettingsFlow {
    pub id: Uuid,
    pub expires_at: OffsetDateTime,
    pub issued_at: OffsetDateTime,
    pub request_url: String,
    pub return_to: Option<String>,
    pub active: Option<&'static str>,
    pub ui: Container,
    pub identity_id: Uuid,
    pub success: bool,
    pub continue_with: Option<Value>,
    /// TOTP secret offered for enrolment in this flow.
    pub pending_totp: Option<String>,
    /// Regenerated, not yet confirmed lookup codes.
    pub pending_lookup: Option<Vec<String>>,
}

impl SettingsFlow {
    pub fn to_json(&self, identity: &Identity) -> Value {
        let mut m = Map::new();
        m.insert("id".into(), json!(self.id));
        m.insert("type".into(), json!("browser"));
        m.insert("expires_at".into(), json!(rfc3339(self.expires_at)));
        m.insert("issued_at".into(), json!(rfc3339(self.issued_at)));
        m.insert("request_url".into(), json!(self.request_url));
        if let Some(r) = &self.return_to {
            m.insert("return_to".into(), json!(r));
        }
        if let Some(a) = self.active {
            m.insert("active".into(), json!(a));
        }
        m.insert("ui".into(), self.ui.to_json());
        m.insert("identity".into(), identity.to_json(false));
        m.insert(
            "state".into(),
            json!(if self.success { "success" } else { "show_form" }),
        );
        m.insert("organization_id".into(), Value::Null);
        if let Some(c) = &self.continue_with {
            m.insert("continue_with".into(), c.clone());
        }
        Value::Object(m)
    }
}

#[derive(Debug, Clone)]
pub struct StoredError {
    pub error: Value,
    pub created_at: OffsetDateTime,
}

/// A parked settings payload (continuity container).
#[derive(Debug, Clone)]
pub struct Continuity {
    pub identity_id: Uuid,
    pub flow_id: Uuid,
    pub payload: Value,
    pub expires_at: OffsetDateTime,
}

#[derive(Default)]
pub struct Store {
    pub identities: HashMap<Uuid, Identity>,
    pub sessions: HashMap<Uuid, Session>,
    /// session cookie value → session id (every issue gets a new value).
    pub session_cookies: HashMap<String, Uuid>,
    pub login_flows: HashMap<Uuid, LoginFlow>,
    pub settings_flows: HashMap<Uuid, SettingsFlow>,
    pub errors: HashMap<Uuid, StoredError>,
    /// continuity cookie value → parked payload.
    pub continuity: HashMap<String, Continuity>,
}

impl Store {
    pub fn find_by_identifier(&self, identifier: &str) -> Option<&Identity> {
        let needle = identifier.trim().to_lowercase();
        self.identities.values().find(|i| {
            i.password
                .as_ref()
                .map(|p| p.identifiers.iter().any(|x| x.to_lowercase() == needle))
                .unwrap_or(false)
        })
    }

    pub fn session_by_token(&self, token: &str) -> Option<&Session> {
        self.sessions.values().find(|s| s.token == token)
    }

    /// Drop flows, errors and containers that expired more than an hour ago.
    pub fn gc(&mut self, now: OffsetDateTime) {
        let cutoff = now - time::Duration::hours(1);
        self.login_flows.retain(|_, f| f.expires_at > cutoff);
        self.settings_flows.retain(|_, f| f.expires_at > cutoff);
        self.continuity.retain(|_, c| c.expires_at > cutoff);
        self.errors
            .retain(|_, e| e.created_at > now - time::Duration::days(1));
    }
}
