//! The relay node's front door: public ingress on `/c/{channel}/…` ([`super::ingress`]),
//! listeners connect on `/ws/{channel}` ([`super::conn`]), `/healthz` for load balancers.
//!
//! Connections come in through the listener's own guard ([`crate::server::guard`]): a cap on
//! connections (one more gets a one-line 503), a watchdog that closes a connection silent for
//! `idle_timeout`, hyper's head timeout. `run` takes its listener and shutdown signal from
//! the caller (tests bind `127.0.0.1:0`).

pub use super::limits::RelayConfig;
pub use super::registry::Relay;

use super::ctx::{Ctx, stopped};
use super::protocol;
use crate::http::{Resp, text};
use crate::server::guard::{Admit, Gate, Watched};
use http::{Request, StatusCode};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio::sync::{mpsc, watch};

/// Largest request head accepted.
const MAX_HEAD_BYTES: usize = 64 * 1024;

/// Serve until `shutdown` resolves; then close every connection and return once they are gone.
pub async fn run(
    listener: TcpListener,
    relay: Arc<Relay>,
    tls: Option<tokio_rustls::TlsAcceptor>,
    shutdown: impl Future<Output = ()>,
) {
    let config = &relay.config;
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(config.head_timeout)
        .max_buf_size(MAX_HEAD_BYTES)
        .keep_alive(true);
    builder
        .http2()
        .timer(TokioTimer::new())
        .max_header_list_size(MAX_HEAD_BYTES as u32);
    let builder = Arc::new(builder);
    let mut gate = Gate::new(config.max_connections);
    let (stop_tx, stop) = watch::channel(false);
    // Every task holds a clone; when all are dropped, every connection is closed.
    let (alive, mut all_done) = mpsc::channel::<()>(1);
    tokio::pin!(shutdown);
    loop {
        let (tcp, remote, slot) = tokio::select! {
            _ = &mut shutdown => break,
            admit = gate.accept(&listener) => match admit {
                Admit::In(tcp, remote, slot) => (tcp, remote, slot),
                Admit::Warn(w) => {
                    relay.log(w);
                    continue;
                }
                Admit::Quiet => continue,
            },
        };
        let ctx = Ctx {
            relay: Arc::clone(&relay),
            stop: stop.clone(),
            alive: alive.clone(),
            remote,
            slot: Arc::new(slot),
        };
        let builder = Arc::clone(&builder);
        let tls = tls.clone();
        tokio::spawn(async move {
            let watched = Watched::new(tcp);
            let activity = Arc::clone(&watched.activity);
            let idle = ctx.relay.config.idle_timeout;
            let served = async {
                match tls {
                    None => serve(watched, ctx, &builder).await,
                    Some(acceptor) => {
                        if let Ok(stream) = acceptor.accept(watched).await {
                            serve(stream, ctx, &builder).await;
                        }
                    }
                }
            };
            // The watchdog covers the TLS handshake and the wait for a first byte too.
            tokio::select! {
                _ = served => {}
                _ = activity.idle(idle) => {}
            }
        });
    }
    let _ = stop_tx.send(true);
    drop(alive);
    let _ = all_done.recv().await;
}

async fn serve<IO>(io: IO, ctx: Ctx, builder: &auto::Builder<TokioExecutor>)
where
    IO: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let mut stop = ctx.stop.clone();
    let svc_ctx = ctx.clone();
    let service = service_fn(move |req| {
        let ctx = svc_ctx.clone();
        async move { Ok::<_, Infallible>(route(req, ctx).await) }
    });
    let conn = builder.serve_connection_with_upgrades(TokioIo::new(io), service);
    tokio::select! {
        _ = conn => {}
        _ = stopped(&mut stop) => {}
    }
}

/// `GET /healthz`: 200 when this node can take webhooks; with Redis, 503 while it is away.
async fn health(ctx: &Ctx) -> Resp {
    let relay = Arc::clone(&ctx.relay);
    let checked = tokio::task::spawn_blocking(move || {
        let r = relay.buffers().health();
        (r, relay.buffers().describe())
    })
    .await;
    match checked {
        Ok((None, _)) => text(StatusCode::OK, "ok"),
        Ok((Some(Ok(())), at)) => text(StatusCode::OK, format!("ok ({at} reachable)")),
        Ok((Some(Err(e)), at)) => text(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("hookcli relay: {at} unreachable ({e})"),
        ),
        Err(e) => text(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("hookcli relay: {e}"),
        ),
    }
}

async fn route(req: Request<Incoming>, ctx: Ctx) -> Resp {
    let path = req.uri().path().to_string();
    if path == "/healthz" {
        return health(&ctx).await;
    }
    if let Some(channel) = path.strip_prefix(protocol::CONNECT_PREFIX) {
        let channel = channel.to_string();
        return super::conn::connect(req, &channel, ctx);
    }
    if let Some(rest) = path.strip_prefix(protocol::INGRESS_PREFIX) {
        let (channel, tail) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        let mut url = tail.to_string();
        if let Some(q) = req.uri().query() {
            url.push('?');
            url.push_str(q);
        }
        let channel = channel.to_string();
        return super::ingress::ingress(req, &channel, url, &ctx).await;
    }
    text(
        StatusCode::NOT_FOUND,
        "hookcli relay: send webhooks to /c/{channel}/{path}",
    )
}
