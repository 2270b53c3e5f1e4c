use super::settings::current_path_and_query;
use super::{href_with, query_params, rendered_now, FlowExpiredNotice, StatusPage};
use crate::i18n::use_translator;
use crate::kratos::SelfServiceFlow;
use crate::paths::{self, notice, query};
use crate::server_fns::get_registration_flow;
use crate::ui::{FlowForms, Messages};
use leptos::prelude::*;
use leptos_meta::Title;

/// `/registration`: sign-up. Kratos v1.3.1 asks for the profile first, then for a password or
/// passkey (with a "Back" button); social sign-up needs neither.
#[component]
pub(crate) fn RegistrationPage() -> impl IntoView {
    let [flow, return_to, shown_notice] =
        query_params([query::FLOW, query::RETURN_TO, query::NOTICE]);
    let expired = shown_notice.as_deref() == Some(notice::FLOW_EXPIRED);
    let retry_href = current_path_and_query();
    let sign_in = href_with(paths::LOGIN, &[(query::RETURN_TO, return_to.as_deref())]);
    let page = Suspend::new(async move {
        rendered_now(match get_registration_flow(flow, return_to).await {
            Ok(flow) => view! { <RegistrationView flow expired sign_in/> }.into_any(),
            Err(error) => view! { <StatusPage error retry_href/> }.into_any(),
        })
    });
    view! {
        <Title text=use_translator().text("registration-title")/>
        <Suspense fallback=|| ()>{page}</Suspense>
    }
}

#[component]
fn RegistrationView(flow: SelfServiceFlow, expired: bool, sign_in: String) -> impl IntoView {
    let t = use_translator();
    view! {
        <main class="page narrow">
            <h1>{t.text("registration-title")}</h1>
            {expired.then(|| view! { <FlowExpiredNotice/> })}
            <Messages messages=flow.ui.messages.clone()/>
            <FlowForms ui=flow.ui/>
            <p class="hint">
                {t.text("registration-have-account")} " "
                <a href=sign_in data-testid="registration/login">{t.text("registration-sign-in")}</a>
            </p>
        </main>
    }
}
