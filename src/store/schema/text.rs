//! The free-text index: an FTS5 trigram index over each capture's method, URL and body, used
//! by `Filter::to_sql` as a pre-filter, so free text over a million captures reads a few
//! candidates instead of every body. Tokenizing a body costs far more than storing it
//! (measured: 41 µs per 5 KB capture without, 224 µs with the index in the insert
//! trigger), so the write path only queues a capture in `text_pending` (a trigger: the
//! writer does not know the index exists) and a background thread indexes the queue a slice
//! at a time. Until then a pending capture is a candidate of every search and checked the
//! old way, so results never depend on how far indexing got.

mod pace;
mod rebuild;

pub use pace::FEWER_MERGES;
use pace::{Batch, SLICE_TIME};

use rebuild::MIN_DEAD;
pub use rebuild::{LAZY_DELETES, compact_if_stale};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::collections::HashSet;
use std::path::Path;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Bodies larger than this are not indexed (they are listed in `text_large` and checked
/// the old way): one capture's tokens must not hold the write lock for long.
pub const MAX_INDEXED_BODY: i64 = 1 << 20;

/// Migration 2 -> 3: the index, empty, and every capture already stored queued for it.
pub const MIGRATION: &str = "CREATE VIRTUAL TABLE captures_text USING fts5(method, url, body,
            tokenize = 'trigram', content = '', contentless_delete = 1, detail = none);
        CREATE TABLE text_pending (pk INTEGER PRIMARY KEY);
        CREATE TABLE text_large (pk INTEGER PRIMARY KEY);
        INSERT INTO text_pending (pk) SELECT pk FROM captures;
        -- The writer inserts (or updates) `captures`, then inserts `details`: the details row
        -- is the moment a capture is whole. An update of `captures` is an upsert, always
        -- followed by its details again, so it only has to forget the old entry.
        CREATE TRIGGER text_in AFTER INSERT ON details BEGIN
            INSERT OR IGNORE INTO text_pending (pk) VALUES (new.pk);
        END;
        CREATE TRIGGER text_moved AFTER UPDATE ON captures BEGIN
            DELETE FROM captures_text WHERE rowid = old.pk;
            DELETE FROM text_large WHERE pk = old.pk;
            DELETE FROM text_pending WHERE pk = old.pk;
        END;
        CREATE TRIGGER text_gone AFTER DELETE ON captures BEGIN
            DELETE FROM captures_text WHERE rowid = old.pk;
            DELETE FROM text_large WHERE pk = old.pk;
            DELETE FROM text_pending WHERE pk = old.pk;
        END;";

/// The pause between two slices: long enough for a writer waiting for the lock, which tries
/// again every [`RETRY`](crate::store::settings::RETRY), to take it (a few tries, even on a
/// loaded CPU), short enough that the index is built almost flat out when nobody else
/// wants the lock.
const PAUSE: Duration = Duration::from_millis(5);

/// Index pending captures, oldest first, for about [`SLICE_TIME`] in one transaction.
/// Rowids go into FTS5 in ascending order: a lower rowid than the last makes it write out
/// what it holds in memory as a new segment (one per capture: measured 70 captures/s).
/// `batch` is how many one statement indexes ([`Batch`]), kept from slice to slice.
/// Returns how many were indexed; 0 when none is pending.
pub fn backfill_slice(conn: &mut Connection, batch: &mut Batch) -> rusqlite::Result<usize> {
    // Looked at first without the write lock: an idle store costs a read, not a lock.
    let pending: bool = conn.query_row("SELECT EXISTS (SELECT 1 FROM text_pending)", [], |r| {
        r.get(0)
    })?;
    if !pending {
        return Ok(0);
    }
    let started = Instant::now();
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute_batch("CREATE TEMP TABLE IF NOT EXISTS text_slice (pk INTEGER PRIMARY KEY);")?;
    let mut total = 0;
    // Another statement only if one more like the last still ends within the slice.
    let mut last = Duration::ZERO;
    while started.elapsed() + last < SLICE_TIME {
        let one = Instant::now();
        let n = index_some(&tx, batch.0)?;
        if n == 0 {
            break;
        }
        total += n;
        last = one.elapsed();
        batch.adapt(last);
    }
    tx.commit()?;
    Ok(total)
}

/// Index the oldest `batch` pending captures. The joins are CROSS JOINs, which SQLite keeps
/// in the order written: the temporary table has no statistics, and left to itself the
/// planner scanned all of `details` for each batch (a million captures: 35 ms a capture).
fn index_some(tx: &Connection, batch: usize) -> rusqlite::Result<usize> {
    tx.execute("DELETE FROM temp.text_slice", [])?;
    let n = tx.execute(
        "INSERT INTO temp.text_slice SELECT pk FROM text_pending ORDER BY pk LIMIT ?1",
        [i64::try_from(batch).unwrap_or(i64::MAX)],
    )?;
    tx.execute_batch(&format!(
        "INSERT INTO captures_text (rowid, method, url, body)
            SELECT c.pk, c.method, c.url,
                iif(length(d.body) <= {MAX_INDEXED_BODY}, CAST(d.body AS TEXT), NULL)
            FROM temp.text_slice s CROSS JOIN captures c ON c.pk = s.pk
                CROSS JOIN details d ON d.pk = s.pk
            ORDER BY s.pk;
         INSERT OR IGNORE INTO text_large (pk)
            SELECT s.pk FROM temp.text_slice s CROSS JOIN details d ON d.pk = s.pk
            WHERE length(d.body) > {MAX_INDEXED_BODY};
         DELETE FROM text_pending WHERE pk IN (SELECT pk FROM temp.text_slice);"
    ))?;
    Ok(n)
}

/// Index every pending capture now.
pub fn backfill_all(conn: &mut Connection) -> rusqlite::Result<usize> {
    let mut total = 0;
    let mut batch = Batch::default();
    loop {
        match backfill_slice(conn, &mut batch)? {
            0 => return Ok(total),
            n => total += n,
        }
    }
}

/// Stores this process already indexes.
static RUNNING: Mutex<Option<HashSet<String>>> = Mutex::new(None);

/// Index what is queued, on a thread of its own connection, for as long as this process
/// lives and the store exists: one thread per store per process. Any process may do it;
/// each slice is taken under the write lock, so two never index one capture twice. It
/// starts after a second, so a quick `list` or `show` leaves the work to a longer-lived
/// process (a listener, the TUI). A failure (a read-only store, a full disk) only delays
/// it: searches stay right meanwhile, only slower.
pub fn resume(conn: &Connection) {
    let Some(path) = conn.path().filter(|p| !p.is_empty()).map(str::to_string) else {
        return;
    };
    {
        let mut running = RUNNING.lock().unwrap_or_else(PoisonError::into_inner);
        if !running
            .get_or_insert_with(HashSet::new)
            .insert(path.clone())
        {
            return;
        }
    }
    let spawned = std::thread::Builder::new()
        .name("text-index".into())
        .spawn({
            let path = path.clone();
            move || index_while_open(&path)
        });
    if spawned.is_err() {
        forget(&path);
    }
}

fn forget(path: &str) {
    let mut running = RUNNING.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(r) = running.as_mut() {
        r.remove(path);
    }
}

/// How often the thread counts stale index entries.
const COMPACT_EVERY: Duration = Duration::from_secs(10);

fn index_while_open(path: &str) {
    const START: Duration = Duration::from_secs(1);
    const IDLE: Duration = Duration::from_millis(500);
    // Below the request threads, like the store's writer: an index may lag, a sender not.
    crate::store::settings::background_priority(crate::store::settings::Background::Lazy);
    std::thread::sleep(START);
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if let Ok(mut conn) = Connection::open_with_flags(path, flags)
        && crate::store::settings::configure(&mut conn, false).is_ok()
    {
        let mut looked = Instant::now();
        let mut batch = Batch::default();
        // A removed store (a test's temporary directory) ends the thread.
        while Path::new(path).exists() {
            // A flood comes first: its requests and the writer's catching up.
            if crate::store::settings::busy() {
                std::thread::sleep(IDLE);
                continue;
            }
            if looked.elapsed() >= COMPACT_EVERY {
                looked = Instant::now();
                let _ = compact_if_stale(&mut conn, MIN_DEAD);
            }
            match backfill_slice(&mut conn, &mut batch) {
                Ok(0) => std::thread::sleep(IDLE),
                Ok(_) => std::thread::sleep(PAUSE),
                // Busy past the timeout, a full disk, a read-only store: try again later.
                Err(_) => std::thread::sleep(Duration::from_secs(5)),
            }
        }
    }
    forget(path);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::{Capture, Origin};
    use crate::filter::Filter;
    use crate::store::{Order, Store, window};

    fn cap(method: &str, url: &str, body: &[u8]) -> Capture {
        let mut c = Capture::new(Origin::Local, method, url);
        c.body = bytes::Bytes::copy_from_slice(body);
        c.body_size = c.body.len() as u64;
        c
    }

    /// Captures where the index and the Rust check could disagree: case, non-ASCII,
    /// JSON escapes, a NUL, bytes that are not UTF-8, a body too large to index, a field
    /// boundary, and a capture stored again with another body (an upsert).
    fn tricky(s: &Store) -> Vec<Capture> {
        let mut big = vec![b'x'; (MAX_INDEXED_BODY + 10) as usize];
        big.extend_from_slice(b"needle-at-the-end");
        let mut bad = b"abc-invoice \xff\xfe".to_vec();
        bad.extend_from_slice("Invoice".as_bytes());
        let caps = vec![
            cap(
                "POST",
                "/hooks/stripe?n=1",
                br#"{"type":"Invoice.Paid","id":"evt_1"}"#,
            ),
            cap(
                "post",
                "/hooks/GitHub",
                br#"{"msg":"Hello\nWorld","x":"caf\u00e9"}"#,
            ),
            cap("PATCH", "/Orders?id=XYZ", "Straße ÉTÉ été".as_bytes()),
            cap("PUT", "/a", b"ab\0cd invoice.paid"),
            cap("POST", "/b", &bad),
            cap("POST", "/big", &big),
            cap("DELETE", "/Orders/xyz", b""),
            cap("POST", "/hooks/stripe", b"hello world"),
        ];
        for c in &caps {
            s.append(c).unwrap();
        }
        // Stored again under the same id: only the new body may be found.
        let mut again = caps[7].clone();
        again.body = bytes::Bytes::from_static(b"goodbye moon");
        s.append(&again).unwrap();
        let mut all = caps;
        all[7] = again;
        all
    }

    const NEEDLES: &[&str] = &[
        "invoice",
        "INVOICE.PAID",
        "hello",
        "o w",
        "hello\\nworld",
        "\\u00e9",
        "patch",
        "été",
        "ÉTÉ",
        "straße",
        "orders?id",
        "xyz",
        "needle-at-the-end",
        "b\0c",
        "cd inv",
        "abc",
        "stripe",
        "goodbye",
        "zzzz",
        "in",
        "hooks/st",
        "evt_1",
    ];

    /// Ids `walk_captures` and `page` return for `f`, and the ids the Rust check alone picks.
    fn compare(s: &Store, all: &[Capture]) {
        for needle in NEEDLES {
            let f = Filter::parse(&format!("\"{needle}\"")).unwrap();
            let mut want: Vec<String> = all
                .iter()
                .filter(|c| f.matches(c))
                .map(|c| c.id.clone())
                .collect();
            want.sort();
            let mut got = Vec::new();
            s.walk_captures(Some(&f), Order::Oldest, |c| {
                got.push(c.id);
                Ok(true)
            })
            .unwrap();
            assert_eq!(got, want, "walk for {needle:?}");
            let page: Vec<String> = s
                .page(Some(&f), &window::From::Newest, 100)
                .unwrap()
                .into_iter()
                .map(|c| c.id)
                .collect();
            assert_eq!(page, want, "page for {needle:?}");
        }
    }

    fn candidates(s: &Store, needle: &str) -> i64 {
        let sql = Filter::parse(needle).unwrap().to_sql();
        let conn = Connection::open(s.path()).unwrap();
        conn.query_row(
            &format!("SELECT count(*) FROM captures WHERE {}", sql.clause),
            rusqlite::params_from_iter(sql.params),
            |r| r.get(0),
        )
        .unwrap()
    }

    #[test]
    fn free_text_through_the_index_finds_exactly_what_the_rust_check_finds() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(dir.path()).unwrap();
        let all = tricky(&s);
        // Queued (or partly indexed by the background thread): the answers are the same.
        compare(&s, &all);
        let mut c = Connection::open(s.path()).unwrap();
        backfill_all(&mut c).unwrap();
        compare(&s, &all);
        // The index narrows: one capture says goodbye, the large one is always a candidate.
        assert_eq!(candidates(&s, "goodbye"), 2);
        assert_eq!(candidates(&s, "hello"), 2, "the old body is forgotten");
        assert_eq!(
            candidates(&s, "in"),
            8,
            "too short for a trigram: every capture"
        );
    }

    #[test]
    fn a_store_from_before_the_index_is_searched_right_while_and_after_it_is_built() {
        let dir = tempfile::tempdir().unwrap();
        let all = {
            let s = Store::open(dir.path()).unwrap();
            let all = tricky(&s);
            // Back to schema 2, as a store written by the previous version.
            let c = Connection::open(s.path()).unwrap();
            c.execute_batch(
                "DROP TRIGGER text_in; DROP TRIGGER text_moved; DROP TRIGGER text_gone;
                 DROP TABLE captures_text; DROP TABLE text_pending; DROP TABLE text_large;
                 PRAGMA user_version = 2;",
            )
            .unwrap();
            all
        };
        let s = Store::open(dir.path()).unwrap();
        let mut c = Connection::open(s.path()).unwrap();
        crate::store::settings::configure(&mut c, false).unwrap();
        compare(&s, &all);
        backfill_all(&mut c).unwrap();
        let pending: i64 = c
            .query_row("SELECT count(*) FROM text_pending", [], |r| r.get(0))
            .unwrap();
        assert_eq!(pending, 0);
        compare(&s, &all);
        assert_eq!(candidates(&s, "goodbye"), 2);
        // Captures stored after the migration are indexed as they are written.
        let late = cap("POST", "/late", b"a late arrival");
        s.append(&late).unwrap();
        backfill_all(&mut c).unwrap();
        assert_eq!(candidates(&s, "late arr"), 2, "indexed: found");
        assert_eq!(candidates(&s, "goodbye"), 2, "no longer a candidate");
    }

    #[test]
    fn deleted_captures_leave_the_results_at_once_and_the_index_at_its_rebuild() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(dir.path()).unwrap();
        tricky(&s);
        let mut c = Connection::open(s.path()).unwrap();
        backfill_all(&mut c).unwrap();
        let entries = |c: &Connection| -> i64 {
            c.query_row(
                "SELECT count(*) FROM captures_text WHERE captures_text MATCH 'goo'",
                [],
                |r| r.get(0),
            )
            .unwrap()
        };
        assert_eq!(entries(&c), 1);
        c.execute("DELETE FROM captures WHERE url = '/Orders/xyz'", [])
            .unwrap();
        assert!(!compact_if_stale(&mut c, 1).unwrap(), "1 dead, 7 alive");
        c.execute("DELETE FROM captures WHERE length(url) > 4", [])
            .unwrap();
        // Gone from every search at once; its entry waits in the index.
        assert_eq!(candidates(&s, "goodbye"), 1, "only /big, unindexed");
        assert_eq!(
            candidates(&s, "needle-at-the-end"),
            1,
            "/big stays, unindexed"
        );
        assert_eq!(entries(&c), 1);
        let kept = candidates(&s, "cd inv");
        assert!(
            !compact_if_stale(&mut c, 6).unwrap(),
            "5 dead: under the minimum"
        );
        assert!(compact_if_stale(&mut c, 1).unwrap(), "5 dead, 3 alive");
        assert_eq!(entries(&c), 0);
        backfill_all(&mut c).unwrap();
        assert_eq!(entries(&c), 0, "rebuilt from the captures left");
        assert_eq!(
            candidates(&s, "cd inv"),
            kept,
            "the captures left, indexed again"
        );
        let dead: String = c
            .query_row("SELECT value FROM meta WHERE key = 'text_dead'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(dead, "0");
    }

    #[test]
    fn a_capture_written_again_after_indexing_is_found_by_its_new_body_only() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(dir.path()).unwrap();
        let mut c = cap("POST", "/hooks/ack", b"first body");
        s.append(&c).unwrap();
        let mut conn = Connection::open(s.path()).unwrap();
        backfill_all(&mut conn).unwrap();
        assert_eq!(candidates(&s, "first body"), 1);
        c.body = bytes::Bytes::from_static(b"second body");
        s.append(&c).unwrap();
        backfill_all(&mut conn).unwrap();
        assert_eq!(
            candidates(&s, "first body"),
            0,
            "the indexed entry was deleted"
        );
        assert_eq!(candidates(&s, "second body"), 1);
    }
}
