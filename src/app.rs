//! The routes. The document around them is `server::shell`, rendered on the server only.

use crate::pages::{
    ErrorPage, LoginPage, NotFoundPage, RecoveryPage, RegistrationPage, SessionsPage, SettingsPage,
    VerificationPage,
};
use crate::paths;
use leptos::prelude::*;
use leptos_meta::provide_meta_context;
use leptos_router::{
    components::{Redirect, Route, Router, Routes},
    path, SsrMode, StaticSegment,
};

/// A route's path from its name in `paths` (`"/settings"` → the segment `settings`).
fn segment(path: &'static str) -> (StaticSegment<&'static str>,) {
    (StaticSegment(path.trim_start_matches('/')),)
}

/// The root of the app (under its base path) leads to the settings page.
#[component]
fn SettingsRedirect() -> impl IntoView {
    let base = use_context::<paths::BasePath>().unwrap_or_default();
    view! { <Redirect path=base.at(paths::SETTINGS)/> }
}

/// Every page waits for Kratos before the first byte (`SsrMode::Async`): status codes, redirects
/// and relayed cookies must all be decided before the headers go out.
#[component]
pub(crate) fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Router>
            <Routes fallback=NotFoundPage>
                // Everyone, signed in or not, starts at the settings page, which asks to sign in.
                <Route path=path!("/") view=SettingsRedirect/>
                <Route path=segment(paths::SETTINGS) view=SettingsPage ssr=SsrMode::Async/>
                <Route path=segment(paths::LOGIN) view=LoginPage ssr=SsrMode::Async/>
                <Route path=segment(paths::ERROR) view=ErrorPage ssr=SsrMode::Async/>
                <Route path=segment(paths::SESSIONS) view=SessionsPage ssr=SsrMode::Async/>
                <Route path=segment(paths::REGISTRATION) view=RegistrationPage ssr=SsrMode::Async/>
                <Route path=segment(paths::RECOVERY) view=RecoveryPage ssr=SsrMode::Async/>
                <Route path=segment(paths::VERIFICATION) view=VerificationPage ssr=SsrMode::Async/>
            </Routes>
        </Router>
    }
}
