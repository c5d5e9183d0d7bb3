//! The catch-all HTTP listener: every method, every path, every body becomes a capture.
//!
//! It takes its listener and shutdown signal from the caller (so tests bind `127.0.0.1:0`),
//! reads each body up to `--max-body`, and hands the capture to the pipeline.

use crate::capture::{Capture, Origin};
use crate::forward::header_pairs;
use crate::pipeline::{Pipeline, Reply};
use bytes::{Bytes, BytesMut};
use http::{Request, Response, StatusCode, Version};
use http_body_util::{BodyExt as _, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;

/// Limits that protect the listener from slow or abusive peers.
#[derive(Debug, Clone)]
pub struct Limits {
    pub max_body: u64,
    /// Time allowed to send the request head (slowloris guard).
    pub header_read_timeout: Duration,
    /// Largest request head accepted.
    pub max_header_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body: 25 * 1024 * 1024,
            header_read_timeout: Duration::from_secs(10),
            max_header_bytes: 64 * 1024,
        }
    }
}

/// Serve until `shutdown` resolves. Each connection runs on its own task.
pub async fn run(
    listener: TcpListener,
    pipeline: Arc<Pipeline>,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) {
    let limits = Arc::new(limits);
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .max_buf_size(limits.max_header_bytes.max(8192))
        .keep_alive(true);
    builder.http2().timer(TokioTimer::new());
    let builder = Arc::new(builder);
    tokio::pin!(shutdown);
    loop {
        let (stream, remote) = tokio::select! {
            _ = &mut shutdown => return,
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    // Out of file descriptors and the like: say so, breathe, keep serving.
                    pipeline.warn(format!("cannot accept a connection ({e})"));
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        let pipeline = Arc::clone(&pipeline);
        let limits = Arc::clone(&limits);
        let builder = Arc::clone(&builder);
        tokio::spawn(async move {
            let service = service_fn(move |req| {
                let pipeline = Arc::clone(&pipeline);
                let limits = Arc::clone(&limits);
                async move { Ok::<_, Infallible>(handle(req, &pipeline, &limits, remote).await) }
            });
            // Errors here are the peer's (garbage bytes, a reset): the connection ends, nothing else.
            let _ = builder
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

async fn handle(
    req: Request<Incoming>,
    pipeline: &Arc<Pipeline>,
    limits: &Limits,
    remote: SocketAddr,
) -> Response<Full<Bytes>> {
    let (parts, body) = req.into_parts();
    let url = parts
        .uri
        .path_and_query()
        .map_or_else(|| "/".to_string(), |pq| pq.as_str().to_string());
    let mut c = Capture::new(Origin::Local, parts.method.as_str(), url);
    c.remote_addr = Some(remote.to_string());
    c.http_version = version_str(parts.version).into();
    c.headers = header_pairs(&parts.headers);
    let announced = parts
        .headers
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    match read_body(body, announced, limits.max_body).await {
        Ok((bytes, size)) => {
            c.body = bytes;
            c.body_size = size;
        }
        Err(e) => {
            pipeline.warn(format!(
                "{} {} from {remote}: the request body broke off ({e})",
                c.method, c.url
            ));
            return into_response(Reply::text(
                StatusCode::BAD_REQUEST,
                format!("hookcli: cannot read the request body ({e})"),
            ));
        }
    }
    into_response(pipeline.handle(c).await)
}

/// Read a body up to `max` bytes. Over the limit, stop reading and report the size known so
/// far (the announced one when there is one) so the capture is marked truncated.
async fn read_body(
    mut body: Incoming,
    announced: Option<u64>,
    max: u64,
) -> Result<(Bytes, u64), hyper::Error> {
    if let Some(n) = announced
        && n > max
    {
        return Ok((Bytes::new(), n));
    }
    let mut buf = BytesMut::with_capacity(announced.unwrap_or(0) as usize);
    let mut seen: u64 = 0;
    while let Some(frame) = body.frame().await {
        if let Ok(data) = frame?.into_data() {
            seen += data.len() as u64;
            if seen > max {
                let room = (max as usize).saturating_sub(buf.len());
                buf.extend_from_slice(&data[..room.min(data.len())]);
                return Ok((buf.freeze(), announced.unwrap_or(seen).max(seen)));
            }
            buf.extend_from_slice(&data);
        }
    }
    Ok((buf.freeze(), seen))
}

fn version_str(v: Version) -> &'static str {
    match v {
        Version::HTTP_09 => "HTTP/0.9",
        Version::HTTP_10 => "HTTP/1.0",
        Version::HTTP_2 => "HTTP/2.0",
        Version::HTTP_3 => "HTTP/3.0",
        _ => "HTTP/1.1",
    }
}

fn into_response(r: Reply) -> Response<Full<Bytes>> {
    let mut resp = Response::new(Full::new(r.body));
    *resp.status_mut() = r.status;
    *resp.headers_mut() = r.headers;
    resp
}
