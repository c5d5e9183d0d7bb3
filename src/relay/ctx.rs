//! What each relay connection's tasks carry, and the shutdown signal they watch. Shared by
//! the server's router and the two kinds of request it routes to (WebSocket, ingress).

use super::registry::Relay;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::sync::{OwnedSemaphorePermit, mpsc, watch};

/// What each connection's tasks carry.
#[derive(Clone)]
pub(super) struct Ctx {
    pub relay: Arc<Relay>,
    pub stop: watch::Receiver<bool>,
    pub alive: mpsc::Sender<()>,
    pub remote: SocketAddr,
    /// The connection's place under `--max-connections`; a WebSocket keeps it after the
    /// HTTP connection has handed its socket over.
    pub slot: Arc<OwnedSemaphorePermit>,
}

/// Resolves once the relay is shutting down.
pub(super) async fn stopped(stop: &mut watch::Receiver<bool>) {
    loop {
        if *stop.borrow_and_update() {
            return;
        }
        if stop.changed().await.is_err() {
            return;
        }
    }
}
