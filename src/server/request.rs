//! One page view's link to the browser: its cookies in, Kratos's cookies out, status and redirects.

use super::log::{KratosCall, KratosCalls};
use super::own_csrf;
use super::state::AppState;
use crate::errors::UiError;
use crate::kratos::client::KratosReply;
use http::{header, request::Parts, HeaderValue, StatusCode};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

pub(crate) struct RequestCtx {
    parts: Parts,
    response: ResponseOptions,
    pub state: AppState,
}

impl RequestCtx {
    pub(crate) fn current() -> Result<Self, UiError> {
        let missing = || UiError::Internal("request context missing".into());
        Ok(RequestCtx {
            parts: use_context::<Parts>().ok_or_else(missing)?,
            response: use_context::<ResponseOptions>().ok_or_else(missing)?,
            state: use_context::<AppState>().ok_or_else(missing)?,
        })
    }

    /// The browser's cookies exactly as sent (HTTP/2 may split them over several headers).
    pub(crate) fn cookie(&self) -> Option<String> {
        let parts: Vec<&str> = self
            .parts
            .headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        (!parts.is_empty()).then(|| parts.join("; "))
    }

    /// This browser's own CSRF token (`own_csrf`) for a form that changes something: the one its
    /// cookie holds, else a new one, set as a cookie with this response.
    pub(crate) fn own_csrf_token(&self) -> String {
        let https = self.state.settings.ui_url.scheme() == "https";
        let name = own_csrf::cookie_name(https);
        if let Some(token) = self
            .cookie()
            .as_deref()
            .and_then(|c| own_csrf::from_cookie_header(c, name))
        {
            return token.to_owned();
        }
        let token = own_csrf::new_token();
        self.response.append_header(
            header::SET_COOKIE,
            own_csrf::set_cookie(name, &token, https),
        );
        token
    }

    /// Whether a form's posted token is this browser's own CSRF token.
    pub(crate) fn own_csrf_valid(&self, posted: &str) -> bool {
        let https = self.state.settings.ui_url.scheme() == "https";
        let cookie = self.cookie();
        let from_cookie = cookie
            .as_deref()
            .and_then(|c| own_csrf::from_cookie_header(c, own_csrf::cookie_name(https)));
        own_csrf::matches(from_cookie, posted)
    }

    /// Takes in a Kratos answer: its `Set-Cookie`s (already only Kratos's own) go on to the
    /// browser, and the call is noted for this request's log line.
    pub(crate) fn received<T>(&self, reply: &KratosReply<T>) {
        for cookie in &reply.set_cookies {
            self.response
                .append_header(header::SET_COOKIE, cookie.clone());
        }
        if let Some(calls) = self.parts.extensions.get::<KratosCalls>() {
            let (kind, error_id) = reply.outcome_kind();
            calls.note(KratosCall {
                endpoint: reply.endpoint,
                outcome: reply.outcome(),
                kind,
                error_id,
                elapsed: reply.elapsed,
            });
        }
    }

    /// Answers with `303 See Other` to `url`: a Kratos or provider URL, or a page of this app
    /// (`/settings…`, which gets the base path). A server-function call from script gets
    /// Leptos's redirect header instead, because `fetch` would follow a real redirect itself.
    pub(crate) fn redirect(&self, url: &str) -> UiError {
        let url = if url.starts_with('/') {
            format!("{}{url}", self.state.settings.base_path)
        } else {
            url.to_string()
        };
        let url = url.as_str();
        let Ok(location) = HeaderValue::from_str(url) else {
            return self.fail(UiError::BadGateway);
        };
        self.response.insert_header(header::LOCATION, location);
        if crate::paths::is_api(self.parts.uri.path()) && !accepts_html(&self.parts.headers) {
            self.response.insert_header(
                header::HeaderName::from_static(leptos::server_fn::redirect::REDIRECT_HEADER),
                HeaderValue::from_static(""),
            );
        } else {
            self.response.set_status(StatusCode::SEE_OTHER);
        }
        UiError::Redirected(url.to_string())
    }

    /// Sets the status of the page that will show `error`.
    pub(crate) fn fail(&self, error: UiError) -> UiError {
        if let Ok(status) = StatusCode::from_u16(error.status()) {
            self.response.set_status(status);
        }
        error
    }
}

/// Whether a request comes from a browser navigation or plain form post (`Accept: text/html`),
/// rather than from script.
pub(crate) fn accepts_html(headers: &http::HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"))
}
