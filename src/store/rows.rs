//! Rows: one transaction of captures (with how far into a spool segment it reaches), and
//! the insert-or-replace of one capture.

use super::record::Record;
use rusqlite::{Connection, OptionalExtension as _, TransactionBehavior, params};
use std::path::Path;

/// Write `records` in one transaction; their positions, in order.
pub fn commit(conn: &mut Connection, records: &[&Record]) -> rusqlite::Result<Vec<i64>> {
    commit_with(conn, records, None)
}

pub fn commit_with(
    conn: &mut Connection,
    records: &[&Record],
    progress: Option<(&str, u64)>,
) -> rusqlite::Result<Vec<i64>> {
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
    if let Some((name, at)) = progress {
        tx.prepare_cached("INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)")?
            .execute(params![progress_key(name), at.to_string()])?;
    }
    tx.commit()?;
    Ok(out)
}

pub fn progress_key(name: &str) -> String {
    format!("spool:{name}")
}

/// How far the database has segment `name`.
pub fn progress(conn: &Connection, name: &str) -> rusqlite::Result<u64> {
    let v: Option<String> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = ?1",
            [progress_key(name)],
            |r| r.get(0),
        )
        .optional()?;
    Ok(v.and_then(|v| v.parse().ok()).unwrap_or(0))
}

/// A segment wholly in the database: delete its file, then its progress.
pub fn finish_segment(conn: &Connection, dir: &Path, name: &str) {
    let _ = std::fs::remove_file(dir.join(name));
    let _ = conn.execute("DELETE FROM meta WHERE key = ?1", [progress_key(name)]);
}

/// Insert `r`, or replace the capture stored under its id (an `--ack` capture is written
/// again once its forwards finish; it moves to the newest position).
pub fn upsert(conn: &Connection, r: &Record, seq: i64) -> rusqlite::Result<()> {
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
    // Almost every capture is new: insert first, and look the id up only when it is taken
    // (one index search per capture fewer than asking first).
    let inserted = conn
        .prepare_cached(
            "INSERT INTO captures (seq, id, received_at, method, url, path, provider, verdict,
             status, statuses, fwd_status, fwd_ms, fwd_error, forwarded, forward_error,
             origin, body_size, replay_of, complete, digest, delivery_id, attempt, budget_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
             ?17, ?18, ?19, ?20, ?21, ?22, ?23) ON CONFLICT (id) DO NOTHING",
        )?
        .execute(cols)?;
    let pk = if inserted == 1 {
        conn.last_insert_rowid()
    } else {
        let pk: i64 = conn
            .prepare_cached("SELECT pk FROM captures WHERE id = ?1")?
            .query_row([&r.id], |row| row.get(0))?;
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
    };
    if r.body.len() < crate::largebuf::OWN_MAPPING {
        conn.prepare_cached(
            "INSERT OR REPLACE INTO details (pk, meta, headers, forwards, body) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![pk, r.meta, r.headers, r.forwards, &r.body[..]])?;
        return Ok(());
    }
    // A large body is written into its place rather than bound: a bound blob is copied
    // whole into SQLite's memory first, and the allocator keeps such copies.
    conn.prepare_cached(
        "INSERT OR REPLACE INTO details (pk, meta, headers, forwards, body)
         VALUES (?1, ?2, ?3, ?4, zeroblob(?5))",
    )?
    .execute(params![
        pk,
        r.meta,
        r.headers,
        r.forwards,
        r.body.len() as i64
    ])?;
    conn.blob_open(rusqlite::MAIN_DB, "details", "body", pk, false)?
        .write_at(&r.body, 0)?;
    Ok(())
}
