//! `listen --relay`: hold a WebSocket to the relay, run each relayed request through the
//! local pipeline, send the answer (which acks it) back.
//!
//! Requests are handled one at a time in arrival order, by a worker that outlives any one
//! connection: answers finished while the link was down go out on the next one. The worker
//! remembers recently handled ids, so a redelivery (after a reconnect) is acked, not run
//! twice; the capture id is the relay's request id, so the store supersedes rather than
//! duplicates in any case. Lost links come back with exponential backoff and jitter; only
//! an auth refusal ends the client.

use super::RelayState;
use super::protocol::{self, ClientMessage, RequestHead, ServerMessage};
use crate::capture::{Capture, Origin};
use crate::pipeline::Pipeline;
use crate::target::Target;
use bytes::Bytes;
use futures_util::{SinkExt as _, StreamExt as _};
use std::collections::{HashSet, VecDeque};
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio::sync::mpsc;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest as _;
use tokio_tungstenite::tungstenite::{self, Message};

/// How the client connects and how patient it is.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// `ws://` or `wss://` relay, with an optional path prefix.
    pub relay: Target,
    pub channel: String,
    pub token: String,
    /// Accept any certificate (a self-signed relay).
    pub insecure: bool,
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
            channel: channel.to_string(),
            token: token.to_string(),
            insecure: false,
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

    fn connect_url(&self) -> String {
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

/// Ids handled recently, oldest forgotten first.
struct Recent {
    order: VecDeque<String>,
    set: HashSet<String>,
    cap: usize,
}

impl Recent {
    fn new(cap: usize) -> Recent {
        Recent {
            order: VecDeque::with_capacity(cap),
            set: HashSet::with_capacity(cap),
            cap,
        }
    }

    fn contains(&self, id: &str) -> bool {
        self.set.contains(id)
    }

    fn insert(&mut self, id: String) {
        if self.order.len() == self.cap
            && let Some(old) = self.order.pop_front()
        {
            self.set.remove(&old);
        }
        self.set.insert(id.clone());
        self.order.push_back(id);
    }
}

/// Why the client stopped for good.
#[derive(Debug, thiserror::Error)]
#[error("relay refused token for channel {channel} ({reason})")]
pub struct Refused {
    pub channel: String,
    pub reason: String,
}

enum Failure {
    /// Do not retry: the relay said no to this token/channel.
    Refused(String),
    /// Try again later.
    Retry(String),
}

/// Run until `shutdown` resolves (Ok) or the relay refuses the token (Err([`Refused`])).
pub async fn run(
    opts: ClientOptions,
    pipeline: Arc<Pipeline>,
    shutdown: impl Future<Output = ()>,
) -> Result<(), Refused> {
    let (work_tx, work_rx) = mpsc::unbounded_channel::<(RequestHead, Bytes)>();
    let (out_tx, mut out_rx) = mpsc::unbounded_channel::<Bytes>();
    let worker = tokio::spawn(work(Arc::clone(&pipeline), work_rx, out_tx));
    let _stop_worker = AbortOnDrop(worker);
    tokio::pin!(shutdown);
    let mut attempt: u32 = 0;
    loop {
        let conn = tokio::select! {
            _ = &mut shutdown => return Ok(()),
            r = connect(&opts) => r,
        };
        let reason = match conn {
            Ok(ws) => {
                let mut s = Session {
                    opts: &opts,
                    pipeline: &pipeline,
                    work: &work_tx,
                    out: &mut out_rx,
                    welcomed: false,
                };
                let end = tokio::select! {
                    _ = &mut shutdown => return Ok(()),
                    end = s.run(ws) => end,
                };
                if s.welcomed {
                    attempt = 0;
                }
                end
            }
            Err(Failure::Refused(reason)) => {
                pipeline.relay_state(RelayState::AuthFailed {
                    reason: reason.clone(),
                });
                return Err(Refused {
                    channel: opts.channel.clone(),
                    reason,
                });
            }
            Err(Failure::Retry(reason)) => reason,
        };
        let delay = backoff(opts.backoff, opts.max_backoff, attempt);
        attempt = attempt.saturating_add(1);
        pipeline.relay_state(RelayState::Reconnecting { reason, delay });
        tokio::select! {
            _ = &mut shutdown => return Ok(()),
            _ = tokio::time::sleep(delay) => {}
        }
    }
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

/// Handle relayed requests one by one, in order; push each answer (or ack) to `out`.
async fn work(
    pipeline: Arc<Pipeline>,
    mut rx: mpsc::UnboundedReceiver<(RequestHead, Bytes)>,
    out: mpsc::UnboundedSender<Bytes>,
) {
    let mut recent = Recent::new(4096);
    while let Some((head, body)) = rx.recv().await {
        if recent.contains(&head.id) {
            let ack = ClientMessage::Ack { id: head.id };
            let _ = out.send(protocol::encode(&ack, &[]));
            continue;
        }
        let id = head.id.clone();
        let reply = pipeline.handle(capture_of(head, body, &pipeline)).await;
        let answer = ClientMessage::Answer {
            id: id.clone(),
            status: reply.status.as_u16(),
            headers: crate::forward::header_pairs(&reply.headers),
        };
        recent.insert(id);
        let _ = out.send(protocol::encode(&answer, &reply.body));
    }
}

/// The capture of a relayed request: the relay's id and time, `origin: relay`.
fn capture_of(head: RequestHead, mut body: Bytes, pipeline: &Pipeline) -> Capture {
    let mut c = Capture::new(Origin::Relay, head.method, head.url);
    c.id = head.id;
    if let Some(t) = crate::capture::parse_time(&head.received_at) {
        c.received_at = t;
    }
    c.remote_addr = head.remote_addr;
    c.http_version = head.http_version;
    c.headers = head.headers;
    c.body_size = body.len() as u64;
    // The local --max-body holds here too: the pipeline answers 413 for a cut body.
    let max = pipeline.config.max_body;
    if max > 0 && c.body_size > max {
        body.truncate(max as usize);
    }
    c.body = body;
    c
}

/// Open the WebSocket (TCP, then TLS for wss, then the upgrade with the token).
async fn connect(opts: &ClientOptions) -> Result<WebSocketStream<Box<dyn Io>>, Failure> {
    let url = opts.connect_url();
    let mut request = url
        .as_str()
        .into_client_request()
        .map_err(|e| Failure::Refused(format!("bad relay URL {url} ({e})")))?;
    let bearer = format!("Bearer {}", opts.token);
    let value = http::HeaderValue::from_str(&bearer)
        .map_err(|_| Failure::Refused("the token has characters a header cannot carry".into()))?;
    request
        .headers_mut()
        .insert(http::header::AUTHORIZATION, value);
    let host = host_of(&opts.relay.authority);
    let port = opts.relay.port();
    let attempt = async {
        let tcp = TcpStream::connect((host.as_str(), port))
            .await
            .map_err(|e| Failure::Retry(format!("cannot reach {host}:{port} ({e})")))?;
        let _ = tcp.set_nodelay(true);
        let io: Box<dyn Io> = if url.starts_with("wss:") {
            let config = super::tls::client_config(opts.insecure)
                .map_err(|e| Failure::Refused(format!("{e:#}")))?;
            let name = rustls::pki_types::ServerName::try_from(host.clone())
                .map_err(|_| Failure::Refused(format!("bad relay host {host}")))?;
            let tls = tokio_rustls::TlsConnector::from(config)
                .connect(name, tcp)
                .await
                .map_err(|e| Failure::Retry(format!("TLS with {host}:{port} failed ({e})")))?;
            Box::new(tls)
        } else {
            Box::new(tcp)
        };
        let config = super::server::ws_config(u64::from(u32::MAX));
        tokio_tungstenite::client_async_with_config(request, io, Some(config))
            .await
            .map(|(ws, _)| ws)
            .map_err(refusal)
    };
    match tokio::time::timeout(Duration::from_secs(15), attempt).await {
        Ok(r) => r,
        Err(_) => Err(Failure::Retry("the relay did not answer in 15 s".into())),
    }
}

/// A byte stream the WebSocket can run on: plain TCP or TLS.
trait Io: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Io for T {}

/// 401/403 at the upgrade end the client; anything else is worth another try.
fn refusal(e: tungstenite::Error) -> Failure {
    match e {
        tungstenite::Error::Http(resp) => {
            let status = resp.status();
            let body = resp
                .body()
                .as_deref()
                .map(|b| String::from_utf8_lossy(b).trim().to_string())
                .filter(|b| !b.is_empty())
                .unwrap_or_else(|| status.canonical_reason().unwrap_or("").to_string());
            if status == http::StatusCode::UNAUTHORIZED || status == http::StatusCode::FORBIDDEN {
                Failure::Refused(format!("{}: {body}", status.as_u16()))
            } else {
                Failure::Retry(format!("the relay answered {}: {body}", status.as_u16()))
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

/// One connection's life.
struct Session<'a> {
    opts: &'a ClientOptions,
    pipeline: &'a Pipeline,
    work: &'a mpsc::UnboundedSender<(RequestHead, Bytes)>,
    out: &'a mut mpsc::UnboundedReceiver<Bytes>,
    welcomed: bool,
}

impl Session<'_> {
    /// Until the link is lost; returns why.
    async fn run<S: AsyncRead + AsyncWrite + Unpin>(&mut self, ws: WebSocketStream<S>) -> String {
        let (mut sink, mut stream) = ws.split();
        let beat = self.opts.heartbeat;
        let mut ticker = tokio::time::interval_at(tokio::time::Instant::now() + beat, beat);
        let mut last_heard = Instant::now();
        loop {
            tokio::select! {
                frame = self.out.recv() => {
                    let Some(frame) = frame else { return "the worker stopped".into() };
                    if let Err(e) = sink.send(Message::Binary(frame)).await {
                        return format!("send failed ({e})");
                    }
                }
                _ = ticker.tick() => {
                    if last_heard.elapsed() > beat * 3 {
                        return format!("no heartbeat from the relay in {} s", (beat * 3).as_secs());
                    }
                    if sink.send(Message::Ping(Bytes::new())).await.is_err() {
                        return "ping failed".into();
                    }
                }
                msg = stream.next() => {
                    last_heard = Instant::now();
                    match msg {
                        None => return "the relay closed the connection".into(),
                        Some(Err(e)) => return format!("connection lost ({e})"),
                        Some(Ok(Message::Close(_))) => return "the relay closed the connection".into(),
                        Some(Ok(Message::Binary(frame))) => {
                            if let Err(e) = self.take(&frame) {
                                return e;
                            }
                        }
                        Some(Ok(_)) => {}
                    }
                }
            }
        }
    }

    fn take(&mut self, frame: &Bytes) -> Result<(), String> {
        let (msg, body): (ServerMessage, Bytes) =
            protocol::decode(frame).map_err(|e| format!("protocol error ({e})"))?;
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
                });
            }
            ServerMessage::Request(head) => {
                let _ = self.work.send((head, body));
            }
            ServerMessage::Bye { reason } => return Err(reason),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn recent_ids_forget_the_oldest() {
        let mut r = Recent::new(2);
        r.insert("a".into());
        r.insert("b".into());
        r.insert("c".into());
        assert!(!r.contains("a") && r.contains("b") && r.contains("c"));
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
