//! `/registration`, `/recovery` and `/verification` against a fake Kratos over real HTTP: each
//! page's error table (the one `/settings` has, plus "already signed in" and "switched off"), one
//! Kratos call per view, `return_to` passed on, and the recorded states rendered.

use crate::helpers::*;
use serde_json::{json, Value};
use std::time::Duration;

const FLOW_ID: &str = "f0000000-0000-4000-8000-000000000001";
const NEW_FLOW_ID: &str = "f0000000-0000-4000-8000-000000000002";

/// A page and the Kratos paths behind it.
struct FlowPage {
    page: &'static str,
    kind: &'static str,
}

const PAGES: [FlowPage; 3] = [
    FlowPage {
        page: "/registration",
        kind: "registration",
    },
    FlowPage {
        page: "/recovery",
        kind: "recovery",
    },
    FlowPage {
        page: "/verification",
        kind: "verification",
    },
];

/// A flow real Kratos v1.3.1 sent, as the fake Kratos sends it.
fn recorded_flow(name: &str) -> Value {
    on_fake_kratos(fixture(&format!("kratos-v1.3.1/{name}.json")))
}

fn recorded_error(name: &str) -> Canned {
    let f = fixture(&format!("kratos-v1.3.1/errors/{name}.json"));
    Canned::json(
        f["status"].as_u64().unwrap() as u16,
        on_fake_kratos(f["body"].clone()),
    )
}

fn refusal(status: u16, id: Option<&str>, extra: Value) -> Canned {
    let mut body = json!({"error": {"code": status, "status": "x", "message": "m", "reason": "r"}});
    if let Some(id) = id {
        body["error"]["id"] = json!(id);
    }
    if let Value::Object(extra) = extra {
        for (k, v) in extra {
            body[k] = v;
        }
    }
    Canned::json(status, body)
}

struct Row {
    name: &'static str,
    kratos: Canned,
    /// The page's query (after `?`), or empty.
    query: String,
    status: u16,
    /// `{page}` stands for the page's path.
    location: Option<String>,
    body_has: &'static str,
}

fn rows(initial: Value) -> Vec<Row> {
    let by_id = format!("flow={FLOW_ID}");
    vec![
        Row {
            name: "200 flow renders the page",
            kratos: Canned::json(200, initial),
            query: String::new(),
            status: 200,
            location: None,
            body_has: "<form ",
        },
        Row {
            name: "410 expired with use_flow_id → that flow, saying so",
            kratos: refusal(
                410,
                Some("self_service_flow_expired"),
                json!({"use_flow_id": NEW_FLOW_ID}),
            ),
            query: by_id.clone(),
            status: 303,
            location: Some(format!("{{page}}?flow={NEW_FLOW_ID}&notice=flow_expired")),
            body_has: "",
        },
        Row {
            name: "403 CSRF violation on fetch → a fresh flow",
            kratos: refusal(403, Some("security_csrf_violation"), json!({})),
            query: by_id.clone(),
            status: 303,
            location: Some("{page}".into()),
            body_has: "",
        },
        Row {
            name: "404 on fetch → a fresh flow",
            kratos: refusal(404, None, json!({})),
            query: by_id.clone(),
            status: 303,
            location: Some("{page}".into()),
            body_has: "",
        },
        Row {
            name: "400 session_already_available → the settings page",
            kratos: refusal(400, Some("session_already_available"), json!({})),
            query: String::new(),
            status: 303,
            location: Some("/settings".into()),
            body_has: "",
        },
        Row {
            name: "400 self_service_flow_disabled → a plain page",
            kratos: refusal(400, Some("self_service_flow_disabled"), json!({})),
            query: String::new(),
            status: 404,
            location: None,
            body_has: "This is not offered here",
        },
        Row {
            name: "400 without an id (recovery or verification switched off) → a plain page",
            kratos: refusal(400, None, json!({})),
            query: String::new(),
            status: 404,
            location: None,
            body_has: "This is not offered here",
        },
        Row {
            name: "422 browser_location_change_required → the provider",
            kratos: refusal(
                422,
                Some("browser_location_change_required"),
                json!({"redirect_browser_to": "https://accounts.google.example/auth?x=1"}),
            ),
            query: by_id.clone(),
            status: 303,
            location: Some("https://accounts.google.example/auth?x=1".into()),
            body_has: "",
        },
        Row {
            name: "422 to an unknown origin → 502",
            kratos: refusal(
                422,
                Some("browser_location_change_required"),
                json!({"redirect_browser_to": "https://evil.example/"}),
            ),
            query: by_id.clone(),
            status: 502,
            location: None,
            body_has: "unexpected answer",
        },
        Row {
            name: "500 → 502",
            kratos: Canned::raw(500, "oops"),
            query: String::new(),
            status: 502,
            location: None,
            body_has: "unexpected answer",
        },
        Row {
            name: "garbage → 502",
            kratos: Canned::raw(200, "<html>not a flow</html>"),
            query: String::new(),
            status: 502,
            location: None,
            body_has: "unexpected answer",
        },
        Row {
            name: "slow → 504",
            kratos: Canned::json(200, json!({})).delayed(Duration::from_secs(3)),
            query: String::new(),
            status: 504,
            location: None,
            body_has: "taking too long",
        },
    ]
}

#[tokio::test]
async fn each_page_answers_every_kratos_outcome_as_the_table_says() {
    let kratos = FakeKratos::start(Canned::raw(200, "")).await;
    let app = start_app(&kratos.url(), Duration::from_millis(700)).await;
    let mut failures = Vec::new();
    for page in PAGES {
        let initial = recorded_flow(&format!("{}/initial", page.kind));
        for row in rows(initial) {
            kratos.set(row.kratos.clone());
            kratos.take_seen();
            let path = if row.query.is_empty() {
                page.page.to_string()
            } else {
                format!("{}?{}", page.page, row.query)
            };
            let res = navigate(&app, &path, None).await;
            let status = res.status().as_u16();
            let location = res
                .headers()
                .get("location")
                .map(|v| v.to_str().unwrap().to_string());
            let want_location = row
                .location
                .as_ref()
                .map(|l| l.replace("{page}", page.page));
            let body = res.text().await.unwrap();
            let seen = kratos.take_seen();
            let expected_call = if row.query.is_empty() {
                format!("/self-service/{}/browser", page.kind)
            } else {
                format!("/self-service/{}/flows?id={FLOW_ID}", page.kind)
            };
            let calls_ok = seen.len() == 1 && seen[0].path_and_query == expected_call;
            if status != row.status
                || location != want_location
                || !body.contains(row.body_has)
                || !calls_ok
            {
                failures.push(format!(
                    "{} {}:\n  got {status} location={location:?} calls={:?}\n  want {} location={want_location:?} body containing {:?}",
                    page.page,
                    row.name,
                    seen.iter().map(|s| &s.path_and_query).collect::<Vec<_>>(),
                    row.status,
                    row.body_has
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn return_to_goes_to_kratos_and_a_malformed_flow_id_never_does() {
    let kratos = FakeKratos::start(Canned::json(200, recorded_flow("registration/initial"))).await;
    let app = start_app(&kratos.url(), Duration::from_secs(2)).await;
    for page in PAGES {
        kratos.take_seen();
        navigate(
            &app,
            &format!("{}?return_to=https%3A%2F%2Fapp.test%2Fafter", page.page),
            None,
        )
        .await;
        navigate(&app, &format!("{}?flow=..%2F..%2Fadmin", page.page), None).await;
        let res = navigate(
            &app,
            &format!("{}?return_to=https%3A%2F%2Fapp.test%2F%0D%0A", page.page),
            None,
        )
        .await;
        assert_eq!(res.status(), 400);
        let seen: Vec<String> = kratos
            .take_seen()
            .into_iter()
            .map(|s| s.path_and_query)
            .collect();
        assert_eq!(
            seen,
            [
                format!(
                    "/self-service/{}/browser?return_to=https%3A%2F%2Fapp.test%2Fafter",
                    page.kind
                ),
                format!("/self-service/{}/browser", page.kind),
            ]
        );
    }
}

#[tokio::test]
async fn the_recorded_states_render_as_people_expect() {
    let kratos = FakeKratos::start(Canned::raw(200, "")).await;
    let app = start_app(&kratos.url(), Duration::from_secs(2)).await;
    // (recording, page, what the page must show)
    let cases: [(&str, &str, &[&str]); 8] = [
        (
            "registration/initial",
            "/registration",
            &[
                "Create an account",
                "name=\"traits.email\"",
                "value=\"profile\"",
                "href=\"/login\"",
            ],
        ),
        (
            "registration/credentials",
            "/registration",
            &[
                "type=\"password\"",
                "name=\"screen\" value=\"previous\" formnovalidate",
                "ui/message/1040009",
            ],
        ),
        (
            "registration/password-too-short",
            "/registration",
            &["ui/message/4000032", "aria-invalid=\"true\""],
        ),
        (
            "registration/duplicate-identifier",
            "/registration",
            &["ui/message/4000007"],
        ),
        (
            "recovery/sent",
            "/recovery",
            &[
                "Enter your recovery code",
                "ui/message/1060003",
                "name=\"email\"",
                "formnovalidate",
            ],
        ),
        ("recovery/wrong-code", "/recovery", &["ui/message/4060006"]),
        (
            "verification/sent",
            "/verification",
            &["Enter your verification code", "ui/message/1080003"],
        ),
        (
            "verification/passed",
            "/verification",
            &[
                "Email address verified",
                "ui/message/1080002",
                "node/anchor/continue",
            ],
        ),
    ];
    for (recording, page, shown) in cases {
        let flow = recorded_flow(recording);
        kratos.set(Canned::json(200, flow.clone()));
        let res = navigate(
            &app,
            &format!("{page}?flow={}", flow["id"].as_str().unwrap()),
            None,
        )
        .await;
        assert_eq!(res.status(), 200, "{recording}");
        let body = res.text().await.unwrap();
        for s in shown {
            assert!(body.contains(s), "{recording}: {s} missing in\n{body}");
        }
    }
}

#[tokio::test]
async fn the_verification_form_is_filled_in_with_the_address_to_verify() {
    let flow = recorded_flow("verification/initial");
    let kratos = FakeKratos::start(Canned::json(200, flow)).await;
    let app = start_app(&kratos.url(), Duration::from_secs(2)).await;
    let body = navigate(
        &app,
        "/verification?email=new%2Baddress%40example.org%22%3E%3Cscript%3E",
        None,
    )
    .await
    .text()
    .await
    .unwrap();
    assert!(
        body.contains("value=\"new+address@example.org&quot;&gt;&lt;script&gt;\""),
        "{body}"
    );
}

#[tokio::test]
async fn the_sign_in_page_links_to_sign_up_and_recovery_only_when_offered() {
    let login = on_fake_kratos(fixture("kratos-v1.3.1/login/first-factor.json"));
    let id = login["id"].as_str().unwrap().to_string();
    let kratos = FakeKratos::start(Canned::json(200, login)).await;
    let app = start_app(&kratos.url(), Duration::from_secs(2)).await;
    let body = navigate(
        &app,
        &format!("/login?flow={id}&return_to=https%3A%2F%2Fapp.test%2F"),
        None,
    )
    .await
    .text()
    .await
    .unwrap();
    assert!(body.contains("href=\"/registration?return_to=https%3A%2F%2Fapp.test%2F\""));
    assert!(body.contains("href=\"/recovery?return_to=https%3A%2F%2Fapp.test%2F\""));

    let app = start_app_with(&kratos.url(), Duration::from_secs(2), |s| {
        s.offered_flows.registration = false;
        s.offered_flows.recovery = false;
    })
    .await;
    let body = navigate(&app, &format!("/login?flow={id}"), None)
        .await
        .text()
        .await
        .unwrap();
    assert!(!body.contains("/registration"));
    assert!(!body.contains("/recovery"));
}

#[tokio::test]
async fn the_settings_page_says_which_addresses_are_verified_and_links_to_verify_the_others() {
    let mut flow = on_fake_kratos(fixture("kratos-v1.3.1/settings/profile-saved.json"));
    flow["identity"]["verifiable_addresses"] = json!([
        {"value": "old@example.org", "verified": true, "via": "email", "status": "completed"},
        {"value": "new@example.org", "verified": false, "via": "email", "status": "sent"}
    ]);
    let kratos = FakeKratos::start(Canned::json(200, flow)).await;
    let app = start_app(&kratos.url(), Duration::from_secs(2)).await;
    let body = navigate(&app, "/settings", Some("ory_kratos_session=abc"))
        .await
        .text()
        .await
        .unwrap();
    assert!(body.contains("data-verified=\"true\"><span>old@example.org</span> <span class=\"badge\">Verified</span>"), "{body}");
    assert!(body.contains("href=\"/verification?email=new%40example.org\""));
    assert!(body.contains("We sent a link and a code to it"));
}

#[tokio::test]
async fn signed_in_visitors_asking_to_sign_up_or_recover_go_to_their_settings() {
    let kratos = FakeKratos::start(Canned::raw(200, "")).await;
    let app = start_app(&kratos.url(), Duration::from_secs(2)).await;
    // What real Kratos v1.3.1 answers there to a browser with a session (no redirect_browser_to).
    for (page, recording) in [
        (
            "/registration",
            "registration-browser-400-session-already-available",
        ),
        (
            "/recovery",
            "recovery-browser-400-session-already-available",
        ),
    ] {
        kratos.set(recorded_error(recording));
        let res = navigate(&app, page, Some("ory_kratos_session=abc")).await;
        assert_eq!(res.status(), 303, "{page}");
        assert_eq!(res.headers()["location"], "/settings", "{page}");
    }
}

#[tokio::test]
async fn a_connected_account_that_is_the_only_way_to_sign_in_is_explained() {
    let with_link = on_fake_kratos(fixture(
        "ory/elements-stubs/settings-flow-success-password.json",
    ));
    assert!(with_link["ui"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["group"] == "oidc"));
    let mut without = with_link.clone();
    without["ui"]["nodes"]
        .as_array_mut()
        .unwrap()
        .retain(|n| n["group"] != "oidc");
    let kratos = FakeKratos::start(Canned::json(200, without.clone())).await;
    let social = start_app(&kratos.url(), Duration::from_secs(2)).await;
    let no_social = start_app_with(&kratos.url(), Duration::from_secs(2), |s| {
        s.offered_flows.social_sign_in = false;
    })
    .await;
    let page = |app: String| async move {
        navigate(&app, "/settings", Some("ory_kratos_session=abc"))
            .await
            .text()
            .await
            .unwrap()
    };
    // Kratos lists no provider: the one linked is the only way to sign in.
    assert!(page(social.clone()).await.contains("ui/cannot-unlink"));
    // Without social sign-in there is nothing to explain.
    assert!(!page(no_social).await.contains("ui/cannot-unlink"));
    // A provider to link (or unlink): nothing to explain either.
    kratos.set(Canned::json(200, with_link));
    assert!(!page(social).await.contains("ui/cannot-unlink"));
}
