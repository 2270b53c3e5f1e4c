//! Browser-only event handlers for the islands.

use leptos::prelude::set_timeout;
use std::time::Duration;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Element;

/// The functions Kratos's `webauthn.js` defines (`x/webauthnx/js/trigger.go`); nothing else on
/// `window` may be called from a node.
const TRIGGERS: &[&str] = &[
    "oryWebAuthnRegistration",
    "oryWebAuthnLogin",
    "oryPasskeyLogin",
    "oryPasskeyLoginAutocompleteInit",
    "oryPasskeyRegistration",
    "oryPasskeySettingsRegistration",
];

pub fn mark_form_pending(ev: leptos::ev::SubmitEvent) {
    let Some(form) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
        return;
    };
    if form.has_attribute("aria-busy") {
        ev.prevent_default();
    } else {
        let _ = form.set_attribute("aria-busy", "true");
    }
}

pub fn call_trigger(ev: leptos::ev::MouseEvent) {
    let trigger = ev
        .target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|el| el.closest("button[data-trigger]").ok().flatten())
        .and_then(|button| button.get_attribute("data-trigger"));
    if let Some(name) = trigger.filter(|n| TRIGGERS.contains(&n.as_str())) {
        try_call(name, 100);
    }
}

/// Calls `window[name]()`, retrying for up to 10 s while `webauthn.js` is still loading.
fn try_call(name: String, attempts_left: u32) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let function = js_sys::Reflect::get(&window, &JsValue::from_str(&name))
        .ok()
        .and_then(|v| v.dyn_into::<js_sys::Function>().ok());
    match function {
        Some(function) => {
            let _ = function.call0(&window);
        }
        None if attempts_left > 0 => set_timeout(
            move || try_call(name, attempts_left - 1),
            Duration::from_millis(100),
        ),
        None => {}
    }
}
