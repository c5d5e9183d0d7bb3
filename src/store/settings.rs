//! How the store's connections and background threads are set up: SQLite settings for
//! every connection, and the lower CPU priority of the threads that work behind requests.

use rusqlite::Connection;
use std::path::Path;
use std::time::Duration;

/// Settings every connection gets. `durable`: fsync on every commit (survives a power cut);
/// otherwise WAL's NORMAL, which survives a crash of the process.
pub fn configure(conn: &Connection, durable: bool) -> rusqlite::Result<()> {
    conn.busy_timeout(busy_timeout())?;
    let mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        // A read-only store cannot switch; reading it still works.
        conn.pragma_update(None, "query_only", true)?;
    }
    conn.pragma_update(None, "synchronous", if durable { "FULL" } else { "NORMAL" })?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    // Once a checkpoint has emptied it, the WAL file shrinks back to this.
    conn.pragma_update(None, "journal_size_limit", 64 << 20)?;
    Ok(())
}

/// How long a write waits for another process's transaction before it fails (the writer
/// then tries again; the captures wait in the spool). `HOOKCLI_STORE_BUSY_MS` changes it,
/// for tests that hold the lock.
fn busy_timeout() -> Duration {
    std::env::var("HOOKCLI_STORE_BUSY_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(Duration::from_secs(10), Duration::from_millis)
}

/// How far below the request threads a background thread runs (a `nice` value).
#[derive(Debug, Clone, Copy)]
pub enum Background {
    /// The writer: the database follows the spool closely unless requests need the CPU.
    Writer,
    /// The text index: only an optimisation of searches, so it takes what is left.
    Index,
}

/// Lower this thread's priority (Linux: per thread), so request threads come first.
pub fn background_priority(kind: Background) {
    let nice = match kind {
        Background::Writer => 10,
        Background::Index => 19,
    };
    #[cfg(target_os = "linux")]
    let _ = rustix::process::setpriority_process(Some(rustix::thread::gettid()), nice);
    #[cfg(not(target_os = "linux"))]
    let _ = nice;
}

/// Create `dir` (and its parents) private to the user, 0700: the store's directories hold
/// webhook bodies and providers' credentials.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    b.create(dir)
}
