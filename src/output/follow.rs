//! The lines and NDJSON output of `listen`, following the store by position: they show what
//! any process stores (a replay in another shell too), and hold only a small batch in
//! memory, so a reader that stops reading costs nothing but this thread's wait.

use crate::output;
use crate::store::Store;
use std::io::Write as _;
use std::time::Duration;

/// Captures read per round.
const BATCH: usize = 64;

/// How long to wait for this process's next commit before looking for other processes'.
const POLL: Duration = Duration::from_millis(200);

/// Print every capture completed after position `from`, as NDJSON or lines, until stdout
/// closes. Store errors are reported once each time they start, then retried.
pub fn print(store: &Store, from: i64, json: bool, reveal: bool) {
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout());
    let mut pos = from;
    let mut failing = false;
    let mut quiet = 0;
    loop {
        let head = store.position().unwrap_or(pos);
        let batch = match store.after(pos, BATCH, true) {
            Ok(b) => {
                failing = false;
                b
            }
            Err(e) => {
                if !failing {
                    eprintln!("hookcli: warning: cannot read the store ({e:#})");
                }
                failing = true;
                std::thread::sleep(POLL);
                continue;
            }
        };
        if batch.is_empty() {
            if out.flush().is_err() {
                return;
            }
            // While traffic flows, look again in a millisecond rather than parking: a
            // parked follower costs every commit a thread wake-up. Quiet, park again.
            if quiet < 50 {
                quiet += 1;
                std::thread::sleep(Duration::from_millis(1));
            } else {
                store.wait_past(head, POLL);
            }
            continue;
        }
        quiet = 0;
        for t in batch {
            pos = t.seq;
            let c = t.capture;
            let written = if json {
                // A credential is masked unless --reveal; the line is terminal-safe either way.
                let line = output::json_safe(crate::redact::shown(&c, reveal).to_json());
                out.write_all(line.as_bytes())
                    .and_then(|()| out.write_all(b"\n"))
            } else {
                writeln!(out, "{}", output::line(&c))
            };
            if written.is_err() {
                return;
            }
        }
    }
}
