//! The text index's lazy deletes: a deleted capture's entry waits for the next rebuild.

use rusqlite::{Connection, TransactionBehavior};

/// Forget every index entry and queue every capture again: the index is built anew by the
/// background thread (searches stay right meanwhile: a queued capture is a candidate).
macro_rules! rebuild_sql {
    () => {
        "INSERT INTO captures_text (captures_text) VALUES ('delete-all');
        DELETE FROM text_large;
        INSERT OR IGNORE INTO text_pending (pk) SELECT pk FROM captures;
        INSERT OR REPLACE INTO meta (key, value) VALUES ('text_dead', '0');"
    };
}

/// Migration 4 -> 5: a deleted capture's entry stays in the index (counted in `meta` as
/// `text_dead`) until [`compact_if_stale`] rebuilds it. Why: FTS5 deletes from a contentless
/// index by tombstone, in a hash keyed by rowid with linear probing, and retention deletes
/// runs of consecutive rowids, so the tombstones form one long cluster that every merge
/// probes for every entry: 85% of retention's CPU, 81 µs per deleted capture. A stale entry
/// costs nothing but space: the index only pre-filters, and a rowid whose capture is gone
/// joins nothing (a rowid used again — every capture deleted, numbering restarts — holds
/// both entries, which FTS5 accepts: one candidate more, checked like any other). An update (an `--ack` capture written again) deletes its entry only when
/// it was indexed. The rebuild clears tombstones left by earlier versions.
pub const LAZY_DELETES: &str = concat!(
    "DROP TRIGGER text_gone;
    CREATE TRIGGER text_gone AFTER DELETE ON captures BEGIN
        DELETE FROM text_large WHERE pk = old.pk;
        DELETE FROM text_pending WHERE pk = old.pk;
        INSERT INTO meta (key, value) VALUES ('text_dead', '1')
            ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1;
    END;
    DROP TRIGGER text_moved;
    CREATE TRIGGER text_moved AFTER UPDATE ON captures BEGIN
        DELETE FROM captures_text WHERE rowid = old.pk
            AND NOT EXISTS (SELECT 1 FROM text_pending WHERE pk = old.pk)
            AND NOT EXISTS (SELECT 1 FROM text_large WHERE pk = old.pk);
        DELETE FROM text_large WHERE pk = old.pk;
        DELETE FROM text_pending WHERE pk = old.pk;
    END;",
    rebuild_sql!()
);

/// Fewest stale entries worth a rebuild: a small store never churns.
pub const MIN_DEAD: i64 = 10_000;

/// Rebuild the index once it holds more entries of deleted captures than `min_dead` and
/// than there are captures (so it stays under twice its live size, and each deleted
/// capture costs at most one indexing again). True when it rebuilt.
pub fn compact_if_stale(conn: &mut Connection, min_dead: i64) -> rusqlite::Result<bool> {
    let dead: i64 = conn.query_row(
        "SELECT coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'text_dead'), 0)",
        [],
        |r| r.get(0),
    )?;
    if dead < min_dead {
        return Ok(false);
    }
    let live: i64 = conn.query_row("SELECT count(*) FROM captures", [], |r| r.get(0))?;
    if dead <= live {
        return Ok(false);
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute_batch(rebuild_sql!())?;
    tx.commit()?;
    Ok(true)
}
