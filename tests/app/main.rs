//! The app's integration tests: one binary, one harness (`helpers`: the fixture tree, server-side
//! rendering, a scriptable fake Kratos over real HTTP, and the app on an ephemeral port).

mod base_path;
mod branding;
mod fixtures;
mod flows_http;
mod hardening;
mod helpers;
mod i18n;
mod logging;
mod metrics;
mod rendering;
mod sessions_http;
mod settings_http;
mod shutdown;
