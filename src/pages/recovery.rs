use super::settings::current_path_and_query;
use super::{href_with, query_params, rendered_now, FlowExpiredNotice, StatusPage};
use crate::i18n::use_translator;
use crate::kratos::SelfServiceFlow;
use crate::paths::{self, notice, query};
use crate::server_fns::get_recovery_flow;
use crate::ui::{FlowForms, Messages};
use leptos::prelude::*;
use leptos_meta::Title;

/// `/recovery`: a forgotten password. The email address, then the code Kratos sent to it; then
/// Kratos signs the visitor in and sends them to the settings page to choose a new password.
#[component]
pub(crate) fn RecoveryPage() -> impl IntoView {
    let [flow, return_to, shown_notice] =
        query_params([query::FLOW, query::RETURN_TO, query::NOTICE]);
    let expired = shown_notice.as_deref() == Some(notice::FLOW_EXPIRED);
    let retry_href = current_path_and_query();
    let sign_in = href_with(paths::LOGIN, &[(query::RETURN_TO, return_to.as_deref())]);
    let page = Suspend::new(async move {
        rendered_now(match get_recovery_flow(flow, return_to).await {
            Ok(flow) => view! { <RecoveryView flow expired sign_in/> }.into_any(),
            Err(error) => view! { <StatusPage error retry_href/> }.into_any(),
        })
    });
    view! {
        <Title text=use_translator().text("recovery-title")/>
        <Suspense fallback=|| ()>{page}</Suspense>
    }
}

#[component]
fn RecoveryView(flow: SelfServiceFlow, expired: bool, sign_in: String) -> impl IntoView {
    let sent = flow.state_is("sent_email");
    let t = use_translator();
    view! {
        <main class="page narrow">
            <h1>{t.text(if sent { "recovery-title-sent" } else { "recovery-title" })}</h1>
            {(!sent).then(|| view! { <p class="hint">{t.text("recovery-hint")}</p> })}
            {expired.then(|| view! { <FlowExpiredNotice/> })}
            <Messages messages=flow.ui.messages.clone()/>
            <FlowForms ui=flow.ui/>
            <p class="hint"><a href=sign_in data-testid="recovery/login">{t.text("recovery-back")}</a></p>
        </main>
    }
}
