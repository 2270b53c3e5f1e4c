//! The app under a base path (`BASE_PATH=/account`): every route, link, form, redirect and
//! `return_to` it builds carries the prefix, and nothing answers outside it.

use crate::helpers::*;
use serde_json::json;
use std::time::Duration;

async fn app_under_account(kratos: &FakeKratos) -> String {
    start_app_with(&kratos.url(), Duration::from_secs(2), |s| {
        s.base_path = "/account".into();
        s.ui_url = url::Url::parse("http://ui.test:3000/account/").unwrap();
    })
    .await
}

#[tokio::test]
async fn pages_links_and_forms_live_under_the_base_path() {
    let flow = on_fake_kratos(fixture("ory/elements-stubs/settings-flow-totp-setup.json"));
    let kratos = FakeKratos::start(Canned::json(200, flow)).await;
    let app = app_under_account(&kratos).await;
    let res = navigate(&app, "/account/settings", Some("ory_kratos_session=abc")).await;
    assert_eq!(res.status(), 200);
    let page = res.text().await.unwrap();
    for under in [
        "action=\"/account/api/logout\"",
        "href=\"/account/sessions\"",
        "/account/pkg/kratos-ui",
        "href=\"/account/favicon.ico\"",
    ] {
        assert!(page.contains(under), "{under} in {page}");
    }
    // Forms of Kratos still post to Kratos; nothing of ours points outside the prefix.
    let ours = regex_free_find_all(&page, "href=\"/");
    assert!(
        ours.iter().all(|h| h.starts_with("href=\"/account/")),
        "{ours:?}"
    );

    for (path, status) in [
        ("/settings", 404),
        ("/account/health/alive", 200),
        ("/health/alive", 404),
    ] {
        assert_eq!(navigate(&app, path, None).await.status(), status, "{path}");
    }
    let res = navigate(&app, "/account/settings/?x=1", None).await;
    assert_eq!(res.status(), 308);
    assert_eq!(res.headers()["location"], "/account/settings?x=1");
}

#[tokio::test]
async fn redirects_and_return_addresses_carry_the_base_path() {
    let kratos = FakeKratos::start(Canned::json(
        401,
        json!({"error": {"id": "session_inactive", "code": 401, "status": "Unauthorized"}}),
    ))
    .await;
    let app = app_under_account(&kratos).await;
    let res = navigate(&app, "/account/settings", None).await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        res.headers()["location"],
        "http://id.test:4433/self-service/login/browser?return_to=http%3A%2F%2Fui.test%3A3000%2Faccount%2Fsettings"
    );
    // A page of ours: already signed in, sign-up goes to the settings page under the prefix.
    kratos.set(Canned::json(
        400,
        json!({"error": {"id": "session_already_available", "code": 400, "status": "Bad Request"}}),
    ));
    let res = navigate(
        &app,
        "/account/registration",
        Some("ory_kratos_session=abc"),
    )
    .await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/account/settings");
    // The root of the prefix leads to the settings page.
    let res = navigate(&app, "/account", None).await;
    assert!(res.status().is_redirection(), "{}", res.status());
    assert_eq!(res.headers()["location"], "/account/settings");
}

/// Every occurrence of `needle` with what follows it up to the next quote.
fn regex_free_find_all(text: &str, needle: &str) -> Vec<String> {
    text.match_indices(needle)
        .map(|(i, _)| {
            let rest = &text[i + needle.len()..];
            let end = rest.find('"').unwrap_or(rest.len());
            format!("{needle}{}", &rest[..end])
        })
        .collect()
}
