//! Request body decoding: form-urlencoded or JSON, dotted keys expanded to nested objects
//! (`decoderx.HTTPDecoderJSONFollowsFormFormat`).

use axum::http::{header, HeaderMap};
use serde_json::{Map, Value};

fn insert_dotted(root: &mut Map<String, Value>, key: &str, v: Value) {
    let parts: Vec<&str> = key.split('.').collect();
    let mut cur = root;
    for (i, p) in parts.iter().enumerate() {
        if i == parts.len() - 1 {
            cur.entry(p.to_string()).or_insert(v);
            return;
        }
        let e = cur
            .entry(p.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        if !e.is_object() {
            *e = Value::Object(Map::new());
        }
        match e {
            Value::Object(m) => cur = m,
            _ => return,
        }
    }
}

fn expand(v: Value) -> Map<String, Value> {
    let mut out = Map::new();
    if let Value::Object(m) = v {
        for (k, val) in m {
            let val = if val.is_object() {
                Value::Object(expand(val))
            } else {
                val
            };
            if k.contains('.') {
                insert_dotted(&mut out, &k, val);
            } else if let (Some(Value::Object(existing)), Value::Object(new)) =
                (out.get_mut(&k), &val)
            {
                for (nk, nv) in new {
                    existing.insert(nk.clone(), nv.clone());
                }
            } else {
                out.insert(k, val);
            }
        }
    }
    out
}

/// Decoded body plus whether it came as a form (values are strings then).
pub struct Payload {
    pub data: Map<String, Value>,
    pub form: bool,
}

impl Payload {
    pub fn empty() -> Self {
        Payload {
            data: Map::new(),
            form: true,
        }
    }

    pub fn from_value(v: Value, form: bool) -> Self {
        Payload {
            data: expand(v),
            form,
        }
    }

    pub fn str(&self, k: &str) -> Option<&str> {
        self.data.get(k).and_then(Value::as_str)
    }

    /// A boolean flag given as `true` (JSON) or `"true"` (form).
    pub fn flag(&self, k: &str) -> bool {
        match self.data.get(k) {
            Some(Value::Bool(b)) => *b,
            Some(Value::String(s)) => s == "true" || s == "1" || s == "on",
            _ => false,
        }
    }

    pub fn to_value(&self) -> Value {
        Value::Object(self.data.clone())
    }
}

/// Decode the body; `Err` carries a reason for a 400.
pub fn decode(headers: &HeaderMap, bytes: &[u8]) -> Result<Payload, String> {
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if ct.starts_with("application/json") {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(Payload::empty());
        }
        let v: Value = serde_json::from_slice(bytes)
            .map_err(|e| format!("Unable to decode JSON payload: {e}"))?;
        if !v.is_object() {
            return Err("Unable to decode JSON payload: expected an object".into());
        }
        return Ok(Payload::from_value(v, false));
    }
    let mut m = Map::new();
    for (k, v) in url::form_urlencoded::parse(bytes) {
        if !m.contains_key(k.as_ref()) {
            m.insert(k.into_owned(), Value::String(v.into_owned()));
        }
    }
    Ok(Payload::from_value(Value::Object(m), true))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;
    use serde_json::json;

    #[test]
    fn form_and_json_follow_form_format() {
        let mut h = HeaderMap::new();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        );
        let p = decode(
            &h,
            b"traits.email=a%40b.co&traits.name.first=A&method=profile",
        )
        .unwrap();
        assert_eq!(
            p.to_value(),
            json!({"traits": {"email": "a@b.co", "name": {"first": "A"}}, "method": "profile"})
        );
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        let p = decode(
            &h,
            br#"{"traits.email":"a@b.co","traits":{"name":{"last":"L"}}}"#,
        )
        .unwrap();
        assert_eq!(
            p.to_value(),
            json!({"traits": {"email": "a@b.co", "name": {"last": "L"}}})
        );
        assert!(decode(&h, b"[1,2]").is_err());
        assert!(decode(&h, b"{not json").is_err());
    }
}
