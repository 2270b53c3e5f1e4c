use super::{query_params, rendered_now};
use crate::i18n::use_translator;
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
        <Title text=use_translator().text("flow-error-title")/>
        <Suspense fallback=|| ()>{page}</Suspense>
    }
}

/// The catalog key (`<key>-title`, `<key>-text`) for the error ids Kratos sends browsers to the
/// error page with.
pub(crate) fn explain(id: Option<&KratosErrorId>) -> &'static str {
    use KratosErrorId as Id;
    match id {
        Some(Id::SecurityCsrfViolation) => "flow-error-csrf",
        Some(Id::SelfServiceFlowReturnToForbidden) => "flow-error-return-to",
        Some(Id::SecurityIdentityMismatch) => "flow-error-identity-mismatch",
        Some(Id::SelfServiceFlowExpired) => "flow-error-expired",
        Some(Id::SelfServiceFlowReplaced) => "flow-error-replaced",
        Some(Id::SessionInactive | Id::SessionAal1Required) => "flow-error-signed-out",
        Some(Id::SessionAlreadyAvailable) => "flow-error-signed-in",
        Some(Id::SessionAal2Required) => "flow-error-aal2",
        Some(Id::SessionRefreshRequired) => "flow-error-refresh",
        _ => "flow-error",
    }
}

#[component]
fn ErrorView(error: Option<FlowError>) -> impl IntoView {
    let id = error.as_ref().and_then(|e| e.error.error_id());
    let t = use_translator();
    let key = explain(id.as_ref());
    let (title, text) = (
        t.text(&format!("{key}-title")),
        t.text(&format!("{key}-text")),
    );
    let id = id.map(|id| id.as_str().to_string());
    let reference = id.clone();
    view! {
        <main class="page narrow">
            <section class="card" data-testid="ui/error" data-error-id=id.clone()>
                <h1>{title}</h1>
                <p>{text}</p>
                <p class="actions"><a class="button" href=link(paths::SETTINGS) data-testid="ui/error/settings">{t.text("back-to-settings")}</a></p>
                {reference.map(|id| view! { <p class="hint">{t.text("error-reference")} " " <code>{id}</code></p> })}
            </section>
        </main>
    }
}
