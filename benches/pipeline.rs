//! `cargo bench --bench pipeline`: how much a request pays for going through hookcli.
//!
//! Three servers measured in one run, on this machine, with the same load generator:
//! a bare hyper server (the ceiling), `hookcli listen` capturing into its store, and
//! `hookcli listen --forward` to that same bare server. Throughput at 32 keep-alive
//! connections, latency percentiles at 1 connection. Ratios, not absolute numbers, are
//! the point: they hold across machines. BENCH_SECS sets the throughput window (default 3);
//! HOOKCLI_BENCH_LISTEN_ARGS adds flags to the capture-only listener (e.g. `--durable`).

mod load;

use load::{bare_server, latency, throughput};
use std::io::BufRead as _;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// The real binary, as a user runs it (NDJSON to a sink so output costs are counted).
fn hookcli(args: &[&str], store: &std::path::Path) -> (Child, u16) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hookcli"))
        .args(["listen", "--port", "0", "--json", "--store"])
        .arg(store)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("hookcli starts");
    let mut err = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    err.read_line(&mut line).unwrap();
    let port = line.trim().rsplit(':').next().unwrap().parse().unwrap();
    std::thread::spawn(move || std::io::copy(&mut err, &mut std::io::sink()));
    (child, port)
}

struct Row {
    name: &'static str,
    rps: f64,
    p50: f64,
    p99: f64,
}

fn measure(
    client: &tokio::runtime::Runtime,
    name: &'static str,
    port: u16,
    window: Duration,
) -> Row {
    let rps = client.block_on(throughput(port, "", 32, window));
    let (p50, p99) = client.block_on(latency(port, "", 5000));
    Row {
        name,
        rps,
        p50,
        p99,
    }
}

fn main() {
    let window = load::window();
    let (servers, client) = load::runtimes();
    let bare = bare_server(&servers);
    let store1 = tempfile::tempdir().unwrap();
    let store2 = tempfile::tempdir().unwrap();
    // HOOKCLI_BENCH_LISTEN_ARGS adds flags to the capture-only listener (e.g. `--durable`).
    let extra = std::env::var("HOOKCLI_BENCH_LISTEN_ARGS").unwrap_or_default();
    let extra: Vec<&str> = extra.split_whitespace().collect();
    let (mut capture, capture_port) = hookcli(&extra, store1.path());
    let target = format!("127.0.0.1:{}", bare.port());
    let (mut forward, forward_port) = hookcli(&["--forward", &target], store2.path());

    let rows = [
        measure(&client, "bare hyper (ceiling)", bare.port(), window),
        measure(
            &client,
            "hookcli listen (capture + store)",
            capture_port,
            window,
        ),
        measure(
            &client,
            "hookcli listen --forward bare",
            forward_port,
            window,
        ),
    ];
    let _ = capture.kill();
    let _ = forward.kill();
    let stored = hookcli::store::Store::open(store1.path())
        .and_then(|s| s.count())
        .unwrap_or(0);

    println!(
        "\npipeline bench: 1 KiB JSON webhook, {} s window, {} cores",
        window.as_secs_f64(),
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!("| scenario | req/s @32 conns | × bare | p50 @1 conn | p99 @1 conn |");
    println!("|---|---:|---:|---:|---:|");
    for r in &rows {
        println!(
            "| {} | {:.0} | {:.2} | {:.0} µs | {:.0} µs |",
            r.name,
            r.rps,
            r.rps / rows[0].rps,
            r.p50,
            r.p99
        );
    }
    let cap_ratio = rows[1].rps / rows[0].rps;
    let fwd_ratio = rows[2].rps / rows[0].rps;
    let added = rows[2].p50 - rows[0].p50;
    let verdict = |ok: bool| if ok { "met" } else { "MISSED" };
    println!();
    println!(
        "capture-only  {cap_ratio:.2} × bare   (target ≥ 0.60: {})",
        verdict(cap_ratio >= 0.6)
    );
    println!(
        "forward       {fwd_ratio:.2} × direct (target ≥ 0.35: {})",
        verdict(fwd_ratio >= 0.35)
    );
    println!(
        "forward adds  {added:.0} µs at p50 (target ≤ 100 µs: {})",
        verdict(added <= 100.0)
    );
    println!("captures stored by the capture-only run: {stored}");
}
