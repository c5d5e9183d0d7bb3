//! Sends a capture on to a target and records what came back, byte for byte both ways.
//!
//! Only hop-by-hop headers (RFC 9110 §7.6.1) and `Host` are rewritten; everything else —
//! method, path, query, header repeats, body bytes — goes out as it came in.

use crate::capture::{Capture, Forward};
use crate::target::Target;
use bytes::{Bytes, BytesMut};
use http::header::{HeaderMap, HeaderName, HeaderValue};
use http::{Method, Request, StatusCode};
use http_body_util::{BodyExt as _, Full};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Response bodies larger than this are cut in the capture (the size is still recorded).
pub const DEFAULT_MAX_RESPONSE: usize = 25 * 1024 * 1024;

/// Headers that belong to one connection, never forwarded.
pub fn is_hop_by_hop(name: &str) -> bool {
    const HOP: [&str; 8] = [
        "connection",
        "keep-alive",
        "proxy-connection",
        "transfer-encoding",
        "te",
        "trailer",
        "upgrade",
        "host",
    ];
    HOP.iter().any(|h| name.eq_ignore_ascii_case(h))
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

/// A pooled HTTP(S) client shared by every forward of a process.
pub struct Forwarder {
    client: Client<HttpsConnector<HttpConnector>, Full<Bytes>>,
    /// The client's connector, for the one request form the pooled client cannot send:
    /// `OPTIONS *` (asterisk-form), which goes out on a connection of its own.
    connector: HttpsConnector<HttpConnector>,
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
        let client = Client::builder(TokioExecutor::new())
            .pool_idle_timeout(Duration::from_secs(60))
            .build(https.clone());
        Ok(Forwarder {
            client,
            connector: https,
            opts,
            extra,
        })
    }

    /// Send `c` to `target` (its url joined under the target's path prefix).
    pub async fn send(&self, target: &Target, c: &Capture) -> (Forward, Option<Answer>) {
        let url = target.join(&c.url);
        let mut record = Forward {
            target: url.clone(),
            ..Forward::default()
        };
        let started = Instant::now();
        // `OPTIONS *` asks about the server as a whole: it goes out as `*`, not as a path.
        let asterisk = (c.url == "*").then_some(target);
        let result = match self.build(&url, c) {
            Ok(req) => match self.opts.timeout {
                Some(t) => match tokio::time::timeout(t, self.exchange(req, asterisk)).await {
                    Ok(r) => r,
                    Err(_) => Err(format!("no answer within {} s", t.as_secs_f64())),
                },
                None => self.exchange(req, asterisk).await,
            },
            Err(e) => Err(e),
        };
        record.duration_ms = started.elapsed().as_secs_f64() * 1000.0;
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

    fn build(&self, url: &str, c: &Capture) -> Result<Request<Full<Bytes>>, String> {
        let method = Method::from_bytes(c.method.as_bytes())
            .map_err(|_| format!("bad method {:?}", c.method))?;
        let mut req = Request::builder()
            .method(method)
            .uri(url)
            .body(Full::new(c.body.clone()))
            .map_err(|e| format!("bad URL {url} ({e})"))?;
        let named = connection_named(&c.headers);
        let headers = req.headers_mut();
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
        Ok(req)
    }

    /// Send an asterisk-form request (`OPTIONS * HTTP/1.1`) on a fresh connection.
    async fn request_asterisk(
        &self,
        target: &Target,
        mut req: Request<Full<Bytes>>,
    ) -> Result<http::Response<hyper::body::Incoming>, String> {
        use tower_service::Service as _;
        let base: http::Uri = format!("{}://{}/", target.scheme, target.authority)
            .parse()
            .map_err(|e| format!("bad URL ({e})"))?;
        let io = self
            .connector
            .clone()
            .call(base)
            .await
            .map_err(|e| describe(e.as_ref()))?;
        let (mut send, conn) = hyper::client::conn::http1::handshake(io)
            .await
            .map_err(|e| describe(&e))?;
        tokio::spawn(conn);
        let host = HeaderValue::from_str(&target.authority).map_err(|e| e.to_string())?;
        req.headers_mut().insert(http::header::HOST, host);
        *req.uri_mut() = http::Uri::from_static("*");
        send.send_request(req).await.map_err(|e| describe(&e))
    }

    async fn exchange(
        &self,
        req: Request<Full<Bytes>>,
        asterisk: Option<&Target>,
    ) -> Result<(Answer, u64, bool), String> {
        let resp = match asterisk {
            Some(t) => self.request_asterisk(t, req).await?,
            None => self.client.request(req).await.map_err(|e| describe(&e))?,
        };
        let (parts, mut body) = resp.into_parts();
        // What the target announced, when it did: the size a cut body is recorded with.
        let announced = parts
            .headers
            .get(http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        let cap = self.opts.max_response;
        // Preallocate what is announced, never more than the cap (a lying header costs nothing).
        let mut buf = BytesMut::with_capacity(announced.unwrap_or(0).min(cap as u64) as usize);
        let mut size: u64 = 0;
        while let Some(frame) = body.frame().await {
            let frame = frame.map_err(|e| format!("response body broke off ({})", describe(&e)))?;
            if let Ok(data) = frame.into_data() {
                size += data.len() as u64;
                let room = cap - buf.len();
                buf.extend_from_slice(&data[..data.len().min(room)]);
                if size > cap as u64 {
                    // Over the cap: stop reading; memory stays bounded whatever the target sends.
                    let size = announced.unwrap_or(size).max(size);
                    return Ok((answer(parts, buf), size, true));
                }
            }
        }
        Ok((answer(parts, buf), size, false))
    }
}

fn answer(parts: http::response::Parts, buf: BytesMut) -> Answer {
    let mut headers = parts.headers;
    strip_hop_by_hop(&mut headers);
    Answer {
        status: parts.status,
        headers,
        body: buf.freeze(),
    }
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
    for h in [
        "connection",
        "keep-alive",
        "proxy-connection",
        "transfer-encoding",
        "te",
        "trailer",
        "upgrade",
    ] {
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

fn target_label(t: &Target) -> String {
    format!("{}://{}", t.scheme, t.authority)
}

/// One readable line from a client error: the deepest cause is the useful one.
fn describe(e: &(dyn std::error::Error + 'static)) -> String {
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

pub(crate) fn tls_config(insecure: bool) -> anyhow::Result<rustls::ClientConfig> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()?;
    let config = if insecure {
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(AcceptAny(provider)))
            .with_no_client_auth()
    } else {
        let roots = rustls::RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        };
        builder.with_root_certificates(roots).with_no_client_auth()
    };
    Ok(config)
}

/// `--insecure`: accept any certificate (self-signed dev servers), still checking signatures
/// of the handshake itself so the connection is at least well-formed TLS.
#[derive(Debug)]
struct AcceptAny(Arc<rustls::crypto::CryptoProvider>);

impl rustls::client::danger::ServerCertVerifier for AcceptAny {
    fn verify_server_cert(
        &self,
        _end_entity: &rustls::pki_types::CertificateDer<'_>,
        _intermediates: &[rustls::pki_types::CertificateDer<'_>],
        _server_name: &rustls::pki_types::ServerName<'_>,
        _ocsp_response: &[u8],
        _now: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        Ok(rustls::client::danger::ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}
