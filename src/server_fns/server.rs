//! What the server functions do (compiled with `ssr` only): one Kratos call per page view, cookies
//! relayed both ways, and every failure turned into a redirect or an error page via
//! `kratos::decision`.

use super::SessionsOverview;
use crate::errors::UiError;
use crate::kratos::client::KratosReply;
use crate::kratos::decision::KratosFailure;
use crate::kratos::decision::{decide_flow, decide_login, decide_settings, Decision};
use crate::kratos::trust::{confine_ui, url_on};
use crate::kratos::validate::{checked_return_to, FlowId, SessionId};
use crate::kratos::{FlowError, FlowKind, HasUi, LoginFlow, PageToken};
use crate::paths::{self, notice, query};
use crate::server::config::Settings;
use crate::server::request::RequestCtx;
use serde::de::DeserializeOwned;
use url::Url;

/// Creates a flow of `kind` (`return_to` passed on to Kratos) or fetches `flow`, and decides what
/// every refusal means for the page of that flow.
pub(crate) async fn load_flow<T: DeserializeOwned + HasUi>(
    kind: FlowKind,
    flow: Option<String>,
    return_to: Option<String>,
) -> Result<T, UiError> {
    let ctx = RequestCtx::current()?;
    let Ok(return_to) = checked_return_to(return_to) else {
        return Err(ctx.fail(UiError::ReturnToForbidden));
    };
    let cookie = ctx.cookie();
    // A malformed id never reaches Kratos: the visitor simply gets a new flow.
    let flow_id = flow.as_deref().and_then(FlowId::parse);
    let kratos = &ctx.state.kratos;
    let reply: KratosReply<T> = match &flow_id {
        Some(id) => kratos.get_flow(kind, cookie.as_deref(), id).await,
        None => {
            kratos
                .create_flow(kind, cookie.as_deref(), return_to.as_deref())
                .await
        }
    };
    ctx.received(&reply);
    let settings = &ctx.state.settings;
    let failure = match reply.result {
        Ok(mut flow) => {
            return match confine_ui(
                flow.ui_mut(),
                &settings.kratos_browser_url,
                &settings.ui_url,
            ) {
                Ok(()) => Ok(flow),
                Err(_) => Err(ctx.fail(UiError::BadGateway)),
            }
        }
        Err(failure) => failure,
    };
    let page = page_of(kind);
    let here = page_url(&settings.ui_url, page, None, return_to.as_deref(), None);
    Err(match decide_flow(kind, &failure) {
        Decision::SignIn => ctx.redirect(sign_in_then(settings, &here).as_str()),
        Decision::StepUp(url) => {
            let back = page_url(
                &settings.ui_url,
                page,
                flow_id.as_ref().map(FlowId::as_str),
                return_to.as_deref(),
                None,
            );
            match with_return_to(&url, back.as_str()).and_then(|url| on_kratos(settings, &url)) {
                Some(url) => ctx.redirect(&url),
                None => ctx.fail(UiError::BadGateway),
            }
        }
        Decision::Follow(url) => match on_kratos(settings, &url) {
            Some(url) => ctx.redirect(&url),
            None => ctx.fail(UiError::BadGateway),
        },
        Decision::LocationChange(url) => match on_kratos_or_provider(settings, &url) {
            Some(url) => ctx.redirect(&url),
            None => ctx.fail(UiError::BadGateway),
        },
        Decision::AlreadySignedIn(url) => already_signed_in(&ctx, url),
        // Only a flow fetched by id can be restarted; a failed creation would loop.
        Decision::Restart {
            use_flow_id,
            return_to: kept,
            expired,
        } if flow_id.is_some() => {
            let notice = expired.then_some(notice::FLOW_EXPIRED);
            let target = match use_flow_id.as_deref().and_then(FlowId::parse) {
                Some(id) => local_path(page, Some(id.as_str()), None, notice),
                None => local_path(page, None, kept.or(return_to).as_deref(), notice),
            };
            ctx.redirect(&target)
        }
        Decision::Restart { .. } => ctx.fail(UiError::BadGateway),
        Decision::Fail(error) => ctx.fail(error),
    })
}

/// Signed in already: where Kratos says, if that is Kratos, else the settings page (never the
/// visitor's `return_to`, which only Kratos may follow).
fn already_signed_in(ctx: &RequestCtx, url: Option<String>) -> UiError {
    match url.and_then(|url| on_kratos(&ctx.state.settings, &url)) {
        Some(url) => ctx.redirect(&url),
        None => ctx.redirect(paths::SETTINGS),
    }
}

/// The page that shows flows of `kind`.
fn page_of(kind: FlowKind) -> &'static str {
    match kind {
        FlowKind::Settings => paths::SETTINGS,
        FlowKind::Registration => paths::REGISTRATION,
        FlowKind::Recovery => paths::RECOVERY,
        FlowKind::Verification => paths::VERIFICATION,
    }
}

/// Fetches a login flow by id. Without one, or when Kratos no longer knows it (CSRF, 404, 410),
/// the browser goes to Kratos for a fresh login flow, never to an error page.
pub(crate) async fn load_login(
    flow: Option<String>,
    aal: Option<String>,
    refresh: Option<String>,
    return_to: Option<String>,
) -> Result<LoginFlow, UiError> {
    let ctx = RequestCtx::current()?;
    let Ok(return_to) = checked_return_to(return_to) else {
        return Err(ctx.fail(UiError::ReturnToForbidden));
    };
    let mut fresh = ctx
        .state
        .settings
        .kratos_browser_url
        .join("self-service/login/browser")
        .expect("static path joins");
    {
        let mut q = fresh.query_pairs_mut();
        // Only the values Kratos accepts are passed on; anything else would be a Kratos 400.
        if let Some(aal) = aal.filter(|a| a == "aal1" || a == "aal2") {
            q.append_pair(query::AAL, &aal);
        }
        if refresh.as_deref() == Some("true") {
            q.append_pair(query::REFRESH, "true");
        }
        if let Some(return_to) = &return_to {
            q.append_pair(query::RETURN_TO, return_to);
        }
    }
    if fresh.query() == Some("") {
        fresh.set_query(None);
    }
    let Some(flow) = flow.as_deref().and_then(FlowId::parse) else {
        return Err(ctx.redirect(fresh.as_str()));
    };
    let reply = ctx
        .state
        .kratos
        .get_login_flow(ctx.cookie().as_deref(), &flow)
        .await;
    ctx.received(&reply);
    let settings = &ctx.state.settings;
    match reply.result {
        Ok(mut flow) => {
            match confine_ui(&mut flow.ui, &settings.kratos_browser_url, &settings.ui_url) {
                Ok(()) => Ok(flow),
                Err(_) => Err(ctx.fail(UiError::BadGateway)),
            }
        }
        Err(failure) => Err(match decide_login(&failure) {
            Decision::Restart { .. } | Decision::SignIn => ctx.redirect(fresh.as_str()),
            Decision::StepUp(url) | Decision::Follow(url) => match on_kratos(settings, &url) {
                Some(url) => ctx.redirect(&url),
                None => ctx.fail(UiError::BadGateway),
            },
            Decision::LocationChange(url) => match on_kratos_or_provider(settings, &url) {
                Some(url) => ctx.redirect(&url),
                None => ctx.fail(UiError::BadGateway),
            },
            Decision::AlreadySignedIn(url) => already_signed_in(&ctx, url),
            Decision::Fail(error) => ctx.fail(error),
        }),
    }
}

/// Asks Kratos for this browser's logout URL and sends the browser there. Without a session
/// there is nothing to end: back to the settings page, which asks to sign in.
pub(crate) async fn start_logout() -> Result<(), UiError> {
    let ctx = RequestCtx::current()?;
    let reply = ctx
        .state
        .kratos
        .create_logout_url(ctx.cookie().as_deref())
        .await;
    ctx.received(&reply);
    Err(match reply.result {
        Ok(logout) => match on_kratos(&ctx.state.settings, &logout.logout_url) {
            Some(url) => ctx.redirect(&url),
            None => ctx.fail(UiError::BadGateway),
        },
        Err(failure) => match decide_settings(&failure) {
            Decision::SignIn => ctx.redirect(paths::SETTINGS),
            Decision::Fail(error) => ctx.fail(error),
            _ => ctx.fail(UiError::BadGateway),
        },
    })
}

/// A stored Kratos error. Unknown ids, malformed ids and an unreachable Kratos all give `None`:
/// the error page then explains in general terms instead of failing itself.
pub(crate) async fn load_flow_error(id: String) -> Result<Option<FlowError>, UiError> {
    let ctx = RequestCtx::current()?;
    let Some(id) = FlowId::parse(&id) else {
        return Ok(None);
    };
    let reply = ctx.state.kratos.get_flow_error(&id).await;
    ctx.received(&reply);
    Ok(reply.result.ok())
}

/// How many other sessions the sessions page lists at a time.
const SESSIONS_PER_PAGE: u16 = 20;
/// Kratos's largest page (`page_size`), for finding a session to sign out.
const SESSIONS_PER_LOOKUP: u16 = 500;
/// Pages looked through for a session to sign out: an identity with more sessions than this
/// covers is told the session was not found rather than making unbounded Kratos calls.
const MAX_LOOKUP_PAGES: usize = 4;

/// The identity's sessions: `whoami` (which also checks the assurance level Kratos requires) and
/// one page of the others, asked for at the same time.
pub(crate) async fn load_sessions(page: Option<String>) -> Result<SessionsOverview, UiError> {
    let ctx = RequestCtx::current()?;
    let cookie = ctx.cookie();
    // A malformed page token never reaches Kratos: the visitor gets the first page.
    let page = page.as_deref().and_then(PageToken::parse);
    let kratos = &ctx.state.kratos;
    let (current, others) = tokio::join!(
        kratos.whoami(cookie.as_deref()),
        kratos.list_sessions(cookie.as_deref(), SESSIONS_PER_PAGE, page.as_ref()),
    );
    ctx.received(&current);
    ctx.received(&others);
    // Whoami speaks first: a missing session or second factor is its to report.
    match (current.result, others.result) {
        (Ok(current), Ok(others)) => Ok(SessionsOverview {
            current,
            others,
            csrf_token: ctx.own_csrf_token(),
        }),
        (Err(failure), _) | (Ok(_), Err(failure)) => Err(sessions_failure(&ctx, &failure)),
    }
}

/// Signs out one of the identity's other sessions. Kratos answers `DELETE /sessions/{id}` with 204
/// for any id, its own or not, so the id is first looked for among the identity's sessions: an
/// unknown or foreign one is reported as not found, and nothing is asked of Kratos to delete.
pub(crate) async fn revoke_session(
    session: Option<String>,
    csrf_token: Option<String>,
) -> Result<(), UiError> {
    let ctx = RequestCtx::current()?;
    if !ctx.own_csrf_valid(csrf_token.as_deref().unwrap_or_default()) {
        return Err(ctx.fail(UiError::FormNotVerified));
    }
    let not_found = || sessions_path(notice::SESSION_NOT_FOUND, None);
    let Some(id) = session.as_deref().and_then(SessionId::parse) else {
        return Err(ctx.redirect(&not_found()));
    };
    let cookie = ctx.cookie();
    let kratos = &ctx.state.kratos;
    let mut page: Option<PageToken> = None;
    let mut found = false;
    for _ in 0..MAX_LOOKUP_PAGES {
        let reply = kratos
            .list_sessions(cookie.as_deref(), SESSIONS_PER_LOOKUP, page.as_ref())
            .await;
        ctx.received(&reply);
        let listed = match reply.result {
            Ok(listed) => listed,
            Err(failure) => return Err(sessions_failure(&ctx, &failure)),
        };
        found = listed.sessions.iter().any(|s| s.id == id.as_str());
        match listed.next {
            Some(next) if !found && !listed.sessions.is_empty() => page = Some(next),
            _ => break,
        }
    }
    if !found {
        return Err(ctx.redirect(&not_found()));
    }
    let reply = kratos.revoke_session(cookie.as_deref(), &id).await;
    ctx.received(&reply);
    Err(match reply.result {
        Ok(()) => ctx.redirect(&sessions_path(notice::SESSION_REVOKED, None)),
        Err(failure) => sessions_failure(&ctx, &failure),
    })
}

/// Signs out every session of the identity but this browser's, and says how many were active.
/// Kratos's own count includes sessions that had ended before (see `RevokedCount`), so the active
/// ones are counted first (`X-Total-Count` of a one-item page).
pub(crate) async fn revoke_other_sessions(csrf_token: Option<String>) -> Result<(), UiError> {
    let ctx = RequestCtx::current()?;
    if !ctx.own_csrf_valid(csrf_token.as_deref().unwrap_or_default()) {
        return Err(ctx.fail(UiError::FormNotVerified));
    }
    let cookie = ctx.cookie();
    let kratos = &ctx.state.kratos;
    let listed = kratos.list_sessions(cookie.as_deref(), 1, None).await;
    ctx.received(&listed);
    let active = match listed.result {
        Ok(page) => page.total.unwrap_or(page.sessions.len() as u64),
        Err(failure) => return Err(sessions_failure(&ctx, &failure)),
    };
    let reply = kratos.revoke_other_sessions(cookie.as_deref()).await;
    ctx.received(&reply);
    Err(match reply.result {
        Ok(revoked) => ctx.redirect(&sessions_path(
            notice::OTHERS_REVOKED,
            Some(active.min(revoked.count)),
        )),
        Err(failure) => sessions_failure(&ctx, &failure),
    })
}

pub(crate) fn form_token() -> Result<String, UiError> {
    Ok(RequestCtx::current()?.own_csrf_token())
}

/// A failed session call: sign in or step up and come back to the sessions page, or an error
/// page. Kratos sends nothing else for these endpoints; anything else is an unexpected answer.
fn sessions_failure(ctx: &RequestCtx, failure: &KratosFailure) -> UiError {
    let settings = &ctx.state.settings;
    let here = settings
        .ui_url
        .join(paths::SESSIONS.trim_start_matches('/'))
        .expect("static path joins");
    match decide_settings(failure) {
        Decision::SignIn => ctx.redirect(sign_in_then(settings, &here).as_str()),
        Decision::StepUp(url) => {
            match with_return_to(&url, here.as_str()).and_then(|url| on_kratos(settings, &url)) {
                Some(url) => ctx.redirect(&url),
                None => ctx.fail(UiError::BadGateway),
            }
        }
        Decision::Follow(url) => match on_kratos(settings, &url) {
            Some(url) => ctx.redirect(&url),
            None => ctx.fail(UiError::BadGateway),
        },
        Decision::Fail(error) => ctx.fail(error),
        Decision::LocationChange(_) | Decision::Restart { .. } | Decision::AlreadySignedIn(_) => {
            ctx.fail(UiError::BadGateway)
        }
    }
}

/// The sessions page with a notice of what was just done.
fn sessions_path(shown: &str, count: Option<u64>) -> String {
    let mut q = url::form_urlencoded::Serializer::new(String::new());
    q.append_pair(query::NOTICE, shown);
    if let Some(count) = count {
        q.append_pair(query::COUNT, &count.to_string());
    }
    format!("{}?{}", paths::SESSIONS, q.finish())
}

/// Kratos's sign-in, coming back to `here` afterwards.
fn sign_in_then(settings: &Settings, here: &Url) -> Url {
    let mut login = settings
        .kratos_browser_url
        .join("self-service/login/browser")
        .expect("static path joins");
    login
        .query_pairs_mut()
        .append_pair(query::RETURN_TO, here.as_str());
    login
}

/// `url` if it is on Kratos's browser origin (step-up, re-authentication, logout).
fn on_kratos(settings: &Settings, url: &str) -> Option<String> {
    url_on(url, &[&settings.kratos_browser_url])
}

/// `url` if it is on Kratos's browser origin or a configured identity provider's.
fn on_kratos_or_provider(settings: &Settings, url: &str) -> Option<String> {
    let mut origins = vec![&settings.kratos_browser_url];
    origins.extend(settings.provider_origins.iter());
    url_on(url, &origins)
}

/// A page (`page`, one of `paths`) on the browser-facing UI URL.
pub(crate) fn page_url(
    ui: &Url,
    page: &str,
    flow: Option<&str>,
    return_to: Option<&str>,
    notice: Option<&str>,
) -> Url {
    let mut url = ui
        .join(page.trim_start_matches('/'))
        .expect("static path joins");
    append_flow_query(&mut url.query_pairs_mut(), flow, return_to, notice);
    if url.query() == Some("") {
        url.set_query(None);
    }
    url
}

fn local_path(
    page: &str,
    flow: Option<&str>,
    return_to: Option<&str>,
    notice: Option<&str>,
) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    append_flow_query(&mut query, flow, return_to, notice);
    let query = query.finish();
    if query.is_empty() {
        page.into()
    } else {
        format!("{page}?{query}")
    }
}

fn append_flow_query<T: url::form_urlencoded::Target>(
    q: &mut url::form_urlencoded::Serializer<'_, T>,
    flow: Option<&str>,
    return_to: Option<&str>,
    notice: Option<&str>,
) {
    if let Some(flow) = flow {
        q.append_pair(query::FLOW, flow);
    }
    if let Some(return_to) = return_to {
        q.append_pair(query::RETURN_TO, return_to);
    }
    if let Some(notice) = notice {
        q.append_pair(query::NOTICE, notice);
    }
}

/// `url` with its `return_to` query parameter set to `return_to` (added or replaced).
pub(crate) fn with_return_to(url: &str, return_to: &str) -> Option<String> {
    let mut url = Url::parse(url).ok()?;
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| k != query::RETURN_TO)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    url.query_pairs_mut()
        .clear()
        .extend_pairs(kept)
        .append_pair(query::RETURN_TO, return_to);
    Some(url.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn return_to_is_replaced_not_duplicated() {
        let url = with_return_to(
            "http://k/self-service/login/browser?aal=aal2&return_to=http%3A%2F%2Fk%2Fx",
            "http://ui/settings?flow=1",
        )
        .unwrap();
        assert_eq!(
            url,
            "http://k/self-service/login/browser?aal=aal2&return_to=http%3A%2F%2Fui%2Fsettings%3Fflow%3D1"
        );
    }

    #[test]
    fn settings_urls_keep_return_to_encoded() {
        let ui = Url::parse("http://ui:3000/").unwrap();
        assert_eq!(
            page_url(&ui, paths::SETTINGS, None, None, None).as_str(),
            "http://ui:3000/settings"
        );
        assert_eq!(
            page_url(
                &ui,
                paths::SETTINGS,
                None,
                Some("https://app/x?a=1&b=2"),
                None
            )
            .as_str(),
            "http://ui:3000/settings?return_to=https%3A%2F%2Fapp%2Fx%3Fa%3D1%26b%3D2"
        );
        assert_eq!(
            local_path(
                paths::SETTINGS,
                Some("id"),
                None,
                Some(notice::FLOW_EXPIRED)
            ),
            "/settings?flow=id&notice=flow_expired"
        );
    }
}
