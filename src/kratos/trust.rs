//! How far kratos-ui trusts what Kratos sends (server only): every URL it names is checked against
//! the origin it must be on, and a flow is rendered only within size caps.
//!
//! Kratos is ours, but its answers pass through whatever sits between us and it, and they carry
//! values set by visitors. A page that follows or loads whatever a flow names would turn one
//! compromised answer into a redirect to anywhere, a foreign script or a page of megabytes.

use super::node::NodeAttributes;
use super::UiContainer;
use url::Url;

/// At most this many nodes in one flow: the largest recorded flow has 22.
pub(crate) const MAX_NODES: usize = 256;
/// At most this many groups (forms): Kratos v1.3.1 has 10 methods.
pub(crate) const MAX_GROUPS: usize = 16;
/// The shared `default` group's nodes are repeated in every form: at most this many copies in all.
pub(crate) const MAX_REPEATED_NODES: usize = 256;

/// Why a flow is not rendered.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum UntrustedFlow {
    /// `ui.action` is not an http(s) URL on Kratos's browser origin or this UI's.
    ActionElsewhere,
    /// More nodes, groups or repeated nodes than the caps.
    TooLarge,
}

/// `url` re-serialised (ASCII host, normalised) if it is an http(s) URL without credentials whose
/// origin is one of `origins`; `None` otherwise.
pub(crate) fn url_on(url: &str, origins: &[&Url]) -> Option<String> {
    let parsed = Url::parse(url).ok()?;
    let plain = matches!(parsed.scheme(), "http" | "https")
        && parsed.username().is_empty()
        && parsed.password().is_none();
    let origin = parsed.origin();
    (plain && origins.iter().any(|o| o.origin() == origin)).then(|| parsed.into())
}

/// Checks a flow's UI before it is rendered: the form posts to Kratos (or, as Kratos v1.3.1 writes
/// a verification flow that has passed, to the address it returns to, on this UI: `own`), the
/// size is within the caps, and script nodes that do not come from Kratos's browser origin are
/// dropped.
pub(crate) fn confine_ui(
    ui: &mut UiContainer,
    kratos_browser: &Url,
    own: &Url,
) -> Result<(), UntrustedFlow> {
    match url_on(&ui.action, &[kratos_browser, own]) {
        Some(action) => ui.action = action,
        None => return Err(UntrustedFlow::ActionElsewhere),
    }
    if ui.nodes.len() > MAX_NODES {
        return Err(UntrustedFlow::TooLarge);
    }
    let mut groups: Vec<&str> = ui
        .nodes
        .iter()
        .map(|n| n.group.as_str())
        .filter(|g| *g != "default")
        .collect();
    groups.sort_unstable();
    groups.dedup();
    let shared = ui.nodes.iter().filter(|n| n.group == "default").count();
    if groups.len() > MAX_GROUPS || shared * groups.len() > MAX_REPEATED_NODES {
        return Err(UntrustedFlow::TooLarge);
    }
    ui.nodes.retain(|n| match &n.attributes {
        NodeAttributes::Script(s) => url_on(&s.src, &[kratos_browser]).is_some(),
        _ => true,
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn kratos() -> Url {
        Url::parse("https://id.example.com/").unwrap()
    }

    fn own() -> Url {
        Url::parse("https://account.example.com/").unwrap()
    }

    #[test]
    fn only_urls_on_the_given_origins_pass_and_come_back_normalised() {
        let k = kratos();
        let idp = Url::parse("https://accounts.idp.example:8443/").unwrap();
        for (url, expected) in [
            (
                "https://id.example.com/self-service/login?flow=1",
                Some("https://id.example.com/self-service/login?flow=1"),
            ),
            (
                "HTTPS://ID.example.com:443/x",
                Some("https://id.example.com/x"),
            ),
            (
                "https://accounts.idp.example:8443/auth",
                Some("https://accounts.idp.example:8443/auth"),
            ),
            ("https://id.example.com.evil.example/x", None),
            ("https://evil.example/?https://id.example.com/", None),
            ("http://id.example.com/x", None),
            ("https://id.example.com:444/x", None),
            ("https://user:pass@id.example.com/x", None),
            ("https://user@id.example.com/x", None),
            ("https://accounts.idp.example/auth", None),
            ("javascript:alert(1)//https://id.example.com/", None),
            ("//id.example.com/x", None),
            ("/self-service/login", None),
            ("", None),
        ] {
            assert_eq!(url_on(url, &[&k, &idp]).as_deref(), expected, "{url}");
        }
        // A non-ASCII host is compared and sent as its ASCII form.
        let unicode = Url::parse("https://ïd.example.com/").unwrap();
        assert_eq!(
            url_on("https://ïd.example.com/x", &[&unicode]).as_deref(),
            Some("https://xn--d-mga.example.com/x")
        );
    }

    fn ui(action: &str, nodes: serde_json::Value) -> UiContainer {
        serde_json::from_value(json!({"action": action, "method": "POST", "nodes": nodes})).unwrap()
    }

    fn input(group: &str, name: &str) -> serde_json::Value {
        json!({"type": "input", "group": group, "messages": [], "meta": {},
            "attributes": {"node_type": "input", "name": name, "type": "text", "disabled": false}})
    }

    fn script(src: &str) -> serde_json::Value {
        json!({"type": "script", "group": "webauthn", "messages": [], "meta": {},
            "attributes": {"node_type": "script", "id": "webauthn_script", "src": src}})
    }

    #[test]
    fn a_flow_posts_to_kratos_stays_within_the_caps_and_loads_scripts_only_from_kratos() {
        let k = kratos();
        let mut fine = ui(
            "https://id.example.com/self-service/settings?flow=1",
            json!([
                input("default", "csrf_token"),
                input("profile", "traits.email"),
                script("https://id.example.com/.well-known/ory/webauthn.js"),
                script("https://cdn.evil.example/webauthn.js"),
            ]),
        );
        assert_eq!(confine_ui(&mut fine, &k, &own()), Ok(()));
        assert_eq!(fine.nodes.len(), 3, "the foreign script is dropped");

        let mut passed = ui(
            "https://account.example.com/settings",
            json!([input("default", "csrf_token")]),
        );
        assert_eq!(confine_ui(&mut passed, &k, &own()), Ok(()));

        let mut elsewhere = ui(
            "https://evil.example/collect",
            json!([input("profile", "x")]),
        );
        assert_eq!(
            confine_ui(&mut elsewhere, &k, &own()),
            Err(UntrustedFlow::ActionElsewhere)
        );

        let many: Vec<_> = (0..=MAX_NODES)
            .map(|i| input("profile", &format!("n{i}")))
            .collect();
        let mut too_many = ui("https://id.example.com/x", json!(many));
        assert_eq!(
            confine_ui(&mut too_many, &k, &own()),
            Err(UntrustedFlow::TooLarge)
        );

        let groups: Vec<_> = (0..=MAX_GROUPS)
            .map(|i| input(&format!("g{i}"), "x"))
            .collect();
        let mut too_many_groups = ui("https://id.example.com/x", json!(groups));
        assert_eq!(
            confine_ui(&mut too_many_groups, &k, &own()),
            Err(UntrustedFlow::TooLarge)
        );

        // 20 shared nodes in 13 forms: 260 copies, over the cap, from a flow of 33 nodes.
        let mut repeated: Vec<_> = (0..20)
            .map(|i| input("default", &format!("d{i}")))
            .collect();
        repeated.extend((0..13).map(|i| input(&format!("g{i}"), "x")));
        let mut repeating = ui("https://id.example.com/x", json!(repeated));
        assert_eq!(
            confine_ui(&mut repeating, &k, &own()),
            Err(UntrustedFlow::TooLarge)
        );
    }
}
