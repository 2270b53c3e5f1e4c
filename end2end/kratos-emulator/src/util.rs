//! Small helpers: time formatting in Go's style, Go-compatible query escaping,
//! randomness, content negotiation (JSON vs browser mode) and cookie parsing.

use axum::http::HeaderMap;
use rand::RngCore;
use std::collections::HashMap;
use time::OffsetDateTime;

/// Current UTC time truncated to microseconds (the precision Kratos' SQL stores).
pub fn now() -> OffsetDateTime {
    let t = OffsetDateTime::now_utc();
    let micros = t.microsecond();
    t.replace_nanosecond(micros * 1000).unwrap_or(t)
}

fn trimmed_fraction(nanos: u32) -> String {
    if nanos == 0 {
        return String::new();
    }
    let s = format!("{nanos:09}");
    format!(".{}", s.trim_end_matches('0'))
}

/// RFC 3339 with trimmed fractional seconds, like Go's `time.Time` JSON encoding.
pub fn rfc3339(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        trimmed_fraction(t.nanosecond())
    )
}

/// Go's `time.Time.String()` for UTC times: `2021-08-17 11:32:39 +0000 UTC`.
pub fn go_time_string(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}{} +0000 UTC",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        trimmed_fraction(t.nanosecond())
    )
}

/// HTTP date for cookie `Expires` attributes.
pub fn http_date(t: OffsetDateTime) -> String {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
        DAYS[t.weekday().number_days_from_monday() as usize],
        t.day(),
        MONTHS[u8::from(t.month()) as usize - 1],
        t.year(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// Go's `url.QueryEscape`.
pub fn query_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Go's `url.Values.Encode()`: keys sorted, values query-escaped.
pub fn encode_query(pairs: &[(&str, &str)]) -> String {
    let mut v: Vec<(&str, &str)> = pairs.to_vec();
    v.sort_by(|a, b| a.0.cmp(b.0));
    v.iter()
        .map(|(k, val)| format!("{}={}", query_escape(k), query_escape(val)))
        .collect::<Vec<_>>()
        .join("&")
}

pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    rand::rng().fill_bytes(&mut b);
    b
}

/// A random string from `alphabet`.
pub fn random_string(len: usize, alphabet: &[u8]) -> String {
    use rand::Rng;
    let mut rng = rand::rng();
    (0..len)
        .map(|_| alphabet[rng.random_range(0..alphabet.len())] as char)
        .collect()
}

/// Parse query parameters (first value wins).
pub fn query_map(query: Option<&str>) -> HashMap<String, String> {
    let mut m = HashMap::new();
    if let Some(q) = query {
        for (k, v) in url::form_urlencoded::parse(q.as_bytes()) {
            m.entry(k.into_owned()).or_insert_with(|| v.into_owned());
        }
    }
    m
}

struct Spec {
    value: String,
    q: f64,
}

fn parse_accept(headers: &HeaderMap) -> Vec<Spec> {
    let mut specs = Vec::new();
    for h in headers.get_all(axum::http::header::ACCEPT) {
        let Ok(s) = h.to_str() else { continue };
        for part in s.split(',') {
            let mut it = part.split(';');
            let value = it.next().unwrap_or("").trim().to_ascii_lowercase();
            if value.is_empty() {
                continue;
            }
            let mut q = 1.0;
            for param in it {
                let param = param.trim();
                if let Some(v) = param.strip_prefix("q=") {
                    q = v.trim().parse().unwrap_or(0.0);
                }
            }
            specs.push(Spec { value, q });
        }
    }
    specs
}

/// Port of `github.com/golang/gddo/httputil.NegotiateContentType`.
pub fn negotiate(headers: &HeaderMap, offers: &[&str], default: &str) -> String {
    let specs = parse_accept(headers);
    let mut best_offer = default.to_string();
    let mut best_q = -1.0;
    let mut best_wild = 3;
    for offer in offers {
        for spec in &specs {
            if spec.q == 0.0 || spec.q < best_q {
                continue;
            }
            if spec.value == "*/*" {
                if spec.q > best_q || best_wild > 2 {
                    best_q = spec.q;
                    best_wild = 2;
                    best_offer = offer.to_string();
                }
            } else if let Some(prefix) = spec.value.strip_suffix('*') {
                if spec.value.ends_with("/*")
                    && offer.starts_with(prefix)
                    && (spec.q > best_q || best_wild > 1)
                {
                    best_q = spec.q;
                    best_wild = 1;
                    best_offer = offer.to_string();
                }
            } else if spec.value == *offer && (spec.q > best_q || best_wild > 0) {
                best_q = spec.q;
                best_wild = 0;
                best_offer = offer.to_string();
            }
        }
    }
    best_offer
}

/// `x.IsJSONRequest`: Accept negotiates to JSON, or Content-Type is exactly `application/json`.
pub fn is_json_request(headers: &HeaderMap) -> bool {
    let ct_json = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v == "application/json")
        .unwrap_or(false);
    ct_json
        || negotiate(
            headers,
            &["text/html", "text/*", "*/*", "application/json"],
            "text/html",
        ) == "application/json"
}

/// `x.SendFlowCompletedAsRedirectOrJSON` / `ContentNegotiationRedirection` rule.
pub fn wants_json_strict(headers: &HeaderMap) -> bool {
    negotiate(headers, &["text/html", "application/json"], "text/html") == "application/json"
}

/// All cookies of the request (first occurrence of a name wins).
pub fn cookies(headers: &HeaderMap) -> HashMap<String, String> {
    let mut m = HashMap::new();
    for h in headers.get_all(axum::http::header::COOKIE) {
        let Ok(s) = h.to_str() else { continue };
        for part in s.split(';') {
            if let Some((k, v)) = part.trim().split_once('=') {
                let v = v.trim().trim_matches('"');
                m.entry(k.trim().to_string())
                    .or_insert_with(|| v.to_string());
            }
        }
    }
    m
}

pub fn has_cookie_header(headers: &HeaderMap) -> bool {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .any(|v| !v.as_bytes().is_empty())
}

/// Parse a Go duration such as `15m`, `1h30m`, `5s`, `500ms`.
pub fn parse_go_duration(s: &str) -> Option<std::time::Duration> {
    let s = s.trim();
    if s == "0" {
        return Some(std::time::Duration::ZERO);
    }
    let mut total = 0f64;
    let mut rest = s;
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        let num_end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        if num_end == 0 {
            return None;
        }
        let n: f64 = rest[..num_end].parse().ok()?;
        rest = &rest[num_end..];
        let unit_end = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let unit = &rest[..unit_end];
        rest = &rest[unit_end..];
        let mult = match unit {
            "ns" => 1e-9,
            "us" | "µs" => 1e-6,
            "ms" => 1e-3,
            "s" => 1.0,
            "m" => 60.0,
            "h" => 3600.0,
            _ => return None,
        };
        total += n * mult;
    }
    Some(std::time::Duration::from_secs_f64(total))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn h(accept: Option<&str>, ct: Option<&str>) -> HeaderMap {
        let mut m = HeaderMap::new();
        if let Some(a) = accept {
            m.insert("accept", HeaderValue::from_str(a).unwrap());
        }
        if let Some(c) = ct {
            m.insert("content-type", HeaderValue::from_str(c).unwrap());
        }
        m
    }

    #[test]
    fn json_mode_rules() {
        assert!(!is_json_request(&h(None, None)));
        assert!(!is_json_request(&h(Some("*/*"), None)));
        assert!(!is_json_request(&h(Some("text/html"), None)));
        assert!(is_json_request(&h(Some("application/json"), None)));
        assert!(is_json_request(&h(
            Some("application/json, text/plain, */*"),
            None
        )));
        assert!(is_json_request(&h(None, Some("application/json"))));
        assert!(!is_json_request(&h(
            None,
            Some("application/json; charset=utf-8")
        )));
        assert!(wants_json_strict(&h(Some("application/json"), None)));
        assert!(!wants_json_strict(&h(
            Some("*/*"),
            Some("application/json")
        )));
    }

    #[test]
    fn durations() {
        assert_eq!(parse_go_duration("15m").unwrap().as_secs(), 900);
        assert_eq!(parse_go_duration("1h30m").unwrap().as_secs(), 5400);
        assert_eq!(parse_go_duration("5s").unwrap().as_secs(), 5);
        assert!(parse_go_duration("abc").is_none());
        assert!(parse_go_duration("").is_none());
    }

    #[test]
    fn go_query_encoding() {
        assert_eq!(
            encode_query(&[
                ("return_to", "http://127.0.0.1:4433/self-service/settings?flow=x"),
                ("refresh", "true")
            ]),
            "refresh=true&return_to=http%3A%2F%2F127.0.0.1%3A4433%2Fself-service%2Fsettings%3Fflow%3Dx"
        );
    }

    #[test]
    fn time_format() {
        let t = OffsetDateTime::from_unix_timestamp(1629199959).unwrap();
        assert_eq!(rfc3339(t), "2021-08-17T11:32:39Z");
        assert_eq!(go_time_string(t), "2021-08-17 11:32:39 +0000 UTC");
        assert_eq!(http_date(t), "Tue, 17 Aug 2021 11:32:39 GMT");
    }
}
