//! The tunnel end to end: a relay and a `listen --relay` client in-process on 127.0.0.1:0
//! (and the real binaries), a recording dev server behind the client. No sleeps: every wait
//! is on an event, a channel or a process line, each with a deadline.

mod common;

use common::{DevServer, forwarding, noise, send};
use hookcli::capture::{Capture, Origin};
use hookcli::forward::{self, Forwarder};
use hookcli::pipeline::{Event, Pipeline};
use hookcli::relay::RelayState;
use hookcli::relay::auth::Grants;
use hookcli::relay::client::{self, ClientOptions, Refused};
use hookcli::relay::server::{self, Relay, RelayConfig};
use hookcli::store::Store;
use hookcli::target::Target;
use http::StatusCode;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

const WAIT: Duration = Duration::from_secs(15);

/// An in-process relay node.
struct Node {
    addr: SocketAddr,
    relay: Arc<Relay>,
    stop: oneshot::Sender<()>,
    done: JoinHandle<()>,
}

impl Node {
    async fn start(config: RelayConfig) -> Node {
        Node::start_on("127.0.0.1:0", config, None).await
    }

    async fn start_on(
        addr: &str,
        config: RelayConfig,
        tls: Option<tokio_rustls::TlsAcceptor>,
    ) -> Node {
        let relay = Relay::open(config).unwrap();
        let listener = TcpListener::bind(addr).await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        let done = tokio::spawn(server::run(listener, Arc::clone(&relay), tls, async {
            let _ = stopped.await;
        }));
        Node {
            addr,
            relay,
            stop,
            done,
        }
    }

    /// Stop serving, wait until every connection is closed, and release the store.
    async fn shutdown(self) {
        let _ = self.stop.send(());
        tokio::time::timeout(WAIT, self.done)
            .await
            .expect("relay did not stop")
            .unwrap();
        assert_eq!(Arc::strong_count(&self.relay), 1, "relay state still held");
    }

    fn ingress(&self, channel: &str, path: &str) -> String {
        format!("http://{}/c/{channel}{path}", self.addr)
    }

    fn ws(&self) -> Target {
        Target::parse_with(&format!("ws://{}", self.addr), "ws").unwrap()
    }
}

fn config(store: &Path, grants: Grants) -> RelayConfig {
    let mut c = RelayConfig::new(grants, store.to_path_buf());
    c.response_timeout = Duration::from_secs(10);
    c
}

/// An in-process `listen --relay` forwarding to a dev server.
struct Listener {
    events: mpsc::UnboundedReceiver<Event>,
    task: JoinHandle<Result<(), Refused>>,
    store: tempfile::TempDir,
}

impl Listener {
    fn start(opts: ClientOptions, dev: Option<&DevServer>) -> Listener {
        let store = tempfile::tempdir().unwrap();
        let (tx, events) = mpsc::unbounded_channel();
        let config = match dev {
            Some(d) => forwarding(&[d.url()]),
            None => forwarding(&[]),
        };
        let pipeline = Arc::new(Pipeline::new(
            config,
            Forwarder::new(forward::Options::default()).unwrap(),
            Some(Store::open(store.path()).unwrap()),
            tx,
        ));
        let task = tokio::spawn(client::run(opts, pipeline, std::future::pending()));
        Listener {
            events,
            task,
            store,
        }
    }

    /// The next relay state change.
    async fn state(&mut self) -> RelayState {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            match tokio::time::timeout_at(deadline, self.events.recv()).await {
                Ok(Some(Event::Relay(s))) => return s,
                Ok(Some(_)) => {}
                other => panic!("no relay state within {WAIT:?} ({other:?})"),
            }
        }
    }

    /// Wait for `Connected`; returns how many requests were waiting.
    async fn connected(&mut self) -> u64 {
        loop {
            match self.state().await {
                RelayState::Connected { pending, .. } => return pending,
                RelayState::AuthFailed { reason } => panic!("refused: {reason}"),
                RelayState::Reconnecting { .. } => {}
            }
        }
    }

    /// The next stored-and-complete capture.
    async fn capture(&mut self) -> Arc<Capture> {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            match tokio::time::timeout_at(deadline, self.events.recv()).await {
                Ok(Some(Event::Capture {
                    capture,
                    complete: true,
                    ..
                })) => return capture,
                Ok(Some(_)) => {}
                other => panic!("no capture within {WAIT:?} ({other:?})"),
            }
        }
    }

    fn stored(&self) -> Vec<Capture> {
        Store::open(self.store.path())
            .unwrap()
            .load(None)
            .unwrap()
            .captures
    }

    /// Kill the client mid-flight, as a crash would (its socket just drops).
    async fn kill(self) -> tempfile::TempDir {
        self.task.abort();
        let _ = self.task.await;
        self.store
    }
}

fn opts(node: &Node, channel: &str, token: &str) -> ClientOptions {
    let mut o = ClientOptions::new(node.ws(), channel, token);
    o.backoff = Duration::from_millis(20);
    o.max_backoff = Duration::from_millis(200);
    o
}

#[tokio::test]
async fn request_round_trips_byte_exact_with_the_dev_servers_answer() {
    let store = tempfile::tempdir().unwrap();
    let node = Node::start(config(store.path(), Grants::single("sekrit"))).await;
    let mut dev = DevServer::start().await;
    let mut l = Listener::start(opts(&node, "alice", "sekrit"), Some(&dev));
    assert_eq!(l.connected().await, 0);

    let mut body = noise(70_000, 7);
    body.extend_from_slice(&[0xff, 0xfe, 0x00, 0x80]);
    let (status, headers, answer) = send(
        "PUT",
        &node.ingress("alice", "/hooks/x%20y?b=1&b=2&c"),
        &[
            ("x-rep", "one"),
            ("x-rep", "two"),
            ("content-type", "application/octet-stream"),
        ],
        body.clone(),
    )
    .await;
    let seen = dev.next().await;
    assert_eq!(seen.method, "PUT");
    assert_eq!(seen.uri, "/hooks/x%20y?b=1&b=2&c");
    assert_eq!(&seen.body[..], &body[..]);
    let reps: Vec<&str> = seen
        .headers
        .iter()
        .filter(|(k, _)| k == "x-rep")
        .map(|(_, v)| v.as_str())
        .collect();
    assert_eq!(reps, ["one", "two"]);

    // The dev server's answer went back to the original sender, repeats and all.
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(answer, format!("dev got {} bytes", body.len()));
    let multi: Vec<&str> = headers
        .get_all("x-dev-multi")
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    assert_eq!(multi, ["a", "b"]);

    let c = l.capture().await;
    assert_eq!(c.origin, Origin::Relay);
    assert_eq!(c.url, "/hooks/x%20y?b=1&b=2&c");
    assert_eq!(&c.body[..], &body[..]);
    assert_eq!(c.response_status, Some(201));
    assert_eq!(l.stored()[0].id, c.id);
    assert_eq!(node.relay.pending("alice"), 0);

    // The bare channel URL is the dev server's `/`; health is always there.
    let _ = send("POST", &node.ingress("alice", "?only=query"), &[], "x").await;
    assert_eq!(dev.next().await.uri, "/?only=query");
    let (s, _, _) = send("GET", &format!("http://{}/healthz", node.addr), &[], "").await;
    assert_eq!(s, StatusCode::OK);
    l.kill().await;
    node.shutdown().await;
}
