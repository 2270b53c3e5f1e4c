//! The binary as a container runs it: `kratos-ui healthcheck` says whether the server answers, and
//! on SIGTERM the server stops accepting, lets the request in flight finish, and exits 0.

use crate::helpers::*;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[tokio::test]
async fn healthcheck_answers_while_serving_and_sigterm_finishes_the_request_in_flight_then_exits_0()
{
    // Kratos answers after a second, so the page view is in flight when the signal comes.
    let kratos =
        FakeKratos::start(Canned::json(200, flow()).delayed(Duration::from_millis(1000))).await;
    let port = free_port();
    let mut server = Command::new(env!("CARGO_BIN_EXE_kratos-ui"))
        .env("KRATOS_PUBLIC_URL", kratos.url())
        .env("KRATOS_BROWSER_URL", BROWSER_URL)
        .env("KRATOS_UI_URL", UI_URL)
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("LEPTOS_SITE_ROOT", "target/site")
        .env("KRATOS_UI_CONFIG", "/nonexistent")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let app = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(10);
    while browser()
        .get(format!("{app}/health/alive"))
        .send()
        .await
        .is_err()
    {
        assert!(Instant::now() < deadline, "the server did not start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // The health check asks the configured address, the loopback one for "every interface".
    for addr in [format!("127.0.0.1:{port}"), format!("0.0.0.0:{port}")] {
        assert_eq!(healthcheck(&addr).0, Some(0), "{addr}");
    }

    let in_flight = tokio::spawn(navigate_owned(app.clone()));
    tokio::time::sleep(Duration::from_millis(300)).await;
    let signalled = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(signalled.success());

    let page = in_flight.await.unwrap();
    assert_eq!(page.0, 200, "the request in flight is answered");
    assert!(page.1.contains("Account settings"));

    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = server.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "still running after SIGTERM");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(status.code(), Some(0), "{status:?}");
    assert!(
        std::net::TcpStream::connect(("127.0.0.1", port)).is_err(),
        "nothing listens any more"
    );
    let (code, stderr) = healthcheck(&format!("127.0.0.1:{port}"));
    assert_eq!(code, Some(1), "unhealthy, in Docker's terms");
    assert!(stderr.contains("/health/alive"), "{stderr}");
}

/// Runs `kratos-ui healthcheck` against `addr`: its exit code and what it printed.
fn healthcheck(addr: &str) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_kratos-ui"))
        .arg("healthcheck")
        .env("LEPTOS_SITE_ADDR", addr)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

async fn navigate_owned(app: String) -> (u16, String) {
    let res = navigate(&app, "/settings", None).await;
    let status = res.status().as_u16();
    (status, res.text().await.unwrap())
}

fn flow() -> serde_json::Value {
    on_fake_kratos(fixture("ory/elements-stubs/settings-flow-totp-setup.json"))
}

#[test]
fn a_bad_branding_setting_stops_start_up_with_one_line_naming_it() {
    for (name, value) in [
        ("KRATOS_UI_LOGO", "/nonexistent/logo.svg"),
        ("KRATOS_UI_ACCENT_COLOR", "pink"),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_kratos-ui"))
            .env("KRATOS_PUBLIC_URL", "http://127.0.0.1:9/")
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{}", free_port()))
            .env("KRATOS_UI_CONFIG", "/nonexistent")
            // As cargo-leptos builds set it (a plain cargo build makes Leptos say so on stderr).
            .env("LEPTOS_OUTPUT_NAME", "kratos-ui")
            .env(name, value)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains(name), "{stderr}");
    }
}
