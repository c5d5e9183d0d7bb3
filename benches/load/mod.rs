//! The load generator the benches share: a 1 KiB webhook over raw keep-alive HTTP/1.1
//! (lighter than any client library, so it measures the server), and a bare hyper server
//! that stands for the ceiling.
#![allow(dead_code)]

pub mod nginx;
pub mod proxy;

use bytes::Bytes;
use http_body_util::{BodyExt as _, Full};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};

pub const BODY: &str = r#"{"id":"evt_1QqXyZ2eZvKYlo2C","object":"event","api_version":"2024-06-20","created":1732700000,"data":{"object":{"id":"pi_3QqXyZ2eZvKYlo2C0","object":"payment_intent","amount":2000,"currency":"usd","status":"succeeded","customer":"cus_R1a2b3c4d5e6f7","description":"Bench payment","metadata":{"order_id":"6735","note":"a webhook of about one kilobyte, like most real ones"},"payment_method_types":["card"],"receipt_email":"jenny.rosen@example.com"}},"livemode":false,"pending_webhooks":1,"request":{"id":"req_9a8b7c6d5e","idempotency_key":"b1f0e6a2-5c4d-4e3f-9a8b-7c6d5e4f3a2b"},"type":"payment_intent.succeeded","padding":"................................................................................................................................................................................................................................................................................................................................................................................................"}"#;

pub fn request(port: u16, prefix: &str) -> Vec<u8> {
    format!(
        "POST {prefix}/webhooks/stripe?mode=bench HTTP/1.1\r\nhost: 127.0.0.1:{port}\r\n\
         user-agent: Stripe/1.0 (+https://stripe.com/docs/webhooks)\r\n\
         content-type: application/json; charset=utf-8\r\naccept: */*; q=0.5\r\n\
         stripe-signature: t=1732700000,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd\r\n\
         content-length: {}\r\n\r\n{BODY}",
        BODY.len()
    )
    .into_bytes()
}

/// Read one HTTP/1.1 response (headers + content-length body) from a keep-alive stream.
pub async fn read_response(s: &mut TcpStream, buf: &mut Vec<u8>) -> std::io::Result<()> {
    loop {
        if let Some(end) = find(buf, b"\r\n\r\n") {
            let head = std::str::from_utf8(&buf[..end]).unwrap_or("");
            let len: usize = head
                .lines()
                .find_map(|l| {
                    let (k, v) = l.split_once(':')?;
                    k.eq_ignore_ascii_case("content-length")
                        .then(|| v.trim().parse().ok())?
                })
                .unwrap_or(0);
            let total = end + 4 + len;
            while buf.len() < total {
                read_more(s, buf).await?;
            }
            buf.drain(..total);
            return Ok(());
        }
        read_more(s, buf).await?;
    }
}

async fn read_more(s: &mut TcpStream, buf: &mut Vec<u8>) -> std::io::Result<()> {
    let mut chunk = [0u8; 16384];
    let n = s.read(&mut chunk).await?;
    if n == 0 {
        return Err(std::io::ErrorKind::UnexpectedEof.into());
    }
    buf.extend_from_slice(&chunk[..n]);
    Ok(())
}

fn find(h: &[u8], n: &[u8]) -> Option<usize> {
    h.windows(n.len()).position(|w| w == n)
}

/// Requests per second over `window` with `conns` keep-alive connections.
pub async fn throughput(port: u16, prefix: &str, conns: usize, window: Duration) -> f64 {
    let req = request(port, prefix);
    let start = Instant::now();
    let deadline = start + window;
    let mut tasks = Vec::new();
    for _ in 0..conns {
        let req = req.clone();
        tasks.push(tokio::spawn(async move {
            let mut s = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
            s.set_nodelay(true).unwrap();
            let mut buf = Vec::new();
            let mut n = 0u64;
            while Instant::now() < deadline {
                s.write_all(&req).await.unwrap();
                read_response(&mut s, &mut buf).await.unwrap();
                n += 1;
            }
            n
        }));
    }
    let mut total = 0;
    for t in tasks {
        total += t.await.unwrap();
    }
    total as f64 / start.elapsed().as_secs_f64()
}

/// Requests sent on a latency connection before any is timed.
pub const WARM_UP: usize = 200;

/// p50 and p99 in microseconds over `n` sequential requests on one connection (after
/// [`WARM_UP`] untimed ones).
pub async fn latency(port: u16, prefix: &str, n: usize) -> (f64, f64) {
    let req = request(port, prefix);
    let mut s = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    s.set_nodelay(true).unwrap();
    let mut buf = Vec::new();
    for _ in 0..WARM_UP {
        s.write_all(&req).await.unwrap();
        read_response(&mut s, &mut buf).await.unwrap();
    }
    let mut us = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        s.write_all(&req).await.unwrap();
        read_response(&mut s, &mut buf).await.unwrap();
        us.push(t.elapsed().as_secs_f64() * 1e6);
    }
    us.sort_by(f64::total_cmp);
    (us[n / 2], us[n * 99 / 100])
}

/// The ceiling: hyper answering `200 ok` after reading the body, nothing else.
pub fn bare_server(rt: &tokio::runtime::Runtime) -> SocketAddr {
    rt.block_on(async {
        let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = l.local_addr().unwrap();
        tokio::spawn(async move {
            loop {
                let (s, _) = l.accept().await.unwrap();
                let _ = s.set_nodelay(true);
                tokio::spawn(async move {
                    let svc = service_fn(|req: hyper::Request<hyper::body::Incoming>| async move {
                        let _ = req.into_body().collect().await;
                        Ok::<_, std::convert::Infallible>(hyper::Response::new(Full::new(
                            Bytes::from_static(b"ok"),
                        )))
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(s), svc)
                        .await;
                });
            }
        });
        addr
    })
}

/// The throughput window: `BENCH_SECS`, default 3 s.
pub fn window() -> Duration {
    Duration::from_secs_f64(
        std::env::var("BENCH_SECS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(3.0),
    )
}

/// A two-worker runtime for in-process servers and a one-thread runtime for the load.
pub fn runtimes() -> (tokio::runtime::Runtime, tokio::runtime::Runtime) {
    let servers = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let client = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    (servers, client)
}

/// CPU seconds (user + system) used so far by process `pid` and its child processes (nginx's
/// workers), from /proc; `None` where there is no /proc. On a shared machine this is the
/// steadier measure: what a request costs, whoever else wants the cores.
pub fn cpu_seconds(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the parenthesised name: utime and stime are the 12th and 13th of those.
    let rest = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    let mut secs = ticks / 100.0; // USER_HZ is 100 on Linux
    let children = std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children")).ok()?;
    for c in children.split_whitespace().filter_map(|c| c.parse().ok()) {
        secs += cpu_seconds(c).unwrap_or(0.0);
    }
    Some(secs)
}
