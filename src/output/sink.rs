//! `listen`'s lines and NDJSON output fed by the pipeline's events (without a store; with
//! one, [`super::follow`] reads the store instead), and the warnings-only reader that runs
//! beside it.

use crate::event::Event;
use crate::output;
use std::io::Write;
use tokio::sync::mpsc::UnboundedReceiver;

/// With a store, captures are shown by following it: events carry only what goes to
/// stderr. This thread never touches stdout, so a stalled reader cannot back events up.
pub fn warnings_only(mut rx: UnboundedReceiver<Event>) {
    while let Some(ev) = rx.blocking_recv() {
        match ev {
            Event::Capture { .. } | Event::Relay(crate::event::RelayState::AuthFailed { .. }) => {}
            Event::Warning(w) => eprintln!("hookcli: warning: {w}"),
            Event::Relay(state) => eprintln!("hookcli: {state}"),
        }
    }
}

/// Runs on its own thread so a slow terminal never holds up the listener. Lines are
/// buffered while more events wait and flushed when the queue runs dry, so a burst costs
/// one write. Returns when stdout is closed (then the listener stops too, like any filter).
pub fn print_events(mut rx: UnboundedReceiver<Event>, json: bool, reveal: bool) {
    use tokio::sync::mpsc::error::TryRecvError;
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout());
    // While traffic flows, poll every millisecond instead of parking: a parked receiver costs
    // the request path a futex wake-up per capture. After 50 quiet polls, park again.
    let mut quiet = 0;
    loop {
        let ev = match rx.try_recv() {
            Ok(ev) => ev,
            Err(TryRecvError::Disconnected) => return,
            Err(TryRecvError::Empty) => {
                if out.flush().is_err() {
                    return;
                }
                if quiet < 50 {
                    quiet += 1;
                    std::thread::sleep(std::time::Duration::from_millis(1));
                    continue;
                }
                match rx.blocking_recv() {
                    Some(ev) => ev,
                    None => return,
                }
            }
        };
        quiet = 0;
        if !print_event(&mut out, ev, json, reveal) {
            return;
        }
    }
}

fn print_event(out: &mut impl Write, ev: Event, json: bool, reveal: bool) -> bool {
    use std::borrow::Cow;
    match ev {
        Event::Capture {
            capture,
            complete: true,
            json: line,
        } => match (json, crate::redact::shown(&capture, reveal), line) {
            // The store's own line, unless a credential in it must be masked first.
            (true, Cow::Borrowed(_), Some(line)) => out
                .write_all(&output::json_bytes_safe(&line))
                .and_then(|_| out.write_all(b"\n")),
            (true, shown, _) => writeln!(out, "{}", output::json_safe(shown.to_json())),
            (false, _, _) => writeln!(out, "{}", output::line(&capture)),
        }
        .is_ok(),
        Event::Capture { .. } => true,
        Event::Warning(w) => {
            let _ = out.flush();
            eprintln!("hookcli: warning: {}", output::escape(&w));
            true
        }
        // A refused token ends `listen` with its own error line; saying it twice helps nobody.
        Event::Relay(crate::event::RelayState::AuthFailed { .. }) => true,
        Event::Relay(state) => {
            let _ = out.flush();
            eprintln!("hookcli: {state}");
            true
        }
    }
}
