//! The relay on the open internet, each case against real processes on 127.0.0.1: a listener
//! that cannot store loses nothing, strangers cannot exhaust connections, files, channels or
//! memory, one listener holds a channel, ids from frames are checked, and the first-run UX.

mod common;
mod relay_support;

use common::send;
use hookcli::capture::Capture;
use http::StatusCode;
use relay_support::{Proc, WAIT, open_files, relay, status_kib, until};
use std::time::Duration;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

/// A tokens file naming `channels` for token `tok`, so ingress works before any listener.
fn tokens(dir: &std::path::Path, channels: &str) -> String {
    let path = dir.join("tokens");
    std::fs::write(&path, format!("tok {channels}\n")).unwrap();
    path.to_str().unwrap().to_string()
}

fn listen_args<'a>(relay: &'a str, channel: &'a str, store: &'a str) -> Vec<&'a str> {
    vec![
        "listen",
        "--port",
        "0",
        "--json",
        "--store",
        store,
        "--relay",
        relay,
        "--channel",
        channel,
        "--token",
        "tok",
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_listener_whose_database_is_locked_ends_with_all_30_once_it_is_free() {
    let dir = tempfile::tempdir().unwrap();
    let t = tokens(dir.path(), "alice");
    let (_relay, addr) = relay(&dir.path().join("relay"), &["--tokens", &t]).await;
    // 30 accepted while nobody listens; one body is over the listener's own --max-body.
    let big = common::noise(64 * 1024, 5);
    for i in 0..30 {
        let body = if i == 7 { big.clone() } else { vec![b'x'; 10] };
        let url = format!("http://{addr}/c/alice/n/{i}");
        let (s, _, _) = send("POST", &url, &[], body).await;
        assert_eq!(s, StatusCode::ACCEPTED, "request {i}");
    }
    // Another process holds the database's write lock (as a long `import` or a stuck writer
    // would), so every transaction of the listener's writer fails after a short busy wait;
    // what the listener accepts waits in its spool.
    let store = dir.path().join("listen");
    let made = std::process::Command::new(env!("CARGO_BIN_EXE_hookcli"))
        .args(["list", "--store", store.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(made.status.success(), "{made:?}");
    let lock = rusqlite::Connection::open(store.join("hookcli.db")).unwrap();
    lock.execute_batch("BEGIN IMMEDIATE").unwrap();
    let ws = format!("ws://{addr}");
    let mut args = listen_args(&ws, "alice", store.to_str().unwrap());
    args.extend(["--max-body", "1KiB"]);
    let mut listen = Proc::spawn_sh("export HOOKCLI_STORE_BUSY_MS=200", &args);
    listen.err_until("wait in its spool").await;
    // Nothing in the database yet, so nothing printed as captured.
    assert!(listen.out.try_recv().is_err());

    // The lock is gone: every request arrives, once, in order, whole.
    lock.execute_batch("ROLLBACK").unwrap();
    drop(lock);
    let mut ids = Vec::new();
    for i in 0..30 {
        let c = Capture::from_json(&Proc::line(&mut listen.out).await).unwrap();
        assert_eq!(c.url, format!("/n/{i}"));
        if i == 7 {
            // Never cut by the listener's --max-body: the relay's limit already applied.
            assert_eq!(c.body_size, big.len() as u64);
            assert_eq!(&c.body[..], &big[..]);
            assert_eq!(c.response_status, Some(200));
        }
        ids.push(c.id.clone());
    }
    ids.dedup();
    assert_eq!(ids.len(), 30);
    // The buffer is empty: the next request is answered by the listener itself.
    let (s, _, _) = send("POST", &format!("http://{addr}/c/alice/n/30"), &[], "y").await;
    assert_eq!(s, StatusCode::OK);
    let c = Capture::from_json(&Proc::line(&mut listen.out).await).unwrap();
    assert_eq!(c.url, "/n/30");
}

/// What an idle peer sends: nothing, half an HTTP/2 preface, half an HTTP/1 head.
const HALF: [&[u8]; 3] = [
    b"",
    b"PRI * HTTP/2.0\r\n",
    b"POST /c/x/y HTTP/1.1\r\nHost: a\r\n",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_idle_connections_leave_health_and_listeners_served() {
    let dir = tempfile::tempdir().unwrap();
    // Long enough that the first connections are still open when the last one is (a loaded
    // machine opens 1,000 slowly), short enough to see them all closed in the test.
    let (relay, addr) = relay(dir.path(), &["--token", "tok", "--idle-timeout", "8"]).await;
    let before = open_files(relay.pid());
    let mut idle = Vec::new();
    for i in 0..1000 {
        let mut s = TcpStream::connect(&addr).await.unwrap();
        s.write_all(HALF[i % 3]).await.unwrap();
        idle.push(s);
    }
    // All 1,000 are accepted and held (not waiting in the kernel's backlog).
    until(|| open_files(relay.pid()), |n| *n >= before + 1000).await;

    let health = tokio::time::timeout(
        Duration::from_secs(1),
        send("GET", &format!("http://{addr}/healthz"), &[], ""),
    )
    .await
    .expect("/healthz did not answer within a second");
    assert_eq!(health.0, StatusCode::OK);
    let store = dir.path().join("listen");
    let ws = format!("ws://{addr}");
    let mut listen = Proc::spawn(&listen_args(&ws, "alice", store.to_str().unwrap()));
    listen.err_until("relay connected").await;

    // The silent ones are closed after --idle-timeout, not held for minutes.
    for mut s in idle {
        let mut buf = [0u8; 256];
        let closed = tokio::time::timeout(WAIT, async {
            loop {
                match s.read(&mut buf).await {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {} // a 408 for a half head, then the close
                }
            }
        })
        .await;
        assert!(closed.is_ok(), "an idle connection stayed open");
    }
    // The listener's WebSocket is not idle: it is still there, and takes webhooks.
    let (s, _, _) = send("POST", &format!("http://{addr}/c/alice/after"), &[], "z").await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_thousand_strangers_posting_to_random_channels_create_nothing() {
    let dir = tempfile::tempdir().unwrap();
    // `--token` grants every channel: even so, ingress must not create any.
    let (relay, addr) = relay(dir.path(), &["--token", "tok"]).await;
    let pid = relay.pid();
    let channels = || {
        std::fs::read_dir(dir.path().join("channels"))
            .unwrap()
            .count()
    };
    let files_before = open_files(pid);
    let mut tasks = Vec::new();
    for worker in 0..10 {
        let addr = addr.clone();
        tasks.push(tokio::spawn(async move {
            let client = common::client();
            for i in 0..500 {
                let url = format!("http://{addr}/c/ch{:04}/x", worker * 500 + i);
                let req = http::Request::post(url)
                    .body(http_body_util::Full::new(bytes::Bytes::from_static(b"{}")))
                    .unwrap();
                let resp = client.request(req).await.unwrap();
                assert_eq!(resp.status(), StatusCode::NOT_FOUND);
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    assert_eq!(channels(), 0, "ingress created channel buffers");
    // Once the senders' keep-alive connections are gone, the relay holds what it held before.
    until(|| open_files(pid), |n| *n <= files_before).await;
    assert_eq!(
        std::fs::read_dir(dir.path().join("spool")).unwrap().count(),
        0
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thirty_concurrent_24mib_uploads_keep_the_relay_under_100mb() {
    let dir = tempfile::tempdir().unwrap();
    let t = tokens(dir.path(), "up");
    let (relay, addr) = relay(&dir.path().join("relay"), &["--tokens", &t]).await;
    let body = bytes::Bytes::from(common::noise(24 << 20, 9));
    let mut tasks = Vec::new();
    for i in 0..30 {
        let (addr, body) = (addr.clone(), body.clone());
        tasks.push(tokio::spawn(async move {
            let url = format!("http://{addr}/c/up/big/{i}");
            send("POST", &url, &[], body).await.0
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), StatusCode::ACCEPTED);
    }
    let peak_kib = status_kib(relay.pid(), "VmHWM");
    eprintln!(
        "relay peak RSS after 30 × 24 MiB: {} MB (now {} MB)",
        peak_kib / 1024,
        status_kib(relay.pid(), "VmRSS") / 1024
    );
    assert!(peak_kib < 100 * 1024, "relay peaked at {peak_kib} KiB");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_listener_holds_a_channel_and_takeover_replaces_it() {
    let dir = tempfile::tempdir().unwrap();
    let (mut relay, addr) = relay(&dir.path().join("relay"), &["--token", "tok"]).await;
    let ws = format!("ws://{addr}");
    let store = |n: &str| dir.path().join(n).to_str().unwrap().to_string();
    let (s1, s2, s3) = (store("one"), store("two"), store("three"));
    let mut first = Proc::spawn(&listen_args(&ws, "alice", &s1));
    first.err_until("relay connected").await;

    let mut second = Proc::spawn(&listen_args(&ws, "alice", &s2));
    let (code, err) = second.exit().await;
    assert_eq!(code, Some(1));
    let errors: Vec<&String> = err.iter().filter(|l| l.contains("error")).collect();
    assert_eq!(
        errors,
        [
            "hookcli: error: relay channel alice is held by another listener (pass --takeover to replace it)"
        ],
        "{err:?}"
    );

    let mut args = listen_args(&ws, "alice", &s3);
    args.push("--takeover");
    let mut third = Proc::spawn(&args);
    third.err_until("relay connected").await;
    let (code, err) = first.exit().await;
    assert_eq!(code, Some(1));
    assert!(
        err.iter()
            .any(|l| l
                .contains("error: relay channel alice: another listener took channel alice over")),
        "{err:?}"
    );
    // Ctrl-C says goodbye with a close frame: the relay logs a close, not a reset.
    third.signal("INT");
    let (code, _) = third.exit().await;
    assert_eq!(code, Some(0));
    loop {
        let log = relay.err_until("disconnected (").await;
        let last = log.last().unwrap();
        if last.contains("replaced by a newer connection") {
            continue; // the first listener's, earlier
        }
        assert!(last.contains("closed by the client"), "{log:?}");
        break;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_relayed_id_that_is_not_a_capture_id_is_refused() {
    use futures_util::{SinkExt as _, StreamExt as _};
    use hookcli::relay::protocol::{self, ClientMessage, RequestHead, ServerMessage};
    use tokio_tungstenite::tungstenite::Message;
    // A hostile relay: it sends `../x` as an id, then a good one.
    let fake = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = fake.local_addr().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let save = dir.path().join("save");
    let store = dir.path().join("store");
    let ws = format!("ws://{addr}");
    let mut args = listen_args(&ws, "alice", store.to_str().unwrap());
    args.extend(["--save", save.to_str().unwrap()]);
    let mut listen = Proc::spawn(&args);
    let (tcp, _) = tokio::time::timeout(WAIT, fake.accept())
        .await
        .unwrap()
        .unwrap();
    let mut conn = tokio_tungstenite::accept_async(tcp).await.unwrap();
    let send_frame = |msg: ServerMessage| Message::Binary(protocol::encode(&msg, b"{}"));
    let welcome = ServerMessage::Welcome {
        public_url: format!("http://{addr}"),
        pending: 2,
    };
    conn.send(send_frame(welcome)).await.unwrap();
    let good = hookcli::capture::new_id();
    for id in ["../x".to_string(), good.clone()] {
        let head = RequestHead {
            id,
            method: "POST".into(),
            url: "/hook".into(),
            http_version: "HTTP/1.1".into(),
            remote_addr: None,
            received_at: "2026-11-30T00:00:00Z".into(),
            headers: vec![],
        };
        conn.send(send_frame(ServerMessage::Request(head)))
            .await
            .unwrap();
    }
    // The only answer is about the good id.
    let answer = loop {
        let msg = tokio::time::timeout(WAIT, conn.next())
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        if let Message::Binary(frame) = msg {
            break protocol::decode::<ClientMessage>(&frame).unwrap().0;
        }
    };
    assert_eq!(answer.id(), good);
    let c = Capture::from_json(&Proc::line(&mut listen.out).await).unwrap();
    assert_eq!(c.id, good);
    let err = listen.err_until("refused a relayed request").await;
    assert!(
        err.last()
            .unwrap()
            .contains(r#"its id "../x" is not a capture id"#),
        "{err:?}"
    );
    let saved: Vec<String> = std::fs::read_dir(&save)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(saved, [format!("{good}.json")]);
    assert!(!dir.path().join("x.json").exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_run_says_where_to_send_and_how_to_connect() {
    let dir = tempfile::tempdir().unwrap();
    let t = tokens(dir.path(), "alice");
    let (mut relay, addr) = relay(&dir.path().join("relay"), &["--tokens", &t]).await;
    let said = relay.err_until("connect a listener").await;
    assert_eq!(
        said,
        [
            format!("hookcli: relay public URL http://{addr}/c/alice/"),
            format!(
                "hookcli: connect a listener: hookcli listen --relay ws://{addr} --channel alice --token TOKEN"
            ),
        ]
    );
    // No scheme on a loopback address means ws://, and it connects.
    let store = dir.path().join("l");
    let mut listen = Proc::spawn(&listen_args(&addr, "alice", store.to_str().unwrap()));
    listen.err_until("relay connected").await;
    drop(listen);
    // wss:// against a plain relay: one line that says to use ws://, exit 1, no retrying.
    let wss = format!("wss://{addr}");
    let mut tls = Proc::spawn(&listen_args(&wss, "alice", store.to_str().unwrap()));
    let (code, err) = tls.exit().await;
    assert_eq!(code, Some(1));
    let errors: Vec<&String> = err.iter().filter(|l| l.contains("error")).collect();
    assert_eq!(errors.len(), 1, "{err:?}");
    assert!(errors[0].contains(&format!("use ws://{addr}")), "{err:?}");
}
