//! The routes. The document around them is `server::shell`, rendered on the server only.

use crate::pages::{ErrorPage, HomePage, LoginPage, NotFoundPage, SettingsPage};
use leptos::prelude::*;
use leptos_meta::provide_meta_context;
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

/// Every page waits for Kratos before the first byte (`SsrMode::Async`): status codes, redirects
/// and relayed cookies must all be decided before the headers go out.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Router>
            <Routes fallback=NotFoundPage>
                <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                <Route path=path!("/settings") view=SettingsPage ssr=SsrMode::Async/>
                <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async/>
                <Route path=path!("/error") view=ErrorPage ssr=SsrMode::Async/>
            </Routes>
        </Router>
    }
}
