//! Registration options for security keys and passkeys, completed with the keys already added.
//!
//! Kratos v1.3.1 begins a registration without `excludeCredentials`
//! (`selfservice/strategy/webauthn/settings.go` and `passkey/passkey_settings.go` call
//! `BeginRegistration` with the user alone), so the same key or device can be added twice and then
//! appears twice in the list. The keys already added are in the flow, as the values of their
//! remove buttons (hex credential ids, `x/webauthnx/nodes.go`); listed in `excludeCredentials`
//! (base64url, as Kratos's `webauthn.js` decodes them), the authenticator itself refuses to register
//! again. Kratos checks nothing about exclusions, so this only stops the duplicate earlier.

use super::{NodeAttributes, UiNode};
use serde_json::{json, Value};

/// Per group: the node holding the registration options and the remove buttons' name.
const REGISTRATIONS: &[(&str, &str, &str)] = &[
    ("webauthn", "webauthn_register_trigger", "webauthn_remove"),
    ("passkey", "passkey_create_data", "passkey_remove"),
];

/// Adds the credentials of `nodes`' remove buttons to the registration options in the same group.
pub(crate) fn exclude_registered_credentials(nodes: &mut [UiNode]) {
    for (group, options_node, remove_button) in REGISTRATIONS {
        let registered: Vec<Value> = nodes
            .iter()
            .filter(|n| n.group == *group)
            .filter_map(|n| match &n.attributes {
                NodeAttributes::Input(a) if a.name == *remove_button => a.value.as_ref(),
                _ => None,
            })
            .filter_map(|v| v.as_str().and_then(hex_to_base64url))
            .map(|id| json!({ "type": "public-key", "id": id }))
            .collect();
        if registered.is_empty() {
            continue;
        }
        for node in nodes.iter_mut().filter(|n| n.group == *group) {
            let NodeAttributes::Input(a) = &mut node.attributes else {
                continue;
            };
            if a.name != *options_node {
                continue;
            }
            let Some(Value::String(text)) = &a.value else {
                continue;
            };
            let Ok(mut options) = serde_json::from_str::<Value>(text) else {
                continue;
            };
            let Some(public_key) = options.get_mut("publicKey").and_then(Value::as_object_mut)
            else {
                continue;
            };
            let excluded = public_key
                .entry("excludeCredentials")
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(list) = excluded {
                for credential in &registered {
                    if !list.contains(credential) {
                        list.push(credential.clone());
                    }
                }
            }
            a.value = Some(Value::String(options.to_string()));
        }
    }
}

/// `"0aff"` → `"Cv8"`; `None` unless `hex` is an even number of hex digits.
fn hex_to_base64url(hex: &str) -> Option<String> {
    if hex.is_empty() || !hex.len().is_multiple_of(2) {
        return None;
    }
    let bytes = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect::<Option<Vec<u8>>>()?;
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + 3);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(group: &str, name: &str, input_type: &str, value: &str) -> UiNode {
        serde_json::from_value(json!({
            "type": "input", "group": group, "messages": [], "meta": {},
            "attributes": {"name": name, "type": input_type, "value": value, "node_type": "input", "disabled": false}
        }))
        .unwrap()
    }

    fn value(node: &UiNode) -> Value {
        match &node.attributes {
            NodeAttributes::Input(a) => {
                serde_json::from_str(a.value.as_ref().unwrap().as_str().unwrap()).unwrap()
            }
            _ => unreachable!(),
        }
    }

    #[test]
    fn hex_ids_become_base64url() {
        assert_eq!(hex_to_base64url("0aff").as_deref(), Some("Cv8"));
        assert_eq!(hex_to_base64url("fbff").as_deref(), Some("-_8"));
        assert_eq!(hex_to_base64url("616263").as_deref(), Some("YWJj"));
        assert_eq!(hex_to_base64url("6162").as_deref(), Some("YWI"));
        assert_eq!(hex_to_base64url("abc"), None);
        assert_eq!(hex_to_base64url("zz"), None);
        assert_eq!(hex_to_base64url(""), None);
    }

    #[test]
    fn added_keys_are_excluded_from_the_next_registration_in_their_group() {
        let options = r#"{"publicKey":{"challenge":"c","user":{"id":"u"}}}"#;
        let mut nodes = vec![
            node("webauthn", "webauthn_register_trigger", "button", options),
            node("webauthn", "webauthn_remove", "submit", "616263"),
            node("webauthn", "webauthn_remove", "submit", "0aff"),
            node("passkey", "passkey_create_data", "hidden", options),
            node("passkey", "passkey_remove", "submit", "6162"),
        ];
        exclude_registered_credentials(&mut nodes);
        assert_eq!(
            value(&nodes[0])["publicKey"]["excludeCredentials"],
            json!([{"type": "public-key", "id": "YWJj"}, {"type": "public-key", "id": "Cv8"}])
        );
        assert_eq!(value(&nodes[0])["publicKey"]["challenge"], "c");
        assert_eq!(
            value(&nodes[3])["publicKey"]["excludeCredentials"],
            json!([{"type": "public-key", "id": "YWI"}])
        );
    }

    #[test]
    fn without_added_keys_or_with_options_that_are_not_json_nothing_changes() {
        let mut nodes = vec![node(
            "webauthn",
            "webauthn_register_trigger",
            "button",
            r#"{"publicKey":{}}"#,
        )];
        let before = nodes.clone();
        exclude_registered_credentials(&mut nodes);
        assert_eq!(nodes, before);
        let mut nodes = vec![
            node(
                "webauthn",
                "webauthn_register_trigger",
                "button",
                "not json",
            ),
            node("webauthn", "webauthn_remove", "submit", "0aff"),
        ];
        let before = nodes.clone();
        exclude_registered_credentials(&mut nodes);
        assert_eq!(nodes, before);
    }
}
