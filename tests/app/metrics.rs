//! Prometheus metrics: requests by route template and status, Kratos calls by endpoint and
//! outcome, latencies, the build; and nothing a visitor sent.

use crate::helpers::*;
use serde_json::json;
use std::time::Duration;

async fn scrape(url: &str) -> String {
    let res = browser().get(url).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/openmetrics-text"));
    res.text().await.unwrap()
}

#[tokio::test]
async fn requests_and_kratos_calls_are_counted_by_route_endpoint_and_outcome() {
    let flow = on_fake_kratos(fixture("ory/elements-stubs/settings-flow-totp-setup.json"));
    let flow_id = flow["id"].as_str().unwrap().to_string();
    let kratos = FakeKratos::start(Canned::json(200, flow)).await;
    let (app, metrics) = start_app_with_metrics(&kratos.url(), Duration::from_millis(500)).await;
    let secret_cookie = "ory_kratos_session=c2VjcmV0LXNlc3Npb24";
    for _ in 0..2 {
        let res = navigate(
            &app,
            &format!("/settings?flow={flow_id}&return_to=https%3A%2F%2Fapp.test%2Fhidden-place"),
            Some(secret_cookie),
        )
        .await;
        assert_eq!(res.status(), 200);
    }
    kratos.set(Canned::json(
        401,
        json!({"error": {"id": "session_inactive", "code": 401, "status": "Unauthorized"}}),
    ));
    assert_eq!(navigate(&app, "/settings", None).await.status(), 303);
    kratos.set(Canned::raw(500, "oops"));
    assert_eq!(navigate(&app, "/settings", None).await.status(), 502);
    kratos.set(Canned::json(200, json!({})).delayed(Duration::from_secs(2)));
    assert_eq!(navigate(&app, "/settings", None).await.status(), 504);
    assert_eq!(navigate(&app, "/nowhere/at/all", None).await.status(), 404);

    let text = scrape(&metrics).await;
    for line in [
        r#"kratos_ui_http_requests_total{method="GET",route="/settings",status="200"} 2"#,
        r#"kratos_ui_http_requests_total{method="GET",route="/settings",status="303"} 1"#,
        r#"kratos_ui_http_requests_total{method="GET",route="/settings",status="502"} 1"#,
        r#"kratos_ui_http_requests_total{method="GET",route="/settings",status="504"} 1"#,
        r#"kratos_ui_kratos_calls_total{endpoint="self-service/settings/flows",outcome="ok",error_id=""} 2"#,
        r#"kratos_ui_kratos_calls_total{endpoint="self-service/settings/browser",outcome="4xx",error_id="session_inactive"} 1"#,
        r#"kratos_ui_kratos_calls_total{endpoint="self-service/settings/browser",outcome="bad_answer",error_id=""} 1"#,
        r#"kratos_ui_kratos_calls_total{endpoint="self-service/settings/browser",outcome="timeout",error_id=""} 1"#,
        r#"kratos_ui_http_request_duration_seconds_count{route="/settings"} 5"#,
        r#"kratos_ui_kratos_call_duration_seconds_count{endpoint="self-service/settings/browser"} 3"#,
        r#"kratos_ui_build_info{version=""#,
    ] {
        assert!(text.contains(line), "{line} missing in\n{text}");
    }
    assert!(text.contains(
        r#"kratos_ui_http_request_duration_seconds_bucket{le="0.0005",route="/settings"}"#
    ));
    // Unmatched paths are counted without their path.
    assert!(!text.contains("nowhere"));
    for secret in [flow_id.as_str(), "c2VjcmV0LXNlc3Npb24", "hidden-place"] {
        assert!(!text.contains(secret), "{secret} in the metrics");
    }
}

#[tokio::test]
async fn a_kratos_that_refuses_connections_is_counted_as_refused() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/", closed.local_addr().unwrap());
    drop(closed);
    let (app, metrics) = start_app_with_metrics(&url, Duration::from_secs(2)).await;
    assert_eq!(navigate(&app, "/registration", None).await.status(), 502);
    let text = scrape(&metrics).await;
    assert!(text.contains(
        r#"kratos_ui_kratos_calls_total{endpoint="self-service/registration/browser",outcome="refused",error_id=""} 1"#
    ), "{text}");
}
