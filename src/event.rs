//! What the pipeline tells the sinks (TUI, lines, NDJSON): captures, warnings, and the
//! state of the relay link. The pipeline and the relay client both use this; neither
//! imports the other for it.

use crate::capture::Capture;
use bytes::Bytes;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// What the sinks (TUI, lines, NDJSON) are told.
#[derive(Debug, Clone)]
pub enum Event {
    /// A capture arrived or changed. `complete` once every forward has finished; `json` is
    /// its JSON line as the store wrote it (when it did), so NDJSON output needn't encode again.
    Capture {
        capture: Arc<Capture>,
        complete: bool,
        json: Option<Bytes>,
    },
    /// Something went wrong that the user should see, but serving goes on.
    Warning(String),
    /// The relay link (`listen --relay`) changed state.
    Relay(RelayState),
}

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
