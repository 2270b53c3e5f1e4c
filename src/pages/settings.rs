use super::{query_params, rendered_now, StatusPage};
use crate::kratos::SettingsFlow;
use crate::paths::{self, notice, query};
use crate::server_fns::{get_form_token, get_settings_flow};
use crate::ui::{FlowForms, Messages, SignOutOthersForm, TotpAccount};
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
            Ok(flow) => {
                // After a change (a new password above all), offer to sign out everywhere else.
                let sign_out_token = match flow.state == "success" {
                    true => get_form_token().await.ok(),
                    false => None,
                };
                view! { <SettingsView flow expired sign_out_token/> }.into_any()
            }
            Err(error) => view! { <StatusPage error retry_href/> }.into_any(),
        })
    });
    view! {
        <Title text="Account settings"/>
        <Suspense fallback=|| ()>{page}</Suspense>
    }
}

#[component]
fn SettingsView(
    flow: SettingsFlow,
    expired: bool,
    sign_out_token: Option<String>,
) -> impl IntoView {
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
                    <p class="hint"><a href=paths::SESSIONS data-testid="settings/sessions">"Where you are signed in"</a></p>
                </div>
                <LogoutForm/>
            </header>
            {expired.then(|| view! {
                <p class="message info" role="status" data-testid="ui/notice/flow-expired">
                    "Your previous settings form had expired, so here is a fresh one. Nothing was changed."
                </p>
            })}
            <Messages messages=flow.ui.messages.clone()/>
            {sign_out_token.map(|csrf_token| view! {
                <section class="card" aria-labelledby="sign-out-others" data-testid="settings/sign-out-others">
                    <h2 id="sign-out-others">"Signed in somewhere you should not be?"</h2>
                    <p class="hint">"If you changed your password because someone else may know it, sign out \
                        every other device now. This one stays signed in."</p>
                    <SignOutOthersForm csrf_token/>
                </section>
            })}
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
