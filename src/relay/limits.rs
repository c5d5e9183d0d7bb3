//! What the relay allows: its configuration, every limit in one place with its default.
//!
//! The relay faces the internet, so every resource a stranger can make it spend has a bound:
//! connections (`max_connections`), time to send a head, a body, or nothing at all
//! (`head_timeout`, `body_timeout`, `idle_timeout`), memory (bodies stream to disk; WebSocket
//! messages are capped at the body limit), disk (`buffer` requests per channel, `max_body`
//! each), channels (`max_total_channels`; ingress never creates one) and rate (`rate`).

use super::auth::Grants;
use std::path::PathBuf;
use std::time::Duration;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;

/// Requests a second per token, by default: far above a provider's retry storm for one
/// developer, far below what fills a disk in minutes.
pub const DEFAULT_RATE: f64 = 100.0;

/// Connections served at once, by default (each costs a file descriptor and a few KiB).
pub const DEFAULT_MAX_CONNECTIONS: usize = 4096;

/// Channels the whole relay keeps, by default (each costs a buffer file once used).
pub const DEFAULT_MAX_TOTAL_CHANNELS: usize = 1000;

/// Everything `hookcli relay` decided at start-up.
#[derive(Debug, Clone)]
pub struct RelayConfig {
    pub grants: Grants,
    /// What providers call; else `http(s)://{Host the client used}`.
    pub public_url: Option<String>,
    /// Unacked requests kept per channel; more get 503.
    pub buffer: usize,
    pub max_body: u64,
    /// Where channel buffers live.
    pub store: PathBuf,
    pub response_timeout: Duration,
    /// Ingress requests a second per token (0: no limit); bursts up to twice that.
    pub rate: f64,
    /// Channels one token may hold connected at once.
    pub max_channels: usize,
    /// Channels the relay keeps in all; a listener asking for one more is refused (503).
    pub max_total_channels: usize,
    /// Connections served at once; one more gets a one-line 503 and is closed.
    pub max_connections: usize,
    /// Time allowed for an HTTP/1 request head.
    pub head_timeout: Duration,
    /// Time allowed for a whole request body once its head is in (408 beyond it).
    pub body_timeout: Duration,
    /// A connection with no bytes either way for this long, and no request being answered,
    /// is closed (silent peers, half-sent HTTP/2 prefaces, idle keep-alives).
    pub idle_timeout: Duration,
    /// Ping interval; a peer silent for three of them is dropped.
    pub heartbeat: Duration,
    /// First wait before delivering again after the listener said it could not store a
    /// request; doubles per refusal in a row, up to [`MAX_RETRY`].
    pub retry: Duration,
    /// Serving TLS (for the public URL's scheme).
    pub tls: bool,
    /// Log connects and disconnects on stderr.
    pub log: bool,
}

/// The longest wait between deliveries to a listener that cannot store.
pub const MAX_RETRY: Duration = Duration::from_secs(10);

impl RelayConfig {
    pub fn new(grants: Grants, store: PathBuf) -> RelayConfig {
        RelayConfig {
            grants,
            public_url: None,
            buffer: 10_000,
            max_body: 25 * 1024 * 1024,
            store,
            response_timeout: Duration::from_secs(10),
            rate: DEFAULT_RATE,
            max_channels: 16,
            max_total_channels: DEFAULT_MAX_TOTAL_CHANNELS,
            max_connections: DEFAULT_MAX_CONNECTIONS,
            head_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(60),
            idle_timeout: Duration::from_secs(30),
            heartbeat: Duration::from_secs(15),
            retry: Duration::from_millis(500),
            tls: false,
            log: false,
        }
    }
}

/// WebSocket messages up to the body limit plus room for the head.
pub(crate) fn ws_config(max_body: u64) -> WebSocketConfig {
    let max = usize::try_from(max_body)
        .unwrap_or(usize::MAX)
        .saturating_add(1 << 20);
    WebSocketConfig::default()
        .max_message_size(Some(max))
        .max_frame_size(Some(max))
}

/// The process's open-file limit (soft), where the platform tells it without a syscall
/// crate: Linux's `/proc/self/limits`. `None` elsewhere or when unlimited.
pub fn open_file_limit() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = text.lines().find(|l| l.starts_with("Max open files"))?;
    line.split_whitespace().nth(3)?.parse().ok()
}

/// `max_connections` that the open-file limit can actually hold (room kept for buffers,
/// spools and the listening socket), and whether it had to be lowered.
pub fn fit_connections(wanted: usize, file_limit: Option<u64>) -> (usize, bool) {
    let Some(limit) = file_limit else {
        return (wanted, false);
    };
    let room = usize::try_from(limit.saturating_sub(128).max(16)).unwrap_or(usize::MAX);
    if wanted > room {
        (room, true)
    } else {
        (wanted, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connections_fit_the_file_limit() {
        assert_eq!(fit_connections(4096, None), (4096, false));
        assert_eq!(fit_connections(4096, Some(20_000)), (4096, false));
        assert_eq!(fit_connections(4096, Some(1024)), (896, true));
        assert_eq!(fit_connections(4096, Some(10)), (16, true));
    }
}
