//! The catch-all HTTP listener: every method, every path, every body becomes a capture.
//!
//! It takes its listener and shutdown signal from the caller (so tests bind `127.0.0.1:0`),
//! reads each body up to `--max-body`, and hands the capture to the pipeline. Peers that are
//! slow, silent, too many or speak garbage cost a bounded amount and never stall the others.

pub mod guard;

use crate::capture::{Capture, Origin};
use crate::http::{announced_length, header_pairs, read_capped, version_str};
use crate::pipeline::{Pipeline, Reply};
use bytes::Bytes;
use guard::{Admit, Gate, Watched};
use http::{Request, Response, StatusCode};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;

/// Limits that protect the listener from slow or abusive peers.
#[derive(Debug, Clone)]
pub struct Limits {
    pub max_body: u64,
    /// Time allowed to send an HTTP/1 request head, from the moment the server waits for one
    /// (slowloris guard). It also closes idle HTTP/1 keep-alive connections.
    pub header_read_timeout: Duration,
    /// Largest request head accepted (HTTP/1: 431 beyond it; HTTP/2: the header list size).
    pub max_header_bytes: usize,
    /// A connection with no bytes either way for this long, and no request being answered,
    /// is closed: silent peers, half-sent HTTP/2 prefaces, idle HTTP/2 connections.
    pub idle_timeout: Duration,
    /// Time allowed to receive a whole request body once its head is in (408 beyond it).
    pub body_read_timeout: Duration,
    /// Connections served at once; the next one gets a one-line 503 and is closed.
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body: 25 * 1024 * 1024,
            header_read_timeout: Duration::from_secs(10),
            max_header_bytes: 64 * 1024,
            idle_timeout: Duration::from_secs(30),
            body_read_timeout: Duration::from_secs(60),
            max_connections: DEFAULT_MAX_CONNECTIONS,
        }
    }
}

/// Far above what a provider or a dev loop opens, far below a default `ulimit -n` of 1024.
pub const DEFAULT_MAX_CONNECTIONS: usize = 512;

/// Serve until `shutdown` resolves. Each connection runs on its own task.
pub async fn run(
    listener: TcpListener,
    pipeline: Arc<Pipeline>,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) {
    let gate = Gate::new(limits.max_connections);
    serve(listener, pipeline, Arc::new(limits), gate, shutdown).await;
}

/// Serve on one single-thread runtime per listener until `shutdown` resolves.
///
/// The listeners are one socket per core on the same port (`SO_REUSEPORT`): the kernel
/// spreads connections over them, and a connection, its requests and their forwards (with
/// that thread's idle target connections) stay on one thread, with no cross-thread
/// wake-ups on the way. `--max-connections` counts across all of them.
pub async fn run_per_core(
    listeners: Vec<std::net::TcpListener>,
    pipeline: Arc<Pipeline>,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let limits = Arc::new(limits);
    let gate = Gate::new(limits.max_connections);
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let mut done = Vec::new();
    for (i, listener) in listeners.into_iter().enumerate() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let (pipeline, limits, gate) = (Arc::clone(&pipeline), Arc::clone(&limits), gate.shared());
        let warn = Arc::clone(&pipeline);
        let mut stop = stop_rx.clone();
        let (done_tx, done_rx) = tokio::sync::oneshot::channel::<()>();
        std::thread::Builder::new()
            .name(format!("hookcli-listen-{i}"))
            .spawn(move || {
                let served = rt.block_on(async move {
                    listener.set_nonblocking(true)?;
                    let listener = TcpListener::from_std(listener)?;
                    let stopped = async move {
                        let _ = stop.wait_for(|s| *s).await;
                    };
                    serve(listener, pipeline, limits, gate, stopped).await;
                    Ok::<_, std::io::Error>(())
                });
                if let Err(e) = served {
                    // The other threads keep serving; say why this one stopped.
                    warn.warn(format!("a listener thread stopped ({e})"));
                }
                drop(done_tx);
            })?;
        done.push(done_rx);
    }
    drop(stop_rx);
    shutdown.await;
    let _ = stop_tx.send(true);
    for d in done {
        let _ = d.await;
    }
    Ok(())
}

async fn serve(
    listener: TcpListener,
    pipeline: Arc<Pipeline>,
    limits: Arc<Limits>,
    mut gate: Gate,
    shutdown: impl Future<Output = ()>,
) {
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .max_buf_size(limits.max_header_bytes.max(8192))
        .keep_alive(true);
    builder
        .http2()
        .timer(TokioTimer::new())
        .max_header_list_size(u32::try_from(limits.max_header_bytes).unwrap_or(u32::MAX));
    let builder = Arc::new(builder);
    tokio::pin!(shutdown);
    loop {
        let (stream, remote, slot) = tokio::select! {
            _ = &mut shutdown => return,
            admit = gate.accept(&listener) => match admit {
                Admit::In(stream, remote, slot) => (stream, remote, slot),
                Admit::Warn(w) => {
                    pipeline.warn(w);
                    continue;
                }
                Admit::Quiet => continue,
            },
        };
        let pipeline = Arc::clone(&pipeline);
        let limits = Arc::clone(&limits);
        let builder = Arc::clone(&builder);
        tokio::spawn(async move {
            let watched = Watched::new(stream);
            let activity = Arc::clone(&watched.activity);
            let idle = limits.idle_timeout;
            let in_flight = Arc::clone(&activity);
            let service = service_fn(move |req| {
                let pipeline = Arc::clone(&pipeline);
                let limits = Arc::clone(&limits);
                let busy = in_flight.begin();
                async move {
                    let resp = handle(req, &pipeline, &limits, remote).await;
                    drop(busy);
                    Ok::<_, Infallible>(resp)
                }
            });
            // Errors here are the peer's (garbage bytes, a reset, a timeout): the connection
            // ends, nothing else. The watchdog dropping the connection closes the socket.
            tokio::select! {
                _ = builder.serve_connection(TokioIo::new(watched), service) => {}
                _ = activity.idle(idle) => {}
            }
            drop(slot);
        });
    }
}

async fn handle(
    req: Request<Incoming>,
    pipeline: &Arc<Pipeline>,
    limits: &Limits,
    remote: SocketAddr,
) -> Response<Full<Bytes>> {
    let (parts, body) = req.into_parts();
    // Origin-form `/path?q`, asterisk-form `*` (OPTIONS) and authority-form `host:443`
    // (CONNECT) are each kept as the sender wrote them.
    let url = match parts.uri.path_and_query() {
        Some(pq) => pq.as_str().to_string(),
        None if parts.method == http::Method::CONNECT => parts.uri.to_string(),
        None => "/".to_string(),
    };
    let mut c = Capture::new(Origin::Local, parts.method.as_str(), url);
    c.remote_addr = Some(remote.to_string());
    c.http_version = version_str(parts.version).into();
    c.headers = header_pairs(&parts.headers);
    let announced = announced_length(&parts.headers);
    let read = tokio::time::timeout(
        limits.body_read_timeout,
        read_capped(body, announced, limits.max_body),
    );
    match read.await {
        Ok(Ok((bytes, size))) => {
            c.body = bytes;
            c.body_size = size;
        }
        Err(_) => {
            // A body trickled in too slowly (slow POST): not a capture, just a closed door.
            let secs = limits.body_read_timeout.as_secs_f64();
            pipeline.warn(format!(
                "{} {} from {remote}: the request body did not arrive within {secs} s",
                c.method, c.url
            ));
            return into_response(Reply::text(
                StatusCode::REQUEST_TIMEOUT,
                format!("hookcli: the request body did not arrive within {secs} s"),
            ));
        }
        Ok(Err(e)) => {
            pipeline.warn(format!(
                "{} {} from {remote}: the request body broke off ({e})",
                c.method, c.url
            ));
            return into_response(Reply::text(
                StatusCode::BAD_REQUEST,
                format!("hookcli: cannot read the request body ({e})"),
            ));
        }
    }
    let id = c.id.clone();
    let mut reply = pipeline.handle(c).await;
    // Tells `hookcli send` that a listener stored this request, so it does not keep a
    // second copy of the same event.
    if pipeline.has_store()
        && reply.unstored.is_none()
        && let Ok(v) = hyper::header::HeaderValue::from_str(&id)
    {
        reply.headers.insert(crate::pipeline::CAPTURE_HEADER, v);
    }
    into_response(reply)
}

fn into_response(r: Reply) -> Response<Full<Bytes>> {
    crate::http::respond(r.status, r.headers, r.body)
}
