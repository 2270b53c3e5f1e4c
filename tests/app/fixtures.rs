//! Every Kratos and Ory payload in `tests/fixtures` deserializes into our types and renders.
//! The tree is walked at test time, so a new fixture is covered without code changes.

use crate::helpers::{fixtures_dir, render};
use kratos_ui::kratos::{
    ErrorEnvelope, FlowError, LoginFlow, RevokedCount, Session, SessionPage, SettingsFlow,
    UiContainer, UiNode,
};
use kratos_ui::ui::FlowForms;
use leptos::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
    {
        let path = entry.unwrap().path();
        if path.is_dir() {
            json_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json")
            && path.file_name().is_some_and(|n| n != "manifest.json")
        {
            out.push(path);
        }
    }
}

fn parse<T: serde::de::DeserializeOwned>(path: &Path, value: &Value) -> T {
    serde_json::from_value(value.clone()).unwrap_or_else(|e| {
        panic!(
            "{} does not deserialize as {}: {e}",
            path.display(),
            std::any::type_name::<T>()
        )
    })
}

#[test]
fn every_fixture_deserializes() {
    let mut files = Vec::new();
    json_files(&fixtures_dir(), &mut files);
    assert!(
        files.len() >= 60,
        "expected the whole fixture tree, found {} files",
        files.len()
    );
    let mut counts = std::collections::BTreeMap::<&str, usize>::new();
    for path in &files {
        let value: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        // An answer recorded with its request and status: `ory/errors-derived/` and the
        // `errors/` of each real-Kratos recording.
        let kind = if value.get("status").is_some() && value.get("body").is_some() {
            let envelope: ErrorEnvelope = parse(path, &value["body"]);
            assert_eq!(
                envelope.error.code,
                value["status"].as_u64().map(|s| s as u16),
                "{}: error.code and status differ",
                path.display()
            );
            "error answer"
        } else if value.is_array() {
            let nodes: Vec<UiNode> = parse(path, &value);
            assert!(!nodes.is_empty());
            "node array"
        } else if value.get("nodes").is_some() {
            parse::<UiContainer>(path, &value);
            "ui container"
        } else if value.get("attributes").is_some() {
            parse::<UiNode>(path, &value);
            "single node"
        } else if value.get("ui").is_some() && value.get("identity").is_some() {
            let flow: SettingsFlow = parse(path, &value);
            assert_eq!(
                flow.ui.nodes.len(),
                value["ui"]["nodes"].as_array().map_or(0, Vec::len)
            );
            "settings flow"
        } else if value.get("ui").is_some() {
            parse::<LoginFlow>(path, &value);
            "login flow"
        } else if value.get("x_total_count").is_some() {
            let page = SessionPage::from_answer(
                parse(path, &value["body"]),
                value["link"].as_str(),
                value["x_total_count"].as_str().and_then(|t| t.parse().ok()),
            );
            assert_eq!(page.total, Some(page.sessions.len() as u64));
            "session list"
        } else if value.get("count").is_some() {
            parse::<RevokedCount>(path, &value);
            "sessions signed out"
        } else if value.get("authenticator_assurance_level").is_some() {
            parse::<Session>(path, &value);
            "session"
        } else if value.get("error").is_some() && value.get("id").is_some() {
            parse::<FlowError>(path, &value);
            "stored flow error"
        } else if value.get("error").is_some() {
            parse::<ErrorEnvelope>(path, &value);
            "error envelope"
        } else {
            panic!(
                "{}: a fixture of a kind this test does not know",
                path.display()
            );
        };
        *counts.entry(kind).or_default() += 1;
    }
    println!("{counts:?}");
    assert!(
        counts["settings flow"] >= 10 && counts["login flow"] >= 10 && counts["node array"] >= 15
    );
}

/// What real Kratos sent is part of the tree: every state the recorder drives Kratos through.
#[test]
fn the_real_kratos_recording_is_complete() {
    let dir = fixtures_dir().join("kratos-v1.3.1");
    let mut files = Vec::new();
    json_files(&dir, &mut files);
    let names: Vec<String> = files
        .iter()
        .map(|p| {
            p.strip_prefix(&dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    for expected in [
        "settings/initial-every-method.json",
        "settings/profile-invalid-email.json",
        "settings/profile-invalid-enum.json",
        "settings/password-too-short.json",
        "settings/totp-setup.json",
        "settings/totp-enrolled.json",
        "settings/lookup-generated.json",
        "settings/lookup-confirmed.json",
        "settings/lookup-revealed-one-used.json",
        "login/first-factor.json",
        "login/aal2-totp-and-backup-code.json",
        "login/refresh.json",
        "sessions/whoami-aal1-password.json",
        "errors/settings-browser-401-no-session.json",
        "errors/settings-browser-403-session-aal2-required.json",
        "errors/settings-submit-403-session-refresh-required.json",
        "errors/settings-get-flow-404-not-found.json",
        "errors/settings-submit-410-expired.json",
        "errors/settings-browser-400-return-to-forbidden.json",
        "errors/settings-submit-403-csrf-violation.json",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} missing from {}",
            dir.display()
        );
    }
}

/// Every settings flow fixture renders one form per group, each posting to `ui.action` and carrying
/// the CSRF token, with every input and button of the flow present by name.
#[test]
fn every_settings_fixture_renders_as_forms() {
    let mut files = Vec::new();
    json_files(&fixtures_dir(), &mut files);
    let mut rendered = 0;
    for path in files {
        let value: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        if value.get("ui").is_none() || value.get("identity").is_none() {
            continue;
        }
        let flow: SettingsFlow = parse(&path, &value);
        let ui = flow.ui.clone();
        let html = render(move || view! { <FlowForms ui=ui headings=true/> });
        let mut groups: Vec<&str> = flow
            .ui
            .nodes
            .iter()
            .filter(|n| n.group != "default" && n.node_type != "script")
            .map(|n| n.group.as_str())
            .collect();
        groups.sort();
        groups.dedup();
        let forms = html.matches("<form ").count();
        assert_eq!(
            forms,
            groups.len(),
            "{}: {groups:?}\n{html}",
            path.display()
        );
        let action = format!("action=\"{}\"", flow.ui.action.replace('&', "&amp;"));
        assert_eq!(
            html.matches(&action).count(),
            forms,
            "{}: every form posts to ui.action",
            path.display()
        );
        assert_eq!(
            html.matches("name=\"csrf_token\"").count(),
            forms,
            "{}",
            path.display()
        );
        for node in &flow.ui.nodes {
            if let kratos_ui::kratos::NodeAttributes::Input(input) = &node.attributes {
                assert!(
                    html.contains(&format!("name=\"{}\"", input.name)),
                    "{}: input {} missing",
                    path.display(),
                    input.name
                );
            }
        }
        rendered += 1;
    }
    assert!(rendered >= 10, "only {rendered} settings fixtures found");
}
