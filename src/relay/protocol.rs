//! The tunnel's wire format: what travels over the WebSocket between relay and client.
//!
//! Every message is one binary WebSocket frame: a 4-byte big-endian length, a small JSON
//! head (one of the enums below), then the body as raw bytes, untouched. Bodies never go
//! through JSON or base64, so a 1 MB binary webhook costs 1 MB on the wire plus a few
//! hundred bytes of head. Heartbeats are WebSocket ping/pong control frames, not messages.
//! The same frame is what the relay's buffer keeps on disk, so delivery sends stored bytes
//! as they are.

use bytes::{BufMut as _, Bytes, BytesMut};
use serde::{Deserialize, Serialize};

/// The path a client upgrades on: `/ws/{channel}`, token in `Authorization: Bearer`.
pub const CONNECT_PREFIX: &str = "/ws/";

/// The path prefix of public ingress: `/c/{channel}/{path...}`.
pub const INGRESS_PREFIX: &str = "/c/";

/// Upgrade header naming the listener process (a ULID it picks at start), so the relay can
/// tell the same listener reconnecting (it gets its channel back) from a second one (refused).
pub const SESSION_HEADER: &str = "x-hookcli-session";

/// Upgrade header `1`: replace whoever holds the channel (`listen --takeover`).
pub const TAKEOVER_HEADER: &str = "x-hookcli-takeover";

/// A message from the relay to the client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerMessage {
    /// First message after the upgrade: where providers send, and how many requests wait.
    Welcome { public_url: String, pending: u64 },
    /// One webhook request for the client to handle; its body follows the head raw.
    Request(RequestHead),
    /// The relay is closing this connection on purpose and the client must not come back:
    /// another listener took the channel over (`--takeover`). `reason` says so for people.
    Bye { reason: String },
}

/// A message from the client to the relay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientMessage {
    /// The local answer to request `id` (its body follows raw); also acks `id` as stored,
    /// whole, in the listener's store (or the listener runs with `--no-store`).
    Answer {
        id: String,
        status: u16,
        headers: Vec<(String, String)>,
    },
    /// Request `id` is stored (or was stored before): drop it from the buffer, no answer to give.
    Ack { id: String },
    /// Request `id` is NOT stored (the listener's store failed, or an earlier request is still
    /// waiting to be stored): keep it, and deliver it again later, in order. The sender,
    /// if still waiting, gets the relay's 202.
    Nack { id: String, reason: String },
}

impl ClientMessage {
    /// The request this message is about.
    pub fn id(&self) -> &str {
        match self {
            ClientMessage::Answer { id, .. }
            | ClientMessage::Ack { id }
            | ClientMessage::Nack { id, .. } => id,
        }
    }
}

/// Everything about a relayed request except its body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestHead {
    /// Chosen by the relay (a ULID); the client uses it as the capture id, so a redelivery
    /// supersedes instead of duplicating.
    pub id: String,
    pub method: String,
    /// Path and query with the `/c/{channel}` prefix stripped (always starts with `/`).
    pub url: String,
    pub http_version: String,
    pub remote_addr: Option<String>,
    /// RFC 3339, when the relay received it.
    pub received_at: String,
    /// Names lower case, arrival order, repeats kept.
    pub headers: Vec<(String, String)>,
}

/// Why a frame could not be read.
#[derive(Debug, thiserror::Error)]
pub enum FrameError {
    #[error("frame shorter than its head length")]
    Short,
    #[error("bad frame head ({0})")]
    Head(#[from] serde_json::Error),
}

/// One frame: length of the head, JSON head, raw body.
pub fn encode<T: Serialize>(head: &T, body: &[u8]) -> Bytes {
    let json = serde_json::to_vec(head).expect("protocol heads always serialize");
    let mut out = BytesMut::with_capacity(4 + json.len() + body.len());
    out.put_u32(json.len() as u32);
    out.put_slice(&json);
    out.put_slice(body);
    out.freeze()
}

/// Split a frame into its head and body; the body shares the frame's memory.
pub fn decode<T: for<'de> Deserialize<'de>>(frame: &Bytes) -> Result<(T, Bytes), FrameError> {
    if frame.len() < 4 {
        return Err(FrameError::Short);
    }
    let len = u32::from_be_bytes([frame[0], frame[1], frame[2], frame[3]]) as usize;
    let end = 4usize.checked_add(len).ok_or(FrameError::Short)?;
    if frame.len() < end {
        return Err(FrameError::Short);
    }
    let head = serde_json::from_slice(&frame[4..end])?;
    Ok((head, frame.slice(end..)))
}

/// A capture id as the relay hands them out: a ULID in its canonical form (26 characters of
/// upper-case Crockford base32). Anything else that arrives in a frame is refused before it is
/// used for anything (it would become a file name with `listen --save`).
pub fn valid_id(id: &str) -> bool {
    id.len() == 26 && ulid::Ulid::from_string(id).is_ok_and(|u| u.to_string() == id)
}

/// A channel name: 1–64 of `A-Z a-z 0-9 _ - .`, not starting with a dot (it names a file).
pub fn valid_channel(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip_with_binary_bodies() {
        let head = ServerMessage::Request(RequestHead {
            id: "01J".into(),
            method: "POST".into(),
            url: "/a?b=1".into(),
            http_version: "HTTP/1.1".into(),
            remote_addr: None,
            received_at: "2026-01-01T00:00:00Z".into(),
            headers: vec![("x".into(), "1".into()), ("x".into(), "2".into())],
        });
        let body: Vec<u8> = (0..=255).collect();
        let frame = encode(&head, &body);
        let (back, b): (ServerMessage, Bytes) = decode(&frame).unwrap();
        assert_eq!(back, head);
        assert_eq!(&b[..], &body[..]);
        assert!(decode::<ServerMessage>(&frame.slice(..10)).is_err());
        assert!(decode::<ServerMessage>(&Bytes::from_static(b"\0\0")).is_err());
    }

    #[test]
    fn only_canonical_ulids_are_ids() {
        let id = crate::capture::new_id();
        assert!(valid_id(&id));
        assert!(!valid_id(&id.to_lowercase()));
        assert!(!valid_id("../x"));
        assert!(!valid_id("../../aaaaaaaaaaaaaaaaaaaaaa"));
        assert!(!valid_id(""));
        assert!(!valid_id("8ZZZZZZZZZZZZZZZZZZZZZZZZZ"));
        assert!(!valid_id(&format!("{id}x")));
    }

    #[test]
    fn channel_names_are_safe_file_names() {
        assert!(valid_channel("alice-dev_1.x"));
        assert!(!valid_channel(""));
        assert!(!valid_channel(".."));
        assert!(!valid_channel("a/b"));
        assert!(!valid_channel(&"a".repeat(65)));
    }
}
