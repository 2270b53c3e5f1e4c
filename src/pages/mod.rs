//! Route components: read the query, load the flow on the server, render it or the right error.

mod error;
mod login;
mod sessions;
mod settings;
mod status;

pub(crate) use error::ErrorPage;
pub(crate) use login::LoginPage;
pub(crate) use sessions::SessionsPage;
pub(crate) use settings::SettingsPage;
pub(crate) use status::{NotFoundPage, StatusPage};

use leptos::prelude::IntoView;
use leptos_router::hooks::use_query_map;

/// Query parameters, read once: pages render on the server and do not react to URL changes.
/// One call for all of a page's parameters, as every `use_query_map` builds a memo.
fn query_params<const N: usize>(names: [&str; N]) -> [Option<String>; N] {
    use leptos::prelude::WithUntracked;
    use_query_map().with_untracked(|q| names.map(|name| q.get(name)))
}

/// A page's body once its flow has loaded, rendered to HTML on the spot.
///
/// Whatever a `Suspend` resolves to is rendered by Leptos's async renderer, which pushes every
/// element through its stream builder as a separate string; rendering the same view straight
/// into one buffer takes half the time (78 µs against 153 µs for the largest recorded flow,
/// measured with criterion). The output is the same HTML, islands included.
///
/// The buffer starts at 16 KB: the largest recorded settings page is about 12 KB of body, and
/// growing a buffer from nothing copies it a dozen times over.
fn rendered_now(view: impl IntoView) -> impl IntoView {
    use leptos::prelude::RenderHtml;
    use leptos::tachys::view::Position;
    let mut html = String::with_capacity(16 * 1024);
    view.into_view()
        .to_html_with_buf(&mut html, &mut Position::FirstChild, true, false, vec![]);
    leptos::tachys::html::InertElement::new(html)
}
