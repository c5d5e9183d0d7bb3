//! The relay node: public ingress on `/c/{channel}/…`, listeners connect on `/ws/{channel}`.
//!
//! Every accepted request is appended to its channel's buffer before anything else happens,
//! then pushed down the channel's WebSocket (if a client holds it) in buffer order. The
//! sender gets the client's answer, or 202 when no client is connected or none answers in
//! `--response-timeout`. A request leaves the buffer only when the client acks it, so a
//! client crash, a relay crash or a reconnect loses nothing. `run` takes its listener and
//! shutdown signal from the caller (tests bind `127.0.0.1:0`).

use super::auth::{Bucket, Grants};
use super::buffer::{ChannelBuffer, DiskBuffer};
use super::protocol::{self, ClientMessage, RequestHead, ServerMessage};
use anyhow::Context as _;
use bytes::{Bytes, BytesMut};
use futures_util::{SinkExt as _, StreamExt as _};
use http::header::{HeaderName, HeaderValue};
use http::{Request, Response, StatusCode, Version};
use http_body_util::{BodyExt as _, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use std::collections::{HashMap, HashSet};
use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio::sync::{Notify, mpsc, oneshot, watch};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::protocol::{Role, WebSocketConfig};
use tokio_tungstenite::tungstenite::{Message, handshake::derive_accept_key};

/// Requests sent down a connection and not yet acked, at most.
const WINDOW: usize = 64;

/// Everything `hookcli relay` decided at start-up.
#[derive(Debug, Clone)]
pub struct RelayConfig {
    pub grants: Grants,
    /// What providers call; else `http(s)://{Host the client used}`.
    pub public_url: Option<String>,
    /// Unacked requests kept per channel; more get 503.
    pub buffer: usize,
    pub max_body: u64,
    /// Where channel buffers live (`channels/{name}.log`).
    pub store: PathBuf,
    pub response_timeout: Duration,
    /// Ingress requests a second per token (0: no limit); bursts up to twice that.
    pub rate: f64,
    /// Channels one token may hold connected at once.
    pub max_channels: usize,
    /// Ping interval; a peer silent for three of them is dropped.
    pub heartbeat: Duration,
    /// Serving TLS (for the public URL's scheme).
    pub tls: bool,
    /// Log connects and disconnects on stderr.
    pub log: bool,
}

impl RelayConfig {
    pub fn new(grants: Grants, store: PathBuf) -> RelayConfig {
        RelayConfig {
            grants,
            public_url: None,
            buffer: 10_000,
            max_body: 25 * 1024 * 1024,
            store,
            response_timeout: Duration::from_secs(10),
            rate: 0.0,
            max_channels: 16,
            heartbeat: Duration::from_secs(15),
            tls: false,
            log: false,
        }
    }
}

/// The local answer a client sent back for one request.
#[derive(Debug)]
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Bytes,
}

/// The connection currently holding a channel.
struct Slot {
    generation: u64,
    grant: usize,
    /// Rung on every append so the connection sends it.
    wake: Arc<Notify>,
    /// Rung when a newer connection takes the channel over.
    kick: Arc<Notify>,
}

struct ChannelState {
    buffer: Box<dyn ChannelBuffer>,
    /// Senders waiting for their answer, by request id.
    waiters: HashMap<String, oneshot::Sender<Answer>>,
    client: Option<Slot>,
}

struct Channel {
    name: String,
    state: Mutex<ChannelState>,
}

impl Channel {
    fn lock(&self) -> MutexGuard<'_, ChannelState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// One relay node's state: its channels, rate buckets and who is connected.
pub struct Relay {
    config: RelayConfig,
    channels: Mutex<HashMap<String, Arc<Channel>>>,
    buckets: Mutex<Vec<Bucket>>,
    /// Channels connected per grant.
    connected: Mutex<HashMap<usize, HashSet<String>>>,
    generation: AtomicU64,
    _lock: std::fs::File,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Relay {
    /// Open the store (one relay per store: it is locked) and get ready to serve.
    pub fn open(config: RelayConfig) -> anyhow::Result<Arc<Relay>> {
        let dir = config.store.join("channels");
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create relay store {}", dir.display()))?;
        let lock_path = config.store.join("relay.lock");
        let lock_file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .with_context(|| format!("cannot open {}", lock_path.display()))?;
        if lock_file.try_lock().is_err() {
            return Err(crate::error::fail(format!(
                "relay store {} is in use by another relay",
                config.store.display()
            )));
        }
        let now = Instant::now();
        let buckets = (0..config.grants.len())
            .map(|_| Bucket::new(config.rate, (config.rate * 2.0).max(1.0), now))
            .collect();
        Ok(Arc::new(Relay {
            config,
            channels: Mutex::new(HashMap::new()),
            buckets: Mutex::new(buckets),
            connected: Mutex::new(HashMap::new()),
            generation: AtomicU64::new(1),
            _lock: lock_file,
        }))
    }

    fn log(&self, msg: impl AsRef<str>) {
        if self.config.log {
            eprintln!("hookcli: relay: {}", msg.as_ref());
        }
    }

    /// A channel, opening its buffer on first use.
    fn channel(&self, name: &str) -> std::io::Result<Arc<Channel>> {
        let mut map = lock(&self.channels);
        if let Some(c) = map.get(name) {
            return Ok(Arc::clone(c));
        }
        let path = self
            .config
            .store
            .join("channels")
            .join(format!("{name}.log"));
        let (buffer, torn) = DiskBuffer::open(&path)?;
        if let Some(w) = torn {
            eprintln!("hookcli: warning: {w}");
        }
        if !buffer.is_empty() {
            self.log(format!(
                "channel {name}: {} buffered requests waiting",
                buffer.len()
            ));
        }
        let c = Arc::new(Channel {
            name: name.to_string(),
            state: Mutex::new(ChannelState {
                buffer: Box::new(buffer),
                waiters: HashMap::new(),
                client: None,
            }),
        });
        map.insert(name.to_string(), Arc::clone(&c));
        Ok(c)
    }

    /// Requests waiting in a channel's buffer (for tests and health checks).
    pub fn pending(&self, channel: &str) -> usize {
        self.channel(channel).map_or(0, |c| c.lock().buffer.len())
    }
}

/// Serve until `shutdown` resolves; then close every connection and return once they are gone.
pub async fn run(
    listener: TcpListener,
    relay: Arc<Relay>,
    tls: Option<tokio_rustls::TlsAcceptor>,
    shutdown: impl Future<Output = ()>,
) {
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(Duration::from_secs(10))
        .keep_alive(true);
    builder.http2().timer(TokioTimer::new());
    let builder = Arc::new(builder);
    let (stop_tx, stop) = watch::channel(false);
    // Every task holds a clone; when all are dropped, every connection is closed.
    let (alive, mut all_done) = mpsc::channel::<()>(1);
    tokio::pin!(shutdown);
    loop {
        let (tcp, remote) = tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    relay.log(format!("cannot accept a connection ({e})"));
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let _ = tcp.set_nodelay(true);
        let ctx = Ctx {
            relay: Arc::clone(&relay),
            stop: stop.clone(),
            alive: alive.clone(),
            remote,
        };
        let builder = Arc::clone(&builder);
        let tls = tls.clone();
        tokio::spawn(async move {
            match tls {
                None => serve(tcp, ctx, &builder).await,
                Some(acceptor) => {
                    let hs = tokio::time::timeout(Duration::from_secs(10), acceptor.accept(tcp));
                    if let Ok(Ok(stream)) = hs.await {
                        serve(stream, ctx, &builder).await;
                    }
                }
            }
        });
    }
    let _ = stop_tx.send(true);
    drop(alive);
    let _ = all_done.recv().await;
}

/// What each connection's tasks carry.
#[derive(Clone)]
struct Ctx {
    relay: Arc<Relay>,
    stop: watch::Receiver<bool>,
    alive: mpsc::Sender<()>,
    remote: SocketAddr,
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

/// Resolves once the relay is shutting down.
async fn stopped(stop: &mut watch::Receiver<bool>) {
    loop {
        if *stop.borrow_and_update() {
            return;
        }
        if stop.changed().await.is_err() {
            return;
        }
    }
}

type Resp = Response<Full<Bytes>>;

fn text(status: StatusCode, msg: impl Into<String>) -> Resp {
    let mut body = msg.into();
    body.push('\n');
    let mut r = Response::new(Full::new(Bytes::from(body)));
    *r.status_mut() = status;
    r.headers_mut().insert(
        http::header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}

async fn route(req: Request<Incoming>, ctx: Ctx) -> Resp {
    let path = req.uri().path().to_string();
    if path == "/healthz" {
        return text(StatusCode::OK, "ok");
    }
    if let Some(channel) = path.strip_prefix(protocol::CONNECT_PREFIX) {
        let channel = channel.to_string();
        return connect(req, &channel, ctx);
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
        return ingress(req, &channel, url, &ctx).await;
    }
    text(
        StatusCode::NOT_FOUND,
        "hookcli relay: send webhooks to /c/{channel}/{path}",
    )
}

fn version_str(v: Version) -> &'static str {
    match v {
        Version::HTTP_10 => "HTTP/1.0",
        Version::HTTP_2 => "HTTP/2.0",
        _ => "HTTP/1.1",
    }
}

/// Public ingress: buffer, deliver, wait for the answer (or 202).
async fn ingress(req: Request<Incoming>, channel: &str, url: String, ctx: &Ctx) -> Resp {
    let relay = &ctx.relay;
    let config = &relay.config;
    if !protocol::valid_channel(channel) {
        return text(StatusCode::NOT_FOUND, "hookcli relay: bad channel name");
    }
    let Some(owner) = config.grants.owner(channel) else {
        return text(
            StatusCode::NOT_FOUND,
            format!("hookcli relay: no token grants channel {channel}"),
        );
    };
    if config.rate > 0.0 && !lock(&relay.buckets)[owner].take(Instant::now()) {
        let mut r = text(
            StatusCode::TOO_MANY_REQUESTS,
            "hookcli relay: rate limit reached for this channel's token",
        );
        r.headers_mut()
            .insert(http::header::RETRY_AFTER, HeaderValue::from_static("1"));
        return r;
    }
    let (parts, body) = req.into_parts();
    let body = match read_body(body, &parts.headers, config.max_body).await {
        Ok(b) => b,
        Err(resp) => return resp,
    };
    let id = crate::capture::new_id();
    let head = RequestHead {
        id: id.clone(),
        method: parts.method.as_str().to_string(),
        url,
        http_version: version_str(parts.version).into(),
        remote_addr: Some(ctx.remote.to_string()),
        received_at: crate::capture::format_time(time::OffsetDateTime::now_utc()),
        headers: crate::forward::header_pairs(&parts.headers),
    };
    let frame = protocol::encode(&ServerMessage::Request(head), &body);
    let ch = match relay.channel(channel) {
        Ok(c) => c,
        Err(e) => {
            return text(
                StatusCode::SERVICE_UNAVAILABLE,
                format!("hookcli relay: cannot open the buffer of channel {channel} ({e})"),
            );
        }
    };
    let waiter = {
        let mut st = ch.lock();
        if st.buffer.len() >= config.buffer {
            return text(
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "hookcli relay: channel {channel} has {} requests waiting (--buffer); try later",
                    st.buffer.len()
                ),
            );
        }
        if let Err(e) = st.buffer.append(&id, &frame) {
            return text(
                StatusCode::SERVICE_UNAVAILABLE,
                format!("hookcli relay: cannot buffer the request ({e})"),
            );
        }
        let wake = st.client.as_ref().map(|s| Arc::clone(&s.wake));
        wake.map(|wake| {
            let (tx, rx) = oneshot::channel();
            st.waiters.insert(id.clone(), tx);
            wake.notify_one();
            rx
        })
    };
    let queued = || {
        let mut r = text(
            StatusCode::ACCEPTED,
            format!("hookcli relay: queued for channel {channel}"),
        );
        r.headers_mut()
            .insert("x-hookcli-relay", HeaderValue::from_static("queued"));
        r
    };
    let Some(rx) = waiter else {
        return queued();
    };
    match tokio::time::timeout(config.response_timeout, rx).await {
        Ok(Ok(answer)) => answer_response(answer),
        _ => {
            ch.lock().waiters.remove(&id);
            queued()
        }
    }
}

/// The whole body, or the 413/400 to answer instead.
async fn read_body(mut body: Incoming, headers: &http::HeaderMap, max: u64) -> Result<Bytes, Resp> {
    let too_large = || {
        text(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("hookcli relay: request body is over --max-body {max} bytes"),
        )
    };
    let announced = headers
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if announced.is_some_and(|n| n > max) {
        return Err(too_large());
    }
    let mut buf = BytesMut::with_capacity(announced.unwrap_or(0) as usize);
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| {
            text(
                StatusCode::BAD_REQUEST,
                format!("hookcli relay: cannot read the request body ({e})"),
            )
        })?;
        if let Ok(data) = frame.into_data() {
            if (buf.len() + data.len()) as u64 > max {
                return Err(too_large());
            }
            buf.extend_from_slice(&data);
        }
    }
    Ok(buf.freeze())
}

fn answer_response(a: Answer) -> Resp {
    let mut r = Response::new(Full::new(a.body));
    *r.status_mut() = StatusCode::from_u16(a.status).unwrap_or(StatusCode::BAD_GATEWAY);
    let h = r.headers_mut();
    for (k, v) in a.headers {
        if crate::forward::is_hop_by_hop(&k) || k.eq_ignore_ascii_case("content-length") {
            continue;
        }
        if let (Ok(k), Ok(v)) = (
            HeaderName::from_bytes(k.as_bytes()),
            HeaderValue::from_bytes(v.as_bytes()),
        ) {
            h.append(k, v);
        }
    }
    r
}

/// A client asks for a channel: check its token before touching any channel state, then
/// upgrade and hand the socket to [`serve_client`].
fn connect(req: Request<Incoming>, channel: &str, ctx: Ctx) -> Resp {
    let relay = Arc::clone(&ctx.relay);
    let headers = req.headers();
    let is_ws = headers
        .get(http::header::UPGRADE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("websocket"));
    let key = headers.get("sec-websocket-key").map(|k| k.as_bytes());
    let (true, Some(key)) = (is_ws, key) else {
        return text(
            StatusCode::BAD_REQUEST,
            "hookcli relay: this path takes a WebSocket (hookcli listen --relay)",
        );
    };
    let token = headers
        .get(http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    let Some(grant) = relay.config.grants.check(token.trim()) else {
        return text(StatusCode::UNAUTHORIZED, "the token is not valid");
    };
    if !protocol::valid_channel(channel) || !relay.config.grants.get(grant).allows(channel) {
        return text(
            StatusCode::FORBIDDEN,
            format!("the token does not grant channel {channel}"),
        );
    }
    let accept = derive_accept_key(key);
    let public_url = relay.config.public_url.clone().unwrap_or_else(|| {
        let host = headers
            .get(http::header::HOST)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("localhost");
        let scheme = if relay.config.tls { "https" } else { "http" };
        format!("{scheme}://{host}")
    });
    {
        let mut connected = lock(&relay.connected);
        let mine = connected.entry(grant).or_default();
        if !mine.contains(channel) && mine.len() >= relay.config.max_channels {
            return text(
                StatusCode::TOO_MANY_REQUESTS,
                format!(
                    "the token already holds {} connected channels (--max-channels)",
                    mine.len()
                ),
            );
        }
        mine.insert(channel.to_string());
    }
    let ch = match relay.channel(channel) {
        Ok(c) => c,
        Err(e) => {
            return text(
                StatusCode::SERVICE_UNAVAILABLE,
                format!("cannot open the buffer of channel {channel} ({e})"),
            );
        }
    };
    let generation = relay.generation.fetch_add(1, Ordering::Relaxed);
    let wake = Arc::new(Notify::new());
    let kick = Arc::new(Notify::new());
    {
        let mut st = ch.lock();
        if let Some(old) = st.client.replace(Slot {
            generation,
            grant,
            wake: Arc::clone(&wake),
            kick: Arc::clone(&kick),
        }) {
            old.kick.notify_one();
            if old.grant != grant
                && let Some(set) = lock(&relay.connected).get_mut(&old.grant)
            {
                set.remove(channel);
            }
        }
    }
    relay.log(format!(
        "channel {channel} connected from {} (token #{})",
        ctx.remote,
        grant + 1
    ));
    let upgrade = hyper::upgrade::on(req);
    tokio::spawn(async move {
        let _alive = ctx.alive.clone();
        let reason = match upgrade.await {
            Ok(up) => {
                let ws = WebSocketStream::from_raw_socket(
                    TokioIo::new(up),
                    Role::Server,
                    Some(ws_config(relay.config.max_body)),
                )
                .await;
                let conn = Conn {
                    relay: &relay,
                    ch: &ch,
                    wake,
                    kick,
                    public_url,
                };
                conn.serve(ws, ctx.stop.clone()).await
            }
            Err(e) => format!("upgrade failed ({e})"),
        };
        let mine = {
            let mut st = ch.lock();
            let mine = st
                .client
                .as_ref()
                .is_some_and(|s| s.generation == generation);
            if mine {
                st.client = None;
                // Senders waiting on this connection get their 202 now, not at the timeout.
                st.waiters.clear();
            }
            mine
        };
        if mine && let Some(set) = lock(&relay.connected).get_mut(&grant) {
            set.remove(&ch.name);
        }
        relay.log(format!("channel {} disconnected ({reason})", ch.name));
    });
    let mut r = Response::new(Full::new(Bytes::new()));
    *r.status_mut() = StatusCode::SWITCHING_PROTOCOLS;
    let h = r.headers_mut();
    h.insert(http::header::UPGRADE, HeaderValue::from_static("websocket"));
    h.insert(
        http::header::CONNECTION,
        HeaderValue::from_static("Upgrade"),
    );
    if let Ok(v) = HeaderValue::from_str(&accept) {
        h.insert("sec-websocket-accept", v);
    }
    r
}

/// Messages up to the body limit plus room for the head.
pub(crate) fn ws_config(max_body: u64) -> WebSocketConfig {
    let max = usize::try_from(max_body)
        .unwrap_or(usize::MAX)
        .saturating_add(1 << 20);
    WebSocketConfig::default()
        .max_message_size(Some(max))
        .max_frame_size(Some(max))
}

/// One client connection holding one channel.
struct Conn<'a> {
    relay: &'a Relay,
    ch: &'a Channel,
    wake: Arc<Notify>,
    kick: Arc<Notify>,
    public_url: String,
}

impl Conn<'_> {
    /// Deliver the buffer in order (at most [`WINDOW`] unacked), take answers and acks, ping.
    /// Returns why it ended.
    async fn serve<S>(self, ws: WebSocketStream<S>, mut stop: watch::Receiver<bool>) -> String
    where
        S: AsyncRead + AsyncWrite + Unpin,
    {
        let (mut sink, mut stream) = ws.split();
        let pending = self.ch.lock().buffer.len() as u64;
        let welcome = ServerMessage::Welcome {
            public_url: self.public_url.clone(),
            pending,
        };
        if let Err(e) = sink
            .send(Message::Binary(protocol::encode(&welcome, &[])))
            .await
        {
            return format!("cannot greet ({e})");
        }
        let beat = self.relay.config.heartbeat;
        let mut ticker = tokio::time::interval_at(tokio::time::Instant::now() + beat, beat);
        let mut last_heard = Instant::now();
        let mut cursor: Option<u64> = None;
        let mut inflight: HashSet<String> = HashSet::new();
        loop {
            if inflight.len() < WINDOW {
                let batch = self
                    .ch
                    .lock()
                    .buffer
                    .pending(cursor, WINDOW - inflight.len());
                let batch = match batch {
                    Ok(b) => b,
                    Err(e) => return format!("cannot read the buffer ({e})"),
                };
                if !batch.is_empty() {
                    for p in batch {
                        cursor = Some(p.seq);
                        inflight.insert(p.id);
                        if let Err(e) = sink.feed(Message::Binary(p.frame)).await {
                            return format!("send failed ({e})");
                        }
                    }
                    if let Err(e) = sink.flush().await {
                        return format!("send failed ({e})");
                    }
                }
            }
            tokio::select! {
                _ = self.wake.notified() => {}
                _ = self.kick.notified() => {
                    let bye = ServerMessage::Bye { reason: "a newer connection took the channel".into() };
                    let _ = sink.send(Message::Binary(protocol::encode(&bye, &[]))).await;
                    let _ = sink.close().await;
                    return "replaced by a newer connection".into();
                }
                _ = stopped(&mut stop) => {
                    let _ = sink.close().await;
                    return "relay shutting down".into();
                }
                _ = ticker.tick() => {
                    if last_heard.elapsed() > beat * 3 {
                        return "no heartbeat".into();
                    }
                    if sink.send(Message::Ping(Bytes::new())).await.is_err() {
                        return "ping failed".into();
                    }
                }
                msg = stream.next() => {
                    last_heard = Instant::now();
                    match msg {
                        None => return "closed".into(),
                        Some(Err(e)) => return format!("{e}"),
                        Some(Ok(Message::Close(_))) => return "closed by the client".into(),
                        Some(Ok(Message::Binary(frame))) => {
                            if let Err(e) = self.take(&frame, &mut inflight) {
                                return e;
                            }
                        }
                        Some(Ok(_)) => {}
                    }
                }
            }
        }
    }

    /// An answer or ack from the client: out of the buffer, to the waiting sender.
    fn take(&self, frame: &Bytes, inflight: &mut HashSet<String>) -> Result<(), String> {
        let (msg, body): (ClientMessage, Bytes) =
            protocol::decode(frame).map_err(|e| format!("protocol error ({e})"))?;
        let (id, answer) = match msg {
            ClientMessage::Answer {
                id,
                status,
                headers,
            } => (
                id,
                Some(Answer {
                    status,
                    headers,
                    body,
                }),
            ),
            ClientMessage::Ack { id } => (id, None),
        };
        inflight.remove(&id);
        let waiter = {
            let mut st = self.ch.lock();
            if let Err(e) = st.buffer.ack(&id) {
                // Not fatal: the request stays and is delivered again, the client dedupes.
                eprintln!(
                    "hookcli: warning: cannot record the ack of {id} on channel {} ({e})",
                    self.ch.name
                );
            }
            st.waiters.remove(&id)
        };
        if let (Some(w), Some(a)) = (waiter, answer) {
            let _ = w.send(a);
        }
        Ok(())
    }
}
