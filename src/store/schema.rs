//! The database's shape: connection settings, the schema version (`PRAGMA user_version`) and
//! the migrations that bring an older database up to it.
//!
//! Why two tables: `captures` holds the small, indexed columns that `list`, filters and the
//! views read, so scanning a million of them reads megabytes; `details` holds what is kept
//! whole (headers, forwards, the rest of the capture JSON, the body as a BLOB) and is read
//! only for the one capture shown.

pub mod text;

use rusqlite::{Connection, TransactionBehavior};

/// The schema this build writes. A database with a higher version came from a newer hookcli.
pub const VERSION: i64 = 6;

/// Migration `i` brings version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    // 0 -> 1: the first schema.
    "CREATE TABLE captures (
        pk INTEGER PRIMARY KEY,
        seq INTEGER NOT NULL,
        id TEXT NOT NULL,
        received_at INTEGER NOT NULL,
        method TEXT NOT NULL COLLATE NOCASE,
        url TEXT NOT NULL,
        path TEXT NOT NULL,
        provider TEXT COLLATE NOCASE,
        verdict TEXT,
        status INTEGER,
        statuses TEXT NOT NULL,
        fwd_status INTEGER,
        fwd_ms REAL,
        fwd_error INTEGER NOT NULL,
        forwarded INTEGER NOT NULL,
        forward_error INTEGER NOT NULL,
        origin TEXT NOT NULL,
        body_size INTEGER NOT NULL,
        replay_of TEXT,
        complete INTEGER NOT NULL,
        digest TEXT
    );
    CREATE UNIQUE INDEX captures_id ON captures(id);
    CREATE INDEX captures_id_nocase ON captures(id COLLATE NOCASE);
    CREATE UNIQUE INDEX captures_seq ON captures(seq);
    CREATE INDEX captures_received ON captures(received_at);
    CREATE INDEX captures_method ON captures(method);
    CREATE INDEX captures_path ON captures(path);
    CREATE INDEX captures_provider ON captures(provider, verdict);
    CREATE INDEX captures_origin ON captures(origin);
    CREATE INDEX captures_replay_of ON captures(replay_of);
    CREATE INDEX captures_digest ON captures(digest) WHERE digest IS NOT NULL;
    CREATE TABLE details (
        pk INTEGER PRIMARY KEY,
        meta TEXT NOT NULL,
        headers TEXT NOT NULL,
        forwards TEXT NOT NULL,
        body BLOB NOT NULL
    );
    CREATE TRIGGER captures_gone AFTER DELETE ON captures
        BEGIN DELETE FROM details WHERE pk = old.pk; END;
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);",
    // 1 -> 2: deliveries (issue 21): the provider's delivery id, which attempt this capture
    // is, and the provider's time budget, so `delivery:`, `attempt:` and `slow` are SQL.
    // Older captures keep NULLs: they were stored before anyone counted.
    "ALTER TABLE captures ADD COLUMN delivery_id TEXT;
    ALTER TABLE captures ADD COLUMN attempt INTEGER;
    ALTER TABLE captures ADD COLUMN budget_ms INTEGER;
    CREATE INDEX captures_delivery ON captures(delivery_id) WHERE delivery_id IS NOT NULL;",
    // 2 -> 3: the free-text index (issue 12: free text over the whole store in a second).
    text::MIGRATION,
    // 3 -> 4: no query ever searched `replay_of`, and its index cost every capture an insert.
    "DROP INDEX IF EXISTS captures_replay_of;",
    // 4 -> 5: deleted captures leave the text index lazily (see `text::LAZY_DELETES`).
    text::LAZY_DELETES,
    // 5 -> 6: the text index merges less often (see `text::FEWER_MERGES`).
    text::FEWER_MERGES,
];

/// Why a database cannot be used as it is.
#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    #[error("it was written by a newer hookcli (schema {found}, this one knows {VERSION})")]
    Newer { found: i64 },
    #[error(transparent)]
    Sql(#[from] rusqlite::Error),
}

/// Bring the database to [`VERSION`]. Safe when several processes open a new store at once:
/// the version is read again inside the write transaction.
pub fn migrate(conn: &mut Connection) -> Result<(), SchemaError> {
    let version = user_version(conn)?;
    if version > VERSION {
        return Err(SchemaError::Newer { found: version });
    }
    if version == VERSION {
        text::resume(conn);
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let version = user_version(&tx)?;
    if version > VERSION {
        return Err(SchemaError::Newer { found: version });
    }
    for step in &MIGRATIONS[usize::try_from(version).unwrap_or(0)..] {
        tx.execute_batch(step)?;
    }
    tx.pragma_update(None, "user_version", VERSION)?;
    tx.commit()?;
    text::resume(conn);
    Ok(())
}

pub fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A database as a hookcli of schema `version` left it.
    fn at_version(version: usize) -> Connection {
        let c = Connection::open_in_memory().unwrap();
        for step in &MIGRATIONS[..version] {
            c.execute_batch(step).unwrap();
        }
        c.pragma_update(None, "user_version", version as i64)
            .unwrap();
        c
    }

    #[test]
    fn a_new_database_gets_the_schema_once() {
        let mut c = Connection::open_in_memory().unwrap();
        migrate(&mut c).unwrap();
        migrate(&mut c).unwrap();
        assert_eq!(user_version(&c).unwrap(), VERSION);
        assert_eq!(MIGRATIONS.len() as i64, VERSION);
    }

    #[test]
    fn a_version_1_database_gains_the_delivery_columns() {
        let mut c = at_version(1);
        migrate(&mut c).unwrap();
        assert_eq!(user_version(&c).unwrap(), VERSION);
        c.execute_batch("SELECT delivery_id, attempt, budget_ms FROM captures")
            .unwrap();
    }

    #[test]
    fn a_version_3_database_loses_the_unused_replay_of_index() {
        let mut c = at_version(3);
        let count = |c: &Connection| -> i64 {
            c.query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'captures_replay_of'",
                [],
                |r| r.get(0),
            )
            .unwrap()
        };
        assert_eq!(count(&c), 1);
        migrate(&mut c).unwrap();
        assert_eq!(count(&c), 0);
        assert_eq!(user_version(&c).unwrap(), VERSION);
    }

    #[test]
    fn a_version_5_database_merges_its_text_index_less_often() {
        let mut c = at_version(5);
        let automerge = |c: &Connection| -> Option<i64> {
            c.query_row(
                "SELECT v FROM captures_text_config WHERE k = 'automerge'",
                [],
                |r| r.get(0),
            )
            .ok()
        };
        // FTS5's default (4) is not written down.
        assert_eq!(automerge(&c), None);
        migrate(&mut c).unwrap();
        assert_eq!(automerge(&c), Some(16));
    }

    #[test]
    fn a_newer_database_is_refused() {
        let mut c = Connection::open_in_memory().unwrap();
        c.pragma_update(None, "user_version", VERSION + 1).unwrap();
        assert!(matches!(migrate(&mut c), Err(SchemaError::Newer { .. })));
    }
}
