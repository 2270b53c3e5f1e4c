//! kratos-ui: a self-hosted account UI for Ory Kratos.

// The browser build starts only the islands; pages, server functions and the Kratos model are
// compiled for it but used by the server, so the server build (`ssr`) is the one that judges dead
// code.
#![cfg_attr(not(feature = "ssr"), allow(dead_code))]

// Public: what the server binary, the integration tests and the benchmark use. Everything else is
// crate-private, so the compiler reports what nothing uses.
mod app;
mod errors;
pub mod i18n;
pub mod kratos;
mod pages;
mod paths;
mod server_fns;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod server;

#[cfg(feature = "hydrate")]
mod browser;
#[cfg(not(feature = "hydrate"))]
#[path = "browser_stub.rs"]
mod browser;

/// Wakes the islands; the rest of the page is server-rendered HTML that needs no script.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    leptos::mount::hydrate_islands();
}
