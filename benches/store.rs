//! `cargo bench --bench store`: the store at scale, through the real binary as a user runs
//! it. HOOKCLI_BENCH_CAPTURES captures (default 1 000 000) of HOOKCLI_BENCH_BODY bytes
//! (default 5 000: about 5 GB) are generated once with the bulk path and kept under
//! target/ for the next run. Each figure is printed beside its target.
//!
//! RSS is the peak resident size of the command, read with GNU `/usr/bin/time`.

use hookcli::capture::{Capture, Forward, Origin, Signature, Verdict};
use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "store/index.rs"]
mod index;

fn env_usize(key: &str, default: usize) -> usize {
    std::env::var(key)
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(default)
}

/// A delivery shaped like a real one: a JSON body, the usual headers, a verdict, a forward.
fn capture(n: usize, body: usize) -> Capture {
    let provider = ["stripe", "github", "shopify"][n % 3];
    let method = if n % 1000 == 7 { "PUT" } else { "POST" };
    let mut c = Capture::new(Origin::Local, method, format!("/webhooks/{provider}?n={n}"));
    let mut text = format!(r#"{{"id":"evt_{n:010}","type":"invoice.paid","pad":""#);
    text.push_str(&pad(n, body.saturating_sub(text.len() + 2)));
    text.push_str(r#""}"#);
    c.body = bytes::Bytes::from(text);
    c.body_size = c.body.len() as u64;
    c.remote_addr = Some("127.0.0.1:53122".into());
    c.headers = vec![
        ("host".into(), "127.0.0.1:9999".into()),
        (
            "user-agent".into(),
            "Stripe/1.0 (+https://stripe.com/docs/webhooks)".into(),
        ),
        (
            "content-type".into(),
            "application/json; charset=utf-8".into(),
        ),
        (
            "stripe-signature".into(),
            format!("t=1764245071,v1={n:064x}"),
        ),
    ];
    c.signature = Some(Signature {
        provider: provider.into(),
        verdict: if n.is_multiple_of(10) {
            Verdict::Invalid
        } else {
            Verdict::Valid
        },
        detail: "v1 matched".into(),
    });
    let status = if n.is_multiple_of(97) { 500 } else { 200 };
    c.forwards.push(Forward {
        target: format!("http://localhost:3000/webhooks/{provider}?n={n}"),
        status: Some(status),
        body: bytes::Bytes::from_static(b"ok"),
        body_size: 2,
        duration_ms: 3.1,
        ..Forward::default()
    });
    c.response_status = Some(status);
    c
}

/// Filler for a body: `x`s by default; with HOOKCLI_BENCH_TEXT=varied, words that differ
/// from capture to capture, as real payloads do (the worst case for a trigram index, which
/// grows with the distinct trigrams each body holds).
fn pad(n: usize, len: usize) -> String {
    if std::env::var("HOOKCLI_BENCH_TEXT").as_deref() != Ok("varied") {
        return "x".repeat(len);
    }
    let mut out = String::with_capacity(len + 12);
    let mut state = (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    while out.len() < len {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        // A word of 2 to 9 letters of a 26-letter alphabet.
        for i in 0..(2 + state % 8) {
            out.push(char::from(b'a' + ((state >> (8 + i * 5)) % 26) as u8));
        }
        out.push(' ');
    }
    out.truncate(len);
    out
}

/// The store, generated once per size.
fn store(captures: usize, body: usize) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join(format!("bench-store-{captures}-{body}"));
    let done = dir.join("complete");
    if done.exists() {
        println!("store: reusing {}", dir.display());
        return dir;
    }
    let _ = std::fs::remove_dir_all(&dir);
    let started = Instant::now();
    let s = hookcli::store::Store::open(&dir).unwrap();
    let n = s
        .bulk_insert((0..captures).map(|n| capture(n, body)))
        .unwrap();
    let took = started.elapsed().as_secs_f64();
    println!(
        "store: generated {n} captures in {took:.0} s ({:.0} µs per capture)",
        took * 1e6 / n as f64
    );
    let started = Instant::now();
    // In this thread, flat out: the background thread's own rate is `index_rate`'s.
    s.index_now().unwrap();
    wait_indexed(s.path());
    println!(
        "store: text index built in {:.0} s ({:.0} µs per capture), {:.2} GB",
        started.elapsed().as_secs_f64(),
        started.elapsed().as_secs_f64() * 1e6 / n as f64,
        db_size(s.path()) as f64 / 1e9
    );
    std::fs::write(&done, b"").unwrap();
    dir
}

/// Wait until the store's background thread has indexed every capture for free text.
fn wait_indexed(db: &Path) {
    let c = rusqlite::Connection::open(db).unwrap();
    while c
        .query_row("SELECT count(*) FROM text_pending", [], |r| {
            r.get::<_, i64>(0)
        })
        .unwrap()
        > 0
    {
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The database file's size once its WAL has been folded in.
fn db_size(db: &Path) -> u64 {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    std::fs::metadata(db).map_or(0, |m| m.len())
}

/// Bytes the free-text index takes in the database (its FTS5 shadow tables).
fn text_index_size(db: &Path) -> u64 {
    let c = rusqlite::Connection::open(db).unwrap();
    [
        "captures_text_data",
        "captures_text_idx",
        "captures_text_docsize",
        "captures_text_config",
    ]
    .iter()
    .map(|t| {
        c.query_row(
            "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name = ?1",
            [t],
            |r| r.get::<_, i64>(0),
        )
        .unwrap() as u64
    })
    .sum()
}

/// `bulk_insert` time per capture and database size for `n` captures, with the free-text
/// index and without it (its insert trigger dropped): what the index costs the write path.
fn insert_cost(n: usize, body: usize) {
    for indexed in [false, true] {
        let dir =
            tempfile::tempdir_in(Path::new(env!("CARGO_MANIFEST_DIR")).join("target")).unwrap();
        let s = hookcli::store::Store::open(dir.path()).unwrap();
        if !indexed {
            rusqlite::Connection::open(s.path())
                .unwrap()
                .execute_batch("DROP TRIGGER text_in")
                .unwrap();
        }
        let started = Instant::now();
        s.bulk_insert((0..n).map(|i| capture(i, body))).unwrap();
        let us = started.elapsed().as_secs_f64() * 1e6 / n as f64;
        let started = Instant::now();
        if indexed {
            wait_indexed(s.path());
        }
        let background = started.elapsed().as_secs_f64() * 1e6 / n as f64;
        let size = db_size(s.path());
        let index = text_index_size(s.path());
        println!(
            "insert {n} × {body} B {}: {us:.1} µs per capture on the write path, {background:.0} µs in the background; database {:.1} MB (text index {:.1} MB)",
            if indexed {
                "with the text index   "
            } else {
                "without the text index"
            },
            size as f64 / 1e6,
            index as f64 / 1e6,
        );
    }
}

/// Time to index a store written before the index existed: the migration on first open
/// (synchronous), then the background build until nothing is pending. Leaves it indexed.
fn rebuild_cost(dir: &Path) {
    let db = dir.join("hookcli.db");
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch(
            "DROP TRIGGER text_in; DROP TRIGGER text_moved; DROP TRIGGER text_gone;
             DROP TABLE captures_text; DROP TABLE text_pending; DROP TABLE text_large;
             PRAGMA user_version = 2;",
        )
        .unwrap();
    let started = Instant::now();
    let s = hookcli::store::Store::open(dir).unwrap();
    let opened = started.elapsed();
    wait_indexed(&db);
    drop(s);
    println!(
        "text index of an existing store: first open {:.0} ms, background build {:.1} s",
        opened.as_secs_f64() * 1000.0,
        started.elapsed().as_secs_f64()
    );
}

/// Wall time (best of `runs`) and peak RSS of the real binary running `args`.
fn run(store: &Path, args: &[&str], runs: usize) -> (Duration, Option<u64>, String) {
    let mut best = Duration::MAX;
    let mut rss = None;
    let mut out = String::new();
    for _ in 0..runs {
        let started = Instant::now();
        let o = Command::new("/usr/bin/time")
            .args(["-f", "%M"])
            .arg(env!("CARGO_BIN_EXE_hookcli"))
            .args(args)
            .arg("--store")
            .arg(store)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        best = best.min(started.elapsed());
        assert!(o.status.success(), "{args:?}: {o:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        rss = err
            .lines()
            .last()
            .and_then(|l| l.trim().parse::<u64>().ok());
        out = String::from_utf8_lossy(&o.stdout).into_owned();
    }
    (best, rss.map(|kb| kb * 1024), out)
}

fn mb(bytes: Option<u64>) -> String {
    bytes.map_or_else(|| "n/a".into(), |b| format!("{:.1} MB", b as f64 / 1e6))
}

fn report(name: &str, t: Duration, target_ms: f64, rss: Option<u64>, rss_target_mb: f64) {
    let ms = t.as_secs_f64() * 1000.0;
    let ok = |b: bool| if b { "met" } else { "MISSED" };
    println!(
        "{name:<34} {ms:>9.1} ms (target ≤ {target_ms:.0} ms, {})   RSS {} (target ≤ {rss_target_mb:.0} MB, {})",
        ok(ms <= target_ms),
        mb(rss),
        ok(rss.is_some_and(|r| r as f64 / 1e6 <= rss_target_mb)),
    );
}

/// What the TUI bench measured: the first frame, `g` to the oldest capture, `/` over the
/// whole store, and the peak RSS over all of it.
struct TuiRun {
    first: Duration,
    oldest: Duration,
    filter: Duration,
    rss: Option<u64>,
}

/// Whether the screen shows the capture with query `?n=0` (the oldest).
fn shows_oldest(screen: &str) -> bool {
    screen.match_indices("?n=0").any(|(i, m)| {
        !screen[i + m.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit())
    })
}

/// Time from `listen` starting in a terminal to its first frame showing stored captures,
/// then to `g` showing the oldest and `/method:PUT` showing its count.
fn tui_first_frame(store: &Path, newest_path: &str) -> TuiRun {
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 40,
            cols: 120,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_hookcli"));
    cmd.args(["listen", "--port", "0", "--keep", "0", "--store"]);
    cmd.arg(store);
    cmd.env("TERM", "xterm-256color");
    let started = Instant::now();
    let mut child = pty.slave.spawn_command(cmd).unwrap();
    let mut reader = pty.master.try_clone_reader().unwrap();
    let mut keys = pty.master.take_writer().unwrap();
    let mut parser = vt100::Parser::new(40.try_into().unwrap(), 120.try_into().unwrap(), 0);
    let mut buf = [0u8; 65536];
    let mut wait = |what: &str, done: &dyn Fn(&str) -> bool| {
        let from = Instant::now();
        loop {
            let n = reader.read(&mut buf).unwrap_or(0);
            assert!(n > 0, "the TUI closed");
            parser.process(&buf[..n]);
            if done(&parser.screen().contents()) {
                break from.elapsed();
            }
            assert!(from.elapsed() < Duration::from_secs(120), "no {what}");
        }
    };
    wait("first frame", &|s| s.contains(newest_path));
    let first = started.elapsed();
    keys.write_all(b"g").unwrap();
    let oldest = wait("oldest capture", &shows_oldest);
    keys.write_all(b"/method:PUT\r").unwrap();
    let filter = wait("filter count", &|s| s.contains("stored captures match"));
    let rss = child.process_id().and_then(|pid| {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        let kb: u64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))?
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse()
            .ok()?;
        Some(kb * 1024)
    });
    let _ = child.kill();
    let _ = child.wait();
    TuiRun {
        first,
        oldest,
        filter,
        rss,
    }
}

fn main() {
    let captures = env_usize("HOOKCLI_BENCH_CAPTURES", 1_000_000);
    let body = env_usize("HOOKCLI_BENCH_BODY", 5000);
    let sample = env_usize("HOOKCLI_BENCH_INDEX_SAMPLE", 50_000);
    index::index_rate(sample, body);
    if std::env::var("HOOKCLI_BENCH_ONLY").as_deref() == Ok("index") {
        return;
    }
    let dir = store(captures, body);
    println!("{captures} captures of {body} B bodies");

    let (t, rss, out) = run(&dir, &["show", "last"], 5);
    report("show last", t, 20.0, rss, 30.0);
    let last: serde_json::Value = serde_json::from_str(&out).unwrap();
    let (t, rss, _) = run(&dir, &["list", "-n", "20"], 5);
    report("list -n 20", t, 20.0, rss, 30.0);
    // A prefix of a capture in the middle of the store.
    let (_, _, middle) = run(
        &dir,
        &["list", "--json", "-n", "1", "--filter", "method:PUT"],
        1,
    );
    let middle: serde_json::Value = serde_json::from_str(&middle).unwrap();
    let id = middle[0]["id"].as_str().unwrap();
    // The shortest prefix that names it alone, as `list` would show it.
    let s = hookcli::store::Store::open(&dir).unwrap();
    let prefix = (8..=id.len())
        .map(|n| &id[..n])
        .find(|p| s.find(p).is_ok())
        .unwrap();
    drop(s);
    let (t, rss, _) = run(&dir, &["show", prefix], 5);
    report(&format!("show {prefix}"), t, 20.0, rss, 30.0);

    if std::env::var("HOOKCLI_BENCH_REBUILD").is_ok() {
        rebuild_cost(&dir);
    }
    println!(
        "text index: {:.2} GB of {:.2} GB",
        text_index_size(&dir.join("hookcli.db")) as f64 / 1e9,
        db_size(&dir.join("hookcli.db")) as f64 / 1e9
    );
    insert_cost(env_usize("HOOKCLI_BENCH_INSERT_SAMPLE", 20_000), body);

    for filter in [
        "method:PUT",
        "status:5xx verdict:invalid",
        "evt_0000000007",
        "EVT_000000012",
        "method:PUT evt_000000",
    ] {
        let (t, rss, out) = run(&dir, &["list", "--filter", filter], 3);
        let rows = out.lines().count().saturating_sub(1);
        report(
            &format!("list --filter {filter:?} ({rows})"),
            t,
            1000.0,
            rss,
            30.0,
        );
    }

    let (t, rss, out) = run(&dir, &["export", "--filter", "evt_0000000007"], 3);
    report(
        &format!("export --filter evt_0000000007 ({})", out.lines().count()),
        t,
        1000.0,
        rss,
        30.0,
    );

    let newest = last["url"].as_str().unwrap();
    let shown = newest.split('?').next().unwrap_or(newest);
    let tui = tui_first_frame(&dir, shown);
    report("TUI first frame", tui.first, 300.0, tui.rss, 80.0);
    println!(
        "TUI `g` to the oldest {:.1} ms, `/method:PUT` over the store {:.1} ms (target ≤ 1000 ms); RSS above is the peak over all three",
        tui.oldest.as_secs_f64() * 1000.0,
        tui.filter.as_secs_f64() * 1000.0
    );
    println!(
        "capture-only listen vs bare hyper: see `cargo bench --bench pipeline` (target ≥ 0.60)"
    );
}
