//! The store bench's look at the background text index: how fast it builds on an otherwise
//! idle machine, and what a writer storing meanwhile waits.

use crate::capture;
use std::path::Path;
use std::time::{Duration, Instant};

/// The background text index's rate on an otherwise idle store: `n` captures queued by
/// `bulk_insert`, then the time until the store's own indexing thread has emptied the queue.
/// Meanwhile another thread stores one capture every 20 ms through the store's writer, as a
/// trickle of webhooks would: the worst of those waits is what the index costs a sender.
pub fn index_rate(n: usize, body: usize) {
    let dir = tempfile::tempdir_in(Path::new(env!("CARGO_MANIFEST_DIR")).join("target")).unwrap();
    let opened = Instant::now();
    let s = hookcli::store::Store::open(dir.path()).unwrap();
    s.bulk_insert((0..n).map(|i| capture(i, body))).unwrap();
    let c = rusqlite::Connection::open(s.path()).unwrap();
    let pending = || -> i64 {
        c.query_row("SELECT count(*) FROM text_pending", [], |r| r.get(0))
            .unwrap()
    };
    // The thread starts a second after the store opens; timed from its first slice.
    let p0 = pending();
    while pending() == p0 {
        std::thread::sleep(Duration::from_millis(5));
    }
    let started = Instant::now();
    let from = pending();
    let cpu0 = index_thread_cpu().unwrap_or(f64::NAN);
    let stop = std::sync::atomic::AtomicBool::new(false);
    let mut took = 0.0;
    let mut cpu = 0.0;
    // Each store's wait, and whether the index was still being built when it began.
    let indexing = std::sync::atomic::AtomicBool::new(true);
    let waits: Vec<(bool, Duration)> = std::thread::scope(|scope| {
        let trickle = scope.spawn(|| {
            let mut waits = Vec::new();
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let during = indexing.load(std::sync::atomic::Ordering::Relaxed);
                let t = Instant::now();
                s.append(&capture(n + waits.len(), body)).unwrap();
                waits.push((during, t.elapsed()));
                std::thread::sleep(Duration::from_millis(20));
            }
            waits
        });
        while pending() > 0 {
            std::thread::sleep(Duration::from_millis(20));
        }
        took = started.elapsed().as_secs_f64();
        cpu = index_thread_cpu().unwrap_or(f64::NAN) - cpu0;
        indexing.store(false, std::sync::atomic::Ordering::Relaxed);
        // The same trickle with nothing to index: what a store waits anyway.
        std::thread::sleep(Duration::from_secs(3));
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        trickle.join().unwrap()
    });
    let worst = |during: bool| {
        let w: Vec<Duration> = waits
            .iter()
            .filter(|(d, _)| *d == during)
            .map(|(_, w)| *w)
            .collect();
        let max = w.iter().max().copied().unwrap_or_default();
        format!(
            "{} stores, the slowest waited {:.1} ms",
            w.len(),
            max.as_secs_f64() * 1000.0
        )
    };
    println!(
        "text index in the background: {from} captures in {took:.1} s ({:.0} captures/s; started {:.1} s after open), {:.0} µs of its thread's CPU per capture ({:.0}% of the time; the rest is its pauses or a CPU others took); meanwhile {}; with nothing to index, {}",
        from as f64 / took,
        (started - opened).as_secs_f64(),
        cpu * 1e6 / from as f64,
        cpu * 100.0 / took,
        worst(true),
        worst(false),
    );
}

/// CPU seconds used so far by this process's `text-index` thread (Linux).
fn index_thread_cpu() -> Option<f64> {
    let tick = 100.0; // USER_HZ
    std::fs::read_dir("/proc/self/task").ok()?.find_map(|t| {
        let t = t.ok()?.path();
        let comm = std::fs::read_to_string(t.join("comm")).ok()?;
        if comm.trim() != "text-index" {
            return None;
        }
        let stat = std::fs::read_to_string(t.join("stat")).ok()?;
        // After the parenthesised name: state is field 3, utime 14, stime 15.
        let rest = &stat[stat.rfind(')')? + 2..];
        let f: Vec<&str> = rest.split(' ').collect();
        let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
        Some(ticks / tick)
    })
}
