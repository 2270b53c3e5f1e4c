//! The HTML document around every page.
//!
//! The asset links and the island loader are the same on every page except for the CSP nonce, so
//! they are rendered once at start-up by Leptos's own `HashedStylesheet` and `HydrationScripts`
//! and only the nonce is filled in per request. Rendered per request, those two components read
//! `hash.txt` from disk and rebuild a 2 KB script on every page view.

use crate::app::App;
use leptos::prelude::*;
use leptos::tachys::html::InertElement;
use leptos_meta::{HashedStylesheet, MetaTags};
use std::sync::Arc;

/// Stands for the nonce while the head is rendered at start-up; never sent.
const NONCE_SLOT: &str = "kratos-ui-nonce-slot";

/// The rendered asset links and island loader, split where the nonce goes.
#[derive(Clone, Debug)]
pub(crate) struct HeadAssets {
    parts: Arc<[String]>,
}

impl HeadAssets {
    /// `base`: the base path the app is served under (empty, or `/account` say), which the
    /// asset URLs start with.
    pub(crate) fn new(options: &LeptosOptions, base: &str) -> Self {
        let owner = Owner::new_root(None);
        let html = owner.with(|| {
            provide_context(leptos::nonce::Nonce::from_value(NONCE_SLOT));
            view! {
                <HashedStylesheet options=options.clone() root=base.to_string()/>
                <HydrationScripts options=options.clone() islands=true root=base.to_string()/>
                <link rel="icon" href=format!("{base}/favicon.ico")/>
            }
            .to_html()
        });
        // Leptos also writes the nonce into the preload links' `crossorigin`, where browsers read
        // any unknown value as `anonymous`; say so instead of sending the nonce twice more.
        let html = html.replace(
            &format!("crossorigin=\"{NONCE_SLOT}\""),
            "crossorigin=\"anonymous\"",
        );
        HeadAssets {
            parts: html.split(NONCE_SLOT).map(str::to_string).collect(),
        }
    }

    /// The head's asset tags with `nonce` in every slot.
    pub(crate) fn with_nonce(&self, nonce: &str) -> String {
        let len = self.parts.iter().map(String::len).sum::<usize>();
        let mut html = String::with_capacity(len + nonce.len() * self.parts.len());
        for (i, part) in self.parts.iter().enumerate() {
            if i > 0 {
                html.push_str(nonce);
            }
            html.push_str(part);
        }
        html
    }
}

/// The document as leptos_axum's file-and-error fallback wants it. The `LeptosOptions` it passes
/// in are not needed: the asset tags come from the [`HeadAssets`] in context.
pub(crate) fn shell(_options: LeptosOptions) -> impl IntoView {
    document()
}

/// The whole HTML document of every page.
pub(crate) fn document() -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light dark"/>
                <meta name="referrer" content="no-referrer"/>
                <AssetTags/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
fn AssetTags() -> impl IntoView {
    // As `HydrationScripts` does for islands: only islands hydrate, so the rest of the page
    // needs no hydration markers.
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    let nonce = leptos::nonce::use_nonce()
        .map(|n| n.to_string())
        .unwrap_or_default();
    // `router` provides the head to every page it renders, beside the state.
    let html = with_context::<HeadAssets, _>(|head| head.with_nonce(&nonce)).unwrap_or_default();
    InertElement::new(html)
}

#[cfg(test)]
mod tests {
    use super::{HeadAssets, NONCE_SLOT};
    use leptos::prelude::LeptosOptions;

    #[test]
    fn the_head_is_rendered_once_and_only_the_nonce_changes() {
        let options = LeptosOptions::builder().output_name("kratos-ui").build();
        let head = HeadAssets::new(&options, "");
        let html = head.with_nonce("Tm9uY2U=");
        assert!(!html.contains(NONCE_SLOT), "{html}");
        assert!(
            html.contains(r#"<link rel="stylesheet" href="/pkg/kratos-ui.css">"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<script type="module" nonce="Tm9uY2U=">"#),
            "{html}"
        );
        assert!(html.contains(r#"crossorigin="anonymous""#), "{html}");
        assert_eq!(
            html.matches("Tm9uY2U=").count(),
            1,
            "the nonce goes in the script only: {html}"
        );
        assert_ne!(html, head.with_nonce("b3RoZXI="));
    }
}
