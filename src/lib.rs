//! kratos-ui: a self-hosted account UI for Ory Kratos.

pub mod app;
pub mod errors;
pub mod kratos;
pub mod pages;
pub mod paths;
pub mod server_fns;
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
