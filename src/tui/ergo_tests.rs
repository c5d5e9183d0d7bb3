//! Issue 20 on the screen: each test draws the frame a user sees and checks the words.

use crate::tui::app::{App, Effect, Event};
use crate::tui::fixtures::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn screen(app: &App) -> String {
    let (w, h) = app.size;
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| crate::tui::ui::render(f, app)).unwrap();
    t.backend().to_string()
}

/// The bottom line of the frame, without the quotes TestBackend puts round each row.
fn status_line(app: &App) -> String {
    let s = screen(app);
    let last = s.lines().last().unwrap_or_default();
    last.trim_matches('"').trim_end().to_string()
}

fn type_text(app: &mut App, text: &str) {
    for ch in text.chars() {
        app.update(key(ch));
    }
}

#[test]
fn a_filter_that_does_not_parse_says_why_on_the_prompt() {
    let mut app = mixed_app();
    app.update(key('/'));
    type_text(&mut app, "verdict:bogus");
    app.update(code(KeyCode::Enter));
    assert_eq!(
        status_line(&app),
        "/verdict:bogus█   verdict:bogus is not a verdict (valid, invalid, expired, malformed, unsigned, no_secret)"
            .chars()
            .take(120)
            .collect::<String>()
            .trim_end()
    );
    // Typing again takes the reason away.
    app.update(code(KeyCode::Backspace));
    assert!(status_line(&app).ends_with("Enter apply · Esc clear"));
    app.update(code(KeyCode::Esc));
    app.update(key('/'));
    type_text(&mut app, "stauts:500");
    app.update(code(KeyCode::Enter));
    assert!(
        status_line(&app).contains("unknown filter key \"stauts\" (did you mean status:?)"),
        "{}",
        status_line(&app)
    );
}

#[test]
fn the_status_line_names_a_capture_by_its_shortest_unique_prefix() {
    let mut app = mixed_app();
    app.update(key('g'));
    app.update(key('c'));
    let id = app.selected_capture().unwrap().id.clone();
    // The fixtures' ids differ only in their last characters: the whole id is needed.
    assert_eq!(
        status_line(&app).trim(),
        format!("copied curl for {id} (OSC 52)")
    );
    // Alone, 8 characters are enough, and they are the first 8, as `show` takes them.
    let mut alone = app_with_one();
    alone.update(key('c'));
    let id = alone.selected_capture().unwrap().id.clone();
    assert_eq!(
        status_line(&alone).trim(),
        format!("copied curl for {} (OSC 52)", &id[..8])
    );
}

fn app_with_one() -> App {
    let mut app = app();
    app.update(arrive(cap(1, "POST", "/one", b"{}")));
    app
}

#[test]
fn help_fits_80x24_and_says_which_replay_key_does_what() {
    let mut app = mixed_app();
    app.update(Event::Resize(80, 24));
    app.update(key('?'));
    let s = screen(&app);
    for words in [
        "r                replay, re-signed for its provider when the secret is set",
        "R                replay the captured bytes untouched",
        "e                edit in $VISUAL/$EDITOR, then replay (re-signed)",
        "until:11:30       before then (same forms)",
        "└",
    ] {
        assert!(s.contains(words), "{words:?} missing:\n{s}");
    }
}

#[test]
fn r_asks_for_a_re_signed_replay_and_shift_r_for_the_bytes_as_captured() {
    let mut app = mixed_app();
    app.update(key('g'));
    let fx = app.update(key('r'));
    assert!(
        matches!(fx.as_slice(), [Effect::Replay { resign: true, .. }]),
        "{fx:?}"
    );
    let fx = app.update(Event::Key(KeyEvent::new(
        KeyCode::Char('R'),
        KeyModifiers::SHIFT,
    )));
    assert!(
        matches!(fx.as_slice(), [Effect::Replay { resign: false, .. }]),
        "{fx:?}"
    );
    assert!(status_line(&app).contains("replaying as captured "));
}

#[test]
fn capital_g_in_details_stops_with_the_last_line_at_the_bottom() {
    let mut app = app();
    app.update(Event::Resize(80, 24));
    let body: String = (0..100).map(|i| format!("line {i}\n")).collect();
    let mut c = cap(1, "POST", "/long", body.as_bytes());
    c.headers = vec![("content-type".into(), "text/plain".into())];
    app.update(arrive(c));
    app.update(code(KeyCode::Enter));
    app.update(code(KeyCode::Tab));
    app.update(key('G'));
    let s = screen(&app);
    let rows: Vec<&str> = s.lines().collect();
    // The row above the pane's bottom border holds the body's last line, and the pane
    // is full: G stopped where the end is in view, not past it.
    assert!(rows[rows.len() - 3].contains("│line 99 "), "{s}");
    assert!(rows[2].contains("│line 80 "), "{s}");
}

#[test]
fn the_body_tab_gives_a_binary_body_its_whole_size() {
    let mut app = app();
    let body: Vec<u8> = (0..35_664u32).map(|i| (i % 251) as u8 | 0x80).collect();
    app.update(arrive(cap(1, "POST", "/bin", &body)));
    app.update(code(KeyCode::Enter));
    app.update(code(KeyCode::Tab));
    let s = screen(&app);
    assert!(s.contains("binary, 35664 bytes"), "{s}");
}

#[test]
fn details_show_the_age_beside_the_time() {
    let mut app = mixed_app();
    app.update(key('g'));
    let s = screen(&app);
    assert!(s.contains("received  2026-11-27T12:04:32.620481Z"), "{s}");
    assert!(s.contains("age       2 min ago"), "{s}");
}
