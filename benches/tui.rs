//! TUI at scale: memory of 100 000 captures of 1 KiB held by the app, and the time to render
//! one frame over them. Plain std timing, printed; targets are ≤ 200 MB and ≤ 2 ms a frame.
//! Run with `cargo bench --bench tui`.
//!
//! Captures reach the app as they do from the listener: one at a time, each with the JSON
//! line the store wrote, and dropped by the sender once delivered.

use bytes::Bytes;
use hookcli::capture::{Capture, Forward, Origin, Signature, Verdict};
use hookcli::target::Target;
use hookcli::tui::app::{App, Event};
use hookcli::tui::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

const CAPTURES: usize = 100_000;
const BODY: usize = 1024;

/// Resident memory of this process in bytes (Linux), 0 where unknown.
fn rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}

/// A capture shaped like a real Stripe delivery: 1 KiB JSON body, the usual headers, a
/// signature verdict and one forward with a small answer. Every byte is its own allocation,
/// as it is when captures arrive over the network.
fn capture(n: usize) -> Capture {
    let mut c = Capture::new(Origin::Local, "POST", format!("/webhooks/stripe?n={n}"));
    let mut body = format!(r#"{{"id":"evt_{n:010}","type":"invoice.paid","data":{{"pad":""#);
    body.push_str(&"x".repeat(BODY - body.len() - 4));
    body.push_str(r#""}}"#);
    body.truncate(BODY);
    // Exactly sized, as the listener's body buffer is (it reserves content-length).
    c.body = Bytes::copy_from_slice(body.as_bytes());
    c.body_size = BODY as u64;
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
        ("content-length".into(), BODY.to_string()),
        (
            "stripe-signature".into(),
            format!("t=1764245071,v1={:064x}", n),
        ),
    ];
    c.signature = Some(Signature {
        provider: "stripe".into(),
        verdict: if n.is_multiple_of(17) {
            Verdict::Invalid
        } else {
            Verdict::Valid
        },
        detail: "v1 matched, t is 3 s old".into(),
    });
    c.forwards.push(Forward {
        target: format!("http://localhost:3000/webhooks/stripe?n={n}"),
        status: Some(if n.is_multiple_of(23) { 500 } else { 200 }),
        headers: vec![("content-type".into(), "text/plain".into())],
        body: Bytes::from_static(b"ok"),
        body_size: 2,
        duration_ms: 3.1,
        error: None,
    });
    c.response_status = Some(200);
    c
}

/// A capture as the listener announces it: shared, with the JSON line the store wrote.
fn event(n: usize) -> (Arc<Capture>, Bytes) {
    let c = capture(n);
    let json = Bytes::from(serde_json::to_vec(&c).unwrap());
    (Arc::new(c), json)
}

fn frame_times(app: &App, terminal: &mut Terminal<TestBackend>, frames: usize) -> Vec<Duration> {
    let mut times = Vec::with_capacity(frames);
    for _ in 0..frames {
        let t = Instant::now();
        terminal.draw(|f| ui::render(f, app)).unwrap();
        times.push(t.elapsed());
    }
    times
}

fn report(name: &str, mut times: Vec<Duration>) {
    times.sort();
    let mean = times.iter().sum::<Duration>() / times.len() as u32;
    let p50 = times[times.len() / 2];
    let p99 = times[times.len() * 99 / 100];
    println!(
        "{name:<44} mean {:>7.3} ms  p50 {:>7.3} ms  p99 {:>7.3} ms",
        mean.as_secs_f64() * 1e3,
        p50.as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3
    );
}

fn main() {
    let target = Target::parse("localhost:3000").unwrap();
    let router_target = target.clone();
    let mut app = App::new(
        "http://127.0.0.1:9999",
        &[target],
        Box::new(move |_| vec![router_target.clone()]),
    );
    app.update(Event::Resize(200, 50));

    let before = rss();
    let (mut build, mut fill) = (Duration::ZERO, Duration::ZERO);
    let mut line_bytes = 0;
    for n in 0..CAPTURES {
        let t = Instant::now();
        let (capture, json) = event(n);
        build += t.elapsed();
        line_bytes += json.len();
        let t = Instant::now();
        app.update(Event::Capture {
            capture,
            complete: true,
            json: Some(json),
        });
        fill += t.elapsed();
    }
    let after = rss();
    let mb = |b: u64| b as f64 / (1024.0 * 1024.0);
    let held = after.saturating_sub(before);
    println!("captures held                                {CAPTURES} × {BODY} B bodies");
    println!(
        "resident memory                              {:.1} MB before, {:.1} MB after",
        mb(before),
        mb(after)
    );
    println!(
        "  held by the app                            {:.1} MB, {:.0} B a capture (target ≤ 200 MB)",
        mb(held),
        held as f64 / CAPTURES as f64
    );
    println!(
        "  of which JSON lines (packed captures)      {:.1} MB, {:.0} B a line",
        mb(line_bytes as u64),
        line_bytes as f64 / CAPTURES as f64
    );
    println!(
        "arrivals                                     {:.2} µs to build and encode, {:.2} µs to update the app",
        build.as_secs_f64() * 1e6 / CAPTURES as f64,
        fill.as_secs_f64() * 1e6 / CAPTURES as f64
    );

    for (w, h) in [(200u16, 50u16), (100, 30)] {
        app.update(Event::Resize(w, h));
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        report(
            &format!("frame {w}x{h}, following the newest"),
            frame_times(&app, &mut terminal, 300),
        );
    }

    // A frame right after a new arrival (what a busy listener looks like).
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    let mut times = Vec::new();
    for n in CAPTURES..CAPTURES + 300 {
        let (capture, json) = event(n);
        app.update(Event::Capture {
            capture,
            complete: true,
            json: Some(json),
        });
        times.extend(frame_times(&app, &mut terminal, 1));
    }
    report("frame 100x30 after each new arrival", times);

    // In the middle of the list, with the body tab open (JSON pretty-printed, cached).
    app.update(Event::Key(crossterm::event::KeyEvent::from(
        crossterm::event::KeyCode::Char('g'),
    )));
    for _ in 0..50 {
        app.update(Event::Key(crossterm::event::KeyEvent::from(
            crossterm::event::KeyCode::PageDown,
        )));
    }
    app.update(Event::Key(crossterm::event::KeyCode::Enter.into()));
    app.update(Event::Key(crossterm::event::KeyCode::Tab.into()));
    report(
        "frame 100x30, mid-list, body tab",
        frame_times(&app, &mut terminal, 300),
    );

    // Applying a filter walks every capture once (not per frame).
    app.update(Event::Key(crossterm::event::KeyCode::Esc.into()));
    let t = Instant::now();
    app.update(Event::Key(crossterm::event::KeyCode::Char('/').into()));
    for ch in "status:5xx evt_00000".chars() {
        app.update(Event::Key(crossterm::event::KeyCode::Char(ch).into()));
    }
    app.update(Event::Key(crossterm::event::KeyCode::Enter.into()));
    println!(
        "filter over {} captures                   {:.1} ms, {} match",
        app.total(),
        t.elapsed().as_secs_f64() * 1e3,
        app.view_len()
    );
    report(
        "frame 100x30 with the filter on",
        frame_times(&app, &mut terminal, 300),
    );
    black_box(&app);
}
