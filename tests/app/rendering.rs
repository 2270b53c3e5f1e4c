//! Each node kind renders as the HTML a person (and Kratos's e2e selectors) expect.

use crate::helpers::{fixture, render};
use kratos_ui::kratos::{UiContainer, UiNode};
use kratos_ui::ui::{FlowForms, Node};
use leptos::prelude::*;
use serde_json::json;

fn node(value: serde_json::Value) -> UiNode {
    serde_json::from_value(value).unwrap()
}

fn html_of(n: UiNode) -> String {
    render(move || view! { <Node node=n/> })
}

fn input(attrs: serde_json::Value, label: Option<&str>) -> UiNode {
    let mut attributes = json!({"disabled": false, "node_type": "input"});
    attributes
        .as_object_mut()
        .unwrap()
        .extend(attrs.as_object().unwrap().clone());
    node(json!({
        "type": "input", "group": "profile", "attributes": attributes, "messages": [],
        "meta": label.map(|l| json!({"label": {"id": 1070002, "text": l, "type": "info"}})).unwrap_or(json!({}))
    }))
}

#[test]
fn input_types_and_attributes_are_honoured() {
    for ty in [
        "text",
        "email",
        "password",
        "number",
        "tel",
        "url",
        "date",
        "datetime-local",
    ] {
        let html = html_of(input(
            json!({"name": "traits.x", "type": ty, "value": "v", "required": true, "pattern": "[a-z]+",
                   "autocomplete": "email", "maxlength": 12}),
            Some("X"),
        ));
        assert!(html.contains(&format!("type=\"{ty}\"")), "{html}");
        for attr in [
            "name=\"traits.x\"",
            "value=\"v\"",
            "required",
            "pattern=\"[a-z]+\"",
            "autocomplete=\"email\"",
            "maxlength=\"12\"",
            "data-testid=\"node/input/traits.x\"",
            "<label for=\"profile--traits.x\">X</label>",
            "id=\"profile--traits.x\"",
        ] {
            assert!(html.contains(attr), "{ty}: {attr} missing in {html}");
        }
        assert!(!html.contains("disabled"), "{html}");
    }
    let html = html_of(input(
        json!({"name": "traits.y", "type": "text", "disabled": true}),
        None,
    ));
    assert!(html.contains("disabled"), "{html}");
    // An input type this UI does not know is rendered as a text field, not dropped.
    let html = html_of(input(
        json!({"name": "traits.z", "type": "future-type"}),
        Some("Z"),
    ));
    assert!(
        html.contains("type=\"text\"") && html.contains("name=\"traits.z\""),
        "{html}"
    );
}

#[test]
fn hidden_checkbox_and_select_inputs() {
    let html = html_of(input(
        json!({"name": "csrf_token", "type": "hidden", "value": "tok", "required": true}),
        None,
    ));
    assert!(
        html.contains("<input type=\"hidden\" name=\"csrf_token\" value=\"tok\""),
        "{html}"
    );
    assert!(!html.contains("<label"), "{html}");

    let html = html_of(input(
        json!({"name": "traits.tos", "type": "checkbox", "value": true}),
        Some("Accept"),
    ));
    assert!(
        html.contains("type=\"checkbox\"")
            && html.contains("value=\"true\"")
            && html.contains("checked"),
        "{html}"
    );
    let html = html_of(input(
        json!({"name": "traits.tos", "type": "checkbox"}),
        Some("Accept"),
    ));
    assert!(!html.contains("checked"), "{html}");

    let html = html_of(input(
        json!({"name": "traits.plan", "type": "text", "value": "b", "options": [{"value": "a"}, {"value": "b"}, {"value": 3}]}),
        Some("Plan"),
    ));
    assert!(
        html.contains("<select") && html.contains("name=\"traits.plan\""),
        "{html}"
    );
    assert!(
        html.contains("<option value=\"b\" selected>b</option>"),
        "{html}"
    );
    assert!(html.contains("<option value=\"3\">3</option>"), "{html}");
}

#[test]
fn submit_buttons_and_webauthn_triggers() {
    let html = html_of(input(
        json!({"name": "method", "type": "submit", "value": "password"}),
        Some("Save"),
    ));
    assert!(
        html.contains("<button type=\"submit\" name=\"method\" value=\"password\""),
        "{html}"
    );
    assert!(html.contains(">Save</button>"), "{html}");
    let html = html_of(input(
        json!({"name": "totp_unlink", "type": "submit", "value": "true", "disabled": true}),
        Some("Unlink"),
    ));
    assert!(html.contains("disabled"), "{html}");
    assert!(!html.contains("ui/cannot-remove"), "{html}");

    // The last way to sign in: Kratos disables its remove button, the page says why.
    let mut last = input(
        json!({"name": "passkey_remove", "type": "submit", "value": "0aff", "disabled": true}),
        Some("Remove passkey"),
    );
    last.group = "passkey".into();
    let html = html_of(last);
    assert!(
        html.contains("aria-describedby=\"passkey--passkey_remove--kept\""),
        "{html}"
    );
    assert!(
        html.contains("id=\"passkey--passkey_remove--kept\" data-testid=\"ui/cannot-remove\""),
        "{html}"
    );
    assert!(html.contains("add another way to sign in"), "{html}");
    assert!(
        html.contains("formnovalidate"),
        "removing needs no name for a new key: {html}"
    );

    // Kratos accepts a security key without a name; the page asks for one.
    let html = html_of(input(
        json!({"name": "webauthn_register_displayname", "type": "text", "value": ""}),
        Some("Name of the security key"),
    ));
    assert!(html.contains(" required"), "{html}");

    let html = html_of(input(
        json!({"name": "webauthn_register_trigger", "type": "button", "value": "{\"publicKey\":{}}",
               "onclickTrigger": "oryWebAuthnRegistration",
               "onclick": "window.oryWebAuthnRegistration({})"}),
        Some("Add security key"),
    ));
    assert!(
        html.contains("<button type=\"button\" name=\"webauthn_register_trigger\""),
        "{html}"
    );
    assert!(
        html.contains("value=\"{&quot;publicKey&quot;:{}}\""),
        "{html}"
    );
    assert!(
        html.contains("oryWebAuthnRegistration"),
        "the trigger is passed to the island: {html}"
    );
    assert!(
        !html.contains("onclick="),
        "no inline handlers (CSP): {html}"
    );
}

#[test]
fn field_messages_are_tied_to_their_field() {
    let mut n = input(
        json!({"name": "password", "type": "password"}),
        Some("Password"),
    );
    n.group = "password".into();
    n.messages = serde_json::from_value(json!([
        {"id": 4000032, "text": "The password must be at least 8 characters long, but got 3.", "type": "error"}
    ]))
    .unwrap();
    let html = html_of(n);
    assert!(html.contains("aria-invalid=\"true\""), "{html}");
    assert!(
        html.contains("aria-describedby=\"password--password--messages\""),
        "{html}"
    );
    assert!(
        html.contains("id=\"password--password--messages\""),
        "{html}"
    );
    assert!(
        html.contains("role=\"alert\" data-testid=\"ui/message/4000032\""),
        "{html}"
    );
}

#[test]
fn totp_secret_qr_and_backup_codes() {
    let flow = fixture("ory/elements-stubs/settings-flow-totp-setup.json");
    let nodes: Vec<UiNode> = serde_json::from_value(flow["ui"]["nodes"].clone()).unwrap();
    let qr = nodes.iter().find(|n| n.key() == "totp_qr").unwrap().clone();
    let html = html_of(qr);
    assert!(
        html.contains("<img src=\"data:image/png;base64,"),
        "{}",
        &html[..200]
    );
    assert!(html.contains("data-testid=\"node/image/totp_qr\""));
    assert!(html.contains("width=\"256\""));
    let secret = nodes
        .iter()
        .find(|n| n.key() == "totp_secret_key")
        .unwrap()
        .clone();
    let html = html_of(secret);
    assert!(
        html.contains(
            "<code data-testid=\"node/text/totp_secret_key/text\">XXXXXXXXXXXXXXXX</code>"
        ),
        "{html}"
    );
    assert!(
        html.contains("data-testid=\"node/text/totp_secret_key/label\""),
        "{html}"
    );

    let revealed: Vec<UiNode> = serde_json::from_value(fixture(
        "ory/kratos-snapshots/settings-nodes-lookup-revealed.json",
    ))
    .unwrap();
    let codes = revealed
        .iter()
        .find(|n| n.key() == "lookup_secret_codes")
        .unwrap()
        .clone();
    let secrets = match &codes.attributes {
        kratos_ui::kratos::NodeAttributes::Text(t) => t.text.secrets().unwrap(),
        _ => panic!(),
    };
    let html = html_of(codes);
    assert_eq!(html.matches("<code>").count(), secrets.len(), "{html}");
    for s in secrets.iter().filter_map(|s| s.context_str("secret")) {
        assert!(
            html.contains(&format!("<code>{s}</code>")),
            "{s} missing: {html}"
        );
    }
    assert!(html.contains("data-testid=\"node/text/lookup_secret_codes/text\""));
    let unused: Vec<&str> = secrets
        .iter()
        .filter_map(|s| s.context_str("secret"))
        .collect();
    assert!(
        html.contains(&format!(
            "{} of {} codes unused.",
            unused.len(),
            secrets.len()
        )),
        "{html}"
    );
    // The download is a text file of the unused codes, one per line, that needs no script.
    let download = format!(
        "href=\"data:text/plain;charset=utf-8,{}%0A\" download=\"backup-codes.txt\"",
        unused.join("%0A")
    );
    assert!(html.contains(&download), "{html}");
}

#[test]
fn image_attributes_are_escaped_and_only_safe_sources_are_shown() {
    let img = |src: &str, id: &str, label: &str| {
        node(json!({"type": "img", "group": "totp", "messages": [],
            "meta": {"label": {"id": 1070002, "text": label, "type": "info", "context": {"title": label}}},
            "attributes": {"node_type": "img", "id": id, "src": src, "width": 256, "height": 256}}))
    };
    let html = html_of(img(
        "https://img.test/qr?a=1&b=\"2\"><script>",
        "qr\"><script>x",
        "Scan <this> & \"that\"",
    ));
    assert!(
        html.contains(concat!(
            r#"<img src="https://img.test/qr?a=1&amp;b=&quot;2&quot;&gt;&lt;script&gt;" width="256" height="256" "#,
            r#"alt="Scan &lt;this&gt; &amp; &quot;that&quot;" id="qr&quot;&gt;&lt;script&gt;x" "#,
            r#"data-testid="node/image/qr&quot;&gt;&lt;script&gt;x">"#
        )),
        "{html}"
    );
    assert!(!html.contains("<script"), "{html}");
    assert!(
        html.contains("<figcaption>Scan &lt;this&gt; &amp; \"that\"</figcaption>"),
        "{html}"
    );

    let data_uri = format!("data:image/png;base64,{}", "iVBORw0KGgo+/=".repeat(400));
    let html = html_of(img(&data_uri, "totp_qr", "QR code"));
    assert!(
        html.contains(&format!("<img src=\"{data_uri}\" ")),
        "a data URI goes out as sent"
    );
    for refused in [
        "javascript:alert(1)",
        "data:text/html,<b>x</b>",
        "//evil.test/x.png",
    ] {
        let html = html_of(img(refused, "x", "X"));
        assert!(!html.contains("<img"), "{refused}: {html}");
    }
}

#[test]
fn anchors_scripts_divs_and_unknown_nodes() {
    let a = |href: &str| {
        node(
            json!({"type": "a", "group": "default", "messages": [], "meta": {},
            "attributes": {"node_type": "a", "id": "link", "href": href, "title": {"id": 1, "text": "Go", "type": "info"}}}),
        )
    };
    let html = html_of(a("https://example.com/x"));
    assert!(html.contains("<a href=\"https://example.com/x\" title=\"Go\" id=\"link\" data-testid=\"node/anchor/link\">Go</a>"), "{html}");
    let html = html_of(a("javascript:alert(1)"));
    assert!(!html.contains("href") && html.contains("Go"), "{html}");

    let script = node(
        json!({"type": "script", "group": "webauthn", "messages": [], "meta": {},
        "attributes": {"node_type": "script", "id": "webauthn_script", "src": "http://k.test/.well-known/ory/webauthn.js",
            "async": true, "referrerpolicy": "no-referrer", "crossorigin": "anonymous",
            "integrity": "sha512-abc", "type": "text/javascript", "nonce": "kratos-nonce"}}),
    );
    let html = html_of(script);
    for attr in [
        "src=\"http://k.test/.well-known/ory/webauthn.js\"",
        "integrity=\"sha512-abc\"",
        "crossorigin=\"anonymous\"",
        "referrerpolicy=\"no-referrer\"",
        "async",
        "type=\"text/javascript\"",
        "data-testid=\"node/script/webauthn_script\"",
    ] {
        assert!(html.contains(attr), "{attr}: {html}");
    }

    let div = node(
        json!({"type": "div", "group": "captcha", "messages": [], "meta": {},
        "attributes": {"node_type": "div", "id": "captcha", "class": "c", "data": {"sitekey": "k", "bad key\"": "x"}}}),
    );
    let html = html_of(div);
    assert!(
        html.contains("id=\"captcha\"")
            && html.contains("class=\"c\"")
            && html.contains("data-sitekey=\"k\""),
        "{html}"
    );
    assert!(!html.contains("bad key"), "{html}");

    let unknown = node(
        json!({"type": "hologram", "group": "future", "messages": [{"id": 1, "text": "Hi", "type": "info"}],
        "meta": {"label": {"id": 2, "text": "Future thing", "type": "info"}},
        "attributes": {"node_type": "hologram", "id": "h"}}),
    );
    let html = html_of(unknown);
    assert!(
        html.contains("Future thing") && html.contains("ui/message/1"),
        "{html}"
    );
}

#[test]
fn groups_become_forms_in_kratos_order_with_the_csrf_token_in_each() {
    let flow = fixture("ory/elements-stubs/settings-flow-all-2fa-initial.json");
    let ui: UiContainer = serde_json::from_value(flow["ui"].clone()).unwrap();
    let html = render(move || view! { <FlowForms ui headings=true/> });
    let order: Vec<usize> = [
        "data-group=\"profile\"",
        "data-group=\"password\"",
        "data-group=\"lookup_secret\"",
        "data-group=\"webauthn\"",
        "data-group=\"totp\"",
    ]
    .iter()
    .filter_map(|g| html.find(g))
    .collect();
    assert!(order.len() >= 4, "{html}");
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "groups out of Kratos order"
    );
    assert_eq!(
        html.matches("name=\"csrf_token\"").count(),
        html.matches("<form ").count()
    );
    assert!(
        html.contains("<h2 id=\"section-password\">Password</h2>"),
        "{html}"
    );
    // Unknown groups still get a form.
    let mut ui: UiContainer = serde_json::from_value(flow["ui"].clone()).unwrap();
    ui.nodes.push(node(json!({"type": "input", "group": "brand_new", "messages": [], "meta": {},
        "attributes": {"node_type": "input", "name": "method", "type": "submit", "value": "brand_new", "disabled": false}})));
    let html = render(move || view! { <FlowForms ui headings=true/> });
    assert!(
        html.contains("data-group=\"brand_new\"") && html.contains("Brand new"),
        "{html}"
    );
}

/// Real Kratos v1.3.1 shares one visible `identifier` between password and passkey sign-in: it is
/// shown once, in the password form, and no two elements of the page share an id.
#[test]
fn a_shared_login_identifier_is_shown_once_with_unique_ids() {
    let flow = fixture("kratos-v1.3.1/login/first-factor.json");
    let ui: UiContainer = serde_json::from_value(flow["ui"].clone()).unwrap();
    let html = render(move || view! { <FlowForms ui/> });
    assert_eq!(
        html.matches("name=\"identifier\"").count(),
        1,
        "one email field: {html}"
    );
    let password_form = &html[html.find("data-group=\"password\"").unwrap()..];
    let password_form = &password_form[..password_form.find("</form>").unwrap()];
    assert!(
        password_form.contains("name=\"identifier\"")
            && password_form.contains("name=\"password\""),
        "{password_form}"
    );
    let passkey_form = &html[html.find("data-group=\"passkey\"").unwrap()..];
    let passkey_form = &passkey_form[..passkey_form.find("</form>").unwrap()];
    assert!(
        passkey_form.contains("name=\"csrf_token\""),
        "{passkey_form}"
    );
    let mut ids: Vec<&str> = html
        .split(" id=\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect();
    let all = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), all, "duplicate ids in {html}");
}
