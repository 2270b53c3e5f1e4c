//! A fast canned Kratos for benchmarks: answers every request with one recorded settings flow from
//! memory, and counts the requests it served (`GET /__count`). Loopback only.
//!
//! The recorded files are pretty-printed for people to read; Kratos itself writes its answers with
//! Go's `json.Encoder` (ory/herodot `json.go`): no whitespace between tokens, `&`, `<` and `>`
//! inside strings escaped as `\u0026`, `\u003c` and `\u003e`, and a final newline. The canned
//! Kratos sends the recording in that form, so the app parses what it would get from Kratos.
//!
//! With a recorded session as third argument it also answers `GET /sessions/whoami` with it and
//! `GET /sessions` with three other sessions of the same identity, for the sessions page.
//!
//! Further arguments `PATH=FILE` answer `GET PATH` with another recording (a sign-up flow for
//! `/self-service/registration/browser`, say).
//!
//! `cargo run --release --features ssr --example canned_kratos -- <flow.json> [addr] [session.json] [PATH=FILE…]`

use axum::{extract::State, http::header, response::IntoResponse, routing::get, Router};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

#[derive(Clone)]
struct Canned {
    body: bytes::Bytes,
    whoami: bytes::Bytes,
    sessions: bytes::Bytes,
    served: Arc<AtomicU64>,
}

fn json(c: &Canned, body: &bytes::Bytes) -> impl IntoResponse {
    c.served.fetch_add(1, Ordering::Relaxed);
    (
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        // Shared, not copied: the canned Kratos should cost as little as a static file server.
        body.clone(),
    )
}

async fn answer(State(c): State<Canned>) -> impl IntoResponse {
    json(&c, &c.body)
}

async fn whoami(State(c): State<Canned>) -> impl IntoResponse {
    json(&c, &c.whoami)
}

async fn other_sessions(State(c): State<Canned>) -> impl IntoResponse {
    json(&c, &c.sessions)
}

/// Three other sessions of the recorded session's identity, told apart by their ids.
fn others_of(session: &[u8]) -> Vec<u8> {
    let Ok(session) = serde_json::from_slice::<serde_json::Value>(session) else {
        return b"[]".to_vec();
    };
    let others: Vec<serde_json::Value> = (1..=3)
        .map(|n| {
            let mut s = session.clone();
            s["id"] = format!("00000000-0000-4000-8000-00000000000{n}").into();
            s
        })
        .collect();
    serde_json::to_vec(&others).unwrap_or_default()
}

async fn count(State(c): State<Canned>) -> String {
    c.served.load(Ordering::Relaxed).to_string()
}

/// `json` re-written as Go's `json.Encoder` writes it, token for token and in the same order.
fn as_kratos_encodes_it(json: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(json.len() + 1);
    let (mut in_string, mut escaped) = (false, false);
    for &b in json {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                b'&' | b'<' | b'>' => {
                    out.extend_from_slice(format!("\\u{b:04x}").as_bytes());
                    continue;
                }
                _ => {}
            }
            out.push(b);
        } else if !b.is_ascii_whitespace() {
            in_string = b == b'"';
            out.push(b);
        }
    }
    out.push(b'\n');
    out
}

/// The recording as this server's Kratos would send it: the recorded Kratos's origin, read from
/// `ui.action`, becomes `http://{addr}`, as forms must post to the Kratos that sent them.
fn served_from(recording: &[u8], addr: &str) -> Vec<u8> {
    let origin = serde_json::from_slice::<serde_json::Value>(recording)
        .ok()
        .and_then(|v| {
            v["ui"]["action"]
                .as_str()
                .and_then(|a| url::Url::parse(a).ok())
        })
        .map(|u| u.origin().ascii_serialization());
    match origin {
        Some(origin) => String::from_utf8_lossy(recording)
            .replace(&origin, &format!("http://{addr}"))
            .into_bytes(),
        None => recording.to_vec(),
    }
}

// One thread: it shares the machine with the app and the load generator, and should take as
// little of it as it can.
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| {
        eprintln!("usage: canned_kratos <flow.json> [addr]");
        std::process::exit(2)
    });
    let addr = args.next().unwrap_or_else(|| "127.0.0.1:4455".into());
    let body = std::fs::read(&path).unwrap_or_else(|e| {
        eprintln!("canned_kratos: cannot read {path}: {e}");
        std::process::exit(2)
    });
    let session = match args.next() {
        Some(path) => std::fs::read(&path).unwrap_or_else(|e| {
            eprintln!("canned_kratos: cannot read {path}: {e}");
            std::process::exit(2)
        }),
        None => b"{}".to_vec(),
    };
    let canned = Canned {
        body: bytes::Bytes::from(as_kratos_encodes_it(&served_from(&body, &addr))),
        whoami: bytes::Bytes::from(as_kratos_encodes_it(&session)),
        sessions: bytes::Bytes::from(as_kratos_encodes_it(&others_of(&session))),
        served: Arc::default(),
    };
    let mut app = Router::new()
        .route("/__count", get(count))
        .route("/sessions/whoami", get(whoami))
        .route("/sessions", get(other_sessions));
    for spec in args {
        let Some((route, file)) = spec.split_once('=') else {
            eprintln!("canned_kratos: {spec:?} is not PATH=FILE");
            std::process::exit(2)
        };
        let recording = std::fs::read(file).unwrap_or_else(|e| {
            eprintln!("canned_kratos: cannot read {file}: {e}");
            std::process::exit(2)
        });
        let body = bytes::Bytes::from(as_kratos_encodes_it(&served_from(&recording, &addr)));
        app = app.route(
            route,
            get(move |State(c): State<Canned>| {
                let body = body.clone();
                async move { json(&c, &body) }
            }),
        );
    }
    let app = app.fallback(answer).with_state(canned);
    let listener = tokio::net::TcpListener::bind(&addr)
        .await
        .unwrap_or_else(|e| {
            eprintln!("canned_kratos: cannot listen on {addr}: {e}");
            std::process::exit(2)
        });
    println!("canned_kratos listening on http://{addr}");
    axum::serve(listener, app).await.unwrap();
}

#[cfg(test)]
mod tests {
    use super::{as_kratos_encodes_it, served_from};

    #[test]
    fn the_recorded_kratos_origin_becomes_this_servers() {
        let recording = br#"{"ui":{"action":"https://slug.projects.oryapis:8080/self-service/settings?flow=1","nodes":[{"src":"https://slug.projects.oryapis:8080/.well-known/ory/webauthn.js"}]}}"#;
        let sent = String::from_utf8(served_from(recording, "127.0.0.1:4455")).unwrap();
        assert_eq!(
            sent,
            r#"{"ui":{"action":"http://127.0.0.1:4455/self-service/settings?flow=1","nodes":[{"src":"http://127.0.0.1:4455/.well-known/ory/webauthn.js"}]}}"#
        );
    }

    #[test]
    fn a_recording_is_sent_as_kratos_encodes_it() {
        let pretty =
            b"{\n  \"a\": [1, true],\n  \"s\": \"x y\\\" <b>&amp;\\\\\",\n  \"t\": \"\"\n}\n";
        let sent = as_kratos_encodes_it(pretty);
        assert_eq!(
            String::from_utf8(sent.clone()).unwrap(),
            "{\"a\":[1,true],\"s\":\"x y\\\" \\u003cb\\u003e\\u0026amp;\\\\\",\"t\":\"\"}\n"
        );
        let (before, after): (serde_json::Value, serde_json::Value) = (
            serde_json::from_slice(pretty).unwrap(),
            serde_json::from_slice(&sent).unwrap(),
        );
        assert_eq!(before, after, "the same JSON value");
    }

    #[test]
    fn the_recorded_flow_keeps_its_field_order() {
        let dir = std::env::var("KRATOS_FIXTURES_DIR")
            .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures").into());
        let pretty = std::fs::read(format!(
            "{dir}/ory/elements-stubs/settings-flow-all-2fa-initial.json"
        ))
        .unwrap();
        let sent = as_kratos_encodes_it(&pretty);
        assert!(sent.len() < pretty.len());
        let text = String::from_utf8(sent).unwrap();
        assert!(
            text.contains(r#"{"type":"input","group":"default","attributes":{"#),
            "{}",
            &text[..300]
        );
    }
}
