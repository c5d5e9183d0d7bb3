//! The web inspector over plain HTTP: who it answers, what it serves, what its actions do.
//! (The same page in a real browser: tests/web_browser.rs.)

mod common;

use common::{DevServer, Hook, forwarding, send};
use http_body_util::BodyExt as _;
use std::net::SocketAddr;
use std::time::Duration;

/// An in-process listener forwarding to a dev server, and its inspector.
async fn start() -> (Hook, DevServer, SocketAddr, String) {
    let dev = DevServer::start().await;
    let hook = Hook::start(forwarding(&[dev.url()])).await;
    let l = hookcli::web::bind(Some("127.0.0.1:0"))
        .await
        .unwrap()
        .unwrap();
    let addr = l.local_addr().unwrap();
    hookcli::web::spawn(
        l,
        std::sync::Arc::clone(&hook.pipeline),
        Some(hook.url("")),
        std::future::pending(),
    );
    let (status, _, page) = send("GET", &format!("http://{addr}/"), &[], "").await;
    assert_eq!(status, 200);
    let page = String::from_utf8(page.to_vec()).unwrap();
    let token = page
        .split("data-token=\"")
        .nth(1)
        .and_then(|t| t.split('"').next())
        .expect("the page carries its token")
        .to_string();
    assert_eq!(token.len(), 40);
    (hook, dev, addr, token)
}

async fn api(
    addr: SocketAddr,
    method: &str,
    path: &str,
    token: &str,
    body: &str,
) -> (http::StatusCode, serde_json::Value) {
    let (status, _, body) = send(
        method,
        &format!("http://{addr}{path}"),
        &[
            ("x-hookcli-token", token),
            ("content-type", "application/json"),
        ],
        body.to_string(),
    )
    .await;
    (status, serde_json::from_slice(&body).unwrap_or_default())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn foreign_hosts_other_origins_and_tokenless_calls_are_refused() {
    let (mut hook, mut dev, addr, token) = start().await;
    send("POST", &hook.url("/hook"), &[], "{}").await;
    let c = hook.complete().await;
    dev.next().await;
    let base = format!("http://{addr}");
    // DNS rebinding: evil.example resolving to 127.0.0.1 still names evil.example.
    let (s, _, _) = send(
        "GET",
        &format!("{base}/"),
        &[("host", "evil.example:4040")],
        "",
    )
    .await;
    assert_eq!(s, 403);
    let (s, _) = api(addr, "GET", "/api/captures", "wrong", "").await;
    assert_eq!(s, 403);
    let replay = format!(r#"{{"id":"{}"}}"#, c.id);
    // A page elsewhere posting to the inspector, even with the token guessed right.
    for h in [
        ("origin", "http://evil.example"),
        ("sec-fetch-site", "cross-site"),
    ] {
        let (s, _, _) = send(
            "POST",
            &format!("{base}/api/replay"),
            &[
                h,
                ("x-hookcli-token", &token),
                ("content-type", "application/json"),
            ],
            replay.clone(),
        )
        .await;
        assert_eq!(s, 403, "{h:?}");
    }
    // Nothing reached the dev server; the same call from the page's own origin does.
    let own = format!("http://{addr}");
    let (s, _, _) = send(
        "POST",
        &format!("{base}/api/replay"),
        &[
            ("origin", &own),
            ("x-hookcli-token", &token),
            ("content-type", "application/json"),
        ],
        replay,
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(dev.next().await.uri, "/hook");
    assert!(dev.seen.try_recv().is_err(), "a refused replay was sent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_captures_stream_to_the_page_and_bodies_come_back_as_text() {
    let (mut hook, mut dev, addr, token) = start().await;
    let resp = common::client()
        .request(
            http::Request::get(format!("http://{addr}/api/events?token={token}"))
                .body(http_body_util::Full::new(bytes::Bytes::new()))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let mut body = resp.into_body();
    send(
        "POST",
        &hook.url("/x?q=%3Cb%3E"),
        &[("content-type", "text/html")],
        "<script>alert(1)</script>",
    )
    .await;
    let c = hook.complete().await;
    dev.next().await;
    let mut got = String::new();
    while !got.contains(&c.id) {
        let frame = tokio::time::timeout(Duration::from_secs(10), body.frame())
            .await
            .expect("no event within 10 s")
            .unwrap()
            .unwrap();
        if let Ok(data) = frame.into_data() {
            got.push_str(&String::from_utf8_lossy(&data));
        }
    }
    assert!(got.contains("event: row"), "{got}");
    let (s, list) = api(addr, "GET", "/api/captures", &token, "").await;
    assert_eq!(s, 200);
    assert_eq!(list["rows"][0]["path"], "/x?q=%3Cb%3E");
    let (s, d) = api(addr, "GET", &format!("/api/captures/{}", c.id), &token, "").await;
    assert_eq!(s, 200);
    assert_eq!(d["body"]["kind"], "text");
    assert_eq!(d["body"]["text"], "<script>alert(1)</script>");
    // A filter the store cannot parse is the page's error, not an empty list.
    let (s, e) = api(
        addr,
        "GET",
        "/api/captures?filter=status:%3E%3Dnope",
        &token,
        "",
    )
    .await;
    assert_eq!(s, 400, "{e}");
    let (s, _) = api(addr, "GET", "/api/captures/..%2Fetc", &token, "").await;
    assert_eq!(s, 400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replay_and_edit_then_replay_reach_the_dev_server() {
    let (mut hook, mut dev, addr, token) = start().await;
    send(
        "POST",
        &hook.url("/pay"),
        &[("authorization", "Bearer s3cr3t-token")],
        "original",
    )
    .await;
    let c = hook.complete().await;
    dev.next().await;
    let (s, r) = api(
        addr,
        "POST",
        "/api/replay",
        &token,
        &format!(r#"{{"id":"{}"}}"#, c.id),
    )
    .await;
    assert_eq!(
        (s, r["status"].as_u64()),
        (http::StatusCode::OK, Some(201)),
        "{r}"
    );
    let seen = dev.next().await;
    assert_eq!(
        (seen.uri.as_str(), &seen.body[..]),
        ("/pay", &b"original"[..])
    );
    // The page shows the credential masked; sent back unchanged, the stored value goes out.
    let (_, d) = api(addr, "GET", &format!("/api/captures/{}", c.id), &token, "").await;
    let shown = d["headers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h[0] == "authorization")
        .unwrap()[1]
        .clone();
    assert_ne!(shown, "Bearer s3cr3t-token");
    let edit = serde_json::json!({
        "id": c.id,
        "edit": {"method": "put", "path": "/pay/2", "headers": [["authorization", shown], ["x-edited", "yes"]], "body": "edited!"}
    });
    let (s, r) = api(addr, "POST", "/api/replay", &token, &edit.to_string()).await;
    assert_eq!(s, 200, "{r}");
    let seen = dev.next().await;
    assert_eq!((seen.method.as_str(), seen.uri.as_str()), ("PUT", "/pay/2"));
    assert_eq!(&seen.body[..], b"edited!");
    let h = |n: &str| {
        seen.headers
            .iter()
            .find(|(k, _)| k == n)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(h("authorization").as_deref(), Some("Bearer s3cr3t-token"));
    assert_eq!(h("x-edited").as_deref(), Some("yes"));
    // The replays are stored like any capture, linked to their source.
    let (_, list) = api(addr, "GET", "/api/captures?limit=2", &token, "").await;
    assert_eq!(list["rows"][0]["replay_of"], c.id.as_str());
    assert_eq!(list["more"], true);
}

/// Start the binary and read stderr up to the inspector's line; (child, lines, page URL).
// The caller kills and waits for the child it gets back.
#[allow(clippy::zombie_processes)]
fn spawn_cli(args: &[&str]) -> (std::process::Child, Vec<String>, String) {
    use std::io::BufRead as _;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_hookcli"))
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut lines = Vec::new();
    loop {
        let mut line = String::new();
        if err.read_line(&mut line).unwrap_or(0) == 0 {
            let _ = child.wait();
            panic!("hookcli exited: {lines:?}");
        }
        lines.push(line.trim_end().to_string());
        if let Some(url) = line.trim_end().strip_prefix("hookcli: inspector on ") {
            let url = url.to_string();
            std::thread::spawn(move || std::io::copy(&mut err, &mut std::io::sink()));
            return (child, lines, url);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn listen_announces_the_inspector_after_its_address_and_inspect_serves_the_store() {
    let store = tempfile::tempdir().unwrap();
    let dir = store.path().to_str().unwrap();
    let (mut child, lines, url) = spawn_cli(&[
        "listen",
        "--no-tui",
        "-p",
        "0",
        "--store",
        dir,
        "--inspect",
        "127.0.0.1:0",
    ]);
    assert!(
        lines[0].starts_with("hookcli: listening on http://127.0.0.1:"),
        "{lines:?}"
    );
    let listen = lines[0]
        .trim_start_matches("hookcli: listening on ")
        .to_string();
    let (stored, _, _) = send("POST", &format!("{listen}/stored"), &[], "x").await;
    assert_eq!(stored, 200);
    let (s, _, page) = send("GET", &url, &[], "").await;
    assert_eq!(s, 200);
    let page = String::from_utf8(page.to_vec()).unwrap();
    let token = page
        .split("data-token=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    // Answered means stored: the page lists it at once, no waiting.
    let (_, _, list) = send(
        "GET",
        &format!("{url}api/captures"),
        &[("x-hookcli-token", token)],
        "",
    )
    .await;
    assert!(
        String::from_utf8_lossy(&list).contains("\"/stored\""),
        "an answered capture is not listed"
    );
    child.kill().unwrap();
    child.wait().unwrap();

    // `inspect` serves what the listener stored, without listening.
    let (mut child, _, url) = spawn_cli(&["inspect", "--store", dir, "--addr", "127.0.0.1:0"]);
    let (_, _, page) = send("GET", &url, &[], "").await;
    let page = String::from_utf8(page.to_vec()).unwrap();
    let token = page
        .split("data-token=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let (s, _, list) = send(
        "GET",
        &format!("{url}api/captures"),
        &[("x-hookcli-token", token)],
        "",
    )
    .await;
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(s, 200);
    assert!(String::from_utf8_lossy(&list).contains("\"/stored\""));
}

#[test]
fn an_inspector_off_loopback_is_warned_about() {
    use std::io::BufRead as _;
    let store = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_hookcli"))
        .args([
            "inspect",
            "--store",
            store.path().to_str().unwrap(),
            "--addr",
            "0.0.0.0:0",
        ])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut lines = [String::new(), String::new()];
    for l in &mut lines {
        err.read_line(l).unwrap();
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        lines[0].starts_with("hookcli: inspector on http://0.0.0.0:"),
        "{lines:?}"
    );
    assert!(
        lines[1].starts_with("hookcli: warning: the inspector listens on 0.0.0.0"),
        "{lines:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_before_an_id_is_the_next_one_down_in_a_1000_capture_store() {
    let (hook, _dev, addr, token) = start().await;
    let store = hookcli::store::Store::open(hook.store_dir.path()).unwrap();
    let mut ids = Vec::new();
    let n = store
        .bulk_insert((0..1000).map(|i| {
            let mut c = hookcli::capture::Capture::new(
                hookcli::capture::Origin::Local,
                "POST",
                format!("/hooks/{i}"),
            );
            c.id = hookcli::capture::new_id();
            ids.push(c.id.clone());
            c
        }))
        .unwrap();
    assert_eq!(n, 1000);
    ids.sort();
    let newest_first: Vec<&String> = ids.iter().rev().collect();
    let page = |v: &serde_json::Value| -> Vec<String> {
        v["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect()
    };
    // The page just below the 500th newest: the 501st to the 700th, newest first.
    let path = format!("/api/captures?before={}", newest_first[499]);
    let (s, v) = api(addr, "GET", &path, &token, "").await;
    assert_eq!(s, 200);
    let want: Vec<String> = newest_first[500..700]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(page(&v), want);
    assert_eq!(v["more"], true);
    assert_eq!(v["total"], 1000);
    // The last page says nothing follows it.
    let path = format!("/api/captures?before={}", newest_first[899]);
    let (_, v) = api(addr, "GET", &path, &token, "").await;
    let want: Vec<String> = newest_first[900..].iter().map(|s| s.to_string()).collect();
    assert_eq!(page(&v), want);
    assert_eq!(v["more"], false);
    // With a filter SQL decides, the page holds only matches, still below the id.
    let path = format!(
        "/api/captures?before={}&filter=path:/hooks/5&limit=5",
        newest_first[0]
    );
    let (s, v) = api(addr, "GET", &path, &token, "").await;
    assert_eq!(s, 200, "{v}");
    let got = page(&v);
    assert_eq!(got.len(), 5);
    assert!(got.iter().all(|id| id < newest_first[0]));
    let paths: Vec<String> = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["path"].as_str().unwrap().to_string())
        .collect();
    assert!(paths.iter().all(|p| p.starts_with("/hooks/5")), "{paths:?}");
    let (s, _) = api(addr, "GET", "/api/captures?before=nope", &token, "").await;
    assert_eq!(s, 400);
}
