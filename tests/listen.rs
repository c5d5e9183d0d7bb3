//! The core pipeline end to end: a real client, hookcli's real server, a real dev server.

mod common;

use bytes::Bytes;
use common::{DevServer, Hook, forwarding, noise, send};
use hookcli::capture::Origin;
use hookcli::pipeline::{Config, Respond};
use hookcli::target::Route;
use std::io::Write as _;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

#[tokio::test]
async fn five_mib_binary_body_is_forwarded_and_stored_byte_exact() {
    let mut dev = DevServer::start().await;
    let mut hook = Hook::start(forwarding(&[dev.url()])).await;
    let body = noise(5 << 20, 7);
    let (status, _, reply) = send(
        "POST",
        &hook.url("/in/bin?x=1"),
        &[("content-type", "application/octet-stream")],
        body.clone(),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(reply, format!("dev got {} bytes", body.len()));
    let seen = dev.next().await;
    assert_eq!(seen.uri, "/in/bin?x=1");
    assert!(seen.body == body, "dev server body differs");
    let c = hook.complete().await;
    assert!(c.body == body);
    let stored = hook.stored();
    assert_eq!(stored.len(), 1);
    assert!(
        stored[0].body == body,
        "stored body differs after the JSON round trip"
    );
    assert_eq!(stored[0].body_size, 5 << 20);
}

#[tokio::test]
async fn utf8_json_repeated_headers_and_query_survive() {
    let mut dev = DevServer::start().await;
    let mut hook = Hook::start(forwarding(&[dev.url()])).await;
    let body = r#"{"name":"Jürgen ✓ 日本","n":1}"#;
    send(
        "POST",
        &hook.url("/hooks/a%20b?x=1&x=2&y=%E2%9C%93"),
        &[
            ("content-type", "application/json"),
            ("x-multi", "one"),
            ("x-other", "o"),
            ("x-multi", "two"),
        ],
        body,
    )
    .await;
    let seen = dev.next().await;
    assert_eq!(seen.uri, "/hooks/a%20b?x=1&x=2&y=%E2%9C%93");
    assert_eq!(seen.body, body.as_bytes());
    let multi: Vec<&str> = seen
        .headers
        .iter()
        .filter(|(k, _)| k == "x-multi")
        .map(|(_, v)| v.as_str())
        .collect();
    assert_eq!(multi, ["one", "two"], "repeats kept in order");
    // Host is rewritten to the target; everything else passes.
    assert!(seen.headers.contains(&("host".into(), dev.url())));
    let c = hook.complete().await;
    assert_eq!(c.url, "/hooks/a%20b?x=1&x=2&y=%E2%9C%93");
    let json: serde_json::Value = serde_json::from_str(&c.to_json()).unwrap();
    assert_eq!(json["body"], body);
    assert_eq!(json["body_encoding"], "utf8");
    assert_eq!(json["forwards"][0]["status"], 201);
}

#[tokio::test]
async fn every_method_is_captured_and_forwarded() {
    let mut dev = DevServer::start().await;
    let mut hook = Hook::start(forwarding(&[dev.url()])).await;
    for method in [
        "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "PURGE",
    ] {
        let (status, _, _) = send(method, &hook.url("/m"), &[], Bytes::new()).await;
        assert_eq!(status, 201, "{method}");
        assert_eq!(dev.next().await.method, method);
        assert_eq!(hook.complete().await.method, method);
    }
}

#[tokio::test]
async fn chunked_and_gzip_bodies_arrive_whole_and_unchanged() {
    let mut dev = DevServer::start().await;
    let mut hook = Hook::start(forwarding(&[dev.url()])).await;
    // Chunked, written by hand so the framing is really chunked on the wire.
    let mut s = tokio::net::TcpStream::connect(hook.addr).await.unwrap();
    s.write_all(
        b"POST /chunked HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n\
          5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
    )
    .await
    .unwrap();
    let mut buf = vec![0u8; 512];
    let n = s.read(&mut buf).await.unwrap();
    assert!(
        buf[..n].starts_with(b"HTTP/1.1 201"),
        "{}",
        String::from_utf8_lossy(&buf[..n])
    );
    let seen = dev.next().await;
    assert_eq!(seen.body, "hello world");
    assert!(!seen.headers.iter().any(|(k, _)| k == "transfer-encoding"));
    assert_eq!(hook.complete().await.body, "hello world");

    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(br#"{"zipped":true}"#).unwrap();
    let gz = gz.finish().unwrap();
    send(
        "POST",
        &hook.url("/gz"),
        &[("content-encoding", "gzip")],
        gz.clone(),
    )
    .await;
    let seen = dev.next().await;
    assert!(
        seen.body == gz,
        "gzip bytes forwarded as sent, not inflated"
    );
    assert!(
        seen.headers
            .contains(&("content-encoding".into(), "gzip".into()))
    );
    let c = hook.complete().await;
    assert!(c.body == gz);
    let json: serde_json::Value = serde_json::from_str(&c.to_json()).unwrap();
    assert_eq!(json["body_encoding"], "base64");
}

#[tokio::test]
async fn first_target_answers_the_sender_and_others_get_copies() {
    let mut first = DevServer::start().await;
    let mut second = DevServer::start().await;
    let mut hook = Hook::start(forwarding(&[first.url(), format!("{}/copy", second.url())])).await;
    let (status, headers, body) = send("POST", &hook.url("/x"), &[], "abc").await;
    assert_eq!(status, 201);
    assert_eq!(headers["x-dev"], "yes");
    let multi: Vec<_> = headers.get_all("x-dev-multi").iter().collect();
    assert_eq!(multi, ["a", "b"]);
    assert_eq!(body, "dev got 3 bytes");
    assert_eq!(first.next().await.uri, "/x");
    let copy = second.next().await;
    assert_eq!(copy.uri, "/copy/x");
    assert_eq!(copy.body, "abc");
    let c = hook.complete().await;
    assert_eq!(c.forwards.len(), 2);
    assert_eq!(c.forwards[0].target, format!("http://{}/x", first.url()));
    assert_eq!(
        c.forwards[1].target,
        format!("http://{}/copy/x", second.url())
    );
    assert!(c.forwards.iter().all(|f| f.status == Some(201)));
    // The store holds the final form with both outcomes.
    let stored = hook.stored();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].forwards.len(), 2);
}

#[tokio::test]
async fn dead_target_gives_502_and_the_listener_keeps_serving() {
    let dead = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    let mut hook = Hook::start(forwarding(&[dead.to_string()])).await;
    for _ in 0..3 {
        let (status, _, body) = send("POST", &hook.url("/x"), &[], "x").await;
        assert_eq!(status, 502);
        let text = String::from_utf8_lossy(&body);
        assert!(text.contains("connection refused"), "{text}");
        assert_eq!(text.lines().count(), 1, "one-line reason: {text}");
        let c = hook.complete().await;
        assert_eq!(c.forwards[0].status, None);
        assert!(
            c.forwards[0]
                .error
                .as_deref()
                .unwrap()
                .contains("connection refused")
        );
        assert_eq!(c.response_status, Some(502));
    }
    assert_eq!(hook.stored().len(), 3);
}

#[tokio::test]
async fn body_over_max_is_refused_with_413_and_recorded_truncated() {
    let mut dev = DevServer::start().await;
    let mut cfg = forwarding(&[dev.url()]);
    cfg.max_body = 1000;
    let limits = hookcli::server::Limits {
        max_body: 1000,
        ..Default::default()
    };
    let mut hook = Hook::start_with(cfg, Default::default(), limits).await;
    let (status, _, body) = send("POST", &hook.url("/big"), &[], vec![b'a'; 5000]).await;
    assert_eq!(status, 413);
    assert!(String::from_utf8_lossy(&body).contains("--max-body"));
    let c = hook.complete().await;
    assert!(c.truncated());
    assert_eq!(c.body_size, 5000);
    assert!(c.forwards.is_empty(), "an oversized body is not forwarded");
    // Right at the limit is fine.
    let (status, _, _) = send("POST", &hook.url("/ok"), &[], vec![b'a'; 1000]).await;
    assert_eq!(status, 201);
    assert_eq!(dev.next().await.body.len(), 1000);
}

#[tokio::test]
async fn ack_answers_before_a_slow_target_finishes() {
    let mut dev = DevServer::start().await;
    let mut cfg = forwarding(&[dev.url()]);
    cfg.ack = true;
    cfg.respond = Respond {
        status: http::StatusCode::ACCEPTED,
        ..Respond::default()
    };
    let mut hook = Hook::start(cfg).await;
    // The dev server holds /slow until released; the sender is answered anyway.
    let (status, _, _) = send("POST", &hook.url("/slow"), &[], "x").await;
    assert_eq!(status, 202);
    assert_eq!(dev.next().await.uri, "/slow");
    // Stored already (without the forward), before the target answered.
    let early = hook.stored();
    assert_eq!(early.len(), 1);
    assert!(early[0].forwards.is_empty());
    dev.release();
    let c = hook.complete().await;
    assert_eq!(c.forwards[0].status, Some(201));
    let late = hook.stored();
    assert_eq!(late.len(), 1, "the update supersedes, not duplicates");
    assert_eq!(late[0].forwards[0].status, Some(201));
}

#[tokio::test]
async fn routes_send_a_prefix_elsewhere() {
    let mut main = DevServer::start().await;
    let mut stripe = DevServer::start().await;
    let mut cfg = forwarding(&[main.url()]);
    cfg.routes = vec![Route::parse(&format!("/stripe={}", stripe.url())).unwrap()];
    let mut hook = Hook::start(cfg).await;
    send("POST", &hook.url("/stripe/events?a=1"), &[], "s").await;
    assert_eq!(stripe.next().await.uri, "/stripe/events?a=1");
    hook.complete().await;
    send("POST", &hook.url("/stripex"), &[], "m").await;
    assert_eq!(main.next().await.uri, "/stripex");
    hook.complete().await;
}

#[tokio::test]
async fn without_forward_the_configured_answer_is_sent() {
    let cfg = Config {
        respond: Respond {
            status: http::StatusCode::IM_A_TEAPOT,
            headers: vec![("x-a".parse().unwrap(), "b".parse().unwrap())],
            body: Bytes::from_static(b"short and stout"),
        },
        ..Config::default()
    };
    let mut hook = Hook::start(cfg).await;
    let (status, headers, body) = send("PUT", &hook.url("/t"), &[], "x").await;
    assert_eq!(status, 418);
    assert_eq!(headers["x-a"], "b");
    assert_eq!(body, "short and stout");
    let c = hook.complete().await;
    assert_eq!(c.response_status, Some(418));
    assert_eq!(c.origin, Origin::Local);
    assert!(c.remote_addr.as_deref().unwrap().starts_with("127.0.0.1:"));
}

#[tokio::test]
async fn captures_survive_a_restart_of_the_listener() {
    let mut hook = Hook::start(Config::default()).await;
    send("POST", &hook.url("/one"), &[], "1").await;
    hook.complete().await;
    hook.stop();
    let dir = hook.store_dir.path().to_path_buf();
    // A second listener on the same store sees the first one's capture and adds its own.
    let store = hookcli::store::Store::open(&dir).unwrap();
    assert_eq!(store.load(None).unwrap().captures[0].url, "/one");
    drop(store);
    let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
    let p = hookcli::pipeline::Pipeline::new(
        Config::default(),
        hookcli::forward::Forwarder::new(Default::default()).unwrap(),
        Some(hookcli::store::Store::open(&dir).unwrap()),
        tx,
    );
    let c = hookcli::capture::Capture::new(Origin::Local, "POST", "/two");
    p.complete(c);
    let urls: Vec<String> = hookcli::store::Store::open(&dir)
        .unwrap()
        .load(None)
        .unwrap()
        .captures
        .into_iter()
        .map(|c| c.url)
        .collect();
    assert_eq!(urls, ["/one", "/two"]);
}

#[tokio::test]
async fn forward_path_prefix_and_extra_headers_apply() {
    let mut dev = DevServer::start().await;
    let fopts = hookcli::forward::Options {
        headers: vec![
            ("x-added".into(), "1".into()),
            ("x-over".into(), "new".into()),
        ],
        ..Default::default()
    };
    let mut hook = Hook::start_with(
        forwarding(&[format!("http://{}/api", dev.url())]),
        fopts,
        Default::default(),
    )
    .await;
    send("POST", &hook.url("/in/x?q=1"), &[("x-over", "old")], "b").await;
    let seen = dev.next().await;
    assert_eq!(seen.uri, "/api/in/x?q=1");
    assert!(seen.headers.contains(&("x-added".into(), "1".into())));
    let over: Vec<_> = seen.headers.iter().filter(|(k, _)| k == "x-over").collect();
    assert_eq!(over, [&("x-over".to_string(), "new".to_string())]);
    // The capture keeps what the sender sent, not what was added.
    let c = hook.complete().await;
    assert_eq!(c.header("x-over"), Some("old"));
    assert_eq!(c.header("x-added"), None);
}

#[tokio::test]
async fn replay_sends_again_as_a_new_capture() {
    let mut dev = DevServer::start().await;
    let mut hook = Hook::start(forwarding(&[dev.url()])).await;
    send("POST", &hook.url("/r"), &[("x-k", "v")], "again").await;
    dev.next().await;
    let original = hook.complete().await;
    let targets = hook.pipeline.targets_for("/r");
    let replayed = hook.pipeline.replay(&original, &targets).await;
    let seen = dev.next().await;
    assert_eq!(seen.body, "again");
    assert!(seen.headers.contains(&("x-k".into(), "v".into())));
    assert_eq!(replayed.origin, Origin::Replay);
    assert_eq!(replayed.replay_of.as_deref(), Some(original.id.as_str()));
    assert_ne!(replayed.id, original.id);
    assert_eq!(replayed.forwards[0].status, Some(201));
    assert_eq!(hook.stored().len(), 2);
}

#[tokio::test]
async fn http2_prior_knowledge_is_captured_and_forwarded_as_http1() {
    let mut dev = DevServer::start().await;
    let mut hook = Hook::start(forwarding(&[dev.url()])).await;
    let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .http2_only(true)
        .build_http::<http_body_util::Full<Bytes>>();
    let req = http::Request::post(hook.url("/h2?x=1"))
        .header("x-h2", "yes")
        .body(http_body_util::Full::new(Bytes::from_static(b"over h2")))
        .unwrap();
    let resp = client.request(req).await.unwrap();
    assert_eq!(resp.status(), 201);
    assert_eq!(resp.version(), http::Version::HTTP_2);
    let seen = dev.next().await;
    assert_eq!(seen.body, "over h2");
    assert!(seen.headers.contains(&("x-h2".into(), "yes".into())));
    let c = hook.complete().await;
    assert_eq!(c.http_version, "HTTP/2.0");
    assert_eq!(c.url, "/h2?x=1");
}

#[tokio::test]
async fn every_capture_carries_its_signature_verdict() {
    let mut dev = DevServer::start().await;
    let mut cfg = forwarding(&[dev.url()]);
    cfg.secrets.add("stripe", "whsec_listen");
    let mut hook = Hook::start(cfg).await;
    let mut signed = hookcli::capture::Capture::new(Origin::Sign, "POST", "/stripe");
    signed.body = Bytes::from_static(br#"{"id":"evt_1"}"#);
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    hookcli::verify::sign("stripe", "whsec_listen", &mut signed, now, None).unwrap();
    let header = signed.header("stripe-signature").unwrap().to_string();

    send(
        "POST",
        &hook.url("/stripe"),
        &[("stripe-signature", &header)],
        signed.body.clone(),
    )
    .await;
    dev.next().await;
    let sig = hook.complete().await.signature.clone().unwrap();
    assert_eq!(
        (sig.provider.as_str(), sig.verdict),
        ("stripe", hookcli::capture::Verdict::Valid)
    );

    send(
        "POST",
        &hook.url("/stripe"),
        &[("stripe-signature", &header)],
        r#"{"id":"evt_2"}"#,
    )
    .await;
    dev.next().await;
    let sig = hook.complete().await.signature.clone().unwrap();
    assert_eq!(sig.verdict, hookcli::capture::Verdict::Invalid);
    assert!(!sig.detail.contains("whsec_listen"), "{}", sig.detail);

    send("POST", &hook.url("/plain"), &[], "{}").await;
    dev.next().await;
    assert!(hook.complete().await.signature.is_none());
}

#[tokio::test]
async fn handshakes_are_answered_when_not_forwarding() {
    let mut hook = Hook::start(Config::default()).await;
    let (status, _, body) = send(
        "POST",
        &hook.url("/slack"),
        &[("content-type", "application/json")],
        r#"{"type":"url_verification","challenge":"ch4ll3nge","token":"t"}"#,
    )
    .await;
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&body).contains("ch4ll3nge"));
    let c = hook.complete().await;
    assert!(c.handshake.as_deref().unwrap().contains("slack"));
    let (_, _, body) = send(
        "GET",
        &hook.url("/dropbox?challenge=abc"),
        &[],
        Bytes::new(),
    )
    .await;
    assert_eq!(body, "abc");
    hook.complete().await;
}
