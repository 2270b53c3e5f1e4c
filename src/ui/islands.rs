//! The only parts of the page that run in the browser. Everything works without them.
//!
//! No island takes props: what they need is in the server-rendered HTML they wrap, so no
//! props are serialized into the page and no deserializer is shipped in the WebAssembly.

use leptos::prelude::*;

/// Wraps a form: shows that it is being sent (`aria-busy`) and ignores a second submit while the
/// first is underway. The form still posts natively, so Kratos's redirects and cookies behave
/// exactly as without JavaScript.
#[island]
pub(crate) fn PendingForm(children: Children) -> impl IntoView {
    view! { <div class="form-scope" on:submit=crate::browser::mark_form_pending>{children()}</div> }
}

/// Wraps a WebAuthn/passkey button (`data-trigger`): a click calls the function Kratos's
/// `webauthn.js` defines on `window`. No inline handler attribute, so the CSP stays strict.
#[island]
pub(crate) fn TriggerButton(children: Children) -> impl IntoView {
    view! { <span class="trigger-scope" on:click=crate::browser::call_trigger>{children()}</span> }
}

/// Wraps buttons that act on the page itself: `data-copy` puts its value on the clipboard,
/// `data-print` opens the print dialog (the print stylesheet then shows only the codes).
/// Without JavaScript these buttons are hidden (`.needs-js`) and the download link remains.
#[island]
pub(crate) fn ToolButton(children: Children) -> impl IntoView {
    view! { <span class="tool-scope" on:click=crate::browser::run_tool>{children()}</span> }
}
