//! `/sessions` and its sign-out forms against a fake Kratos over real HTTP: what the page shows,
//! its two concurrent Kratos calls, the error table, and the forms' own CSRF protection.

use crate::helpers::*;
use serde_json::{json, Value};
use std::time::Duration;

const SESSION_COOKIE: &str = "ory_kratos_session=abc";
const OTHER_ID: &str = "00000000-0000-4000-8000-0000000000a1";
const FOREIGN_ID: &str = "00000000-0000-4000-8000-0000000000f0";
const NEXT_TOKEN: &str = "eyJvZmZzZXQiOiIyMCIsInYiOjJ9";
const LOGIN_RETURNING_HERE: &str =
    "http://id.test:4433/self-service/login/browser?return_to=http%3A%2F%2Fui.test%3A3000%2Fsessions";

/// The recorded whoami of real Kratos, signed in from Firefox on Linux.
fn current() -> Value {
    let mut s = fixture("kratos-v1.3.1/sessions/whoami-aal1-password.json");
    s["devices"][0]["user_agent"] =
        json!("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0");
    s["devices"][0]["ip_address"] = json!("198.51.100.4:40112");
    s
}

/// Another session of the same identity: Chrome on Windows, with a second factor.
fn other() -> Value {
    let mut s = fixture("kratos-v1.3.1/sessions/whoami-aal2-backup-code.json");
    s["id"] = json!(OTHER_ID);
    s["devices"][0]["user_agent"] = json!(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
    );
    s["devices"][0]["ip_address"] = json!("203.0.113.7:51234");
    s["authenticated_at"] = json!("2026-11-30T09:15:00.123456Z");
    s
}

/// A list of sessions real Kratos v1.3.1 sent, with the headers that page it.
fn recorded_list(name: &str) -> Canned {
    let f = fixture(&format!("kratos-v1.3.1/sessions/{name}.json"));
    let mut canned = Canned::json(200, f["body"].clone());
    for header in ["link", "x_total_count"] {
        if let Some(value) = f[header].as_str() {
            canned = canned.header(&header.replace('_', "-"), value);
        }
    }
    canned
}

/// A fake Kratos answering whoami and the list of other sessions (with a next page).
async fn kratos_with_sessions() -> FakeKratos {
    let kratos = FakeKratos::start(Canned::raw(404, "{}")).await;
    kratos.route("GET", "/sessions/whoami", Canned::json(200, current()));
    kratos.route(
        "GET",
        "/sessions",
        Canned::json(200, json!([other()]))
            .header(
                "link",
                &format!("</sessions?page_size=20&page_token={NEXT_TOKEN}>; rel=\"next\""),
            )
            .header("x-total-count", "21"),
    );
    kratos
}

/// The page's own CSRF token, from the cookie the page set.
fn token_cookie(res: &reqwest::Response) -> String {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("kratos_ui_csrf="))
        .and_then(|c| c.split(';').next())
        .expect("the page sets its form token")
        .to_string()
}

async fn post_form(app: &str, action: &str, cookie: &str, body: &str) -> reqwest::Response {
    post_form_with(app, action, cookie, body, &[]).await
}

async fn post_form_with(
    app: &str,
    action: &str,
    cookie: &str,
    body: &str,
    headers: &[(&str, &str)],
) -> reqwest::Response {
    let mut req = browser()
        .post(format!("{app}{action}"))
        .header("accept", "text/html")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", cookie);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    req.body(body.to_string()).send().await.unwrap()
}

/// Signs in the page view and returns the cookie header a browser would now send.
async fn visit_and_get_cookie(app: &str) -> (String, String) {
    let res = navigate(app, "/sessions", Some(SESSION_COOKIE)).await;
    assert_eq!(res.status(), 200);
    let token = token_cookie(&res);
    (
        token.clone(),
        format!("{SESSION_COOKIE}; kratos_ui_csrf={token}"),
    )
}

fn positions(page: &str, needles: &[&str]) -> Vec<usize> {
    needles
        .iter()
        .map(|n| page.find(n).unwrap_or_else(|| panic!("{n} missing")))
        .collect()
}

#[tokio::test]
async fn the_page_lists_this_device_first_then_the_others_as_kratos_recorded_them() {
    let kratos = kratos_with_sessions().await;
    let app = start_app(&kratos.url(), Duration::from_secs(2)).await;
    let res = navigate(&app, "/sessions", Some(SESSION_COOKIE)).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let token = token_cookie(&res);
    let page = res.text().await.unwrap();
    let current_id = current()["id"].as_str().unwrap().to_string();
    let at = positions(
        &page,
        &[
            &format!("data-session-id=\"{current_id}\""),
            &format!("data-session-id=\"{OTHER_ID}\""),
        ],
    );
    assert!(at[0] < at[1], "this device comes first");
    assert_eq!(
        page.matches("data-testid=\"session/this-device\"").count(),
        1
    );
    for shown in [
        "Firefox on Linux",
        "198.51.100.4<",
        "Chrome on Windows",
        "203.0.113.7<",
        "<time datetime=\"2026-11-30T09:15:00.123456Z\">30 November 2026, 09:15 UTC</time>",
        "Password, Backup code",
    ] {
        assert!(page.contains(shown), "{shown} in {page}");
    }
    // One sign-out form per other device, carrying its id and the token of the cookie.
    assert_eq!(page.matches("action=\"/api/revoke_session\"").count(), 1);
    assert!(page.contains(&format!("name=\"session\" value=\"{OTHER_ID}\"")));
    assert!(!page.contains(&format!("name=\"session\" value=\"{current_id}\"")));
    assert!(page.contains(&format!("name=\"csrf_token\" value=\"{token}\"")));
    assert!(page.contains("action=\"/api/revoke_other_sessions\""));
    assert!(page.contains(&format!("href=\"/sessions?page_token={NEXT_TOKEN}\"")));
    // Kratos has no "last active" time, and none is made up.
    assert!(!page.to_lowercase().contains("last active"));
}

#[tokio::test]
async fn a_view_asks_kratos_twice_at_the_same_time_with_the_browser_cookie() {
    let kratos = FakeKratos::start(Canned::raw(404, "{}")).await;
    let slow = Duration::from_millis(300);
    kratos.route(
        "GET",
        "/sessions/whoami",
        Canned::json(200, current()).delayed(slow),
    );
    // Real Kratos's answer for an identity signed in nowhere else, which links pages that do
    // not exist (offsets 250 and -250).
    kratos.route("GET", "/sessions", recorded_list("list-none").delayed(slow));
    let app = start_app(&kratos.url(), Duration::from_secs(2)).await;
    let res = navigate(&app, "/sessions", Some(SESSION_COOKIE)).await;
    assert_eq!(res.status(), 200);
    let page = res.text().await.unwrap();
    assert!(page.contains("You are not signed in anywhere else."));
    assert!(!page.contains("page_token"), "no links to pages of nothing");
    let mut seen: Vec<String> = kratos
        .take_seen()
        .into_iter()
        .map(|s| {
            assert_eq!(s.cookie.as_deref(), Some(SESSION_COOKIE));
            format!("{} {}", s.method, s.path_and_query)
        })
        .collect();
    seen.sort();
    assert_eq!(seen, ["GET /sessions/whoami", "GET /sessions?page_size=20"]);
    assert_eq!(
        kratos.most_at_once(),
        2,
        "both calls were in flight together"
    );
}

#[tokio::test]
async fn a_page_token_goes_to_kratos_only_when_well_formed() {
    let kratos = kratos_with_sessions().await;
    let app = start_app(&kratos.url(), Duration::from_secs(2)).await;
    navigate(
        &app,
        &format!("/sessions?page_token={NEXT_TOKEN}"),
        Some(SESSION_COOKIE),
    )
    .await;
    navigate(
        &app,
        "/sessions?page_token=%3Cx%3E%26page_size%3D9",
        Some(SESSION_COOKIE),
    )
    .await;
    let lists: Vec<String> = kratos
        .take_seen()
        .into_iter()
        .filter(|s| s.path_and_query.starts_with("/sessions?"))
        .map(|s| s.path_and_query)
        .collect();
    assert_eq!(
        lists,
        [
            format!("/sessions?page_size=20&page_token={NEXT_TOKEN}"),
            "/sessions?page_size=20".to_string()
        ]
    );
}

#[tokio::test]
async fn the_page_answers_every_kratos_refusal_as_the_table_says() {
    let aal2 = fixture("kratos-v1.3.1/errors/whoami-403-session-aal2-required.json");
    let no_session = fixture("kratos-v1.3.1/errors/whoami-401-no-session.json");
    let step_up = "http://id.test:4433/self-service/login/browser?aal=aal2&return_to=http%3A%2F%2Fui.test%3A3000%2Fsessions";
    // (whoami, list) → status, Location, text on the page
    let rows: Vec<(Canned, Canned, u16, Option<&str>, &str)> = vec![
        (
            Canned::json(401, no_session["body"].clone()),
            Canned::json(401, no_session["body"].clone()),
            303,
            Some(LOGIN_RETURNING_HERE),
            "",
        ),
        (
            Canned::json(403, on_fake_kratos(aal2["body"].clone())),
            Canned::json(200, json!([])),
            303,
            Some(step_up),
            "",
        ),
        // The session ended between the two calls.
        (
            Canned::json(200, current()),
            Canned::json(401, no_session["body"].clone()),
            303,
            Some(LOGIN_RETURNING_HERE),
            "",
        ),
        (
            Canned::raw(500, "oops"),
            Canned::json(200, json!([])),
            502,
            None,
            "unexpected answer",
        ),
        (
            Canned::json(200, current()),
            Canned::raw(200, "<html>not json</html>"),
            502,
            None,
            "unexpected answer",
        ),
        (
            Canned::json(200, json!({"id": 7})),
            Canned::json(200, json!([])),
            502,
            None,
            "unexpected answer",
        ),
        (
            Canned::json(200, current()).delayed(Duration::from_secs(3)),
            Canned::json(200, json!([])),
            504,
            None,
            "taking too long",
        ),
    ];
    let kratos = FakeKratos::start(Canned::raw(404, "{}")).await;
    let app = start_app(&kratos.url(), Duration::from_millis(500)).await;
    for (i, (whoami, list, status, location, text)) in rows.into_iter().enumerate() {
        kratos.route("GET", "/sessions/whoami", whoami);
        kratos.route("GET", "/sessions", list);
        let res = navigate(&app, "/sessions", Some(SESSION_COOKIE)).await;
        assert_eq!(res.status(), status, "row {i}");
        assert_eq!(
            res.headers().get("location").map(|v| v.to_str().unwrap()),
            location,
            "row {i}"
        );
        let page = res.text().await.unwrap();
        assert!(page.contains(text), "row {i}: {page}");
    }

    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/", closed.local_addr().unwrap());
    drop(closed);
    let app = start_app(&url, Duration::from_secs(2)).await;
    let res = navigate(&app, "/sessions", Some(SESSION_COOKIE)).await;
    assert_eq!(res.status(), 502);
    assert!(res.text().await.unwrap().contains("unreachable"));
}

#[tokio::test]
async fn signing_out_another_device_needs_the_page_token_and_a_same_origin_post() {
    let kratos = kratos_with_sessions().await;
    kratos.route(
        "DELETE",
        &format!("/sessions/{OTHER_ID}"),
        Canned::raw(204, ""),
    );
    let app = start_app(&kratos.url(), Duration::from_secs(2)).await;
    let (token, cookie) = visit_and_get_cookie(&app).await;
    kratos.take_seen();

    // (cookie, form, extra headers)
    type Forgery<'a> = (String, String, Vec<(&'a str, &'a str)>);
    let forged: Vec<Forgery> = vec![
        // No token, a wrong token, a token without its cookie.
        (cookie.clone(), format!("session={OTHER_ID}"), vec![]),
        (
            cookie.clone(),
            format!("session={OTHER_ID}&csrf_token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
            vec![],
        ),
        (
            SESSION_COOKIE.to_string(),
            format!("session={OTHER_ID}&csrf_token={token}"),
            vec![],
        ),
        // The right token, posted from another site.
        (
            cookie.clone(),
            format!("session={OTHER_ID}&csrf_token={token}"),
            vec![
                ("sec-fetch-site", "cross-site"),
                ("origin", "https://evil.example"),
            ],
        ),
    ];
    for (i, (cookie, body, headers)) in forged.into_iter().enumerate() {
        let res = post_form_with(&app, "/api/revoke_session", &cookie, &body, &headers).await;
        assert_eq!(res.status(), 403, "forgery {i}");
        assert!(
            res.headers().get("location").is_none(),
            "{:?}",
            res.headers()
        );
        let page = res.text().await.unwrap();
        assert!(page.contains("<h1>"), "forgery {i} gets a page: {page}");
    }
    assert!(
        kratos.take_seen().is_empty(),
        "a forged post asks nothing of Kratos"
    );

    let res = post_form(
        &app,
        "/api/revoke_session",
        &cookie,
        &format!("session={OTHER_ID}&csrf_token={token}"),
    )
    .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        res.headers()["location"],
        "/sessions?notice=session_revoked"
    );
    let seen: Vec<String> = kratos
        .take_seen()
        .into_iter()
        .map(|s| {
            assert_eq!(
                s.cookie.as_deref(),
                Some(SESSION_COOKIE),
                "only Kratos's cookie"
            );
            format!("{} {}", s.method, s.path_and_query)
        })
        .collect();
    assert_eq!(
        seen,
        [
            "GET /sessions?page_size=500".to_string(),
            format!("DELETE /sessions/{OTHER_ID}")
        ]
    );
    let page = navigate(
        &app,
        "/sessions?notice=session_revoked",
        Some(SESSION_COOKIE),
    )
    .await
    .text()
    .await
    .unwrap();
    assert!(page.contains("That device was signed out."));
}

#[tokio::test]
async fn an_unknown_or_foreign_session_is_not_found_and_nothing_is_signed_out() {
    let kratos = kratos_with_sessions().await;
    let app = start_app(&kratos.url(), Duration::from_secs(2)).await;
    let (token, cookie) = visit_and_get_cookie(&app).await;
    kratos.take_seen();
    for session in [FOREIGN_ID, "not-a-uuid", "../whoami"] {
        let res = post_form(
            &app,
            "/api/revoke_session",
            &cookie,
            &format!("session={session}&csrf_token={token}"),
        )
        .await;
        assert_eq!(res.status(), 303, "{session}");
        assert_eq!(
            res.headers()["location"],
            "/sessions?notice=session_not_found"
        );
    }
    let seen = kratos.take_seen();
    assert!(
        seen.iter().all(|s| s.method == "GET"),
        "nothing was deleted: {seen:?}"
    );
    // Only the well-formed id was looked for, through every page Kratos offered (the fake
    // always offers a next one): at most four.
    assert_eq!(seen.len(), 4);
    let page = navigate(
        &app,
        "/sessions?notice=session_not_found",
        Some(SESSION_COOKIE),
    )
    .await
    .text()
    .await
    .unwrap();
    assert!(page.contains("was not found among your sessions"));
}

#[tokio::test]
async fn signing_out_all_other_devices_reports_how_many_were_active() {
    let kratos = kratos_with_sessions().await;
    // Kratos counts every other session it marked inactive, ended ones too.
    kratos.route(
        "DELETE",
        "/sessions",
        Canned::json(200, json!({"count": 25})),
    );
    let app = start_app(&kratos.url(), Duration::from_secs(2)).await;
    let (token, cookie) = visit_and_get_cookie(&app).await;
    kratos.take_seen();
    for (cookie, body, headers) in [
        (cookie.as_str(), String::new(), vec![]),
        (SESSION_COOKIE, format!("csrf_token={token}"), vec![]),
        (
            cookie.as_str(),
            format!("csrf_token={token}"),
            vec![("sec-fetch-site", "same-site")],
        ),
    ] {
        let res = post_form_with(&app, "/api/revoke_other_sessions", cookie, &body, &headers).await;
        assert_eq!(res.status(), 403, "{body} {headers:?}");
    }
    assert!(kratos.take_seen().is_empty());

    let res = post_form(
        &app,
        "/api/revoke_other_sessions",
        &cookie,
        &format!("csrf_token={token}"),
    )
    .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        res.headers()["location"],
        "/sessions?notice=others_revoked&count=21"
    );
    let seen: Vec<String> = kratos
        .take_seen()
        .into_iter()
        .map(|s| format!("{} {}", s.method, s.path_and_query))
        .collect();
    assert_eq!(seen, ["GET /sessions?page_size=1", "DELETE /sessions"]);
    let page = navigate(
        &app,
        "/sessions?notice=others_revoked&count=3",
        Some(SESSION_COOKIE),
    )
    .await
    .text()
    .await
    .unwrap();
    assert!(page.contains("3 other devices were signed out."));

    // Without a session any more: sign in, then back to the sessions page.
    kratos.route(
        "DELETE",
        "/sessions",
        Canned::json(
            401,
            fixture("kratos-v1.3.1/errors/whoami-401-no-session.json")["body"].clone(),
        ),
    );
    let res = post_form(
        &app,
        "/api/revoke_other_sessions",
        &cookie,
        &format!("csrf_token={token}"),
    )
    .await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], LOGIN_RETURNING_HERE);

    // Kratos down: the error page, as a page.
    kratos.route("DELETE", "/sessions", Canned::raw(502, "bad gateway"));
    let res = post_form(
        &app,
        "/api/revoke_other_sessions",
        &cookie,
        &format!("csrf_token={token}"),
    )
    .await;
    assert_eq!(res.status(), 502, "{:?}", res.headers());
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert!(res.text().await.unwrap().contains("unexpected answer"));
}

#[tokio::test]
async fn after_a_saved_change_the_settings_page_offers_to_sign_out_everywhere_else() {
    let saved = on_fake_kratos(fixture("kratos-v1.3.1/settings/password-saved.json"));
    let kratos = FakeKratos::start(Canned::json(200, saved.clone())).await;
    let app = start_app(&kratos.url(), Duration::from_secs(2)).await;
    let res = navigate(
        &app,
        &format!("/settings?flow={}", saved["id"].as_str().unwrap()),
        Some(SESSION_COOKIE),
    )
    .await;
    assert_eq!(res.status(), 200);
    let token = token_cookie(&res);
    let page = res.text().await.unwrap();
    assert!(page.contains("data-testid=\"settings/sign-out-others\""));
    assert!(page.contains(&format!("name=\"csrf_token\" value=\"{token}\"")));
    assert!(page.contains("href=\"/sessions\""));
    assert_eq!(kratos.take_seen().len(), 1, "still one Kratos call");

    // Not before anything was saved.
    kratos.set(Canned::json(
        200,
        on_fake_kratos(fixture("kratos-v1.3.1/settings/fetched-by-id.json")),
    ));
    let page = navigate(&app, "/settings", Some(SESSION_COOKIE))
        .await
        .text()
        .await
        .unwrap();
    assert!(!page.contains("settings/sign-out-others"));
}
