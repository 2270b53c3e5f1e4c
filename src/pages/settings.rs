use super::{query_params, rendered_now, StatusPage};
use crate::kratos::SettingsFlow;
use crate::paths::{self, notice, query};
use crate::server_fns::get_settings_flow;
use crate::ui::{FlowForms, Messages, TotpAccount};
use leptos::prelude::*;
use leptos_meta::Title;

/// `/settings`: the visitor's settings flow as one form per group, all posting to Kratos.
#[component]
pub(crate) fn SettingsPage() -> impl IntoView {
    let [flow, return_to, shown_notice] =
        query_params([query::FLOW, query::RETURN_TO, query::NOTICE]);
    let expired = shown_notice.as_deref() == Some(notice::FLOW_EXPIRED);
    let retry_href = current_path_and_query();
    let page = Suspend::new(async move {
        rendered_now(match get_settings_flow(flow, return_to).await {
            Ok(flow) => view! { <SettingsView flow expired/> }.into_any(),
            Err(error) => view! { <StatusPage error retry_href/> }.into_any(),
        })
    });
    view! {
        <Title text="Account settings"/>
        <Suspense fallback=|| ()>{page}</Suspense>
    }
}

#[component]
fn SettingsView(flow: SettingsFlow, expired: bool) -> impl IntoView {
    let email = flow
        .identity
        .traits
        .get("email")
        .and_then(|v| v.as_str())
        .map(str::to_string);
    // Kratos names the account in the TOTP QR code after the identity's email
    // (`credentials.totp.account_name` in the identity schema).
    if let Some(email) = &email {
        provide_context(TotpAccount(email.clone()));
    }
    view! {
        <main class="page">
            <header class="page-header">
                <div>
                    <h1>"Account settings"</h1>
                    {email.map(|e| view! { <p class="hint" data-testid="identity/email">"Signed in as " <strong>{e}</strong></p> })}
                </div>
                <LogoutForm/>
            </header>
            {expired.then(|| view! {
                <p class="message info" role="status" data-testid="ui/notice/flow-expired">
                    "Your previous settings form had expired, so here is a fresh one. Nothing was changed."
                </p>
            })}
            <Messages messages=flow.ui.messages.clone()/>
            <FlowForms ui=flow.ui headings=true/>
        </main>
    }
}

/// A plain form to the logout server function: works without JavaScript.
#[component]
pub(crate) fn LogoutForm() -> impl IntoView {
    view! {
        <form action=paths::LOGOUT_ACTION method="post" class="logout">
            <button type="submit" class="secondary" data-testid="logout">"Sign out"</button>
        </form>
    }
}

/// This request's path and query, for "try again" links.
pub(crate) fn current_path_and_query() -> String {
    let location = leptos_router::hooks::use_location();
    let path = location.pathname.get_untracked();
    let search = location.search.get_untracked();
    if search.is_empty() {
        path
    } else {
        format!("{path}?{search}")
    }
}
