//! Relay nodes sharing one real `redis-server` (`relay --redis`): real hookcli processes on
//! 127.0.0.1, a recording dev server behind the listener. Every wait is on a process line, an
//! answer or a capture, each with a deadline. Skipped (with a notice) only when redis-server
//! is not installed; CI installs it.

mod common;
mod relay_support;

use bytes::Bytes;
use common::{DevServer, noise};
use hookcli::capture::Capture;
use http::{Request, StatusCode};
use http_body_util::{BodyExt as _, Full};
use relay_support::Proc;
use relay_support::redis_server::{self, RedisServer};
use std::collections::HashSet;
use std::path::Path;

/// A node on `redis`, its channel `alice` named by a tokens file (so it takes webhooks before
/// any listener held it), no rate limit (the bursts are the point), a short answer wait.
async fn node(dir: &Path, name: &str, redis: &RedisServer) -> (Proc, String) {
    let tokens = dir.join("tokens");
    std::fs::write(&tokens, "tok alice\n").unwrap();
    let store = dir.join(name);
    let url = redis.url();
    let extra = [
        "--tokens",
        tokens.to_str().unwrap(),
        "--redis",
        url.as_str(),
        "--rate",
        "0",
        "--response-timeout",
        "2",
    ];
    // The first line says where the channels are; `listening on` comes next.
    let mut args = vec!["relay", "--listen", "127.0.0.1:0", "--store"];
    args.push(store.to_str().unwrap());
    args.extend_from_slice(&extra);
    let mut p = Proc::spawn(&args);
    let said = p.err_until("listening on http").await;
    assert!(
        said[0].contains("relay channels in redis 127.0.0.1:"),
        "{said:?}"
    );
    let addr = said
        .last()
        .unwrap()
        .rsplit("://")
        .next()
        .unwrap()
        .to_string();
    (p, addr)
}

/// `hookcli listen` holding `alice` through `relays` (tried in turn), storing in `store`.
async fn listener(store: &Path, relays: &[&str], forward: Option<&str>) -> Proc {
    let list = relays
        .iter()
        .map(|a| format!("ws://{a}"))
        .collect::<Vec<_>>()
        .join(",");
    let mut args = vec!["listen", "--port", "0", "--json", "--store"];
    args.push(store.to_str().unwrap());
    args.extend_from_slice(&["--relay", &list, "--channel", "alice", "--token", "tok"]);
    if let Some(f) = forward {
        args.extend_from_slice(&["--forward", f]);
    }
    let mut p = Proc::spawn(&args);
    p.err_until("relay connected").await;
    p
}

/// POST without failing the test when the node is gone: `None` for a connection error.
async fn post(url: &str, n: usize, body: Vec<u8>) -> Option<(StatusCode, Bytes)> {
    let req = Request::post(url)
        .header("x-n", n.to_string())
        .body(Full::new(Bytes::from(body)))
        .unwrap();
    let resp = common::client().request(req).await.ok()?;
    let status = resp.status();
    let body = resp.into_body().collect().await.ok()?.to_bytes();
    Some((status, body))
}

/// The `x-n` of every capture in a listener's store, oldest first.
fn stored(store: &Path) -> Vec<usize> {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hookcli"))
        .args(["list", "--json", "--store"])
        .arg(store)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let all: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    all.iter()
        .map(|v| {
            let c = Capture::from_json(&v.to_string()).unwrap();
            c.header("x-n").unwrap().parse().unwrap()
        })
        .collect()
}

/// Read the listener's NDJSON until every index in `want` has been stored.
async fn until_stored(listen: &mut Proc, want: &[usize]) {
    let mut missing: HashSet<usize> = want.iter().copied().collect();
    while !missing.is_empty() {
        let line = Proc::line(&mut listen.out).await;
        let c = Capture::from_json(&line).unwrap();
        if let Some(n) = c.header("x-n").and_then(|v| v.parse().ok()) {
            missing.remove(&n);
        }
    }
}

/// Every accepted request is stored exactly once, and the store keeps the order they were
/// accepted in (requests whose sender saw an error may be there too: they were kept).
fn assert_once_in_order(store: &[usize], accepted: &[usize]) {
    let unique: HashSet<_> = store.iter().collect();
    assert_eq!(
        unique.len(),
        store.len(),
        "a request stored twice: {store:?}"
    );
    let mut sorted = store.to_vec();
    sorted.sort_unstable();
    assert_eq!(sorted, store, "out of order: {store:?}");
    let have: HashSet<_> = store.iter().collect();
    let lost: Vec<_> = accepted.iter().filter(|n| !have.contains(n)).collect();
    assert!(lost.is_empty(), "accepted but never stored: {lost:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhooks_sent_to_node_b_reach_the_listener_on_node_a_byte_exact() {
    if !redis_server::available("this test") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let redis = RedisServer::start(dir.path(), false);
    let (_a, a) = node(dir.path(), "a", &redis).await;
    let (_b, b) = node(dir.path(), "b", &redis).await;
    let mut dev = DevServer::start().await;
    let _listen = listener(&dir.path().join("listen"), &[&a], Some(&dev.url())).await;
    for (n, size) in [(0, 0), (1, 1), (2, 70_000)] {
        let body = noise(size, n as u64 + 7);
        let url = format!("http://{b}/c/alice/hook/{n}?x=1");
        let (status, answer) = post(&url, n, body.clone()).await.unwrap();
        // The dev server's answer, through node A, the listener and back to node B.
        assert_eq!(status, StatusCode::CREATED);
        assert_eq!(answer, format!("dev got {size} bytes"));
        let seen = dev.next().await;
        assert_eq!(seen.uri, format!("/hook/{n}?x=1"));
        assert_eq!(seen.body, body);
    }
    // Both nodes report Redis reachable.
    for addr in [&a, &b] {
        let (status, body) = post_get(&format!("http://{addr}/healthz")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            body.contains("redis 127.0.0.1:") && body.contains("reachable"),
            "{body}"
        );
    }
}

async fn post_get(url: &str) -> (StatusCode, String) {
    let req = Request::get(url).body(Full::new(Bytes::new())).unwrap();
    let resp = common::client().request(req).await.unwrap();
    let status = resp.status();
    let body = resp.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&body).into_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn node_a_killed_mid_burst_the_listener_moves_to_b_and_nothing_accepted_is_lost() {
    if !redis_server::available("this test") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let redis = RedisServer::start(dir.path(), false);
    let (mut node_a, a) = node(dir.path(), "a", &redis).await;
    let (_b, b) = node(dir.path(), "b", &redis).await;
    let store = dir.path().join("listen");
    let mut listen = listener(&store, &[&a, &b], None).await;
    let mut accepted = Vec::new();
    for n in 0..500 {
        if n == 200 {
            // SIGKILL: no goodbye, no last writes.
            let _ = node_a.child.kill();
            let _ = node_a.child.wait();
        }
        let to = if n % 2 == 0 { &a } else { &b };
        let got = post(&format!("http://{to}/c/alice/burst"), n, vec![b'x'; 64]).await;
        if let Some((status, _)) = got
            && (status.is_success())
        {
            accepted.push(n);
        }
    }
    // Half the second part went to the dead node; everything else was accepted.
    assert!(accepted.len() >= 340, "accepted only {}", accepted.len());
    listen.err_until("relay connected again").await;
    until_stored(&mut listen, &accepted).await;
    assert_once_in_order(&stored(&store), &accepted);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn listener_offline_200_requests_over_both_nodes_arrive_in_order_when_it_connects() {
    if !redis_server::available("this test") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let redis = RedisServer::start(dir.path(), false);
    let (_a, a) = node(dir.path(), "a", &redis).await;
    let (_b, b) = node(dir.path(), "b", &redis).await;
    for n in 0..200 {
        let to = if n % 2 == 0 { &a } else { &b };
        let (status, _) = post(&format!("http://{to}/c/alice/q"), n, vec![n as u8; 10])
            .await
            .unwrap();
        assert_eq!(status, StatusCode::ACCEPTED, "request {n}");
    }
    let store = dir.path().join("listen");
    let mut listen = listener(&store, &[&b, &a], None).await;
    let all: Vec<usize> = (0..200).collect();
    until_stored(&mut listen, &all).await;
    assert_eq!(stored(&store), all);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_stopped_under_load_gives_503s_and_loses_no_202() {
    if !redis_server::available("this test") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // What "accepted" needs to survive Redis itself: the AOF, fsynced on every write.
    let mut redis = RedisServer::start(dir.path(), true);
    let (_a, a) = node(dir.path(), "a", &redis).await;
    let (_b, b) = node(dir.path(), "b", &redis).await;
    let store = dir.path().join("listen");
    let mut listen = listener(&store, &[&a, &b], None).await;
    let mut accepted = Vec::new();
    let mut refused = 0;
    let mut back = 0;
    let mut n = 0;
    let mut phase = 0; // 0: Redis up, 1: killed, 2: back
    while back < 50 {
        if phase == 0 && n == 100 {
            redis.kill();
            phase = 1;
        }
        let to = if n % 2 == 0 { &a } else { &b };
        let (status, body) = post(&format!("http://{to}/c/alice/load"), n, vec![b'y'; 32])
            .await
            .unwrap();
        if status.is_success() {
            accepted.push(n);
            if phase == 2 {
                back += 1;
            }
        } else {
            assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "request {n}");
            let text = String::from_utf8_lossy(&body);
            assert_eq!(text.trim_end().lines().count(), 1, "{text}");
            assert!(text.contains("redis"), "{text}");
            refused += 1;
        }
        if phase == 1 && refused >= 20 {
            let (status, body) = post_get(&format!("http://{b}/healthz")).await;
            assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
            redis.restart();
            phase = 2;
        }
        n += 1;
        assert!(
            n < 5000,
            "the nodes did not take requests again after Redis came back"
        );
    }
    assert!(refused >= 20);
    until_stored(&mut listen, &accepted).await;
    assert_once_in_order(&stored(&store), &accepted);
}

/// Whether a racing listener lost (held by another) rather than connected.
async fn verdict(p: &mut Proc) -> bool {
    loop {
        let line = Proc::line(&mut p.err).await;
        if line.contains("relay connected") {
            return false;
        }
        if line.contains("held by another listener") {
            return true;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_listeners_racing_on_two_nodes_one_holds_the_other_exits_1() {
    if !redis_server::available("this test") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let redis = RedisServer::start(dir.path(), false);
    let (_a, a) = node(dir.path(), "a", &redis).await;
    let (_b, b) = node(dir.path(), "b", &redis).await;
    let start = |addr: &str, name: &str| {
        let store = dir.path().join(name);
        let relay = format!("ws://{addr}");
        Proc::spawn(&[
            "listen",
            "--port",
            "0",
            "--no-tui",
            "--store",
            store.to_str().unwrap(),
            "--relay",
            &relay,
            "--channel",
            "alice",
            "--token",
            "tok",
        ])
    };
    let mut one = start(&a, "one");
    let mut two = start(&b, "two");
    let (first, second) = tokio::join!(verdict(&mut one), verdict(&mut two));
    assert!(
        first != second,
        "exactly one holder (held: {first} / {second})"
    );
    let loser = if first { &mut one } else { &mut two };
    let (code, _) = loser.exit().await;
    assert_eq!(code, Some(1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_unreachable_at_start_is_one_error_line_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "redis://:secret-pw@127.0.0.1:{}/0",
        redis_server::free_port()
    );
    let mut p = Proc::spawn(&[
        "relay",
        "--listen",
        "127.0.0.1:0",
        "--token",
        "tok",
        "--store",
        dir.path().to_str().unwrap(),
        "--redis",
        &url,
    ]);
    let (code, lines) = p.exit().await;
    assert_eq!(code, Some(1));
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with("hookcli: error: cannot reach redis at 127.0.0.1:"),
        "{lines:?}"
    );
    assert!(!lines[0].contains("secret-pw"), "{lines:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn takeover_on_node_b_stops_the_listener_on_node_a() {
    if !redis_server::available("this test") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let redis = RedisServer::start(dir.path(), false);
    let (_a, a) = node(dir.path(), "a", &redis).await;
    let (_b, b) = node(dir.path(), "b", &redis).await;
    let mut first = listener(&dir.path().join("one"), &[&a], None).await;
    let store = dir.path().join("two");
    let relay = format!("ws://{b}");
    let mut second = Proc::spawn(&[
        "listen",
        "--port",
        "0",
        "--json",
        "--store",
        store.to_str().unwrap(),
        "--relay",
        &relay,
        "--channel",
        "alice",
        "--token",
        "tok",
        "--takeover",
    ]);
    second.err_until("relay connected").await;
    // Node A learns at its next lease renewal and tells its listener to stop.
    let said = first.err_until("took channel alice over").await;
    let (code, _) = first.exit().await;
    assert_eq!(code, Some(1), "{said:?}");
    // Requests now reach the new holder, from either node.
    for (n, to) in [&a, &b].into_iter().enumerate() {
        let got = post(&format!("http://{to}/c/alice/t"), n, b"t".to_vec()).await;
        assert!(got.unwrap().0.is_success());
    }
    until_stored(&mut second, &[0, 1]).await;
}
