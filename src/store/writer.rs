//! The one writer of a process, with group commit: captures that arrive while a transaction
//! commits wait for the next one and are committed together, so the cost of a commit (an
//! fsync with `--durable`) is paid once per group, not once per request. Each sender hears
//! back only once the transaction holding its capture has committed.

use super::record::Record;
use rusqlite::{Connection, OptionalExtension as _, TransactionBehavior, params};
use std::sync::mpsc::{Receiver, Sender, TryRecvError};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// Captures in one transaction at most: a long queue is still answered in slices.
const GROUP: usize = 512;

/// What the writer says about one capture: its store position, or why it is not stored.
pub type Outcome = Result<i64, String>;

/// Called once the capture's transaction has committed (or failed).
pub type Done = Box<dyn FnOnce(Outcome) + Send>;

pub struct Job {
    pub record: Record,
    /// Kept in [`Committed`]'s recent captures once committed.
    pub capture: Arc<crate::capture::Capture>,
    pub done: Done,
}

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

/// Start the writer thread on its own connection, and a checkpointer on `checkpoints`.
///
/// Why a checkpointer: SQLite checkpoints in the committing thread by default, and a
/// checkpoint syncs the disk; a busy listener then stalls every few milliseconds while
/// senders wait. On a thread of its own a checkpoint runs beside the writer.
pub fn spawn(
    conn: Connection,
    checkpoints: Connection,
    committed: Arc<Committed>,
) -> std::io::Result<Sender<Job>> {
    conn.pragma_update(None, "wal_autocheckpoint", 0)
        .and_then(|()| conn.pragma_update(None, "cache_size", -16384))
        .map_err(std::io::Error::other)?;
    let (tx, rx) = std::sync::mpsc::channel();
    let watched = Arc::clone(&committed);
    std::thread::Builder::new()
        .name("hookcli-store".into())
        .spawn(move || run(conn, &rx, &committed))?;
    std::thread::Builder::new()
        .name("hookcli-checkpoint".into())
        .spawn(move || checkpoint(&checkpoints, &watched))?;
    Ok(tx)
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

fn run(mut conn: Connection, rx: &Receiver<Job>, committed: &Committed) {
    while let Ok(first) = rx.recv() {
        let mut group = vec![first];
        while group.len() < GROUP {
            match rx.try_recv() {
                Ok(job) => group.push(job),
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => break,
            }
        }
        let records: Vec<&Record> = group.iter().map(|j| &j.record).collect();
        match commit(&mut conn, &records) {
            Ok(seqs) => {
                {
                    let mut recent = committed.recent.lock().unwrap_or_else(|p| p.into_inner());
                    for (job, seq) in group.iter().zip(&seqs) {
                        recent.push(*seq, job.record.complete, Arc::clone(&job.capture));
                    }
                }
                if let Some(last) = seqs.last() {
                    committed.bump(*last);
                }
                for (job, seq) in group.into_iter().zip(seqs) {
                    (job.done)(Ok(seq));
                }
            }
            Err(e) => {
                let why = e.to_string();
                for job in group {
                    (job.done)(Err(why.clone()));
                }
            }
        }
    }
}

/// Write `records` in one transaction; their positions, in order.
pub fn commit(conn: &mut Connection, records: &[&Record]) -> rusqlite::Result<Vec<i64>> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut seq: i64 = tx.query_row("SELECT coalesce(max(seq), 0) FROM captures", [], |r| {
        r.get(0)
    })?;
    let mut out = Vec::with_capacity(records.len());
    for r in records {
        seq += 1;
        upsert(&tx, r, seq)?;
        out.push(seq);
    }
    tx.commit()?;
    Ok(out)
}

/// Insert `r`, or replace the capture stored under its id (an `--ack` capture is written
/// again once its forwards finish; it moves to the newest position).
pub fn upsert(conn: &Connection, r: &Record, seq: i64) -> rusqlite::Result<()> {
    let pk: Option<i64> = conn
        .prepare_cached("SELECT pk FROM captures WHERE id = ?1")?
        .query_row([&r.id], |row| row.get(0))
        .optional()?;
    let cols = params![
        seq,
        r.id,
        r.received_at,
        r.method,
        r.url,
        r.path,
        r.provider,
        r.verdict,
        r.status,
        r.statuses,
        r.fwd_status,
        r.fwd_ms,
        r.fwd_error,
        r.forwarded,
        r.forward_error,
        r.origin,
        r.body_size,
        r.replay_of,
        r.complete,
        r.digest,
        r.delivery_id,
        r.attempt,
        r.budget_ms,
    ];
    let pk = match pk {
        Some(pk) => {
            conn.prepare_cached(
                "UPDATE captures SET seq=?1, id=?2, received_at=?3, method=?4, url=?5, path=?6,
                 provider=?7, verdict=?8, status=?9, statuses=?10, fwd_status=?11, fwd_ms=?12,
                 fwd_error=?13, forwarded=?14, forward_error=?15, origin=?16, body_size=?17,
                 replay_of=?18, complete=?19, digest=?20, delivery_id=?21, attempt=?22,
                 budget_ms=?23 WHERE pk=?24",
            )?
            .execute(rusqlite::params_from_iter(
                cols.iter().copied().chain(std::iter::once(&pk as _)),
            ))?;
            pk
        }
        None => {
            conn.prepare_cached(
                "INSERT INTO captures (seq, id, received_at, method, url, path, provider, verdict,
                 status, statuses, fwd_status, fwd_ms, fwd_error, forwarded, forward_error,
                 origin, body_size, replay_of, complete, digest, delivery_id, attempt, budget_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                 ?17, ?18, ?19, ?20, ?21, ?22, ?23)",
            )?
            .execute(cols)?;
            conn.last_insert_rowid()
        }
    };
    conn.prepare_cached(
        "INSERT OR REPLACE INTO details (pk, meta, headers, forwards, body) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![pk, r.meta, r.headers, r.forwards, &r.body[..]])?;
    Ok(())
}
