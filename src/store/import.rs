//! `hookcli import` into the store: ids kept unless another capture holds them, and a
//! capture that is already stored (the same JSON, whatever its origin) is stored once.

use super::query;
use super::record::Record;
use super::rows::upsert;
use crate::capture::{Capture, Origin, new_id};
use anyhow::Result;
use rusqlite::{Connection, OptionalExtension as _, TransactionBehavior};

/// Captures per transaction: large imports commit as they go and never hold the store long.
const BATCH: usize = 256;

/// What an import did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Imported {
    /// Newly stored.
    pub stored: u64,
    /// Already in the store: not stored again.
    pub already: u64,
    /// Stored under a fresh id, because another capture held theirs.
    pub renamed: u64,
    /// Stored under a fresh id, because theirs was not a ULID.
    pub not_ulid: u64,
}

pub fn run(
    conn: &mut Connection,
    captures: impl IntoIterator<Item = Result<Capture>>,
) -> Result<Imported> {
    let mut done = Imported::default();
    let mut it = captures.into_iter().peekable();
    while it.peek().is_some() {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut seq: i64 = query::position(&tx)?;
        let mut failed = None;
        for item in it.by_ref().take(BATCH) {
            let mut c = match item {
                Ok(c) => c,
                Err(e) => {
                    failed = Some(e);
                    break;
                }
            };
            if ulid::Ulid::from_string(&c.id).is_err() {
                c.id = new_id();
                done.not_ulid += 1;
            }
            c.origin = Origin::Import;
            let digest = super::record::digest(&c);
            let held = query::get(&tx, &c.id)?;
            let same = held.as_ref().is_some_and(|h| {
                let mut h = h.clone();
                h.origin = Origin::Import;
                h.to_json() == c.to_json()
            });
            if same || seen(&tx, &digest)? {
                done.already += 1;
                continue;
            }
            if held.is_some() {
                c.id = new_id();
                done.renamed += 1;
            }
            seq += 1;
            let mut record = Record::of(&c, true)?;
            record.digest = Some(digest);
            upsert(&tx, &record, seq)?;
            done.stored += 1;
        }
        tx.commit()?;
        if let Some(e) = failed {
            return Err(e);
        }
    }
    Ok(done)
}

/// An earlier import stored this capture (perhaps under another id).
fn seen(conn: &Connection, digest: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM captures WHERE digest = ?1 LIMIT 1")?
        .query_row([digest], |_| Ok(()))
        .optional()?
        .is_some())
}
