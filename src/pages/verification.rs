use super::settings::current_path_and_query;
use super::{query_params, rendered_now, FlowExpiredNotice, StatusPage};
use crate::i18n::use_translator;
use crate::kratos::{NodeAttributes, SelfServiceFlow};
use crate::paths::{self, notice, query};
use crate::server_fns::get_verification_flow;
use crate::ui::{link, FlowForms, Messages};
use leptos::prelude::*;
use leptos_meta::Title;

/// `/verification`: proving an email address is yours, by the code (or link) Kratos sent to it.
/// Reached after sign-up, after an email change, and from "Verify" on the settings page, which
/// names the address (`?email=`) to fill in.
#[component]
pub(crate) fn VerificationPage() -> impl IntoView {
    let [flow, return_to, shown_notice, email] =
        query_params([query::FLOW, query::RETURN_TO, query::NOTICE, query::EMAIL]);
    let expired = shown_notice.as_deref() == Some(notice::FLOW_EXPIRED);
    let retry_href = current_path_and_query();
    let page = Suspend::new(async move {
        rendered_now(match get_verification_flow(flow, return_to).await {
            Ok(mut flow) => {
                if let Some(email) = email.filter(|e| e.len() <= 320) {
                    fill_in_email(&mut flow, email);
                }
                view! { <VerificationView flow expired/> }.into_any()
            }
            Err(error) => view! { <StatusPage error retry_href/> }.into_any(),
        })
    });
    view! {
        <Title text=use_translator().text("verification-title")/>
        <Suspense fallback=|| ()>{page}</Suspense>
    }
}

/// Puts `email` into the flow's empty email field (only the first step has one); rendered as an
/// attribute value, escaped like anything else.
fn fill_in_email(flow: &mut SelfServiceFlow, email: String) {
    for node in &mut flow.ui.nodes {
        if let NodeAttributes::Input(input) = &mut node.attributes {
            if input.name == "email" && input.input_type == "email" && input.value.is_none() {
                input.value = Some(email.into());
                return;
            }
        }
    }
}

#[component]
fn VerificationView(flow: SelfServiceFlow, expired: bool) -> impl IntoView {
    let done = flow.state_is("passed_challenge");
    let sent = flow.state_is("sent_email");
    let t = use_translator();
    let heading = t.text(if done {
        "verification-title-done"
    } else if sent {
        "verification-title-sent"
    } else {
        "verification-title"
    });
    view! {
        <main class="page narrow">
            <h1>{heading}</h1>
            {expired.then(|| view! { <FlowExpiredNotice/> })}
            <Messages messages=flow.ui.messages.clone()/>
            <FlowForms ui=flow.ui/>
            {(!done).then(|| view! {
                <p class="hint"><a href=link(paths::SETTINGS) data-testid="verification/settings">{t.text("back-to-settings")}</a></p>
            })}
        </main>
    }
}
