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
        vec![],
    ] {
        let res = post_logout(&app, &own).await;
        assert_eq!(res.status(), 303, "{own:?}");
        assert_eq!(res.headers()["location"], LOGOUT_URL);
    }
    assert_eq!(kratos.take_seen().len(), 2);
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
