//! Public ingress: `ANY /c/{channel}/{path}` → the channel's buffer → the listener's answer.
//!
//! The cheap checks come first (channel exists, rate), so a stranger's request to a channel
//! nobody reads costs a 404 and nothing else. The body streams into a spool file under a time
//! limit, then is appended to the buffer whole: "accepted" (202, or the listener's answer)
//! is only ever said about a request that is on disk.

use super::buffer::Spool;
use super::ctx::Ctx;
use super::protocol::{self, RequestHead, ServerMessage};
use super::registry::{Answer, Channel, ChannelError, Relay, lock};
use crate::http::{Resp, text, version_str};
use http::header::{HeaderName, HeaderValue};
use http::{Request, Response, StatusCode};
use http_body_util::{BodyExt as _, Full};
use hyper::body::Incoming;
use std::sync::Arc;
use std::time::Instant;
use tokio::sync::oneshot;

/// Buffer, deliver, wait for the answer (or 202).
pub(super) async fn ingress(req: Request<Incoming>, channel: &str, url: String, ctx: &Ctx) -> Resp {
    let relay = &ctx.relay;
    let config = &relay.config;
    let ch = match admit(relay, channel) {
        Ok(ch) => ch,
        Err(refused) => return *refused,
    };
    // Refuse a full channel before reading a body that could not be kept anyway.
    if let Some(full) = full(&ch, config.buffer) {
        return full;
    }
    let (parts, body) = req.into_parts();
    let read = tokio::time::timeout(
        config.body_timeout,
        spool_body(
            relay.buffers().spool(),
            body,
            &parts.headers,
            config.max_body,
        ),
    );
    let spool = match read.await {
        Ok(Ok(s)) => s,
        Ok(Err(resp)) => return resp,
        Err(_) => {
            return text(
                StatusCode::REQUEST_TIMEOUT,
                format!(
                    "hookcli relay: the request body did not arrive within {} s",
                    config.body_timeout.as_secs()
                ),
            );
        }
    };
    let id = crate::capture::new_id();
    let head = RequestHead {
        id: id.clone(),
        method: parts.method.as_str().to_string(),
        url,
        http_version: version_str(parts.version).into(),
        remote_addr: Some(ctx.remote.to_string()),
        received_at: crate::capture::format_time(time::OffsetDateTime::now_utc()),
        headers: crate::http::header_pairs(&parts.headers),
    };
    // The frame is the head followed by the body, as `protocol::encode` would lay it out.
    let head = protocol::encode(&ServerMessage::Request(head), &[]);
    let mut frame = match spool.finish(head).await {
        Ok(f) => f,
        Err(e) => return cannot_buffer(e),
    };
    let (ch2, id2, max) = (Arc::clone(&ch), id.clone(), config.buffer);
    // Appending copies the spooled body into the channel's file: blocking I/O, off the runtime.
    let appended = tokio::task::spawn_blocking(move || {
        let mut st = ch2.lock();
        if st.buffer.len() >= max {
            return Ok(Err(()));
        }
        let appended = st.buffer.append(&id2, &mut frame)?;
        let wake = st.client.as_ref().map(|s| Arc::clone(&s.wake));
        if let Some(wake) = &wake {
            wake.notify_one();
        }
        // Someone holds the channel (here, or on another node): its answer is worth a wait.
        Ok(Ok((wake.is_some() || appended.held).then(|| {
            let (tx, rx) = oneshot::channel();
            st.waiters.insert(id2, tx);
            rx
        })))
    })
    .await;
    let waiter = match appended {
        Ok(Ok(Ok(w))) => w,
        Ok(Ok(Err(()))) => return full(&ch, max).unwrap_or_else(|| queued(channel)),
        Ok(Err(e)) => return cannot_buffer(e),
        Err(e) => return cannot_buffer(std::io::Error::other(e.to_string())),
    };
    let Some(rx) = waiter else {
        return queued(channel);
    };
    match tokio::time::timeout(config.response_timeout, rx).await {
        Ok(Ok(answer)) => answer_response(answer),
        _ => {
            ch.lock().waiters.remove(&id);
            queued(channel)
        }
    }
}

/// The channel a request to `channel` goes to, or the answer that refuses it: unknown, no
/// token grants it, over its token's rate.
fn admit(relay: &Relay, channel: &str) -> Result<Arc<Channel>, Box<Resp>> {
    let config = &relay.config;
    if !protocol::valid_channel(channel) || !relay.exists(channel) {
        return Err(refuse(
            StatusCode::NOT_FOUND,
            format!("hookcli relay: no channel {channel:?} here"),
        ));
    }
    let Some(owner) = config.grants.owner(channel) else {
        return Err(refuse(
            StatusCode::NOT_FOUND,
            format!("hookcli relay: no token grants channel {channel}"),
        ));
    };
    if config.rate > 0.0 && !lock(&relay.buckets)[owner].take(Instant::now()) {
        let mut r = text(
            StatusCode::TOO_MANY_REQUESTS,
            "hookcli relay: rate limit reached for this channel's token",
        );
        r.headers_mut()
            .insert(http::header::RETRY_AFTER, HeaderValue::from_static("1"));
        return Err(Box::new(r));
    }
    match relay.channel(channel, false) {
        Ok(c) => Ok(c),
        Err(e @ ChannelError::Unknown(_)) => Err(refuse(StatusCode::NOT_FOUND, e.to_string())),
        Err(e) => Err(refuse(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("hookcli relay: {e}"),
        )),
    }
}

/// The 503 for a channel whose buffer is full, if it is.
fn full(ch: &Channel, max: usize) -> Option<Resp> {
    let len = ch.lock().buffer.len();
    (len >= max).then(|| {
        text(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "hookcli relay: channel {} has {len} requests waiting (--buffer); try later",
                ch.name
            ),
        )
    })
}

fn cannot_buffer(e: std::io::Error) -> Resp {
    text(
        StatusCode::SERVICE_UNAVAILABLE,
        format!("hookcli relay: cannot buffer the request ({e})"),
    )
}

/// 202: the request is on disk and will be delivered.
fn queued(channel: &str) -> Resp {
    let mut r = text(
        StatusCode::ACCEPTED,
        format!("hookcli relay: queued for channel {channel}"),
    );
    r.headers_mut()
        .insert("x-hookcli-relay", HeaderValue::from_static("queued"));
    r
}

/// Stream the body into a spool file, or the 413/400/503 to answer instead.
async fn spool_body(
    spool: std::io::Result<Spool>,
    mut body: Incoming,
    headers: &http::HeaderMap,
    max: u64,
) -> Result<Spool, Resp> {
    let too_large = || {
        text(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("hookcli relay: request body is over --max-body {max} bytes"),
        )
    };
    let announced = crate::http::announced_length(headers);
    if announced.is_some_and(|n| n > max) {
        return Err(too_large());
    }
    let mut spool = spool.map_err(cannot_buffer)?;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| {
            text(
                StatusCode::BAD_REQUEST,
                format!("hookcli relay: cannot read the request body ({e})"),
            )
        })?;
        if let Ok(data) = frame.into_data() {
            if spool.len() + data.len() as u64 > max {
                return Err(too_large());
            }
            spool.write(&data).await.map_err(cannot_buffer)?;
        }
    }
    Ok(spool)
}

fn answer_response(a: Answer) -> Resp {
    let mut r = Response::new(Full::new(a.body));
    *r.status_mut() = StatusCode::from_u16(a.status).unwrap_or(StatusCode::BAD_GATEWAY);
    let h = r.headers_mut();
    for (k, v) in a.headers {
        if crate::http::is_hop_by_hop(&k) || k.eq_ignore_ascii_case("content-length") {
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

/// A refusal, boxed: it travels back through a `Result` whose success is small.
fn refuse(status: StatusCode, msg: impl Into<String>) -> Box<Resp> {
    Box::new(text(status, msg))
}
