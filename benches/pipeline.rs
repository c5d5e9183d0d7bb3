//! `cargo bench --bench pipeline`: how much a request pays for going through hookcli.
//!
//! Servers measured in one run, on this machine, with the same load generator: a bare
//! hyper server (the ceiling, and "direct" for the forwards), `hookcli listen` capturing
//! into its store, `hookcli listen --forward` to that same bare server, and — when nginx is
//! installed — nginx as a keep-alive reverse proxy to it (1 worker and `auto` workers).
//! Throughput at 32 keep-alive connections, latency percentiles at 1 connection. A floor
//! proxy (hyper forwarding and nothing else, [`load::proxy`]) shows what any hyper-based
//! forward can reach beside nginx on this machine.
//!
//! A shared machine is noisy, so every scenario is measured in each of BENCH_ROUNDS rounds
//! (default 3), interleaved, and each ratio is taken within its round: the report gives the
//! median and the spread. BENCH_SECS sets the throughput window (default 3). Before each
//! window the bench waits until the hookcli servers are idle (their databases caught up,
//! their text indexes built), so no scenario pays for work an earlier window left behind.
//! HOOKCLI_BASE_BIN=path adds another hookcli binary's forward (say, the previous commit's)
//! to the same rounds, for a before/after.

mod load;

use load::{bare_server, latency, nginx, throughput};
use std::io::BufRead as _;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The real binary, as a user runs it (NDJSON to a sink so output costs are counted).
fn hookcli(bin: &str, args: &[&str], store: &std::path::Path) -> (Child, u16) {
    let mut child = Command::new(bin)
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

/// One server under test and what each round measured.
struct Scenario {
    name: String,
    port: u16,
    /// The server's process, for its CPU time (`None`: the in-process bare server).
    pid: Option<u32>,
    rps: Vec<f64>,
    /// CPU µs the server spent per request during the throughput window.
    cpu: Vec<f64>,
    p50: Vec<f64>,
    p99: Vec<f64>,
}

impl Scenario {
    fn new(name: impl Into<String>, (port, pid): (u16, Option<u32>)) -> Scenario {
        Scenario {
            name: name.into(),
            port,
            pid,
            rps: Vec::new(),
            cpu: Vec::new(),
            p50: Vec::new(),
            p99: Vec::new(),
        }
    }
}

/// Wait (at most a minute) until the hookcli servers are idle: what one scenario's window
/// left behind (its database catching up, its text index) runs before the next window,
/// not inside it, so each scenario is measured on a quiet machine. How long it waited.
fn settle(pids: &[u32]) -> Duration {
    let started = Instant::now();
    let cpu = || -> f64 { pids.iter().filter_map(|p| load::cpu_seconds(*p)).sum() };
    while started.elapsed() < Duration::from_secs(60) {
        let before = cpu();
        std::thread::sleep(Duration::from_millis(250));
        // /proc counts in 10 ms ticks: 20 ms in 250 ms is a server that is done.
        if cpu() - before <= 0.02 {
            break;
        }
    }
    started.elapsed()
}

/// The hyper floor proxy's scenario name.
const FLOOR: &str = "hyper proxy floor (forward only)";

fn median(v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// `median (min–max)` of per-round values.
fn spread(v: &[f64], digits: usize) -> String {
    let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    format!(
        "{:.digits$} ({lo:.digits$}–{hi:.digits$})",
        median(v),
        digits = digits
    )
}

fn rounds() -> usize {
    std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3)
        .max(1)
}

fn main() {
    let window = load::window();
    let (servers, client) = load::runtimes();
    let bare = bare_server(&servers);
    let bin = env!("CARGO_BIN_EXE_hookcli").to_string();
    let target = format!("127.0.0.1:{}", bare.port());
    let mut stores = Vec::new();
    let mut children = Vec::new();
    let mut start = |bin: &str, args: &[&str]| {
        let dir = tempfile::tempdir().unwrap();
        let (child, port) = hookcli(bin, args, dir.path());
        let pid = Some(child.id());
        stores.push(dir);
        children.push(child);
        (port, pid)
    };
    let mut s = vec![
        Scenario::new("bare hyper (direct)", (bare.port(), None)),
        Scenario::new("hookcli listen (capture + store)", start(&bin, &[])),
        Scenario::new(
            "hookcli listen --forward bare",
            start(&bin, &["--forward", &target]),
        ),
    ];
    if let Ok(base) = std::env::var("HOOKCLI_BASE_BIN") {
        let port = start(&base, &[]);
        s.push(Scenario::new("HOOKCLI_BASE_BIN (capture + store)", port));
        let port = start(&base, &["--forward", &target]);
        s.push(Scenario::new("HOOKCLI_BASE_BIN --forward bare", port));
    }
    let floor = load::proxy::start(bare);
    s.push(Scenario::new(FLOOR, (floor.port(), None)));
    let nginx_bin = nginx::binary();
    let mut proxies = Vec::new();
    if let Some(bin) = &nginx_bin {
        for workers in ["1", "auto"] {
            match nginx::start(bin, workers, bare.port()) {
                Some(n) => {
                    let name = format!("nginx proxy, {workers} worker(s)");
                    s.push(Scenario::new(name, (n.port, Some(n.pid()))));
                    proxies.push(n);
                }
                None => eprintln!("nginx with {workers} worker(s) did not start; left out"),
            }
        }
    }
    let n = rounds();
    let hookcli_pids: Vec<u32> = children.iter().map(Child::id).collect();
    let mut settling = Duration::ZERO;
    // The capture-only server's work left after its window (database, text index,
    // retention), µs per capture of that window, and how long it took.
    let mut deferred = Vec::new();
    let mut caught_up = Vec::new();
    let mut sent = 0.0;
    for round in 0..n {
        // Rotate the order so no scenario always runs first (or right after another).
        let count = s.len();
        for i in 0..count {
            settling += settle(&hookcli_pids);
            let at = (i + round) % count;
            let sc = &mut s[at];
            let cpu0 = sc.pid.and_then(load::cpu_seconds);
            let rps = client.block_on(throughput(sc.port, "", 32, window));
            let cpu1 = sc.pid.and_then(load::cpu_seconds);
            if let (Some(a), Some(b)) = (cpu0, cpu1) {
                sc.cpu.push((b - a) * 1e6 / (rps * window.as_secs_f64()));
            }
            sc.rps.push(rps);
            if at == 1 {
                sent += rps * window.as_secs_f64() + (LATENCY + load::WARM_UP) as f64;
                // What the window left behind, before the latency requests add theirs.
                let idle = settle(&hookcli_pids);
                settling += idle;
                let cpu2 = sc.pid.and_then(load::cpu_seconds);
                if let (Some(b), Some(c)) = (cpu1, cpu2) {
                    deferred.push((c - b) * 1e6 / (rps * window.as_secs_f64()));
                    caught_up.push(idle.as_secs_f64());
                }
            }
            let (p50, p99) = client.block_on(latency(sc.port, "", LATENCY));
            sc.p50.push(p50);
            sc.p99.push(p99);
        }
    }
    let total_cpu = s[1].pid.and_then(load::cpu_seconds);
    for c in &mut children {
        let _ = c.kill();
    }
    drop(proxies);
    report(&s, window, n);
    println!(
        "waited {:.0} s in all for the hookcli servers to finish their background work \
         before each window",
        settling.as_secs_f64()
    );
    if let Some(bin) = &nginx_bin {
        println!("nginx: {}", nginx::version(bin));
    }
    if !deferred.is_empty() {
        println!(
            "capture-only: CPU left after its window (database, text index, retention) {} µs \
             per capture of the window, done {} s after it",
            spread(&deferred, 1),
            spread(&caught_up, 1)
        );
    }
    if let Some(cpu) = total_cpu.filter(|_| sent > 0.0) {
        println!(
            "capture-only: CPU per capture over its whole life, {:.0} captures (the store \
             keeps the newest 100 000): {:.1} µs",
            sent,
            cpu * 1e6 / sent
        );
    }
}

/// Timed requests of one latency measurement.
const LATENCY: usize = 5000;

/// Per-round ratio of scenario `a` to scenario `b`.
fn ratio(a: &Scenario, b: &Scenario) -> Vec<f64> {
    a.rps.iter().zip(&b.rps).map(|(a, b)| a / b).collect()
}

/// Per-round p50 of `a` minus that of `b`, µs.
fn added(a: &Scenario, b: &Scenario) -> Vec<f64> {
    a.p50.iter().zip(&b.p50).map(|(a, b)| a - b).collect()
}

fn report(s: &[Scenario], window: Duration, rounds: usize) {
    println!(
        "\npipeline bench: 1 KiB JSON webhook, {} s window, {rounds} interleaved rounds, {} cores",
        window.as_secs_f64(),
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!("median (min–max) over the rounds; ratios and added µs are taken within each round");
    println!(
        "| scenario | req/s @32 conns | × direct | CPU µs/req | p50 @1 conn | p50 added | p99 @1 conn |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|");
    let direct = &s[0];
    for sc in s {
        println!(
            "| {} | {} | {} | {} | {} µs | {} µs | {} µs |",
            sc.name,
            spread(&sc.rps, 0),
            spread(&ratio(sc, direct), 2),
            if sc.cpu.is_empty() {
                "—".to_string()
            } else {
                spread(&sc.cpu, 1)
            },
            spread(&sc.p50, 0),
            spread(&added(sc, direct), 0),
            spread(&sc.p99, 0),
        );
    }
    let verdict = |ok: bool| if ok { "met" } else { "MISSED" };
    let cap = ratio(&s[1], direct);
    let fwd = &s[2];
    println!();
    println!(
        "capture-only   {} × bare   (target ≥ 0.60: {})",
        spread(&cap, 2),
        verdict(median(&cap) >= 0.60)
    );
    println!("forward        {} × direct", spread(&ratio(fwd, direct), 2));
    let nginx: Vec<&Scenario> = s.iter().filter(|x| x.name.starts_with("nginx")).collect();
    if nginx.is_empty() {
        println!("nginx is not installed: no comparison with a reverse proxy");
        return;
    }
    // Per round, the faster nginx (throughput) and the quicker one (p50).
    let best_rps: Vec<f64> = (0..rounds)
        .map(|r| nginx.iter().map(|n| n.rps[r]).fold(0.0, f64::max))
        .collect();
    let best_p50: Vec<f64> = (0..rounds)
        .map(|r| nginx.iter().map(|n| n.p50[r]).fold(f64::INFINITY, f64::min))
        .collect();
    let vs_nginx: Vec<f64> = fwd.rps.iter().zip(&best_rps).map(|(a, b)| a / b).collect();
    let nginx_direct: Vec<f64> = best_rps
        .iter()
        .zip(&direct.rps)
        .map(|(a, b)| a / b)
        .collect();
    let nginx_added: Vec<f64> = best_p50
        .iter()
        .zip(&direct.p50)
        .map(|(a, b)| a - b)
        .collect();
    let fwd_added = added(fwd, direct);
    let over: Vec<f64> = fwd_added
        .iter()
        .zip(&nginx_added)
        .map(|(a, b)| a - b)
        .collect();
    println!("best nginx     {} × direct", spread(&nginx_direct, 2));
    println!(
        "forward        {} × the faster nginx (target ≥ 0.90: {})",
        spread(&vs_nginx, 2),
        verdict(median(&vs_nginx) >= 0.9)
    );
    if let Some(floor) = s.iter().find(|x| x.name == FLOOR) {
        let floor_vs: Vec<f64> = floor
            .rps
            .iter()
            .zip(&best_rps)
            .map(|(a, b)| a / b)
            .collect();
        println!(
            "hyper floor    {} × the faster nginx; hookcli --forward {} × the floor",
            spread(&floor_vs, 2),
            spread(&ratio(fwd, floor), 2)
        );
    }
    println!(
        "p50 added      hookcli {} µs, nginx {} µs: {} µs over nginx (target ≤ 20 µs: {})",
        spread(&fwd_added, 0),
        spread(&nginx_added, 0),
        spread(&over, 0),
        verdict(median(&over) <= 20.0)
    );
    let cheapest = nginx
        .iter()
        .filter(|n| !n.cpu.is_empty())
        .min_by(|a, b| median(&a.cpu).total_cmp(&median(&b.cpu)));
    if let (false, Some(n)) = (fwd.cpu.is_empty(), cheapest) {
        println!(
            "CPU per request: hookcli --forward {} µs, {} {} µs",
            spread(&fwd.cpu, 1),
            n.name,
            spread(&n.cpu, 1)
        );
    }
}
