//! How the store's connections and background threads are set up: SQLite settings for
//! every connection, and the lower CPU priority of the threads that work behind requests.

use rusqlite::Connection;
use std::path::Path;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Settings every connection gets. `durable`: fsync on every commit (survives a power cut);
/// otherwise WAL's NORMAL, which survives a crash of the process.
pub fn configure(conn: &mut Connection, durable: bool) -> rusqlite::Result<()> {
    retry_while_busy(conn, busy_timeout())?;
    // Plans that do not depend on bound values: without it, SQLite prepares the statement
    // that checks a free-text candidate again on each new binding (half of a search's CPU).
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )?;
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

/// Wait for another connection's write lock by trying again every millisecond, for up to
/// `timeout` in all. SQLite's own handler (`busy_timeout`) sleeps up to 100 ms between
/// tries, so a writer could miss a lock that is free for less than that: the background
/// work that takes the lock in slices (the text index) would then have to leave long
/// pauses between them for the writer to get in.
fn retry_while_busy(conn: &mut Connection, timeout: Duration) -> rusqlite::Result<()> {
    let mut since = Instant::now();
    conn.busy_handler(Some(move |tries: i32| {
        // SQLite counts the tries of one wait from 0.
        if tries == 0 {
            since = Instant::now();
        }
        if since.elapsed() >= timeout {
            return false;
        }
        std::thread::sleep(RETRY);
        true
    }))
}

/// How often a connection waiting for the write lock tries again.
pub const RETRY: Duration = Duration::from_millis(1);

/// How long a write waits for another process's transaction before it fails (the writer
/// then tries again; the captures wait in the spool). `HOOKCLI_STORE_BUSY_MS` changes it,
/// for tests that hold the lock.
fn busy_timeout() -> Duration {
    std::env::var("HOOKCLI_STORE_BUSY_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(Duration::from_secs(10), Duration::from_millis)
}

/// How far below the request threads a background thread runs.
#[derive(Debug, Clone, Copy)]
pub enum Background {
    /// The writer: `nice 10`. The database follows the spool closely unless requests need
    /// the CPU, and it still gets a share of a saturated CPU, so views never stop.
    Writer,
    /// Optional work that takes the write lock (the text index, retention): `nice 19`,
    /// and it also waits while this process's writer is [`busy`].
    Lazy,
    /// Optional work that never blocks the writer (checkpoints): `SCHED_IDLE`, so it runs
    /// only on a CPU nothing else wants. Not for work that holds the write lock: starved
    /// while holding it, it would stall the writer behind it.
    Idle,
}

/// Until when (ms after [`epoch`]) the writer counts as busy.
static BUSY_UNTIL: AtomicU64 = AtomicU64::new(0);

fn epoch() -> Instant {
    static EPOCH: OnceLock<Instant> = OnceLock::new();
    *EPOCH.get_or_init(Instant::now)
}

/// The writer says it is moving a flood (a large batch): [`Background::Lazy`] work
/// waits for a second after the last one, leaving the CPU to requests and the writer.
pub fn mark_busy() {
    let until = epoch().elapsed() + Duration::from_secs(1);
    BUSY_UNTIL.fetch_max(until.as_millis() as u64, Ordering::Relaxed);
}

/// Whether this process's writer moved a flood within the last second.
pub fn busy() -> bool {
    (epoch().elapsed().as_millis() as u64) < BUSY_UNTIL.load(Ordering::Relaxed)
}

/// Lower this thread's priority (Linux: per thread), so request threads come first. A
/// thread can always lower its own priority, so failures are only a missed optimisation.
pub fn background_priority(kind: Background) {
    #[cfg(target_os = "linux")]
    match kind {
        Background::Writer => nice(10),
        Background::Lazy => nice(19),
        Background::Idle => {
            use thread_priority::{
                NormalThreadSchedulePolicy, ThreadPriority, ThreadSchedulePolicy,
            };
            let _ = thread_priority::set_thread_priority_and_policy(
                thread_priority::thread_native_id(),
                ThreadPriority::Min,
                ThreadSchedulePolicy::Normal(NormalThreadSchedulePolicy::Idle),
            );
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = kind;
}

#[cfg(target_os = "linux")]
fn nice(n: i32) {
    let _ = rustix::process::setpriority_process(Some(rustix::thread::gettid()), n);
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
