//! The HTML document around every page.
//!
//! The asset links and the island loader are the same on every page except for the CSP nonce, so
//! they are rendered once at start-up by Leptos's own `HashedStylesheet` and `HydrationScripts`
//! and only the nonce is filled in per request. Rendered per request, those two components read
//! `hash.txt` from disk and rebuild a 2 KB script on every page view.

use super::branding::Branding;
use super::config::ColorScheme;
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
    pub(crate) fn new(options: &LeptosOptions, base: &str, branding: &Branding) -> Self {
        let owner = Owner::new_root(None);
        let favicon = branding
            .favicon
            .clone()
            .unwrap_or_else(|| format!("{base}/favicon.ico"));
        let html = owner.with(|| {
            provide_context(leptos::nonce::Nonce::from_value(NONCE_SLOT));
            view! {
                {(!branding.includes_app_css).then(|| view! {
                    <HashedStylesheet options=options.clone() root=base.to_string()/>
                })}
                {branding.stylesheet.clone().map(|href| view! { <link rel="stylesheet" href=href/> })}
                <HydrationScripts options=options.clone() islands=true root=base.to_string()/>
                <link rel="icon" href=favicon/>
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

/// The whole HTML document of every page, with the operator's name, logo and links around it.
pub(crate) fn document() -> impl IntoView {
    let branding = use_context::<Arc<Branding>>().unwrap_or_default();
    let (scheme, color_scheme) = match branding.color_scheme {
        ColorScheme::Auto => (None, "light dark"),
        ColorScheme::Light => (Some("light"), "light"),
        ColorScheme::Dark => (Some("dark"), "dark"),
    };
    let t = crate::i18n::use_translator();
    let dir = t.dir();
    view! {
        <!DOCTYPE html>
        <html lang=t.tag().to_string() dir=dir data-scheme=scheme>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content=color_scheme/>
                <meta name="referrer" content="no-referrer"/>
                <AssetTags/>
                <MetaTags/>
            </head>
            <body>
                <BrandBar branding=branding.clone()/>
                <App/>
                <footer class="page-footer">
                    <BrandLinks branding/>
                    <LanguageSwitcher/>
                </footer>
            </body>
        </html>
    }
}

/// The operator's logo and product name, leading to their home page when one is set.
#[component]
fn BrandBar(branding: Arc<Branding>) -> impl IntoView {
    if branding.logo.is_none() && branding.product_name.is_none() {
        return None;
    }
    let alt = if branding.product_name.is_some() {
        String::new()
    } else {
        crate::i18n::use_translator().text("brand-home")
    };
    let inner = view! {
        {branding.logo.clone().map(|src| view! { <img src=src alt=alt height="32"/> })}
        {branding.product_name.clone().map(|name| view! { <span>{name}</span> })}
    };
    Some(view! {
        <header class="brand-bar" data-testid="brand">
            {match branding.home_url.clone() {
                Some(home) => view! { <a href=home>{inner}</a> }.into_any(),
                None => view! { <span>{inner}</span> }.into_any(),
            }}
        </header>
    })
}

/// Links to the operator's home, privacy and terms pages, those that are set.
#[component]
fn BrandLinks(branding: Arc<Branding>) -> impl IntoView {
    let t = crate::i18n::use_translator();
    let links: Vec<(&'static str, String)> = [
        ("brand-home", branding.home_url.clone()),
        ("brand-privacy", branding.privacy_url.clone()),
        ("brand-terms", branding.terms_url.clone()),
    ]
    .into_iter()
    .filter_map(|(label, url)| url.map(|url| (label, url)))
    .collect();
    (!links.is_empty()).then(|| {
        view! {
            <nav class="brand-links" aria-label=t.text("brand-links") data-testid="brand/links">
                {links.into_iter().map(|(label, href)| view! { <a href=href>{t.text(label)}</a> " " }).collect_view()}
            </nav>
        }
    })
}

/// Links to this page in every other language the server speaks: plain links (`?lang=`), so they
/// work without JavaScript; each language named in itself.
#[component]
fn LanguageSwitcher() -> impl IntoView {
    let t = crate::i18n::use_translator();
    let catalogs = t.catalogs().clone();
    if catalogs.languages().len() < 2 {
        return None;
    }
    let query = use_context::<http::request::Parts>()
        .and_then(|parts| parts.uri.query().map(str::to_string))
        .unwrap_or_default();
    // The page's other parameters (its flow, say) stay; only `lang` changes.
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| !pair.is_empty() && pair.split('=').next() != Some("lang"))
        .collect();
    let links = catalogs
        .languages()
        .iter()
        .map(|language| {
            let tag = language.tag().to_string();
            let current = tag == t.tag();
            let mut href = String::from("?");
            for pair in &kept {
                href.push_str(pair);
                href.push('&');
            }
            href.push_str("lang=");
            href.push_str(&tag);
            view! {
                <li>
                    {if current {
                        view! { <span lang=tag.clone() aria-current="true">{language.name()}</span> }.into_any()
                    } else {
                        view! { <a href=href hreflang=tag.clone() lang=tag.clone() data-testid=format!("language/{tag}")>{language.name()}</a> }.into_any()
                    }}
                </li>
            }
        })
        .collect_view();
    Some(view! {
        <nav class="languages" aria-label=t.text("language-switcher") data-testid="language-switcher">
            <ul>{links}</ul>
        </nav>
    })
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
        let head = HeadAssets::new(&options, "", &Default::default());
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
