//! UiText messages (ids and texts copied from Kratos' `text/` package) and UI nodes.

use serde_json::{json, Map, Value};

/// A context object; Go marshals `map[string]any` with sorted keys.
pub fn ctx(pairs: Vec<(&str, Value)>) -> Value {
    let mut pairs = pairs;
    pairs.sort_by(|a, b| a.0.cmp(b.0));
    let mut m = Map::new();
    for (k, v) in pairs {
        m.insert(k.to_string(), v);
    }
    Value::Object(m)
}

pub fn text(id: u64, text: impl Into<String>, typ: &str, context: Option<Value>) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), json!(id));
    m.insert("text".into(), json!(text.into()));
    m.insert("type".into(), json!(typ));
    if let Some(c) = context {
        m.insert("context".into(), c);
    }
    Value::Object(m)
}

pub fn info(id: u64, t: &str) -> Value {
    text(id, t, "info", None)
}

pub fn error(id: u64, t: impl Into<String>, context: Option<Value>) -> Value {
    text(id, t, "error", context)
}

pub mod msg {
    use super::*;

    pub fn login_sign_in() -> Value {
        info(1010001, "Sign in")
    }
    pub fn login_reauth() -> Value {
        info(
            1010003,
            "Please confirm this action by verifying that it is you.",
        )
    }
    pub fn login_mfa() -> Value {
        info(
            1010004,
            "Please complete the second authentication challenge.",
        )
    }
    pub fn login_totp_label() -> Value {
        info(1010006, "Authentication code")
    }
    pub fn login_lookup_label() -> Value {
        info(1010007, "Backup recovery code")
    }
    pub fn login_totp() -> Value {
        info(1010009, "Use Authenticator")
    }
    pub fn login_lookup() -> Value {
        info(1010010, "Use backup recovery code")
    }
    pub fn login_password() -> Value {
        info(1010022, "Sign in with password")
    }
    pub fn settings_success() -> Value {
        text(1050001, "Your changes have been saved!", "success", None)
    }
    pub fn totp_unlink() -> Value {
        info(1050004, "Unlink TOTP Authenticator App")
    }
    pub fn totp_qr() -> Value {
        info(1050005, "Authenticator app QR code")
    }
    pub fn totp_secret(secret: &str) -> Value {
        text(
            1050006,
            secret,
            "info",
            Some(ctx(vec![("secret", json!(secret))])),
        )
    }
    pub fn lookup_reveal() -> Value {
        info(1050007, "Reveal backup recovery codes")
    }
    pub fn lookup_regenerate() -> Value {
        info(1050008, "Generate new backup recovery codes")
    }
    pub fn lookup_secret(secret: &str) -> Value {
        text(
            1050009,
            secret,
            "info",
            Some(ctx(vec![("secret", json!(secret))])),
        )
    }
    pub fn lookup_label() -> Value {
        info(
            1050010,
            "These are your back up recovery codes. Please keep them in a safe place!",
        )
    }
    pub fn lookup_confirm() -> Value {
        info(1050011, "Confirm backup recovery codes")
    }
    pub fn lookup_used(at: time::OffsetDateTime) -> Value {
        text(
            1050014,
            format!("Secret was used at {}", crate::util::go_time_string(at)),
            "info",
            Some(ctx(vec![
                ("used_at", json!(crate::util::rfc3339(at))),
                ("used_at_unix", json!(at.unix_timestamp())),
            ])),
        )
    }
    pub fn lookup_list(shown: &[String], secrets: Vec<Value>) -> Value {
        text(
            1050015,
            shown.join(", "),
            "info",
            Some(ctx(vec![("secrets", Value::Array(secrets))])),
        )
    }
    pub fn lookup_disable() -> Value {
        info(1050016, "Disable this method")
    }
    pub fn totp_secret_label() -> Value {
        info(
            1050017,
            "This is your authenticator app secret. Use it if you can not scan the QR code.",
        )
    }
    pub fn label_password() -> Value {
        info(1070001, "Password")
    }
    pub fn label_generated(title: &str, name: &str) -> Value {
        text(
            1070002,
            title,
            "info",
            Some(ctx(vec![("name", json!(name)), ("title", json!(title))])),
        )
    }
    pub fn label_save() -> Value {
        info(1070003, "Save")
    }
    pub fn label_id() -> Value {
        info(1070004, "ID")
    }
    pub fn label_verify_otp() -> Value {
        info(1070006, "Verify code")
    }
    pub fn generic(reason: &str) -> Value {
        error(4000001, reason, Some(ctx(vec![("reason", json!(reason))])))
    }
    pub fn required(property: &str) -> Value {
        error(
            4000002,
            format!("Property {property} is missing."),
            Some(ctx(vec![("property", json!(property))])),
        )
    }
    pub fn min_length(min: u64, actual: usize) -> Value {
        error(
            4000003,
            format!("length must be >= {min}, but got {actual}"),
            Some(ctx(vec![
                ("actual_length", json!(actual)),
                ("min_length", json!(min)),
            ])),
        )
    }
    pub fn pattern(p: &str) -> Value {
        error(
            4000004,
            format!("does not match pattern {p:?}"),
            Some(ctx(vec![("pattern", json!(p))])),
        )
    }
    pub fn invalid_credentials() -> Value {
        error(4000006, "The provided credentials are invalid, check for spelling mistakes in your password or username, email address, or phone number.", None)
    }
    pub fn totp_wrong() -> Value {
        error(
            4000008,
            "The provided authentication code is invalid, please try again.",
            None,
        )
    }
    pub fn lookup_used_already() -> Value {
        error(
            4000012,
            "This backup recovery code has already been used.",
            None,
        )
    }
    pub fn lookup_invalid() -> Value {
        error(4000016, "The backup recovery code is not valid.", None)
    }
    pub fn max_length(max: u64, actual: usize) -> Value {
        error(
            4000017,
            format!("length must be <= {max}, but got {actual}"),
            Some(ctx(vec![
                ("actual_length", json!(actual)),
                ("max_length", json!(max)),
            ])),
        )
    }
    pub fn wrong_type(allowed: Vec<String>, actual: &str) -> Value {
        error(
            4000026,
            format!("expected {}, but got {actual}", allowed.join(" or ")),
            Some(ctx(vec![
                ("actual_type", json!(actual)),
                ("allowed_types", json!(allowed)),
            ])),
        )
    }
    pub fn password_too_similar() -> Value {
        error(
            4000031,
            "The password can not be used because it is too similar to the identifier.",
            None,
        )
    }
    pub fn password_min_length(min: usize, actual: usize) -> Value {
        error(
            4000032,
            format!("The password must be at least {min} characters long, but got {actual}."),
            Some(ctx(vec![
                ("actual_length", json!(actual)),
                ("min_length", json!(min)),
            ])),
        )
    }
    pub fn password_max_length(max: usize, actual: usize) -> Value {
        error(
            4000033,
            format!("The password must be at most {max} characters long, but got {actual}."),
            Some(ctx(vec![
                ("actual_length", json!(actual)),
                ("max_length", json!(max)),
            ])),
        )
    }
    fn expired_minutes(expired_at: time::OffsetDateTime) -> String {
        let mins = (crate::util::now() - expired_at).as_seconds_f64() / 60.0;
        format!("{mins:.2}")
    }
    pub fn login_no_strategy() -> Value {
        error(
            4010002,
            "Could not find a strategy to log you in with. Did you fill out the form correctly?",
            None,
        )
    }
    pub fn settings_no_strategy() -> Value {
        error(
            4010004,
            "Could not find a strategy to update your settings. Did you fill out the form correctly?",
            None,
        )
    }
    fn expiry_ctx(expired_at: time::OffsetDateTime) -> Value {
        ctx(vec![
            ("expired_at", json!(crate::util::rfc3339(expired_at))),
            ("expired_at_unix", json!(expired_at.unix_timestamp())),
        ])
    }
    pub fn login_expired(expired_at: time::OffsetDateTime) -> Value {
        error(
            4010001,
            format!(
                "The login flow expired {} minutes ago, please try again.",
                expired_minutes(expired_at)
            ),
            Some(expiry_ctx(expired_at)),
        )
    }
    pub fn settings_expired(expired_at: time::OffsetDateTime) -> Value {
        error(
            4050001,
            format!(
                "The settings flow expired {} minutes ago, please try again.",
                expired_minutes(expired_at)
            ),
            Some(expiry_ctx(expired_at)),
        )
    }
}

/// A UI node. Attributes are kept as an ordered JSON object (Go struct field order).
#[derive(Debug, Clone)]
pub struct Node {
    pub typ: &'static str,
    pub group: &'static str,
    pub attributes: Map<String, Value>,
    pub messages: Vec<Value>,
    pub label: Option<Value>,
}

/// Builder for input attributes in Kratos' field order.
pub struct Input {
    pub name: String,
    pub typ: &'static str,
    pub value: Option<Value>,
    pub required: bool,
    pub autocomplete: Option<&'static str>,
    pub pattern: Option<String>,
    pub disabled: bool,
}

impl Input {
    pub fn new(name: &str, typ: &'static str) -> Self {
        Input {
            name: name.to_string(),
            typ,
            value: None,
            required: false,
            autocomplete: None,
            pattern: None,
            disabled: false,
        }
    }
    pub fn value(mut self, v: Value) -> Self {
        self.value = Some(v);
        self
    }
    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }
    pub fn autocomplete(mut self, a: &'static str) -> Self {
        self.autocomplete = Some(a);
        self
    }
    pub fn node(self, group: &'static str, label: Option<Value>) -> Node {
        let mut a = Map::new();
        a.insert("name".into(), json!(self.name));
        a.insert("type".into(), json!(self.typ));
        if let Some(v) = self.value {
            a.insert("value".into(), v);
        }
        if self.required {
            a.insert("required".into(), json!(true));
        }
        if let Some(ac) = self.autocomplete {
            a.insert("autocomplete".into(), json!(ac));
        }
        if let Some(p) = self.pattern {
            a.insert("pattern".into(), json!(p));
        }
        a.insert("disabled".into(), json!(self.disabled));
        a.insert("node_type".into(), json!("input"));
        Node {
            typ: "input",
            group,
            attributes: a,
            messages: vec![],
            label,
        }
    }
}

impl Node {
    pub fn csrf(masked: &str) -> Node {
        Input::new("csrf_token", "hidden")
            .value(json!(masked))
            .required()
            .node("default", None)
    }

    pub fn submit(group: &'static str, name: &str, value: &str, label: Value) -> Node {
        Input::new(name, "submit")
            .value(json!(value))
            .node(group, Some(label))
    }

    pub fn text(group: &'static str, id: &str, text: Value, label: Option<Value>) -> Node {
        let mut a = Map::new();
        a.insert("text".into(), text);
        a.insert("id".into(), json!(id));
        a.insert("node_type".into(), json!("text"));
        Node {
            typ: "text",
            group,
            attributes: a,
            messages: vec![],
            label,
        }
    }

    pub fn img(group: &'static str, id: &str, src: String, label: Option<Value>) -> Node {
        let mut a = Map::new();
        a.insert("src".into(), json!(src));
        a.insert("id".into(), json!(id));
        a.insert("width".into(), json!(256));
        a.insert("height".into(), json!(256));
        a.insert("node_type".into(), json!("img"));
        Node {
            typ: "img",
            group,
            attributes: a,
            messages: vec![],
            label,
        }
    }

    pub fn name(&self) -> Option<&str> {
        self.attributes.get("name").and_then(Value::as_str)
    }

    pub fn id(&self) -> Option<&str> {
        self.attributes.get("id").and_then(Value::as_str)
    }

    /// Set `value`, keeping Kratos' attribute order (value follows type).
    pub fn set_value(&mut self, v: Option<Value>) {
        let mut a = Map::new();
        let old = std::mem::take(&mut self.attributes);
        for (k, val) in old {
            if k == "value" {
                continue;
            }
            let is_type = k == "type";
            a.insert(k, val);
            if is_type {
                if let Some(v) = v.clone() {
                    a.insert("value".into(), v);
                }
            }
        }
        self.attributes = a;
    }

    pub fn to_json(&self) -> Value {
        let mut meta = Map::new();
        if let Some(l) = &self.label {
            meta.insert("label".into(), l.clone());
        }
        json!({
            "type": self.typ,
            "group": self.group,
            "attributes": Value::Object(self.attributes.clone()),
            "messages": self.messages,
            "meta": Value::Object(meta),
        })
    }
}

/// A UI container (`ui` key of flows).
#[derive(Debug, Clone, Default)]
pub struct Container {
    pub action: String,
    pub nodes: Vec<Node>,
    pub messages: Vec<Value>,
}

impl Container {
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("action".into(), json!(self.action));
        m.insert("method".into(), json!("POST"));
        m.insert(
            "nodes".into(),
            Value::Array(self.nodes.iter().map(Node::to_json).collect()),
        );
        if !self.messages.is_empty() {
            m.insert("messages".into(), Value::Array(self.messages.clone()));
        }
        Value::Object(m)
    }

    pub fn node_mut(&mut self, name: &str) -> Option<&mut Node> {
        self.nodes
            .iter_mut()
            .find(|n| n.name() == Some(name) && n.attributes.get("type") != Some(&json!("submit")))
    }

    /// Attach a validation message to the node `name`, or to the container when there is none.
    pub fn add_message(&mut self, name: Option<&str>, m: Value) {
        if let Some(n) = name.and_then(|n| self.node_mut(n)) {
            n.messages.push(m);
        } else {
            self.messages.push(m);
        }
    }

    /// Stable sort by Kratos' settings group order.
    pub fn sort_settings(&mut self) {
        const ORDER: [&str; 8] = [
            "default",
            "profile",
            "password",
            "oidc",
            "lookup_secret",
            "webauthn",
            "passkey",
            "totp",
        ];
        self.nodes.sort_by_key(|n| {
            ORDER
                .iter()
                .position(|g| *g == n.group)
                .unwrap_or(ORDER.len())
        });
    }
}
