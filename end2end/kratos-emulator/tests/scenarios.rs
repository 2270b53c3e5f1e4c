//! Scenario tests over real HTTP against an emulator on ephemeral ports.

mod common;

use common::*;
use serde_json::{json, Value};
use std::time::Duration;

const PW: &str = "a-Very-g00d-passphrase";

#[tokio::test]
async fn login_with_password_browser_and_json() {
    let emu = Emu::start().await;
    let email = unique_email();
    emu.create_identity(&email, PW).await;
    let mut b = Browser::new(&emu);

    let r = b.get("/self-service/login/browser").await;
    assert_eq!(r.status, 303);
    assert!(r
        .location()
        .starts_with("http://127.0.0.1:3000/login?flow="));
    let csrf = r.set_cookie(&emu.csrf_cookie_name()).expect("csrf cookie");
    assert!(csrf.contains("Path=/") && csrf.contains("Max-Age=31536000"));
    assert!(csrf.contains("HttpOnly") && csrf.contains("SameSite=Lax"));
    assert_eq!(
        r.header("cache-control").as_deref(),
        Some("private, no-cache, no-store, must-revalidate")
    );

    let flow = b.fetch_login_flow(&flow_id(&r.location())).await;
    assert_eq!(
        node_keys(&flow),
        [
            "default/csrf_token",
            "default/identifier",
            "password/password",
            "password/method=password"
        ]
    );
    assert_eq!(
        node(&flow, "identifier").unwrap()["meta"]["label"]["id"],
        1070002
    );
    assert_eq!(flow["requested_aal"], "aal1");
    assert_eq!(flow["refresh"], false);
    assert_eq!(flow["state"], "choose_method");
    let keys: Vec<&str> = flow
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "id",
            "organization_id",
            "type",
            "expires_at",
            "issued_at",
            "request_url",
            "ui",
            "created_at",
            "updated_at",
            "refresh",
            "requested_aal",
            "state"
        ]
    );

    // Wrong password, browser: back to the login UI with 4000006 stored in the flow.
    let r = b
        .submit(
            &flow,
            &[
                ("identifier", &email),
                ("password", "nope-nope-nope"),
                ("method", "password"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    assert!(r
        .location()
        .ends_with(&format!("/login?flow={}", flow["id"].as_str().unwrap())));
    let flow = b.fetch_login_flow(flow["id"].as_str().unwrap()).await;
    assert_eq!(ui_message_ids(&flow), [4000006]);
    assert_eq!(
        node(&flow, "identifier").unwrap()["attributes"]["value"],
        email
    );

    // Wrong password, JSON: 400 flow.
    let r = b
        .post_json(&action(&flow), &json!({"csrf_token": csrf_of(&flow), "identifier": email, "password": "x", "method": "password"}))
        .await;
    assert_eq!(r.status, 400);
    conform("loginFlow", &r.body);
    assert_eq!(ui_message_ids(&r.body), [4000006]);

    // Correct password, browser.
    let old_csrf = b.jar[&emu.csrf_cookie_name()].clone();
    let r = b
        .submit(
            &flow,
            &[
                ("identifier", &email.to_uppercase()),
                ("password", PW),
                ("method", "password"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.text);
    assert_eq!(r.location(), "http://127.0.0.1:3000/settings");
    let sc = r.set_cookie("ory_kratos_session").expect("session cookie");
    assert!(
        sc.contains("HttpOnly")
            && sc.contains("SameSite=Lax")
            && sc.contains("Path=/")
            && sc.contains("Max-Age=")
    );
    assert_ne!(
        b.jar[&emu.csrf_cookie_name()],
        old_csrf,
        "a new principal rotates the CSRF token"
    );

    let r = b.get_json("/sessions/whoami").await;
    assert_eq!(r.status, 200);
    conform("session", &r.body);
    assert_eq!(r.body["authenticator_assurance_level"], "aal1");
    assert_eq!(r.body["authentication_methods"][0]["method"], "password");
    assert!(r.body["identity"].get("credentials").is_none());
    assert_eq!(
        r.header("x-kratos-authenticated-identity-id").unwrap(),
        r.body["identity"]["id"].as_str().unwrap()
    );

    // Already signed in.
    let r = b.get("/self-service/login/browser").await;
    assert_eq!(r.status, 303);
    assert_eq!(r.location(), "http://127.0.0.1:3000/settings");
    let r = b.get_json("/self-service/login/browser").await;
    check_error(&r, 400, Some("session_already_available"));

    // JSON login success shape.
    let mut j = Browser::new(&emu);
    let flow = j.login_flow("").await;
    let r = j
        .post_json(&action(&flow), &json!({"csrf_token": csrf_of(&flow), "identifier": email, "password": PW, "method": "password"}))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    conform("successfulNativeLogin", &r.body);
    assert!(r.body.get("session_token").is_none());
    assert_eq!(
        r.body["continue_with"][0]["redirect_browser_to"],
        "http://127.0.0.1:3000/settings"
    );
    assert!(r.set_cookie("ory_kratos_session").is_some());
}

#[tokio::test]
async fn login_flow_errors() {
    let emu = Emu::start().await;
    let mut b = Browser::new(&emu);
    let r = b.get_json("/self-service/login/browser?aal=aal2").await;
    check_error(&r, 401, Some("session_aal1_required"));
    let r = b.get("/self-service/login/browser?aal=aal2").await;
    assert_eq!(r.status, 303);
    assert!(r.location().starts_with("http://127.0.0.1:3000/error?id="));
    let r = b.get_json("/self-service/login/browser?aal=aal9").await;
    check_error(&r, 400, None);
    let r = b
        .get_json("/self-service/login/browser?return_to=https%3A%2F%2Fevil.example%2F")
        .await;
    check_error(&r, 400, Some("self_service_flow_return_to_forbidden"));

    // Login flow fetched without (or with a foreign) CSRF cookie.
    let r = b.get_json("/self-service/login/browser").await;
    assert_eq!(r.status, 200);
    conform("loginFlow", &r.body);
    let id = r.body["id"].as_str().unwrap().to_string();
    let mut other = Browser::new(&emu);
    let r = other
        .get_json(&format!("/self-service/login/flows?id={id}"))
        .await;
    check_error(&r, 403, Some("security_csrf_violation"));
    assert_eq!(
        r.body["error"]["details"]["reject_reason"],
        "The HTTP Cookie Header is empty or not set."
    );
    let r = b
        .get_json("/self-service/login/flows?id=6a1c2d3e-0000-4000-8000-000000000000")
        .await;
    check_error(&r, 404, None);
    assert_eq!(r.body["error"]["message"], "Unable to locate the resource");
    let r = b.get_json("/self-service/login/flows?id=garbage").await;
    check_error(&r, 404, None);

    // Missing CSRF token on submit.
    let flow = b.fetch_login_flow(&id).await;
    let r = b
        .post_json(
            &action(&flow),
            &json!({"identifier": "x@y.z", "password": "y", "method": "password"}),
        )
        .await;
    check_error(&r, 403, Some("security_csrf_violation"));
    // Unknown method.
    let r = b
        .post_json(
            &action(&flow),
            &json!({"csrf_token": csrf_of(&flow), "method": "webauthn"}),
        )
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(ui_message_ids(&r.body), [4010002]);
}

#[tokio::test]
async fn login_flow_expiry_gives_410_with_use_flow_id() {
    let emu = Emu::start_with(|c| c.login_lifespan = Duration::from_millis(300)).await;
    let mut b = Browser::new(&emu);
    let flow = b.login_flow("").await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    let r = b.post_json(&action(&flow), &json!({"csrf_token": csrf_of(&flow), "identifier": "a@b.c", "password": "x", "method": "password"})).await;
    check_error(&r, 410, Some("self_service_flow_expired"));
    conform("selfServiceFlowExpiredError", &r.body);
    let new_id = r.body["use_flow_id"].as_str().unwrap().to_string();
    let nf = b.fetch_login_flow(&new_id).await;
    assert_eq!(ui_message_ids(&nf), [4010001]);
    let r = b
        .get_json(&format!(
            "/self-service/login/flows?id={}",
            flow["id"].as_str().unwrap()
        ))
        .await;
    check_error(&r, 410, Some("self_service_flow_expired"));
    let r = b.submit(&flow, &[("method", "password")]).await;
    assert_eq!(r.status, 303);
    assert!(r
        .location()
        .starts_with("http://127.0.0.1:3000/login?flow="));
}

#[tokio::test]
async fn settings_without_session_and_bad_return_to() {
    let emu = Emu::start().await;
    let mut b = Browser::new(&emu);
    let r = b.get_json("/self-service/settings/browser").await;
    check_error(&r, 401, Some("session_inactive"));
    assert_eq!(r.body["CredentialsMissing"], false);
    let r = b.get("/self-service/settings/browser?return_to=http%3A%2F%2F127.0.0.1%3A3000%2Fsettings%3Fx%3D1").await;
    assert_eq!(r.status, 303);
    assert_eq!(
        r.location(),
        emu.url("/self-service/login/browser?return_to=http%3A%2F%2F127.0.0.1%3A3000%2Fsettings%3Fx%3D1")
    );
    let fid = "f0000000-0000-4000-8000-000000000001";
    let r = b
        .get_json(&format!("/self-service/settings/flows?id={fid}"))
        .await;
    check_error(&r, 401, None);
    assert_eq!(
        r.body["error"]["reason"],
        "A valid Ory Session Cookie or Ory Session Token is missing."
    );
    let r = b
        .get(&format!("/self-service/settings/flows?id={fid}"))
        .await;
    assert_eq!(r.status, 302);
    assert_eq!(r.location(), "http://127.0.0.1:3000/login");
    let r = b
        .post_json(
            &format!("/self-service/settings?flow={fid}"),
            &json!({"method": "profile"}),
        )
        .await;
    check_error(&r, 401, None);
    let r = b.get_json("/sessions/whoami").await;
    check_error(&r, 401, None);
    assert_eq!(
        r.body["error"]["reason"],
        "No valid session credentials found in the request."
    );

    let email = unique_email();
    emu.create_identity(&email, PW).await;
    let mut b = emu.signed_in(&email, PW).await;
    let r = b
        .get_json("/self-service/settings/browser?return_to=https%3A%2F%2Fevil.example%2F")
        .await;
    check_error(&r, 400, Some("self_service_flow_return_to_forbidden"));
    assert_eq!(
        r.body["error"]["reason"],
        "Requested return_to URL \"https://evil.example/\" is not allowed."
    );
    let r = b
        .get("/self-service/settings/browser?return_to=https%3A%2F%2Fevil.example%2F")
        .await;
    assert_eq!(r.status, 303);
    let loc = r.location();
    assert!(loc.starts_with("http://127.0.0.1:3000/error?id="));
    let eid = loc.split("id=").nth(1).unwrap();
    let r = b.get_json(&format!("/self-service/errors?id={eid}")).await;
    assert_eq!(r.status, 200);
    conform("flowError", &r.body);
    let keys: Vec<&str> = r
        .body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["id", "error", "created_at", "updated_at"]);
    assert_eq!(
        r.body["error"]["id"],
        "self_service_flow_return_to_forbidden"
    );
    assert_eq!(r.body["error"]["code"], 400);
    let r = b
        .get_json("/self-service/errors?id=6a1c2d3e-0000-4000-8000-000000000000")
        .await;
    check_error(&r, 404, None);
    // Allowed return_to is kept on the flow.
    let r = b.get_json("/self-service/settings/browser?return_to=http%3A%2F%2F127.0.0.1%3A3000%2Fsettings%3Fx%3D1").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["return_to"], "http://127.0.0.1:3000/settings?x=1");
    // Unknown / missing flows on submit.
    let r = b
        .post_json(
            "/self-service/settings?flow=6a1c2d3e-0000-4000-8000-000000000000",
            &json!({}),
        )
        .await;
    check_error(&r, 404, None);
    assert_eq!(
        r.body["error"]["reason"],
        "The settings request could not be found. Please restart the flow."
    );
    let r = b.post_json("/self-service/settings", &json!({})).await;
    check_error(&r, 400, None);
}

#[tokio::test]
async fn settings_profile_and_password() {
    let emu = Emu::start().await;
    let email = unique_email();
    emu.create_identity(&email, PW).await;
    let mut b = emu.signed_in(&email, PW).await;

    let r = b.get_json("/self-service/settings/browser").await;
    assert_eq!(r.status, 200);
    conform("settingsFlow", &r.body);
    let flow = r.body;
    check_flow_shape(&flow);
    let keys: Vec<&str> = flow
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "id",
            "type",
            "expires_at",
            "issued_at",
            "request_url",
            "ui",
            "identity",
            "state",
            "organization_id"
        ]
    );
    let nk = node_keys(&flow);
    assert_eq!(
        nk[..11],
        [
            "default/csrf_token",
            "profile/traits.email",
            "profile/traits.name.first",
            "profile/traits.name.last",
            "profile/traits.website",
            "profile/traits.locale",
            "profile/method=profile",
            "password/password",
            "password/method=password",
            "lookup_secret/lookup_secret_regenerate=true",
            "totp/totp_qr",
        ]
    );
    assert_eq!(
        nk[11..],
        ["totp/totp_secret_key", "totp/totp_code", "totp/method=totp"]
    );
    assert_eq!(
        node(&flow, "traits.email").unwrap()["attributes"]["value"],
        email
    );
    assert_eq!(
        node(&flow, "traits.name.first").unwrap()["meta"]["label"]["text"],
        "First name"
    );
    assert!(node(&flow, "traits.website").unwrap()["attributes"]
        .get("value")
        .is_none());
    assert!(node(&flow, "totp_qr").unwrap()["attributes"]["src"]
        .as_str()
        .unwrap()
        .starts_with("data:image/png;base64,"));
    let a = action(&flow);
    let csrf = csrf_of(&flow);

    // Invalid email.
    let r = b
        .post_json(
            &a,
            &json!({"csrf_token": csrf, "method": "profile", "traits": {"email": "not-an-email"}}),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.text);
    conform("settingsFlow", &r.body);
    check_flow_shape(&r.body);
    let n = node(&r.body, "traits.email").unwrap();
    assert_eq!(
        n["messages"][0]["id"], 4000001,
        "Kratos v1.3.1's generic format message"
    );
    assert_eq!(n["attributes"]["value"], "not-an-email");
    // Invalid website (form post, browser) → 303 back to the UI, messages stored.
    let r = b
        .post_form(
            &a,
            &[
                ("csrf_token", &csrf),
                ("method", "profile"),
                ("traits.email", &email),
                ("traits.website", "not a url"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(
        r.location(),
        format!(
            "http://127.0.0.1:3000/settings?flow={}",
            flow["id"].as_str().unwrap()
        )
    );
    let f = b.fetch_settings_flow(flow["id"].as_str().unwrap()).await;
    assert_eq!(
        node(&f, "traits.website").unwrap()["messages"][0]["id"],
        4000001
    );

    // Valid profile change (JSON, dotted keys).
    let r = b
        .post_json(&a, &json!({"csrf_token": csrf, "method": "profile", "traits.email": email, "traits.name.first": "Grace", "traits.website": "https://example.org/"}))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    conform("settingsFlow", &r.body);
    check_flow_shape(&r.body);
    assert_eq!(r.body["state"], "success");
    assert_eq!(r.body["active"], "profile");
    assert_eq!(ui_message_ids(&r.body), [1050001]);
    assert_eq!(r.body["identity"]["traits"]["name"]["first"], "Grace");
    assert_eq!(
        r.body["continue_with"],
        json!([{"action": "redirect_browser_to", "redirect_browser_to": format!("http://127.0.0.1:3000/settings?flow={}", flow["id"].as_str().unwrap())}])
    );
    let sc = r
        .set_cookie("ory_kratos_session")
        .expect("session cookie re-issued");
    assert!(sc.contains("HttpOnly"));

    // Form post success → 303 to the settings UI with a new session cookie value.
    let before = b.jar["ory_kratos_session"].clone();
    let r = b
        .post_form(
            &a,
            &[
                ("csrf_token", &csrf),
                ("method", "profile"),
                ("traits.email", &email),
                ("traits.name.first", "Ada"),
                ("traits.name.last", ""),
                ("traits.website", ""),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.text);
    assert_eq!(
        r.location(),
        format!(
            "http://127.0.0.1:3000/settings?flow={}",
            flow["id"].as_str().unwrap()
        )
    );
    assert_ne!(b.jar["ory_kratos_session"], before);
    let f = b.fetch_settings_flow(flow["id"].as_str().unwrap()).await;
    assert_eq!(f["state"], "success");
    assert_eq!(
        f["identity"]["traits"],
        json!({"email": email, "name": {"first": "Ada"}})
    );

    // Password: too short, too similar, then good.
    let r = b
        .post_json(
            &a,
            &json!({"csrf_token": csrf, "method": "password", "password": "short"}),
        )
        .await;
    assert_eq!(r.status, 400);
    let n = node(&r.body, "password").unwrap();
    assert_eq!(n["messages"][0]["id"], 4000032);
    assert_eq!(
        n["messages"][0]["context"],
        json!({"actual_length": 5, "min_length": 8})
    );
    let r = b
        .post_json(
            &a,
            &json!({"csrf_token": csrf, "method": "password", "password": email}),
        )
        .await;
    assert_eq!(
        node(&r.body, "password").unwrap()["messages"][0]["id"],
        4000031
    );
    let r = b
        .post_json(&a, &json!({"csrf_token": csrf, "method": "password"}))
        .await;
    assert_eq!(
        node(&r.body, "password").unwrap()["messages"][0]["id"],
        4000002
    );
    let r = b
        .post_form(
            &a,
            &[
                ("csrf_token", &csrf),
                ("method", "password"),
                ("password", "another-G00d-one!"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let mut old = Browser::new(&emu);
    let lf = old.login_flow("").await;
    let r = old.post_json(&action(&lf), &json!({"csrf_token": csrf_of(&lf), "identifier": email, "password": PW, "method": "password"})).await;
    assert_eq!(r.status, 400);
    emu.signed_in(&email, "another-G00d-one!").await;

    // No strategy.
    let r = b
        .post_json(&a, &json!({"csrf_token": csrf, "method": "nope"}))
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(ui_message_ids(&r.body), [4010004]);
}

#[tokio::test]
async fn csrf_violation_on_settings_submit() {
    let emu = Emu::start().await;
    let email = unique_email();
    emu.create_identity(&email, PW).await;
    let mut b = emu.signed_in(&email, PW).await;
    let flow = b.settings_flow().await;
    let a = action(&flow);
    let r = b
        .post_json(
            &a,
            &json!({"csrf_token": "AAAA", "method": "profile", "traits": {"email": email}}),
        )
        .await;
    check_error(&r, 403, Some("security_csrf_violation"));
    assert_eq!(
        r.body["error"]["details"]["reject_reason"],
        "The HTTP Cookie Header was set and a CSRF token was sent but they do not match. We recommend deleting all cookies for this domain and retrying the flow."
    );
    // Delete the CSRF cookie, browser form post → error UI; the error is readable.
    b.jar.remove(&emu.csrf_cookie_name());
    let r = b
        .post_form(
            &a,
            &[
                ("csrf_token", &csrf_of(&flow)),
                ("method", "profile"),
                ("traits.email", &email),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    assert!(r.location().starts_with("http://127.0.0.1:3000/error?id="));
    let eid = r.location().split("id=").nth(1).unwrap().to_string();
    let e = b.get_json(&format!("/self-service/errors?id={eid}")).await;
    assert_eq!(e.body["error"]["id"], "security_csrf_violation");
    assert_eq!(
        e.body["error"]["details"]["reject_reason"],
        "The HTTP Cookie Header was set but did not include the anti-CSRF cookie."
    );
    // The errors endpoint (not ignored by nosurf) issued a new CSRF cookie; a fresh flow works.
    let flow = b.settings_flow().await;
    let r = b
        .submit(&flow, &[("method", "profile"), ("traits.email", &email)])
        .await;
    assert_eq!(r.status, 303);
    assert!(r
        .location()
        .starts_with("http://127.0.0.1:3000/settings?flow="));
}

#[tokio::test]
async fn privileged_session_refresh_and_continuity_replay() {
    let emu = Emu::start_with(|c| c.settings_privileged_max_age = Duration::from_secs(1)).await;
    let email = unique_email();
    emu.create_identity(&email, PW).await;
    let mut b = emu.signed_in(&email, PW).await;
    let flow = b.settings_flow().await;
    let fid = flow["id"].as_str().unwrap().to_string();
    let a = action(&flow);
    tokio::time::sleep(Duration::from_millis(1200)).await;

    // A name change is not privileged.
    let r = b.post_json(&a, &json!({"csrf_token": csrf_of(&flow), "method": "profile", "traits": {"email": email, "name": {"first": "X"}}})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    // Changing the email (identifier) is.
    let r = b.post_json(&a, &json!({"csrf_token": csrf_of(&flow), "method": "profile", "traits": {"email": unique_email()}})).await;
    check_error(&r, 403, Some("session_refresh_required"));

    // JSON password change: 403 with redirect_browser_to.
    let r = b
        .post_json(
            &a,
            &json!({"csrf_token": csrf_of(&flow), "method": "password", "password": "short"}),
        )
        .await;
    check_error(&r, 403, Some("session_refresh_required"));
    conform("needsPrivilegedSessionError", &r.body);
    let expected = format!(
        "{}?refresh=true&return_to={}",
        emu.url("/self-service/login/browser"),
        kratos_emulator::util::query_escape(
            &emu.url(&format!("/self-service/settings?flow={fid}"))
        )
    );
    assert_eq!(r.body["redirect_browser_to"], expected);
    assert!(r.set_cookie("ory_kratos_continuity").is_some());

    // Browser form post: 303 to the refresh login, payload parked.
    let new_pw = "brand-new-Passw0rd";
    let r = b
        .post_form(
            &a,
            &[
                ("csrf_token", &csrf_of(&flow)),
                ("method", "password"),
                ("password", new_pw),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(r.location(), expected);
    let cc = r.set_cookie("ory_kratos_continuity").unwrap();
    assert!(cc.contains("HttpOnly"));

    // Refresh login.
    let r = b.get(&r.location()).await;
    assert_eq!(r.status, 303);
    let lf = b.fetch_login_flow(&flow_id(&r.location())).await;
    assert_eq!(lf["refresh"], true);
    assert_eq!(ui_message_ids(&lf), [1010003]);
    assert_eq!(
        node_keys(&lf),
        [
            "default/csrf_token",
            "default/identifier",
            "password/password",
            "password/method=password"
        ]
    );
    let ident = node(&lf, "identifier").unwrap();
    assert_eq!(ident["attributes"]["type"], "hidden");
    assert_eq!(ident["attributes"]["value"], email);
    assert_eq!(node(&lf, "method").unwrap()["meta"]["label"]["id"], 1010001);
    let before = b.get_json("/sessions/whoami").await.body["authenticated_at"].clone();
    let csrf_before = b.jar[&emu.csrf_cookie_name()].clone();
    let r = b
        .submit(
            &lf,
            &[
                ("identifier", &email),
                ("password", PW),
                ("method", "password"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.text);
    assert_eq!(
        r.location(),
        emu.url(&format!("/self-service/settings?flow={fid}"))
    );
    assert_eq!(
        b.jar[&emu.csrf_cookie_name()],
        csrf_before,
        "refresh keeps the CSRF cookie"
    );
    let after = b.get_json("/sessions/whoami").await.body["authenticated_at"].clone();
    assert_ne!(before, after, "refresh updates authenticated_at");

    // The GET on the submit URL replays the parked change.
    let r = b.get(&r.location()).await;
    assert_eq!(r.status, 303, "{}", r.text);
    assert_eq!(
        r.location(),
        format!("http://127.0.0.1:3000/settings?flow={fid}")
    );
    assert!(!b.jar.contains_key("ory_kratos_continuity"));
    let f = b.fetch_settings_flow(&fid).await;
    assert_eq!(f["state"], "success");
    assert_eq!(f["active"], "password");
    emu.signed_in(&email, new_pw).await;

    // Without a parked payload the GET yields 4010004.
    let r = b.get(&format!("/self-service/settings?flow={fid}")).await;
    assert_eq!(r.status, 303);
    let f = b.fetch_settings_flow(&fid).await;
    assert_eq!(ui_message_ids(&f), [4010004]);
}

#[tokio::test]
async fn expired_settings_flow() {
    let emu = Emu::start_with(|c| c.settings_lifespan = Duration::from_millis(300)).await;
    let email = unique_email();
    emu.create_identity(&email, PW).await;
    let mut b = emu.signed_in(&email, PW).await;
    let flow = b.settings_flow().await;
    let fid = flow["id"].as_str().unwrap().to_string();
    tokio::time::sleep(Duration::from_millis(400)).await;
    let r = b
        .get_json(&format!("/self-service/settings/flows?id={fid}"))
        .await;
    check_error(&r, 410, None);
    assert_eq!(
        r.body["error"]["details"],
        json!({"redirect_to": emu.url("/self-service/settings/browser"), "return_to": ""})
    );
    let r = b
        .post_json(
            &action(&flow),
            &json!({"csrf_token": csrf_of(&flow), "method": "profile", "traits": {"email": email}}),
        )
        .await;
    check_error(&r, 410, Some("self_service_flow_expired"));
    conform("selfServiceFlowExpiredError", &r.body);
    let keys: Vec<&str> = r
        .body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["error", "expired_at", "since", "use_flow_id"]);
    let nf = b
        .fetch_settings_flow(r.body["use_flow_id"].as_str().unwrap())
        .await;
    assert_eq!(ui_message_ids(&nf), [4050001]);
    let r = b
        .submit(&flow, &[("method", "profile"), ("traits.email", &email)])
        .await;
    assert_eq!(r.status, 303);
    let new_id = flow_id(&r.location());
    assert_ne!(new_id, fid);
    assert!(r
        .location()
        .starts_with("http://127.0.0.1:3000/settings?flow="));
    // The replacement flow works.
    let nf = b.fetch_settings_flow(&new_id).await;
    let r = b.post_json(&action(&nf), &json!({"csrf_token": csrf_of(&nf), "method": "profile", "traits": {"email": email, "name": {"last": "Z"}}})).await;
    assert_eq!(r.status, 200);
}

#[tokio::test]
async fn identity_mismatch() {
    let emu = Emu::start().await;
    let (ea, eb) = (unique_email(), unique_email());
    emu.create_identity(&ea, PW).await;
    emu.create_identity(&eb, PW).await;
    let mut a = emu.signed_in(&ea, PW).await;
    let mut b = emu.signed_in(&eb, PW).await;
    let flow = a.settings_flow().await;
    let fid = flow["id"].as_str().unwrap();
    let r = b
        .get_json(&format!("/self-service/settings/flows?id={fid}"))
        .await;
    check_error(&r, 403, Some("security_identity_mismatch"));
    assert_eq!(
        r.body["error"]["reason"],
        "The request was made for another identity and has been blocked for security reasons."
    );
    let bf = b.settings_flow().await;
    let r = b
        .post_json(
            &action(&flow),
            &json!({"csrf_token": csrf_of(&bf), "method": "profile", "traits": {"email": eb}}),
        )
        .await;
    check_error(&r, 403, Some("security_identity_mismatch"));
    let r = b
        .post_form(
            &action(&flow),
            &[
                ("csrf_token", &csrf_of(&bf)),
                ("method", "profile"),
                ("traits.email", &eb),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    assert!(r.location().starts_with("http://127.0.0.1:3000/error?id="));
}

fn totp_secret(flow: &Value) -> String {
    node(flow, "totp_secret_key").unwrap()["attributes"]["text"]["context"]["secret"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn totp_enrolment_second_factor_login_and_unlink() {
    let emu = Emu::start().await;
    let email = unique_email();
    emu.create_identity(&email, PW).await;
    let mut b = emu.signed_in(&email, PW).await;
    let flow = b.settings_flow().await;
    let a = action(&flow);
    let secret = totp_secret(&flow);
    assert_eq!(secret.len(), 32);
    assert_eq!(
        node(&flow, "totp_secret_key").unwrap()["attributes"]["text"]["text"],
        secret
    );

    let r = b
        .post_json(
            &a,
            &json!({"csrf_token": csrf_of(&flow), "method": "totp", "totp_code": "000000x"}),
        )
        .await;
    assert_eq!(r.status, 400);
    assert!(ui_message_ids(&r.body).is_empty());
    assert_eq!(
        node(&r.body, "totp_code").unwrap()["messages"][0]["id"],
        4000008,
        "the wrong code is reported on its field"
    );
    assert_eq!(
        totp_secret(&r.body),
        secret,
        "a failed attempt keeps the QR code"
    );

    let r = b
        .post_form(
            &a,
            &[
                ("csrf_token", &csrf_of(&flow)),
                ("method", "totp"),
                ("totp_code", &totp_now(&secret)),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.text);
    let f = b.fetch_settings_flow(flow["id"].as_str().unwrap()).await;
    assert_eq!(f["state"], "success");
    assert!(node(&f, "totp_qr").is_none() && node(&f, "totp_code").is_none());
    assert_eq!(node_keys(&f).last().unwrap(), "totp/totp_unlink=true");
    let w = b.get_json("/sessions/whoami").await;
    assert_eq!(w.body["authenticator_assurance_level"], "aal2");

    // A fresh first-factor login is sent to the second factor.
    let mut c = Browser::new(&emu);
    let lf = c
        .login_flow("?return_to=http%3A%2F%2F127.0.0.1%3A3000%2Fsettings%3Fa%3Db")
        .await;
    let r = c
        .submit(
            &lf,
            &[
                ("identifier", &email),
                ("password", PW),
                ("method", "password"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(
        r.location(),
        emu.url("/self-service/login/browser?aal=aal2&return_to=http%3A%2F%2F127.0.0.1%3A3000%2Fsettings%3Fa%3Db")
    );
    let w = c.get_json("/sessions/whoami").await;
    check_error(&w, 403, Some("session_aal2_required"));
    assert_eq!(
        w.body["redirect_browser_to"],
        emu.url("/self-service/login/browser?aal=aal2")
    );
    let s = c.get_json("/self-service/settings/browser").await;
    check_error(&s, 403, Some("session_aal2_required"));
    let s = c.get("/self-service/settings/browser").await;
    assert_eq!(s.status, 303);
    assert_eq!(
        s.location(),
        emu.url("/self-service/login/browser?aal=aal2")
    );

    let r = c.get(&r.location()).await;
    assert_eq!(r.status, 303);
    let lf2 = c.fetch_login_flow(&flow_id(&r.location())).await;
    assert_eq!(lf2["requested_aal"], "aal2");
    assert_eq!(ui_message_ids(&lf2), [1010004]);
    assert_eq!(
        node_keys(&lf2),
        ["default/csrf_token", "totp/totp_code", "totp/method=totp"]
    );
    let r = c
        .post_json(
            &action(&lf2),
            &json!({"csrf_token": csrf_of(&lf2), "method": "totp", "totp_code": "123"}),
        )
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(ui_message_ids(&r.body), [4000008]);
    let r = c
        .submit(
            &lf2,
            &[("method", "totp"), ("totp_code", &totp_now(&secret))],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.text);
    assert_eq!(r.location(), "http://127.0.0.1:3000/settings?a=b");
    let w = c.get_json("/sessions/whoami").await;
    assert_eq!(w.status, 200);
    assert_eq!(w.body["authenticator_assurance_level"], "aal2");

    // JSON first-factor login: 422 browser_location_change_required.
    let mut d = Browser::new(&emu);
    let lf = d.login_flow("").await;
    let r = d.post_json(&action(&lf), &json!({"csrf_token": csrf_of(&lf), "identifier": email, "password": PW, "method": "password"})).await;
    check_error(&r, 422, Some("browser_location_change_required"));
    // openapi's errorBrowserLocationChangeRequired nests `errorGeneric` under `error` (a spec
    // defect); Kratos sends the flat herodot object (fixture settings-submit-422), which
    // check_error validated against errorGeneric above.
    assert_eq!(r.body["redirect_browser_to"], emu.url("/self-service/login/browser?aal=aal2&return_to=http%3A%2F%2F127.0.0.1%3A3000%2Fsettings"));
    // An aal1 session may not submit settings.
    let r = d
        .post_json(
            &action(&f),
            &json!({"csrf_token": "x", "method": "profile"}),
        )
        .await;
    check_error(&r, 403, Some("session_aal2_required"));

    // Unlink brings the setup back.
    let f2 = c.settings_flow().await;
    let r = c
        .post_json(
            &action(&f2),
            &json!({"csrf_token": csrf_of(&f2), "totp_unlink": true}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert!(node(&r.body, "totp_qr").is_some());
    assert!(node(&r.body, "totp_unlink").is_none());
}

#[tokio::test]
async fn lookup_codes_regenerate_confirm_login_reveal() {
    let emu = Emu::start().await;
    let email = unique_email();
    emu.create_identity(&email, PW).await;
    let mut b = emu.signed_in(&email, PW).await;
    let flow = b.settings_flow().await;
    let a = action(&flow);
    let csrf = csrf_of(&flow);

    let r = b
        .post_json(
            &a,
            &json!({"csrf_token": csrf, "lookup_secret_confirm": true}),
        )
        .await;
    assert_eq!(r.status, 400);
    let r = b
        .post_json(
            &a,
            &json!({"csrf_token": csrf, "lookup_secret_regenerate": true}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    conform("settingsFlow", &r.body);
    assert_eq!(r.body["state"], "show_form");
    let codes_node = node(&r.body, "lookup_secret_codes").unwrap();
    let codes: Vec<String> = codes_node["attributes"]["text"]["context"]["secrets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["context"]["secret"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(codes.len(), 12);
    assert_eq!(codes_node["attributes"]["text"]["text"], codes.join(", "));
    assert!(node(&r.body, "lookup_secret_confirm").is_some());
    let r = b
        .post_form(
            &a,
            &[("csrf_token", &csrf), ("lookup_secret_confirm", "true")],
        )
        .await;
    assert_eq!(r.status, 303);
    let f = b.fetch_settings_flow(flow["id"].as_str().unwrap()).await;
    assert_eq!(f["state"], "success");
    let nk = node_keys(&f);
    assert!(nk.contains(&"lookup_secret/lookup_secret_reveal=true".to_string()));
    assert!(nk.contains(&"lookup_secret/lookup_secret_disable=true".to_string()));

    // Sign in with a backup code as the second factor.
    let mut c = Browser::new(&emu);
    let lf = c.login_flow("").await;
    let r = c
        .submit(
            &lf,
            &[
                ("identifier", &email),
                ("password", PW),
                ("method", "password"),
            ],
        )
        .await;
    assert!(r.location().contains("aal=aal2"));
    let lf2 = c.login_flow("?aal=aal2").await;
    assert_eq!(
        node_keys(&lf2),
        [
            "default/csrf_token",
            "lookup_secret/lookup_secret",
            "lookup_secret/method=lookup_secret"
        ]
    );
    let r = c.post_json(&action(&lf2), &json!({"csrf_token": csrf_of(&lf2), "method": "lookup_secret", "lookup_secret": "zzzzzzzz"})).await;
    assert_eq!(ui_message_ids(&r.body), [4000016]);
    let r = c
        .submit(
            &lf2,
            &[("method", "lookup_secret"), ("lookup_secret", &codes[0])],
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(
        c.get_json("/sessions/whoami").await.body["authenticator_assurance_level"],
        "aal2"
    );
    // A used code is refused.
    let mut d = Browser::new(&emu);
    let lf = d.login_flow("").await;
    d.submit(
        &lf,
        &[
            ("identifier", &email),
            ("password", PW),
            ("method", "password"),
        ],
    )
    .await;
    let lf3 = d.login_flow("?aal=aal2").await;
    let r = d.post_json(&action(&lf3), &json!({"csrf_token": csrf_of(&lf3), "method": "lookup_secret", "lookup_secret": codes[0]})).await;
    assert_eq!(ui_message_ids(&r.body), [4000012]);

    // Reveal shows the used code as used.
    let f = c.settings_flow().await;
    let r = c
        .post_json(
            &action(&f),
            &json!({"csrf_token": csrf_of(&f), "lookup_secret_reveal": true}),
        )
        .await;
    assert_eq!(r.status, 200);
    let t = &node(&r.body, "lookup_secret_codes").unwrap()["attributes"]["text"];
    assert_eq!(t["context"]["secrets"][0]["id"], 1050014);
    assert!(t["text"].as_str().unwrap().starts_with("used, "));
    assert_eq!(t["context"]["secrets"][1]["id"], 1050009);
    // Disable.
    let r = c
        .post_json(
            &action(&f),
            &json!({"csrf_token": csrf_of(&f), "lookup_secret_disable": true}),
        )
        .await;
    assert_eq!(r.status, 200);
    assert!(node(&r.body, "lookup_secret_regenerate").is_some());
}

#[tokio::test]
async fn sessions_and_logout() {
    let emu = Emu::start().await;
    let email = unique_email();
    emu.create_identity(&email, PW).await;
    let mut one = emu.signed_in(&email, PW).await;
    let mut two = emu.signed_in(&email, PW).await;
    let _three = emu.signed_in(&email, PW).await;
    let me = one.get_json("/sessions/whoami").await.body;
    let other = two.get_json("/sessions/whoami").await.body;
    let r = one.get_json("/sessions").await;
    assert_eq!(r.status, 200);
    let list = r.body.as_array().unwrap();
    assert_eq!(list.len(), 2);
    for s in list {
        conform("session", s);
        assert_ne!(s["id"], me["id"]);
    }
    assert_eq!(r.header("x-total-count").as_deref(), Some("2"));
    let r = one
        .delete(&format!("/sessions/{}", me["id"].as_str().unwrap()))
        .await;
    check_error(&r, 400, None);
    assert_eq!(r.body["error"]["message"], "cannot revoke current session");
    let r = one
        .delete(&format!("/sessions/{}", other["id"].as_str().unwrap()))
        .await;
    assert_eq!(r.status, 204);
    assert_eq!(two.get_json("/sessions/whoami").await.status, 401);
    let r = one
        .delete("/sessions/6a1c2d3e-0000-4000-8000-000000000000")
        .await;
    assert_eq!(r.status, 204);
    let r = one.delete("/sessions/not-a-uuid").await;
    check_error(&r, 400, None);
    let r = one.delete("/sessions").await;
    assert_eq!(r.status, 200);
    conform("deleteMySessionsCount", &r.body);
    assert_eq!(r.body, json!({"count": 1}));
    let mut anon = Browser::new(&emu);
    check_error(&anon.get_json("/sessions").await, 401, None);
    check_error(
        &anon.get_json("/self-service/logout/browser").await,
        401,
        Some("session_inactive"),
    );

    let r = one
        .get_json("/self-service/logout/browser?return_to=http%3A%2F%2F127.0.0.1%3A3000%2Flogin")
        .await;
    assert_eq!(r.status, 200);
    conform("logoutFlow", &r.body);
    let url = r.body["logout_url"].as_str().unwrap().to_string();
    assert!(url.starts_with(&emu.url("/self-service/logout?")));
    assert!(url.contains(&format!(
        "token={}",
        r.body["logout_token"].as_str().unwrap()
    )));
    let r = one.get("/self-service/logout?token=wrong").await;
    assert_eq!(r.status, 303);
    assert!(r.location().starts_with("http://127.0.0.1:3000/error?id="));
    let r = one.get(&url).await;
    assert_eq!(r.status, 303);
    assert_eq!(r.location(), "http://127.0.0.1:3000/login");
    let sc = r.set_cookie("ory_kratos_session").unwrap();
    assert!(sc.contains("Max-Age=0"));
    assert!(r.set_cookie(&emu.csrf_cookie_name()).is_some());
    assert_eq!(one.get_json("/sessions/whoami").await.status, 401);
    let r = one.get("/self-service/settings/browser").await;
    assert_eq!(r.status, 303);
    assert_eq!(r.location(), emu.url("/self-service/login/browser"));
}

#[tokio::test]
async fn admin_identities_and_health() {
    let emu = Emu::start().await;
    let http = reqwest::Client::new();
    let email = unique_email();
    let id = emu.create_identity(&email, PW).await;
    assert_eq!(id["traits"]["email"], email);
    assert_eq!(id["credentials"]["password"]["identifiers"], json!([email]));
    assert!(
        !id.to_string().contains(PW),
        "the password must never be echoed"
    );
    assert_eq!(id["verifiable_addresses"][0]["value"], email);
    assert_eq!(id["schema_url"], emu.url("/schemas/ZGVmYXVsdA"));
    let iid = id["id"].as_str().unwrap();
    let r = http
        .get(format!("{}admin/identities/{iid}", emu.admin))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    conform("identity", &r.json::<Value>().await.unwrap());
    let r = http
        .post(format!("{}admin/identities", emu.admin))
        .json(&json!({"schema_id": "default", "traits": {"email": "nope"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let r = http
        .post(format!("{}admin/identities", emu.admin))
        .body("{")
        .header("content-type", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let r = http
        .delete(format!("{}admin/identities/{iid}", emu.admin))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let r = http
        .get(format!("{}admin/identities/{iid}", emu.admin))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    for base in [&emu.public, &emu.admin] {
        let r = http
            .get(format!("{base}health/alive"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.json::<Value>().await.unwrap(), json!({"status": "ok"}));
        let r = http
            .get(format!("{base}health/ready"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
    }
}

#[tokio::test]
async fn bad_input_never_panics() {
    let emu = Emu::start().await;
    let email = unique_email();
    emu.create_identity(&email, PW).await;
    let mut b = emu.signed_in(&email, PW).await;
    let flow = b.settings_flow().await;
    let a = action(&flow);
    let r = b
        .client_raw_post(&a, "application/json", "{\"traits\": ")
        .await;
    assert_eq!(r, 400);
    let r = b.client_raw_post(&a, "application/json", "[]").await;
    assert_eq!(r, 400);
    let r = b
        .post_json(
            &a,
            &json!({"csrf_token": csrf_of(&flow), "method": "profile", "traits": "string"}),
        )
        .await;
    assert_eq!(r.status, 400);
    let r = b
        .post_json(
            &a,
            &json!({"csrf_token": csrf_of(&flow), "method": "password", "password": 12}),
        )
        .await;
    assert_eq!(r.status, 400);
    let r = b
        .post_json(
            &a,
            &json!({"csrf_token": csrf_of(&flow), "method": "totp", "totp_code": {"x": 1}}),
        )
        .await;
    assert_eq!(r.status, 400);
    let r = b.get_json("/self-service/errors?id=stub:500").await;
    assert_eq!(r.status, 200);
    assert_eq!(b.get_json("/sessions/whoami").await.status, 200);
}

trait RawPost {
    async fn client_raw_post(&mut self, url: &str, ct: &str, body: &str) -> u16;
}

impl RawPost for Browser {
    async fn client_raw_post(&mut self, url: &str, ct: &str, body: &str) -> u16 {
        let cookie = self
            .jar
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ");
        reqwest::Client::new()
            .post(url)
            .header("content-type", ct)
            .header("accept", "application/json")
            .header("cookie", cookie)
            .body(body.to_string())
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    }
}
