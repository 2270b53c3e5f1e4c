//! Security headers on every response, a fresh CSP nonce per response, and caching rules:
//! pages carry CSRF tokens and secrets (`no-store`), hashed static assets are immutable.

use super::state::AppState;
use axum::{
    extract::{Request, State},
    middleware::Next,
    response::Response,
};
use base64::Engine as _;
use http::{header, HeaderValue};

/// The nonce of this response, stored in the request's extensions for the renderer.
#[derive(Clone, Debug)]
pub(crate) struct CspNonce(pub String);

pub(crate) fn csp_template(kratos_browser_origin: &str, provider_origins: &[String]) -> String {
    // `{nonce}` is replaced per response. The Kratos origin serves `webauthn.js` and receives the
    // forms; `data:` images are the TOTP QR codes Kratos sends. Identity providers are form
    // targets too: browsers apply `form-action` to the redirects that follow a form post, and
    // Kratos answers a social sign-in or link with a redirect to the provider.
    let mut form_targets = kratos_browser_origin.to_string();
    for origin in provider_origins {
        form_targets.push(' ');
        form_targets.push_str(origin);
    }
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{{nonce}}' 'wasm-unsafe-eval' {k}; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; \
         form-action 'self' {form_targets}; frame-ancestors 'none'; base-uri 'none'; \
         object-src 'none'",
        k = kratos_browser_origin
    )
}

pub(crate) fn new_nonce() -> String {
    let mut bytes = [0u8; 18];
    getrandom::fill(&mut bytes).expect("the OS random source works");
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

pub(crate) async fn security_headers(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let nonce = new_nonce();
    let path = req.uri().path();
    let own = path
        .strip_prefix(state.settings.base_path.as_str())
        .unwrap_or(path);
    // Hashed names: the content of a name never changes.
    let is_asset = own.starts_with("/pkg/") || own.starts_with(super::branding::BRAND_DIR);
    req.extensions_mut().insert(CspNonce(nonce.clone()));
    let mut res = next.run(req).await;
    let cacheable = is_asset && res.status().is_success();
    let h = res.headers_mut();
    if let Ok(csp) = HeaderValue::from_str(&state.csp_template.replace("{nonce}", &nonce)) {
        h.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
    // Our pages and assets are for our pages only; no other site may embed them.
    h.insert(
        header::HeaderName::from_static("cross-origin-resource-policy"),
        HeaderValue::from_static("same-origin"),
    );
    if state.settings.ui_url.scheme() == "https" {
        // Two years, this host only: the shared site's other hosts are not ours to pin to https.
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000"),
        );
    }
    h.insert(
        header::HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    );
    if cacheable {
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        );
    } else {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}
