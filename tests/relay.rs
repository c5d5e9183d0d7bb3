//! The tunnel end to end: a relay and a `listen --relay` client in-process on 127.0.0.1:0
//! (and the real binaries), a recording dev server behind the client. No sleeps: every wait
//! is on an event, a channel or a process line, each with a deadline.

mod common;
mod relay_support;

use common::{DevServer, forwarding, noise, send};
use hookcli::capture::{Capture, Origin};
use hookcli::event::Event;
use hookcli::event::RelayState;
use hookcli::forward::{self, Forwarder};
use hookcli::pipeline::Pipeline;
use hookcli::relay::auth::Grants;
use hookcli::relay::client::{self, ClientOptions, Refused};
use hookcli::relay::server::{self, Relay, RelayConfig};
use hookcli::store::Store;
use hookcli::target::Target;
use http::StatusCode;
use relay_support::Proc;
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

#[tokio::test]
async fn no_answer_in_time_gives_202_and_the_request_still_lands_and_is_acked() {
    let store = tempfile::tempdir().unwrap();
    let mut cfg = config(store.path(), Grants::single("t"));
    cfg.response_timeout = Duration::from_millis(200);
    let node = Node::start(cfg).await;
    let mut dev = DevServer::start().await;
    let mut l = Listener::start(opts(&node, "alice", "t"), Some(&dev));
    l.connected().await;

    let (status, headers, _) = send("POST", &node.ingress("alice", "/slow/1"), &[], "a").await;
    assert_eq!(status, StatusCode::ACCEPTED);
    assert_eq!(headers["x-hookcli-relay"], "queued");
    assert_eq!(dev.next().await.uri, "/slow/1");
    dev.release();
    // Handled in order: the next answer comes after the first was stored and acked.
    let (status, _, _) = send("POST", &node.ingress("alice", "/fast"), &[], "b").await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(dev.next().await.uri, "/fast");
    let ids: Vec<String> = l.stored().into_iter().map(|c| c.url).collect();
    assert_eq!(ids, ["/slow/1", "/fast"]);
    assert_eq!(node.relay.pending("alice"), 0);
    l.kill().await;
    node.shutdown().await;
}

#[tokio::test]
async fn wrong_token_is_refused_once_without_retrying() {
    let store = tempfile::tempdir().unwrap();
    let node = Node::start(config(store.path(), Grants::single("right"))).await;
    let mut l = Listener::start(opts(&node, "alice", "wrong"), None);
    assert!(matches!(l.state().await, RelayState::AuthFailed { .. }));
    let err = tokio::time::timeout(WAIT, l.task)
        .await
        .unwrap()
        .unwrap()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "relay refused token for channel alice (401: the token is not valid)"
    );
    node.shutdown().await;
}

#[tokio::test]
async fn token_b_cannot_read_channel_a() {
    let store = tempfile::tempdir().unwrap();
    let grants = Grants::parse("ta alice\ntb bob\n").unwrap();
    let node = Node::start(config(store.path(), grants)).await;

    let mut thief = Listener::start(opts(&node, "alice", "tb"), None);
    assert!(matches!(thief.state().await, RelayState::AuthFailed { .. }));
    let err = thief.task.await.unwrap().unwrap_err();
    assert!(
        err.to_string()
            .contains("403: the token does not grant channel alice"),
        "{err}"
    );

    // Bob holds his own channel; alice's webhooks wait for alice, and nobody else.
    let mut bob = Listener::start(opts(&node, "bob", "tb"), None);
    bob.connected().await;
    let (status, _, _) = send("POST", &node.ingress("alice", "/secret"), &[], "x").await;
    assert_eq!(status, StatusCode::ACCEPTED);
    assert_eq!(node.relay.pending("alice"), 1);
    let (status, _, _) = send("POST", &node.ingress("bob", "/mine"), &[], "y").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(bob.capture().await.url, "/mine");
    assert!(bob.stored().iter().all(|c| c.url != "/secret"));
    // A channel no token grants is not accepted at all.
    let (status, _, _) = send("POST", &node.ingress("carol", "/x"), &[], "z").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let mut alice = Listener::start(opts(&node, "alice", "ta"), None);
    assert_eq!(alice.connected().await, 1);
    assert_eq!(alice.capture().await.url, "/secret");
    bob.kill().await;
    alice.kill().await;
    node.shutdown().await;
}

/// Which burst request a dev-server hit was (`/burst/{i}`).
fn burst_index(uri: &str) -> usize {
    uri.trim_start_matches("/burst/").parse().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_killed_mid_burst_loses_nothing_and_keeps_order() {
    const N: usize = 40;
    let store = tempfile::tempdir().unwrap();
    let node = Node::start(config(store.path(), Grants::single("t"))).await;
    let mut dev = DevServer::start().await;
    let mut first = Listener::start(opts(&node, "alice", "t"), Some(&dev));
    first.connected().await;

    let url = node.ingress("alice", "");
    let sender = tokio::spawn(async move {
        let mut statuses = Vec::new();
        for i in 0..N {
            let (s, _, _) = send("POST", &format!("{url}/burst/{i}"), &[], i.to_string()).await;
            statuses.push(s);
        }
        statuses
    });
    let mut seen = Vec::new();
    for _ in 0..10 {
        seen.push(burst_index(&dev.next().await.uri));
    }
    let first_store = first.kill().await;
    let statuses = tokio::time::timeout(WAIT, sender).await.unwrap().unwrap();
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::CREATED || *s == StatusCode::ACCEPTED),
        "{statuses:?}"
    );
    assert!(statuses.contains(&StatusCode::ACCEPTED));

    let mut second = Listener::start(opts(&node, "alice", "t"), Some(&dev));
    assert!(second.connected().await > 0);
    let mut distinct: Vec<usize> = Vec::new();
    for &i in &seen {
        if !distinct.contains(&i) {
            distinct.push(i);
        }
    }
    while distinct.len() < N {
        let i = burst_index(&dev.next().await.uri);
        seen.push(i);
        if !distinct.contains(&i) {
            distinct.push(i);
        }
    }
    // Every request arrived, in order; a redelivery only repeats the one cut off mid-way.
    assert_eq!(distinct, (0..N).collect::<Vec<_>>());
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    let (s, _, _) = send("POST", &node.ingress("alice", "/burst/99"), &[], "end").await;
    assert_eq!(s, StatusCode::CREATED);
    assert_eq!(dev.next().await.uri, "/burst/99");
    assert_eq!(node.relay.pending("alice"), 0);
    // Both listeners' stores together hold every request, under the relay's ids.
    let mut urls: Vec<String> = Store::open(first_store.path())
        .unwrap()
        .load(None)
        .unwrap()
        .captures
        .into_iter()
        .chain(second.stored())
        .map(|c| c.url)
        .collect();
    urls.sort();
    urls.dedup();
    assert_eq!(urls.len(), N + 1);
    second.kill().await;
    node.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn relay_restart_with_a_full_buffer_delivers_everything_once() {
    let store = tempfile::tempdir().unwrap();
    let mut cfg = config(store.path(), Grants::single("t"));
    cfg.response_timeout = Duration::from_millis(200);
    let node = Node::start(cfg.clone()).await;
    let addr = node.addr;
    let mut dev = DevServer::start().await;
    let mut l = Listener::start(opts(&node, "alice", "t"), Some(&dev));
    l.connected().await;

    // The listener is stuck on /slow/0, so /n/1..4 are delivered but not yet acked.
    for path in ["/slow/0", "/n/1", "/n/2", "/n/3", "/n/4"] {
        let (s, _, _) = send("POST", &node.ingress("alice", path), &[], path).await;
        assert_eq!(s, StatusCode::ACCEPTED);
    }
    assert_eq!(dev.next().await.uri, "/slow/0");
    node.shutdown().await;
    assert!(matches!(l.state().await, RelayState::Reconnecting { .. }));

    let node = Node::start_on(&addr.to_string(), cfg, None).await;
    assert_eq!(l.connected().await, 5);
    dev.release();
    for want in ["/n/1", "/n/2", "/n/3", "/n/4"] {
        assert_eq!(dev.next().await.uri, want);
    }
    // The redelivered five were deduped by id: the next thing the dev server sees is new.
    let (s, _, _) = send("POST", &node.ingress("alice", "/n/5"), &[], "5").await;
    assert_eq!(s, StatusCode::CREATED);
    assert_eq!(dev.next().await.uri, "/n/5");
    assert_eq!(node.relay.pending("alice"), 0);
    assert_eq!(l.stored().len(), 6);
    l.kill().await;
    node.shutdown().await;
}

#[tokio::test]
async fn tls_round_trip_with_a_self_signed_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let key =
        rcgen::generate_simple_self_signed(vec!["127.0.0.1".into(), "localhost".into()]).unwrap();
    let cert_path = dir.path().join("cert.pem");
    let key_path = dir.path().join("key.pem");
    std::fs::write(&cert_path, key.cert.pem()).unwrap();
    std::fs::write(&key_path, key.signing_key.serialize_pem()).unwrap();
    let tls = hookcli::relay::tls::server_config(&cert_path, &key_path).unwrap();

    let store = tempfile::tempdir().unwrap();
    let mut cfg = config(store.path(), Grants::single("t"));
    cfg.tls = true;
    let node = Node::start_on("127.0.0.1:0", cfg, Some(tls.into())).await;
    let mut dev = DevServer::start().await;
    let mut o = opts(&node, "alice", "t");
    o.relay = Target::parse_with(&format!("wss://{}", node.addr), "wss").unwrap();
    o.insecure = true;
    let mut l = Listener::start(o, Some(&dev));
    l.connected().await;

    // The provider's side: https to the relay (any certificate accepted, as curl -k would).
    let sender = Forwarder::new(forward::Options {
        insecure: true,
        ..forward::Options::default()
    })
    .unwrap();
    let target = Target::parse(&format!("https://{}/c/alice", node.addr)).unwrap();
    let mut c = Capture::new(Origin::Local, "POST", "/tls?x=1");
    c.body = noise(4096, 3).into();
    c.body_size = 4096;
    let (record, answer) = sender.send(&target, &c).await;
    let answer = answer.unwrap_or_else(|| panic!("{:?}", record.error));
    assert_eq!(answer.status, StatusCode::CREATED);
    let seen = dev.next().await;
    assert_eq!(seen.uri, "/tls?x=1");
    assert_eq!(seen.body, c.body);
    l.kill().await;
    node.shutdown().await;
}

#[tokio::test]
async fn limits_413_503_429_and_plain_ws_refusals() {
    let store = tempfile::tempdir().unwrap();
    let mut cfg = config(store.path(), Grants::parse("t a\n").unwrap());
    cfg.max_body = 1000;
    cfg.buffer = 2;
    let node = Node::start(cfg).await;
    let (s, _, _) = send("POST", &node.ingress("a", "/"), &[], vec![0u8; 1001]).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE);
    for _ in 0..2 {
        let (s, _, _) = send("POST", &node.ingress("a", "/"), &[], "x").await;
        assert_eq!(s, StatusCode::ACCEPTED);
    }
    let (s, _, _) = send("POST", &node.ingress("a", "/"), &[], "x").await;
    assert_eq!(s, StatusCode::SERVICE_UNAVAILABLE);
    let (s, _, _) = send("GET", &format!("http://{}/ws/a", node.addr), &[], "").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    node.shutdown().await;

    let store = tempfile::tempdir().unwrap();
    let mut cfg = config(store.path(), Grants::parse("t a\n").unwrap());
    cfg.rate = 1.0; // bursts of 2
    let node = Node::start(cfg).await;
    let mut codes = Vec::new();
    for _ in 0..3 {
        codes.push(send("POST", &node.ingress("a", "/"), &[], "x").await.0);
    }
    assert_eq!(
        codes,
        [
            StatusCode::ACCEPTED,
            StatusCode::ACCEPTED,
            StatusCode::TOO_MANY_REQUESTS
        ]
    );
    node.shutdown().await;

    let store = tempfile::tempdir().unwrap();
    let mut cfg = config(store.path(), Grants::single("t"));
    cfg.max_channels = 1;
    let node = Node::start(cfg).await;
    let mut one = Listener::start(opts(&node, "one", "t"), None);
    one.connected().await;
    let mut two = Listener::start(opts(&node, "two", "t"), None);
    match two.state().await {
        RelayState::Reconnecting { reason, .. } => assert!(reason.contains("429"), "{reason}"),
        other => panic!("{other:?}"),
    }
    one.kill().await;
    two.kill().await;
    node.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_binaries_relay_crash_keeps_the_buffer_and_listen_gets_it_in_order() {
    let store = tempfile::tempdir().unwrap();
    let relay_store = store.path().join("relay");
    let rs = relay_store.to_str().unwrap();
    let mut dev = DevServer::start().await;
    // The tokens file names the channel, so it takes webhooks before any listener held it.
    let tokens = store.path().join("tokens");
    std::fs::write(&tokens, "tok alice\n").unwrap();
    let relay_args = [
        "relay",
        "--listen",
        "127.0.0.1:0",
        "--store",
        rs,
        "--tokens",
        tokens.to_str().unwrap(),
    ];
    let mut relay = Proc::spawn(&relay_args);
    let addr = relay.listening().await;
    for i in 0..3 {
        let url = format!("http://{addr}/c/alice/b/{i}?q={i}");
        let (s, _, _) = send("POST", &url, &[("x-n", &i.to_string())], vec![i as u8; 3]).await;
        assert_eq!(s, StatusCode::ACCEPTED);
    }
    // SIGKILL: no shutdown path runs; what was answered 202 must already be on disk.
    drop(relay);
    let mut relay = Proc::spawn(&relay_args);
    let addr = relay.listening().await;

    let listen_store = store.path().join("listen");
    let relay_url = format!("ws://{addr}");
    let mut listen = Proc::spawn(&[
        "listen",
        "--port",
        "0",
        "--json",
        "--store",
        listen_store.to_str().unwrap(),
        "--forward",
        &dev.url(),
        "--relay",
        &relay_url,
        "--channel",
        "alice",
        "--token",
        "tok",
    ]);
    listen.listening().await;
    let mut err = Vec::new();
    while !err.iter().any(|l: &String| l.contains("relay connected")) {
        err.push(Proc::line(&mut listen.err).await);
    }
    // The public URL is said once, by the relay's own account of it.
    let said = format!("hookcli: relay connected: channel alice at http://{addr}/c/alice/ ");
    assert!(err.iter().any(|l| l.starts_with(&said)), "{err:?}");
    assert_eq!(
        err.iter().filter(|l| l.contains("/c/alice")).count(),
        1,
        "{err:?}"
    );
    for i in 0..3u8 {
        let seen = dev.next().await;
        assert_eq!(seen.uri, format!("/b/{i}?q={i}"));
        assert_eq!(&seen.body[..], &[i; 3]);
        let line = Proc::line(&mut listen.out).await;
        let c = Capture::from_json(&line).unwrap();
        assert_eq!(c.origin, Origin::Relay);
        assert_eq!(c.url, format!("/b/{i}?q={i}"));
        assert_eq!(c.header("x-n"), Some(i.to_string().as_str()));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_binary_listen_with_a_wrong_token_says_so_once_and_exits_1() {
    let store = tempfile::tempdir().unwrap();
    let node = Node::start(config(store.path(), Grants::single("right"))).await;
    let relay_url = format!("ws://{}", node.addr);
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_hookcli"))
            .args(["listen", "--port", "0", "--no-store", "--no-tui"])
            .args(["--relay", &relay_url, "--channel", "alice"])
            .env("HOOKCLI_RELAY_TOKEN", "wrong")
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap()
    });
    let out = tokio::time::timeout(WAIT, out).await.unwrap().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    let errors: Vec<&str> = err.lines().filter(|l| l.contains("error")).collect();
    assert_eq!(
        errors,
        ["hookcli: error: relay refused token for channel alice (401: the token is not valid)"],
        "{err}"
    );
    assert!(!err.contains("wrong"), "the token leaked: {err}");
    node.shutdown().await;
}

#[tokio::test]
async fn relay_refuses_a_client_frame_whose_id_is_not_a_capture_id() {
    use futures_util::{SinkExt as _, StreamExt as _};
    use hookcli::relay::protocol::{self, ClientMessage, ServerMessage};
    use tokio_tungstenite::tungstenite::{Message, client::IntoClientRequest as _};
    let store = tempfile::tempdir().unwrap();
    let node = Node::start(config(store.path(), Grants::parse("t alice\n").unwrap())).await;
    let (s, _, _) = send("POST", &node.ingress("alice", "/kept"), &[], "x").await;
    assert_eq!(s, StatusCode::ACCEPTED);

    let mut req = format!("ws://{}/ws/alice", node.addr)
        .into_client_request()
        .unwrap();
    req.headers_mut()
        .insert("authorization", "Bearer t".parse().unwrap());
    let tcp = tokio::net::TcpStream::connect(node.addr).await.unwrap();
    let (mut ws, _) = tokio_tungstenite::client_async(req, tcp).await.unwrap();
    // Welcome, then the buffered request.
    let mut frames = Vec::new();
    while frames.len() < 2 {
        if let Message::Binary(f) = ws.next().await.unwrap().unwrap() {
            frames.push(protocol::decode::<ServerMessage>(&f).unwrap().0);
        }
    }
    assert!(matches!(&frames[1], ServerMessage::Request(h) if h.url == "/kept"));
    let bad = ClientMessage::Ack { id: "../x".into() };
    ws.send(Message::Binary(protocol::encode(&bad, &[])))
        .await
        .unwrap();
    // The relay ends the connection instead of using the id, and keeps the request.
    let ended = tokio::time::timeout(WAIT, async {
        while let Some(Ok(m)) = ws.next().await {
            if m.is_close() {
                break;
            }
        }
    })
    .await;
    assert!(
        ended.is_ok(),
        "the relay kept a connection that sent a bad id"
    );
    assert_eq!(node.relay.pending("alice"), 1);
    node.shutdown().await;
}
