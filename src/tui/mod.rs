//! The live inspector `listen` shows on a terminal: one message queue fed by the pipeline,
//! the keyboard and finished effects; the screen is drawn when the queue runs dry.
//!
//! Nothing here can hold up capture: the pipeline's channel is unbounded and drained by a
//! thread of its own, so senders are answered while the screen is busy, or suspended for
//! the editor.

pub mod app;
pub mod backend;
pub mod body;
pub mod details;
pub mod keys;
pub mod layout;
pub mod packed;
pub mod rows;
pub mod terminal;
pub mod ui;

#[cfg(test)]
mod ergo_tests;
#[cfg(test)]
mod fixtures;
#[cfg(test)]
mod render_tests;
#[cfg(test)]
mod scripted;

use crate::capture::Capture;
use app::{App, Effect, Event};
pub use backend::Backend;
use rows::HISTORY;
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};
use terminal::Guard;
use tokio::sync::mpsc::UnboundedReceiver;

/// How long the TUI waits for this process's next commit before looking for other
/// processes' writes.
const FOLLOW_POLL: Duration = Duration::from_millis(250);

/// Under a flood of events, draw at least this often instead of waiting for a quiet queue.
const FLOOD_FRAME: Duration = Duration::from_millis(50);

/// How often the keyboard thread looks up to see whether it must pause for the editor.
const INPUT_POLL: Duration = Duration::from_millis(100);

enum Msg {
    App(Event),
    /// The listener is stopping (a signal): leave, restoring the terminal.
    Quit,
}

/// Tells the keyboard thread to let go of the terminal (and confirms it did).
enum Ctl {
    Pause(Sender<()>),
    Resume,
}

/// The running TUI.
pub struct Handle {
    tx: Sender<Msg>,
    thread: Option<JoinHandle<()>>,
}

impl Handle {
    /// Ask the TUI to close and wait until the terminal is restored.
    pub fn stop(mut self) {
        let _ = self.tx.send(Msg::Quit);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Take over the terminal and show `events` live. `on_exit` runs once the user has quit and
/// the terminal is restored (listen then shuts down). Call from within the tokio runtime.
pub fn spawn(
    backend: Backend,
    mut events: UnboundedReceiver<crate::event::Event>,
    listen_url: String,
    on_exit: impl FnOnce() + Send + 'static,
) -> anyhow::Result<Handle> {
    let rt = tokio::runtime::Handle::current();
    let (tx, rx) = mpsc::channel();

    let bridge = tx.clone();
    // With a store, captures come from following it (every process's), not from events.
    let from_events = backend.store().is_none();
    std::thread::Builder::new()
        .name("hookcli-events".into())
        .spawn(move || {
            while let Some(ev) = events.blocking_recv() {
                let ev = match ev {
                    crate::event::Event::Capture { .. } if !from_events => continue,
                    crate::event::Event::Capture {
                        capture,
                        complete,
                        json,
                    } => Event::Capture {
                        capture,
                        complete,
                        json,
                    },
                    crate::event::Event::Warning(w) => Event::Warning(w),
                    // The relay link's state goes to the header (and the status line).
                    crate::event::Event::Relay(r) => Event::Relay(r),
                };
                if bridge.send(Msg::App(ev)).is_err() {
                    return;
                }
            }
        })?;

    if backend.store().is_some() {
        let (b, history) = (backend.clone(), tx.clone());
        std::thread::Builder::new()
            .name("hookcli-history".into())
            .spawn(move || {
                if let Some(store) = b.store() {
                    follow(store, &history);
                }
            })?;
    }

    let (ctl_tx, ctl_rx) = mpsc::channel();
    let input = tx.clone();
    std::thread::Builder::new()
        .name("hookcli-input".into())
        .spawn(move || read_input(&input, &ctl_rx))?;

    let mut app = App::new(listen_url, &backend.targets(), backend.router());
    if let Some(loader) = backend.loader() {
        app.use_store(loader);
    }
    let mut guard = Guard::enter()?;
    if let Ok(size) = guard.terminal.size() {
        app.size = (size.width, size.height);
    }
    let ctx = Ctx {
        backend,
        rt,
        tx: tx.clone(),
        ctl: ctl_tx,
    };
    let thread = std::thread::Builder::new()
        .name("hookcli-tui".into())
        .spawn(move || {
            let result = run_loop(&mut guard, &mut app, &rx, &ctx);
            drop(guard);
            if let Err(e) = result {
                eprintln!("hookcli: error: the terminal failed ({e})");
            }
            on_exit();
        })?;
    Ok(Handle {
        tx,
        thread: Some(thread),
    })
}

/// What effects need: the handle to replay through, and the way back into the queue.
struct Ctx {
    backend: Backend,
    rt: tokio::runtime::Handle,
    tx: Sender<Msg>,
    ctl: Sender<Ctl>,
}

fn run_loop(
    guard: &mut Guard,
    app: &mut App,
    rx: &Receiver<Msg>,
    ctx: &Ctx,
) -> std::io::Result<()> {
    guard.terminal.draw(|f| ui::render(f, app))?;
    // A message taken off the queue when a frame was due; it goes first next round, so
    // events about one capture are never reordered.
    let mut carried = None;
    loop {
        let first = match carried.take() {
            Some(m) => m,
            None => match rx.recv() {
                Ok(m) => m,
                Err(_) => return Ok(()),
            },
        };
        let started = Instant::now();
        let mut next = Some(first);
        while let Some(msg) = next {
            let Msg::App(ev) = msg else { return Ok(()) };
            for effect in app.update(ev) {
                if !perform(effect, guard, ctx)? {
                    return Ok(());
                }
            }
            next = match rx.try_recv() {
                Ok(m) if started.elapsed() < FLOOD_FRAME => Some(m),
                Ok(m) => {
                    carried = Some(m);
                    None
                }
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => None,
            };
        }
        guard.terminal.draw(|f| ui::render(f, app))?;
    }
}

/// Carry out one effect; `false` means quit.
fn perform(effect: Effect, guard: &mut Guard, ctx: &Ctx) -> std::io::Result<bool> {
    let status = |s: String| {
        let _ = ctx.tx.send(Msg::App(Event::Status(s)));
    };
    match effect {
        Effect::Quit => return Ok(false),
        Effect::Replay {
            capture,
            targets,
            resign,
        } => {
            let (b, tx) = (ctx.backend.clone(), ctx.tx.clone());
            ctx.rt.spawn(async move {
                let said = b.replay(capture, targets, resign).await;
                let _ = tx.send(Msg::App(Event::Status(said)));
            });
        }
        Effect::Edit(c) => {
            // The keyboard thread must stop reading before the editor starts, or it would
            // steal the editor's keys.
            let (ack_tx, ack_rx) = mpsc::channel();
            let paused = ctx.ctl.send(Ctl::Pause(ack_tx)).is_ok() && ack_rx.recv().is_ok();
            let edited = guard.suspended(|| edit(&c));
            if paused {
                let _ = ctx.ctl.send(Ctl::Resume);
            }
            let _ = ctx.tx.send(Msg::App(Event::Edited(edited?)));
        }
        Effect::Copy(text) => {
            if let Err(e) = guard.copy(&text) {
                status(format!("cannot copy ({e})"));
            }
        }
        Effect::Page { filter, from } => {
            let (b, tx) = (ctx.backend.clone(), ctx.tx.clone());
            std::thread::spawn(move || {
                let Some(store) = b.store() else { return };
                let read = || -> anyhow::Result<Event> {
                    let captures = store.page(filter.as_ref(), &from, HISTORY)?;
                    let matched = match (&filter, &from) {
                        (Some(f), app::From::Newest) => store.count_matching(Some(f))?,
                        _ => None,
                    };
                    Ok(Event::Page {
                        from,
                        captures,
                        matched,
                    })
                };
                let ev = read().unwrap_or_else(|e| {
                    Event::PageFailed(format!("cannot read the store ({e:#})"))
                });
                let _ = tx.send(Msg::App(ev));
            });
        }
        Effect::Save(c) => {
            use crate::interchange::{SaveError, save_as_file};
            match save_as_file(&c, std::path::Path::new("")) {
                Ok(path) => {
                    let shown = std::env::current_dir().map_or(path.clone(), |d| d.join(&path));
                    status(format!("saved {}", shown.display()));
                }
                Err(SaveError::BadId(e)) => {
                    status(format!("cannot save: the capture id is not a ULID ({e})"));
                }
                Err(SaveError::Write(path, e)) => {
                    status(format!("cannot save {} ({e})", path.display()));
                }
            }
        }
    }
    Ok(true)
}

/// Show the newest stored captures, then every capture any process stores from then on.
fn follow(store: &crate::store::Store, tx: &Sender<Msg>) {
    let warn = |e: anyhow::Error| {
        let msg = format!("cannot read the store ({e:#})");
        tx.send(Msg::App(Event::Warning(msg))).is_ok()
    };
    let mut pos = match store.position() {
        Ok(p) => p,
        Err(e) => {
            warn(e);
            return;
        }
    };
    match store.page(None, &app::From::Newest, HISTORY) {
        Ok(captures) => {
            let shown = captures.len();
            if tx.send(Msg::App(Event::History(captures))).is_err() {
                return;
            }
            // Say so when the store holds more than the list starts with.
            if let Ok(total) = store.count()
                && total > shown as u64
            {
                let msg = format!(
                    "showing the newest {shown} of {total} stored captures (hookcli list --filter searches them all)"
                );
                if tx.send(Msg::App(Event::Status(msg))).is_err() {
                    return;
                }
            }
        }
        Err(e) => {
            if !warn(e) {
                return;
            }
        }
    }
    let (mut counted, mut recount) = send_totals(store, tx);
    // Captures arrived since the last count: count again once the flow pauses.
    let mut uncounted = false;
    let mut failing = false;
    loop {
        let head = store.position().unwrap_or(pos);
        match store.after(pos, 64, false) {
            Ok(batch) if batch.is_empty() => {
                if uncounted && counted.elapsed() >= recount {
                    (counted, recount) = send_totals(store, tx);
                    uncounted = false;
                }
                store.wait_past(head, FOLLOW_POLL);
            }
            Ok(batch) => {
                failing = false;
                uncounted = counted.elapsed() < recount;
                if !uncounted {
                    (counted, recount) = send_totals(store, tx);
                }
                for t in batch {
                    pos = t.seq;
                    let ev = Event::Capture {
                        complete: t.complete,
                        capture: t.capture,
                        json: None,
                    };
                    if tx.send(Msg::App(ev)).is_err() {
                        return;
                    }
                }
            }
            Err(e) => {
                if !failing && !warn(e) {
                    return;
                }
                failing = true;
                std::thread::sleep(FOLLOW_POLL);
            }
        }
    }
}

/// How often, at most, the header's store totals are counted again while captures arrive:
/// every second, or ten times as long as counting took (a million captures take a few
/// hundred milliseconds to count), so counting never takes more than a tenth of a core.
const RECOUNT: Duration = Duration::from_secs(1);

/// Count the whole store for the header (a store error leaves the last totals shown).
/// When it was counted, and how long to wait before counting again (see [`RECOUNT`]).
fn send_totals(store: &crate::store::Store, tx: &Sender<Msg>) -> (Instant, Duration) {
    let started = Instant::now();
    if let Some(totals) = store_totals(store) {
        let _ = tx.send(Msg::App(Event::Stored(totals)));
    }
    (Instant::now(), RECOUNT.max(started.elapsed() * 10))
}

/// Every capture in the store, those whose signature failed (as the rows count them:
/// invalid, expired, malformed) and those with a failed forward (no answer or a 5xx).
fn store_totals(store: &crate::store::Store) -> Option<app::StoreTotals> {
    let bad = crate::filter::Filter::parse("verdict:invalid,expired,malformed").ok();
    let captures = store.count().ok()?;
    let bad_signatures = bad
        .as_ref()
        .and_then(|f| store.count_matching(Some(f)).ok().flatten());
    Some(app::StoreTotals {
        captures,
        bad_signatures,
        failed: store.failed().ok(),
    })
}

/// Open `c` in the editor once (see [`crate::edit::edit_once`]): capture JSON for the app
/// to read, empty when the file was emptied.
fn edit(c: &Capture) -> Result<String, String> {
    crate::edit::edit_once(c).map(|e| e.map_or_else(String::new, |e| e.to_json()))
}

/// The keyboard (and mouse, and resize) reader. It polls rather than blocks so that it can
/// be paused: a blocked read would swallow the first keys typed into the editor.
fn read_input(tx: &Sender<Msg>, ctl: &Receiver<Ctl>) {
    use crossterm::event::{self, Event as Term};
    loop {
        match ctl.try_recv() {
            Ok(Ctl::Pause(ack)) => {
                let _ = ack.send(());
                match ctl.recv() {
                    Ok(Ctl::Resume) => {}
                    _ => return,
                }
            }
            Ok(Ctl::Resume) | Err(TryRecvError::Empty) => {}
            Err(TryRecvError::Disconnected) => return,
        }
        match event::poll(INPUT_POLL) {
            Ok(true) => {}
            Ok(false) => continue,
            Err(_) => return,
        }
        let ev = match event::read() {
            Ok(Term::Key(k)) => Event::Key(k),
            Ok(Term::Mouse(m)) => Event::Mouse(m),
            Ok(Term::Resize(w, h)) => Event::Resize(w, h),
            Ok(_) => continue,
            Err(_) => return,
        };
        if tx.send(Msg::App(ev)).is_err() {
            return;
        }
    }
}
