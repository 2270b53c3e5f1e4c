//! On the server the islands' event handlers are never called.

pub fn mark_form_pending(_: leptos::ev::SubmitEvent) {}

pub fn call_trigger(_: leptos::ev::MouseEvent) {}
