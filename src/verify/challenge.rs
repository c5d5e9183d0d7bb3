//! The answer to a provider's endpoint-verification challenge, and the small builders the
//! providers' `handshake` methods share. Which provider answers is decided in `handshake`.

use super::parse;
use crate::capture::Capture;
use bytes::Bytes;
use serde_json::Value;

/// The response to send instead of the configured one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handshake {
    /// What was answered, e.g. `slack url_verification`.
    pub name: &'static str,
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Bytes,
}

/// A challenge a provider recognised as its own.
pub(crate) enum Challenge {
    /// Answer with this instead of the configured response.
    Answer(Handshake),
    /// Ours, but nothing can be answered (no secret, or not a challenge after all): the
    /// request goes on as usual and no other provider is asked.
    Pass,
}

/// A reply with an optional content type.
pub(crate) fn reply(
    name: &'static str,
    status: u16,
    ctype: Option<&str>,
    body: impl Into<Bytes>,
) -> Handshake {
    let headers = ctype
        .map(|t| vec![("content-type".to_string(), t.to_string())])
        .unwrap_or_default();
    Handshake {
        name,
        status,
        headers,
        body: body.into(),
    }
}

/// 200 with a plain-text body (most challenges echo a value this way).
pub(crate) fn text(name: &'static str, body: String) -> Handshake {
    reply(name, 200, Some("text/plain"), body)
}

/// 200 with a JSON body.
pub(crate) fn json(name: &'static str, body: String) -> Handshake {
    reply(name, 200, Some("application/json"), body)
}

/// The body as JSON, parsed only when it contains `marker` (this runs on every request).
pub(crate) fn json_body(c: &Capture, marker: &[u8]) -> Option<Value> {
    if !parse::contains(&c.body, marker) {
        return None;
    }
    serde_json::from_slice(&c.body).ok()
}

/// A query parameter of a GET request (the verification GETs of Meta, Dropbox, …).
pub(crate) fn get_param(c: &Capture, name: &str) -> Option<String> {
    if !c.method.eq_ignore_ascii_case("GET") || c.query().unwrap_or("").is_empty() {
        return None;
    }
    parse::query_param(&c.url, name)
}
