//! `cargo bench --bench relay`: what the tunnel costs a webhook.
//!
//! One machine, loopback only: a bare hyper dev server (the ceiling), `hookcli listen
//! --forward` to it (the local path), and the same listener fed through `hookcli relay`
//! (`listen --relay ws://…`), both real binaries. Throughput at 1 and 32 keep-alive
//! connections, latency percentiles at 1 connection. The relay appends every request to its
//! on-disk buffer and the client handles a channel's requests one at a time, in order: the
//! 32-connection number shows that ceiling. BENCH_SECS sets the window (default 3).
//!
//! With `redis-server` on PATH it also runs the shared relay (`relay --redis`): two nodes on
//! one Redis, the listener on node A, senders on A, on B, and on both at once; once with
//! Redis keeping data in memory only, once with the AOF fsynced on every write.

mod load;
#[allow(dead_code)]
#[path = "../tests/relay_support/redis_server.rs"]
mod redis_server;

use load::{bare_server, latency, throughput};
use std::io::BufRead as _;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

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

/// A relay node on `redis`; returns it and its port (the `listening on` line).
fn redis_node(store: &str, redis: &str) -> (Child, u16) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hookcli"))
        .args(["relay", "--listen", "127.0.0.1:0", "--rate", "0"])
        .args(["--token", "bench", "--store", store, "--redis", redis])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("hookcli starts");
    let mut err = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    while !line.contains("listening on") {
        line.clear();
        if err.read_line(&mut line).unwrap_or(0) == 0 {
            panic!("relay --redis did not start");
        }
    }
    let port = line.trim().rsplit(':').next().unwrap().parse().unwrap();
    drain(err);
    (child, port)
}

/// A `listen --relay` on `bench` through `relay_port`, forwarding to `target`.
fn tunnel(store: &str, target: &str, relay_port: u16) -> Child {
    let relay_url = format!("ws://127.0.0.1:{relay_port}");
    let (child, mut err, _) = spawn(&[
        "listen",
        "--port",
        "0",
        "--json",
        "--store",
        store,
        "--forward",
        target,
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
    child
}

/// Two nodes on one Redis, the listener on A: rows for senders on A, on B, and on both.
fn redis_rows(
    client: &tokio::runtime::Runtime,
    dir: &std::path::Path,
    target: &str,
    aof: bool,
    window: Duration,
) -> Vec<Row> {
    let tag = if aof { "aof" } else { "mem" };
    let rdir = dir.join(format!("redis-{tag}"));
    std::fs::create_dir_all(&rdir).unwrap();
    let redis = redis_server::RedisServer::start(&rdir, aof);
    let store = |name: &str| rdir.join(name).to_str().unwrap().to_string();
    let (mut a, a_port) = redis_node(&store("a"), &redis.url());
    let (mut b, b_port) = redis_node(&store("b"), &redis.url());
    let mut listen = tunnel(&store("listen"), target, a_port);
    let (on_a, on_b, both) = if aof {
        (
            "redis+AOF always, sender on A (holder)",
            "redis+AOF always, sender on B",
            "redis+AOF always, senders on A and B",
        )
    } else {
        (
            "redis, sender on A (holder)",
            "redis, sender on B → A",
            "redis, senders on A and B",
        )
    };
    let mut rows = vec![
        measure(client, on_a, a_port, "/c/bench", window),
        measure(client, on_b, b_port, "/c/bench", window),
    ];
    // Both nodes at once: half the connections each; the sum is the pair's throughput.
    let pair = |conns| {
        client.block_on(async {
            let (x, y) = tokio::join!(
                throughput(a_port, "/c/bench", conns, window),
                throughput(b_port, "/c/bench", conns, window)
            );
            x + y
        })
    };
    rows.push(Row {
        name: both,
        rps1: pair(1),
        rps32: pair(16),
        p50: f64::NAN,
        p99: f64::NAN,
    });
    for c in [&mut listen, &mut a, &mut b] {
        let _ = c.kill();
        let _ = c.wait();
    }
    rows
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
    let window = load::window();
    let (servers, client) = load::runtimes();
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

    let mut rows = vec![
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
    let shared = redis_server::available("the shared-relay rows");
    if shared {
        for aof in [false, true] {
            rows.extend(redis_rows(&client, dir.path(), &target, aof, window));
        }
    }

    println!(
        "\nrelay bench: 1 KiB JSON webhook, {} s windows, {} cores, loopback",
        window.as_secs_f64(),
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!("| path | req/s @1 conn | req/s @32 conns | p50 @1 conn | p99 @1 conn |");
    println!("|---|---:|---:|---:|---:|");
    for r in &rows {
        let us = |v: f64| {
            if v.is_nan() {
                "–".to_string()
            } else {
                format!("{v:.0} µs")
            }
        };
        println!(
            "| {} | {:.0} | {:.0} | {} | {} |",
            r.name,
            r.rps1,
            r.rps32,
            us(r.p50),
            us(r.p99)
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
    if shared {
        for (i, what) in [(3, "in memory"), (6, "AOF always")] {
            let (on_a, on_b, both) = (&rows[i], &rows[i + 1], &rows[i + 2]);
            println!(
                "redis ({what}) adds {:.0} µs at p50 over the disk buffer with the sender on the \
                 holder node, {:.0} µs from the other node (target ≤ 1000 µs: {})",
                on_a.p50 - rows[2].p50,
                on_b.p50 - rows[2].p50,
                if on_b.p50 - rows[2].p50 <= 1000.0 {
                    "met"
                } else {
                    "MISSED"
                }
            );
            println!(
                "two nodes ({what}) vs one disk node: {:.2} × @1 conn each, {:.2} × @16 conns each",
                both.rps1 / rows[2].rps1,
                both.rps32 / rows[2].rps32
            );
        }
    }
}
