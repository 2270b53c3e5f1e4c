//! A fast canned Kratos for benchmarks: answers every request with one recorded settings flow from
//! memory, and counts the requests it served (`GET /__count`). Loopback only.
//!
//! `cargo run --release --features ssr --example canned_kratos -- <flow.json> [addr]`

use axum::{extract::State, http::header, response::IntoResponse, routing::get, Router};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

#[derive(Clone)]
struct Canned {
    body: bytes::Bytes,
    served: Arc<AtomicU64>,
}

async fn answer(State(c): State<Canned>) -> impl IntoResponse {
    c.served.fetch_add(1, Ordering::Relaxed);
    (
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        // Shared, not copied: the canned Kratos should cost as little as a static file server.
        c.body.clone(),
    )
}

async fn count(State(c): State<Canned>) -> String {
    c.served.load(Ordering::Relaxed).to_string()
}

// One thread: it shares the machine with the app and the load generator, and should take as
// little of it as it can.
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| {
        eprintln!("usage: canned_kratos <flow.json> [addr]");
        std::process::exit(2)
    });
    let addr = args.next().unwrap_or_else(|| "127.0.0.1:4455".into());
    let body = std::fs::read(&path).unwrap_or_else(|e| {
        eprintln!("canned_kratos: cannot read {path}: {e}");
        std::process::exit(2)
    });
    let canned = Canned {
        body: bytes::Bytes::from(body),
        served: Arc::default(),
    };
    let app = Router::new()
        .route("/__count", get(count))
        .fallback(answer)
        .with_state(canned);
    let listener = tokio::net::TcpListener::bind(&addr)
        .await
        .unwrap_or_else(|e| {
            eprintln!("canned_kratos: cannot listen on {addr}: {e}");
            std::process::exit(2)
        });
    println!("canned_kratos listening on http://{addr}");
    axum::serve(listener, app).await.unwrap();
}
