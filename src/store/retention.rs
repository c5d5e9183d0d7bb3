//! Retention: `--keep N` newest captures and `--keep-for AGE`, enforced by a background
//! thread in small slices, so neither a request nor another process's writer waits long.

use super::record::micros;
use rusqlite::Connection;
use std::time::Duration;

/// Rows deleted per transaction.
const SLICE: i64 = 500;

/// How often the thread looks again.
const EVERY: Duration = Duration::from_secs(30);

/// What the store keeps.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Retention {
    /// The newest this many (none: no count limit).
    pub keep: Option<u64>,
    /// Nothing older than this.
    pub keep_for: Option<Duration>,
}

impl Retention {
    pub fn is_unlimited(&self) -> bool {
        self.keep.is_none() && self.keep_for.is_none()
    }
}

/// Delete what `r` does not keep, a slice at a time, stopping between slices once
/// `yield_now` says so (a flood arrived: the rest waits for the next round); how many
/// were deleted.
pub fn enforce(
    conn: &Connection,
    r: Retention,
    yield_now: impl Fn() -> bool,
) -> rusqlite::Result<u64> {
    let mut deleted = 0u64;
    if let Some(age) = r.keep_for {
        let now = time::OffsetDateTime::now_utc();
        let cutoff = micros(now - age);
        loop {
            let n = conn.execute(
                "DELETE FROM captures WHERE pk IN
                 (SELECT pk FROM captures WHERE received_at < ?1 LIMIT ?2)",
                rusqlite::params![cutoff, SLICE],
            )?;
            deleted += n as u64;
            if (n as i64) < SLICE || yield_now() {
                break;
            }
        }
    }
    if let Some(keep) = r.keep {
        let total: i64 = conn.query_row("SELECT count(*) FROM captures", [], |x| x.get(0))?;
        let mut excess = total - i64::try_from(keep).unwrap_or(i64::MAX);
        while excess > 0 {
            let n = conn.execute(
                "DELETE FROM captures WHERE pk IN
                 (SELECT pk FROM captures ORDER BY id LIMIT ?1)",
                [excess.min(SLICE)],
            )?;
            if n == 0 {
                break;
            }
            deleted += n as u64;
            excess -= n as i64;
            if yield_now() {
                break;
            }
        }
    }
    Ok(deleted)
}

/// Run [`enforce`] now and every [`EVERY`] on a thread of its own, for as long as the
/// process lives. Failures are retried next round (a busy or full disk passes).
pub fn spawn(conn: Connection, r: Retention) -> std::io::Result<()> {
    if r.is_unlimited() {
        return Ok(());
    }
    std::thread::Builder::new()
        .name("hookcli-retention".into())
        .spawn(move || {
            // Deleting old captures can wait until a flood has passed.
            super::settings::background_priority(super::settings::Background::Lazy);
            loop {
                while super::settings::busy() {
                    std::thread::sleep(Duration::from_secs(1));
                }
                let _ = enforce(&conn, r, super::settings::busy);
                std::thread::sleep(EVERY);
            }
        })?;
    Ok(())
}
