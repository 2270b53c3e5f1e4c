use crate::errors::UiError;
use crate::paths;
use crate::ui::link;
use leptos::prelude::*;
use leptos_meta::Title;

/// The page for an error the visitor can do nothing about but wait, retry or go elsewhere.
/// Its HTTP status was set where the error arose.
#[component]
pub(crate) fn StatusPage(error: UiError, #[prop(into)] retry_href: String) -> impl IntoView {
    if let UiError::Redirected(to) = &error {
        // The response is already a 303; this body is only seen by clients that do not follow it.
        let to = to.clone();
        return view! { <p>"Continue to " <a href=to.clone()>{to.clone()}</a></p> }.into_any();
    }
    let status = error.status();
    view! {
        <Title text=error.title()/>
        <main class="page narrow">
            <section class="card" role="alert" data-testid="ui/error" data-status=status.to_string()>
                <h1>{error.title()}</h1>
                <p>{error.explanation()}</p>
                <p class="actions">
                    {error.retryable().then(|| view! { <a class="button" href=retry_href.clone() data-testid="ui/error/retry">"Try again"</a> })}
                    {(!error.retryable()).then(|| view! { <a class="button" href=link(paths::SETTINGS)>"Open account settings"</a> })}
                </p>
                <p class="hint">"Error " {status.to_string()}</p>
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
    view! {
        <Title text="Page not found"/>
        <main class="page narrow">
            <section class="card">
                <h1>"Page not found"</h1>
                <p>"There is nothing at this address."</p>
                <p class="actions"><a class="button" href=link(paths::SETTINGS)>"Open account settings"</a></p>
            </section>
        </main>
    }
}
