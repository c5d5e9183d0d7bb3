//! Dev servers that misbehave: hang, reset, answer garbage, or stream far past the response
//! cap. The capture records the error, the sender gets a 502, memory stays bounded, and the
//! listener keeps serving. Deadlines here are hang guards, never timing assertions.

mod common;

use common::{DevServer, Hook, forwarding, send};
use hookcli::forward;
use hookcli::target::{Route, Target};
use std::time::Duration;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};

/// A raw TCP "dev server": each connection is handed to `serve`.
async fn raw_server<F, Fut>(serve: F) -> String
where
    F: Fn(TcpStream) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((s, _)) = listener.accept().await {
            tokio::spawn(serve(s));
        }
    });
    format!("127.0.0.1:{port}")
}

/// Read a request head (enough to know the client has sent it).
async fn read_head(s: &mut TcpStream) {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    while !got.windows(4).any(|w| w == b"\r\n\r\n") {
        match s.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => got.extend_from_slice(&buf[..n]),
        }
    }
}

/// hookcli forwarding to `bad`, except `/healthy…`, which goes to a working dev server.
async fn hook_with(bad: &str, healthy: &DevServer, fopts: forward::Options) -> Hook {
    let mut cfg = forwarding(&[bad.to_string()]);
    cfg.routes = vec![Route {
        prefix: "/healthy".into(),
        target: Target::parse(&healthy.url()).unwrap(),
    }];
    Hook::start_with(cfg, fopts, Default::default()).await
}

/// Send one request, expect a 502 naming the problem, and return the recorded error.
async fn expect_502(hook: &mut Hook, path: &str) -> String {
    let (status, _, body) = tokio::time::timeout(
        Duration::from_secs(10),
        send("POST", &hook.url(path), &[], "{\"n\":1}"),
    )
    .await
    .expect("the sender got no answer within 10 s");
    assert_eq!(status, 502, "{body:?}");
    let c = hook.complete().await;
    assert_eq!(c.url, path);
    assert_eq!(c.response_status, Some(502));
    let err = c.forwards[0].error.clone().expect("an error is recorded");
    // The 502 names the URL once: the recorded `scheme://host (reason)` gives its reason.
    let reason = err
        .split_once(" (")
        .filter(|(head, _)| head.starts_with("http"))
        .and_then(|(_, r)| r.strip_suffix(')'))
        .unwrap_or(&err);
    let said = String::from_utf8_lossy(&body);
    assert!(
        said.contains(&format!("{path} ({reason})")),
        "the 502 says why: {body:?} vs {err}"
    );
    err
}

/// The listener still serves others after the fault.
async fn still_serving(hook: &mut Hook) {
    let (status, _, _) = send("POST", &hook.url("/healthy/x"), &[], "ok").await;
    assert_eq!(status, 201);
    hook.complete().await;
}

#[tokio::test]
async fn a_hanging_dev_server_times_out_into_a_502() {
    let healthy = DevServer::start().await;
    let bad = raw_server(|mut s| async move {
        read_head(&mut s).await;
        // Never answer; hold the socket until the client gives up.
        let _ = s.read(&mut [0u8; 1]).await;
    })
    .await;
    let fopts = forward::Options {
        timeout: Some(Duration::from_millis(300)),
        ..Default::default()
    };
    let mut hook = hook_with(&bad, &healthy, fopts).await;
    let err = expect_502(&mut hook, "/hang").await;
    assert!(err.contains("no answer within 0.3 s"), "{err}");
    still_serving(&mut hook).await;
    assert_eq!(hook.stored().len(), 2);
}

#[tokio::test]
async fn a_resetting_dev_server_is_recorded_as_an_error() {
    let healthy = DevServer::start().await;
    let bad = raw_server(|mut s| async move {
        read_head(&mut s).await;
        // Linger 0: close with a RST instead of a FIN.
        let _ = s.set_zero_linger();
        drop(s);
    })
    .await;
    let mut hook = hook_with(&bad, &healthy, Default::default()).await;
    let err = expect_502(&mut hook, "/reset").await;
    assert!(err.starts_with(&format!("http://{bad} (")), "{err}");
    still_serving(&mut hook).await;
}

#[tokio::test]
async fn a_garbage_answering_dev_server_is_recorded_as_an_error() {
    let healthy = DevServer::start().await;
    let bad = raw_server(|mut s| async move {
        read_head(&mut s).await;
        let _ = s.write_all(&common::noise(4096, 99)).await;
        let _ = s.shutdown().await;
    })
    .await;
    let mut hook = hook_with(&bad, &healthy, Default::default()).await;
    let err = expect_502(&mut hook, "/garbage").await;
    assert!(err.starts_with(&format!("http://{bad} (")), "{err}");
    still_serving(&mut hook).await;
}

/// Peak resident memory of this test process, in bytes (Linux).
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// A dev server answering 200 with a 200 MiB body, `chunked` or with a content-length,
/// streamed 64 KiB at a time for as long as the client keeps reading.
async fn huge_server(chunked: bool) -> String {
    raw_server(move |mut s| async move {
        read_head(&mut s).await;
        const TOTAL: usize = 200 << 20;
        let head = if chunked {
            "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n".to_string()
        } else {
            format!("HTTP/1.1 200 OK\r\ncontent-length: {TOTAL}\r\n\r\n")
        };
        if s.write_all(head.as_bytes()).await.is_err() {
            return;
        }
        let block = vec![b'z'; 64 * 1024];
        let mut sent = 0;
        while sent < TOTAL {
            let r = if chunked {
                let mut frame = format!("{:x}\r\n", block.len()).into_bytes();
                frame.extend_from_slice(&block);
                frame.extend_from_slice(b"\r\n");
                s.write_all(&frame).await
            } else {
                s.write_all(&block).await
            };
            if r.is_err() {
                return; // the forwarder stopped reading and hung up: as it should
            }
            sent += block.len();
        }
        let _ = s.write_all(b"0\r\n\r\n").await;
    })
    .await
}

#[tokio::test]
async fn a_200_mib_response_is_cut_at_the_cap_without_buffering_it() {
    const CAP: usize = 1 << 20;
    let before = peak_rss();
    let healthy = DevServer::start().await;
    for chunked in [false, true] {
        let bad = huge_server(chunked).await;
        let fopts = forward::Options {
            max_response: CAP,
            ..Default::default()
        };
        let mut hook = hook_with(&bad, &healthy, fopts).await;
        let err = expect_502(&mut hook, "/huge").await;
        assert!(err.contains("over the 1048576 byte cap"), "{err}");
        let stored = hook.stored();
        let f = &stored[0].forwards[0];
        assert_eq!(f.status, Some(200));
        assert!(f.body.len() <= CAP, "stored {} bytes", f.body.len());
        assert_eq!(f.body.len(), CAP, "the first cap's worth is kept");
        if chunked {
            assert!(f.body_size > CAP as u64, "{}", f.body_size);
        } else {
            assert_eq!(f.body_size, 200 << 20, "the announced size is recorded");
            assert!(err.contains("209715200 bytes announced"), "{err}");
        }
        still_serving(&mut hook).await;
    }
    // Nothing near 200 MiB was ever held (the whole test binary shares this number, so the
    // bound is loose; a buffered body would blow straight through it).
    if let (Some(before), Some(after)) = (before, peak_rss()) {
        assert!(
            after.saturating_sub(before) < 120 << 20,
            "peak RSS grew by {} MiB",
            (after - before) >> 20
        );
    }
}

#[tokio::test]
async fn a_dev_server_that_dies_mid_body_is_recorded_as_an_error() {
    let healthy = DevServer::start().await;
    let bad = raw_server(|mut s| async move {
        read_head(&mut s).await;
        let _ = s
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\nonly part")
            .await;
        let _ = s.shutdown().await;
    })
    .await;
    let mut hook = hook_with(&bad, &healthy, Default::default()).await;
    let err = expect_502(&mut hook, "/cut").await;
    assert!(err.contains("broke off"), "{err}");
    still_serving(&mut hook).await;
}
