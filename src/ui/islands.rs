//! The only parts of the page that run in the browser. Everything works without them.

use leptos::prelude::*;

/// A form that shows it is being sent and ignores a second submit while the first is underway.
/// It posts natively (no fetch), so Kratos's redirects and cookies behave as without JavaScript.
#[island]
pub fn PendingForm(action: String, method: String, children: Children) -> impl IntoView {
    let (pending, set_pending) = signal(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        if pending.get_untracked() {
            ev.prevent_default();
        } else {
            set_pending.set(true);
        }
    };
    view! {
        <form action=action method=method on:submit=on_submit aria-busy=move || pending.get().then_some("true")>
            {children()}
        </form>
    }
}

/// A WebAuthn/passkey button: calls the function Kratos's `webauthn.js` defines on `window`.
/// No inline handler attribute, so the CSP stays strict.
#[island]
pub fn TriggerButton(
    trigger: String,
    name: String,
    value: String,
    label: String,
    disabled: bool,
    testid: String,
) -> impl IntoView {
    let on_click = move |_| crate::browser::call_window_function(&trigger);
    view! {
        <button type="button" name=name value=value disabled=disabled data-testid=testid on:click=on_click>
            {label}
        </button>
    }
}
