//! Reading the store: one capture by id, prefix or `last`; pages of summaries; whole-store
//! walks that stream row by row, with filters pushed into SQL where the grammar allows.

use super::record::{SUMMARY_COLUMNS, Summary, capture};
use crate::capture::Capture;
use crate::filter::{Filter, Sql};
use anyhow::{Context as _, Result};
use bytes::Bytes;
use rusqlite::{Connection, OptionalExtension as _, params};

/// Why a lookup found nothing usable.
#[derive(Debug, thiserror::Error)]
pub enum FindError {
    #[error("no capture matches {0:?}")]
    NotFound(String),
    #[error("{key:?} matches {} captures: {}", .candidates.len(), .candidates.join(", "))]
    Ambiguous {
        key: String,
        candidates: Vec<String>,
    },
    #[error("id prefix {0:?} is too short (at least 4 characters)")]
    TooShort(String),
    #[error("the store is empty")]
    Empty,
}

/// Which way a walk goes, in id order (ids are ULIDs: time order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    Oldest,
    Newest,
}

/// The capture stored under `pk`.
pub fn load(conn: &Connection, pk: i64) -> Result<Capture> {
    // A large body is not selected: it is read through the blob interface into memory of
    // its own (see `crate::largebuf`), not copied twice through the allocator's heaps.
    let mut st = conn.prepare_cached(
        "SELECT meta, headers, forwards, iif(length(body) < ?2, body, NULL), length(body)
         FROM details WHERE pk = ?1",
    )?;
    let large = crate::largebuf::OWN_MAPPING as i64;
    type Row = (String, String, String, Option<Vec<u8>>, Option<i64>);
    let (meta, headers, forwards, small, size): Row = st
        .query_row(params![pk, large], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .context("stored capture has no details")?;
    let body = match small {
        Some(b) => Bytes::from(b),
        None if size.unwrap_or(0) <= 0 => Bytes::new(),
        None => {
            let blob = conn.blob_open(rusqlite::MAIN_DB, "details", "body", pk, true)?;
            let mut buf = crate::largebuf::zeroed(usize::try_from(size.unwrap_or(0)).unwrap_or(0));
            blob.read_at_exact(buf.as_mut(), 0)?;
            buf.freeze()
        }
    };
    capture(&meta, &headers, &forwards, body)
}

fn pk_of(conn: &Connection, sql: &str, key: &str) -> Result<Vec<(i64, String)>> {
    let mut st = conn.prepare_cached(sql)?;
    let rows = st.query_map([key], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Find one capture by full id, unique prefix (≥ 4 characters) or `last`. Ids are matched
/// without regard to case, like ULIDs themselves; an id spelled exactly always wins.
pub fn find(conn: &Connection, key: &str) -> Result<Capture> {
    let pk = if key.eq_ignore_ascii_case("last") {
        conn.query_row(
            "SELECT pk FROM captures ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?
        .ok_or(FindError::Empty)?
    } else {
        if key.len() < 4 {
            return Err(FindError::TooShort(key.into()).into());
        }
        pick(conn, key)?
    };
    load(conn, pk)
}

fn pick(conn: &Connection, key: &str) -> Result<i64> {
    if let [(pk, _)] = pk_of(conn, "SELECT pk, id FROM captures WHERE id = ?1", key)?[..] {
        return Ok(pk);
    }
    let folded = pk_of(
        conn,
        "SELECT pk, id FROM captures WHERE id = ?1 COLLATE NOCASE LIMIT 2",
        key,
    )?;
    if let [(pk, _)] = folded[..] {
        return Ok(pk);
    }
    let mut st = conn.prepare_cached(
        "SELECT pk, id FROM captures WHERE id >= ?1 COLLATE NOCASE AND id < ?2 COLLATE NOCASE
         ORDER BY id COLLATE NOCASE LIMIT 11",
    )?;
    let upper = format!("{key}\u{10FFFF}");
    let found: Vec<(i64, String)> = st
        .query_map(params![key, upper], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    // NOCASE folds ASCII only, as the check below does; the check keeps it exact.
    let found: Vec<(i64, String)> = found
        .into_iter()
        .filter(|(_, id)| {
            id.as_bytes()
                .get(..key.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(key.as_bytes()))
        })
        .collect();
    match &found[..] {
        [] => Err(FindError::NotFound(key.into()).into()),
        [(pk, _)] => Ok(*pk),
        many => Err(FindError::Ambiguous {
            key: key.into(),
            candidates: many.iter().take(10).map(|(_, id)| id.clone()).collect(),
        }
        .into()),
    }
}

/// The capture stored under exactly this id, if any.
pub fn get(conn: &Connection, id: &str) -> Result<Option<Capture>> {
    let pk: Option<i64> = conn
        .prepare_cached("SELECT pk FROM captures WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    pk.map(|pk| load(conn, pk)).transpose()
}

/// What a row SQL returned must still pass: the filter's free text, checked in Rust on each
/// candidate the text index let through.
#[derive(Clone, Copy)]
pub(super) struct Check<'a> {
    pub filter: &'a Filter,
    /// SQL decided every other term: only the method, URL and body need reading.
    pub only_text: bool,
}

impl<'a> Check<'a> {
    /// What `filter` leaves to check after `sql` (`None` when SQL decided alone).
    pub fn of(filter: Option<&'a Filter>, sql: Option<&Sql>) -> Option<Check<'a>> {
        let (filter, sql) = (filter?, sql?);
        (!sql.exact).then_some(Check {
            filter,
            only_text: sql.only_text_left,
        })
    }

    /// Whether the capture at `pk` passes, reading no more of it than needed: most
    /// candidates of a free-text search fail, and parsing each whole would cost more than
    /// the search.
    pub fn passes(&self, conn: &Connection, pk: i64) -> Result<bool> {
        if !self.only_text {
            return Ok(self.filter.matches(&load(conn, pk)?));
        }
        let mut st = conn.prepare_cached(
            "SELECT c.method, c.url, d.body FROM captures c JOIN details d ON d.pk = c.pk
             WHERE c.pk = ?1",
        )?;
        let mut rows = st.query([pk])?;
        let Some(r) = rows.next()? else {
            return Ok(false);
        };
        let body = r.get_ref(2)?;
        let body = body.as_blob_or_null()?.unwrap_or_default();
        Ok(self
            .filter
            .text_matches(r.get_ref(0)?.as_str()?, r.get_ref(1)?.as_str()?, body))
    }
}

/// Run `select` over the captures that match `filter`, in `order`, handing each row to
/// `each` with what it must still check (`None` when SQL decided alone), until `each`
/// says stop.
fn scan(
    conn: &Connection,
    filter: Option<&Filter>,
    order: Order,
    select: &str,
    mut each: impl FnMut(&rusqlite::Row, Option<Check<'_>>) -> Result<bool>,
) -> Result<()> {
    let sql = filter.map(Filter::to_sql);
    let clause = sql.as_ref().map_or("1", |s| s.clause.as_str());
    let dir = if order == Order::Newest {
        "DESC"
    } else {
        "ASC"
    };
    let mut st = conn.prepare(&format!(
        "SELECT {select} FROM captures WHERE {clause} ORDER BY id {dir}"
    ))?;
    let params = sql.as_ref().map(|s| s.params.clone()).unwrap_or_default();
    let mut rows = st.query(rusqlite::params_from_iter(params))?;
    let check = Check::of(filter, sql.as_ref());
    while let Some(row) = rows.next()? {
        if !each(row, check)? {
            break;
        }
    }
    Ok(())
}

/// Walk the summaries that match `filter`, in `order`, until `f` says stop. A filter SQL
/// cannot decide alone loads each candidate whole to check it.
pub fn walk(
    conn: &Connection,
    filter: Option<&Filter>,
    order: Order,
    mut f: impl FnMut(Summary) -> Result<bool>,
) -> Result<()> {
    let select = format!("pk, {SUMMARY_COLUMNS}");
    // Free text: the sorted rows are candidates, most of which fail. Sorting only their pks
    // keeps the sorter small (a million captures: 114 000 candidates, 10 MB less), and
    // the summary is read for those that pass.
    if filter.is_some_and(|f| !f.to_sql().exact) {
        let mut one =
            conn.prepare_cached(&format!("SELECT {select} FROM captures WHERE pk = ?1"))?;
        return scan(conn, filter, order, "pk", |row, check| {
            let pk: i64 = row.get(0)?;
            if let Some(check) = check
                && !check.passes(conn, pk)?
            {
                return Ok(true);
            }
            let summary = one.query_row([pk], summary_at)?;
            f(summary)
        });
    }
    scan(conn, filter, order, &select, |row, check| {
        let pk: i64 = row.get(0)?;
        let summary = summary_at(row)?;
        if let Some(check) = check
            && !check.passes(conn, pk)?
        {
            return Ok(true);
        }
        f(summary)
    })
}

/// [`walk`], handing over whole captures.
pub fn walk_captures(
    conn: &Connection,
    filter: Option<&Filter>,
    order: Order,
    mut f: impl FnMut(Capture) -> Result<bool>,
) -> Result<()> {
    scan(conn, filter, order, "pk", |row, check| {
        Ok(match check_and_load(conn, row.get(0)?, check)? {
            Some(c) => f(c)?,
            None => true,
        })
    })
}

/// The capture at `pk` when it passes `check` (the cheap part first: most candidates fail).
pub(super) fn check_and_load(
    conn: &Connection,
    pk: i64,
    check: Option<Check<'_>>,
) -> Result<Option<Capture>> {
    match check {
        Some(ch) if ch.only_text => {
            if ch.passes(conn, pk)? {
                load(conn, pk).map(Some)
            } else {
                Ok(None)
            }
        }
        Some(ch) => Ok(Some(load(conn, pk)?).filter(|c| ch.filter.matches(c))),
        None => load(conn, pk).map(Some),
    }
}

/// How many captures carry `delivery_id`.
pub fn deliveries(conn: &Connection, delivery_id: &str) -> Result<u32> {
    let n: i64 = conn
        .prepare_cached("SELECT count(*) FROM captures WHERE delivery_id = ?1")?
        .query_row([delivery_id], |r| r.get(0))?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// A summary read from columns 1.. of a row whose column 0 is the pk.
fn summary_at(row: &rusqlite::Row<'_>) -> rusqlite::Result<Summary> {
    let verdict: Option<String> = row.get(7)?;
    Ok(Summary {
        seq: row.get(1)?,
        id: row.get(2)?,
        received_at: super::record::from_micros(row.get(3)?),
        method: row.get(4)?,
        url: row.get(5)?,
        provider: row.get(6)?,
        verdict: verdict.and_then(|v| serde_json::from_value(serde_json::Value::String(v)).ok()),
        status: row.get(8)?,
        fwd_status: row.get(9)?,
        fwd_ms: row.get(10)?,
        fwd_error: row.get(11)?,
        origin: row.get(12)?,
        body_size: u64::try_from(row.get::<_, i64>(13)?).unwrap_or(0),
        replay_of: row.get(14)?,
        complete: row.get(15)?,
        delivery_id: row.get(16)?,
        attempt: row.get(17)?,
        budget_ms: row
            .get::<_, Option<i64>>(18)?
            .and_then(|b| u64::try_from(b).ok()),
    })
}

/// A capture found by following the store.
#[derive(Debug, Clone)]
pub struct Tailed {
    /// Its position: the next look starts after it.
    pub seq: i64,
    /// False while its forwards are still running (an `--ack` capture is stored twice).
    pub complete: bool,
    pub capture: std::sync::Arc<Capture>,
}

/// Captures written after position `seq` (by any process), oldest write first, at most
/// `limit`; `complete_only` skips those whose forwards are still running.
pub fn after(
    conn: &Connection,
    seq: i64,
    limit: usize,
    complete_only: bool,
) -> Result<Vec<Tailed>> {
    let mut st = conn.prepare_cached(
        "SELECT pk, seq, complete, body_size FROM captures
         WHERE seq > ?1 AND (complete = 1 OR ?2 = 0) ORDER BY seq LIMIT ?3",
    )?;
    let mut rows = st.query(params![
        seq,
        complete_only,
        i64::try_from(limit).unwrap_or(i64::MAX)
    ])?;
    let mut out = Vec::new();
    let mut bytes = 0u64;
    // Large bodies end a batch early: a follower holds a few megabytes at most.
    while bytes < BATCH_BYTES
        && let Some(r) = rows.next()?
    {
        bytes += u64::try_from(r.get::<_, i64>(3)?).unwrap_or(0);
        out.push(Tailed {
            seq: r.get(1)?,
            complete: r.get(2)?,
            capture: std::sync::Arc::new(load(conn, r.get(0)?)?),
        });
    }
    Ok(out)
}

/// About how many body bytes one [`after`] batch holds.
const BATCH_BYTES: u64 = 4 << 20;

/// The `n` captures just older than `id` (in id order), oldest first.
pub fn before(conn: &Connection, id: &str, n: usize) -> Result<Vec<Capture>> {
    let mut st =
        conn.prepare_cached("SELECT pk FROM captures WHERE id < ?1 ORDER BY id DESC LIMIT ?2")?;
    let pks: Vec<i64> = st
        .query_map(params![id, i64::try_from(n).unwrap_or(i64::MAX)], |r| {
            r.get(0)
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = pks
        .into_iter()
        .map(|pk| load(conn, pk))
        .collect::<Result<Vec<_>>>()?;
    out.reverse();
    Ok(out)
}

/// The newest position written so far (0 for an empty store).
pub fn position(conn: &Connection) -> Result<i64> {
    Ok(
        conn.query_row("SELECT coalesce(max(seq), 0) FROM captures", [], |r| {
            r.get(0)
        })?,
    )
}

/// How many captures the store holds.
pub fn count(conn: &Connection) -> Result<u64> {
    let n: i64 = conn.query_row("SELECT count(*) FROM captures", [], |r| r.get(0))?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Captures with a forward that failed: no answer (an error) or a 5xx. `statuses` lists
/// the forwards' statuses when there were forwards, so it answers exactly.
pub fn failed(conn: &Connection) -> Result<u64> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM captures WHERE forwarded = 1
         AND (forward_error = 1 OR statuses GLOB '*,[5-9][0-9][0-9],*')",
        [],
        |r| r.get(0),
    )?;
    Ok(u64::try_from(n).unwrap_or(0))
}
