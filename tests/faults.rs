//! The listener under abuse: slowloris, silence, garbage, floods, oversized heads and bodies.
//! Real sockets on 127.0.0.1; deadlines here are hang guards, never timing assertions.

mod common;

use common::{Hook, noise, send};
use hookcli::pipeline::Config;
use hookcli::server::Limits;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

/// Fails the test instead of hanging it.
async fn guard<T>(what: &str, f: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(5), f)
        .await
        .unwrap_or_else(|_| panic!("{what}: no progress within 5 s"))
}

/// Everything the server sends until it closes (a reset counts as a close).
async fn read_to_close(s: &mut TcpStream) -> String {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match s.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn quick(header_secs: f64) -> Limits {
    Limits {
        header_read_timeout: Duration::from_secs_f64(header_secs),
        idle_timeout: Duration::from_secs_f64(header_secs),
        ..Limits::default()
    }
}

async fn hook(limits: Limits) -> Hook {
    let cfg = Config {
        max_body: limits.max_body,
        ..Config::default()
    };
    Hook::start_with(cfg, Default::default(), limits).await
}

async fn ok(addr: SocketAddr) {
    let url = format!("http://{addr}/normal");
    let (status, _, _) = guard("normal request", send("POST", &url, &[], "{}")).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn three_hundred_slowloris_connections_do_not_block_a_normal_request() {
    // The default 10 s head timeout: the stalled peers are all still open while we ask.
    let hook = hook(Limits::default()).await;
    let mut stalled = Vec::new();
    for i in 0..300 {
        let mut s = TcpStream::connect(hook.addr).await.unwrap();
        s.write_all(format!("POST /slow/{i} HTTP/1.1\r\nHost: x\r\nX-Half: ").as_bytes())
            .await
            .unwrap();
        stalled.push(s);
    }
    ok(hook.addr).await;
    ok(hook.addr).await;
    assert!(hook.stored().iter().all(|c| c.url == "/normal"));
}

#[tokio::test]
async fn a_head_trickled_byte_by_byte_is_cut_off_by_the_header_timeout() {
    let hook = hook(quick(0.5)).await;
    let mut s = TcpStream::connect(hook.addr).await.unwrap();
    let head =
        b"POST /trickle HTTP/1.1\r\nHost: x\r\nX-Pad: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    // One byte every 50 ms keeps the socket busy far past the 0.5 s head timeout.
    let mut tick = tokio::time::interval(Duration::from_millis(50));
    let closed = guard("trickled head", async {
        for b in head.iter().cycle() {
            tick.tick().await;
            if s.write_all(&[*b]).await.is_err() {
                return true;
            }
            let mut buf = [0u8; 256];
            if let Ok(Ok(n)) = tokio::time::timeout(Duration::ZERO, s.read(&mut buf)).await {
                // 408 or a plain close: either way the server gave up on us.
                return n == 0 || String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 408");
            }
        }
        false
    })
    .await;
    assert!(closed);
    ok(hook.addr).await;
}

#[tokio::test]
async fn silent_and_idle_keep_alive_connections_are_closed() {
    let hook = hook(quick(0.3)).await;
    // Connects and says nothing: the HTTP/1-or-2 sniffing step has no timer of its own.
    let mut silent = TcpStream::connect(hook.addr).await.unwrap();
    // Half an HTTP/2 preface, then nothing.
    let mut half_h2 = TcpStream::connect(hook.addr).await.unwrap();
    half_h2.write_all(b"PRI * HTTP/2.0\r\n").await.unwrap();
    // One full request on a keep-alive connection, then idle.
    let mut idle = TcpStream::connect(hook.addr).await.unwrap();
    idle.write_all(b"GET /once HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let answer = guard("silent", read_to_close(&mut silent)).await;
    assert_eq!(answer, "");
    guard("half preface", read_to_close(&mut half_h2)).await;
    let answer = guard("idle keep-alive", read_to_close(&mut idle)).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[tokio::test]
async fn two_thousand_garbage_connections_then_a_normal_request() {
    let hook = hook(quick(1.0)).await;
    for batch in 0..40u64 {
        let mut tasks = Vec::new();
        for i in 0..50u64 {
            let addr = hook.addr;
            tasks.push(tokio::spawn(async move {
                let seed = batch * 50 + i;
                let mut s = TcpStream::connect(addr).await.unwrap();
                let mut junk = noise(64 + (seed as usize * 37) % 4000, seed + 1);
                if seed % 7 == 0 {
                    // Some look like HTTP/2, some like an HTTP/1 head gone wrong.
                    junk.splice(0..0, b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".iter().copied());
                } else if seed % 7 == 1 {
                    junk.splice(0..0, b"POST / HTTP/1.1\r\n".iter().copied());
                }
                let _ = s.write_all(&junk).await;
                // Then close, half the time without waiting for any answer.
                if seed % 2 == 0 {
                    let _ = s.shutdown().await;
                    let _ = read_to_close(&mut s).await;
                }
            }));
        }
        for t in tasks {
            guard("garbage batch", t).await.unwrap();
        }
    }
    ok(hook.addr).await;
    assert!(hook.stored().iter().all(|c| c.url == "/normal"));
}

#[tokio::test]
async fn garbage_gets_400_and_an_oversized_head_gets_431() {
    let hook = hook(Limits {
        max_header_bytes: 16 * 1024,
        ..Limits::default()
    })
    .await;
    let mut s = TcpStream::connect(hook.addr).await.unwrap();
    s.write_all(b"\x01\x02 not http at all\r\n\r\n")
        .await
        .unwrap();
    let answer = guard("garbage", read_to_close(&mut s)).await;
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer:?}");

    let mut s = TcpStream::connect(hook.addr).await.unwrap();
    let big = format!(
        "POST /big-head HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "a".repeat(100 * 1024)
    );
    let _ = s.write_all(big.as_bytes()).await;
    let answer = guard("oversized head", read_to_close(&mut s)).await;
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 431"),
        "{answer:?}"
    );
    ok(hook.addr).await;
}

#[tokio::test]
async fn over_max_body_is_413_and_a_slow_body_is_408() {
    let hook = hook(Limits {
        max_body: 1000,
        body_read_timeout: Duration::from_millis(300),
        ..Limits::default()
    })
    .await;
    let url = format!("http://{}/big", hook.addr);
    let (status, _, body) = guard("413", send("POST", &url, &[], vec![b'x'; 5000])).await;
    assert_eq!(status, 413);
    assert!(String::from_utf8_lossy(&body).contains("--max-body"));

    // The head arrives, the announced body never does.
    let mut s = TcpStream::connect(hook.addr).await.unwrap();
    s.write_all(b"POST /drip HTTP/1.1\r\nHost: x\r\ncontent-length: 10\r\n\r\nab")
        .await
        .unwrap();
    let answer = guard("slow body", read_to_close(&mut s)).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer:?}");
    ok(hook.addr).await;
}

#[tokio::test]
async fn one_connection_over_the_limit_gets_a_503_line_and_is_closed() {
    let hook = hook(Limits {
        max_connections: 2,
        ..Limits::default()
    })
    .await;
    // Two keep-alive connections, each proven served (so each holds its slot).
    let mut held = Vec::new();
    for _ in 0..2 {
        let mut s = TcpStream::connect(hook.addr).await.unwrap();
        s.write_all(b"GET /held HTTP/1.1\r\nHost: x\r\n\r\n")
            .await
            .unwrap();
        let mut buf = [0u8; 512];
        let n = guard("held", s.read(&mut buf)).await.unwrap();
        assert!(buf[..n].starts_with(b"HTTP/1.1 200"));
        held.push(s);
    }
    let mut third = TcpStream::connect(hook.addr).await.unwrap();
    third
        .write_all(b"GET /third HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let answer = guard("503", read_to_close(&mut third)).await;
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer:?}");
    assert!(answer.contains("--max-connections 2"), "{answer:?}");
    assert_eq!(
        answer.matches('\n').count(),
        7,
        "one line of body: {answer:?}"
    );

    // A freed slot serves again.
    drop(held.pop());
    guard("slot freed", async {
        loop {
            let url = format!("http://{}/after", hook.addr);
            let mut b = http::Request::get(url);
            b = b.header("connection", "close");
            let req = b
                .body(http_body_util::Full::new(bytes::Bytes::new()))
                .unwrap();
            if let Ok(r) = common::client().request(req).await
                && r.status() == 200
            {
                break;
            }
            tokio::task::yield_now().await;
        }
    })
    .await;
    assert!(!hook.stored().iter().any(|c| c.url == "/third"));
}
