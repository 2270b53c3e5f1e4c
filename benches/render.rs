//! Render-only cost of the largest recorded settings flow, without HTTP or Kratos.

use criterion::{criterion_group, criterion_main, Criterion};
use kratos_ui::kratos::SettingsFlow;
use kratos_ui::ui::FlowForms;
use leptos::prelude::*;
use std::sync::Arc;

fn largest_settings_flow() -> (String, SettingsFlow) {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ory/elements-stubs");
    let mut best: Option<(u64, std::path::PathBuf)> = None;
    for entry in std::fs::read_dir(&dir).expect("tests/fixtures/ory/elements-stubs") {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name.starts_with("settings-flow-") {
            let len = std::fs::metadata(&path).unwrap().len();
            if best.as_ref().is_none_or(|(l, _)| len > *l) {
                best = Some((len, path));
            }
        }
    }
    let (_, path) = best.expect("a settings flow fixture");
    let flow = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    (path.file_name().unwrap().to_string_lossy().into(), flow)
}

fn render(c: &mut Criterion) {
    let (name, flow) = largest_settings_flow();
    let json = serde_json::to_string(&flow).unwrap();
    c.bench_function(&format!("render FlowForms ({name})"), |b| {
        b.iter(|| {
            let owner = Owner::new_root(Some(Arc::new(hydration_context::SsrSharedContext::new())));
            let ui = flow.ui.clone();
            owner.with(|| view! { <FlowForms ui headings=true/> }.to_html())
        })
    });
    c.bench_function(&format!("parse + render ({name})"), |b| {
        b.iter(|| {
            let flow: SettingsFlow = serde_json::from_str(&json).unwrap();
            let owner = Owner::new_root(Some(Arc::new(hydration_context::SsrSharedContext::new())));
            owner.with(|| view! { <FlowForms ui=flow.ui headings=true/> }.to_html())
        })
    });
}

criterion_group!(benches, render);
criterion_main!(benches);
