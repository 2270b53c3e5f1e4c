//! Serving: one single-threaded runtime per core, each with its own router and Kratos connection
//! pool, fed connections in turn by one acceptor.
//!
//! On tokio's shared multi-threaded runtime a page view hopped between threads three times (the
//! request's task, the pooled Kratos connection's task and back), each hop an eventfd write and a
//! futex wake. Here a browser connection, and the Kratos connections its requests use, stay on
//! one thread from accept to close. Connections are dealt round-robin rather than left to whichever
//! thread wakes first, so a burst of new connections does not all land on one core.

use axum::Router;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::sync::{mpsc, watch};

/// Accepted connections waiting for one worker.
struct ConnectionQueue {
    connections: mpsc::UnboundedReceiver<(std::net::TcpStream, SocketAddr)>,
    local_addr: SocketAddr,
}

impl axum::serve::Listener for ConnectionQueue {
    type Io = tokio::net::TcpStream;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            let Some((stream, peer)) = self.connections.recv().await else {
                // The acceptor has stopped; graceful shutdown ends this worker.
                std::future::pending::<()>().await;
                continue;
            };
            // Registers the socket with this worker's reactor.
            if let Ok(stream) = tokio::net::TcpStream::from_std(stream) {
                let _ = stream.set_nodelay(true);
                return (stream, peer);
            }
        }
    }

    fn local_addr(&self) -> std::io::Result<SocketAddr> {
        Ok(self.local_addr)
    }
}

/// Serves `routers` (one per worker thread) on `listener` until `shutdown` completes, then lets
/// every worker finish the requests it has.
pub fn serve(
    listener: std::net::TcpListener,
    routers: Vec<Router>,
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
        let mut stopped = stopped.clone();
        let runtime = single_threaded_runtime()?;
        let worker = std::thread::Builder::new()
            .name(format!("kratos-ui-{i}"))
            .spawn(move || {
                runtime.block_on(async move {
                    let incoming = ConnectionQueue {
                        connections,
                        local_addr,
                    };
                    axum::serve(incoming, app)
                        .with_graceful_shutdown(async move {
                            let _ = stopped.wait_for(|stop| *stop).await;
                        })
                        .await
                })
            })
            .map_err(|e| format!("cannot start a worker thread: {e}"))?;
        workers.push(worker);
    }
    single_threaded_runtime()?.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| format!("cannot listen on {local_addr}: {e}"))?;
        tokio::select! {
            _ = deal(listener, queues) => {}
            _ = shutdown => {}
        }
        Ok::<(), String>(())
    })?;
    let _ = stop.send(true);
    for worker in workers {
        match worker.join() {
            Ok(Ok(())) => {}
            Ok(Err(e)) => return Err(format!("server error: {e}")),
            Err(_) => return Err("a worker thread failed".into()),
        }
    }
    Ok(())
}

fn single_threaded_runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))
}

/// Accepts connections and hands them to the workers in turn.
async fn deal(
    listener: tokio::net::TcpListener,
    queues: Vec<mpsc::UnboundedSender<(std::net::TcpStream, SocketAddr)>>,
) {
    let mut next = 0;
    loop {
        match listener.accept().await {
            Ok((stream, peer)) => {
                if let Ok(stream) = stream.into_std() {
                    let _ = queues[next].send((stream, peer));
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
    use super::serve;
    use axum::{routing::get, Router};
    use std::io::{Read, Write};

    fn worker_name_router() -> Router {
        Router::new().route(
            "/",
            get(|| async { std::thread::current().name().unwrap_or("").to_string() }),
        )
    }

    fn get_body(addr: std::net::SocketAddr) -> String {
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        stream
            .write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        assert!(response.starts_with("HTTP/1.1 200"), "{response}");
        response.rsplit("\r\n\r\n").next().unwrap().to_string()
    }

    #[test]
    fn connections_are_dealt_to_every_worker_in_turn_and_shutdown_ends_serving() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = std::thread::spawn(move || {
            serve(
                listener,
                vec![worker_name_router(), worker_name_router()],
                async {
                    let _ = stopped.await;
                },
            )
        });
        let names: Vec<String> = (0..4).map(|_| get_body(addr)).collect();
        assert_eq!(
            names,
            ["kratos-ui-0", "kratos-ui-1", "kratos-ui-0", "kratos-ui-1"],
            "each new connection goes to the next worker"
        );
        stop.send(()).unwrap();
        assert_eq!(server.join().unwrap(), Ok(()));
        assert!(
            std::net::TcpStream::connect(addr).is_err(),
            "the port is released after shutdown"
        );
    }
}
