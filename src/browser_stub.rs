//! On the server the islands' event handlers are never called.

pub(crate) fn mark_form_pending(_: leptos::ev::SubmitEvent) {}

pub(crate) fn call_trigger(_: leptos::ev::MouseEvent) {}

pub(crate) fn run_tool(_: leptos::ev::MouseEvent) {}
