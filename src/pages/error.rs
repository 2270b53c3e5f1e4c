use super::{query_params, rendered_now};
use crate::kratos::FlowError;
use crate::paths::{self, query};
use crate::server_fns::get_flow_error;
use leptos::prelude::*;
use leptos_meta::Title;

/// `/error?id=`: a browser-mode error Kratos stored, explained in plain words.
#[component]
pub fn ErrorPage() -> impl IntoView {
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
pub fn explain(id: Option<&str>) -> (&'static str, &'static str) {
    match id.unwrap_or("") {
        "security_csrf_violation" => (
            "Your form was out of date",
            "For your security the request was refused, because it could not be matched to this \
             browser (this happens when cookies were cleared or the form was open for a long time). \
             Nothing was changed. Please open the page again and repeat the change.",
        ),
        "self_service_flow_return_to_forbidden" => (
            "This return address is not allowed",
            "The link you followed asks to send you to an address that this site does not allow.",
        ),
        "security_identity_mismatch" => (
            "This form belongs to another account",
            "The form was opened while signed in as someone else. Nothing was changed. Please open \
             the page again.",
        ),
        "self_service_flow_expired" => (
            "The form expired",
            "The form was open for too long. Nothing was changed. Please open the page again.",
        ),
        "self_service_flow_replaced" => (
            "The form was replaced",
            "A newer form replaced this one. Please open the page again.",
        ),
        "session_inactive" | "session_aal1_required" => (
            "You are not signed in",
            "Please sign in and try again.",
        ),
        "session_already_available" => ("You are already signed in", "There is no need to sign in again."),
        "session_aal2_required" => (
            "A second factor is needed",
            "Please confirm it is you with your second factor and try again.",
        ),
        "session_refresh_required" => (
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
    let id = error.as_ref().and_then(|e| e.error.id.clone());
    let (title, text) = explain(id.as_deref());
    let reference = id.clone();
    view! {
        <main class="page narrow">
            <section class="card" data-testid="ui/error" data-error-id=id.clone()>
                <h1>{title}</h1>
                <p>{text}</p>
                <p class="actions"><a class="button" href=paths::SETTINGS data-testid="ui/error/settings">"Back to account settings"</a></p>
                {reference.map(|id| view! { <p class="hint">"Reference: " <code>{id}</code></p> })}
            </section>
        </main>
    }
}
