//! Shared test fixtures: a recording dev server and an in-process hookcli, both on 127.0.0.1:0.
#![allow(dead_code)]

use bytes::Bytes;
use hookcli::capture::Capture;
use hookcli::event::Event;
use hookcli::forward::{self, Forwarder};
use hookcli::pipeline::{Config, Pipeline};
use hookcli::server::{self, Limits};
use hookcli::store::Store;
use http::{Request, Response, StatusCode};
use http_body_util::{BodyExt as _, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::{Notify, mpsc};

/// What the dev server saw.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub uri: String,
    pub headers: Vec<(String, String)>,
    pub body: Bytes,
}

/// A real hyper server that records every request. `/slow…` waits until `release()`.
pub struct DevServer {
    pub addr: SocketAddr,
    pub seen: mpsc::UnboundedReceiver<Seen>,
    gate: Arc<Notify>,
}

impl DevServer {
    pub async fn start() -> DevServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (tx, seen) = mpsc::unbounded_channel();
        let gate = Arc::new(Notify::new());
        let g = Arc::clone(&gate);
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let tx = tx.clone();
                let g = Arc::clone(&g);
                tokio::spawn(async move {
                    let svc = service_fn(move |req: Request<Incoming>| {
                        let tx = tx.clone();
                        let g = Arc::clone(&g);
                        async move {
                            let (parts, body) = req.into_parts();
                            let body = body.collect().await.unwrap().to_bytes();
                            let seen = Seen {
                                method: parts.method.to_string(),
                                uri: parts.uri.to_string(),
                                headers: hookcli::http::header_pairs(&parts.headers),
                                body: body.clone(),
                            };
                            let slow = seen.uri.starts_with("/slow");
                            let _ = tx.send(seen);
                            if slow {
                                g.notified().await;
                            }
                            let mut resp = Response::new(Full::new(Bytes::from(format!(
                                "dev got {} bytes",
                                body.len()
                            ))));
                            *resp.status_mut() = StatusCode::CREATED;
                            resp.headers_mut().insert("x-dev", "yes".parse().unwrap());
                            resp.headers_mut()
                                .append("x-dev-multi", "a".parse().unwrap());
                            resp.headers_mut()
                                .append("x-dev-multi", "b".parse().unwrap());
                            Ok::<_, std::convert::Infallible>(resp)
                        }
                    });
                    let _ = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new())
                        .serve_connection(TokioIo::new(stream), svc)
                        .await;
                });
            }
        });
        DevServer { addr, seen, gate }
    }

    pub fn url(&self) -> String {
        format!("127.0.0.1:{}", self.addr.port())
    }

    /// Let one held `/slow` request answer.
    pub fn release(&self) {
        self.gate.notify_one();
    }

    /// The next request the server saw (fails the test after 10 s).
    pub async fn next(&mut self) -> Seen {
        tokio::time::timeout(Duration::from_secs(10), self.seen.recv())
            .await
            .expect("dev server saw nothing within 10 s")
            .expect("dev server channel closed")
    }
}

/// An in-process listener wired exactly as `hookcli listen` wires it.
pub struct Hook {
    pub addr: SocketAddr,
    pub events: mpsc::UnboundedReceiver<Event>,
    pub pipeline: Arc<Pipeline>,
    pub store_dir: tempfile::TempDir,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Hook {
    pub async fn start(config: Config) -> Hook {
        Hook::start_with(config, forward::Options::default(), Limits::default()).await
    }

    pub async fn start_with(config: Config, fopts: forward::Options, limits: Limits) -> Hook {
        let store_dir = tempfile::tempdir().unwrap();
        let store = Store::open(store_dir.path()).unwrap();
        let (tx, events) = mpsc::unbounded_channel();
        let pipeline = Arc::new(Pipeline::new(
            config,
            Forwarder::new(fopts).unwrap(),
            Some(store),
            tx,
        ));
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(server::run(
            listener,
            Arc::clone(&pipeline),
            limits,
            async {
                let _ = stopped.await;
            },
        ));
        Hook {
            addr,
            events,
            pipeline,
            store_dir,
            stop: Some(stop),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// The next capture whose forwards are all done (fails the test after 10 s).
    pub async fn complete(&mut self) -> Arc<Capture> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            let ev = tokio::time::timeout_at(deadline, self.events.recv())
                .await
                .expect("no complete capture within 10 s")
                .expect("event channel closed");
            if let Event::Capture {
                capture,
                complete: true,
                ..
            } = ev
            {
                return capture;
            }
        }
    }

    /// Everything in the store now.
    pub fn stored(&self) -> Vec<Capture> {
        Store::open(self.store_dir.path())
            .unwrap()
            .load(None)
            .unwrap()
            .captures
    }

    pub fn stop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
    }
}

/// Config that forwards everything to the given targets.
pub fn forwarding(targets: &[String]) -> Config {
    Config {
        forwards: targets
            .iter()
            .map(|t| hookcli::target::Target::parse(t).unwrap())
            .collect(),
        max_body: 25 << 20,
        ..Config::default()
    }
}

/// A plain HTTP/1.1 client.
pub fn client() -> hyper_util::client::legacy::Client<
    hyper_util::client::legacy::connect::HttpConnector,
    Full<Bytes>,
> {
    hyper_util::client::legacy::Client::builder(TokioExecutor::new()).build_http()
}

/// Send one request; returns status, headers and body.
pub async fn send(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: impl Into<Bytes>,
) -> (StatusCode, http::HeaderMap, Bytes) {
    let mut b = Request::builder().method(method).uri(url);
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    let resp = client()
        .request(b.body(Full::new(body.into())).unwrap())
        .await
        .expect("request failed");
    let (parts, body) = resp.into_parts();
    (
        parts.status,
        parts.headers,
        body.collect().await.unwrap().to_bytes(),
    )
}

/// Deterministic pseudo-random bytes (xorshift), all 256 values represented.
pub fn noise(n: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}
