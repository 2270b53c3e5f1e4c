//! Shared test helpers: the fixture tree, server-side rendering, a scriptable fake Kratos over real
//! HTTP, and the app itself on an ephemeral port.

use axum::{body::Body, extract::Request, response::Response, Router};
use leptos::prelude::*;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The recorded Kratos payloads in `tests/fixtures`, or `KRATOS_FIXTURES_DIR`.
pub fn fixtures_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("KRATOS_FIXTURES_DIR") {
        return dir.into();
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    assert!(
        dir.is_dir(),
        "Kratos fixtures not found at {} (set KRATOS_FIXTURES_DIR)",
        dir.display()
    );
    dir
}

pub fn fixture(relative: &str) -> serde_json::Value {
    let path = fixtures_dir().join(relative);
    serde_json::from_str(
        &std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    )
    .unwrap()
}

/// Renders a view to HTML the way the server does.
pub fn render<V: IntoView + 'static>(f: impl FnOnce() -> V + 'static) -> String {
    // Islands need the shared context the server gives every request.
    let owner = Owner::new_root(Some(Arc::new(hydration_context::SsrSharedContext::new())));
    owner.with(|| f().to_html())
}

/// One scripted answer of the fake Kratos.
#[derive(Clone, Debug)]
pub struct Canned {
    pub status: u16,
    pub body: String,
    pub headers: Vec<(String, String)>,
    pub delay: Duration,
}

impl Canned {
    pub fn json(status: u16, body: serde_json::Value) -> Self {
        Canned {
            status,
            body: body.to_string(),
            headers: vec![],
            delay: Duration::ZERO,
        }
    }
    pub fn raw(status: u16, body: &str) -> Self {
        Canned {
            status,
            body: body.into(),
            headers: vec![],
            delay: Duration::ZERO,
        }
    }
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
    pub fn delayed(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

/// What the fake Kratos saw.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub path_and_query: String,
    pub cookie: Option<String>,
    pub accept: Option<String>,
}

/// Answers for one method and path (the query aside), before the default answer.
type Routes = Vec<(String, String, Canned)>;

/// A fake Kratos that answers every request with the same canned answer (or one set for its
/// method and path) and records requests, and how many it was answering at once at most.
pub struct FakeKratos {
    pub addr: SocketAddr,
    pub seen: Arc<Mutex<Vec<Seen>>>,
    answer: Arc<Mutex<Canned>>,
    routes: Arc<Mutex<Routes>>,
    concurrency: Arc<Mutex<(usize, usize)>>,
}

impl FakeKratos {
    pub async fn start(answer: Canned) -> Self {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let answer = Arc::new(Mutex::new(answer));
        let routes = Arc::new(Mutex::new(Routes::new()));
        let concurrency = Arc::new(Mutex::new((0, 0)));
        let (s, a, r, c) = (
            seen.clone(),
            answer.clone(),
            routes.clone(),
            concurrency.clone(),
        );
        let app = Router::new().fallback(move |req: Request| {
            let (seen, answer, routes, concurrency) = (s.clone(), a.clone(), r.clone(), c.clone());
            async move {
                let seen_now = {
                    let header = |name: &str| {
                        req.headers()
                            .get(name)
                            .and_then(|v| v.to_str().ok())
                            .map(str::to_string)
                    };
                    Seen {
                        method: req.method().to_string(),
                        path_and_query: req
                            .uri()
                            .path_and_query()
                            .map(|p| p.to_string())
                            .unwrap_or_default(),
                        cookie: header("cookie"),
                        accept: header("accept"),
                    }
                };
                let canned = routes
                    .lock()
                    .unwrap()
                    .iter()
                    .find(|(m, p, _)| m == req.method().as_str() && p == req.uri().path())
                    .map(|(_, _, canned)| canned.clone())
                    .unwrap_or_else(|| answer.lock().unwrap().clone());
                drop(req);
                seen.lock().unwrap().push(seen_now);
                {
                    let mut c = concurrency.lock().unwrap();
                    c.0 += 1;
                    c.1 = c.1.max(c.0);
                }
                tokio::time::sleep(canned.delay).await;
                concurrency.lock().unwrap().0 -= 1;
                let mut res = Response::builder()
                    .status(canned.status)
                    .header("content-type", "application/json");
                for (k, v) in &canned.headers {
                    res = res.header(k.as_str(), v.as_str());
                }
                res.body(Body::from(canned.body)).unwrap()
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        FakeKratos {
            addr,
            seen,
            answer,
            routes,
            concurrency,
        }
    }

    /// Answers `method path` with `answer` from now on.
    pub fn route(&self, method: &str, path: &str, answer: Canned) {
        let mut routes = self.routes.lock().unwrap();
        routes.retain(|(m, p, _)| !(m == method && p == path));
        routes.push((method.into(), path.into(), answer));
    }

    /// The most requests it was answering at the same time.
    pub fn most_at_once(&self) -> usize {
        self.concurrency.lock().unwrap().1
    }

    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    pub fn set(&self, answer: Canned) {
        *self.answer.lock().unwrap() = answer;
    }

    pub fn take_seen(&self) -> Vec<Seen> {
        std::mem::take(&mut *self.seen.lock().unwrap())
    }
}

/// Where the recorded answers' UI was (return addresses, and the form of a passed verification).
const RECORDED_UI_ORIGINS: [&str; 2] = ["http://localhost:3200", "http://127.0.0.1:3000"];

/// Where the recorded answers' Kratos was: the emulator and real Kratos of the end-to-end suite, and
/// Ory's recordings.
const RECORDED_KRATOS_ORIGINS: [&str; 4] = [
    "http://127.0.0.1:4433",
    "http://localhost:4533",
    "http://localhost:4535",
    "https://slug.projects.oryapis:8080",
];

/// A recorded Kratos answer as the fake Kratos sends it: the recorded Kratos's origin, wherever it
/// appears as is (form actions, scripts, `redirect_browser_to`), becomes the browser-facing
/// [`BROWSER_URL`], since the app follows and renders Kratos URLs only on that origin; the
/// recorded UI's becomes [`UI_URL`].
pub fn on_fake_kratos(answer: serde_json::Value) -> serde_json::Value {
    let mut text = answer.to_string();
    for origin in RECORDED_KRATOS_ORIGINS {
        text = text.replace(origin, BROWSER_URL.trim_end_matches('/'));
    }
    for origin in RECORDED_UI_ORIGINS {
        text = text.replace(origin, UI_URL.trim_end_matches('/'));
    }
    serde_json::from_str(&text).unwrap()
}

pub const UI_URL: &str = "http://ui.test:3000/";
pub const BROWSER_URL: &str = "http://id.test:4433/";
/// The one identity provider the app is told about (the one of the recorded answers).
pub const PROVIDER_URL: &str = "https://accounts.google.example/";

/// The app on an ephemeral port, talking to `kratos_url`, with a short Kratos timeout.
pub async fn start_app(kratos_url: &str, timeout: Duration) -> String {
    start_app_with(kratos_url, timeout, |_| {}).await
}

/// [`start_app`] counting into Prometheus metrics, served as the metrics address would serve them:
/// the app's URL and the metrics URL.
pub async fn start_app_with_metrics(kratos_url: &str, timeout: Duration) -> (String, String) {
    let metrics = std::sync::Arc::new(kratos_ui::server::metrics::Metrics::new());
    let app = serve(
        kratos_ui::server::router_with_metrics(
            leptos_options(),
            settings(kratos_url, timeout),
            Some(metrics.clone()),
        )
        .unwrap(),
    )
    .await;
    let scrape = serve(kratos_ui::server::metrics::router(metrics)).await;
    (app, format!("{scrape}/metrics"))
}

/// [`start_app`] with some settings changed by `adjust`.
pub async fn start_app_with(
    kratos_url: &str,
    timeout: Duration,
    adjust: impl FnOnce(&mut kratos_ui::server::config::Settings),
) -> String {
    let mut settings = settings(kratos_url, timeout);
    adjust(&mut settings);
    serve(kratos_ui::server::router(leptos_options(), settings).unwrap()).await
}

fn settings(kratos_url: &str, timeout: Duration) -> kratos_ui::server::config::Settings {
    kratos_ui::server::config::Settings {
        kratos_public_url: url::Url::parse(kratos_url).unwrap(),
        kratos_browser_url: url::Url::parse(BROWSER_URL).unwrap(),
        ui_url: url::Url::parse(UI_URL).unwrap(),
        base_path: String::new(),
        kratos_timeout: timeout,
        provider_origins: vec![url::Url::parse(PROVIDER_URL).unwrap()],
        kratos_cookies: Default::default(),
        totp_issuer: "kratos-ui".into(),
        offered_flows: kratos_ui::kratos::OfferedFlows {
            registration: true,
            recovery: true,
            social_sign_in: true,
        },
        metrics_addr: None,
        branding: Default::default(),
        languages_dir: None,
        default_language: "en".into(),
    }
}

fn leptos_options() -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("kratos-ui")
        .site_root("target/site")
        .build()
}

/// `app` on an ephemeral port of the loopback: its base URL.
async fn serve(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

/// A client that behaves like a browser navigation, but shows redirects instead of following them.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

pub async fn navigate(app: &str, path: &str, cookie: Option<&str>) -> reqwest::Response {
    let mut req = browser().get(format!("{app}{path}")).header(
        "accept",
        "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    );
    if let Some(cookie) = cookie {
        req = req.header("cookie", cookie);
    }
    req.send().await.unwrap()
}
