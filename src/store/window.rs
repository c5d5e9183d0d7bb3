//! Pages of captures around a place in id order, with the filter pushed into SQL where the
//! grammar allows: what the TUI's window loads as it scrolls over a store of any size.

use super::query::{Check, check_and_load};
use crate::capture::Capture;
use crate::filter::Filter;
use anyhow::Result;
use rusqlite::Connection;
use rusqlite::types::Value;

/// Bodies larger than this are left out of a page (the capture keeps its `body_size`):
/// a window holds thousands of rows, and reads the one selected back whole with `get`.
pub const BODY_LIMIT: usize = 64 << 10;

/// Where a page starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum From {
    /// The newest captures.
    Newest,
    /// The oldest captures.
    Oldest,
    /// Just older than this id.
    Before(String),
    /// Just newer than this id.
    After(String),
}

/// Up to `n` captures matching `filter` next to `from`, oldest first, large bodies left out
/// ([`BODY_LIMIT`]). A filter SQL cannot
/// decide alone (free text) is checked on each candidate, scanning on until `n` match.
pub fn page(
    conn: &Connection,
    filter: Option<&Filter>,
    from: &From,
    n: usize,
) -> Result<Vec<Capture>> {
    let sql = filter.map(Filter::to_sql);
    let mut clause = sql
        .as_ref()
        .map_or_else(|| "1".into(), |s| s.clause.clone());
    let mut params: Vec<Value> = sql.as_ref().map(|s| s.params.clone()).unwrap_or_default();
    let newest_first = matches!(from, From::Newest | From::Before(_));
    match from {
        From::Before(id) | From::After(id) => {
            let op = if newest_first { "<" } else { ">" };
            params.push(Value::Text(id.clone()));
            clause = format!("({clause}) AND id {op} ?{}", params.len());
        }
        From::Newest | From::Oldest => {}
    }
    let check = Check::of(filter, sql.as_ref());
    let exact = check.is_none();
    let limit = if exact {
        format!(" LIMIT {n}")
    } else {
        String::new()
    };
    let dir = if newest_first { "DESC" } else { "ASC" };
    let mut st = conn.prepare(&format!(
        "SELECT pk FROM captures WHERE {clause} ORDER BY id {dir}{limit}"
    ))?;
    let mut rows = st.query(rusqlite::params_from_iter(params))?;
    let mut out = Vec::new();
    while out.len() < n
        && let Some(row) = rows.next()?
    {
        if let Some(mut c) = check_and_load(conn, row.get(0)?, check)? {
            if c.body.len() > BODY_LIMIT {
                c.body = bytes::Bytes::new();
            }
            out.push(c);
        }
    }
    if newest_first {
        out.reverse();
    }
    Ok(out)
}

/// How many captures match `filter`, when SQL can count them alone (`None` for free text,
/// which would mean reading every body).
pub fn count(conn: &Connection, filter: Option<&Filter>) -> Result<Option<u64>> {
    let sql = filter.map(Filter::to_sql);
    if sql.as_ref().is_some_and(|s| !s.exact) {
        return Ok(None);
    }
    // No WHERE at all without a filter: SQLite then counts an index's entries page by page
    // instead of stepping through them (a million captures: 6 ms instead of 13).
    let clause = sql
        .as_ref()
        .map_or_else(String::new, |s| format!(" WHERE {}", s.clause));
    let params = sql.as_ref().map(|s| s.params.clone()).unwrap_or_default();
    let n: i64 = conn.query_row(
        &format!("SELECT count(*) FROM captures{clause}"),
        rusqlite::params_from_iter(params),
        |r| r.get(0),
    )?;
    Ok(Some(u64::try_from(n).unwrap_or(0)))
}
