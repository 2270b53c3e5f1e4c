//! UI nodes as Kratos sends them (`ui/node/node.go`, `ui/node/attributes.go`).
//!
//! Kratos adds node types, groups and input types over time; an unknown one must not fail the whole
//! flow, so groups and input types stay strings and unknown node types keep their raw attributes.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// A message or label (`text/message.go`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UiText {
    pub id: i64,
    #[serde(default)]
    pub text: String,
    #[serde(rename = "type", default)]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Value>,
}

impl UiText {
    pub fn is_error(&self) -> bool {
        self.kind == "error"
    }

    /// The `context.secrets` of a lookup-codes text node: one message per backup code.
    pub fn secrets(&self) -> Option<Vec<UiText>> {
        let secrets = self.context.as_ref()?.get("secrets")?;
        serde_json::from_value(secrets.clone()).ok()
    }

    pub fn context_str(&self, key: &str) -> Option<&str> {
        self.context.as_ref()?.get(key)?.as_str()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NodeMeta {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<UiText>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UiNode {
    #[serde(rename = "type")]
    pub node_type: String,
    #[serde(default)]
    pub group: String,
    pub attributes: NodeAttributes,
    #[serde(default)]
    pub messages: Vec<UiText>,
    #[serde(default)]
    pub meta: NodeMeta,
}

impl UiNode {
    pub fn label(&self) -> Option<&UiText> {
        self.meta.label.as_ref().or(match &self.attributes {
            NodeAttributes::Input(input) => input.label.as_ref(),
            _ => None,
        })
    }

    /// The input's `name`, or the element id of other node kinds.
    pub fn key(&self) -> &str {
        match &self.attributes {
            NodeAttributes::Input(a) => &a.name,
            NodeAttributes::Text(a) => &a.id,
            NodeAttributes::Img(a) => &a.id,
            NodeAttributes::Anchor(a) => &a.id,
            NodeAttributes::Script(a) => &a.id,
            NodeAttributes::Div(a) => &a.id,
            NodeAttributes::Unknown(_) => "",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SelectOption {
    pub value: Value,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct InputAttributes {
    pub name: String,
    #[serde(rename = "type", default)]
    pub input_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    #[serde(default)]
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub autocomplete: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<UiText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    #[serde(default)]
    pub disabled: bool,
    #[serde(
        rename = "onclickTrigger",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub onclick_trigger: Option<String>,
    #[serde(
        rename = "onloadTrigger",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub onload_trigger: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maxlength: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<SelectOption>>,
}

impl InputAttributes {
    /// The value as the string a form field carries.
    pub fn value_string(&self) -> Option<String> {
        self.value.as_ref().and_then(value_to_form_string)
    }
}

/// How a JSON value travels in an HTML form field.
pub fn value_to_form_string(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        other => Some(other.to_string()),
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TextAttributes {
    pub text: UiText,
    #[serde(default)]
    pub id: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImageAttributes {
    #[serde(default)]
    pub src: String,
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub width: Option<u32>,
    #[serde(default)]
    pub height: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnchorAttributes {
    pub href: String,
    pub title: UiText,
    #[serde(default)]
    pub id: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScriptAttributes {
    #[serde(default)]
    pub src: String,
    #[serde(default)]
    pub id: String,
    #[serde(rename = "async", default)]
    pub is_async: bool,
    #[serde(default)]
    pub referrerpolicy: String,
    #[serde(default)]
    pub crossorigin: String,
    #[serde(default)]
    pub integrity: String,
    #[serde(rename = "type", default)]
    pub script_type: String,
    #[serde(default)]
    pub nonce: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DivAttributes {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub class: Option<String>,
    #[serde(default)]
    pub data: Option<std::collections::BTreeMap<String, String>>,
}

/// Attributes, discriminated by `node_type` (OpenAPI `uiNodeAttributes`).
#[derive(Clone, Debug, PartialEq)]
pub enum NodeAttributes {
    Input(InputAttributes),
    Text(TextAttributes),
    Img(ImageAttributes),
    Anchor(AnchorAttributes),
    Script(ScriptAttributes),
    Div(DivAttributes),
    /// A node type this UI does not know yet, kept as sent.
    Unknown(Map<String, Value>),
}

impl<'de> Deserialize<'de> for NodeAttributes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let map = Map::<String, Value>::deserialize(d)?;
        let kind = map.get("node_type").and_then(Value::as_str).unwrap_or("");
        fn typed<T: serde::de::DeserializeOwned, E: Error>(
            map: Map<String, Value>,
        ) -> Result<T, E> {
            serde_json::from_value(Value::Object(map)).map_err(E::custom)
        }
        Ok(match kind {
            "input" => NodeAttributes::Input(typed(map)?),
            "text" => NodeAttributes::Text(typed(map)?),
            "img" => NodeAttributes::Img(typed(map)?),
            "a" => NodeAttributes::Anchor(typed(map)?),
            "script" => NodeAttributes::Script(typed(map)?),
            "div" => NodeAttributes::Div(typed(map)?),
            _ => NodeAttributes::Unknown(map),
        })
    }
}

impl Serialize for NodeAttributes {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::Error;
        let (kind, value) = match self {
            NodeAttributes::Input(a) => ("input", serde_json::to_value(a)),
            NodeAttributes::Text(a) => ("text", serde_json::to_value(a)),
            NodeAttributes::Img(a) => ("img", serde_json::to_value(a)),
            NodeAttributes::Anchor(a) => ("a", serde_json::to_value(a)),
            NodeAttributes::Script(a) => ("script", serde_json::to_value(a)),
            NodeAttributes::Div(a) => ("div", serde_json::to_value(a)),
            NodeAttributes::Unknown(map) => return map.serialize(s),
        };
        let mut value = value.map_err(S::Error::custom)?;
        if let Value::Object(map) = &mut value {
            map.insert("node_type".into(), Value::String(kind.into()));
        }
        value.serialize(s)
    }
}
