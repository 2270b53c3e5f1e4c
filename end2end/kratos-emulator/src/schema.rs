//! The identity JSON schema: profile form nodes, trait validation with Kratos' message ids,
//! credential identifiers and verifiable/recovery addresses (`ory.sh/kratos` extension).

use crate::ui::{msg, Input, Node};
use serde_json::{json, Value};

#[derive(Debug, Clone)]
pub struct Field {
    /// Dotted node name, e.g. `traits.name.first`.
    pub name: String,
    /// JSON pointer inside `traits`, e.g. `/name/first`.
    pub pointer: String,
    pub json_type: String,
    pub format: Option<String>,
    pub title: Option<String>,
    pub required: bool,
    pub pattern: Option<String>,
    pub ext: Value,
}

pub struct IdentitySchema {
    pub id: String,
    pub url: String,
    pub raw: Value,
    validator: jsonschema::Validator,
    pub fields: Vec<Field>,
}

fn walk(
    props: &Value,
    required: &[String],
    prefix_name: &str,
    prefix_ptr: &str,
    out: &mut Vec<Field>,
) {
    let Some(map) = props.as_object() else { return };
    for (key, s) in map {
        let name = format!("{prefix_name}.{key}");
        let pointer = format!("{prefix_ptr}/{key}");
        let json_type = match s.get("type") {
            Some(Value::String(t)) => t.clone(),
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(Value::as_str)
                .find(|t| *t != "null")
                .unwrap_or("string")
                .to_string(),
            _ => "string".to_string(),
        };
        if json_type == "object" {
            let req: Vec<String> = s
                .get("required")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default();
            if let Some(p) = s.get("properties") {
                walk(p, &req, &name, &pointer, out);
            }
            continue;
        }
        out.push(Field {
            name,
            pointer,
            json_type,
            format: s.get("format").and_then(Value::as_str).map(String::from),
            title: s.get("title").and_then(Value::as_str).map(String::from),
            required: required.iter().any(|r| r == key),
            pattern: s.get("pattern").and_then(Value::as_str).map(String::from),
            ext: s.get("ory.sh/kratos").cloned().unwrap_or(Value::Null),
        });
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

impl IdentitySchema {
    pub fn new(raw: &Value, id: &str, url: &str) -> Result<Self, String> {
        let validator = jsonschema::options()
            .should_validate_formats(true)
            .build(raw)
            .map_err(|e| format!("not a valid JSON schema: {e}"))?;
        let traits = raw
            .pointer("/properties/traits")
            .ok_or("the schema has no properties.traits")?;
        let req: Vec<String> = traits
            .get("required")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default();
        let mut fields = Vec::new();
        if let Some(p) = traits.get("properties") {
            walk(p, &req, "traits", "", &mut fields);
        }
        Ok(IdentitySchema {
            id: id.to_string(),
            url: url.to_string(),
            raw: raw.clone(),
            validator,
            fields,
        })
    }

    fn field_value<'a>(&self, f: &Field, traits: &'a Value) -> Option<&'a Value> {
        traits.pointer(&f.pointer).filter(|v| !v.is_null())
    }

    /// Profile nodes hydrated with the identity's traits (`NewInputFieldFromSchema`).
    pub fn profile_nodes(&self, traits: &Value) -> Vec<Node> {
        let mut nodes = Vec::new();
        for f in &self.fields {
            let (typ, ac): (&'static str, Option<&'static str>) =
                match (f.json_type.as_str(), f.format.as_deref()) {
                    ("string", Some("email")) => ("email", Some("email")),
                    ("string", Some("tel")) => ("tel", Some("tel")),
                    ("string", Some("date")) => ("date", None),
                    ("string", Some("date-time")) => ("datetime-local", None),
                    ("string", Some("uri")) => ("url", None),
                    ("number" | "integer", _) => ("number", None),
                    ("boolean", _) => ("checkbox", None),
                    _ => ("text", None),
                };
            let mut input = Input::new(&f.name, typ);
            if let Some(v) = self.field_value(f, traits) {
                input = input.value(v.clone());
            }
            if f.required {
                input = input.required();
            }
            if let Some(a) = ac {
                input = input.autocomplete(a);
            }
            input.pattern = f.pattern.clone();
            let label = f.title.as_ref().map(|t| msg::label_generated(t, &f.name));
            nodes.push(input.node("profile", label));
        }
        nodes
    }

    /// Validate traits; returns (node name or None for flow-level, message).
    pub fn validate(&self, traits: &Value) -> Vec<(Option<String>, Value)> {
        use jsonschema::error::{TypeKind, ValidationErrorKind as K};
        let instance = json!({ "traits": traits });
        let mut out = Vec::new();
        for e in self.validator.iter_errors(&instance) {
            let ptr = e.instance_path.as_str().to_string();
            let to_name = |p: &str| -> String { p.trim_start_matches('/').replace('/', ".") };
            let (path, m) = match &e.kind {
                K::Required { property } => {
                    let p = property.as_str().unwrap_or_default().to_string();
                    (format!("{ptr}/{p}"), msg::required(&p))
                }
                K::MinLength { limit } => {
                    let len = e.instance.as_str().map(|s| s.chars().count()).unwrap_or(0);
                    (ptr.clone(), msg::min_length(*limit, len))
                }
                K::MaxLength { limit } => {
                    let len = e.instance.as_str().map(|s| s.chars().count()).unwrap_or(0);
                    (ptr.clone(), msg::max_length(*limit, len))
                }
                K::Format { format } => (
                    ptr.clone(),
                    msg::generic(&format!(
                        "{} is not valid {format:?}",
                        serde_json::to_string(e.instance.as_ref()).unwrap_or_default()
                    )),
                ),
                K::Pattern { pattern } => (ptr.clone(), msg::pattern(pattern)),
                // Kratos v1.3.1's wording (tests/fixtures/kratos-v1.3.1/settings/profile-invalid-enum.json).
                K::Enum { options } => (
                    ptr.clone(),
                    msg::generic(&format!(
                        "value must be one of {}",
                        options
                            .as_array()
                            .map(|o| o
                                .iter()
                                .map(|v| v.to_string())
                                .collect::<Vec<_>>()
                                .join(", "))
                            .unwrap_or_default()
                    )),
                ),
                K::Type { kind } => {
                    let allowed = match kind {
                        TypeKind::Single(t) => vec![t.to_string()],
                        TypeKind::Multiple(ts) => ts.iter().map(|t| t.to_string()).collect(),
                    };
                    (
                        ptr.clone(),
                        msg::wrong_type(allowed, type_name(&e.instance)),
                    )
                }
                K::AdditionalProperties { unexpected } => (
                    ptr.clone(),
                    msg::generic(&format!(
                        "additionalProperties {} not allowed",
                        unexpected
                            .iter()
                            .map(|u| format!("{u:?}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                ),
                _ => (ptr.clone(), msg::generic(&e.to_string())),
            };
            let name = to_name(&path);
            let name = if self.fields.iter().any(|f| f.name == name) {
                Some(name)
            } else {
                None
            };
            out.push((name, m));
        }
        out
    }

    fn ext_flag(f: &Field, path: &[&str]) -> bool {
        let mut cur = &f.ext;
        for p in path {
            match cur.get(*p) {
                Some(v) => cur = v,
                None => return false,
            }
        }
        cur.as_bool().unwrap_or(false)
    }

    fn normalize(f: &Field, v: &str) -> String {
        if f.format.as_deref() == Some("email") {
            v.trim().to_lowercase()
        } else {
            v.trim().to_string()
        }
    }

    /// Password identifiers (normalised: emails lower-cased).
    pub fn password_identifiers(&self, traits: &Value) -> Vec<String> {
        self.fields
            .iter()
            .filter(|f| Self::ext_flag(f, &["credentials", "password", "identifier"]))
            .filter_map(|f| {
                self.field_value(f, traits)
                    .and_then(Value::as_str)
                    .map(|s| Self::normalize(f, s))
            })
            .filter(|s| !s.is_empty())
            .collect()
    }

    fn addresses(&self, traits: &Value, kind: &str) -> Vec<(String, String)> {
        self.fields
            .iter()
            .filter_map(|f| {
                let via = f.ext.get(kind)?.get("via")?.as_str()?.to_string();
                let v = self.field_value(f, traits)?.as_str()?;
                Some((Self::normalize(f, v), via))
            })
            .collect()
    }

    pub fn verifiable_addresses(&self, traits: &Value) -> Vec<(String, String)> {
        self.addresses(traits, "verification")
    }

    pub fn recovery_addresses(&self, traits: &Value) -> Vec<(String, String)> {
        self.addresses(traits, "recovery")
    }

    pub fn totp_account_name(&self, traits: &Value) -> Option<String> {
        self.fields
            .iter()
            .filter(|f| Self::ext_flag(f, &["credentials", "totp", "account_name"]))
            .find_map(|f| self.field_value(f, traits).and_then(Value::as_str))
            .map(String::from)
    }

    /// Label of the login `identifier` node: the identifier trait's title, else "ID".
    pub fn identifier_label(&self) -> Value {
        let ids: Vec<&Field> = self
            .fields
            .iter()
            .filter(|f| Self::ext_flag(f, &["credentials", "password", "identifier"]))
            .collect();
        match ids.as_slice() {
            [f] if f.title.is_some() => {
                msg::label_generated(f.title.as_deref().unwrap_or_default(), &f.name)
            }
            _ => msg::label_id(),
        }
    }

    /// Coerce form strings to the schema's types; optional empty strings are dropped.
    pub fn coerce_form_traits(&self, traits: &mut Value) {
        for f in &self.fields {
            let Some(v) = traits.pointer_mut(&f.pointer) else {
                continue;
            };
            let Value::String(s) = v else { continue };
            let new = match f.json_type.as_str() {
                "number" => s.parse::<f64>().ok().map(|n| json!(n)),
                "integer" => s.parse::<i64>().ok().map(|n| json!(n)),
                "boolean" => match s.as_str() {
                    "true" | "on" | "1" => Some(json!(true)),
                    "false" | "off" | "0" | "" => Some(json!(false)),
                    _ => None,
                },
                _ => {
                    if s.is_empty() && !f.required {
                        Some(Value::Null)
                    } else {
                        None
                    }
                }
            };
            if let Some(n) = new {
                *v = n;
            }
        }
        remove_nulls(traits);
    }
}

fn remove_nulls(v: &mut Value) {
    if let Value::Object(m) = v {
        m.retain(|_, c| !c.is_null());
        for c in m.values_mut() {
            remove_nulls(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> IdentitySchema {
        let raw: Value = serde_json::from_str(
            &std::fs::read_to_string(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("../kratos/identity.schema.json"),
            )
            .unwrap(),
        )
        .unwrap();
        IdentitySchema::new(&raw, "default", "").unwrap()
    }

    #[test]
    fn fields_and_nodes() {
        let s = schema();
        let names: Vec<&str> = s.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "traits.email",
                "traits.name.first",
                "traits.name.last",
                "traits.website",
                "traits.locale"
            ]
        );
        let nodes = s.profile_nodes(&json!({"email": "a@b.co", "name": {"first": "A"}}));
        let email = nodes[0].to_json();
        assert_eq!(
            email["attributes"],
            json!({"name":"traits.email","type":"email","value":"a@b.co","required":true,"autocomplete":"email","disabled":false,"node_type":"input"})
        );
        assert_eq!(
            email["meta"]["label"]["context"],
            json!({"name":"traits.email","title":"E-Mail"})
        );
        assert_eq!(nodes[3].to_json()["attributes"]["type"], "url");
    }

    #[test]
    fn validation_messages() {
        let s = schema();
        let errs = s.validate(&json!({"email": "not-an-email"}));
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].0.as_deref(), Some("traits.email"));
        assert_eq!(errs[0].1["id"], 4000001);
        assert_eq!(errs[0].1["text"], r#""not-an-email" is not valid "email""#);
        let errs = s.validate(&json!({}));
        assert_eq!(errs[0].0.as_deref(), Some("traits.email"));
        assert_eq!(errs[0].1["id"], 4000002);
        assert_eq!(errs[0].1["text"], "Property email is missing.");
        let errs = s.validate(&json!({"email": "a@b.co", "locale": "xx"}));
        assert_eq!(errs[0].0.as_deref(), Some("traits.locale"));
        assert_eq!(
            errs[0].1["text"],
            r#"value must be one of "en", "de", "fr""#
        );
        let errs = s.validate(&json!({"email": "a@b.co", "website": "nope"}));
        assert_eq!(errs[0].0.as_deref(), Some("traits.website"));
        assert_eq!(errs[0].1["id"], 4000001);
        assert!(s
            .validate(&json!({"email": "a@b.co", "website": "https://x.example/"}))
            .is_empty());
    }

    #[test]
    fn identifiers_and_addresses() {
        let s = schema();
        let t = json!({"email": "Foo@Example.org"});
        assert_eq!(s.password_identifiers(&t), ["foo@example.org"]);
        assert_eq!(
            s.verifiable_addresses(&t),
            [("foo@example.org".to_string(), "email".to_string())]
        );
        assert_eq!(s.totp_account_name(&t).as_deref(), Some("Foo@Example.org"));
    }

    #[test]
    fn form_coercion_drops_empty_optionals() {
        let s = schema();
        let mut t = json!({"email": "a@b.co", "website": "", "name": {"first": "", "last": "L"}});
        s.coerce_form_traits(&mut t);
        assert_eq!(t, json!({"email": "a@b.co", "name": {"last": "L"}}));
    }
}
