use crate::errors::UiError;
use crate::i18n::{use_translator, Arg};
use crate::paths;
use crate::ui::link;
use leptos::prelude::*;
use leptos_meta::Title;

/// The page for an error the visitor can do nothing about but wait, retry or go elsewhere.
/// Its HTTP status was set where the error arose.
#[component]
pub(crate) fn StatusPage(error: UiError, #[prop(into)] retry_href: String) -> impl IntoView {
    let t = use_translator();
    if let UiError::Redirected(to) = &error {
        // The response is already a 303; this body is only seen by clients that do not follow it.
        let to = to.clone();
        return view! { <p>{t.text("redirect-continue")} " " <a href=to.clone()>{to.clone()}</a></p> }
            .into_any();
    }
    let status = error.status();
    let key = error.catalog_key();
    let title = t.text(&format!("{key}-title"));
    view! {
        <Title text=title.clone()/>
        <main class="page narrow">
            <section class="card" role="alert" data-testid="ui/error" data-status=status.to_string()>
                <h1>{title}</h1>
                <p>{t.text(&format!("{key}-text"))}</p>
                <p class="actions">
                    {error.retryable().then(|| view! { <a class="button" href=retry_href.clone() data-testid="ui/error/retry">{t.text("try-again")}</a> })}
                    {(!error.retryable()).then(|| view! { <a class="button" href=link(paths::SETTINGS)>{t.text("open-settings")}</a> })}
                </p>
                <p class="hint">{t.text_with("error-status", &[("status", Arg::Number(status.into()))])}</p>
            </section>
        </main>
    }
    .into_any()
}

#[component]
pub(crate) fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
    }
    let t = use_translator();
    view! {
        <Title text=t.text("not-found-title")/>
        <main class="page narrow">
            <section class="card">
                <h1>{t.text("not-found-title")}</h1>
                <p>{t.text("not-found-text")}</p>
                <p class="actions"><a class="button" href=link(paths::SETTINGS)>{t.text("open-settings")}</a></p>
            </section>
        </main>
    }
}
