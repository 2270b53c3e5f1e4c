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
use std::fmt::{self, Write as _};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tracing::field::{Field, Visit};
use tracing_subscriber::fmt::format::{FormatEvent, FormatFields, Writer};
use tracing_subscriber::fmt::FmtContext;
use tracing_subscriber::registry::LookupSpan;

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
        LogFormat::Json => Box::new(builder.event_format(JsonLines).finish()),
    }
}

/// One JSON object per line: `timestamp`, `level`, `target`, then the event's fields (`message`
/// among them) at the top level. Written straight into the subscriber's reused line buffer: the
/// JSON formatter of tracing-subscriber builds a serde map per line and formats every `%` field
/// into a fresh String, which cost about 5 % of the throughput under load.
struct JsonLines;

impl<S, N> FormatEvent<S, N> for JsonLines
where
    S: tracing::Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(
        &self,
        _ctx: &FmtContext<'_, S, N>,
        mut line: Writer<'_>,
        event: &tracing::Event<'_>,
    ) -> fmt::Result {
        let meta = event.metadata();
        line.write_str("{\"timestamp\":\"")?;
        write_utc(&mut line, SystemTime::now())?;
        write!(line, "\",\"level\":\"{}\",\"target\":", meta.level())?;
        write_json_str(&mut line, meta.target())?;
        let mut fields = JsonFields {
            line: &mut line,
            result: Ok(()),
        };
        event.record(&mut fields);
        fields.result?;
        line.write_str("}\n")
    }
}

/// Writes each field as `,"name":value`, numbers as JSON numbers and everything else as strings.
struct JsonFields<'a, 'w> {
    line: &'a mut Writer<'w>,
    result: fmt::Result,
}

impl JsonFields<'_, '_> {
    fn field(&mut self, field: &Field, value: impl FnOnce(&mut Writer<'_>) -> fmt::Result) {
        if self.result.is_ok() {
            self.result = (|| {
                self.line.write_char(',')?;
                write_json_str(self.line, field.name())?;
                self.line.write_char(':')?;
                value(self.line)
            })();
        }
    }
}

impl Visit for JsonFields<'_, '_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.field(field, |w| write_json_str(w, value));
    }
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.field(field, |w| write!(w, "{value}"));
    }
    fn record_i64(&mut self, field: &Field, value: i64) {
        self.field(field, |w| write!(w, "{value}"));
    }
    fn record_bool(&mut self, field: &Field, value: bool) {
        self.field(field, |w| write!(w, "{value}"));
    }
    fn record_f64(&mut self, field: &Field, value: f64) {
        // JSON has no NaN or infinity.
        self.field(field, |w| {
            if value.is_finite() {
                write!(w, "{value}")
            } else {
                w.write_str("null")
            }
        });
    }
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        // `%value` fields arrive here too, their Display behind Debug.
        self.field(field, |w| {
            w.write_char('"')?;
            write!(JsonEscaped(w), "{value:?}")?;
            w.write_char('"')
        });
    }
}

fn write_json_str(w: &mut impl fmt::Write, value: &str) -> fmt::Result {
    w.write_char('"')?;
    JsonEscaped(w).write_str(value)?;
    w.write_char('"')
}

/// Escapes what JSON forbids inside a string: quotes, backslashes and control characters (a
/// newline in a message must not start a second line).
struct JsonEscaped<'a, W: fmt::Write>(&'a mut W);

impl<W: fmt::Write> fmt::Write for JsonEscaped<'_, W> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let mut plain = 0;
        for (i, b) in s.bytes().enumerate() {
            let escape = match b {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0..=0x1f => "",
                _ => continue,
            };
            self.0.write_str(&s[plain..i])?;
            if escape.is_empty() {
                write!(self.0, "\\u{b:04x}")?;
            } else {
                self.0.write_str(escape)?;
            }
            plain = i + 1;
        }
        self.0.write_str(&s[plain..])
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
    let matched = req.extensions().get::<MatchedPath>().cloned();
    let route = matched.as_ref().map_or("(none)", MatchedPath::as_str);
    let calls = KratosCalls::default();
    req.extensions_mut().insert(calls.clone());
    let mut res = next.run(req).await;
    if let Ok(value) = HeaderValue::from_bytes(&id.hex()) {
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
        metrics.observe_request(method.as_str(), route, status, started.elapsed());
        for c in &calls {
            metrics.observe_kratos_call(c.endpoint, c.kind, c.error_id.as_deref(), c.elapsed);
        }
    }
    // A field that is `None` is left out of the line (a page without a Kratos call).
    tracing::info!(
        target: "kratos_ui::request",
        request_id = %id,
        method = %method,
        route,
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

/// 16 hex digits, different for every request of a process and unlikely to repeat across
/// processes: a counter scrambled by splitmix64 (a bijection, so no two requests share an id)
/// from a random start. Not secret, so one read of the OS random source per process suffices.
fn request_id() -> RequestId {
    static NEXT: OnceLock<AtomicU64> = OnceLock::new();
    let next = NEXT.get_or_init(|| {
        let mut seed = [0u8; 8];
        if getrandom::fill(&mut seed).is_err() {
            // No random source: the clock and the process id still tell processes apart.
            let now = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap_or_default()
                .as_nanos() as u64;
            seed = (now ^ u64::from(std::process::id()).rotate_left(32)).to_le_bytes();
        }
        AtomicU64::new(u64::from_le_bytes(seed))
    });
    let mut z = next
        .fetch_add(1, Ordering::Relaxed)
        .wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    RequestId(z ^ (z >> 31))
}

struct RequestId(u64);

impl RequestId {
    fn hex(&self) -> [u8; 16] {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut out = [0u8; 16];
        for (i, digit) in out.iter_mut().enumerate() {
            *digit = DIGITS[(self.0 >> (60 - 4 * i) & 0xf) as usize];
        }
        out
    }
}

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(std::str::from_utf8(&self.hex()).map_err(|_| fmt::Error)?)
    }
}

/// `2026-12-07T01:30:00.123456Z`: UTC to the microsecond.
fn write_utc(w: &mut impl fmt::Write, at: SystemTime) -> fmt::Result {
    let since = at.duration_since(UNIX_EPOCH).unwrap_or_default();
    let (year, month, day, hour, minute, second) = crate::i18n::civil(since.as_secs() as i64);
    write!(
        w,
        "{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}.{:06}Z",
        since.subsec_micros()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn utc(secs: u64, micros: u32) -> String {
        let mut out = String::new();
        let at = UNIX_EPOCH + Duration::from_secs(secs) + Duration::from_micros(micros.into());
        write_utc(&mut out, at).unwrap();
        out
    }

    #[test]
    fn timestamps_are_rfc3339_utc_to_the_microsecond() {
        assert_eq!(utc(0, 0), "1970-01-01T00:00:00.000000Z");
        // 2000-02-29 (a leap day of a century divisible by 400), just before midnight.
        assert_eq!(utc(951_868_799, 999_999), "2000-02-29T23:59:59.999999Z");
        assert_eq!(utc(1_796_608_800, 123), "2026-12-07T02:00:00.000123Z");
        // 2100 is not a leap year: 28 February is followed by 1 March.
        assert_eq!(utc(4_107_542_400, 0), "2100-03-01T00:00:00.000000Z");
    }

    #[test]
    fn request_ids_are_sixteen_hex_digits_and_differ() {
        let ids: std::collections::HashSet<String> =
            (0..1000).map(|_| request_id().to_string()).collect();
        assert_eq!(ids.len(), 1000);
        assert!(ids
            .iter()
            .all(|id| id.len() == 16 && id.bytes().all(|b| b.is_ascii_hexdigit())));
    }
}
