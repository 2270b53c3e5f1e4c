//! One address per page: `/settings/` or `/settings//` answer `308` to `/settings` (query kept)
//! instead of the not-found page, so bookmarks and hand-typed links with a trailing slash work and
//! every page is reachable at exactly one URL.
//!
//! The `Location` is built from the route's own constant, never from the requested path: a
//! path such as `//evil.example/` must not become a protocol-relative redirect.

use super::state::AppState;
use crate::paths;
use axum::{
    extract::{Request, State},
    middleware::Next,
    response::Response,
};
use http::{header, HeaderValue, Method, StatusCode};

/// The canonical route that `path` is a non-canonical spelling of, if any.
fn canonical_route(path: &str) -> Option<&'static str> {
    let trimmed = path.trim_end_matches('/');
    if trimmed.len() == path.len() {
        return None;
    }
    paths::PAGES.into_iter().find(|route| *route == trimmed)
}

pub(crate) async fn redirect_to_canonical(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD) {
        if let Some(route) = canonical_route(req.uri().path()) {
            let base = &state.settings.base_path;
            let location = match req.uri().query() {
                Some(query) => format!("{base}{route}?{query}"),
                None => format!("{base}{route}"),
            };
            if let Ok(location) = HeaderValue::from_str(&location) {
                let mut res = Response::new(axum::body::Body::empty());
                *res.status_mut() = StatusCode::PERMANENT_REDIRECT;
                res.headers_mut().insert(header::LOCATION, location);
                return res;
            }
        }
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::canonical_route;

    #[test]
    fn trailing_slashes_on_a_page_route_name_that_route() {
        assert_eq!(canonical_route("/settings/"), Some("/settings"));
        assert_eq!(canonical_route("/login//"), Some("/login"));
        assert_eq!(canonical_route("/error/"), Some("/error"));
        assert_eq!(canonical_route("/settings"), None, "already canonical");
        assert_eq!(canonical_route("/"), None);
        assert_eq!(canonical_route("//evil.example/"), None);
        assert_eq!(canonical_route("/pkg/"), None);
        assert_eq!(canonical_route("/api/logout/"), None, "not a page");
    }
}
