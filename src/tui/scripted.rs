//! Whole interactions scripted against `update`: keys and captures in, effects out.

use crate::capture::Capture;
use crate::tui::app::{Effect, Event, Focus, From, Tab};
use crate::tui::fixtures::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::sync::Arc;

fn selected_id(app: &crate::tui::app::App) -> String {
    app.selected_capture().unwrap().id.clone()
}

fn type_text(app: &mut crate::tui::app::App, text: &str) {
    for ch in text.chars() {
        assert!(app.update(key(ch)).is_empty());
    }
}

#[test]
fn the_list_follows_arrivals_until_you_move() {
    let mut app = mixed_app();
    assert_eq!(app.selected_pos(), Some(4));
    assert!(app.follow);
    app.update(key('k'));
    assert_eq!(app.selected_pos(), Some(3));
    assert!(!app.follow, "moving up stops following");
    app.update(arrive(cap(9, "POST", "/new", b"{}")));
    assert_eq!(app.selected_pos(), Some(3), "the cursor stays put");
    assert_eq!(app.view_len(), 6);
    app.update(key('G'));
    assert!(app.follow);
    assert_eq!(selected_id(&app), cap(9, "", "", b"").id);
    app.update(key('g'));
    assert_eq!(app.selected_pos(), Some(0));
    app.update(key('f'));
    assert!(app.follow);
    assert_eq!(app.selected_pos(), Some(5), "follow on jumps to the newest");
}

#[test]
fn an_incomplete_then_complete_capture_updates_its_row_in_place() {
    let mut app = app();
    let pending = cap(1, "POST", "/webhooks/stripe", b"{}");
    app.update(Event::Capture {
        capture: Arc::new(pending.clone()),
        complete: false,
        json: None,
    });
    app.update(arrive(cap(2, "POST", "/other", b"{}")));
    assert!(!app.row_at(0).complete);
    let done = forwarded(pending, Some(503), 2.0, None);
    app.update(arrive(done.clone()));
    assert_eq!(app.total(), 2, "no second row for the same id");
    assert!(app.row_at(0).complete);
    assert_eq!(app.capture_at(0).forwards[0].status, Some(503));
    assert_eq!(app.counts.failed, 1);
    // Completing again with success takes the failure back out of the count.
    app.update(arrive(forwarded(
        cap(1, "POST", "/webhooks/stripe", b"{}"),
        Some(200),
        1.0,
        None,
    )));
    assert_eq!(app.counts.failed, 0);
    assert_eq!(app.total(), 2);
}

#[test]
fn r_replays_the_selected_capture_to_its_targets() {
    let mut app = mixed_app();
    app.update(key('g'));
    let fx = app.update(key('r'));
    let first = &mixed()[0];
    match fx.as_slice() {
        [
            Effect::Replay {
                capture, targets, ..
            },
        ] => {
            assert_eq!(capture.id, first.id);
            assert_eq!(capture.body, first.body);
            assert_eq!(targets, &vec![target()]);
        }
        other => panic!("expected one replay, got {other:?}"),
    }
    assert!(app.status.as_ref().unwrap().0.starts_with("replaying"));
    // The outcome comes back as a status line.
    app.update(Event::Status("replayed → 200 in 3.2 ms".into()));
    assert_eq!(app.status, Some(("replayed → 200 in 3.2 ms".into(), false)));
}

#[test]
fn replay_without_a_target_says_so_and_sends_nothing() {
    let mut app = mixed_app(); // the newest is /local/health, which has no route
    assert!(app.update(key('r')).is_empty());
    let (msg, error) = app.status.clone().unwrap();
    assert!(
        error && msg.contains("no forward target for /local/health"),
        "{msg}"
    );
}

#[test]
fn edit_round_trip_replays_what_the_editor_left() {
    let mut app = mixed_app();
    app.update(key('g'));
    let fx = app.update(key('e'));
    let [Effect::Edit(c)] = fx.as_slice() else {
        panic!("expected an edit, got {fx:?}")
    };
    assert_eq!(c.id, mixed()[0].id);
    // What a user does in the editor: change the body.
    let mut v: serde_json::Value =
        serde_json::from_str(&serde_json::to_string_pretty(&**c).unwrap()).unwrap();
    v["body"] = serde_json::Value::String(r#"{"type":"invoice.voided"}"#.into());
    v["headers"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!(["Content-Length", "154"]));
    let fx = app.update(Event::Edited(Ok(v.to_string())));
    match fx.as_slice() {
        [
            Effect::Replay {
                capture, targets, ..
            },
        ] => {
            assert_eq!(&capture.body[..], br#"{"type":"invoice.voided"}"#);
            assert_eq!(capture.url, "/webhooks/stripe?mode=test");
            assert_eq!(capture.id, c.id, "replay_of will name the source");
            assert_eq!(targets, &vec![target()]);
        }
        other => panic!("expected a replay, got {other:?}"),
    }
}

#[test]
fn a_broken_or_empty_edit_sends_nothing() {
    let mut app = mixed_app();
    assert!(
        app.update(Event::Edited(Ok("{\"body\": ".into())))
            .is_empty()
    );
    let (msg, error) = app.status.clone().unwrap();
    assert!(
        error && msg.contains("not valid") && msg.contains("nothing sent"),
        "{msg}"
    );
    assert!(app.update(Event::Edited(Ok("  \n".into()))).is_empty());
    assert!(app.status.clone().unwrap().0.contains("aborted"));
    assert!(
        app.update(Event::Edited(Err("vi exited with 1".into())))
            .is_empty()
    );
    assert!(app.status.clone().unwrap().0.contains("vi exited with 1"));
}

#[test]
fn filter_applies_on_enter_and_esc_clears_it() {
    let mut app = mixed_app();
    app.update(key('/'));
    type_text(&mut app, "method:POST status:5xx,error");
    assert_eq!(app.view_len(), 5, "nothing applies while typing");
    app.update(code(KeyCode::Enter));
    assert!(app.input.is_none());
    assert_eq!(app.view_len(), 2);
    let shown: Vec<String> = (0..2).map(|p| app.capture_at(p).url.clone()).collect();
    assert_eq!(shown, ["/webhooks/github", "/webhooks/slack"]);
    // New arrivals are filtered as they come.
    app.update(arrive(forwarded(
        cap(7, "POST", "/x", b""),
        Some(502),
        1.0,
        None,
    )));
    app.update(arrive(forwarded(
        cap(8, "POST", "/y", b""),
        Some(200),
        1.0,
        None,
    )));
    assert_eq!(app.view_len(), 3);
    assert_eq!(app.total(), 7);
    // A row that stops matching leaves the view in place.
    app.update(arrive(forwarded(
        cap(7, "POST", "/x", b""),
        Some(200),
        1.0,
        None,
    )));
    assert_eq!(app.view_len(), 2);
    app.update(key('/'));
    assert_eq!(app.input.as_deref(), Some("method:POST status:5xx,error"));
    app.update(code(KeyCode::Esc));
    assert!(app.filter.is_none());
    assert_eq!(app.view_len(), 7);
}

#[test]
fn a_bad_filter_keeps_the_prompt_open_with_the_reason() {
    let mut app = mixed_app();
    app.update(key('/'));
    type_text(&mut app, "status:teapot");
    app.update(code(KeyCode::Enter));
    assert!(app.input.is_some());
    assert!(app.status.clone().unwrap().0.contains("status:teapot"));
    app.update(code(KeyCode::Backspace));
    assert_eq!(app.input.as_deref(), Some("status:teapo"));
}

#[test]
fn history_goes_in_front_dimmed_and_without_duplicates() {
    let mut app = app();
    let live = forwarded(cap(50, "POST", "/live", b"{}"), Some(200), 1.0, None);
    app.update(arrive(live.clone()));
    let mut old: Vec<Capture> = (1..=3).map(|n| cap(n, "POST", "/old", b"{}")).collect();
    old.push(live); // the store already holds the live one too
    app.update(Event::History(old));
    assert_eq!(app.total(), 4);
    assert_eq!(app.counts.older, 3);
    assert!(app.row_at(0).older);
    assert!(!app.row_at(3).older);
    assert_eq!(
        app.selected_capture().unwrap().url,
        "/live",
        "still following the newest"
    );
    // A live update of a stored capture still finds its row through the new positions.
    app.update(arrive(forwarded(
        cap(2, "POST", "/old", b"{}"),
        Some(500),
        1.0,
        None,
    )));
    assert_eq!(app.total(), 4);
    assert_eq!(app.capture_at(1).forwards[0].status, Some(500));
    assert_eq!(
        app.counts.older, 2,
        "a row that came back to life is no longer old"
    );
}

#[test]
fn copy_builds_a_curl_for_the_forward_target() {
    let mut app = mixed_app();
    app.update(key('g'));
    let fx = app.update(key('c'));
    let [Effect::Copy(text)] = fx.as_slice() else {
        panic!("expected a copy, got {fx:?}")
    };
    assert!(
        text.starts_with("curl 'http://localhost:3000/webhooks/stripe?mode=test'"),
        "{text}"
    );
    assert!(
        text.contains("--data-binary '{\"id\":\"evt_1QBxyz\""),
        "{text}"
    );
    assert!(matches!(app.update(key('s')).as_slice(), [Effect::Save(c)] if c.id == mixed()[0].id));
}

#[test]
fn tabs_focus_help_and_quit() {
    let mut app = mixed_app();
    app.update(code(KeyCode::Enter));
    assert_eq!((app.focus, app.tab), (Focus::Details, Tab::Request));
    app.update(code(KeyCode::Tab));
    assert_eq!(app.tab, Tab::Body);
    app.update(code(KeyCode::BackTab));
    app.update(code(KeyCode::BackTab));
    assert_eq!(app.tab, Tab::Signature);
    app.update(key('j'));
    assert_eq!(
        app.selected_pos(),
        Some(4),
        "j scrolls the details, not the list"
    );
    app.update(code(KeyCode::Esc));
    assert_eq!(app.focus, Focus::List);
    app.update(key('?'));
    assert!(app.help);
    assert!(app.update(key('q')).is_empty(), "q closes the help first");
    assert!(!app.help);
    assert_eq!(app.update(key('q')), vec![Effect::Quit]);
    let ctrl_c = Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert_eq!(app.update(ctrl_c), vec![Effect::Quit]);
}

#[test]
fn target_health_follows_the_last_forward() {
    let mut app = app();
    assert_eq!(app.targets[0].ok, None);
    app.update(arrive(forwarded(
        cap(1, "POST", "/a", b""),
        None,
        1.0,
        Some("connection refused"),
    )));
    assert_eq!(app.targets[0].ok, Some(false));
    app.update(arrive(forwarded(
        cap(2, "POST", "/a", b""),
        Some(201),
        1.0,
        None,
    )));
    assert_eq!(app.targets[0].ok, Some(true));
    app.update(arrive(forwarded(
        cap(3, "POST", "/a", b""),
        Some(503),
        1.0,
        None,
    )));
    assert_eq!(app.targets[0].ok, Some(false));
}

#[test]
fn paging_keeps_the_selection_on_screen() {
    let mut app = app();
    for n in 0..500 {
        app.update(arrive(cap(n, "POST", "/p", b"")));
    }
    let page = app.page();
    assert_eq!(page, 26);
    assert_eq!(app.offset, 500 - page);
    app.update(code(KeyCode::PageUp));
    assert_eq!(app.selected_pos(), Some(499 - page));
    assert!(app.offset <= 499 - page && 499 - page < app.offset + page);
    app.update(key('g'));
    assert_eq!(app.offset, 0);
    // The id map still finds an early row after many arrivals.
    app.update(arrive(forwarded(
        cap(3, "POST", "/p", b""),
        Some(200),
        1.0,
        None,
    )));
    assert_eq!(app.total(), 500);
    assert_eq!(app.capture_at(3).forwards.len(), 1);
}

#[test]
fn the_top_of_a_store_backed_list_asks_for_the_page_before_it() {
    let mut app = app();
    app.pages = true;
    let page = crate::tui::rows::HISTORY as u32;
    let newest: Vec<Capture> = (1000..1000 + page)
        .map(|n| cap(n, "POST", "/new", b"{}"))
        .collect();
    let top = newest[0].id.clone();
    app.update(Event::History(newest));
    assert!(app.update(key('k')).is_empty(), "not at the top yet");
    app.update(key('f')); // follow off, then walk to the top by hand
    app.update(Event::Resize(100, 2000));
    let fx = app.update(code(KeyCode::PageUp));
    let before = Effect::Page {
        filter: None,
        from: From::Before(top.clone()),
    };
    assert_eq!(fx, vec![before]);
    assert!(app.update(key('k')).is_empty(), "one request at a time");
    let older: Vec<Capture> = (1..=3).map(|n| cap(n, "POST", "/old", b"{}")).collect();
    app.update(Event::Page {
        from: From::Before(top.clone()),
        captures: older,
        matched: None,
    });
    assert_eq!(app.total(), page as usize + 3);
    assert_eq!(selected_id(&app), top, "the selection stays where it was");
    // A short page was the last: the very top asks for nothing more.
    assert!(app.update(key('g')).is_empty());
    assert_eq!(app.capture_at(0).url, "/old");
}

#[test]
fn g_and_slash_go_to_the_store_and_the_window_stays_bounded() {
    let mut app = app();
    app.pages = true;
    let page = crate::tui::rows::HISTORY as u32;
    let newest: Vec<Capture> = (5000..5000 + page)
        .map(|n| cap(n, "POST", "/new", b"{}"))
        .collect();
    app.update(Event::History(newest));
    // `g` asks for the oldest page, whatever lies between.
    let fx = app.update(key('g'));
    assert_eq!(
        fx,
        vec![Effect::Page {
            filter: None,
            from: From::Oldest
        }]
    );
    // `/` asks the store, not the rows held.
    app.update(key('/'));
    for ch in "path:/oldest".chars() {
        app.update(key(ch));
    }
    let fx = app.update(code(KeyCode::Enter));
    let Some(Effect::Page {
        filter: Some(f),
        from: From::Newest,
    }) = fx.first()
    else {
        panic!("{fx:?}")
    };
    let oldest = cap(1, "POST", "/oldest", b"{}");
    assert!(f.matches(&oldest));
    app.update(Event::Page {
        from: From::Newest,
        captures: vec![oldest.clone()],
        matched: Some(1),
    });
    assert_eq!(app.view_len(), 1);
    assert_eq!(selected_id(&app), oldest.id);
    assert!(
        app.status
            .clone()
            .unwrap()
            .0
            .contains("1 stored captures match")
    );
    // Esc: back to everything, from the newest end.
    let fx = app.update(code(KeyCode::Esc));
    assert_eq!(
        fx,
        vec![Effect::Page {
            filter: None,
            from: From::Newest
        }]
    );
    // Many arrivals while following: the window never holds more than its bound.
    for n in 0..3 * page {
        app.update(arrive(cap(10_000 + n, "POST", "/live", b"{}")));
        assert!(app.window_len() <= crate::tui::rows::WINDOW);
    }
    assert!(app.follow);
    assert_eq!(app.capture_at(app.view_len() - 1).url, "/live");
}

#[test]
fn a_store_backed_list_keeps_large_bodies_in_the_store_and_loads_the_selected_one() {
    let mut app = app();
    let big: Vec<Capture> = (0..30)
        .map(|n| cap(n, "POST", "/big", &vec![b'x'; 1 << 20]))
        .collect();
    let store: std::collections::HashMap<String, Capture> =
        big.iter().map(|c| (c.id.clone(), c.clone())).collect();
    app.use_store(Box::new(move |id| store.get(id).cloned()));
    for c in &big {
        app.update(arrive(c.clone()));
    }
    for pos in 0..29 {
        let c = app.capture_at(pos);
        assert!(
            c.body.is_empty() && c.body_size == 1 << 20,
            "row {pos} holds its body"
        );
    }
    assert_eq!(
        app.selected_capture().unwrap().body.len(),
        1 << 20,
        "loaded when selected"
    );
    app.update(key('k'));
    assert_eq!(selected_id(&app), big[28].id);
    assert_eq!(app.selected_capture().unwrap().body.len(), 1 << 20);
    assert!(
        app.capture_at(29).body.is_empty(),
        "let go once not selected"
    );
}
