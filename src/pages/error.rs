use super::{query_params, rendered_now};
use crate::kratos::{FlowError, KratosErrorId};
use crate::paths::{self, query};
use crate::server_fns::get_flow_error;
use crate::ui::link;
use leptos::prelude::*;
use leptos_meta::Title;

/// `/error?id=`: a browser-mode error Kratos stored, explained in plain words.
#[component]
pub(crate) fn ErrorPage() -> impl IntoView {
    let [id] = query_params([query::ID]);
    let page = Suspend::new(async move {
        let error = match id {
            Some(id) => get_flow_error(id).await.ok().flatten(),
            None => None,
        };
        rendered_now(view! { <ErrorView error/> })
    });
    view! {
        <Title text="Something went wrong"/>
        <Suspense fallback=|| ()>{page}</Suspense>
    }
}

/// Plain words for the error ids Kratos sends browsers to the error page with.
pub(crate) fn explain(id: Option<&KratosErrorId>) -> (&'static str, &'static str) {
    use KratosErrorId as Id;
    match id {
        Some(Id::SecurityCsrfViolation) => (
            "Your form was out of date",
            "For your security the request was refused, because it could not be matched to this \
             browser (this happens when cookies were cleared or the form was open for a long time). \
             Nothing was changed. Please open the page again and repeat the change.",
        ),
        Some(Id::SelfServiceFlowReturnToForbidden) => (
            "This return address is not allowed",
            "The link you followed asks to send you to an address that this site does not allow.",
        ),
        Some(Id::SecurityIdentityMismatch) => (
            "This form belongs to another account",
            "The form was opened while signed in as someone else. Nothing was changed. Please open \
             the page again.",
        ),
        Some(Id::SelfServiceFlowExpired) => (
            "The form expired",
            "The form was open for too long. Nothing was changed. Please open the page again.",
        ),
        Some(Id::SelfServiceFlowReplaced) => (
            "The form was replaced",
            "A newer form replaced this one. Please open the page again.",
        ),
        Some(Id::SessionInactive | Id::SessionAal1Required) => (
            "You are not signed in",
            "Please sign in and try again.",
        ),
        Some(Id::SessionAlreadyAvailable) => ("You are already signed in", "There is no need to sign in again."),
        Some(Id::SessionAal2Required) => (
            "A second factor is needed",
            "Please confirm it is you with your second factor and try again.",
        ),
        Some(Id::SessionRefreshRequired) => (
            "Please confirm it is you",
            "This change needs a recent sign-in. Sign in again and repeat it.",
        ),
        _ => (
            "Something went wrong",
            "The identity service could not complete your request. Nothing was changed. Please \
             go back to your account settings and try again.",
        ),
    }
}

#[component]
fn ErrorView(error: Option<FlowError>) -> impl IntoView {
    let id = error.as_ref().and_then(|e| e.error.error_id());
    let (title, text) = explain(id.as_ref());
    let id = id.map(|id| id.as_str().to_string());
    let reference = id.clone();
    view! {
        <main class="page narrow">
            <section class="card" data-testid="ui/error" data-error-id=id.clone()>
                <h1>{title}</h1>
                <p>{text}</p>
                <p class="actions"><a class="button" href=link(paths::SETTINGS) data-testid="ui/error/settings">"Back to account settings"</a></p>
                {reference.map(|id| view! { <p class="hint">"Reference: " <code>{id}</code></p> })}
            </section>
        </main>
    }
}
