//! Sends a capture on to a target and records what came back, byte for byte both ways.
//!
//! Only hop-by-hop headers (RFC 9110 §7.6.1) and `Host` are rewritten; everything else —
//! method, path, query, header repeats, body bytes — goes out as it came in.

mod pool;

use crate::capture::{Capture, Forward};
use crate::http::{
    connection_named, describe, header_pairs, is_hop_by_hop, strip_hop_by_hop, tls_config,
};
use crate::target::Target;
use bytes::{Bytes, BytesMut};
use http::header::{HeaderMap, HeaderName, HeaderValue};
use http::{Method, Request, StatusCode};
use http_body_util::{BodyExt as _, Full};
use hyper_util::client::legacy::connect::HttpConnector;
use std::time::{Duration, Instant};

/// Response bodies larger than this are cut in the capture (the size is still recorded).
pub const DEFAULT_MAX_RESPONSE: usize = 25 * 1024 * 1024;

/// How forwarding behaves, from the `listen`/`replay` flags.
#[derive(Clone, Debug)]
pub struct Options {
    pub timeout: Option<Duration>,
    pub insecure: bool,
    /// `-H 'K: V'`: set on every forwarded request (replacing a header of that name).
    pub headers: Vec<(String, String)>,
    pub max_response: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            timeout: Some(Duration::from_secs(30)),
            insecure: false,
            headers: Vec::new(),
            max_response: DEFAULT_MAX_RESPONSE,
        }
    }
}

/// What a target answered, ready to hand back to the original sender.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

/// The HTTP(S) client shared by every forward of a process, with its idle connections.
pub struct Forwarder {
    pool: pool::Pool,
    opts: Options,
    extra: Vec<(HeaderName, HeaderValue)>,
}

impl Forwarder {
    pub fn new(opts: Options) -> anyhow::Result<Forwarder> {
        let mut extra = Vec::new();
        for (k, v) in &opts.headers {
            let name = HeaderName::from_bytes(k.as_bytes())
                .map_err(|_| anyhow::anyhow!("bad header name {k:?}"))?;
            let value = HeaderValue::from_str(v)
                .map_err(|_| anyhow::anyhow!("bad value for header {k:?}"))?;
            extra.push((name, value));
        }
        let tls = tls_config(opts.insecure)?;
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_nodelay(true);
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        Ok(Forwarder {
            pool: pool::Pool::new(https),
            opts,
            extra,
        })
    }

    /// Send `c` to `target` (its url joined under the target's path prefix).
    pub async fn send(&self, target: &Target, c: &Capture) -> (Forward, Option<Answer>) {
        let url = target.join(&c.url);
        let started = Instant::now();
        let result = match self.build(&url, c) {
            Ok((base, req)) => match self.opts.timeout {
                Some(t) => match tokio::time::timeout(t, self.exchange(&base, req)).await {
                    Ok(r) => r,
                    Err(_) => Err(format!("no answer within {} s", t.as_secs_f64())),
                },
                None => self.exchange(&base, req).await,
            },
            Err(e) => Err(e),
        };
        let mut record = Forward {
            target: url,
            duration_ms: started.elapsed().as_secs_f64() * 1000.0,
            ..Forward::default()
        };
        match result {
            Ok((answer, size, cut)) => {
                record.status = Some(answer.status.as_u16());
                record.headers = header_pairs(&answer.headers);
                record.body = answer.body.clone();
                record.body_size = size;
                if cut {
                    // The sender gets a 502, not a body silently cut short.
                    record.error = Some(format!(
                        "response body is over the {} byte cap ({size} bytes {}), kept the first {}",
                        self.opts.max_response,
                        if answer.headers.contains_key(http::header::CONTENT_LENGTH) {
                            "announced"
                        } else {
                            "read before stopping"
                        },
                        answer.body.len()
                    ));
                    return (record, None);
                }
                (record, Some(answer))
            }
            Err(e) => {
                record.error = Some(format!("{} ({e})", target_label(target)));
                (record, None)
            }
        }
    }

    /// The request for `url` as it goes on the wire, and the `scheme://authority/` it goes to.
    fn build(&self, url: &str, c: &Capture) -> Result<(String, Request<Full<Bytes>>), String> {
        let method = Method::from_bytes(c.method.as_bytes())
            .map_err(|_| format!("bad method {:?}", c.method))?;
        let uri: http::Uri = url.parse().map_err(|e| format!("bad URL {url} ({e})"))?;
        let (Some(scheme), Some(authority)) = (uri.scheme(), uri.authority()) else {
            return Err(format!("bad URL {url}"));
        };
        let base = format!("{scheme}://{authority}/");
        let host = host_value(scheme, authority)?;
        // On the wire: origin-form `/path?q`, or `*` for `OPTIONS *` (about the server as a
        // whole, so it goes out as `*`, not under the target's path).
        let wire = if c.url == "*" {
            http::Uri::from_static("*")
        } else {
            let pq = uri.path_and_query().map_or("/", |pq| pq.as_str());
            pq.parse().map_err(|e| format!("bad URL {url} ({e})"))?
        };
        let mut req = Request::builder()
            .method(method)
            .uri(wire)
            .body(Full::new(c.body.clone()))
            .map_err(|e| format!("bad URL {url} ({e})"))?;
        let named = connection_named(&c.headers);
        let headers = req.headers_mut();
        headers.reserve(c.headers.len() + self.extra.len() + 1);
        for (k, v) in &c.headers {
            if is_hop_by_hop(k) || named.iter().any(|n| n.eq_ignore_ascii_case(k)) {
                continue;
            }
            if k.eq_ignore_ascii_case("content-length") {
                // Same value as sent unless the body was edited (replay): then the true length.
                headers.append(
                    http::header::CONTENT_LENGTH,
                    HeaderValue::from(c.body.len()),
                );
                continue;
            }
            let (Ok(name), Ok(value)) = (
                HeaderName::from_bytes(k.as_bytes()),
                HeaderValue::from_bytes(&crate::headers::to_bytes(v)),
            ) else {
                continue;
            };
            headers.append(name, value);
        }
        for (name, value) in &self.extra {
            headers.insert(name.clone(), value.clone());
        }
        // Last, as a pooled client adds it; a `-H Host: ...` of the user's wins.
        headers.entry(http::header::HOST).or_insert(host);
        Ok((base, req))
    }

    async fn exchange(
        &self,
        base: &str,
        req: Request<Full<Bytes>>,
    ) -> Result<(Answer, u64, bool), String> {
        let (resp, lent) = self.pool.send(base, req).await?;
        let (parts, mut body) = resp.into_parts();
        // What the target announced, when it did: the size a cut body is recorded with.
        let announced = parts
            .headers
            .get(http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        let cap = self.opts.max_response;
        // Most answers come in one frame: keep it as it is, copy only when there are more.
        let mut first: Option<Bytes> = None;
        let mut buf = BytesMut::new();
        let mut size: u64 = 0;
        while let Some(frame) = body.frame().await {
            let frame = frame.map_err(|e| format!("response body broke off ({})", describe(&e)))?;
            let Ok(data) = frame.into_data() else {
                continue;
            };
            size += data.len() as u64;
            if size > cap as u64 {
                // Over the cap: stop reading (the connection is dropped, not reused); memory
                // stays bounded whatever the target sends.
                if let Some(f) = first.take() {
                    buf.extend_from_slice(&f);
                }
                let room = cap - buf.len();
                buf.extend_from_slice(&data[..data.len().min(room)]);
                let size = announced.unwrap_or(size).max(size);
                return Ok((answer(parts, buf.freeze()), size, true));
            }
            match first.take() {
                None if buf.is_empty() => first = Some(data),
                prev => {
                    if buf.is_empty() {
                        // Preallocate what is announced, never more than the cap.
                        buf.reserve(announced.unwrap_or(0).min(cap as u64) as usize);
                    }
                    if let Some(f) = prev {
                        buf.extend_from_slice(&f);
                    }
                    buf.extend_from_slice(&data);
                }
            }
        }
        self.pool.put(lent);
        let body = first.unwrap_or_else(|| buf.freeze());
        Ok((answer(parts, body), size, false))
    }
}

/// The `Host` header for a target: its host, and its port unless it is the scheme's default.
fn host_value(
    scheme: &http::uri::Scheme,
    authority: &http::uri::Authority,
) -> Result<HeaderValue, String> {
    let default = if *scheme == http::uri::Scheme::HTTPS {
        443
    } else {
        80
    };
    let value = match authority.port_u16() {
        Some(p) if p != default => HeaderValue::from_str(&format!("{}:{p}", authority.host())),
        _ => HeaderValue::from_str(authority.host()),
    };
    value.map_err(|_| format!("bad host {authority}"))
}

fn answer(parts: http::response::Parts, body: Bytes) -> Answer {
    let mut headers = parts.headers;
    strip_hop_by_hop(&mut headers);
    Answer {
        status: parts.status,
        headers,
        body,
    }
}

fn target_label(t: &Target) -> String {
    format!("{}://{}", t.scheme, t.authority)
}
