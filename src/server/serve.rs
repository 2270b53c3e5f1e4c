//! Serving: one single-threaded runtime per core, each with its own router and Kratos connection
//! pool, fed connections in turn by one acceptor, every connection and request bounded in time and
//! size.
//!
//! On tokio's shared multi-threaded runtime a page view hopped between threads three times (the
//! request's task, the pooled Kratos connection's task and back), each hop an eventfd write and a
//! futex wake. Here a browser connection, and the Kratos connections its requests use, stay on
//! one thread from accept to close. Connections are dealt round-robin rather than left to whichever
//! thread wakes first, so a burst of new connections does not all land on one core.
//!
//! `axum::serve` runs hyper without a timer, so no read deadline ever applies there: a slow request
//! head, a slow body or an idle keep-alive connection stayed open for minutes and a few hundred of
//! them stopped the server. Hence hyper's HTTP/1 connection is driven here with a timer (the
//! bounds of [`Limits`]) and the number of open connections is capped.

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{mpsc, watch, OwnedSemaphorePermit, Semaphore};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutLayer};

/// How long, how large and how many. Kratos's own servers allow 5 s to read a request, 10 s to
/// write an answer and 120 s of keep-alive idleness.
#[derive(Clone, Debug)]
pub(crate) struct Limits {
    /// From accepting a connection, or from the end of the previous answer on a kept-alive one,
    /// to the last byte of the request head. hyper has one timer for both, so this is also the
    /// keep-alive idle time (Node's servers use 5 s too); browsers simply open a new connection.
    pub header_read: Duration,
    /// The longest pause between two parts of a request body.
    pub body_pause: Duration,
    /// The whole request, body and Kratos calls included: longer than the Kratos timeout, so a
    /// slow Kratos still gets its own 504 page.
    pub request: Duration,
    /// hyper's read buffer, which holds the request head: larger heads get `431`.
    pub max_head_bytes: usize,
    /// No server function takes more than a flow id and a `return_to`; nothing else here takes a
    /// body at all.
    pub max_body_bytes: usize,
    /// Connections served at once; further ones wait in the kernel's accept queue.
    pub max_connections: usize,
}

impl Limits {
    /// The bounds for a server whose Kratos calls take at most `kratos_timeout`, with
    /// `max_connections` from [`connection_cap`].
    pub(crate) fn new(kratos_timeout: Duration, max_connections: usize) -> Limits {
        Limits {
            header_read: Duration::from_secs(5),
            body_pause: Duration::from_secs(5),
            request: kratos_timeout + Duration::from_secs(5),
            max_head_bytes: 32 * 1024,
            max_body_bytes: 16 * 1024,
            max_connections: max_connections.max(1),
        }
    }
}

/// `KRATOS_UI_MAX_CONNECTIONS` when it is a positive number, else what the open-file limit
/// allows: every browser connection is a file descriptor and may hold one to Kratos, and some are
/// kept for the listener, the assets and the log.
pub(crate) fn connection_cap(setting: Option<&str>, open_files_limit: Option<u64>) -> usize {
    if let Some(n) = setting.and_then(|n| n.trim().parse::<usize>().ok()) {
        if n > 0 {
            return n;
        }
    }
    let files = open_files_limit.unwrap_or(1024).min(1 << 20) as usize;
    (files.saturating_sub(64) / 2).max(16)
}

/// The soft `Max open files` of this process (Linux's `/proc/self/limits`).
pub(crate) fn open_files_limit() -> Option<u64> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    line.split_whitespace().nth(3)?.parse().ok()
}

/// An accepted connection and its place under the connection cap.
struct Accepted {
    stream: std::net::TcpStream,
    _permit: OwnedSemaphorePermit,
}

/// Serves `routers` (one per worker thread) on `listener` until `shutdown` completes, then lets
/// every worker finish the requests it has.
pub(crate) fn serve(
    listener: std::net::TcpListener,
    routers: Vec<Router>,
    limits: Limits,
    shutdown: impl std::future::Future<Output = ()>,
) -> Result<(), String> {
    if routers.is_empty() {
        return Err("no worker to serve with".into());
    }
    let local_addr = listener
        .local_addr()
        .map_err(|e| format!("cannot read the listening address: {e}"))?;
    listener
        .set_nonblocking(true)
        .map_err(|e| format!("cannot make the listener non-blocking: {e}"))?;
    let (stop, stopped) = watch::channel(false);
    let mut queues = Vec::new();
    let mut workers = Vec::new();
    for (i, app) in routers.into_iter().enumerate() {
        let (queue, connections) = mpsc::unbounded_channel();
        queues.push(queue);
        let stopped = stopped.clone();
        let runtime = single_threaded_runtime()?;
        let app = bounded(app, &limits);
        let limits = limits.clone();
        let worker = std::thread::Builder::new()
            .name(format!("kratos-ui-{i}"))
            .spawn(move || runtime.block_on(work(connections, app, limits, stopped)))
            .map_err(|e| format!("cannot start a worker thread: {e}"))?;
        workers.push(worker);
    }
    let cap = Arc::new(Semaphore::new(limits.max_connections));
    single_threaded_runtime()?.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| format!("cannot listen on {local_addr}: {e}"))?;
        tokio::select! {
            _ = deal(listener, queues, cap) => {}
            _ = shutdown => {}
        }
        Ok::<(), String>(())
    })?;
    let _ = stop.send(true);
    for worker in workers {
        if worker.join().is_err() {
            return Err("a worker thread failed".into());
        }
    }
    Ok(())
}

/// The request bounds that are not the connection's: body pauses and size, and the whole request.
fn bounded(app: Router, limits: &Limits) -> Router {
    app.layer(RequestBodyLimitLayer::new(limits.max_body_bytes))
        .layer(RequestBodyTimeoutLayer::new(limits.body_pause))
        .layer(TimeoutLayer::with_status_code(
            http::StatusCode::REQUEST_TIMEOUT,
            limits.request,
        ))
}

/// One worker: serves the connections dealt to it, each on its own task, until told to stop; then
/// lets each finish its current request and closes it.
async fn work(
    mut connections: mpsc::UnboundedReceiver<Accepted>,
    app: Router,
    limits: Limits,
    stopped: watch::Receiver<bool>,
) {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read)
        .max_buf_size(limits.max_head_bytes);
    let mut open = tokio::task::JoinSet::new();
    let stop_requested = |mut stopped: watch::Receiver<bool>| async move {
        let _ = stopped.wait_for(|stop| *stop).await;
    };
    loop {
        tokio::select! {
            accepted = connections.recv() => {
                let Some(Accepted { stream, _permit }) = accepted else { break };
                // Registers the socket with this worker's reactor.
                let Ok(stream) = tokio::net::TcpStream::from_std(stream) else { continue };
                let _ = stream.set_nodelay(true);
                let connection = http.serve_connection(
                    TokioIo::new(stream),
                    TowerToHyperService::new(app.clone()),
                );
                let stop = stop_requested(stopped.clone());
                open.spawn(async move {
                    let _permit = _permit;
                    let mut connection = std::pin::pin!(connection);
                    tokio::select! {
                        _ = connection.as_mut() => {}
                        _ = stop => {
                            connection.as_mut().graceful_shutdown();
                            let _ = connection.await;
                        }
                    }
                });
            }
            Some(_) = open.join_next(), if !open.is_empty() => {}
            _ = stop_requested(stopped.clone()) => break,
        }
    }
    while open.join_next().await.is_some() {}
}

fn single_threaded_runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))
}

/// Accepts connections while the cap allows and hands them to the workers in turn.
async fn deal(
    listener: tokio::net::TcpListener,
    queues: Vec<mpsc::UnboundedSender<Accepted>>,
    cap: Arc<Semaphore>,
) {
    let mut next = 0;
    loop {
        let Ok(permit) = cap.clone().acquire_owned().await else {
            return;
        };
        match listener.accept().await {
            Ok((stream, _peer)) => {
                if let Ok(stream) = stream.into_std() {
                    let _ = queues[next].send(Accepted {
                        stream,
                        _permit: permit,
                    });
                    next = (next + 1) % queues.len();
                }
            }
            // Out of file descriptors and the like: wait instead of spinning.
            Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{connection_cap, serve, Limits};
    use axum::{
        routing::{get, post},
        Router,
    };
    use std::io::{ErrorKind, Read, Write};
    use std::net::{SocketAddr, TcpStream};
    use std::time::{Duration, Instant};

    fn test_router() -> Router {
        Router::new()
            .route(
                "/",
                get(|| async { std::thread::current().name().unwrap_or("").to_string() }),
            )
            .route(
                "/echo",
                post(|body: String| async move { body.len().to_string() }),
            )
    }

    /// A server on a free port with `limits`, stopped when the guard is dropped.
    struct Running {
        addr: SocketAddr,
        stop: Option<tokio::sync::oneshot::Sender<()>>,
        server: Option<std::thread::JoinHandle<Result<(), String>>>,
    }

    impl Running {
        fn start(workers: usize, limits: Limits) -> Running {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            let addr = listener.local_addr().unwrap();
            let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
            let routers = (0..workers).map(|_| test_router()).collect();
            let server = std::thread::spawn(move || {
                serve(listener, routers, limits, async {
                    let _ = stopped.await;
                })
            });
            Running {
                addr,
                stop: Some(stop),
                server: Some(server),
            }
        }

        fn stop(mut self) -> Result<(), String> {
            self.stop.take().unwrap().send(()).unwrap();
            self.server.take().unwrap().join().unwrap()
        }
    }

    impl Drop for Running {
        fn drop(&mut self) {
            if let Some(stop) = self.stop.take() {
                let _ = stop.send(());
            }
        }
    }

    fn short_limits() -> Limits {
        Limits {
            header_read: Duration::from_millis(300),
            body_pause: Duration::from_millis(300),
            request: Duration::from_secs(1),
            max_head_bytes: 16 * 1024,
            max_body_bytes: 1024,
            max_connections: 64,
        }
    }

    fn connect(addr: SocketAddr) -> TcpStream {
        let stream = TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        stream
    }

    /// Everything the server sends until it closes the connection (or 5 s pass: then `None`).
    fn read_until_closed(stream: &mut TcpStream) -> Option<String> {
        let mut response = Vec::new();
        match stream.read_to_end(&mut response) {
            Ok(_) => Some(String::from_utf8_lossy(&response).into_owned()),
            Err(e) if e.kind() == ErrorKind::ConnectionReset => {
                Some(String::from_utf8_lossy(&response).into_owned())
            }
            Err(_) => None,
        }
    }

    fn get_body(addr: SocketAddr) -> String {
        let mut stream = connect(addr);
        stream
            .write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .unwrap();
        let response = read_until_closed(&mut stream).unwrap();
        assert!(response.starts_with("HTTP/1.1 200"), "{response}");
        response.rsplit("\r\n\r\n").next().unwrap().to_string()
    }

    #[test]
    fn connections_are_dealt_to_every_worker_in_turn_and_shutdown_ends_serving() {
        let server = Running::start(2, short_limits());
        let addr = server.addr;
        let names: Vec<String> = (0..4).map(|_| get_body(addr)).collect();
        assert_eq!(
            names,
            ["kratos-ui-0", "kratos-ui-1", "kratos-ui-0", "kratos-ui-1"],
            "each new connection goes to the next worker"
        );
        assert_eq!(server.stop(), Ok(()));
        assert!(
            TcpStream::connect(addr).is_err(),
            "the port is released after shutdown"
        );
    }

    #[test]
    fn a_slow_request_head_is_cut_off() {
        let server = Running::start(1, short_limits());
        let mut stream = connect(server.addr);
        stream.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").unwrap();
        let started = Instant::now();
        let answer = read_until_closed(&mut stream);
        assert!(answer.is_some(), "the connection was still open after 5 s");
        assert!(started.elapsed() < Duration::from_secs(3));
        // A connection that never sends a byte is cut off the same way.
        let mut silent = connect(server.addr);
        assert!(read_until_closed(&mut silent).is_some());
    }

    #[test]
    fn an_idle_kept_alive_connection_is_closed_and_an_active_one_is_not() {
        let server = Running::start(1, short_limits());
        let mut stream = connect(server.addr);
        for _ in 0..3 {
            // Requests closer together than the bound keep the connection.
            stream
                .write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
                .unwrap();
            let mut buf = [0u8; 512];
            let n = stream.read(&mut buf).unwrap();
            assert!(buf[..n].starts_with(b"HTTP/1.1 200"));
            std::thread::sleep(Duration::from_millis(100));
        }
        assert!(
            read_until_closed(&mut stream).is_some(),
            "an idle keep-alive connection was still open after 5 s"
        );
    }

    #[test]
    fn a_slow_or_large_body_and_a_large_head_are_refused() {
        let server = Running::start(1, short_limits());
        // A body that stops half-way.
        let mut stream = connect(server.addr);
        stream
            .write_all(b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789")
            .unwrap();
        let answer = read_until_closed(&mut stream).expect("cut off within the bounds");
        assert!(!answer.starts_with("HTTP/1.1 200"), "{answer}");
        // A body that trickles in, each part within the pause bound but the whole past the
        // request bound.
        let mut stream = connect(server.addr);
        stream
            .write_all(b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n")
            .unwrap();
        let started = Instant::now();
        let mut cut = false;
        for _ in 0..40 {
            std::thread::sleep(Duration::from_millis(100));
            if stream.write_all(b"x").is_err() {
                cut = true;
                break;
            }
        }
        let answer = read_until_closed(&mut stream).unwrap_or_default();
        assert!(
            cut || answer.starts_with("HTTP/1.1 408"),
            "a trickled body was still read after {:?}: {answer}",
            started.elapsed()
        );
        // Over the body cap.
        let mut stream = connect(server.addr);
        let body = "x".repeat(2000);
        write!(
            stream,
            "POST /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let answer = read_until_closed(&mut stream).unwrap();
        assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
        // A head over the cap.
        let mut stream = connect(server.addr);
        let cookie = "a".repeat(40 * 1024);
        let _ = write!(
            stream,
            "GET / HTTP/1.1\r\nHost: x\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n"
        );
        let answer = read_until_closed(&mut stream).unwrap();
        assert!(answer.starts_with("HTTP/1.1 431"), "{answer}");
        // And the server still answers.
        assert_eq!(get_body(server.addr), "kratos-ui-0");
    }

    #[test]
    fn connections_over_the_cap_wait_until_one_closes() {
        let limits = Limits {
            header_read: Duration::from_secs(30),
            max_connections: 1,
            ..short_limits()
        };
        let server = Running::start(1, limits);
        let holder = connect(server.addr);
        let mut waiting = connect(server.addr);
        waiting
            .write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .unwrap();
        waiting
            .set_read_timeout(Some(Duration::from_millis(500)))
            .unwrap();
        let mut buf = [0u8; 64];
        assert!(
            waiting.read(&mut buf).is_err(),
            "a second connection was served while the cap of one was taken"
        );
        drop(holder);
        waiting
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        let answer = read_until_closed(&mut waiting).unwrap();
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    }

    #[test]
    fn the_connection_cap_follows_the_setting_or_the_open_files_limit() {
        assert_eq!(connection_cap(Some("10"), Some(1024)), 10);
        assert_eq!(connection_cap(None, Some(1024)), 480);
        assert_eq!(connection_cap(Some("0"), Some(1024)), 480);
        assert_eq!(connection_cap(Some("many"), None), 480);
        assert_eq!(connection_cap(None, Some(10)), 16);
        assert_eq!(connection_cap(None, Some(u64::MAX)), ((1 << 20) - 64) / 2);
    }
}
