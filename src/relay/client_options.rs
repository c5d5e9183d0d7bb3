//! How `listen --relay` connects: the relay node(s), the channel, the token, its patience.

use super::protocol;
use crate::target::Target;
use std::time::Duration;

/// How the client connects and how patient it is.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// `ws://` or `wss://` relay, with an optional path prefix: the node tried now.
    pub relay: Target,
    /// Other nodes of the same relay (one Redis behind them), tried in turn when one is down.
    pub others: Vec<Target>,
    pub channel: String,
    pub token: String,
    /// Accept any certificate (a self-signed relay).
    pub insecure: bool,
    /// Replace whoever holds the channel (`--takeover`).
    pub takeover: bool,
    /// This listener's id at the relay: reconnecting with it takes the channel back.
    pub session: String,
    /// Ping interval; a relay silent for three of them is given up on.
    pub heartbeat: Duration,
    /// First reconnect delay; doubles up to `max_backoff`, with jitter.
    pub backoff: Duration,
    pub max_backoff: Duration,
}

impl ClientOptions {
    pub fn new(relay: Target, channel: &str, token: &str) -> ClientOptions {
        ClientOptions {
            relay,
            others: Vec::new(),
            channel: channel.to_string(),
            token: token.to_string(),
            insecure: false,
            takeover: false,
            session: crate::capture::new_id(),
            heartbeat: Duration::from_secs(15),
            backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
        }
    }

    /// The URL to give the provider: `https://HOST/c/NAME/` for `wss://HOST`.
    pub fn public_url(&self) -> String {
        let scheme = if self.relay.scheme == "wss" || self.relay.scheme == "https" {
            "https"
        } else {
            "http"
        };
        format!(
            "{scheme}://{}{}/c/{}/",
            self.relay.authority, self.relay.base_path, self.channel
        )
    }

    /// Move on to the next node (the current one goes to the back of the line).
    pub(super) fn next_node(&mut self) {
        if !self.others.is_empty() {
            let next = self.others.remove(0);
            let old = std::mem::replace(&mut self.relay, next);
            self.others.push(old);
        }
    }

    pub(super) fn connect_url(&self) -> String {
        let scheme = if matches!(self.relay.scheme.as_str(), "wss" | "https") {
            "wss"
        } else {
            "ws"
        };
        format!(
            "{scheme}://{}{}{}{}",
            self.relay.authority,
            self.relay.base_path,
            protocol::CONNECT_PREFIX,
            self.channel
        )
    }
}
