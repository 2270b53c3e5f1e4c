//! Which language a request is answered in: `?lang=` (remembered in a `lang` cookie, so that it
//! holds while the visitor moves on, Kratos's redirects included), then that cookie, then
//! `Accept-Language` by quality, then the configured default. The answer says what it chose
//! (`Content-Language`) and what it depended on (`Vary`).

use super::state::AppState;
use crate::i18n::Translator;
use axum::{
    extract::{Request, State},
    middleware::Next,
    response::Response,
};
use http::{header, HeaderValue};

/// The cookie that remembers a language picked with `?lang=`.
pub(crate) const COOKIE: &str = "lang";

/// The language chosen for this request (an index into the catalogs), for the page's context.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Chosen(pub usize);

pub(crate) async fn negotiate(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let catalogs = &state.catalogs;
    let asked = req
        .uri()
        .query()
        .and_then(|q| query_value(q, "lang"))
        .and_then(|tag| catalogs.matching(&tag));
    let remembered = req
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(crate::kratos::cookie_pairs)
        .find_map(|(k, tag)| (k == COOKIE).then(|| catalogs.find(tag)).flatten());
    let chosen = asked.or(remembered).unwrap_or_else(|| {
        let accept = req
            .headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        catalogs.choose(by_preference(accept))
    });
    req.extensions_mut().insert(Chosen(chosen));
    let mut res = next.run(req).await;
    // Pages only (headers and cookie): the hashed assets are the same in every language and stay
    // cacheable as such; every page a `?lang=` link leads to answers with HTML.
    let is_page = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"text/html"));
    if !is_page {
        return res;
    }
    let headers = res.headers_mut();
    if let Ok(tag) = HeaderValue::from_str(catalogs.languages()[chosen].tag()) {
        headers.insert(header::CONTENT_LANGUAGE, tag);
    }
    headers.append(
        header::VARY,
        HeaderValue::from_static("Accept-Language, Cookie"),
    );
    if let Some(asked) = asked.filter(|a| Some(*a) != remembered) {
        let https = state.settings.ui_url.scheme() == "https";
        let cookie = format!(
            "{COOKIE}={}; Path={}/; Max-Age=31536000; HttpOnly; SameSite=Lax{}",
            catalogs.languages()[asked].tag(),
            state.settings.base_path,
            if https { "; Secure" } else { "" }
        );
        if let Ok(cookie) = HeaderValue::from_str(&cookie) {
            headers.append(header::SET_COOKIE, cookie);
        }
    }
    res
}

/// The value of `name` in a query string when it looks like a language tag (letters, digits,
/// `-` and `_`); anything else, percent-encoded or not, is no language.
fn query_value(query: &str, name: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == name
            && v.len() <= 35
            && v.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
        .then(|| v.to_string())
    })
}

/// The tags of an `Accept-Language` header, most wanted first (equal weights keep their order);
/// those with `q=0` and `*` are left out.
pub(crate) fn by_preference(header: &str) -> Vec<&str> {
    let mut wishes: Vec<(&str, u16)> = header
        .split(',')
        .take(32)
        .filter_map(|item| {
            let mut parts = item.split(';');
            let tag = parts.next()?.trim();
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1000), |q| {
                    q.trim()
                        .parse::<f32>()
                        .ok()
                        .map(|q| (q.clamp(0.0, 1.0) * 1000.0) as u16)
                })?;
            (!tag.is_empty() && tag != "*" && q > 0).then_some((tag, q))
        })
        .collect();
    wishes.sort_by_key(|w| std::cmp::Reverse(w.1));
    wishes.into_iter().map(|(tag, _)| tag).collect()
}

/// The translator for a request that `negotiate` has seen (the default language otherwise).
pub(crate) fn translator_for(state: &AppState, extensions: &http::Extensions) -> Translator {
    let chosen = extensions
        .get::<Chosen>()
        .map_or(state.catalogs.default_language(), |c| c.0);
    Translator::new(state.catalogs.clone(), chosen)
}

/// A small page of its own, for answers that do not come from the app's routes (a refused or
/// failed form post, a path outside the base path, a panic): a title, a text and a link to the
/// account settings at `settings_href`, in `t`'s language.
pub(crate) fn plain_page(t: &Translator, title: &str, text: &str, settings_href: &str) -> String {
    let escape = |s: &str| html_escape::encode_text(s).into_owned();
    format!(
        "<!DOCTYPE html><html lang=\"{lang}\" dir=\"{dir}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title></head><body><main><h1>{title}</h1><p>{text}</p>\
         <p><a href=\"{href}\">{link}</a></p></main></body></html>",
        lang = html_escape::encode_double_quoted_attribute(t.tag()),
        dir = t.dir(),
        title = escape(title),
        text = escape(text),
        href = html_escape::encode_double_quoted_attribute(settings_href),
        link = escape(&t.text("open-settings")),
    )
}

/// A page of [`plain_page`]'s as a response.
pub(crate) fn html_response(status: http::StatusCode, page: String) -> http::Response<String> {
    let mut res = http::Response::new(page);
    *res.status_mut() = status;
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_is_read_by_quality() {
        assert_eq!(
            by_preference("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5"),
            ["fr-CH", "fr", "en", "de"]
        );
        assert_eq!(by_preference("de;q=0.5, ar"), ["ar", "de"]);
        assert_eq!(by_preference("en;q=0, de"), ["de"]);
        assert_eq!(by_preference("de;q=oops, ar"), ["ar"]);
        assert!(by_preference("").is_empty());
    }

    #[test]
    fn only_a_language_tag_is_taken_from_the_query() {
        assert_eq!(query_value("flow=1&lang=de", "lang").as_deref(), Some("de"));
        assert_eq!(query_value("lang=pt-BR", "lang").as_deref(), Some("pt-BR"));
        assert_eq!(query_value("lang=%3Cscript%3E", "lang"), None);
        assert_eq!(query_value("flow=1", "lang"), None);
    }
}
