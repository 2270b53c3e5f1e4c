use super::{href_with, query_params, rendered_now, FlowExpiredNotice, StatusPage};
use crate::i18n::use_translator;
use crate::kratos::{OfferedFlows, SettingsFlow, VerifiableAddress};
use crate::paths::{self, notice, query};
use crate::server_fns::{get_form_token, get_settings_flow};
use crate::ui::{link, FlowForms, Messages, SignOutOthersForm, TotpAccount};
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
        <Title text=use_translator().text("settings-title")/>
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
    let addresses = flow
        .identity
        .verifiable_addresses
        .iter()
        .filter(|a| a.via == "email")
        .cloned()
        .collect::<Vec<_>>();
    // With social sign-in on, Kratos lists every provider in the flow, to link or to unlink, except
    // a linked one that is the identity's only way to sign in (`oidc/strategy_settings.go`). No
    // node of the group at all therefore means exactly that; the page says so.
    let only_connected_account = use_context::<OfferedFlows>().is_some_and(|o| o.social_sign_in)
        && !flow.ui.nodes.iter().any(|n| n.group == "oidc");
    // Kratos names the account in the TOTP QR code after the identity's email
    // (`credentials.totp.account_name` in the identity schema).
    if let Some(email) = &email {
        provide_context(TotpAccount(email.clone()));
    }
    let t = use_translator();
    view! {
        <main class="page">
            <header class="page-header">
                <div>
                    <h1>{t.text("settings-title")}</h1>
                    {email.map(|e| view! { <p class="hint" data-testid="identity/email">{t.text("settings-signed-in-as")} " " <strong>{e}</strong></p> })}
                    <AddressList addresses/>
                    <p class="hint"><a href=link(paths::SESSIONS) data-testid="settings/sessions">{t.text("settings-sessions-link")}</a></p>
                </div>
                <LogoutForm/>
            </header>
            {expired.then(|| view! { <FlowExpiredNotice/> })}
            <Messages messages=flow.ui.messages.clone()/>
            {sign_out_token.map(|csrf_token| view! {
                <section class="card" aria-labelledby="sign-out-others" data-testid="settings/sign-out-others">
                    <h2 id="sign-out-others">{t.text("settings-sign-out-others-title")}</h2>
                    <p class="hint">{t.text("settings-sign-out-others-hint")}</p>
                    <SignOutOthersForm csrf_token/>
                </section>
            })}
            <FlowForms ui=flow.ui headings=true/>
            {only_connected_account.then(|| view! {
                <section class="card" aria-labelledby="section-connected" data-group="oidc">
                    <h2 id="section-connected">{t.text("section-oidc")}</h2>
                    <p class="hint" data-testid="ui/cannot-unlink">{t.text("settings-only-connected")}</p>
                </section>
            })}
        </main>
    }
}

/// The identity's email addresses and whether each is verified, with a way to verify the others.
/// (Kratos v1.3.1 keeps the `continue_with` of a settings change only in the answer to the form
/// post, which goes to the browser as a redirect: the address's status is what this page can see.)
#[component]
fn AddressList(addresses: Vec<VerifiableAddress>) -> impl IntoView {
    let t = use_translator();
    (!addresses.is_empty()).then(|| {
        view! {
            <ul class="addresses" aria-label=t.text("settings-addresses")>
                {addresses.into_iter().map(|a| {
                    let verify = href_with(paths::VERIFICATION, &[(query::EMAIL, Some(a.value.as_str()))]);
                    let sent = a.status == "sent";
                    view! {
                        <li data-testid="identity/address" data-verified=a.verified.to_string()>
                            <span>{a.value}</span> " "
                            {if a.verified {
                                view! { <span class="badge">{t.text("address-verified")}</span> }.into_any()
                            } else {
                                view! {
                                    <span class="badge pending">{t.text("address-not-verified")}</span> " "
                                    <a href=verify data-testid="identity/verify">{t.text("address-verify")}</a>
                                    {sent.then(|| view! {
                                        <span class="hint">" " {t.text("address-sent")}</span>
                                    })}
                                }.into_any()
                            }}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
    })
}

/// A plain form to the logout server function: works without JavaScript.
#[component]
pub(crate) fn LogoutForm() -> impl IntoView {
    view! {
        <form action=link(paths::LOGOUT_ACTION) method="post" class="logout">
            <button type="submit" class="secondary" data-testid="logout">{use_translator().text("sign-out")}</button>
        </form>
    }
}

/// This request's path and query, for "try again" links (the router sees the path without the
/// base path).
pub(crate) fn current_path_and_query() -> String {
    let location = leptos_router::hooks::use_location();
    let path = location.pathname.get_untracked();
    let search = location.search.get_untracked();
    if search.is_empty() {
        link(&path)
    } else {
        link(&format!("{path}?{search}"))
    }
}
