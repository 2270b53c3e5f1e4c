//! The request log: one line per request with what an operator needs, and none of the secrets
//! that passed through (session cookie, flow ids, CSRF token, TOTP secret, return address).

use crate::helpers::*;
use kratos_ui::server::log::{subscriber, LogFormat};
use serde_json::Value;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

/// Log output collected in memory.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// The log of this whole test binary. Process-wide rather than per test: tracing caches per call
/// site whether anyone listens, so a thread-local subscriber missed lines that other tests'
/// threads had already judged unheard. Lines are told apart by their request ids.
fn captured() -> &'static Captured {
    static CAPTURED: OnceLock<Captured> = OnceLock::new();
    CAPTURED.get_or_init(|| {
        let captured = Captured::default();
        tracing::subscriber::set_global_default(subscriber(
            LogFormat::Json,
            "info",
            captured.clone(),
        ))
        .expect("no other test sets a global subscriber");
        captured
    })
}

#[tokio::test]
async fn every_request_is_one_json_line_without_the_secrets_it_carried() {
    let captured = captured();

    let flow = on_fake_kratos(fixture("ory/elements-stubs/settings-flow-totp-setup.json"));
    let flow_id = flow["id"].as_str().unwrap().to_string();
    let csrf = flow["ui"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["attributes"]["name"] == "csrf_token")
        .unwrap()["attributes"]["value"]
        .as_str()
        .unwrap()
        .to_string();
    let totp_secret = flow["ui"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["attributes"]["id"] == "totp_secret_key")
        .unwrap()["attributes"]["text"]["text"]
        .as_str()
        .unwrap()
        .to_string();
    let kratos = FakeKratos::start(Canned::json(200, flow)).await;
    let app = start_app(&kratos.url(), Duration::from_secs(2)).await;
    let session = "ory_kratos_session=MTY2NjI4LXNlY3JldC1zZXNzaW9u";
    let return_to = "https%3A%2F%2Fapp.test%2Fprivate-place";

    let page = navigate(
        &app,
        &format!("/settings?flow={flow_id}&return_to={return_to}"),
        Some(session),
    )
    .await;
    assert_eq!(page.status(), 200);
    let id_of =
        |res: &reqwest::Response| res.headers()["x-request-id"].to_str().unwrap().to_string();
    let mut ids = vec![id_of(&page)];
    let body = page.text().await.unwrap();
    assert!(
        body.contains(&csrf) && body.contains(&totp_secret),
        "the page carried them"
    );
    // A Kratos refusal and a page without a Kratos call.
    kratos.set(Canned::json(
        401,
        serde_json::json!({"error": {"id": "session_inactive", "code": 401, "status": "Unauthorized", "reason": "No active session was found in this request."}}),
    ));
    let refused = navigate(&app, "/settings", Some(session)).await;
    assert_eq!(refused.status(), 303);
    ids.push(id_of(&refused));
    let missing = navigate(&app, "/nowhere", None).await;
    assert_eq!(missing.status(), 404);
    ids.push(id_of(&missing));
    // The sessions page (two Kratos calls) and signing out another device with the page's token.
    let whoami = fixture("kratos-v1.3.1/sessions/whoami-aal1-password.json");
    let mut other = whoami.clone();
    let other_id = "00000000-0000-4000-8000-00000000abcd";
    other["id"] = other_id.into();
    kratos.route("GET", "/sessions/whoami", Canned::json(200, whoami));
    kratos.route(
        "GET",
        "/sessions",
        Canned::json(200, serde_json::json!([other])),
    );
    kratos.route(
        "DELETE",
        &format!("/sessions/{other_id}"),
        Canned::raw(204, ""),
    );
    let sessions = navigate(&app, "/sessions", Some(session)).await;
    assert_eq!(sessions.status(), 200);
    ids.push(id_of(&sessions));
    let own_token = sessions
        .headers()
        .get_all("set-cookie")
        .iter()
        .find_map(|c| c.to_str().ok()?.strip_prefix("kratos_ui_csrf="))
        .and_then(|c| c.split(';').next())
        .unwrap()
        .to_string();
    let revoked = browser()
        .post(format!("{app}/api/revoke_session"))
        .header("accept", "text/html")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", format!("{session}; kratos_ui_csrf={own_token}"))
        .body(format!("session={other_id}&csrf_token={own_token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), 303);
    ids.push(id_of(&revoked));

    let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .filter(|l: &Value| l["target"] == "kratos_ui::request")
        .filter(|l| ids.iter().any(|id| l["request_id"] == id.as_str()))
        .collect();
    assert_eq!(lines.len(), 5, "one line per request:\n{text}");

    let first = &lines[0];
    assert_eq!(first["request_id"], ids[0].as_str(), "{first}");
    assert_eq!(first["method"], "GET");
    assert_eq!(first["route"], "/settings");
    assert_eq!(first["status"], 200);
    assert!(first["ms"].as_f64().unwrap() > 0.0);
    assert!(first["kratos_ms"].as_f64().unwrap() > 0.0);
    assert_eq!(first["kratos_endpoint"], "self-service/settings/flows");
    assert_eq!(first["kratos_outcome"], "ok");
    assert_eq!(lines[1]["status"], 303);
    assert_eq!(lines[1]["kratos_endpoint"], "self-service/settings/browser");
    assert_eq!(lines[1]["kratos_outcome"], "401 session_inactive");
    assert_eq!(lines[2]["status"], 404);
    assert!(lines[2].get("kratos_endpoint").is_none());
    assert!(lines[2].get("kratos_calls").is_none());
    assert_eq!(lines[3]["route"], "/sessions");
    assert_eq!(lines[3]["kratos_calls"], 2);
    assert_eq!(lines[3]["kratos_outcome"], "ok");
    assert_eq!(lines[4]["route"], "/api/revoke_session");
    assert_eq!(lines[4]["kratos_calls"], 2);

    for secret in [
        "MTY2NjI4LXNlY3JldC1zZXNzaW9u",
        flow_id.as_str(),
        csrf.as_str(),
        totp_secret.as_str(),
        "private-place",
        own_token.as_str(),
        other_id,
    ] {
        assert!(!text.contains(secret), "{secret} is in the log:\n{text}");
    }
}

#[test]
fn a_json_line_stays_one_line_of_valid_json_whatever_its_fields_hold() {
    let captured = Captured::default();
    let hostile = "quote \" backslash \\ newline \n{\"forged\":1}\r tab \t bell \u{7} ü ش";
    tracing::subscriber::with_default(
        subscriber(LogFormat::Json, "info", captured.clone()),
        || {
            tracing::info!(
                target: "kratos_ui::test",
                text = hostile,
                shown = %hostile,
                count = 3u64,
                delta = -2i64,
                ratio = 0.25f64,
                nothing = f64::NAN,
                flag = true,
                "message {}",
                hostile
            );
        },
    );
    let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert_eq!(text.matches('\n').count(), 1, "one line: {text}");
    let line: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    assert_eq!(line["level"], "INFO");
    assert_eq!(line["target"], "kratos_ui::test");
    assert_eq!(line["text"], hostile);
    assert_eq!(line["shown"], hostile);
    assert_eq!(line["message"], format!("message {hostile}"));
    assert_eq!(line["count"], 3);
    assert_eq!(line["delta"], -2);
    assert_eq!(line["ratio"], 0.25);
    assert!(line["nothing"].is_null());
    assert_eq!(line["flag"], true);
    assert!(line.get("forged").is_none());
    let timestamp = line["timestamp"].as_str().unwrap();
    assert!(
        timestamp.len() == 27 && timestamp.ends_with('Z') && timestamp.as_bytes()[10] == b'T',
        "{timestamp}"
    );
}

#[test]
fn the_log_format_is_text_or_json() {
    assert_eq!(LogFormat::from_setting(None), Ok(LogFormat::Text));
    assert_eq!(LogFormat::from_setting(Some("json")), Ok(LogFormat::Json));
    assert!(LogFormat::from_setting(Some("xml"))
        .unwrap_err()
        .contains("KRATOS_UI_LOG_FORMAT"));
}
