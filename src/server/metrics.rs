//! Prometheus metrics, served on a listen address of their own (`KRATOS_UI_METRICS_ADDR`, off
//! unless set) so that they never share a port with the pages: requests by route template and
//! status, request latency by route, Kratos calls by endpoint and outcome (`ok`, `4xx` with
//! Kratos's error id, `timeout`, `refused`, `bad_answer`), their latency, and the build.
//!
//! Labels carry route templates, Kratos endpoints (paths without ids) and Kratos's error ids only:
//! never a path, query, id or anything else a visitor chose, so the number of series stays small.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::metrics::info::Info;
use prometheus_client::registry::Registry;
use std::time::Duration;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct KratosLabels {
    endpoint: &'static str,
    outcome: &'static str,
    error_id: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct EndpointLabels {
    endpoint: &'static str,
}

type Histograms<L> = Family<L, Histogram, fn() -> Histogram>;

/// Latency buckets from 0.5 ms to about 8 s, doubling: a page renders in a fraction of a
/// millisecond, and a Kratos call may take up to its timeout (10 s by default).
fn latency_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.0005, 2.0, 15))
}

/// The metrics of one process, shared by every worker.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    request_seconds: Histograms<RouteLabels>,
    kratos_calls: Family<KratosLabels, Counter>,
    kratos_seconds: Histograms<EndpointLabels>,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Metrics")
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("kratos_ui");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "Requests answered, by method, route template and status",
            requests.clone(),
        );
        let request_seconds: Histograms<RouteLabels> =
            Family::new_with_constructor(latency_histogram);
        registry.register(
            "http_request_duration_seconds",
            "Time to answer a request, by route template",
            request_seconds.clone(),
        );
        let kratos_calls = Family::<KratosLabels, Counter>::default();
        registry.register(
            "kratos_calls",
            "Calls to Kratos, by endpoint and outcome (ok, 4xx with Kratos's error id, timeout, refused, bad_answer)",
            kratos_calls.clone(),
        );
        let kratos_seconds: Histograms<EndpointLabels> =
            Family::new_with_constructor(latency_histogram);
        registry.register(
            "kratos_call_duration_seconds",
            "Time a call to Kratos took, by endpoint",
            kratos_seconds.clone(),
        );
        registry.register(
            "build",
            "The running build",
            Info::new(vec![("version", env!("CARGO_PKG_VERSION"))]),
        );
        Metrics {
            registry,
            requests,
            request_seconds,
            kratos_calls,
            kratos_seconds,
        }
    }

    /// Counts one answered request.
    pub(crate) fn observe_request(
        &self,
        method: &str,
        route: &str,
        status: u16,
        elapsed: Duration,
    ) {
        self.requests
            .get_or_create(&RequestLabels {
                method: method.to_string(),
                route: route.to_string(),
                status,
            })
            .inc();
        self.request_seconds
            .get_or_create(&RouteLabels {
                route: route.to_string(),
            })
            .observe(elapsed.as_secs_f64());
    }

    /// Counts one Kratos call: `outcome` is `ok`, `4xx`, `timeout`, `refused` or `bad_answer`.
    pub(crate) fn observe_kratos_call(
        &self,
        endpoint: &'static str,
        outcome: &'static str,
        error_id: Option<&str>,
        elapsed: Duration,
    ) {
        self.kratos_calls
            .get_or_create(&KratosLabels {
                endpoint,
                outcome,
                error_id: error_id.unwrap_or_default().to_string(),
            })
            .inc();
        self.kratos_seconds
            .get_or_create(&EndpointLabels { endpoint })
            .observe(elapsed.as_secs_f64());
    }

    /// Everything, in Prometheus's text format.
    pub fn encode(&self) -> String {
        let mut text = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut text, &self.registry);
        text
    }
}

/// The router of the metrics address: `GET /metrics`, and nothing else.
pub fn router(metrics: std::sync::Arc<Metrics>) -> axum::Router {
    axum::Router::new().route(
        "/metrics",
        axum::routing::get(move || {
            let metrics = metrics.clone();
            async move {
                (
                    [(
                        http::header::CONTENT_TYPE,
                        "application/openmetrics-text; version=1.0.0; charset=utf-8",
                    )],
                    metrics.encode(),
                )
            }
        }),
    )
}
