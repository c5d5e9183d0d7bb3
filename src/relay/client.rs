//! `listen --relay`: hold a WebSocket to the relay, hand each relayed request to the worker
//! ([`super::worker`]), send its answer, ack or nack back.
//!
//! Lost links come back with exponential backoff and jitter. The client stops for good only
//! when going on cannot help: the token is refused, another listener holds the channel (or
//! took it over), or the relay does not speak TLS at a `wss://` address. Ctrl-C closes the
//! WebSocket with a close frame, so the relay sees a goodbye, not a reset.

use super::protocol::{self, ServerMessage};
use super::worker::{Work, work};
use crate::event::RelayState;
use crate::pipeline::Pipeline;
use bytes::Bytes;
use futures_util::{SinkExt as _, StreamExt as _};
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio::sync::mpsc;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest as _;
use tokio_tungstenite::tungstenite::{self, Message};

pub use super::client_options::ClientOptions;

/// Why the client stopped for good.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    #[error("relay refused token for channel {channel} ({reason})")]
    Token { channel: String, reason: String },
    #[error("relay channel {channel} is held by another listener (pass --takeover to replace it)")]
    Held { channel: String },
    #[error("relay channel {channel}: {reason}; stopping")]
    TakenOver { channel: String, reason: String },
    #[error("{0}")]
    Other(String),
}

enum Failure {
    /// Do not retry: the relay said no to this token/channel.
    Refused(Refused),
    /// Another listener holds the channel (it may be this listener's own dead link, for a
    /// moment: retried briefly before giving up).
    Held,
    /// Try again later.
    Retry(String),
}

/// A `409 held` is believed after this many tries in a row (a listener that just died may
/// hold the channel until the relay notices, a moment later).
const HELD_TRIES: u32 = 4;
const HELD_RETRY: Duration = Duration::from_millis(250);

/// Run until `shutdown` resolves (Ok) or the client must stop (Err([`Refused`])).
pub async fn run(
    mut opts: ClientOptions,
    pipeline: Arc<Pipeline>,
    shutdown: impl Future<Output = ()>,
) -> Result<(), Refused> {
    let (work_tx, work_rx) = mpsc::unbounded_channel::<Work>();
    let (out_tx, mut out_rx) = mpsc::unbounded_channel::<Bytes>();
    let worker = tokio::spawn(work(Arc::clone(&pipeline), work_rx, out_tx));
    let _worker = AbortOnDrop(worker);
    tokio::pin!(shutdown);
    let mut attempt: u32 = 0;
    let mut held: u32 = 0;
    let mut first = true;
    // Nodes tried since the last good link: each other node is tried at once, then backoff.
    let mut tried: usize = 0;
    loop {
        let conn = tokio::select! {
            _ = &mut shutdown => return Ok(()),
            r = connect(&opts) => r,
        };
        let reason = match conn {
            Ok(ws) => {
                held = 0;
                let mut s = Session {
                    opts: &opts,
                    pipeline: &pipeline,
                    work: &work_tx,
                    out: &mut out_rx,
                    welcomed: false,
                    first,
                };
                let end = s.run(ws, &mut shutdown).await;
                if s.welcomed {
                    attempt = 0;
                    tried = 0;
                    first = false;
                }
                match end {
                    End::Shutdown => return Ok(()),
                    End::Lost(reason) => reason,
                    End::Bye(reason) => {
                        return Err(stop(
                            &pipeline,
                            Refused::TakenOver {
                                channel: opts.channel.clone(),
                                reason,
                            },
                        ));
                    }
                }
            }
            Err(Failure::Refused(r)) => return Err(stop(&pipeline, r)),
            Err(Failure::Held) => {
                held += 1;
                if held >= HELD_TRIES {
                    let channel = opts.channel.clone();
                    return Err(stop(&pipeline, Refused::Held { channel }));
                }
                // Quietly, a moment later: only the final verdict is worth a line.
                tokio::select! {
                    _ = &mut shutdown => return Ok(()),
                    _ = tokio::time::sleep(HELD_RETRY) => {}
                }
                continue;
            }
            Err(Failure::Retry(reason)) => reason,
        };
        opts.next_node();
        if tried < opts.others.len() {
            // Another node may be up: try it now, as a load balancer would.
            tried += 1;
            let reason = format!("{reason}; trying {} next", opts.relay.authority);
            let delay = Duration::ZERO;
            pipeline.relay_state(RelayState::Reconnecting { reason, delay });
            continue;
        }
        tried = 0;
        let delay = backoff(opts.backoff, opts.max_backoff, attempt);
        attempt = attempt.saturating_add(1);
        pipeline.relay_state(RelayState::Reconnecting { reason, delay });
        tokio::select! {
            _ = &mut shutdown => return Ok(()),
            _ = tokio::time::sleep(delay) => {}
        }
    }
}

/// Tell the sinks the client stopped, and why.
fn stop(pipeline: &Pipeline, r: Refused) -> Refused {
    pipeline.relay_state(RelayState::AuthFailed {
        reason: r.to_string(),
    });
    r
}

struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// `base · 2^attempt`, capped, then scaled by a random factor in [0.5, 1] so a fleet of
/// clients that lost the same relay do not all come back in the same millisecond.
pub fn backoff(base: Duration, cap: Duration, attempt: u32) -> Duration {
    let exp = base.saturating_mul(1u32 << attempt.min(16)).min(cap);
    exp.mul_f64(0.5 + 0.5 * random_unit())
}

/// A number in [0, 1) from the std hasher's per-process random keys and the clock.
fn random_unit() -> f64 {
    use std::hash::{BuildHasher as _, Hasher as _};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    (h.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// Open the WebSocket (TCP, then TLS for wss, then the upgrade with the token).
async fn connect(opts: &ClientOptions) -> Result<WebSocketStream<Box<dyn Io>>, Failure> {
    let url = opts.connect_url();
    let other = |m: String| Failure::Refused(Refused::Other(m));
    let mut request = url
        .as_str()
        .into_client_request()
        .map_err(|e| other(format!("bad relay URL {url} ({e})")))?;
    let bearer = format!("Bearer {}", opts.token);
    let value = http::HeaderValue::from_str(&bearer)
        .map_err(|_| other("the token has characters a header cannot carry".into()))?;
    let h = request.headers_mut();
    h.insert(http::header::AUTHORIZATION, value);
    if let Ok(v) = http::HeaderValue::from_str(&opts.session) {
        h.insert(protocol::SESSION_HEADER, v);
    }
    if opts.takeover {
        h.insert(
            protocol::TAKEOVER_HEADER,
            http::HeaderValue::from_static("1"),
        );
    }
    let host = host_of(&opts.relay.authority);
    let port = opts.relay.port();
    let attempt = async {
        let tcp = TcpStream::connect((host.as_str(), port))
            .await
            .map_err(|e| Failure::Retry(format!("cannot reach {host}:{port} ({e})")))?;
        let _ = tcp.set_nodelay(true);
        let io: Box<dyn Io> = if url.starts_with("wss:") {
            let config =
                super::tls::client_config(opts.insecure).map_err(|e| other(format!("{e:#}")))?;
            let name = rustls::pki_types::ServerName::try_from(host.clone())
                .map_err(|_| other(format!("bad relay host {host}")))?;
            let tls = tokio_rustls::TlsConnector::from(config)
                .connect(name, tcp)
                .await
                .map_err(|e| tls_failure(&e, &opts.relay.authority))?;
            Box::new(tls)
        } else {
            Box::new(tcp)
        };
        let config = super::limits::ws_config(u64::from(u32::MAX));
        tokio_tungstenite::client_async_with_config(request, io, Some(config))
            .await
            .map(|(ws, _)| ws)
            .map_err(|e| refusal(e, &opts.channel))
    };
    match tokio::time::timeout(Duration::from_secs(15), attempt).await {
        Ok(r) => r,
        Err(_) => Err(Failure::Retry("the relay did not answer in 15 s".into())),
    }
}

/// A TLS handshake that failed because the other end answered in plain HTTP is a wrong
/// scheme, not a bad moment: say `ws://` and stop. Anything else is worth another try.
fn tls_failure(e: &std::io::Error, authority: &str) -> Failure {
    let plain = e
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<rustls::Error>())
        .is_some_and(|r| {
            matches!(
                r,
                rustls::Error::InvalidMessage(_) | rustls::Error::InappropriateMessage { .. }
            )
        });
    if plain {
        Failure::Refused(Refused::Other(format!(
            "TLS with relay {authority} failed ({e}): the relay speaks plain HTTP, use ws://{authority}"
        )))
    } else {
        Failure::Retry(format!("TLS with {authority} failed ({e})"))
    }
}

/// A byte stream the WebSocket can run on: plain TCP or TLS.
trait Io: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Io for T {}

/// 401/403 at the upgrade end the client, 409 means someone else holds the channel;
/// anything else is worth another try.
fn refusal(e: tungstenite::Error, channel: &str) -> Failure {
    match e {
        tungstenite::Error::Http(resp) => {
            let status = resp.status();
            let body = resp
                .body()
                .as_deref()
                .map(|b| String::from_utf8_lossy(b).trim().to_string())
                .filter(|b| !b.is_empty())
                .unwrap_or_else(|| status.canonical_reason().unwrap_or("").to_string());
            match status {
                http::StatusCode::UNAUTHORIZED | http::StatusCode::FORBIDDEN => {
                    Failure::Refused(Refused::Token {
                        channel: channel.to_string(),
                        reason: format!("{}: {body}", status.as_u16()),
                    })
                }
                http::StatusCode::CONFLICT => Failure::Held,
                _ => Failure::Retry(format!("the relay answered {}: {body}", status.as_u16())),
            }
        }
        other => Failure::Retry(format!("WebSocket handshake failed ({other})")),
    }
}

/// `host` of `host:port` / `[v6]:port` / `host`, without brackets.
fn host_of(authority: &str) -> String {
    if let Some(rest) = authority.strip_prefix('[') {
        return rest.split(']').next().unwrap_or("").to_string();
    }
    authority.split(':').next().unwrap_or("").to_string()
}

/// How a connection ended.
enum End {
    /// Ctrl-C: the close handshake is done (or given up on).
    Shutdown,
    /// The link broke; reconnect.
    Lost(String),
    /// The relay said goodbye for good (taken over).
    Bye(String),
}

/// One connection's life.
struct Session<'a> {
    opts: &'a ClientOptions,
    pipeline: &'a Pipeline,
    work: &'a mpsc::UnboundedSender<Work>,
    out: &'a mut mpsc::UnboundedReceiver<Bytes>,
    welcomed: bool,
    /// The first connection of this process: it announces the public URL.
    first: bool,
}

impl Session<'_> {
    /// Until the link is lost, the relay says bye, or `shutdown` resolves.
    async fn run<S, F>(
        &mut self,
        ws: WebSocketStream<S>,
        shutdown: &mut std::pin::Pin<&mut F>,
    ) -> End
    where
        S: AsyncRead + AsyncWrite + Unpin,
        F: Future<Output = ()>,
    {
        let (mut sink, mut stream) = ws.split();
        let beat = self.opts.heartbeat;
        let mut ticker = tokio::time::interval_at(tokio::time::Instant::now() + beat, beat);
        let mut last_heard = Instant::now();
        let _ = self.work.send(Work::NewLink);
        loop {
            tokio::select! {
                _ = shutdown.as_mut() => {
                    // A close frame, then wait (briefly) for the relay's: a clean goodbye.
                    let _ = sink.send(Message::Close(None)).await;
                    let _ = tokio::time::timeout(Duration::from_secs(1), async {
                        while let Some(Ok(m)) = stream.next().await {
                            if m.is_close() {
                                break;
                            }
                        }
                    })
                    .await;
                    return End::Shutdown;
                }
                frame = self.out.recv() => {
                    let Some(frame) = frame else { return End::Lost("the worker stopped".into()) };
                    if let Err(e) = sink.send(Message::Binary(frame)).await {
                        return End::Lost(format!("send failed ({e})"));
                    }
                }
                _ = ticker.tick() => {
                    if last_heard.elapsed() > beat * 3 {
                        return End::Lost(format!("no heartbeat from the relay in {} s", (beat * 3).as_secs()));
                    }
                    if sink.send(Message::Ping(Bytes::new())).await.is_err() {
                        return End::Lost("ping failed".into());
                    }
                }
                msg = stream.next() => {
                    last_heard = Instant::now();
                    match msg {
                        None | Some(Ok(Message::Close(_))) => {
                            return End::Lost("the relay closed the connection".into());
                        }
                        Some(Err(e)) => return End::Lost(format!("connection lost ({e})")),
                        Some(Ok(Message::Binary(frame))) => {
                            if let Some(end) = self.take(&frame) {
                                return end;
                            }
                        }
                        Some(Ok(_)) => {}
                    }
                }
            }
        }
    }

    fn take(&mut self, frame: &Bytes) -> Option<End> {
        let (msg, body): (ServerMessage, Bytes) = match protocol::decode(frame) {
            Ok(m) => m,
            Err(e) => return Some(End::Lost(format!("protocol error ({e})"))),
        };
        match msg {
            ServerMessage::Welcome {
                public_url,
                pending,
            } => {
                self.welcomed = true;
                self.pipeline.relay_state(RelayState::Connected {
                    channel: self.opts.channel.clone(),
                    public_url: format!(
                        "{}/c/{}/",
                        public_url.trim_end_matches('/'),
                        self.opts.channel
                    ),
                    pending,
                    first: self.first,
                });
            }
            ServerMessage::Request(head) => {
                let _ = self.work.send(Work::Request(head, body));
            }
            ServerMessage::Bye { reason } => return Some(End::Bye(reason)),
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::target::Target;

    #[test]
    fn a_down_node_hands_over_to_the_next_and_the_list_comes_round() {
        let t = |a: &str| Target::parse_with(a, "ws").unwrap();
        let mut o = ClientOptions::new(t("ws://127.0.0.1:1"), "alice", "tok");
        o.others = vec![t("ws://127.0.0.1:2"), t("ws://127.0.0.1:3")];
        let mut seen = Vec::new();
        for _ in 0..4 {
            seen.push(o.relay.authority.clone());
            o.next_node();
        }
        assert_eq!(
            seen,
            ["127.0.0.1:1", "127.0.0.1:2", "127.0.0.1:3", "127.0.0.1:1"]
        );
    }

    #[test]
    fn backoff_doubles_to_its_cap_with_jitter() {
        let base = Duration::from_millis(500);
        let cap = Duration::from_secs(30);
        for attempt in 0..20 {
            let d = backoff(base, cap, attempt);
            let full = base.saturating_mul(1 << attempt.min(16)).min(cap);
            assert!(d >= full / 2 && d <= full, "{attempt}: {d:?}");
        }
    }

    #[test]
    fn urls_follow_the_relay_scheme() {
        let o = ClientOptions::new(
            Target::parse_with("wss://hooks.example.com", "wss").unwrap(),
            "alice",
            "t",
        );
        assert_eq!(o.public_url(), "https://hooks.example.com/c/alice/");
        assert_eq!(o.connect_url(), "wss://hooks.example.com/ws/alice");
        assert_eq!(host_of("[::1]:80"), "::1");
        assert_eq!(host_of("a.b:9"), "a.b");
    }
}
