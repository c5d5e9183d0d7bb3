//! A listener's WebSocket: the upgrade (token, one holder per channel) and the delivery loop.
//!
//! Delivery sends the buffer in order, at most [`WINDOW`] requests (and [`WINDOW_BYTES`])
//! unacked at once. An answer or ack takes a request out of the buffer; a nack ("not
//! stored") leaves it there, pauses delivery for the retry delay, then starts again from the
//! oldest request still waiting, so the listener sees them again in order.

use super::ctx::{Ctx, stopped};
use super::limits::{MAX_RETRY, ws_config};
use super::protocol::{self, ClientMessage, ServerMessage};
use super::registry::{Answer, Channel, ChannelError, Kick, Relay, Slot, lock};
use crate::http::{Resp, text};
use bytes::Bytes;
use futures_util::{SinkExt as _, StreamExt as _};
use http::header::HeaderValue;
use http::{Request, Response, StatusCode};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::{Notify, oneshot, watch};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::protocol::Role;
use tokio_tungstenite::tungstenite::{Message, handshake::derive_accept_key};

/// Requests sent down a connection and not yet acked, at most.
const WINDOW: usize = 64;
/// Bytes of frames sent and not yet acked, at most (past the first frame).
const WINDOW_BYTES: u64 = 32 << 20;

fn header<'a>(req: &'a Request<Incoming>, name: &str) -> Option<&'a str> {
    req.headers().get(name).and_then(|v| v.to_str().ok())
}

/// A client asks for a channel: check its token before touching any channel state, make sure
/// nobody else holds it, then upgrade and hand the socket to [`Conn::serve`].
pub(super) fn connect(req: Request<Incoming>, channel: &str, ctx: Ctx) -> Resp {
    let relay = Arc::clone(&ctx.relay);
    let is_ws = header(&req, "upgrade").is_some_and(|v| v.eq_ignore_ascii_case("websocket"));
    let (true, Some(key)) = (is_ws, req.headers().get("sec-websocket-key")) else {
        return text(
            StatusCode::BAD_REQUEST,
            "hookcli relay: this path takes a WebSocket (hookcli listen --relay)",
        );
    };
    let accept = derive_accept_key(key.as_bytes());
    let token = header(&req, "authorization")
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
    let session = header(&req, protocol::SESSION_HEADER)
        .filter(|s| protocol::valid_id(s))
        .map_or_else(crate::capture::new_id, str::to_string);
    let takeover = header(&req, protocol::TAKEOVER_HEADER) == Some("1");
    let public_url = relay.config.public_url.clone().unwrap_or_else(|| {
        let host = header(&req, "host").unwrap_or("localhost");
        let scheme = if relay.config.tls { "https" } else { "http" };
        format!("{scheme}://{host}")
    });
    let ch = match relay.channel(channel, true) {
        Ok(c) => c,
        Err(e @ ChannelError::Unknown(_)) => return text(StatusCode::NOT_FOUND, e.to_string()),
        Err(e) => return text(StatusCode::SERVICE_UNAVAILABLE, e.to_string()),
    };
    let generation = relay.next_generation();
    let wake = Arc::new(Notify::new());
    let (kick_tx, kick) = oneshot::channel();
    let slot = Slot {
        generation,
        grant,
        session,
        wake: Arc::clone(&wake),
        kick: Some(kick_tx),
    };
    if let Err(refused) = hold(&relay, &ch, channel, slot, takeover) {
        return *refused;
    }
    relay.log(format!(
        "channel {channel} connected from {} (token #{})",
        ctx.remote,
        grant + 1
    ));
    let upgrade = hyper::upgrade::on(req);
    tokio::spawn(async move {
        let _alive = ctx.alive.clone();
        // Counts under --max-connections for as long as the WebSocket lives.
        let _slot = Arc::clone(&ctx.slot);
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
                    public_url,
                };
                conn.serve(ws, kick, ctx.stop.clone()).await
            }
            Err(e) => format!("upgrade failed ({e})"),
        };
        release(&relay, &ch, generation, grant);
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

/// Take `channel` for the slot's session, unless another listener holds it (here or, with
/// shared buffers, on another node) or the token is at `--max-channels`; a listener it
/// replaces is told why.
fn hold(
    relay: &Relay,
    ch: &Channel,
    channel: &str,
    slot: Slot,
    takeover: bool,
) -> Result<(), Box<Resp>> {
    let (grant, session) = (slot.grant, slot.session.clone());

    let mut st = ch.lock();
    if let Some(holder) = &st.client
        && holder.session != slot.session
        && !takeover
    {
        return Err(refuse(
            StatusCode::CONFLICT,
            format!("channel {channel} is held by another listener (--takeover replaces it)"),
        ));
    }
    // Shared buffers: a listener on another node may hold it (exactly one claim wins).
    match st.buffer.claim(&slot.session, takeover) {
        Ok(true) => {}
        Ok(false) => {
            return Err(refuse(
                StatusCode::CONFLICT,
                format!("channel {channel} is held by another listener (--takeover replaces it)"),
            ));
        }
        Err(e) => {
            return Err(refuse(
                StatusCode::SERVICE_UNAVAILABLE,
                format!("cannot claim channel {channel} ({e})"),
            ));
        }
    }
    {
        let mut connected = lock(&relay.connected);
        let mine = connected.entry(grant).or_default();
        if !mine.contains(channel) && mine.len() >= relay.config.max_channels {
            return Err(refuse(
                StatusCode::TOO_MANY_REQUESTS,
                format!(
                    "the token already holds {} connected channels (--max-channels)",
                    mine.len()
                ),
            ));
        }
        mine.insert(channel.to_string());
    }
    if let Some(mut old) = st.client.replace(slot) {
        let why = if old.session == session {
            Kick::Reconnected
        } else {
            Kick::TakenOver
        };
        if let Some(k) = old.kick.take() {
            let _ = k.send(why);
        }
        if old.grant != grant
            && let Some(set) = lock(&relay.connected).get_mut(&old.grant)
        {
            set.remove(channel);
        }
    }
    Ok(())
}

/// A connection ended: if it still held the channel, the channel is free again.
fn release(relay: &Relay, ch: &Channel, generation: u64, grant: usize) {
    let mine = {
        let mut st = ch.lock();
        let mine = st
            .client
            .as_ref()
            .is_some_and(|s| s.generation == generation);
        if mine {
            st.client = None;
            st.buffer.release();
            // Senders waiting on this connection get their 202 now, not at the timeout.
            st.waiters.clear();
        }
        mine
    };
    if mine && let Some(set) = lock(&relay.connected).get_mut(&grant) {
        set.remove(&ch.name);
    }
}

/// Why delivery could not go on.
enum Stall {
    /// The buffer could not be read: try again after a pause.
    Read(String),
    /// The WebSocket failed: the connection is over.
    Send(String),
}

/// One client connection holding one channel.
struct Conn<'a> {
    relay: &'a Relay,
    ch: &'a Channel,
    wake: Arc<Notify>,
    public_url: String,
}

/// Where delivery stands on one connection.
struct Delivery {
    /// Last seq sent in this round.
    cursor: Option<u64>,
    /// Ids sent in this round and not yet answered.
    inflight: HashSet<String>,
    /// Set after a nack: no sending until then, then a new round from the oldest.
    paused_until: Option<tokio::time::Instant>,
    retry: Duration,
}

impl Conn<'_> {
    /// Deliver, take answers and acks, ping. Returns why it ended.
    async fn serve<S>(
        self,
        ws: WebSocketStream<S>,
        mut kick: oneshot::Receiver<Kick>,
        mut stop: watch::Receiver<bool>,
    ) -> String
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
        let mut check_in = tokio::time::interval_at(
            tokio::time::Instant::now() + super::buffer::CHECK_IN,
            super::buffer::CHECK_IN,
        );
        let mut d = Delivery {
            cursor: None,
            inflight: HashSet::new(),
            paused_until: None,
            retry: self.relay.config.retry,
        };
        loop {
            if d.paused_until.is_none()
                && d.inflight.len() < WINDOW
                && let Err(e) = self.send_more(&mut sink, &mut d).await
                && let Some(end) = self.stalled(e, &mut d)
            {
                return end;
            }
            let resume = d.paused_until;
            tokio::select! {
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep_until(resume.unwrap_or_else(tokio::time::Instant::now)),
                    if resume.is_some() => {
                    d.paused_until = None;
                    d.cursor = None;
                    d.inflight.clear();
                }
                _ = check_in.tick() => {
                    // Another node's listener took the channel over: this one must stop.
                    if matches!(self.ch.lock().buffer.keep(), Ok(false)) {
                        let _ = sink.send(self.taken_over()).await;
                        let _ = sink.close().await;
                        return "another node's listener holds the channel now".into();
                    }
                }
                why = &mut kick => {
                    if why == Ok(Kick::TakenOver) {
                        let _ = sink.send(self.taken_over()).await;
                    }
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
                            if let Err(e) = self.take(&frame, &mut d) {
                                return e;
                            }
                        }
                        Some(Ok(_)) => {}
                    }
                }
            }
        }
    }

    /// What a failed round of sending means: the connection's end (why), or `None` when the
    /// buffer is only unreachable for now (Redis away) and sending pauses to look again later.
    fn stalled(&self, e: Stall, d: &mut Delivery) -> Option<String> {
        match e {
            Stall::Send(e) => Some(e),
            Stall::Read(e) => {
                self.relay
                    .log(format!("channel {}: {e}; trying again", self.ch.name));
                d.paused_until = Some(tokio::time::Instant::now() + d.retry);
                None
            }
        }
    }

    /// The goodbye a listener gets when another one took its channel over.
    fn taken_over(&self) -> Message {
        let bye = ServerMessage::Bye {
            reason: format!(
                "another listener took channel {} over (--takeover)",
                self.ch.name
            ),
        };
        Message::Binary(protocol::encode(&bye, &[]))
    }

    /// Send the next requests of this round, within the window.
    async fn send_more<S>(&self, sink: &mut S, d: &mut Delivery) -> Result<(), Stall>
    where
        S: futures_util::Sink<Message, Error = tokio_tungstenite::tungstenite::Error> + Unpin,
    {
        let room = WINDOW - d.inflight.len();
        let batch = self
            .ch
            .lock()
            .buffer
            .pending(d.cursor, room, WINDOW_BYTES)
            .map_err(|e| Stall::Read(format!("cannot read the buffer ({e})")))?;
        if batch.is_empty() {
            return Ok(());
        }
        let failed = |e| Stall::Send(format!("send failed ({e})"));
        for p in batch {
            d.cursor = Some(p.seq);
            d.inflight.insert(p.id);
            sink.feed(Message::Binary(p.frame)).await.map_err(failed)?;
        }
        sink.flush().await.map_err(failed)
    }

    /// An answer, ack or nack from the client.
    fn take(&self, frame: &Bytes, d: &mut Delivery) -> Result<(), String> {
        let (msg, body): (ClientMessage, Bytes) =
            protocol::decode(frame).map_err(|e| format!("protocol error ({e})"))?;
        let id = msg.id().to_string();
        if !protocol::valid_id(&id) {
            return Err(format!("protocol error (bad request id {id:?})"));
        }
        let answer = match msg {
            ClientMessage::Answer {
                status, headers, ..
            } => Some(Answer {
                status,
                headers,
                body,
            }),
            ClientMessage::Ack { .. } => None,
            ClientMessage::Nack { reason, .. } => {
                // A nack from an earlier round is stale: that round was already restarted.
                if d.inflight.remove(&id) && d.paused_until.is_none() {
                    d.paused_until = Some(tokio::time::Instant::now() + d.retry);
                    self.relay.log(format!(
                        "channel {}: the listener did not store {id} ({reason}); delivering again in {:.1} s",
                        self.ch.name,
                        d.retry.as_secs_f64()
                    ));
                    d.retry = (d.retry * 2).min(MAX_RETRY);
                }
                // The sender, if it still waits, gets the 202: the request stays buffered.
                self.ch.lock().waiters.remove(&id);
                return Ok(());
            }
        };
        d.inflight.remove(&id);
        d.retry = self.relay.config.retry;
        let waiter = {
            let mut st = self.ch.lock();
            let waiter = st.waiters.remove(&id);
            if waiter.is_none() && answer.is_some() {
                // Its sender may wait on another node.
                st.buffer.forward_answer(&id, frame);
            }
            if let Err(e) = st.buffer.ack(&id) {
                // Not fatal: the request stays and is delivered again, the client dedupes.
                eprintln!(
                    "hookcli: warning: cannot record the ack of {id} on channel {} ({e})",
                    self.ch.name
                );
            }
            waiter
        };
        if let (Some(w), Some(a)) = (waiter, answer) {
            let _ = w.send(a);
        }
        Ok(())
    }
}

/// A refusal, boxed: it travels back through a `Result` whose success is small.
fn refuse(status: StatusCode, msg: impl Into<String>) -> Box<Resp> {
    Box::new(text(status, msg))
}
