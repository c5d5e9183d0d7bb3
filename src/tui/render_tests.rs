//! Snapshots of whole frames on ratatui's `TestBackend` (text only; colors are checked by
//! the few style assertions at the end).

use crate::tui::app::{App, Event};
use crate::tui::fixtures::*;
use crate::tui::ui;
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;

fn draw(app: &App) -> Terminal<TestBackend> {
    let (w, h) = app.size;
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| ui::render(f, app)).unwrap();
    t
}

fn screen(app: &App) -> String {
    draw(app).backend().to_string()
}

#[test]
fn empty() {
    insta::assert_snapshot!(screen(&app()));
}

#[test]
fn mixed_list_with_request_tab() {
    let mut app = mixed_app();
    app.update(key('g'));
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn body_tab_json() {
    let mut app = mixed_app();
    app.update(key('g'));
    app.update(code(KeyCode::Enter));
    app.update(code(KeyCode::Tab));
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn body_tab_form() {
    let mut app = mixed_app();
    app.update(key('g'));
    app.update(key('j'));
    app.update(key('j'));
    app.update(code(KeyCode::Enter));
    app.update(code(KeyCode::Tab));
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn body_tab_binary() {
    let mut app = mixed_app();
    app.update(key('G'));
    app.update(key('k'));
    app.update(code(KeyCode::Enter));
    app.update(code(KeyCode::Tab));
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn response_tab() {
    let mut app = mixed_app();
    app.update(key('g'));
    app.update(key('j'));
    app.update(code(KeyCode::Enter));
    app.update(code(KeyCode::Tab));
    app.update(code(KeyCode::Tab));
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn response_tab_error() {
    let mut app = mixed_app();
    app.update(key('g'));
    app.update(key('j'));
    app.update(key('j'));
    app.update(code(KeyCode::Enter));
    app.update(code(KeyCode::BackTab));
    app.update(code(KeyCode::BackTab));
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn signature_tab() {
    let mut app = mixed_app();
    app.update(key('g'));
    app.update(key('j'));
    app.update(code(KeyCode::Enter));
    app.update(code(KeyCode::BackTab));
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn filter_active() {
    let mut app = mixed_app();
    app.update(key('/'));
    for ch in "verdict:invalid,no_secret".chars() {
        app.update(key(ch));
    }
    app.update(code(KeyCode::Enter));
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn filter_prompt() {
    let mut app = mixed_app();
    app.update(key('/'));
    for ch in "method:POST stri".chars() {
        app.update(key(ch));
    }
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn help_overlay() {
    let mut app = mixed_app();
    app.update(key('?'));
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn narrow_list() {
    let mut app = mixed_app();
    app.update(Event::Resize(80, 24));
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn narrow_details() {
    let mut app = mixed_app();
    app.update(Event::Resize(80, 24));
    app.update(key('g'));
    app.update(code(KeyCode::Enter));
    app.update(code(KeyCode::Tab));
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn history_rows_and_replays() {
    let mut app = app();
    app.update(Event::History(mixed()[..2].to_vec()));
    let mut replay = forwarded(
        cap(9, "POST", "/webhooks/github", b"{}"),
        Some(200),
        2.5,
        None,
    );
    replay.origin = crate::capture::Origin::Replay;
    replay.replay_of = Some(mixed()[1].id.clone());
    app.update(arrive(replay));
    app.update(Event::Status("replayed → 200 in 2.5 ms".into()));
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn colors_carry_meaning() {
    let app = mixed_app();
    let t = draw(&app);
    let buf = t.backend().buffer();
    let find = |text: &str| -> (u16, u16) {
        for y in 0..buf.area.height {
            let line: String = (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect();
            if let Some(i) = line.find(text) {
                let x = line[..i].chars().count() as u16;
                return (x, y);
            }
        }
        panic!("{text:?} not on screen");
    };
    let fg = |p: (u16, u16)| buf[p].fg;
    assert_eq!(fg(find("✓ stripe")), Color::Green);
    assert_eq!(fg(find("✗ github")), Color::Red);
    let status = |text: &str| {
        let (x, y) = find(text);
        fg((x + 1, y))
    };
    assert_eq!(status(" 500 "), Color::Red);
    assert_eq!(status(" 404 "), Color::Yellow);
    assert_eq!(status(" 200 "), Color::Green);
    // The last forward to localhost:3000 answered (404 < 500): a green dot.
    assert_eq!(fg(find("● localhost:3000")), Color::Green);
}

#[test]
fn default_100x30_body_tab() {
    let mut app = mixed_app();
    app.update(Event::Resize(100, 30));
    app.update(key('g'));
    app.update(code(KeyCode::Enter));
    app.update(code(KeyCode::Tab));
    app.update(Event::Status("replayed → 200 in 3.2 ms".into()));
    insta::assert_snapshot!(screen(&app));
}

/// Old captures are held as their JSON line: every frame must be the same as when they are
/// held whole, whatever is on screen.
#[test]
fn packed_captures_draw_exactly_as_whole_ones() {
    type Step = Box<dyn Fn(&mut App)>;
    let steps: Vec<(&str, Step)> = vec![
        ("start", Box::new(|_| {})),
        ("top", Box::new(|a| drop(a.update(key('g'))))),
        (
            "request",
            Box::new(|a| drop(a.update(code(KeyCode::Enter)))),
        ),
        ("body", Box::new(|a| drop(a.update(code(KeyCode::Tab))))),
        ("scrolled", Box::new(|a| drop(a.update(key('j'))))),
        ("response", Box::new(|a| drop(a.update(code(KeyCode::Tab))))),
        (
            "signature",
            Box::new(|a| drop(a.update(code(KeyCode::Tab)))),
        ),
        (
            "binary body",
            Box::new(|a| {
                a.update(code(KeyCode::Esc));
                a.update(key('j'));
                a.update(key('j'));
                a.update(key('j'));
                a.update(code(KeyCode::Tab));
                a.update(code(KeyCode::BackTab));
                a.update(code(KeyCode::Tab));
            }),
        ),
        (
            "filtered",
            Box::new(|a| {
                a.update(code(KeyCode::Esc));
                a.update(key('/'));
                for ch in "livemode status:2xx,5xx".chars() {
                    a.update(key(ch));
                }
                a.update(code(KeyCode::Enter));
            }),
        ),
        (
            "an old row completes again",
            Box::new(|a| {
                let again = forwarded(
                    cap(3, "POST", "/webhooks/slack", b"x"),
                    Some(201),
                    4.0,
                    None,
                );
                a.update(arrive(again));
                a.update(code(KeyCode::Esc));
                a.update(key('g'));
                a.update(key('j'));
                a.update(key('j'));
            }),
        ),
        (
            "history",
            Box::new(|a| {
                drop(a.update(Event::History(vec![cap(
                    0,
                    "DELETE",
                    "/old?a=\"b\"",
                    b"\"q\"",
                )])))
            }),
        ),
        (
            "narrow",
            Box::new(|a| drop(a.update(Event::Resize(80, 24)))),
        ),
    ];
    let mut whole = mixed_app();
    let mut packed = app();
    packed.pack_all();
    for c in mixed() {
        packed.update(arrive(c));
    }
    for (name, step) in &steps {
        step(&mut whole);
        step(&mut packed);
        if *name == "filtered" {
            assert_eq!(packed.view_len(), 1, "the filter reads packed bodies");
        }
        assert_eq!(
            draw(&whole).backend().buffer(),
            draw(&packed).backend().buffer(),
            "{name}\n{}",
            screen(&packed)
        );
    }
    assert_eq!(packed.total(), 6);
}

#[test]
fn header_shows_the_relay_url_and_link_state_at_all_times() {
    use crate::event::RelayState;
    let mut app = mixed_app();
    let header = |app: &App| screen(app).lines().next().unwrap_or("").to_string();
    app.update(Event::Relay(RelayState::Connected {
        channel: "alice".into(),
        public_url: "https://hooks.example.com/c/alice/".into(),
        pending: 0,
        first: true,
    }));
    let h = header(&app);
    assert!(
        h.contains("https://hooks.example.com/c/alice/") && h.contains("relay connected"),
        "{h}"
    );
    // Later messages replace the status line, never the header.
    app.update(Event::Status("replayed → 200 in 2.5 ms".into()));
    app.update(Event::Relay(RelayState::Reconnecting {
        reason: "connection lost".into(),
        delay: std::time::Duration::from_secs(1),
    }));
    app.update(Event::Status("copied".into()));
    let h = header(&app);
    assert!(
        h.contains("https://hooks.example.com/c/alice/") && h.contains("relay reconnecting"),
        "{h}"
    );
}

/// The header and the list count the whole store, not the window of rows the list has loaded.
#[test]
fn header_totals_are_the_stores() {
    let mut app = mixed_app();
    let loaded = app.total() as u64;
    let before = screen(&app);
    assert!(before.contains(&format!("{loaded} captures")), "{before}");
    app.update(Event::Stored(crate::tui::app::StoreTotals {
        captures: 12_345,
        bad_signatures: Some(678),
        failed: Some(90),
    }));
    let after = screen(&app);
    let header = after.lines().next().unwrap();
    assert!(header.contains("12,345 captures"), "{header}");
    assert!(header.contains("678 ✗ sig"), "{header}");
    assert!(header.contains("90 failed"), "{header}");
    // So does the list's title: a window over a store of 12,345 is not a list of 5.
    let title = after.lines().nth(1).unwrap();
    assert!(title.contains("Captures 12,345 "), "{title}");
}

/// The store counts what the header shows: all captures, and the bad signatures exactly.
#[test]
fn store_totals_count_every_capture_and_bad_signature() {
    use crate::capture::{Capture, Origin, Signature, Verdict};
    let dir = tempfile::tempdir().unwrap();
    let store = crate::store::Store::open(dir.path()).unwrap();
    for (i, verdict) in [
        Verdict::Valid,
        Verdict::Invalid,
        Verdict::Expired,
        Verdict::Valid,
    ]
    .into_iter()
    .enumerate()
    {
        let mut c = Capture::new(Origin::Local, "POST", format!("/{i}"));
        c.signature = Some(Signature {
            provider: "github".into(),
            verdict,
            detail: String::new(),
        });
        // Forwards: none, 200, 502, and one that got no answer; a row counts as failed
        // exactly as the list's rows do.
        let forward = |status: Option<u16>, error: Option<&str>| crate::capture::Forward {
            status,
            error: error.map(str::to_string),
            ..crate::capture::Forward::default()
        };
        match i {
            1 => c.forwards.push(forward(Some(200), None)),
            2 => c.forwards.push(forward(Some(502), None)),
            3 => c.forwards.push(forward(None, Some("connection refused"))),
            _ => c.response_status = Some(503),
        }
        store.append(&c).unwrap();
    }
    let totals = crate::tui::store_totals(&store).expect("the store counts");
    assert_eq!(totals.captures, 4);
    assert_eq!(totals.bad_signatures, Some(2));
    assert_eq!(
        totals.failed,
        Some(2),
        "502 and no answer; a 503 of hookcli's own is no forward"
    );
}
