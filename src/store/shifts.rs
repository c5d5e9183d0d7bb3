//! Who runs the store's writer: an idle thread, and an assist when it falls behind.
//!
//! The writer ([`super::writer`]) is work a sender never waits for, so it runs under
//! `SCHED_IDLE`: only on a CPU that nothing else wants. Measured with wrk at 32 connections
//! on 2 cores, a listener answered 52–63k req/s with its writer at `nice 19` and 66–78k
//! with it idle: even a low-priority thread on a core delays a request thread that wakes
//! there, an idle one yields at once.
//!
//! An idle thread can starve for as long as the CPUs are busy (a flood, or a compile
//! beside the listener), and an unprivileged thread cannot raise its priority again. So a
//! second thread, at the writer's usual `nice 10`, watches: once the writer is more than
//! [`BEHIND`] behind the spool, it takes the writer over until it has caught up (and it
//! drains the spool of a closing process, which waits for it). They
//! share the writer through a mutex; the idle thread holds it for one round at a time and
//! yields between transactions once the assist asks, so a starved idle thread delays the
//! assist by one small transaction, not a whole flood.

use super::writer::{GROUP, Pace, READ_BACK, Writer};
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long the database may trail the spool before the assist takes over.
const BEHIND: Duration = Duration::from_secs(1);

/// How often the assist looks.
const LOOK_EVERY: Duration = Duration::from_millis(250);

/// The idle thread's transactions: small, so a starved one releases the writer soon.
const IDLE_GROUP: usize = 256;
const IDLE_READ_BACK: u64 = 512 << 10;

/// After a round that wrote fewer captures than this, the idle writer waits [`LINGER`].
const LINGER_BELOW: u64 = 16;
const LINGER: Duration = Duration::from_millis(1);

struct Shared {
    writer: Mutex<Writer>,
    /// The assist wants the writer (or has it): the idle thread yields and waits.
    assisting: AtomicBool,
    handed_back: Mutex<()>,
    resumed: Condvar,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Start both threads; the handle is the idle thread's, which ends once the writer has
/// finished (the spool closed and written). `idle` false: the first thread runs at the
/// writer's usual `nice 10` instead (a short-lived process waits for its own writes).
pub fn start(writer: Writer, idle: bool) -> std::io::Result<JoinHandle<()>> {
    let shared = Arc::new(Shared {
        writer: Mutex::new(writer),
        assisting: AtomicBool::new(false),
        handed_back: Mutex::new(()),
        resumed: Condvar::new(),
    });
    let watcher = Arc::clone(&shared);
    std::thread::Builder::new()
        .name("hookcli-store-assist".into())
        .spawn(move || {
            super::settings::background_priority(super::settings::Background::Writer);
            assist(&watcher);
        })?;
    std::thread::Builder::new()
        .name("hookcli-store".into())
        .spawn(move || {
            super::settings::background_priority(if idle {
                super::settings::Background::Idle
            } else {
                super::settings::Background::Writer
            });
            run_writer(&shared, idle);
        })
}

/// Stores whose idle writer a test starves (it never gets the writer).
#[cfg(test)]
pub static STARVED: Mutex<Vec<std::path::PathBuf>> = Mutex::new(Vec::new());

#[cfg(test)]
fn starved(s: &Shared) -> bool {
    let dir = lock(&s.writer).spool().dir().to_path_buf();
    lock(&STARVED).iter().any(|d| dir.starts_with(d))
}

fn run_writer(s: &Shared, linger: bool) {
    let yield_now = || s.assisting.load(Ordering::Relaxed);
    let pace = Pace {
        group: IDLE_GROUP,
        read_back: IDLE_READ_BACK,
        yield_now: &yield_now,
    };
    loop {
        #[cfg(test)]
        if starved(s) && !lock(&s.writer).finished() {
            std::thread::sleep(Duration::from_millis(5));
            continue;
        }
        if yield_now() {
            let g = lock(&s.handed_back);
            let _ = s
                .resumed
                .wait_timeout_while(g, LOOK_EVERY, |()| yield_now())
                .map_err(|p| p.into_inner());
            continue;
        }
        let moved = {
            let mut w = lock(&s.writer);
            if w.finished() {
                return;
            }
            let before = w.progress.moved.load(Ordering::Relaxed);
            w.round(&pace);
            w.progress.moved.load(Ordering::Relaxed) - before
        };
        // A trickle (a request every few hundred µs) would cost a transaction per capture;
        // a millisecond's wait lets the next ones join the same one.
        if linger && (1..LINGER_BELOW).contains(&moved) {
            std::thread::sleep(LINGER);
        }
    }
}

fn assist(s: &Shared) {
    let (spool, progress) = {
        let w = lock(&s.writer);
        (Arc::clone(w.spool()), Arc::clone(&w.progress))
    };
    // (when, frames appended by then): the writer is behind when it has not moved what
    // was appended BEHIND ago.
    let mut seen: VecDeque<(Instant, u64)> = VecDeque::new();
    let never = || false;
    let pace = Pace {
        group: GROUP,
        read_back: READ_BACK,
        yield_now: &never,
    };
    while !progress.finished.load(Ordering::Relaxed) {
        std::thread::sleep(LOOK_EVERY);
        let now = Instant::now();
        seen.push_back((now, spool.appended()));
        while seen.len() > 1 && now.duration_since(seen[1].0) >= BEHIND {
            seen.pop_front();
        }
        let due = seen
            .front()
            .filter(|(t, _)| now.duration_since(*t) >= BEHIND)
            .map_or(0, |(_, n)| *n);
        // A closing process waits for its writer: that is not work for an idle thread.
        let closing = spool.is_closed();
        if progress.moved.load(Ordering::Relaxed) >= due && !closing {
            continue;
        }
        s.assisting.store(true, Ordering::Relaxed);
        {
            let mut w = lock(&s.writer);
            // Until it has everything appended when it took over (or the spool closed).
            let target = spool.appended();
            while (closing || progress.moved.load(Ordering::Relaxed) < target) && !w.finished() {
                w.round(&pace);
            }
        }
        seen.clear();
        s.assisting.store(false, Ordering::Relaxed);
        let _g = lock(&s.handed_back);
        s.resumed.notify_all();
    }
}
