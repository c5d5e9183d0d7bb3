//! Test captures with fixed ids and times, and an app wired to a fake router, so scripted
//! tests and snapshots are the same on every machine and in every time zone.

use crate::capture::{Capture, Forward, Origin, Signature, Verdict, parse_time};
use crate::target::Target;
use crate::tui::app::{App, Event};
use bytes::Bytes;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::sync::Arc;
use time::OffsetDateTime;

/// `HH:MM:SS.mmm` in UTC, whatever `TZ` says.
pub fn utc_clock(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        t.hour(),
        t.minute(),
        t.second(),
        t.millisecond()
    )
}

/// Three minutes after the first fixture capture arrived.
pub fn fixed_now() -> OffsetDateTime {
    parse_time("2026-11-27T12:07:31.120481Z").unwrap()
}

pub fn target() -> Target {
    Target::parse("localhost:3000").unwrap()
}

/// An app at 120x30 whose router sends everything but `/local/...` to localhost:3000.
pub fn app() -> App {
    let mut app = App::new(
        "http://127.0.0.1:9999",
        &[target()],
        Box::new(|path: &str| {
            if path.starts_with("/local") {
                Vec::new()
            } else {
                vec![target()]
            }
        }),
    );
    app.clock = utc_clock;
    app.now = fixed_now;
    app.update(Event::Resize(120, 30));
    app
}

pub fn key(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

pub fn code(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub fn arrive(c: Capture) -> Event {
    Event::Capture {
        capture: Arc::new(c),
        complete: true,
        json: None,
    }
}

/// A capture numbered `n`: id and time both follow from it.
pub fn cap(n: u32, method: &str, url: &str, body: &[u8]) -> Capture {
    let mut c = Capture::new(Origin::Local, method, url);
    c.id = format!("01JDX3K7Q9ZC4T5W6Y8B2N{n:04}");
    c.received_at = parse_time("2026-11-27T12:04:31.120481Z").unwrap()
        + time::Duration::milliseconds(i64::from(n) * 1500);
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
    ];
    c.body = Bytes::copy_from_slice(body);
    c.body_size = body.len() as u64;
    c
}

pub fn signed(mut c: Capture, provider: &str, verdict: Verdict, detail: &str) -> Capture {
    c.signature = Some(Signature {
        provider: provider.into(),
        verdict,
        detail: detail.into(),
    });
    c
}

pub fn forwarded(mut c: Capture, status: Option<u16>, ms: f64, error: Option<&str>) -> Capture {
    c.forwards.push(Forward {
        target: format!("http://localhost:3000{}", c.url),
        status,
        headers: vec![("content-type".into(), "application/json".into())],
        body: Bytes::from_static(br#"{"received":true}"#),
        body_size: 17,
        duration_ms: ms,
        error: error.map(str::to_string),
    });
    if error.is_some() {
        c.forwards[0].headers.clear();
        c.forwards[0].body = Bytes::new();
        c.forwards[0].body_size = 0;
        c.response_status = Some(502);
    } else {
        c.response_status = status;
    }
    c
}

pub const STRIPE_BODY: &[u8] = br#"{"id":"evt_1QBxyz","object":"event","type":"invoice.paid","livemode":false,"data":{"object":{"id":"in_1","amount_paid":4200,"currency":"eur","lines":[]}}}"#;

/// Six captures covering every verdict class, status class and body kind.
pub fn mixed() -> Vec<Capture> {
    let stripe = signed(
        cap(1, "POST", "/webhooks/stripe?mode=test", STRIPE_BODY),
        "stripe",
        Verdict::Valid,
        "v1 matched, t is 3 s old",
    );
    let github = signed(
        cap(
            2,
            "POST",
            "/webhooks/github",
            br#"{"action":"opened","number":7}"#,
        ),
        "github",
        Verdict::Invalid,
        "x-hub-signature-256 does not match the body",
    );
    let mut slack = cap(
        3,
        "POST",
        "/webhooks/slack",
        b"token=abc&text=hello+w%C3%B6rld&user=U1",
    );
    slack.headers[2].1 = "application/x-www-form-urlencoded".into();
    let slack = signed(
        slack,
        "slack",
        Verdict::NoSecret,
        "signed, but no secret for slack",
    );
    let mut bin = cap(
        4,
        "PUT",
        "/upload/blob.bin",
        &[
            0x00, 0x9f, 0x92, 0x96, 0xff, 0x41, 0x42, 0x0a, 0x7f, 0x10, 0x20, 0x30, 0x40, 0x50,
            0x60, 0x70, 0x80, 0x90,
        ],
    );
    bin.headers[2].1 = "application/octet-stream".into();
    let mut health = cap(5, "GET", "/local/health", b"");
    health.response_status = Some(200);
    vec![
        forwarded(stripe, Some(200), 3.12, None),
        forwarded(github, Some(500), 12.4, None),
        forwarded(slack, None, 0.8, Some("connection refused")),
        forwarded(bin, Some(404), 1.9, None),
        health,
    ]
}

/// An app holding [`mixed`].
pub fn mixed_app() -> App {
    let mut app = app();
    for c in mixed() {
        app.update(arrive(c));
    }
    app
}
