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

#[derive(Clone, Debug, PartialEq, Serialize)]
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

/// [`value_to_form_string`] for a value the caller owns: a string is moved, not copied.
pub(crate) fn value_into_form_string(v: Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s),
        other => value_to_form_string(&other),
    }
}

/// How a JSON value travels in an HTML form field.
pub(crate) fn value_to_form_string(v: &Value) -> Option<String> {
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
// Most nodes of every flow are inputs: boxing the largest variant would add an allocation to the
// common case and save nothing.
#[allow(clippy::large_enum_variant)]
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

/// Kratos's node kinds (`ui/node/node.go`: `UiNodeType…`), named once: parsing, serializing and
/// the renderers all go through this table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    Input,
    Text,
    Img,
    Anchor,
    Script,
    Div,
}

impl NodeKind {
    const TABLE: [(NodeKind, &'static str); 6] = [
        (NodeKind::Input, "input"),
        (NodeKind::Text, "text"),
        (NodeKind::Img, "img"),
        (NodeKind::Anchor, "a"),
        (NodeKind::Script, "script"),
        (NodeKind::Div, "div"),
    ];

    /// The kind Kratos names `name`; `None` for a kind this UI does not know yet.
    pub fn parse(name: &str) -> Option<NodeKind> {
        Self::TABLE
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(k, _)| *k)
    }

    /// The name Kratos gives this kind, in a node's `type` and its attributes' `node_type`.
    pub fn name(self) -> &'static str {
        Self::TABLE
            .iter()
            .find(|(k, _)| *k == self)
            .map(|(_, n)| *n)
            .unwrap_or("")
    }

    /// Attributes of this kind (or, for an unknown kind, the raw map) from any deserializer.
    fn attributes<'de, D: Deserializer<'de>>(
        kind: Option<NodeKind>,
        d: D,
    ) -> Result<NodeAttributes, D::Error> {
        Ok(match kind {
            Some(NodeKind::Input) => NodeAttributes::Input(InputAttributes::deserialize(d)?),
            Some(NodeKind::Text) => NodeAttributes::Text(TextAttributes::deserialize(d)?),
            Some(NodeKind::Img) => NodeAttributes::Img(ImageAttributes::deserialize(d)?),
            Some(NodeKind::Anchor) => NodeAttributes::Anchor(AnchorAttributes::deserialize(d)?),
            Some(NodeKind::Script) => NodeAttributes::Script(ScriptAttributes::deserialize(d)?),
            Some(NodeKind::Div) => NodeAttributes::Div(DivAttributes::deserialize(d)?),
            None => NodeAttributes::Unknown(Map::deserialize(d)?),
        })
    }
}

impl NodeAttributes {
    /// The kind of these attributes; `None` for a kind kept as sent.
    pub fn kind(&self) -> Option<NodeKind> {
        Some(match self {
            NodeAttributes::Input(_) => NodeKind::Input,
            NodeAttributes::Text(_) => NodeKind::Text,
            NodeAttributes::Img(_) => NodeKind::Img,
            NodeAttributes::Anchor(_) => NodeKind::Anchor,
            NodeAttributes::Script(_) => NodeKind::Script,
            NodeAttributes::Div(_) => NodeKind::Div,
            NodeAttributes::Unknown(_) => return None,
        })
    }

    /// Attributes already buffered as a map, discriminated by their own `node_type`.
    fn from_map<E: serde::de::Error>(map: Map<String, Value>) -> Result<Self, E> {
        let kind = map
            .get("node_type")
            .and_then(Value::as_str)
            .and_then(NodeKind::parse);
        NodeKind::attributes(kind, Value::Object(map)).map_err(E::custom)
    }
}

impl<'de> Deserialize<'de> for NodeAttributes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        NodeAttributes::from_map(Map::<String, Value>::deserialize(d)?)
    }
}

/// Attributes of a node whose `type` is already known: parsed straight into their struct.
struct AttributesOfType<'a>(&'a str);

impl<'de> serde::de::DeserializeSeed<'de> for AttributesOfType<'_> {
    type Value = NodeAttributes;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<NodeAttributes, D::Error> {
        NodeKind::attributes(NodeKind::parse(self.0), d)
    }
}

/// Kratos writes a node's `type` before its `attributes` (the field order of `ui/node/node.go`),
/// so the attributes can go straight into their struct. Buffering them as a map first, as the
/// attributes' own `node_type` would need, doubled the parse time of a whole flow. A node with its
/// fields in another order still parses, through that map.
impl<'de> Deserialize<'de> for UiNode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(field_identifier, rename_all = "lowercase")]
        enum Field {
            Type,
            Group,
            Attributes,
            Messages,
            Meta,
            #[serde(other)]
            Other,
        }

        struct NodeVisitor;

        impl<'de> serde::de::Visitor<'de> for NodeVisitor {
            type Value = UiNode;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a UI node")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<UiNode, A::Error> {
                use serde::de::Error;
                let mut node_type: Option<String> = None;
                let mut group = None;
                let mut attributes = None;
                let mut messages = None;
                let mut meta = None;
                while let Some(field) = map.next_key::<Field>()? {
                    match field {
                        Field::Type => node_type = Some(map.next_value()?),
                        Field::Group => group = Some(map.next_value()?),
                        Field::Attributes => {
                            attributes = Some(match node_type.as_deref() {
                                Some(kind) => map.next_value_seed(AttributesOfType(kind))?,
                                None => NodeAttributes::from_map(map.next_value()?)?,
                            })
                        }
                        Field::Messages => messages = Some(map.next_value()?),
                        Field::Meta => meta = Some(map.next_value()?),
                        Field::Other => {
                            map.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(UiNode {
                    node_type: node_type.ok_or_else(|| A::Error::missing_field("type"))?,
                    group: group.unwrap_or_default(),
                    attributes: attributes.ok_or_else(|| A::Error::missing_field("attributes"))?,
                    messages: messages.unwrap_or_default(),
                    meta: meta.unwrap_or_default(),
                })
            }
        }

        d.deserialize_map(NodeVisitor)
    }
}

impl Serialize for NodeAttributes {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::Error;
        let value = match self {
            NodeAttributes::Input(a) => serde_json::to_value(a),
            NodeAttributes::Text(a) => serde_json::to_value(a),
            NodeAttributes::Img(a) => serde_json::to_value(a),
            NodeAttributes::Anchor(a) => serde_json::to_value(a),
            NodeAttributes::Script(a) => serde_json::to_value(a),
            NodeAttributes::Div(a) => serde_json::to_value(a),
            NodeAttributes::Unknown(map) => return map.serialize(s),
        };
        let mut value = value.map_err(S::Error::custom)?;
        if let (Value::Object(map), Some(kind)) = (&mut value, self.kind()) {
            map.insert("node_type".into(), Value::String(kind.name().into()));
        }
        value.serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::{NodeAttributes, UiNode};

    const ATTRIBUTES: &str = r#"{"name":"password","type":"password","required":true,"autocomplete":"new-password","disabled":false,"node_type":"input"}"#;

    #[test]
    fn a_node_parses_the_same_whatever_the_order_of_its_fields() {
        let kratos_order: UiNode = serde_json::from_str(&format!(
            r#"{{"type":"input","group":"password","attributes":{ATTRIBUTES},"messages":[],"meta":{{}}}}"#
        ))
        .unwrap();
        let attributes_first: UiNode = serde_json::from_str(&format!(
            r#"{{"attributes":{ATTRIBUTES},"meta":{{}},"group":"password","type":"input","extra":[1]}}"#
        ))
        .unwrap();
        assert_eq!(kratos_order, attributes_first);
        let NodeAttributes::Input(input) = &kratos_order.attributes else {
            panic!("an input node: {kratos_order:?}")
        };
        assert_eq!(input.name, "password");
        assert!(input.required);
    }

    #[test]
    fn an_unknown_node_type_keeps_its_attributes_and_a_malformed_node_is_an_error() {
        let node: UiNode = serde_json::from_str(
            r#"{"type":"frame","group":"default","attributes":{"node_type":"frame","src":"x"}}"#,
        )
        .unwrap();
        assert!(matches!(&node.attributes, NodeAttributes::Unknown(m) if m["src"] == "x"));
        assert!(serde_json::from_str::<UiNode>(r#"{"type":"input","group":"default"}"#).is_err());
        assert!(
            serde_json::from_str::<UiNode>(
                r#"{"type":"input","attributes":{"type":"text"},"group":"default"}"#
            )
            .is_err(),
            "an input without a name"
        );
    }
}
