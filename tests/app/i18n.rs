//! Every page in the visitor's language: the catalogs are complete, Kratos's messages are
//! translated by id with their context, the language is negotiated as browsers and people expect,
//! and an operator's directory overrides or adds strings without a rebuild.

use crate::helpers::*;
use kratos_ui::i18n::{Catalogs, PhrasePart, Translator};
use serde_json::{json, Value};
use std::time::Duration;

const LANGUAGES: [&str; 3] = ["en", "de", "ar"];

fn speaking(tag: &str) -> Translator {
    let catalogs = Catalogs::built_in();
    let index = catalogs.find(tag).unwrap();
    Translator::new(catalogs, index)
}

/// Kratos v1.3.1's messages (its `text` package, read from Kratos's source): those with a text
/// can be sent.
fn kratos_messages() -> Vec<Value> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/kratos-v1.3.1-messages.json"
    );
    serde_json::from_str::<Value>(&std::fs::read_to_string(path).unwrap())
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["text"].is_string())
        .cloned()
        .collect()
}

#[test]
fn every_kratos_message_and_every_string_has_a_translation_in_every_language() {
    let catalogs = Catalogs::built_in();
    let messages = kratos_messages();
    assert!(messages.len() > 150, "{} messages", messages.len());
    for m in &messages {
        let id = m["id"].as_i64().unwrap();
        assert!(
            catalogs.has_kratos_message(id),
            "no string for Kratos's {id}"
        );
    }
    for tag in LANGUAGES {
        assert!(catalogs.find(tag).is_some(), "{tag} is built in");
        let gaps = catalogs.gaps(tag);
        assert!(gaps.is_empty(), "{}", gaps.join("\n"));
    }
}

#[test]
fn english_says_what_kratos_says() {
    let english = Translator::english();
    for m in kratos_messages() {
        let text = m["text"].as_str().unwrap();
        if text.contains('{') {
            continue; // templated: tested with values below
        }
        let id = m["id"].as_i64().unwrap();
        assert_eq!(
            english.kratos(id, "(Kratos's own)", None).plain(),
            text,
            "{id}"
        );
    }
}

#[test]
fn kratos_values_are_put_into_the_translation_and_times_become_time_elements() {
    let german = speaking("de");
    let context = json!({"min_length": 8, "actual_length": 5});
    let text = german.kratos(4000032, "", Some(&context)).plain();
    assert!(text.contains('8') && text.contains('5'), "{text}");
    assert_ne!(
        text,
        Translator::english()
            .kratos(4000032, "", Some(&context))
            .plain()
    );

    let used = json!({"used_at": "2026-12-06T21:04:05Z", "used_at_unix": 1_796_591_045});
    for (tag, month) in [("en", "December"), ("de", "Dezember"), ("ar", "ديسمبر")] {
        let phrase = speaking(tag).kratos(1050014, "", Some(&used));
        let time = phrase.0.iter().find_map(|p| match p {
            PhrasePart::Time { datetime, shown } => Some((datetime.clone(), shown.clone())),
            PhrasePart::Text(_) => None,
        });
        let (datetime, shown) = time.unwrap_or_else(|| panic!("{tag}: no time in {phrase:?}"));
        assert_eq!(datetime, "2026-12-06T21:04:05Z");
        assert!(
            shown.contains(month) && shown.contains("21:04"),
            "{tag}: {shown}"
        );
    }

    // Sign-in methods Kratos lists by their ids are named in the visitor's language.
    let duplicate = json!({"credential_identifier_hint": "ada@example.org",
        "available_credential_types": ["password", "oidc"], "available_oidc_providers": ["google"]});
    let text = german.kratos(4000028, "", Some(&duplicate)).plain();
    let names = format!(
        "{}, {}",
        german.text("method-password"),
        german.text("method-oidc")
    );
    assert!(
        text.contains(&names) && text.contains("google") && text.contains("ada@example.org"),
        "{text}"
    );
    // A list in the context is written out.
    let lists = json!({"allowed_types": ["string", "number"], "actual_type": "boolean"});
    let text = german.kratos(4000026, "", Some(&lists)).plain();
    assert!(
        text.contains("string, number") && text.contains("boolean"),
        "{text}"
    );
}

#[test]
fn an_unknown_id_or_a_missing_value_falls_back_to_kratos_own_words() {
    for tag in LANGUAGES {
        let t = speaking(tag);
        assert_eq!(
            t.kratos(9_999_999, "From Kratos", None).plain(),
            "From Kratos"
        );
        // 4000032 needs its lengths; without them Kratos's sentence is better than a gap.
        assert_eq!(
            t.kratos(4000032, "The password must be longer.", None)
                .plain(),
            "The password must be longer."
        );
    }
}

#[test]
fn plural_forms_follow_each_language() {
    for tag in LANGUAGES {
        let t = speaking(tag);
        let count = |n: f64| {
            t.text_with(
                "notice-others-revoked",
                &[("count", kratos_ui::i18n::Arg::Number(n))],
            )
        };
        let (none, one, two, many) = (count(0.0), count(1.0), count(2.0), count(11.0));
        assert!(!none.contains('0') || tag == "en", "{tag}: {none}");
        assert_ne!(one, two, "{tag}");
        assert!(many.contains("11"), "{tag}: {many}");
    }
}

const FLOW_ID: &str = "00000000-0000-4000-8000-000000000012";

/// The app in front of a Kratos that answers with a settings flow whose password was too short.
async fn app_with_settings_flow() -> String {
    let flow = on_fake_kratos(fixture("kratos-v1.3.1/settings/password-too-short.json"));
    let kratos = FakeKratos::start(Canned::json(200, flow)).await;
    start_app(&kratos.url(), Duration::from_secs(2)).await
}

async fn get(app: &str, path: &str, accept_language: &str, cookie: &str) -> reqwest::Response {
    browser()
        .get(format!("{app}{path}"))
        .header("accept", "text/html")
        .header("accept-language", accept_language)
        .header("cookie", format!("ory_kratos_session=abc; {cookie}"))
        .send()
        .await
        .unwrap()
}

fn header(res: &reqwest::Response, name: &str) -> String {
    res.headers()
        .get_all(name)
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

#[tokio::test]
async fn the_settings_page_speaks_the_language_the_browser_asks_for() {
    let app = app_with_settings_flow().await;
    let path = format!("/settings?flow={FLOW_ID}");
    for (accept, tag) in [
        ("de-CH, de;q=0.9, en;q=0.5", "de"),
        ("ar", "ar"),
        ("fr, en;q=0.1", "en"),
    ] {
        let res = get(&app, &path, accept, "").await;
        assert_eq!(res.status(), 200);
        assert_eq!(header(&res, "content-language"), tag, "{accept}");
        assert!(header(&res, "vary").contains("Accept-Language"), "{accept}");
        let html = res.text().await.unwrap();
        let t = speaking(tag);
        let dir = if tag == "ar" { "rtl" } else { "ltr" };
        assert!(
            html.contains(&format!("<html lang=\"{tag}\" dir=\"{dir}\"")),
            "{tag}: {html}"
        );
        for key in [
            "settings-title",
            "section-password",
            "sign-out",
            "settings-sessions-link",
        ] {
            assert!(html.contains(&t.text(key)), "{tag}: {key} missing");
        }
        // Kratos's error at the password field, with its lengths, in the same language.
        let message = t
            .kratos(
                4000032,
                "",
                Some(&json!({"min_length": 8, "actual_length": 5})),
            )
            .plain();
        assert!(html.contains(&message), "{tag}: {message} missing");
        if tag != "en" {
            let english = Translator::english();
            for key in ["settings-title", "section-password", "sign-out"] {
                assert!(
                    !html.contains(&format!(">{}<", english.text(key))),
                    "{tag}: English {key}"
                );
            }
        }
    }
}

#[tokio::test]
async fn a_language_picked_in_the_query_is_remembered_and_wins_over_the_browser() {
    let app = app_with_settings_flow().await;
    let path = format!("/settings?flow={FLOW_ID}&lang=ar");
    let res = get(&app, &path, "de", "").await;
    assert_eq!(header(&res, "content-language"), "ar");
    let cookie = header(&res, "set-cookie");
    assert!(
        cookie.contains("lang=ar; Path=/;") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    // The cookie alone then decides, over Accept-Language.
    let res = get(&app, &format!("/settings?flow={FLOW_ID}"), "de", "lang=ar").await;
    assert_eq!(header(&res, "content-language"), "ar");
    assert!(header(&res, "set-cookie").is_empty() || !header(&res, "set-cookie").contains("lang="));
    // An unknown language in the query or the cookie changes nothing.
    let res = get(
        &app,
        &format!("/settings?flow={FLOW_ID}&lang=xx"),
        "de",
        "lang=%3Cb%3E",
    )
    .await;
    assert_eq!(header(&res, "content-language"), "de");
    assert!(!header(&res, "set-cookie").contains("lang="));
    // A regional tag picks its language, as in Accept-Language.
    let res = get(
        &app,
        &format!("/settings?flow={FLOW_ID}&lang=de-CH"),
        "ar",
        "",
    )
    .await;
    assert_eq!(header(&res, "content-language"), "de");
    assert!(header(&res, "set-cookie").contains("lang=de;"));
}

#[tokio::test]
async fn the_language_cookie_stays_under_the_base_path() {
    let flow = on_fake_kratos(fixture("kratos-v1.3.1/settings/password-too-short.json"));
    let kratos = FakeKratos::start(Canned::json(200, flow)).await;
    let app = start_app_with(&kratos.url(), Duration::from_secs(2), |s| {
        s.base_path = "/account".into();
        s.ui_url = url::Url::parse("https://ui.test/account/").unwrap();
    })
    .await;
    let res = get(
        &app,
        &format!("/account/settings?flow={FLOW_ID}&lang=de"),
        "",
        "",
    )
    .await;
    assert_eq!(header(&res, "content-language"), "de");
    let cookie = header(&res, "set-cookie");
    assert!(
        cookie.contains("lang=de; Path=/account/;")
            && cookie.contains("HttpOnly")
            && cookie.contains("Secure"),
        "{cookie}"
    );
    // Outside the base path, the not-found page speaks the browser's language too.
    let html = get(&app, "/elsewhere", "de", "")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains(&speaking("de").text("not-found-title")),
        "{html}"
    );
}

#[tokio::test]
async fn the_switcher_links_to_the_same_page_in_every_other_language() {
    let app = app_with_settings_flow().await;
    let res = get(&app, &format!("/settings?flow={FLOW_ID}"), "de", "").await;
    let html = res.text().await.unwrap();
    for (tag, name) in [("en", "English"), ("ar", "العربية")] {
        let link =
            format!("href=\"?flow={FLOW_ID}&amp;lang={tag}\" hreflang=\"{tag}\" lang=\"{tag}\"");
        assert!(html.contains(&link), "{link} missing in {html}");
        assert!(html.contains(name), "{name}");
    }
    assert!(
        html.contains("<span lang=\"de\" aria-current=\"true\">Deutsch</span>"),
        "{html}"
    );
}

#[tokio::test]
async fn the_login_page_and_the_error_pages_are_translated_in_every_language() {
    let flow = on_fake_kratos(fixture(
        "kratos-v1.3.1/login/first-factor-wrong-password.json",
    ));
    let login_kratos = FakeKratos::start(Canned::json(200, flow)).await;
    let login_app = start_app(&login_kratos.url(), Duration::from_secs(2)).await;
    let error_kratos = FakeKratos::start(Canned::json(
        200,
        json!({"id": "00000000-0000-4000-8000-0000000000e1", "error": {"id": "security_csrf_violation",
            "code": 403, "status": "Forbidden", "reason": "Please retry the flow."}}),
    ))
    .await;
    let error_app = start_app(&error_kratos.url(), Duration::from_secs(2)).await;
    let down_app = start_app("http://127.0.0.1:9/", Duration::from_secs(2)).await;
    for tag in LANGUAGES {
        let t = speaking(tag);
        let html_tag = format!("<html lang=\"{tag}\" dir=\"{}\"", t.dir());

        // A login flow with Kratos's refusal of the password.
        let res = get(
            &login_app,
            "/login?flow=00000000-0000-4000-8000-000000000001",
            tag,
            "",
        )
        .await;
        assert_eq!(res.status(), 200);
        let html = res.text().await.unwrap();
        assert!(html.contains(&html_tag), "{tag}: {html}");
        assert!(html.contains(&t.text("login-title")), "{tag}");
        assert!(
            html.contains(&t.kratos(4000006, "", None).plain()),
            "{tag}: {html}"
        );
        assert!(
            html.contains(&t.kratos(1010022, "", None).plain()),
            "{tag}: the button"
        );

        // Kratos's stored error, explained.
        let res = get(
            &error_app,
            "/error?id=00000000-0000-4000-8000-0000000000e1",
            tag,
            "",
        )
        .await;
        let html = res.text().await.unwrap();
        assert!(html.contains(&html_tag), "{tag}");
        assert!(
            html.contains(&t.text("flow-error-csrf-title")),
            "{tag}: {html}"
        );
        assert!(html.contains(&t.text("back-to-settings")), "{tag}");

        // Kratos down: the status page.
        let res = get(&down_app, "/settings", tag, "").await;
        assert_eq!(res.status(), 502);
        let html = res.text().await.unwrap();
        assert!(html.contains(&html_tag), "{tag}");
        assert!(
            html.contains(&t.text("error-unreachable-title")),
            "{tag}: {html}"
        );
        assert!(html.contains(&t.text("try-again")), "{tag}");

        // A page that is not there.
        let html = get(&down_app, "/nowhere", tag, "")
            .await
            .text()
            .await
            .unwrap();
        assert!(html.contains(&t.text("not-found-title")), "{tag}: {html}");
    }
}

fn languages_dir(files: &[(&str, &str)]) -> std::path::PathBuf {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "kratos-ui-languages-{}-{}",
        std::process::id(),
        N.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    dir
}

#[tokio::test]
async fn an_operator_overrides_strings_and_adds_a_language_without_rebuilding() {
    let dir = languages_dir(&[
        ("de.ftl", "settings-title = Mein Konto\nkratos-4000032 = Mindestens { $min_length } Zeichen, bitte.\n"),
        ("fr.ftl", "language-name = Français\nsettings-title = Paramètres du compte\n"),
    ]);
    let flow = on_fake_kratos(fixture("kratos-v1.3.1/settings/password-too-short.json"));
    let kratos = FakeKratos::start(Canned::json(200, flow)).await;
    let app = start_app_with(&kratos.url(), Duration::from_secs(2), |s| {
        s.languages_dir = Some(dir.clone());
    })
    .await;
    let path = format!("/settings?flow={FLOW_ID}");
    let html = get(&app, &path, "de", "").await.text().await.unwrap();
    assert!(html.contains("<h1>Mein Konto</h1>"), "{html}");
    assert!(html.contains("Mindestens 8 Zeichen, bitte."), "{html}");
    assert!(
        html.contains(&speaking("de").text("section-password")),
        "the rest stays"
    );

    let res = get(&app, &path, "fr-FR", "").await;
    assert_eq!(header(&res, "content-language"), "fr");
    let html = res.text().await.unwrap();
    assert!(html.contains("<h1>Paramètres du compte</h1>"), "{html}");
    // What French lacks is English, never a key.
    assert!(html.contains(&Translator::english().text("section-password")));
    assert!(!html.contains("section-password<"));
    assert!(
        html.contains(">Français<"),
        "the switcher offers it: {html}"
    );
}

#[test]
fn a_bad_catalog_file_stops_start_up_naming_the_file_and_the_string() {
    for (text, expected) in [
        (
            "settings-title = Mein Konto\nsign-out = { $oops\n",
            "sign-out",
        ),
        (
            "settings-titel = Mein Konto\n",
            "settings-titel: there is no such string",
        ),
        (
            "settings-title = Konto von { $name }\n",
            "settings-title: uses { $name }",
        ),
    ] {
        let dir = languages_dir(&[("de.ftl", text)]);
        let error = Catalogs::load(Some(&dir), "en").err().unwrap().to_string();
        assert!(
            error.starts_with("invalid setting KRATOS_UI_LANGUAGES_DIR: ")
                && error.contains("de.ftl")
                && error.contains(expected),
            "{error}"
        );
        assert_eq!(error.lines().count(), 1, "{error}");
    }
    let error = Catalogs::load(None, "xx").err().unwrap().to_string();
    assert!(
        error.contains("\"xx\"") && error.contains("en, de, ar"),
        "{error}"
    );
    // Through the router, as `main` starts it: the setting is named.
    let dir = languages_dir(&[("de.ftl", "sign-out = { $oops\n")]);
    let mut settings = kratos_ui::server::config::Settings::from_sources(
        None,
        |name| (name == "KRATOS_PUBLIC_URL").then(|| "http://127.0.0.1:4433".to_string()),
        "127.0.0.1:3000",
    )
    .unwrap();
    settings.languages_dir = Some(dir);
    let options = leptos::prelude::LeptosOptions::builder()
        .output_name("kratos-ui")
        .site_root("target/site")
        .build();
    let error = kratos_ui::server::router(options, settings).err().unwrap();
    assert!(
        error.starts_with("invalid setting KRATOS_UI_LANGUAGES_DIR: ")
            && error.contains("de.ftl: sign-out"),
        "{error}"
    );
}
