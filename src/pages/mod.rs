//! Route components: read the query, load the flow on the server, render it or the right error.

mod error;
mod login;
mod settings;
mod status;

pub use error::ErrorPage;
pub use login::LoginPage;
pub use settings::SettingsPage;
pub use status::{HomePage, NotFoundPage, StatusPage};

use leptos_router::hooks::use_query_map;

/// One query parameter, read once: pages render on the server and do not react to URL changes.
fn query_param(name: &str) -> Option<String> {
    use leptos::prelude::WithUntracked;
    use_query_map().with_untracked(|q| q.get(name))
}
