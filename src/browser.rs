//! Browser-only helpers for the islands.

use leptos::prelude::set_timeout;
use std::time::Duration;
use wasm_bindgen::{JsCast, JsValue};

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

/// Calls `window[name]()`, retrying for up to 10 s while `webauthn.js` is still loading.
pub fn call_window_function(name: &str) {
    if TRIGGERS.contains(&name) {
        try_call(name.to_string(), 100);
    }
}

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
