//! The NDJSON journal of earlier versions (`journal/seg-*.ndjson`), read into the database
//! once, on the first open. The old files are left where they were.

use super::record::Record;
use super::rows::upsert;
use crate::capture::Capture;
use anyhow::{Context as _, Result};
use rusqlite::{Connection, OptionalExtension as _, TransactionBehavior};
use std::io::BufRead as _;
use std::path::Path;

const MARK: &str = "legacy_journal";

/// Import `dir/journal` if it exists and was not imported before; a notice for the user
/// when something was done.
pub fn import_once(conn: &mut Connection, dir: &Path, db: &Path) -> Result<Option<String>> {
    let journal = dir.join("journal");
    let mut segments: Vec<_> = match std::fs::read_dir(&journal) {
        Ok(rd) => rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("seg-") && n.ends_with(".ndjson"))
            })
            .collect(),
        Err(_) => return Ok(None),
    };
    if segments.is_empty() || marked(conn)? {
        return Ok(None);
    }
    // Segment names are ULIDs, so name order is time order; a later record of an id
    // supersedes an earlier one, as the journal's readers had it.
    segments.sort();
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if marked(&tx)? {
        return Ok(None); // another process got here first
    }
    let mut seq: i64 = tx.query_row("SELECT coalesce(max(seq), 0) FROM captures", [], |r| {
        r.get(0)
    })?;
    let (mut read, mut skipped) = (0u64, 0u64);
    for path in &segments {
        let file =
            std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
        for line in std::io::BufReader::new(file).split(b'\n') {
            let line = line.with_context(|| format!("cannot read {}", path.display()))?;
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            match serde_json::from_slice::<Capture>(&line) {
                Ok(c) => {
                    seq += 1;
                    upsert(&tx, &Record::of(&c, true)?, seq)?;
                    read += 1;
                }
                Err(_) => skipped += 1, // a torn tail left by a crash
            }
        }
    }
    let note = format!(
        "imported {read} records of the old journal {} into {}{} (the old files are left in place; delete them when you no longer need them)",
        journal.display(),
        db.display(),
        if skipped > 0 {
            format!(", skipped {skipped} unreadable")
        } else {
            String::new()
        }
    );
    tx.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
        [MARK, note.as_str()],
    )?;
    tx.commit()?;
    Ok(Some(note))
}

fn marked(conn: &Connection) -> Result<bool> {
    Ok(conn
        .query_row("SELECT 1 FROM meta WHERE key = ?1", [MARK], |_| Ok(()))
        .optional()?
        .is_some())
}
