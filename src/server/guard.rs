//! Cross-site requests to our own endpoints are refused: every server function (the sign-out
//! among them) runs only for requests the browser marks as coming from this UI's own pages.
//!
//! Without this, any page on a sibling subdomain (and a shared site is what Kratos's cookies need)
//! could post to the sign-out and end the visitor's session, or make us call Kratos with the
//! visitor's cookie. Browsers send `Sec-Fetch-Site` (what they know of the request's origin) and
//! `Origin` on every cross-origin POST; a request without either is not from a browser page, and
//! carries no visitor's cookies we did not get from that client itself.

use super::state::AppState;
use crate::errors::UiError;
use axum::{
    extract::{Request, State},
    middleware::Next,
    response::{IntoResponse, Response},
};
use http::{header, HeaderMap, HeaderValue, StatusCode};

/// Whether a request with these headers came from a page of another origin than `ui_origin`.
///
/// `Sec-Fetch-Site` decides when the browser sends it: our pages' `Referrer-Policy: no-referrer`
/// makes browsers send `Origin: null` even on a same-origin form post. Without it (browsers before
/// Fetch Metadata), `Origin` must be absent or the UI's own.
pub(crate) fn is_cross_site(headers: &HeaderMap, ui_origin: &str) -> bool {
    if let Some(site) = headers.get("sec-fetch-site") {
        return site.as_bytes() != b"same-origin";
    }
    headers
        .get(header::ORIGIN)
        .is_some_and(|origin| origin.as_bytes() != ui_origin.as_bytes())
}

/// Middleware: `403` for a cross-site request under the server-function prefix.
pub(crate) async fn refuse_cross_site(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let is_api = crate::paths::is_api(req.uri().path());
    if is_api && is_cross_site(req.headers(), &state.ui_origin) {
        let t = super::language::translator_for(&state, req.extensions());
        return cross_site_page(&t, &state.settings.base_path);
    }
    next.run(req).await
}

/// Middleware: a plain form post (no JavaScript) to a server function that fails gets a page
/// saying what failed, with the failure's status, instead of the error's JSON encoding (and the
/// `Location: /` that the server-function layer adds to it). Redirects stay redirects.
pub(crate) async fn error_pages_for_form_posts(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let is_api = crate::paths::is_api(req.uri().path());
    let accepts_html = super::request::accepts_html(req.headers());
    let t = super::language::translator_for(&state, req.extensions());
    let res = next.run(req).await;
    // The server-function layer marks every error answer so.
    const FAILED: &str = "serverfnerror";
    if !is_api || !accepts_html || !res.headers().contains_key(FAILED) {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let encoded = axum::body::to_bytes(body, 64 * 1024)
        .await
        .unwrap_or_default();
    let error = serde_json::from_slice::<UiError>(&encoded)
        .unwrap_or_else(|_| UiError::Internal(String::new()));
    if matches!(error, UiError::Redirected(_)) {
        return Response::from_parts(parts, encoded.into());
    }
    let key = error.catalog_key();
    let page = super::language::plain_page(
        &t,
        &t.text(&format!("{key}-title")),
        &t.text(&format!("{key}-text")),
        &format!("{}{}", state.settings.base_path, crate::paths::SETTINGS),
    );
    if !parts.status.is_client_error() && !parts.status.is_server_error() {
        parts.status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::BAD_REQUEST);
    }
    parts.headers.remove(header::LOCATION);
    parts.headers.remove(FAILED);
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    Response::from_parts(parts, page.into())
}

fn cross_site_page(t: &crate::i18n::Translator, base: &str) -> Response {
    let body = super::language::plain_page(
        t,
        &t.text("request-refused-title"),
        &t.text("request-refused-text"),
        &format!("{base}{}", crate::paths::SETTINGS),
    );
    super::language::html_response(StatusCode::FORBIDDEN, body).into_response()
}

#[cfg(test)]
mod tests {
    use super::is_cross_site;
    use http::HeaderMap;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn only_same_origin_browser_requests_or_non_browser_clients_pass() {
        let ui = "https://account.example.com";
        for same in [
            headers(&[("sec-fetch-site", "same-origin"), ("origin", ui)]),
            headers(&[("sec-fetch-site", "same-origin")]),
            headers(&[("origin", ui)]),
            // A same-origin form post from a page with `Referrer-Policy: no-referrer`.
            headers(&[("sec-fetch-site", "same-origin"), ("origin", "null")]),
            headers(&[]),
        ] {
            assert!(!is_cross_site(&same, ui), "{same:?}");
        }
        for other in [
            headers(&[
                ("sec-fetch-site", "same-site"),
                ("origin", "https://blog.example.com"),
            ]),
            headers(&[("sec-fetch-site", "cross-site")]),
            headers(&[("sec-fetch-site", "none")]),
            headers(&[("origin", "https://evil.example")]),
            headers(&[("origin", "null")]),
            // The same host over another scheme or port is another origin.
            headers(&[("origin", "http://account.example.com")]),
            headers(&[("origin", "https://account.example.com:8443")]),
        ] {
            assert!(is_cross_site(&other, ui), "{other:?}");
        }
    }
}
