//! What a hostile visitor or another site can try against the app itself: forged calls to our
//! endpoints from other origins, and `return_to` values built to blow up redirects.

use crate::helpers::*;
use serde_json::json;
use std::time::Duration;

const LOGOUT_URL: &str = "http://id.test:4433/self-service/logout?token=t0k3n";

fn logout_answer() -> Canned {
    Canned::json(
        200,
        json!({"logout_url": LOGOUT_URL, "logout_token": "t0k3n"}),
    )
}

async fn post_logout(app: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut req = browser()
        .post(format!("{app}/api/logout"))
        .header("accept", "text/html")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", "ory_kratos_session=abc");
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    req.body("").send().await.unwrap()
}

#[tokio::test]
async fn a_sign_out_posted_from_another_site_is_refused_without_calling_kratos() {
    let kratos = FakeKratos::start(logout_answer()).await;
    let app = start_app(&kratos.url(), Duration::from_secs(2)).await;
    for forged in [
        // A page on a sibling subdomain: same site, other origin.
        vec![
            ("sec-fetch-site", "same-site"),
            ("origin", "http://blog.ui.test:3000"),
        ],
        vec![
            ("sec-fetch-site", "cross-site"),
            ("origin", "https://evil.example"),
        ],
        // A browser without Fetch Metadata still sends Origin.
        vec![("origin", "https://evil.example")],
        vec![("origin", "null")],
    ] {
        let res = post_logout(&app, &forged).await;
        assert_eq!(res.status(), 403, "{forged:?}");
        assert!(res.headers().get("location").is_none());
        assert!(res.headers().get("set-cookie").is_none());
        assert_eq!(res.headers()["cache-control"], "no-store");
        assert!(res.text().await.unwrap().contains("came from another site"));
    }
    assert!(
        kratos.take_seen().is_empty(),
        "Kratos was never asked for a logout URL"
    );

    // The UI's own sign-out button still works, with and without Fetch Metadata.
    for own in [
        vec![
            ("sec-fetch-site", "same-origin"),
            ("origin", "http://ui.test:3000"),
        ],
        // Our pages' `Referrer-Policy: no-referrer` makes a same-origin form post say `Origin: null`.
        vec![("sec-fetch-site", "same-origin"), ("origin", "null")],
        vec![],
    ] {
        let res = post_logout(&app, &own).await;
        assert_eq!(res.status(), 303, "{own:?}");
        assert_eq!(res.headers()["location"], LOGOUT_URL);
    }
    assert_eq!(kratos.take_seen().len(), 3);
}

#[tokio::test]
async fn server_functions_that_read_are_not_callable_from_another_site_either() {
    let kratos = FakeKratos::start(logout_answer()).await;
    let app = start_app(&kratos.url(), Duration::from_secs(2)).await;
    for endpoint in ["settings_flow", "login_flow", "flow_error"] {
        let res = browser()
            .post(format!("{app}/api/{endpoint}"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", "ory_kratos_session=abc")
            .header("sec-fetch-site", "cross-site")
            .header("origin", "https://evil.example")
            .body("id=f0000000-0000-4000-8000-000000000001")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403, "{endpoint}");
    }
    assert!(kratos.take_seen().is_empty());
}

#[tokio::test]
async fn a_return_to_too_long_or_with_control_characters_is_a_400_page_without_a_kratos_call() {
    let kratos = FakeKratos::start(logout_answer()).await;
    let app = start_app(&kratos.url(), Duration::from_secs(2)).await;
    let long = format!("https%3A%2F%2Fapp.example%2F{}", "a".repeat(5000));
    for path in [
        format!("/settings?return_to={long}"),
        format!("/login?return_to={long}"),
        "/settings?return_to=https%3A%2F%2Fapp.example%2F%0D%0ASet-Cookie%3A%20x%3D1".into(),
        "/login?return_to=https%3A%2F%2Fapp.example%2F%00".into(),
    ] {
        let res = navigate(&app, &path, None).await;
        assert_eq!(res.status(), 400, "{}", &path[..40]);
        assert!(res.headers().get("location").is_none());
        let page = res.text().await.unwrap();
        assert!(
            page.contains("This return address is not allowed"),
            "{page}"
        );
    }
    assert!(kratos.take_seen().is_empty());
    // A long but reasonable one still travels.
    let fine = format!("https%3A%2F%2Fapp.example%2F{}", "a".repeat(1000));
    let res = navigate(&app, &format!("/login?return_to={fine}"), None).await;
    assert_eq!(res.status(), 303);
}

fn flow_with(mutate: impl FnOnce(&mut serde_json::Value)) -> Canned {
    let mut flow = on_fake_kratos(fixture("ory/elements-stubs/settings-flow-totp-setup.json"));
    mutate(&mut flow);
    Canned::json(200, flow)
}

fn refusal(status: u16, id: &str, redirect_browser_to: &str) -> Canned {
    Canned::json(
        status,
        json!({"error": {"id": id, "code": status, "status": "x", "message": "m"},
               "redirect_browser_to": redirect_browser_to}),
    )
}

#[tokio::test]
async fn a_flow_whose_form_posts_elsewhere_is_a_502_page() {
    let kratos = FakeKratos::start(flow_with(|f| {
        f["ui"]["action"] = json!("https://collector.evil.example/self-service/settings?flow=1");
    }))
    .await;
    let app = start_app(&kratos.url(), Duration::from_secs(2)).await;
    for path in [
        "/settings",
        "/login?flow=f0000000-0000-4000-8000-000000000001",
    ] {
        let res = navigate(&app, path, None).await;
        assert_eq!(res.status(), 502, "{path}");
        let page = res.text().await.unwrap();
        assert!(!page.contains("evil.example"), "{page}");
    }
}

#[tokio::test]
async fn only_scripts_from_kratos_are_loaded_and_without_the_pages_nonce() {
    let script = |id: &str, src: &str| {
        json!({"type": "script", "group": "webauthn", "messages": [], "meta": {},
            "attributes": {"node_type": "script", "id": id, "src": src, "async": true,
                "crossorigin": "anonymous", "integrity": "sha512-x", "referrerpolicy": "no-referrer",
                "type": "text/javascript", "nonce": "kratos-nonce"}})
    };
    let kratos = FakeKratos::start(flow_with(|f| {
        let nodes = f["ui"]["nodes"].as_array_mut().unwrap();
        nodes.push(script(
            "webauthn_script",
            "http://id.test:4433/.well-known/ory/webauthn.js",
        ));
        nodes.push(script(
            "foreign_script",
            "https://cdn.evil.example/webauthn.js",
        ));
        nodes.push(script(
            "tricky_script",
            "http://id.test:4433@cdn.evil.example/x.js",
        ));
    }))
    .await;
    let app = start_app(&kratos.url(), Duration::from_secs(2)).await;
    let res = navigate(&app, "/settings", None).await;
    assert_eq!(res.status(), 200);
    let page = res.text().await.unwrap();
    let tag = page
        .split("<script")
        .find(|t| t.contains("webauthn.js"))
        .expect("Kratos's script is on the page");
    assert!(
        tag.contains("src=\"http://id.test:4433/.well-known/ory/webauthn.js\""),
        "{tag}"
    );
    assert!(!tag.split('>').next().unwrap().contains("nonce"), "{tag}");
    assert!(!page.contains("evil.example"), "{page}");
}

#[tokio::test]
async fn redirects_kratos_names_must_stay_on_kratos_or_a_configured_provider() {
    let kratos = FakeKratos::start(logout_answer()).await;
    let app = start_app(&kratos.url(), Duration::from_secs(2)).await;
    let flow = "f0000000-0000-4000-8000-000000000001";
    for (answer, path, expected) in [
        // Re-authentication and step-up go to Kratos only.
        (
            refusal(
                403,
                "session_refresh_required",
                "https://evil.example/login",
            ),
            format!("/settings?flow={flow}"),
            None,
        ),
        (
            refusal(
                403,
                "session_refresh_required",
                "http://id.test:4433@evil.example/",
            ),
            format!("/settings?flow={flow}"),
            None,
        ),
        (
            refusal(
                403,
                "session_aal2_required",
                "https://evil.example/login?aal=aal2",
            ),
            "/settings".to_string(),
            None,
        ),
        (
            refusal(
                403,
                "session_aal2_required",
                "https://accounts.google.example/x",
            ),
            "/settings".to_string(),
            None,
        ),
        (
            refusal(
                403,
                "session_refresh_required",
                "https://accounts.google.example/x",
            ),
            format!("/login?flow={flow}"),
            None,
        ),
        (
            refusal(
                403,
                "session_refresh_required",
                "http://id.test:4433/self-service/login/browser?refresh=true",
            ),
            format!("/settings?flow={flow}"),
            Some("http://id.test:4433/self-service/login/browser?refresh=true"),
        ),
        // A browser location change may also go to a configured identity provider.
        (
            refusal(
                422,
                "browser_location_change_required",
                "https://accounts.google.example/authorize?state=s",
            ),
            format!("/settings?flow={flow}"),
            Some("https://accounts.google.example/authorize?state=s"),
        ),
        (
            refusal(
                422,
                "browser_location_change_required",
                "https://other-idp.example/authorize",
            ),
            format!("/settings?flow={flow}"),
            None,
        ),
    ] {
        kratos.set(answer.clone());
        let res = navigate(&app, &path, None).await;
        match expected {
            Some(location) => {
                assert_eq!(res.status(), 303, "{answer:?}");
                assert_eq!(res.headers()["location"], location);
            }
            None => {
                assert_eq!(res.status(), 502, "{answer:?}");
                assert!(res.headers().get("location").is_none());
            }
        }
    }

    // The logout URL must be Kratos's too.
    kratos.set(Canned::json(
        200,
        json!({"logout_url": "https://evil.example/logout", "logout_token": "t"}),
    ));
    let res = post_logout(&app, &[]).await;
    let location = res
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_string());
    assert!(
        !location.as_deref().unwrap_or("").contains("evil"),
        "{} {location:?}",
        res.status()
    );
}

#[tokio::test]
async fn a_flow_built_to_blow_up_the_page_is_a_502_page_not_megabytes() {
    // Shared nodes are repeated in every form: 40 of them across 15 groups.
    let kratos = FakeKratos::start(flow_with(|f| {
        let nodes = f["ui"]["nodes"].as_array_mut().unwrap();
        for i in 0..40 {
            nodes.push(json!({"type": "input", "group": "default", "messages": [], "meta": {},
                "attributes": {"node_type": "input", "name": format!("shared{i}"), "type": "text", "disabled": false}}));
        }
        for g in 0..15 {
            nodes.push(json!({"type": "input", "group": format!("g{g}"), "messages": [], "meta": {},
                "attributes": {"node_type": "input", "name": "method", "type": "submit", "value": format!("g{g}"), "disabled": false}}));
        }
    }))
    .await;
    let app = start_app(&kratos.url(), Duration::from_secs(2)).await;
    let res = navigate(&app, "/settings", None).await;
    assert_eq!(res.status(), 502);
    assert!(res.text().await.unwrap().len() < 20_000);
}
