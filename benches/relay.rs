//! `cargo bench --bench relay`: what the tunnel costs a webhook.
//!
//! One machine, loopback only: a bare hyper dev server (the ceiling), `hookcli listen
//! --forward` to it (the local path), and the same listener fed through `hookcli relay`
//! (`listen --relay ws://…`), both real binaries. Throughput at 1 and 32 keep-alive
//! connections, latency percentiles at 1 connection. The relay appends every request to its
//! on-disk buffer and the client handles a channel's requests one at a time, in order: the
//! 32-connection number shows that ceiling. BENCH_SECS sets the window (default 3).

mod load;

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
