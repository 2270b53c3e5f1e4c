//! One structured log line per request: method, route template, status, latency, a request id,
//! and the Kratos call's endpoint, outcome and latency. Text by default, JSON with
//! `KRATOS_UI_LOG_FORMAT=json`; the level by `RUST_LOG` (default `info`).
//!
//! What a line never holds: the request's path or query (flow ids, `return_to`), headers (the
//! session cookie), bodies, or anything Kratos sent but its error id. Only the route template is
//! logged, and the Kratos endpoint without its query.

use super::metrics::Metrics;
use axum::{
    extract::{MatchedPath, Request, State},
    middleware::Next,
    response::Response,
};
use http::HeaderValue;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Where the request's Kratos calls are noted, shared through the request's extensions with the
/// server function that makes them (`RequestCtx::received`).
#[derive(Clone, Default)]
pub(crate) struct KratosCalls(Arc<Mutex<Vec<KratosCall>>>);

pub(crate) struct KratosCall {
    pub endpoint: &'static str,
    /// For the log line: `ok`, the status and error id, `timeout`, …
    pub outcome: String,
    /// For the metrics: `ok`, `4xx`, `timeout`, `refused` or `bad_answer`, and the error id.
    pub kind: &'static str,
    pub error_id: Option<String>,
    pub elapsed: Duration,
}

impl KratosCalls {
    pub(crate) fn note(&self, call: KratosCall) {
        if let Ok(mut calls) = self.0.lock() {
            calls.push(call);
        }
    }
}

/// How log lines are written.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum LogFormat {
    Text,
    Json,
}

impl LogFormat {
    /// `KRATOS_UI_LOG_FORMAT`: `text` (or unset) or `json`.
    pub fn from_setting(value: Option<&str>) -> Result<Self, String> {
        match value.map(str::trim) {
            None | Some("") | Some("text") => Ok(LogFormat::Text),
            Some("json") => Ok(LogFormat::Json),
            Some(other) => Err(format!(
                "invalid setting KRATOS_UI_LOG_FORMAT: {other:?} is neither text nor json"
            )),
        }
    }
}

/// The subscriber the server logs through, writing to `writer` (stdout in production).
pub fn subscriber<W>(
    format: LogFormat,
    filter: &str,
    writer: W,
) -> Box<dyn tracing::Subscriber + Send + Sync>
where
    W: for<'w> tracing_subscriber::fmt::MakeWriter<'w> + Send + Sync + 'static,
{
    let filter = tracing_subscriber::EnvFilter::try_new(filter)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false);
    match format {
        LogFormat::Text => Box::new(builder.finish()),
        LogFormat::Json => Box::new(builder.json().flatten_event(true).finish()),
    }
}

/// Installs the process-wide subscriber from `KRATOS_UI_LOG_FORMAT` and `RUST_LOG`.
pub(crate) fn init() -> Result<(), String> {
    let format = LogFormat::from_setting(std::env::var("KRATOS_UI_LOG_FORMAT").ok().as_deref())?;
    let filter = std::env::var("RUST_LOG").unwrap_or_else(|_| "info".into());
    tracing::subscriber::set_global_default(subscriber(format, &filter, std::io::stdout))
        .map_err(|e| format!("cannot set up logging: {e}"))
}

/// The middleware that writes the line, after the response is complete (headers decided), and
/// counts the request in the metrics when they are on.
pub(crate) async fn log_requests(
    State(metrics): State<Option<Arc<Metrics>>>,
    mut req: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let id = request_id();
    let method = req.method().clone();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "(none)".to_string());
    let calls = KratosCalls::default();
    req.extensions_mut().insert(calls.clone());
    let mut res = next.run(req).await;
    if let Ok(value) = HeaderValue::from_str(&id) {
        res.headers_mut().insert("x-request-id", value);
    }
    let status = res.status().as_u16();
    let ms = millis(started.elapsed());
    let calls: Vec<KratosCall> = calls
        .0
        .lock()
        .map(|mut c| c.drain(..).collect())
        .unwrap_or_default();
    // Of several calls (the sessions page makes two), the one that decided: the first that
    // failed, else the slowest.
    let call = calls
        .iter()
        .find(|c| c.outcome != "ok")
        .or_else(|| calls.iter().max_by_key(|c| c.elapsed));
    let count = (calls.len() > 1).then_some(calls.len());
    if let Some(metrics) = &metrics {
        metrics.observe_request(method.as_str(), &route, status, started.elapsed());
        for c in &calls {
            metrics.observe_kratos_call(c.endpoint, c.kind, c.error_id.as_deref(), c.elapsed);
        }
    }
    // A field that is `None` is left out of the line (a page without a Kratos call).
    tracing::info!(
        target: "kratos_ui::request",
        request_id = %id,
        method = %method,
        route = %route,
        status,
        ms,
        kratos_endpoint = call.map(|c| c.endpoint),
        kratos_outcome = call.map(|c| c.outcome.as_str()),
        kratos_ms = call.map(|c| millis(c.elapsed)),
        kratos_calls = count,
    );
    res
}

/// Milliseconds to two decimals (a number in JSON).
fn millis(elapsed: Duration) -> f64 {
    (elapsed.as_secs_f64() * 100_000.0).round() / 100.0
}

/// 16 hex digits from the OS random source.
fn request_id() -> String {
    let mut bytes = [0u8; 8];
    let _ = getrandom::fill(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
