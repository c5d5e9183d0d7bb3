//! `cargo bench --bench relay`: what the tunnel costs a webhook.
//!
//! One machine, loopback only: a bare hyper dev server (the ceiling), `hookcli listen
//! --forward` to it (the local path), and the same listener fed through `hookcli relay`
//! (`listen --relay ws://…`), both real binaries. Throughput at 1 and 32 keep-alive
//! connections, latency percentiles at 1 connection. The relay appends every request to its
//! on-disk buffer and the client handles a channel's requests one at a time, in order: the
//! 32-connection number shows that ceiling. BENCH_SECS sets the window (default 3).

use bytes::Bytes;
use http_body_util::{BodyExt as _, Full};
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo};
use std::io::BufRead as _;
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};

const BODY: &str = r#"{"id":"evt_1QqXyZ2eZvKYlo2C","object":"event","api_version":"2024-06-20","created":1732700000,"data":{"object":{"id":"pi_3QqXyZ2eZvKYlo2C0","object":"payment_intent","amount":2000,"currency":"usd","status":"succeeded","customer":"cus_R1a2b3c4d5e6f7","description":"Bench payment","metadata":{"order_id":"6735","note":"a webhook of about one kilobyte, like most real ones"},"payment_method_types":["card"],"receipt_email":"jenny.rosen@example.com"}},"livemode":false,"pending_webhooks":1,"request":{"id":"req_9a8b7c6d5e","idempotency_key":"b1f0e6a2-5c4d-4e3f-9a8b-7c6d5e4f3a2b"},"type":"payment_intent.succeeded","padding":"................................................................................................................................................................................................................................................................................................................................................................................................"}"#;

fn request(port: u16, prefix: &str) -> Vec<u8> {
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
async fn read_response(s: &mut TcpStream, buf: &mut Vec<u8>) -> std::io::Result<()> {
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
async fn throughput(port: u16, prefix: &str, conns: usize, window: Duration) -> f64 {
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

/// p50 and p99 in microseconds over `n` sequential requests on one connection.
async fn latency(port: u16, prefix: &str, n: usize) -> (f64, f64) {
    let req = request(port, prefix);
    let mut s = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    s.set_nodelay(true).unwrap();
    let mut buf = Vec::new();
    for _ in 0..200 {
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
fn bare_server(rt: &tokio::runtime::Runtime) -> SocketAddr {
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
        let _ = TokioExecutor::new();
        addr
    })
}

/// A real binary; returns it, its stderr reader, and the port of its first stderr line.
fn spawn(args: &[&str]) -> (Child, std::io::BufReader<std::process::ChildStderr>, u16) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hookcli"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("hookcli starts");
    let mut err = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    err.read_line(&mut line).unwrap();
    let port = line.trim().rsplit(':').next().unwrap().parse().unwrap();
    (child, err, port)
}

fn drain(err: std::io::BufReader<std::process::ChildStderr>) {
    let mut err = err;
    std::thread::spawn(move || std::io::copy(&mut err, &mut std::io::sink()));
}

struct Row {
    name: &'static str,
    rps1: f64,
    rps32: f64,
    p50: f64,
    p99: f64,
}

fn measure(
    client: &tokio::runtime::Runtime,
    name: &'static str,
    port: u16,
    prefix: &str,
    window: Duration,
) -> Row {
    let rps1 = client.block_on(throughput(port, prefix, 1, window));
    let rps32 = client.block_on(throughput(port, prefix, 32, window));
    let (p50, p99) = client.block_on(latency(port, prefix, 3000));
    Row {
        name,
        rps1,
        rps32,
        p50,
        p99,
    }
}

fn main() {
    let window = Duration::from_secs_f64(
        std::env::var("BENCH_SECS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(3.0),
    );
    let servers = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let client = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let bare = bare_server(&servers);
    let target = format!("127.0.0.1:{}", bare.port());
    let dir = tempfile::tempdir().unwrap();
    let store = |name: &str| dir.path().join(name).to_str().unwrap().to_string();

    let (mut local, err, local_port) = spawn(&[
        "listen",
        "--port",
        "0",
        "--json",
        "--store",
        &store("local"),
        "--forward",
        &target,
    ]);
    drain(err);
    let (mut relay, err, relay_port) = spawn(&[
        "relay",
        "--listen",
        "127.0.0.1:0",
        "--rate",
        "0",
        "--token",
        "bench",
        "--store",
        &store("relay"),
    ]);
    drain(err);
    let relay_url = format!("ws://127.0.0.1:{relay_port}");
    let (mut tunnel, mut err, _) = spawn(&[
        "listen",
        "--port",
        "0",
        "--json",
        "--store",
        &store("tunnel"),
        "--forward",
        &target,
        "--relay",
        &relay_url,
        "--channel",
        "bench",
        "--token",
        "bench",
    ]);
    let mut line = String::new();
    while !line.contains("relay connected") {
        line.clear();
        if err.read_line(&mut line).unwrap_or(0) == 0 {
            panic!("listen --relay never connected");
        }
    }
    drain(err);

    let rows = [
        measure(&client, "dev server direct", bare.port(), "", window),
        measure(&client, "hookcli listen --forward", local_port, "", window),
        measure(
            &client,
            "relay → listen --relay → dev",
            relay_port,
            "/c/bench",
            window,
        ),
    ];
    for c in [&mut local, &mut relay, &mut tunnel] {
        let _ = c.kill();
        let _ = c.wait();
    }

    println!(
        "\nrelay bench: 1 KiB JSON webhook, {} s windows, {} cores, loopback",
        window.as_secs_f64(),
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!("| path | req/s @1 conn | req/s @32 conns | p50 @1 conn | p99 @1 conn |");
    println!("|---|---:|---:|---:|---:|");
    for r in &rows {
        println!(
            "| {} | {:.0} | {:.0} | {:.0} µs | {:.0} µs |",
            r.name, r.rps1, r.rps32, r.p50, r.p99
        );
    }
    let added = rows[2].p50 - rows[0].p50;
    let over_local = rows[2].p50 - rows[1].p50;
    println!();
    println!(
        "relay path adds {added:.0} µs at p50 over the direct dev server (target ≤ 1000 µs: {})",
        if added <= 1000.0 { "met" } else { "MISSED" }
    );
    println!("relay hop alone (vs listen --forward): {over_local:.0} µs at p50");
    println!(
        "throughput through the relay: {:.2} × direct @1 conn, {:.2} × direct @32 conns",
        rows[2].rps1 / rows[0].rps1,
        rows[2].rps32 / rows[0].rps32
    );
}
