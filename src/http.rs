//! HTTP helpers shared by the listener, the forwarder, the relay and export: header pairs
//! as captures keep them, hop-by-hop headers, the client TLS settings, the version string,
//! hookcli's plain-text answers, the capped body read, and one line from a client error.

mod body;
mod tls;

pub use body::read_capped;

pub use tls::tls_config;

use bytes::Bytes;
use http::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderMap, HeaderValue};
use http::{Response, StatusCode, Version};
use http_body_util::Full;

/// A whole response held in memory, as hookcli's servers send them.
pub type Resp = Response<Full<Bytes>>;

/// The headers that belong to one connection (RFC 9110 §7.6.1, plus the old
/// `proxy-connection`).
const HOP_BY_HOP: [&str; 7] = [
    "connection",
    "keep-alive",
    "proxy-connection",
    "transfer-encoding",
    "te",
    "trailer",
    "upgrade",
];

/// Headers never forwarded: those of one connection, and `host`, which names the target.
pub fn is_hop_by_hop(name: &str) -> bool {
    name.eq_ignore_ascii_case("host") || HOP_BY_HOP.iter().any(|h| name.eq_ignore_ascii_case(h))
}

/// The header names a request's `Connection` header lists: hop-by-hop for that request
/// alone (RFC 9110 §7.6.1), so they are not forwarded either.
pub fn connection_named(headers: &[(String, String)]) -> Vec<String> {
    headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("connection"))
        .flat_map(|(_, v)| v.split(','))
        .map(|s| s.trim().to_ascii_lowercase())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Drop hop-by-hop headers, including those the `Connection` header names.
pub fn strip_hop_by_hop(headers: &mut HeaderMap) {
    let named: Vec<String> = headers
        .get_all(http::header::CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(',').map(|s| s.trim().to_ascii_lowercase()))
        .filter(|s| !s.is_empty())
        .collect();
    for n in named {
        headers.remove(n.as_str());
    }
    for h in HOP_BY_HOP {
        headers.remove(h);
    }
}

/// Header pairs as the capture keeps them: lower-case names, arrival order, repeats kept.
pub fn header_pairs(h: &HeaderMap) -> Vec<(String, String)> {
    h.iter()
        .map(|(k, v)| {
            let v = crate::headers::from_bytes(v.as_bytes()).into_owned();
            (k.as_str().to_string(), v)
        })
        .collect()
}

/// The `Content-Type` header and body of a plain-text one-liner, as hookcli's own answers
/// are (the line ends with a newline).
pub fn text_parts(msg: impl Into<String>) -> (HeaderMap, Bytes) {
    let mut headers = HeaderMap::new();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    let mut body = msg.into();
    body.push('\n');
    (headers, Bytes::from(body))
}

/// A plain-text answer (see [`text_parts`]).
pub fn text(status: StatusCode, msg: impl Into<String>) -> Resp {
    let (headers, body) = text_parts(msg);
    respond(status, headers, body)
}

/// A response from its three parts.
pub fn respond(status: StatusCode, headers: HeaderMap, body: Bytes) -> Resp {
    let mut r = Response::new(Full::new(body));
    *r.status_mut() = status;
    *r.headers_mut() = headers;
    r
}

/// The `Content-Length` a request announced, when it is a number.
pub fn announced_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
}

/// The version as a capture records it (`HTTP/1.1`).
pub fn version_str(v: Version) -> &'static str {
    match v {
        Version::HTTP_09 => "HTTP/0.9",
        Version::HTTP_10 => "HTTP/1.0",
        Version::HTTP_2 => "HTTP/2.0",
        Version::HTTP_3 => "HTTP/3.0",
        _ => "HTTP/1.1",
    }
}

/// One readable line from a client error: the deepest cause is the useful one.
pub fn describe(e: &(dyn std::error::Error + 'static)) -> String {
    let mut last = e.to_string();
    let mut cur = e.source();
    while let Some(s) = cur {
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            return match io.kind() {
                std::io::ErrorKind::ConnectionRefused => "connection refused".into(),
                std::io::ErrorKind::ConnectionReset => "connection reset by the target".into(),
                _ => io.to_string(),
            };
        }
        last = s.to_string();
        cur = s.source();
    }
    last
}
