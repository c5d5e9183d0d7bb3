//! The `Capture`: one received (or replayed, imported, signed) HTTP request and what became of it.
//!
//! Every source produces this type and every sink consumes it, so its JSON form is the
//! product's contract (SPEC.md). Bodies stay as raw bytes in memory; only the JSON form
//! chooses between UTF-8 text and base64.

use crate::headers::{HeaderIn, HeadersOut, headers_in};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use bytes::Bytes;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use time::OffsetDateTime;

mod clock;
pub use clock::{format_time, parse_time};

/// Where a capture came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// Received on the local listener.
    #[default]
    Local,
    /// Received through the relay tunnel.
    Relay,
    /// Sent by `hookcli replay` (or the TUI's `r`).
    Replay,
    /// Read in by `hookcli import`.
    Import,
    /// Built by `hookcli sign` / `hookcli send`.
    Sign,
    /// Sent by `hookcli trigger`.
    Trigger,
    /// Delivered again by `listen --retries`, as the provider would after a failure.
    Retry,
}

/// The outcome of a signature check, named as in SPEC.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Valid,
    Invalid,
    Expired,
    Malformed,
    Unsigned,
    NoSecret,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Valid => "valid",
            Verdict::Invalid => "invalid",
            Verdict::Expired => "expired",
            Verdict::Malformed => "malformed",
            Verdict::Unsigned => "unsigned",
            Verdict::NoSecret => "no_secret",
        }
    }
}

/// The signature verdict recorded on a capture.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    pub provider: String,
    pub verdict: Verdict,
    pub detail: String,
}

/// What one forward target answered (or why it could not).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Forward {
    pub target: String,
    pub status: Option<u16>,
    pub headers: Vec<(String, String)>,
    pub body: Bytes,
    /// The full response body size; larger than `body.len()` when the body was cut at the cap.
    pub body_size: u64,
    pub duration_ms: f64,
    pub error: Option<String>,
}

/// One HTTP request and everything hookcli learned about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Capture {
    pub id: String,
    pub received_at: OffsetDateTime,
    pub origin: Origin,
    pub remote_addr: Option<String>,
    pub method: String,
    /// Path and query exactly as the sender wrote them.
    pub url: String,
    pub http_version: String,
    /// Names lower case, in arrival order, repeats kept. A value that is not UTF-8 is kept
    /// exactly, its other bytes as stand-in characters: see [`crate::headers`].
    pub headers: Vec<(String, String)>,
    pub body: Bytes,
    /// The size the sender announced or sent; larger than `body.len()` when cut at `--max-body`.
    pub body_size: u64,
    pub signature: Option<Signature>,
    pub forwards: Vec<Forward>,
    /// The status the sender was answered with (absent for captures that were never answered).
    pub response_status: Option<u16>,
    pub replay_of: Option<String>,
    /// What answered a handshake, e.g. `slack url_verification`.
    pub handshake: Option<String>,
    /// The provider's id for this delivery, the same on each of its retries.
    pub delivery_id: Option<String>,
    /// 1 for the first capture of `delivery_id`, n for the n-th (absent without an id).
    pub attempt: Option<u32>,
    /// How long the provider waits for an answer, when known.
    pub budget_ms: Option<u64>,
}

impl Capture {
    /// A fresh capture with a new id, stamped now.
    pub fn new(origin: Origin, method: impl Into<String>, url: impl Into<String>) -> Capture {
        let now = OffsetDateTime::now_utc();
        Capture {
            id: new_id(),
            received_at: now,
            origin,
            remote_addr: None,
            method: method.into(),
            url: url.into(),
            http_version: "HTTP/1.1".into(),
            headers: Vec::new(),
            body: Bytes::new(),
            body_size: 0,
            signature: None,
            forwards: Vec::new(),
            response_status: None,
            replay_of: None,
            handshake: None,
            delivery_id: None,
            attempt: None,
            budget_ms: None,
        }
    }

    /// The first value of a header, matched case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every value of a header, in order.
    pub fn header_all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers
            .iter()
            .filter(move |(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Path without the query string.
    pub fn path(&self) -> &str {
        self.url.split('?').next().unwrap_or("")
    }

    /// Query string without the `?`, if any.
    pub fn query(&self) -> Option<&str> {
        self.url.split_once('?').map(|(_, q)| q)
    }

    /// True when the stored body is shorter than what the sender sent.
    pub fn truncated(&self) -> bool {
        self.body_size > self.body.len() as u64
    }

    /// Replace (or add) a header, keeping the position of the first occurrence.
    pub fn set_header(&mut self, name: &str, value: impl Into<String>) {
        let value = value.into();
        let name_lc = name.to_ascii_lowercase();
        let mut placed = false;
        self.headers.retain_mut(|(k, v)| {
            if k.eq_ignore_ascii_case(&name_lc) {
                if placed {
                    return false;
                }
                *v = value.clone();
                placed = true;
            }
            true
        });
        if !placed {
            self.headers.push((name_lc, value));
        }
    }

    /// Remove every occurrence of a header.
    pub fn remove_header(&mut self, name: &str) {
        self.headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
    }

    /// One JSON line (no trailing newline).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a capture always serializes")
    }

    /// Parse one capture from JSON text.
    pub fn from_json(text: &str) -> Result<Capture, serde_json::Error> {
        serde_json::from_str(text)
    }
}

/// A new time-sortable id (ULID, 26 Crockford base32 characters), strictly increasing within
/// this process so that captures made in the same millisecond still sort in arrival order.
pub fn new_id() -> String {
    static GEN: std::sync::Mutex<Option<ulid::Generator>> = std::sync::Mutex::new(None);
    let mut g = GEN.lock().unwrap_or_else(|p| p.into_inner());
    g.get_or_insert_with(ulid::Generator::new)
        .generate()
        .unwrap_or_else(|_| ulid::Ulid::new())
        .to_string()
}

/// How a body is written in JSON: text when it is valid UTF-8, base64 otherwise.
pub fn encode_body(body: &[u8]) -> (Cow<'_, str>, &'static str) {
    match std::str::from_utf8(body) {
        Ok(s) => (Cow::Borrowed(s), "utf8"),
        Err(_) => (Cow::Owned(B64.encode(body)), "base64"),
    }
}

/// The inverse of [`encode_body`].
///
/// ```
/// use hookcli::capture::{decode_body, encode_body};
/// let (text, enc) = encode_body(&[0xff, 0x00]);
/// assert_eq!((text.as_ref(), enc), ("/wA=", "base64"));
/// assert_eq!(decode_body(&text, enc).unwrap().as_ref(), &[0xff, 0x00]);
/// ```
pub fn decode_body(text: &str, encoding: &str) -> Result<Bytes, String> {
    match encoding {
        "utf8" | "" => Ok(Bytes::copy_from_slice(text.as_bytes())),
        "base64" => B64
            .decode(text.trim())
            .map(Bytes::from)
            .map_err(|e| format!("body is not valid base64 ({e})")),
        other => Err(format!("unknown body_encoding {other:?}")),
    }
}

#[derive(Serialize)]
struct ForwardOut<'a> {
    target: &'a str,
    status: Option<u16>,
    headers: HeadersOut<'a>,
    body: Cow<'a, str>,
    body_encoding: &'static str,
    body_size: u64,
    duration_ms: f64,
    error: Option<&'a str>,
}

#[derive(Deserialize)]
struct ForwardIn {
    target: String,
    #[serde(default)]
    status: Option<u16>,
    #[serde(default)]
    headers: Vec<HeaderIn>,
    #[serde(default)]
    body: String,
    #[serde(default)]
    body_encoding: String,
    #[serde(default)]
    body_size: Option<u64>,
    #[serde(default)]
    duration_ms: f64,
    #[serde(default)]
    error: Option<String>,
}

#[derive(Serialize)]
struct CaptureOut<'a> {
    id: &'a str,
    received_at: String,
    origin: Origin,
    remote_addr: Option<&'a str>,
    method: &'a str,
    url: &'a str,
    http_version: &'a str,
    headers: HeadersOut<'a>,
    body: Cow<'a, str>,
    body_encoding: &'static str,
    body_size: u64,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    body_truncated: bool,
    signature: Option<&'a Signature>,
    forwards: Vec<ForwardOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    response_status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    replay_of: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    handshake: Option<&'a str>,
    /// Absent when nothing about the delivery is known (so captures stored before these
    /// fields existed read back byte for byte); otherwise all three, nulls included.
    #[serde(flatten)]
    delivery: Option<DeliveryOut<'a>>,
}

#[derive(Serialize)]
struct DeliveryOut<'a> {
    delivery_id: Option<&'a str>,
    attempt: Option<u32>,
    budget_ms: Option<u64>,
}

#[derive(Deserialize)]
struct CaptureIn {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    received_at: Option<String>,
    #[serde(default)]
    origin: Option<Origin>,
    #[serde(default)]
    remote_addr: Option<String>,
    #[serde(default)]
    method: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    http_version: Option<String>,
    #[serde(default)]
    headers: Vec<HeaderIn>,
    #[serde(default)]
    body: String,
    #[serde(default)]
    body_encoding: String,
    #[serde(default)]
    body_size: Option<u64>,
    #[serde(default)]
    signature: Option<Signature>,
    #[serde(default)]
    forwards: Vec<ForwardIn>,
    #[serde(default)]
    response_status: Option<u16>,
    #[serde(default)]
    replay_of: Option<String>,
    #[serde(default)]
    handshake: Option<String>,
    #[serde(default)]
    delivery_id: Option<String>,
    #[serde(default)]
    attempt: Option<u32>,
    #[serde(default)]
    budget_ms: Option<u64>,
}

impl Serialize for Capture {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.wire(&self.body).serialize(s)
    }
}

impl Capture {
    /// The capture's JSON with an empty body, for the store's spool, which keeps the body
    /// beside it as raw bytes. [`Capture::from_json`] of it, with the body put back, gives
    /// the capture again (`body_size` is kept; `body_truncated` is derived on reading).
    pub fn shell_json(&self) -> Vec<u8> {
        serde_json::to_vec(&self.wire(&[])).expect("a capture always serializes")
    }

    fn wire<'a>(&'a self, body: &'a [u8]) -> CaptureOut<'a> {
        let (body, body_encoding) = encode_body(body);
        CaptureOut {
            id: &self.id,
            received_at: format_time(self.received_at),
            origin: self.origin,
            remote_addr: self.remote_addr.as_deref(),
            method: &self.method,
            url: &self.url,
            http_version: &self.http_version,
            headers: HeadersOut(&self.headers),
            body,
            body_encoding,
            body_size: self.body_size,
            body_truncated: self.truncated(),
            signature: self.signature.as_ref(),
            forwards: self
                .forwards
                .iter()
                .map(|f| {
                    let (body, body_encoding) = encode_body(&f.body);
                    ForwardOut {
                        target: &f.target,
                        status: f.status,
                        headers: HeadersOut(&f.headers),
                        body,
                        body_encoding,
                        body_size: f.body_size,
                        duration_ms: (f.duration_ms * 1000.0).round() / 1000.0,
                        error: f.error.as_deref(),
                    }
                })
                .collect(),
            response_status: self.response_status,
            replay_of: self.replay_of.as_deref(),
            handshake: self.handshake.as_deref(),
            delivery: (self.delivery_id.is_some() || self.budget_ms.is_some()).then_some(
                DeliveryOut {
                    delivery_id: self.delivery_id.as_deref(),
                    attempt: self.attempt,
                    budget_ms: self.budget_ms,
                },
            ),
        }
    }
}

impl<'de> Deserialize<'de> for Capture {
    /// Lenient on purpose: a hand-written or `jq`-edited capture needs only what it changes;
    /// a missing id or time gets a fresh one, a missing method is POST, a missing url is `/`.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Capture, D::Error> {
        use serde::de::Error;
        let w = CaptureIn::deserialize(d)?;
        let body = decode_body(&w.body, &w.body_encoding).map_err(D::Error::custom)?;
        let received_at = match w.received_at.as_deref() {
            Some(s) => parse_time(s)
                .ok_or_else(|| D::Error::custom(format!("received_at {s:?} is not RFC 3339")))?,
            None => OffsetDateTime::now_utc(),
        };
        let mut forwards = Vec::with_capacity(w.forwards.len());
        for f in w.forwards {
            let fbody = decode_body(&f.body, &f.body_encoding).map_err(D::Error::custom)?;
            forwards.push(Forward {
                target: f.target,
                status: f.status,
                headers: headers_in(f.headers).map_err(D::Error::custom)?,
                body_size: f.body_size.unwrap_or(fbody.len() as u64),
                body: fbody,
                duration_ms: f.duration_ms,
                error: f.error,
            });
        }
        Ok(Capture {
            id: w.id.unwrap_or_else(new_id),
            received_at,
            origin: w.origin.unwrap_or_default(),
            remote_addr: w.remote_addr,
            method: w.method.unwrap_or_else(|| "POST".into()),
            url: w.url.unwrap_or_else(|| "/".into()),
            http_version: w.http_version.unwrap_or_else(|| "HTTP/1.1".into()),
            headers: headers_in(w.headers).map_err(D::Error::custom)?,
            body_size: w
                .body_size
                .unwrap_or(body.len() as u64)
                .max(body.len() as u64),
            body,
            signature: w.signature,
            forwards,
            response_status: w.response_status,
            replay_of: w.replay_of,
            handshake: w.handshake,
            delivery_id: w.delivery_id,
            attempt: w.attempt,
            budget_ms: w.budget_ms,
        })
    }
}

#[cfg(test)]
mod tests;
