//! Route components: read the query, load the flow on the server, render it or the right error.

mod error;
mod login;
mod recovery;
mod registration;
mod sessions;
mod settings;
mod status;
mod verification;

pub(crate) use error::ErrorPage;
pub(crate) use login::LoginPage;
pub(crate) use recovery::RecoveryPage;
pub(crate) use registration::RegistrationPage;
pub(crate) use sessions::SessionsPage;
pub(crate) use settings::SettingsPage;
pub(crate) use status::{NotFoundPage, StatusPage};
pub(crate) use verification::VerificationPage;

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Query parameters, read once: pages render on the server and do not react to URL changes.
/// One call for all of a page's parameters, as every `use_query_map` builds a memo.
fn query_params<const N: usize>(names: [&str; N]) -> [Option<String>; N] {
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

/// `page?name=value&…` with the values percent-encoded (all but unreserved characters), for links
/// the pages build; pairs without a value are left out.
fn href_with(page: &str, pairs: &[(&str, Option<&str>)]) -> String {
    let mut href = crate::ui::link(page);
    for (name, value) in pairs {
        let Some(value) = value else { continue };
        href.push(if href.contains('?') { '&' } else { '?' });
        href.push_str(name);
        href.push('=');
        for b in value.bytes() {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
                href.push(b as char);
            } else {
                href.push_str(&format!("%{b:02X}"));
            }
        }
    }
    href
}

/// Said on a page whose flow had expired and was replaced by a fresh one (`?notice=flow_expired`).
#[component]
fn FlowExpiredNotice() -> impl IntoView {
    view! {
        <p class="message info" role="status" data-testid="ui/notice/flow-expired">
            {crate::i18n::use_translator().text("flow-expired-notice")}
        </p>
    }
}

#[cfg(test)]
mod tests {
    use super::href_with;

    #[test]
    fn links_carry_their_values_encoded() {
        assert_eq!(
            href_with("/login", &[("return_to", Some("https://app/x?a=1&b=2"))]),
            "/login?return_to=https%3A%2F%2Fapp%2Fx%3Fa%3D1%26b%3D2"
        );
        assert_eq!(href_with("/login", &[("return_to", None)]), "/login");
        assert_eq!(
            href_with(
                "/verification",
                &[("email", Some("a+b@x.org")), ("x", Some("1"))]
            ),
            "/verification?email=a%2Bb%40x.org&x=1"
        );
    }
}
