//! Branding: the operator's name, logo, links, accent colour and colour scheme on every page, the
//! files served from this origin under content-hashed names, and the CSP unchanged.

use crate::helpers::*;
use std::time::Duration;

fn brand_dir() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("end2end/brand")
}

#[tokio::test]
async fn every_page_carries_the_operators_brand_and_the_files_come_from_this_origin() {
    let flow = on_fake_kratos(fixture("ory/elements-stubs/settings-flow-totp-setup.json"));
    let kratos = FakeKratos::start(Canned::json(200, flow)).await;
    let plain = start_app(&kratos.url(), Duration::from_secs(2)).await;
    let app = start_app_with(&kratos.url(), Duration::from_secs(2), |s| {
        s.branding.product_name = Some("Acme <Accounts>".into());
        s.branding.logo = Some(brand_dir().join("logo.svg"));
        s.branding.accent_color = Some("#b5179e".into());
        s.branding.color_scheme = kratos_ui::server::config::ColorScheme::Dark;
        s.branding.privacy_url = Some(url::Url::parse("https://acme.example/privacy").unwrap());
    })
    .await;
    let res = navigate(&app, "/settings", Some("ory_kratos_session=abc")).await;
    assert_eq!(res.status(), 200);
    let csp = res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    let page = res.text().await.unwrap();
    assert!(
        page.contains("<html lang=\"en\" dir=\"ltr\" data-scheme=\"dark\">"),
        "{page}"
    );
    assert!(page.contains("<meta name=\"color-scheme\" content=\"dark\">"));
    assert!(page.contains("Acme &lt;Accounts&gt;"), "the name is text");
    assert!(page.contains("href=\"https://acme.example/privacy\""));
    let logo = between(&page, "<img src=\"", "\"");
    assert!(
        logo.starts_with("/brand/") && logo.ends_with(".svg"),
        "{logo}"
    );
    let res = browser().get(format!("{app}{logo}")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/svg+xml");
    assert!(res.headers()["cache-control"]
        .to_str()
        .unwrap()
        .contains("immutable"));
    assert_eq!(
        res.bytes().await.unwrap().as_ref(),
        std::fs::read(brand_dir().join("logo.svg")).unwrap()
    );
    // The accent colour comes in a stylesheet of this origin, not inline: the CSP is unchanged.
    let css = between(&page, "<link rel=\"stylesheet\" href=\"/brand/", "\"");
    let css = browser()
        .get(format!("{app}/brand/{css}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(css.contains("--accent:#b5179e"), "{css}");
    assert!(!page.contains("<style"));
    let plain_csp = navigate(&plain, "/settings", Some("ory_kratos_session=abc"))
        .await
        .headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    let without_nonce = |c: &str| c.split("'nonce-").next().unwrap().to_string();
    assert_eq!(without_nonce(&csp), without_nonce(&plain_csp));
    assert_eq!(
        browser()
            .get(format!("{app}/brand/0000000000000000.svg"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("{start} in {text}"))
        + start.len();
    let to = text[from..].find(end).unwrap() + from;
    &text[from..to]
}
