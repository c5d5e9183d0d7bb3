//! The local web inspector: a page beside the TUI, served by axum on the listener's runtime.
//!
//! Every view reads the store (so the page, the TUI and the command line show the same
//! captures) and every action goes through [`Pipeline`], like the TUI's. The page is a
//! local tool with a replay button, so [`guard`] keeps other web pages out of it.

mod actions;
mod api;
mod guard;
mod live;
mod state;
mod view;

use crate::error::fail;
use crate::pipeline::Pipeline;
use anyhow::Context as _;
pub use state::State;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;

/// Where the inspector listens unless told otherwise.
pub const DEFAULT_ADDR: &str = "127.0.0.1:4040";

/// How many ports after a taken default are tried.
const PORT_TRIES: u16 = 20;

/// Bind the inspector: `spec` when given (taken is an error), else the default address or
/// the next free port after it (none free: a warning, and no inspector).
pub async fn bind(spec: Option<&str>) -> anyhow::Result<Option<TcpListener>> {
    let Some(spec) = spec else {
        let base: SocketAddr = DEFAULT_ADDR.parse().context("default inspector address")?;
        for i in 0..PORT_TRIES {
            let addr = SocketAddr::new(base.ip(), base.port() + i);
            if let Ok(l) = TcpListener::bind(addr).await {
                return Ok(Some(l));
            }
        }
        eprintln!(
            "hookcli: warning: no inspector: ports {}–{} are taken (pass --inspect ADDR)",
            base.port(),
            base.port() + PORT_TRIES - 1
        );
        return Ok(None);
    };
    let addr = parse_addr(spec)?;
    TcpListener::bind(addr)
        .await
        .map(Some)
        .map_err(|e| fail(format!("cannot serve the inspector on {addr} ({e})")))
}

/// `ADDR`, `HOST:PORT` or a bare `PORT` (on loopback).
pub fn parse_addr(spec: &str) -> anyhow::Result<SocketAddr> {
    if let Ok(port) = spec.parse::<u16>() {
        return Ok(SocketAddr::from(([127, 0, 0, 1], port)));
    }
    let spec = spec.strip_prefix("http://").unwrap_or(spec);
    let spec = spec.trim_end_matches('/');
    let spec = if let Some(rest) = spec.strip_prefix("localhost:") {
        format!("127.0.0.1:{rest}")
    } else {
        spec.to_string()
    };
    spec.parse().map_err(|_| {
        crate::error::usage(format!(
            "bad --inspect address {spec:?} (want HOST:PORT, e.g. 127.0.0.1:4040)"
        ))
    })
}

/// Say where the inspector is on stderr (and warn off loopback); its address.
pub fn announce(listener: &TcpListener) -> anyhow::Result<SocketAddr> {
    let local = listener
        .local_addr()
        .context("cannot read the inspector address")?;
    eprintln!("hookcli: inspector on http://{local}/");
    if !local.ip().is_loopback() {
        eprintln!(
            "hookcli: warning: the inspector listens on {} (not loopback): it answers only to a loopback Host, but anyone who can reach it sees your captures' traffic",
            local.ip()
        );
    }
    Ok(local)
}

/// Serve on `listener` until `stop` resolves.
pub fn spawn(
    listener: TcpListener,
    pipeline: Arc<Pipeline>,
    listen_url: Option<String>,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) {
    let state = Arc::new(State {
        live: live::Live::start(&pipeline),
        pipeline,
        token: fresh_token(),
        listen_url,
    });
    let app = api::router(state);
    tokio::spawn(async move {
        let _ = axum::serve(listener, app)
            .with_graceful_shutdown(stop)
            .await;
    });
}

/// 128 random bits, hex: ULIDs carry 80 random bits each, so two make one token.
fn fresh_token() -> String {
    let a = ulid::Ulid::new().random();
    let b = ulid::Ulid::new().random();
    format!("{a:020x}{b:020x}")
}
