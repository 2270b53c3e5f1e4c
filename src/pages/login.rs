use super::settings::{current_path_and_query, LogoutForm};
use super::{href_with, query_params, rendered_now, StatusPage};
use crate::i18n::use_translator;
use crate::kratos::{LoginFlow, OfferedFlows};
use crate::paths::{self, query};
use crate::server_fns::get_login_flow;
use crate::ui::{FlowForms, Messages};
use leptos::prelude::*;
use leptos_meta::Title;

/// `/login`: first factor, second factor (`aal2`) and re-authentication (`refresh`) flows.
#[component]
pub(crate) fn LoginPage() -> impl IntoView {
    let [flow, aal, refresh, return_to] =
        query_params([query::FLOW, query::AAL, query::REFRESH, query::RETURN_TO]);
    let retry_href = current_path_and_query();
    let offered = use_context::<OfferedFlows>();
    // Links for the signed out, keeping where they were going.
    let elsewhere = |page: &str| href_with(page, &[(query::RETURN_TO, return_to.as_deref())]);
    let sign_up = offered
        .filter(|o| o.registration)
        .map(|_| elsewhere(paths::REGISTRATION));
    let recover = offered
        .filter(|o| o.recovery)
        .map(|_| elsewhere(paths::RECOVERY));
    let page = Suspend::new(async move {
        rendered_now(match get_login_flow(flow, aal, refresh, return_to).await {
            Ok(flow) => view! { <LoginView flow sign_up recover/> }.into_any(),
            Err(error) => view! { <StatusPage error retry_href/> }.into_any(),
        })
    });
    view! {
        <Title text=use_translator().text("login-title")/>
        <Suspense fallback=|| ()>{page}</Suspense>
    }
}

#[component]
fn LoginView(flow: LoginFlow, sign_up: Option<String>, recover: Option<String>) -> impl IntoView {
    let second_factor = flow.requested_aal.as_deref() == Some("aal2");
    let t = use_translator();
    let heading = t.text(if second_factor {
        "login-title-second-factor"
    } else if flow.refresh {
        "login-title-refresh"
    } else {
        "login-title"
    });
    view! {
        <main class="page narrow">
            <h1>{heading}</h1>
            <Messages messages=flow.ui.messages.clone()/>
            <FlowForms ui=flow.ui headings=second_factor/>
            {(!second_factor && !flow.refresh).then(|| view! {
                <p class="hint">
                    {recover.map(|href| view! { <a href=href data-testid="login/recovery">{t.text("login-forgot")}</a> " " })}
                    {sign_up.map(|href| view! { {t.text("login-new-here")} " " <a href=href data-testid="login/registration">{t.text("login-sign-up")}</a> })}
                </p>
            })}
            {second_factor.then(|| view! {
                <div class="card">
                    <p class="hint">{t.text("login-not-you")}</p>
                    <LogoutForm/>
                </div>
            })}
        </main>
    }
}
