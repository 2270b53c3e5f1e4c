//! Browser-only event handlers for the islands.

use leptos::prelude::set_timeout;
use std::time::Duration;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
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
    let Some(button) = clicked("button[data-trigger]", &ev) else {
        return;
    };
    // `webauthn.js` submits the form with `form.submit()`, which skips validation: check the
    // fields first (the key's name is required), so an empty one is refused at the field before
    // the authenticator is asked.
    if let Some(form) = button
        .closest("form")
        .ok()
        .flatten()
        .and_then(|f| f.dyn_into::<web_sys::HtmlFormElement>().ok())
    {
        if !form.report_validity() {
            return;
        }
    }
    if let Some(name) = button
        .get_attribute("data-trigger")
        .filter(|n| TRIGGERS.contains(&n.as_str()))
    {
        try_call(name, 100);
    }
}

/// Copy (`data-copy`) or print (`data-print`) for the button that was clicked.
pub fn run_tool(ev: leptos::ev::MouseEvent) {
    let Some(button) = clicked("button[data-copy], button[data-print]", &ev) else {
        return;
    };
    let Some(window) = web_sys::window() else {
        return;
    };
    let status = button
        .closest(".tools")
        .ok()
        .flatten()
        .and_then(|tools| tools.query_selector(".copied").ok().flatten());
    if let Some(text) = button.get_attribute("data-copy") {
        // The words are the page's own, in its language: `data-copied` or `data-refused`.
        let say = move |which: &str| {
            if let Some(status) = &status {
                status.set_text_content(status.get_attribute(which).as_deref());
            }
        };
        // navigator.clipboard.writeText(text), reached by name: web-sys gates the Clipboard API.
        let promise = js_sys::Reflect::get(&window.navigator(), &JsValue::from_str("clipboard"))
            .ok()
            .filter(|c| !c.is_undefined())
            .and_then(|clipboard| {
                let write = js_sys::Reflect::get(&clipboard, &JsValue::from_str("writeText"))
                    .ok()?
                    .dyn_into::<js_sys::Function>()
                    .ok()?;
                write
                    .call1(&clipboard, &JsValue::from_str(&text))
                    .ok()?
                    .dyn_into::<js_sys::Promise>()
                    .ok()
            });
        match promise {
            Some(promise) => {
                let (ok, refused) = (say.clone(), say);
                // One pair per click, kept alive until the promise settles (then leaked: a few
                // bytes per click).
                let ok = Closure::<dyn FnMut(JsValue)>::new(move |_| ok("data-copied"));
                let refused = Closure::<dyn FnMut(JsValue)>::new(move |_| refused("data-refused"));
                let _ = promise.then2(&ok, &refused);
                ok.forget();
                refused.forget();
            }
            None => say("data-refused"),
        }
    } else {
        let _ = window.print();
    }
}

/// The element matching `selector` that the click landed in.
fn clicked(selector: &str, ev: &leptos::ev::MouseEvent) -> Option<Element> {
    ev.target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|el| el.closest(selector).ok().flatten())
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
