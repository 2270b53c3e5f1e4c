//! `/settings` against a fake Kratos over real HTTP: every row of the error table, cookies both
//! ways, security headers, escaping, and exactly one Kratos call per view.

use crate::helpers::*;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const FLOW_ID: &str = "f0000000-0000-4000-8000-000000000001";
const LOGIN_RETURNING_HERE: &str =
    "http://id.test:4433/self-service/login/browser?return_to=http%3A%2F%2Fui.test%3A3000%2Fsettings";

fn derived(name: &str) -> Canned {
    let f = fixture(&format!("ory/errors-derived/{name}.json"));
    Canned::json(
        f["status"].as_u64().unwrap() as u16,
        on_fake_kratos(f["body"].clone()),
    )
}

/// An answer real Kratos v1.3.1 gave, recorded by `scripts/record-fixtures.mjs`.
fn recorded(name: &str) -> Canned {
    let f = fixture(&format!("kratos-v1.3.1/errors/{name}.json"));
    Canned::json(
        f["status"].as_u64().unwrap() as u16,
        on_fake_kratos(f["body"].clone()),
    )
}

fn recorded_field(name: &str, field: &str) -> String {
    serde_json::from_str::<Value>(&recorded(name).body).unwrap()[field]
        .as_str()
        .unwrap()
        .to_string()
}

/// A recorded settings flow as the fake Kratos sends it: its form posts to that Kratos.
fn settings_flow() -> Value {
    on_fake_kratos(fixture("ory/elements-stubs/settings-flow-totp-setup.json"))
}

struct Row {
    name: &'static str,
    kratos: Canned,
    path: String,
    status: u16,
    location: Option<String>,
    body_has: &'static str,
}

fn rows() -> Vec<Row> {
    let with_flow = format!("/settings?flow={FLOW_ID}");
    let mut expired_with_return_to = derived("settings-get-flow-410-expired-no-id");
    expired_with_return_to.body = expired_with_return_to
        .body
        .replace(
            "\"return_to\": \"\"",
            "\"return_to\": \"https://app.test/after\"",
        )
        .replace(
            "\"return_to\":\"\"",
            "\"return_to\":\"https://app.test/after\"",
        );
    vec![
        Row {
            name: "200 flow renders the page",
            kratos: Canned::json(200, settings_flow()),
            path: "/settings".into(),
            status: 200,
            location: None,
            body_has: "<form ",
        },
        Row {
            name: "401 session_inactive on create → login, back to settings",
            kratos: derived("settings-browser-init-401-session-inactive"),
            path: "/settings".into(),
            status: 303,
            location: Some(LOGIN_RETURNING_HERE.into()),
            body_has: "",
        },
        Row {
            name: "401 without error.id on fetch → login, back to settings",
            kratos: derived("settings-get-flow-or-submit-401-no-session"),
            path: with_flow.clone(),
            status: 303,
            location: Some(LOGIN_RETURNING_HERE.into()),
            body_has: "",
        },
        Row {
            name: "401 keeps return_to in the settings URL it returns to",
            kratos: derived("settings-browser-init-401-session-inactive"),
            path: "/settings?return_to=https%3A%2F%2Fapp.test%2Fx".into(),
            status: 303,
            location: Some(format!(
                "{LOGIN_RETURNING_HERE}%3Freturn_to%3Dhttps%253A%252F%252Fapp.test%252Fx"
            )),
            body_has: "",
        },
        Row {
            name: "403 session_aal2_required on create → step-up returning here",
            kratos: derived("settings-browser-init-403-session-aal2-required"),
            path: "/settings".into(),
            status: 303,
            location: Some(
                "http://id.test:4433/self-service/login/browser?aal=aal2&return_to=http%3A%2F%2Fui.test%3A3000%2Fsettings".into(),
            ),
            body_has: "",
        },
        Row {
            name: "403 session_aal2_required on fetch → step-up returning to this flow",
            kratos: derived("settings-get-flow-403-session-aal2-required"),
            path: with_flow.clone(),
            status: 303,
            location: Some(format!(
                "http://id.test:4433/self-service/login/browser?aal=aal2&return_to=http%3A%2F%2Fui.test%3A3000%2Fsettings%3Fflow%3D{FLOW_ID}"
            )),
            body_has: "",
        },
        Row {
            name: "403 session_refresh_required → its redirect_browser_to",
            kratos: derived("settings-submit-403-session-refresh-required"),
            path: with_flow.clone(),
            status: 303,
            location: Some(format!(
                "http://id.test:4433/self-service/login/browser?refresh=true&return_to=http%3A%2F%2F127.0.0.1%3A4433%2Fself-service%2Fsettings%3Fflow%3D{FLOW_ID}"
            )),
            body_has: "",
        },
        Row {
            name: "422 browser_location_change_required → its redirect_browser_to",
            kratos: derived("settings-submit-422-browser-location-change-required"),
            path: with_flow.clone(),
            status: 303,
            location: Some(redirect_of("settings-submit-422-browser-location-change-required")),
            body_has: "",
        },
        Row {
            name: "403 security_identity_mismatch → fresh flow",
            kratos: derived("settings-submit-403-security-identity-mismatch"),
            path: with_flow.clone(),
            status: 303,
            location: Some("/settings".into()),
            body_has: "",
        },
        Row {
            name: "403 security_csrf_violation → fresh flow keeping return_to",
            kratos: derived("settings-submit-403-security-csrf-violation"),
            path: format!("{with_flow}&return_to=https%3A%2F%2Fapp.test%2Fx"),
            status: 303,
            location: Some("/settings?return_to=https%3A%2F%2Fapp.test%2Fx".into()),
            body_has: "",
        },
        Row {
            name: "404 → fresh flow",
            kratos: derived("settings-submit-404-flow-not-found"),
            path: with_flow.clone(),
            status: 303,
            location: Some("/settings".into()),
            body_has: "",
        },
        Row {
            name: "410 without id → fresh flow that says the old one expired",
            kratos: derived("settings-get-flow-410-expired-no-id"),
            path: with_flow.clone(),
            status: 303,
            location: Some("/settings?notice=flow_expired".into()),
            body_has: "",
        },
        Row {
            name: "410 keeps the expired flow's return_to",
            kratos: expired_with_return_to,
            path: with_flow.clone(),
            status: 303,
            location: Some("/settings?return_to=https%3A%2F%2Fapp.test%2Fafter&notice=flow_expired".into()),
            body_has: "",
        },
        Row {
            name: "410 with use_flow_id → that flow",
            kratos: derived("settings-submit-410-self-service-flow-expired"),
            path: with_flow.clone(),
            status: 303,
            location: Some(format!(
                "/settings?flow={}&notice=flow_expired",
                serde_json::from_str::<Value>(&derived("settings-submit-410-self-service-flow-expired").body).unwrap()
                    ["use_flow_id"]
                    .as_str()
                    .unwrap()
            )),
            body_has: "",
        },
        Row {
            name: "400 self_service_flow_return_to_forbidden → 400 page",
            kratos: derived("settings-browser-init-400-return-to-forbidden"),
            path: "/settings?return_to=https%3A%2F%2Fevil.example%2F".into(),
            status: 400,
            location: None,
            body_has: "return address is not allowed",
        },
        Row {
            name: "500 → 502 page",
            kratos: Canned::raw(500, "{\"error\":{\"code\":500,\"message\":\"boom\"}}"),
            path: "/settings".into(),
            status: 502,
            location: None,
            body_has: "ui/error/retry",
        },
        Row {
            name: "200 with garbage → 502 page",
            kratos: Canned::raw(200, "<html>not json</html>"),
            path: "/settings".into(),
            status: 502,
            location: None,
            body_has: "unexpected answer",
        },
        Row {
            name: "200 with the wrong JSON → 502 page",
            kratos: Canned::json(200, json!({"id": 1, "ui": "nope"})),
            path: "/settings".into(),
            status: 502,
            location: None,
            body_has: "unexpected answer",
        },
        Row {
            name: "a 4xx that is not a Kratos error body → 502 page",
            kratos: Canned::raw(403, "forbidden by proxy"),
            path: with_flow.clone(),
            status: 502,
            location: None,
            body_has: "unexpected answer",
        },
        Row {
            name: "an answer larger than the body cap → 502 page",
            kratos: Canned::raw(200, &format!("{{\"pad\":\"{}\"}}", "x".repeat(2 * 1024 * 1024))),
            path: "/settings".into(),
            status: 502,
            location: None,
            body_has: "unexpected answer",
        },
        Row {
            name: "a redirect from Kratos is not followed → 502 page",
            kratos: Canned::raw(303, "").header("location", "http://elsewhere.test/"),
            path: "/settings".into(),
            status: 502,
            location: None,
            body_has: "unexpected answer",
        },
        // The same table, fed what real Kratos v1.3.1 answered.
        Row {
            name: "real Kratos: 401 session_inactive on create → login, back to settings",
            kratos: recorded("settings-browser-401-no-session"),
            path: "/settings".into(),
            status: 303,
            location: Some(LOGIN_RETURNING_HERE.into()),
            body_has: "",
        },
        Row {
            name: "real Kratos: 403 session_aal2_required → step-up returning here",
            kratos: recorded("settings-browser-403-session-aal2-required"),
            path: "/settings".into(),
            status: 303,
            location: Some(
                "http://id.test:4433/self-service/login/browser?aal=aal2&return_to=http%3A%2F%2Fui.test%3A3000%2Fsettings".into(),
            ),
            body_has: "",
        },
        Row {
            name: "real Kratos: 403 session_refresh_required → its redirect_browser_to",
            kratos: recorded("settings-submit-403-session-refresh-required"),
            path: with_flow.clone(),
            status: 303,
            location: Some(recorded_field(
                "settings-submit-403-session-refresh-required",
                "redirect_browser_to",
            )),
            body_has: "",
        },
        Row {
            name: "real Kratos: 403 security_csrf_violation → fresh flow",
            kratos: recorded("settings-submit-403-csrf-violation"),
            path: with_flow.clone(),
            status: 303,
            location: Some("/settings".into()),
            body_has: "",
        },
        Row {
            name: "real Kratos: 404 → fresh flow",
            kratos: recorded("settings-get-flow-404-not-found"),
            path: with_flow.clone(),
            status: 303,
            location: Some("/settings".into()),
            body_has: "",
        },
        Row {
            name: "real Kratos: 410 on fetch (no id) → fresh flow that says the old one expired",
            kratos: recorded("settings-get-flow-410-expired"),
            path: with_flow.clone(),
            status: 303,
            location: Some("/settings?notice=flow_expired".into()),
            body_has: "",
        },
        Row {
            name: "real Kratos: 410 self_service_flow_expired with use_flow_id → that flow",
            kratos: recorded("settings-submit-410-expired"),
            path: with_flow.clone(),
            status: 303,
            location: Some(format!(
                "/settings?flow={}&notice=flow_expired",
                recorded_field("settings-submit-410-expired", "use_flow_id")
            )),
            body_has: "",
        },
        Row {
            name: "real Kratos: 400 self_service_flow_return_to_forbidden → 400 page",
            kratos: recorded("settings-browser-400-return-to-forbidden"),
            path: "/settings?return_to=https%3A%2F%2Fevil.example%2F".into(),
            status: 400,
            location: None,
            body_has: "return address is not allowed",
        },
    ]
}

fn redirect_of(name: &str) -> String {
    serde_json::from_str::<Value>(&derived(name).body).unwrap()["redirect_browser_to"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn settings_answers_every_kratos_outcome_as_the_table_says() {
    let kratos = FakeKratos::start(Canned::raw(200, "")).await;
    let app = start_app(&kratos.url(), Duration::from_secs(2)).await;
    let mut failures = Vec::new();
    for row in rows() {
        kratos.set(row.kratos.clone());
        kratos.take_seen();
        let res = navigate(&app, &row.path, Some("ory_kratos_session=abc")).await;
        let status = res.status().as_u16();
        let location = res
            .headers()
            .get("location")
            .map(|v| v.to_str().unwrap().to_string());
        let body = res.text().await.unwrap();
        let calls = kratos.take_seen().len();
        if status != row.status
            || location != row.location
            || !body.contains(row.body_has)
            || calls != 1
        {
            failures.push(format!(
                "{}:\n  got {status} location={location:?} calls={calls}\n  want {} location={:?} body containing {:?}",
                row.name, row.status, row.location, row.body_has
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn only_kratos_cookies_go_to_kratos_and_only_its_set_cookies_come_back() {
    let kratos = FakeKratos::start(
        Canned::json(200, settings_flow())
            .header(
                "set-cookie",
                "csrf_token_abc=t1; Path=/; HttpOnly; SameSite=Lax",
            )
            .header(
                "set-cookie",
                "ory_kratos_session=s2; Path=/; HttpOnly; SameSite=Lax",
            )
            // Not Kratos's: a hostile or misconfigured Kratos must not plant cookies on the site.
            .header("set-cookie", "tracker=1; Domain=app.test; Path=/"),
    )
    .await;
    let app = start_app(&kratos.url(), Duration::from_secs(2)).await;
    // Another app's cookie on the shared site stays with that app.
    let cookie = "other=1; ory_kratos_session=MTY2; csrf_token_abc=x%3D%3D; theme=dark";
    let res = navigate(
        &app,
        "/settings?return_to=https%3A%2F%2Fapp.test%2Fx",
        Some(cookie),
    )
    .await;
    assert_eq!(res.status(), 200);
    let set_cookies: Vec<_> = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    assert_eq!(
        set_cookies,
        [
            "csrf_token_abc=t1; Path=/; HttpOnly; SameSite=Lax",
            "ory_kratos_session=s2; Path=/; HttpOnly; SameSite=Lax"
        ]
    );
    let seen = kratos.take_seen();
    assert_eq!(seen.len(), 1, "one Kratos call per view");
    assert_eq!(
        seen[0].cookie.as_deref(),
        Some("ory_kratos_session=MTY2; csrf_token_abc=x%3D%3D")
    );
    assert_eq!(seen[0].accept.as_deref(), Some("application/json"));
    assert_eq!(
        seen[0].path_and_query,
        "/self-service/settings/browser?return_to=https%3A%2F%2Fapp.test%2Fx"
    );

    // A flow id is fetched, not created; a malformed one never reaches Kratos.
    navigate(&app, &format!("/settings?flow={FLOW_ID}"), None).await;
    navigate(&app, "/settings?flow=..%2F..%2Fadmin%2Fidentities", None).await;
    let seen = kratos.take_seen();
    assert_eq!(
        seen[0].path_and_query,
        format!("/self-service/settings/flows?id={FLOW_ID}")
    );
    assert_eq!(seen[0].cookie, None, "no cookie is invented");
    assert_eq!(seen[1].path_and_query, "/self-service/settings/browser");
}

#[tokio::test]
async fn cookies_kratos_sets_on_a_failure_are_relayed_too() {
    let kratos = FakeKratos::start(
        derived("settings-browser-init-401-session-inactive")
            .header("set-cookie", "csrf_token_abc=t1; Path=/"),
    )
    .await;
    let app = start_app(&kratos.url(), Duration::from_secs(2)).await;
    let res = navigate(&app, "/settings", None).await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        res.headers().get("set-cookie").unwrap(),
        "csrf_token_abc=t1; Path=/"
    );
}

#[tokio::test]
async fn unreachable_kratos_gives_a_502_page_with_a_retry_link() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/", closed.local_addr().unwrap());
    drop(closed);
    let app = start_app(&url, Duration::from_secs(2)).await;
    let res = navigate(&app, "/settings?return_to=https%3A%2F%2Fapp.test%2F", None).await;
    assert_eq!(res.status(), 502);
    let body = res.text().await.unwrap();
    assert!(body.contains("unreachable"), "{body}");
    assert!(
        body.contains("href=\"/settings?return_to=https%3A%2F%2Fapp.test%2F\""),
        "{body}"
    );
}

#[tokio::test]
async fn slow_kratos_gives_a_504_within_the_timeout_plus_one_second() {
    let kratos =
        FakeKratos::start(Canned::json(200, settings_flow()).delayed(Duration::from_secs(5))).await;
    let timeout = Duration::from_millis(400);
    let app = start_app(&kratos.url(), timeout).await;
    let started = Instant::now();
    let res = navigate(&app, "/settings", None).await;
    let took = started.elapsed();
    assert_eq!(res.status(), 504);
    assert!(took < timeout + Duration::from_secs(1), "took {took:?}");
    assert!(res.text().await.unwrap().contains("ui/error/retry"));
}

#[tokio::test]
async fn every_page_has_strict_security_headers_and_flow_pages_are_not_stored() {
    let kratos = FakeKratos::start(Canned::json(200, settings_flow())).await;
    let app = start_app(&kratos.url(), Duration::from_secs(2)).await;
    let mut nonces = Vec::new();
    for path in ["/settings", "/settings", "/nowhere", "/error?id=x"] {
        let res = navigate(&app, path, None).await;
        let h = res.headers().clone();
        let csp = h
            .get("content-security-policy")
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        for directive in [
            "default-src 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "object-src 'none'",
            // Kratos, and the identity provider its social sign-in redirects to after a post.
            "form-action 'self' http://id.test:4433 https://accounts.google.example;",
        ] {
            assert!(csp.contains(directive), "{path}: {csp}");
        }
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .unwrap()
            .split('\'')
            .next()
            .unwrap()
            .to_string();
        assert!(csp.contains("script-src 'self' 'nonce-"), "{csp}");
        assert!(
            csp.contains(" http://id.test:4433"),
            "Kratos origin allowed for webauthn.js: {csp}"
        );
        assert_eq!(h.get("x-content-type-options").unwrap(), "nosniff");
        assert_eq!(h.get("referrer-policy").unwrap(), "no-referrer");
        assert_eq!(
            h.get("cross-origin-resource-policy").unwrap(),
            "same-origin"
        );
        assert!(
            h.get("strict-transport-security").is_none(),
            "HSTS only when the UI is served over https"
        );
        assert_eq!(h.get("cache-control").unwrap(), "no-store", "{path}");
        let body = res.text().await.unwrap();
        if path == "/settings" {
            // Every script the page itself carries has this response's nonce.
            let scripts = body.matches("<script").count();
            assert!(scripts > 0);
            assert_eq!(
                body.matches(&format!("nonce=\"{nonce}\"")).count(),
                scripts,
                "{body}"
            );
        }
        nonces.push(nonce);
    }
    nonces.sort();
    nonces.dedup();
    assert_eq!(nonces.len(), 4, "a fresh nonce per response");
    let res = navigate(&app, "/nowhere", None).await;
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn served_over_https_the_browser_is_told_to_stay_on_https() {
    let kratos = FakeKratos::start(Canned::json(200, settings_flow())).await;
    let app = start_app_with(&kratos.url(), Duration::from_secs(2), |s| {
        s.ui_url = url::Url::parse("https://ui.test/").unwrap();
        s.provider_origins.clear();
    })
    .await;
    for path in ["/settings", "/nowhere"] {
        let res = navigate(&app, path, None).await;
        assert_eq!(
            res.headers().get("strict-transport-security").unwrap(),
            "max-age=63072000",
            "{path}"
        );
        // Without identity providers configured, forms go to this app and Kratos only.
        let csp = res.headers().get("content-security-policy").unwrap();
        assert!(
            csp.to_str()
                .unwrap()
                .contains("form-action 'self' http://id.test:4433;"),
            "{csp:?}"
        );
    }
}

#[tokio::test]
async fn a_page_route_with_a_trailing_slash_redirects_to_the_route() {
    let kratos = FakeKratos::start(Canned::json(200, settings_flow())).await;
    let app = start_app(&kratos.url(), Duration::from_secs(2)).await;
    for (path, location) in [
        ("/settings/", "/settings"),
        (
            "/settings/?flow=abc&return_to=x",
            "/settings?flow=abc&return_to=x",
        ),
        ("/login//?aal=aal2", "/login?aal=aal2"),
        ("/error/?id=e1", "/error?id=e1"),
    ] {
        let res = navigate(&app, path, None).await;
        assert_eq!(res.status(), 308, "{path}");
        assert_eq!(res.headers().get("location").unwrap(), location, "{path}");
    }
    assert!(
        kratos.take_seen().is_empty(),
        "a redirect costs Kratos nothing"
    );
    // Not a page route: no redirect, and never to another host.
    for path in ["//evil.example/", "/nowhere/"] {
        let res = navigate(&app, path, None).await;
        assert_eq!(res.status(), 404, "{path}");
        assert!(res.headers().get("location").is_none(), "{path}");
    }
}

#[tokio::test]
async fn hostile_text_from_kratos_is_shown_not_run() {
    let mut flow = settings_flow();
    let evil = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'";
    flow["identity"]["traits"]["email"] = json!(evil);
    let nodes = flow["ui"]["nodes"].as_array_mut().unwrap();
    for node in nodes.iter_mut() {
        if node["attributes"]["name"] == "traits.email" {
            node["attributes"]["value"] = json!(evil);
            node["meta"]["label"]["text"] = json!(evil);
            node["messages"] = json!([{"id": 4000001, "text": evil, "type": "error"}]);
        }
    }
    flow["ui"]["messages"] = json!([{"id": 1050001, "text": evil, "type": "success"}]);
    let kratos = FakeKratos::start(Canned::json(200, flow)).await;
    let app = start_app(&kratos.url(), Duration::from_secs(2)).await;
    let body = navigate(&app, "/settings", None)
        .await
        .text()
        .await
        .unwrap();
    assert!(!body.contains("<script>alert(1)"), "{body}");
    assert!(!body.contains("<img src=x"), "{body}");
    assert!(
        body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{body}"
    );
    // In attribute values the quote cannot end the attribute.
    assert!(body.contains("value=\"&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&quot;'\""), "{body}");
    // The field with the error is marked and described by its message.
    assert!(body.contains("aria-invalid=\"true\""));
    assert!(body.contains("aria-describedby=\"profile--traits.email--messages\""));
    assert!(body.contains("id=\"profile--traits.email--messages\""));
}

#[tokio::test]
async fn health_endpoints_report_the_process_and_kratos() {
    let kratos = FakeKratos::start(Canned::raw(200, "{\"status\":\"ok\"}")).await;
    let app = start_app(&kratos.url(), Duration::from_secs(2)).await;
    let status = |path: &'static str| {
        let app = app.clone();
        async move {
            browser()
                .get(format!("{app}{path}"))
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(status("/health/alive").await, 200);
    assert_eq!(status("/health/ready").await, 200);
    // A load balancer probing many times a second: Kratos's answer is reused for a second.
    let probes: Vec<_> = (0..20)
        .map(|_| tokio::spawn(status("/health/ready")))
        .collect();
    for probe in probes {
        assert_eq!(probe.await.unwrap(), 200);
    }
    let seen = kratos.take_seen();
    assert!(seen.iter().all(|s| s.path_and_query == "/health/ready"));
    assert!(
        (1..=2).contains(&seen.len()),
        "21 readiness probes cost Kratos {} probes",
        seen.len()
    );
    kratos.set(Canned::raw(503, "{}"));
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(status("/health/ready").await, 503);
}

#[tokio::test]
async fn the_server_function_behaves_the_same_when_called_over_http() {
    let kratos = FakeKratos::start(derived("settings-browser-init-401-session-inactive")).await;
    let app = start_app(&kratos.url(), Duration::from_secs(2)).await;
    let call = |accept: &'static str| {
        browser()
            .post(format!("{app}/api/settings_flow"))
            .header("accept", accept)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", "ory_kratos_session=abc")
            .body("")
            .send()
    };
    // From script (fetch): Leptos's redirect header, so the client navigates itself.
    let res = call("application/json").await.unwrap();
    assert_eq!(res.headers().get("location").unwrap(), LOGIN_RETURNING_HERE);
    assert!(res.headers().get("serverfnredirect").is_some());
    // A plain form post: a real 303.
    let res = call("text/html").await.unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers().get("location").unwrap(), LOGIN_RETURNING_HERE);
    assert_eq!(
        kratos.take_seen()[0].cookie.as_deref(),
        Some("ory_kratos_session=abc")
    );

    // Success returns the flow as JSON, with Kratos's cookies relayed.
    kratos.set(
        Canned::json(200, settings_flow())
            .header("set-cookie", "csrf_token_a=1")
            .header("set-cookie", "ory_kratos_session=2"),
    );
    let res = call("application/json").await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers().get_all("set-cookie").iter().count(), 2);
    let flow: Value = serde_json::from_str(&res.text().await.unwrap()).unwrap();
    assert_eq!(
        flow["ui"]["nodes"].as_array().unwrap().len(),
        settings_flow()["ui"]["nodes"].as_array().unwrap().len()
    );
}

/// `/` is a router redirect: everyone lands on the settings page, without a Kratos call.
#[tokio::test]
async fn the_root_sends_everyone_to_the_settings_page() {
    let kratos = FakeKratos::start(Canned::json(200, settings_flow())).await;
    let app = start_app(&kratos.url(), Duration::from_secs(2)).await;
    let res = navigate(&app, "/", None).await;
    assert!(res.status().is_redirection(), "{}", res.status());
    assert_eq!(res.headers()["location"], "/settings");
    assert_eq!(res.headers()["cache-control"], "no-store");
    assert!(kratos.take_seen().is_empty(), "no Kratos call");
}
