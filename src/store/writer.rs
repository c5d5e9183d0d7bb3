//! The one writer of a process: it moves what the spool ([`super::spool`]) holds into the
//! database, many captures per transaction (a flood is written in groups of thousands), and
//! records in the same transaction how far into the spool it got, so nothing is written
//! twice or skipped after a crash. It runs below the request threads' priority: under a
//! flood, answering senders comes first and the database catches up when the flood eases
//! (views and lookups then wait for it; see [`super::Store::settle`]).

use super::record::Record;
use super::rows::{commit_with, finish_segment, progress, progress_key};
use super::spool::{self, Done, Item, Spool};
use crate::capture::Capture;
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// Captures in one transaction at most.
pub const GROUP: usize = 4096;

/// A batch this large means requests arrive faster than one at a time: a flood, which the
/// optional background work (text index, retention) waits out.
const FLOOD: usize = 64;

/// Spool bytes read back per transaction when the in-memory queue overflowed.
pub const READ_BACK: u64 = 4 << 20;

/// How often the writer looks for segments of processes that died.
const ADOPT_EVERY: Duration = Duration::from_secs(1);

/// The newest position this process committed; views wait on it for low latency (writes of
/// other processes are found by polling).
#[derive(Default)]
pub struct Committed {
    seq: Mutex<i64>,
    changed: Condvar,
    pub recent: Mutex<super::recent::Recent>,
}

impl Committed {
    fn bump(&self, seq: i64) {
        let mut s = self.seq.lock().unwrap_or_else(|p| p.into_inner());
        *s = (*s).max(seq);
        self.changed.notify_all();
    }

    /// Wait until this process commits past `seen`, or `timeout` passes.
    pub fn wait_past(&self, seen: i64, timeout: Duration) {
        let s = self.seq.lock().unwrap_or_else(|p| p.into_inner());
        let _ = self
            .changed
            .wait_timeout_while(s, timeout, |s| *s <= seen)
            .map_err(|p| p.into_inner());
    }
}

/// How often the checkpointer moves committed pages from the WAL into the database.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(500);

/// The writer on `conn`, for [`super::shifts::start`] to run, and a checkpointer started
/// on `checkpoints`.
///
/// Why a checkpointer: SQLite checkpoints in the committing thread by default, and a
/// checkpoint syncs the disk; on a thread of its own it runs beside the writer.
pub fn prepare(
    conn: Connection,
    checkpoints: Connection,
    spool: Arc<Spool>,
    committed: Arc<Committed>,
) -> std::io::Result<Writer> {
    conn.pragma_update(None, "wal_autocheckpoint", 0)
        .and_then(|()| conn.pragma_update(None, "cache_size", -8192))
        .map_err(std::io::Error::other)?;
    let watched = Arc::clone(&committed);
    std::thread::Builder::new()
        .name("hookcli-checkpoint".into())
        .spawn(move || {
            // A late checkpoint only leaves the WAL longer for a while.
            super::settings::background_priority(super::settings::Background::Idle);
            checkpoint(&checkpoints, &watched);
        })?;
    Ok(Writer::new(conn, spool, committed))
}

fn checkpoint(conn: &Connection, committed: &Committed) {
    let mut done = 0;
    loop {
        let seq = *committed.seq.lock().unwrap_or_else(|p| p.into_inner());
        if seq == done {
            committed.wait_past(seq, Duration::from_secs(3600));
            continue;
        }
        // PASSIVE never waits for readers or writers; what it cannot move now, it moves
        // next round.
        let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
        done = seq;
        std::thread::sleep(CHECKPOINT_EVERY);
    }
}

/// A capture on its way into the database.
struct Pending {
    capture: Arc<Capture>,
    /// The capture's JSON without its body, from the spool frame.
    meta: bytes::Bytes,
    complete: bool,
    done: Option<Done>,
}

/// One piece of the writer's work, in spool order.
enum Step {
    Item(Item),
    /// Entries the queue had no room for end here: read them from the file.
    ReadTo(u64),
}

/// How a round of writing goes: what the idle writer does differs from what the assist does.
pub struct Pace<'a> {
    /// Captures per transaction at most.
    pub group: usize,
    /// Spool bytes read back per transaction.
    pub read_back: u64,
    /// Asked between transactions: stop here, the rest waits for the next round.
    pub yield_now: &'a dyn Fn() -> bool,
}

pub struct Writer {
    conn: Connection,
    spool: Arc<Spool>,
    committed: Arc<Committed>,
    /// The segment being read, how far it was read and how far the database has it.
    name: String,
    at: u64,
    stored: u64,
    /// A commit failed while the process was ending: nothing more is committed, so the
    /// spool's recorded progress never passes what the database lacks.
    abandoned: bool,
    batch: Vec<Pending>,
    /// Taken from the queue, not yet written (a round that yielded left them).
    carry: std::collections::VecDeque<Step>,
    adopted: Instant,
    pub progress: Arc<Progress>,
}

/// How far the writer got, readable without the writer.
#[derive(Default)]
pub struct Progress {
    /// Frames of this process's segments in the database: what the assist compares with
    /// [`Spool::appended`].
    pub moved: AtomicU64,
    /// The spool is closed and all of it is written (or left for the next process).
    pub finished: AtomicBool,
}

impl Writer {
    fn new(conn: Connection, spool: Arc<Spool>, committed: Arc<Committed>) -> Writer {
        let (name, _) = spool.head();
        Writer {
            conn,
            spool,
            committed,
            name,
            at: 0,
            stored: 0,
            abandoned: false,
            batch: Vec::new(),
            carry: std::collections::VecDeque::new(),
            adopted: Instant::now(),
            progress: Arc::default(),
        }
    }

    pub fn spool(&self) -> &Arc<Spool> {
        &self.spool
    }

    pub fn finished(&self) -> bool {
        self.progress.finished.load(Ordering::Relaxed)
    }

    /// Write what the queue holds (waiting up to [`ADOPT_EVERY`] for it), as `pace` says.
    /// Once the spool is closed and everything is written, the segment is finished and
    /// [`Progress::finished`] set.
    pub fn round(&mut self, pace: &Pace) {
        if self.finished() {
            return;
        }
        if self.carry.is_empty() {
            match self.spool.take(pace.group, ADOPT_EVERY) {
                Some((items, dropped)) => {
                    self.carry.extend(items.into_iter().map(Step::Item));
                    // Entries the queue had no room for are in the file only (and nothing
                    // after them is queued, so none is read twice).
                    self.carry.extend(dropped.map(Step::ReadTo));
                }
                None => return self.finish(),
            }
        }
        while let Some(step) = self.carry.pop_front() {
            if let Err(step) = self.step(step, pace) {
                self.carry.push_front(step);
                break;
            }
        }
        self.flush();
        if self.adopted.elapsed() >= ADOPT_EVERY {
            self.adopted = Instant::now();
            if let Err(e) = adopt_orphans(&mut self.conn, self.spool.dir(), &self.committed) {
                eprintln!("hookcli: warning: {e:#}");
            }
        }
    }

    /// Do `step`; hand it back when `pace` said to yield before it was done.
    fn step(&mut self, step: Step, pace: &Pace) -> Result<(), Step> {
        match step {
            Step::ReadTo(upto) => {
                if !self.read_back(upto, pace) {
                    return Err(step);
                }
            }
            Step::Item(Item::Entry(e)) => {
                // A gap before it: entries left out of the queue, read from the file.
                if e.start > self.at && !self.read_back(e.start, pace) {
                    return Err(Step::Item(Item::Entry(e)));
                }
                if e.end > self.at {
                    self.at = e.end;
                    self.batch.push(Pending {
                        capture: e.capture,
                        meta: e.meta,
                        complete: e.complete,
                        done: e.done,
                    });
                    if self.batch.len() >= pace.group {
                        self.flush();
                    }
                }
            }
            Step::Item(Item::Rotate { old, len, next }) => {
                if !self.read_back(len, pace) {
                    return Err(Step::Item(Item::Rotate { old, len, next }));
                }
                self.flush();
                if self.stored == len && !self.abandoned {
                    finish_segment(&self.conn, self.spool.dir(), &old.name);
                }
                // Otherwise (the process is ending) it is left for the next process.
                drop(old);
                self.name = next;
                self.at = 0;
                self.stored = 0;
            }
        }
        Ok(())
    }

    /// Closed: everything appended goes into the database; the segment is no longer needed.
    fn finish(&mut self) {
        let (_, len) = self.spool.head();
        let all = Pace {
            group: GROUP,
            read_back: READ_BACK,
            yield_now: &|| false,
        };
        self.read_back(len, &all);
        self.flush();
        if self.stored == len && !self.abandoned {
            finish_segment(&self.conn, self.spool.dir(), &self.name);
        }
        self.progress.finished.store(true, Ordering::Relaxed);
    }

    /// Read the spool from where the database is up to `to` (captures that did not fit in
    /// the queue), committing as it goes so memory stays bounded. False when `pace` said
    /// to yield before `to` was reached.
    fn read_back(&mut self, to: u64, pace: &Pace) -> bool {
        let path = self.spool.dir().join(&self.name);
        while self.at < to {
            if (pace.yield_now)() {
                return false;
            }
            match spool::read(&path, self.at, Some(to), pace.read_back) {
                Ok((frames, _)) if frames.is_empty() => break,
                Ok((frames, _)) => {
                    for f in frames {
                        self.at = f.end;
                        self.batch.push(Pending {
                            capture: Arc::new(f.capture),
                            meta: f.meta,
                            complete: f.complete,
                            done: None,
                        });
                    }
                    self.flush();
                }
                Err(e) => {
                    eprintln!("hookcli: warning: cannot read the store's spool ({e})");
                    break;
                }
            }
        }
        true
    }

    /// Commit the batch with the spool position; true when it is in the database. A failed
    /// commit is tried again (the captures are safe in the spool) until it goes through.
    fn flush(&mut self) -> bool {
        if self.abandoned {
            self.batch.clear();
            return false;
        }
        if self.batch.is_empty() {
            return true;
        }
        let mut told = false;
        loop {
            match commit_captures(&mut self.conn, &self.batch, Some((&self.name, self.at))) {
                Ok(seqs) => {
                    if seqs.len() >= FLOOD {
                        super::settings::mark_busy();
                    }
                    let n = seqs.len() as u64;
                    self.progress.moved.fetch_add(n, Ordering::Relaxed);
                    self.stored = self.at;
                    self.committed_now(&seqs);
                    return true;
                }
                Err(e) => {
                    let why = format!("{e:#}");
                    if !told {
                        eprintln!(
                            "hookcli: warning: cannot write the store's database ({why}); captures wait in its spool"
                        );
                        told = true;
                    }
                    for p in &mut self.batch {
                        if let Some(done) = p.done.take() {
                            done(Err(why.clone()));
                        }
                    }
                    if self.spool.is_closed() {
                        // The process is ending: the spool stays for the next process to
                        // move in (a dead process's segment is adopted on open).
                        self.batch.clear();
                        self.abandoned = true;
                        return false;
                    }
                    std::thread::sleep(Duration::from_secs(1));
                }
            }
        }
    }

    fn committed_now(&mut self, seqs: &[i64]) {
        let batch = std::mem::take(&mut self.batch);
        {
            let mut recent = self
                .committed
                .recent
                .lock()
                .unwrap_or_else(|p| p.into_inner());
            for (p, seq) in batch.iter().zip(seqs) {
                recent.push(*seq, p.complete, Arc::clone(&p.capture));
            }
        }
        if let Some(last) = seqs.last() {
            self.committed.bump(*last);
        }
        for (p, seq) in batch.into_iter().zip(seqs) {
            if let Some(done) = p.done {
                done(Ok(*seq));
            }
        }
    }
}

/// Write `batch` in one transaction, with how far into spool segment `progress.0` it goes;
/// their positions, in order.
fn commit_captures(
    conn: &mut Connection,
    batch: &[Pending],
    progress: Option<(&str, u64)>,
) -> anyhow::Result<Vec<i64>> {
    let records: Vec<Record> = batch
        .iter()
        .map(|p| Record::with_meta(&p.capture, p.complete, &p.meta))
        .collect::<anyhow::Result<_>>()?;
    let refs: Vec<&Record> = records.iter().collect();
    Ok(commit_with(conn, &refs, progress)?)
}

/// Move the segments of processes that are gone into the database; how many captures.
pub fn adopt_orphans(
    conn: &mut Connection,
    dir: &Path,
    committed: &Committed,
) -> anyhow::Result<usize> {
    let mut moved = 0;
    for (name, len) in spool::segments(dir) {
        let Some(seg) = spool::Segment::adopt(dir, &name)? else {
            continue;
        };
        let path: PathBuf = dir.join(&name);
        let mut at = progress(conn, &name)?;
        while at < len {
            let (frames, damaged) = spool::read(&path, at, None, READ_BACK)?;
            if frames.is_empty() {
                if let Some(why) = damaged {
                    let aside = dir.join(format!("{name}.damaged"));
                    let _ = std::fs::rename(&path, &aside);
                    eprintln!(
                        "hookcli: warning: {why}; the rest of it is kept as {}",
                        aside.display()
                    );
                }
                break;
            }
            at = frames.last().map_or(at, |f| f.end);
            let batch: Vec<Pending> = frames
                .into_iter()
                .map(|f| Pending {
                    capture: Arc::new(f.capture),
                    meta: f.meta,
                    complete: f.complete,
                    done: None,
                })
                .collect();
            moved += batch.len();
            let seqs = commit_captures(conn, &batch, Some((&name, at)))?;
            if let Some(last) = seqs.last() {
                committed.bump(*last);
            }
        }
        finish_segment(conn, dir, &seg.name);
    }
    // Progress of segments whose file is gone (a crash between the two steps above).
    let live: Vec<String> = spool::segments(dir)
        .into_iter()
        .map(|(n, _)| progress_key(&n))
        .collect();
    let stale: Vec<String> = conn
        .prepare("SELECT key FROM meta WHERE key LIKE 'spool:%'")?
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<_>>()?;
    for key in stale.iter().filter(|k| !live.contains(k)) {
        conn.execute("DELETE FROM meta WHERE key = ?1", [key])?;
    }
    Ok(moved)
}
