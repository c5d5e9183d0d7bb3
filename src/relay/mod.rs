//! The tunnel: a self-hosted relay (`hookcli relay`) and its client (`listen --relay`).
//!
//! Providers call the relay's public URL; the relay buffers each request on disk and sends
//! it down a WebSocket to the developer's `hookcli listen`, which runs it through the same
//! pipeline as a local request and sends the answer back up. See [`protocol`] for the wire
//! format and [`buffer`] for the delivery guarantee.

pub mod auth;
pub mod buffer;
pub mod client;
mod client_options;
mod conn;
mod ingress;
pub mod limits;
pub mod protocol;
mod registry;
pub mod server;
pub mod tls;
mod worker;

use std::fmt;
use std::time::Duration;

/// The client's link to the relay, as the sinks (lines, TUI) show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RelayState {
    /// Connected and serving; `pending` requests were waiting in the relay's buffer.
    /// `first`: the first connection of this listener (the one that announces the URL).
    Connected {
        channel: String,
        public_url: String,
        pending: u64,
        first: bool,
    },
    /// The link is down; the next try is in `delay`.
    Reconnecting { reason: String, delay: Duration },
    /// The client has stopped for good: the token was refused, another listener holds or
    /// took the channel, or the address is wrong. `reason` is the whole sentence.
    AuthFailed { reason: String },
}

impl fmt::Display for RelayState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RelayState::Connected {
                channel,
                public_url,
                pending,
                first,
            } => {
                if *first {
                    write!(f, "relay connected: channel {channel} at {public_url}")?;
                } else {
                    write!(f, "relay connected again: channel {channel}")?;
                }
                if *pending > 0 {
                    write!(f, " ({pending} waiting requests arrive now)")?;
                }
                Ok(())
            }
            RelayState::Reconnecting { reason, delay } => write!(
                f,
                "relay link down ({reason}); reconnecting in {:.1} s",
                delay.as_secs_f64()
            ),
            RelayState::AuthFailed { reason } => write!(f, "{reason}"),
        }
    }
}
