use super::settings::{current_path_and_query, LogoutForm};
use super::{href_with, query_params, rendered_now, StatusPage};
use crate::i18n::{use_translator, Arg};
use crate::kratos::PageToken;
use crate::paths::{self, notice, query};
use crate::server_fns::{get_sessions, SessionsOverview};
use crate::ui::{link, SessionCard, SignOutOthersForm};
use leptos::prelude::*;
use leptos_meta::Title;

/// `/sessions`: where the account is signed in, this device first, with sign-out of the others.
#[component]
pub(crate) fn SessionsPage() -> impl IntoView {
    let [page, shown_notice, count] =
        query_params([query::PAGE_TOKEN, query::NOTICE, query::COUNT]);
    let retry_href = current_path_and_query();
    let page = Suspend::new(async move {
        rendered_now(match get_sessions(page).await {
            Ok(overview) => {
                let shown = notice_text(shown_notice.as_deref(), count.as_deref());
                view! { <SessionsView overview shown/> }.into_any()
            }
            Err(error) => view! { <StatusPage error retry_href/> }.into_any(),
        })
    });
    view! {
        <Title text=use_translator().text("sessions-title")/>
        <Suspense fallback=|| ()>{page}</Suspense>
    }
}

/// The notice for what the visitor just did (`?notice=`), and whether it reports a failure.
fn notice_text(shown: Option<&str>, count: Option<&str>) -> Option<(String, bool)> {
    let t = use_translator();
    match shown? {
        notice::SESSION_REVOKED => Some((t.text("notice-session-revoked"), false)),
        notice::OTHERS_REVOKED => {
            let count: u64 = count.and_then(|c| c.parse().ok())?;
            let count = Arg::Number(count as f64);
            Some((
                t.text_with("notice-others-revoked", &[("count", count)]),
                false,
            ))
        }
        notice::SESSION_NOT_FOUND => Some((t.text("notice-session-not-found"), true)),
        _ => None,
    }
}

#[component]
fn SessionsView(overview: SessionsOverview, shown: Option<(String, bool)>) -> impl IntoView {
    let SessionsOverview {
        current,
        others,
        csrf_token,
    } = overview;
    let t = use_translator();
    let any_others = !others.sessions.is_empty() || others.prev.is_some();
    let revoke = t.text("sessions-revoke");
    let token = csrf_token.clone();
    let other_cards = others
        .sessions
        .into_iter()
        .map(|session| {
            let id = session.id.clone();
            let token = token.clone();
            let revoke = revoke.clone();
            view! {
                <SessionCard session this_device=false>
                    <form action=link(paths::REVOKE_SESSION_ACTION) method="post" class="actions">
                        <input type="hidden" name="session" value=id/>
                        <input type="hidden" name="csrf_token" value=token/>
                        <button type="submit" class="secondary" data-testid="session/revoke">{revoke}</button>
                    </form>
                </SessionCard>
            }
        })
        .collect_view();
    view! {
        <main class="page">
            <header class="page-header">
                <div>
                    <h1>{t.text("sessions-title")}</h1>
                    <p class="hint"><a href=link(paths::SETTINGS)>{t.text("back-to-settings")}</a></p>
                </div>
                <LogoutForm/>
            </header>
            {shown.map(|(text, failed)| view! {
                <p class=if failed { "message error" } else { "message success" }
                    role=if failed { "alert" } else { "status" } data-testid="ui/notice">{text}</p>
            })}
            <section aria-labelledby="this-device">
                <h2 id="this-device">{t.text("sessions-this-device")}</h2>
                <ul class="sessions"><SessionCard session=current this_device=true/></ul>
            </section>
            <section aria-labelledby="other-devices">
                <h2 id="other-devices">{t.text("sessions-other-devices")}</h2>
                {if any_others {
                    view! {
                        <ul class="sessions">{other_cards}</ul>
                        <Pages next=others.next prev=others.prev/>
                        <SignOutOthersForm csrf_token/>
                    }.into_any()
                } else {
                    view! { <p class="hint" data-testid="sessions/none">{t.text("sessions-none")}</p> }.into_any()
                }}
            </section>
        </main>
    }
}

#[component]
fn Pages(next: Option<PageToken>, prev: Option<PageToken>) -> impl IntoView {
    let href = |token: &PageToken| {
        href_with(
            paths::SESSIONS,
            &[(query::PAGE_TOKEN, Some(token.as_str()))],
        )
    };
    let t = use_translator();
    (next.is_some() || prev.is_some()).then(|| {
        view! {
            <nav class="actions" aria-label=t.text("sessions-more")>
                {prev.map(|p| view! { <a class="button secondary" rel="prev" href=href(&p) data-testid="sessions/prev">{t.text("sessions-previous")}</a> " " })}
                {next.map(|n| view! { <a class="button secondary" rel="next" href=href(&n) data-testid="sessions/next">{t.text("sessions-next")}</a> })}
            </nav>
        }
    })
}
