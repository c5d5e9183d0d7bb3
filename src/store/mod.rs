//! The capture store: one SQLite database (WAL) in the store directory, shared by every
//! hookcli process that reads or writes it (listeners, replays, imports, views).
//!
//! A write is durable once appended to this process's spool ([`spool`]); one writer thread
//! per process then moves the spool into the database in large groups ([`writer`]). Reads
//! use a connection of their own and never wait for writers. Every view follows the store
//! by position ([`Store::after`]): each write takes the next position, so a view that
//! remembers the last one it showed finds what any process wrote since.

mod group;
mod import;
mod legacy;
mod query;
mod recent;
mod record;
mod retention;
mod rows;
mod schema;
mod settings;
mod shifts;
mod spool;
pub mod window;
mod write;
mod writer;

pub use import::Imported;
pub use query::{FindError, Order, Tailed};
pub use record::Summary;
pub use retention::Retention;

use crate::capture::Capture;
use crate::filter::Filter;
use anyhow::{Context as _, Result, bail};
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

/// The database file in the store directory.
pub const DB_FILE: &str = "hookcli.db";

/// The default number of captures kept by `listen`.
pub const DEFAULT_KEEP: u64 = 100_000;

/// The store directory in use: `--store`, else `$HOOKCLI_HOME`, else the platform data dir.
pub fn default_dir(flag: Option<&Path>) -> Result<PathBuf> {
    if let Some(p) = flag {
        return Ok(p.to_path_buf());
    }
    if let Some(home) = std::env::var_os("HOOKCLI_HOME").filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(home));
    }
    match dirs::data_dir() {
        Some(d) => Ok(d.join("hookcli")),
        None => bail!("no data directory on this platform (set HOOKCLI_HOME or pass --store DIR)"),
    }
}

/// How a store is opened.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// fsync every commit (survives a power cut), not just hand it to the OS.
    pub durable: bool,
}

/// Everything read from the store: captures ordered by id (oldest first) and warnings met.
pub struct Loaded {
    pub captures: Vec<Capture>,
    pub warnings: Vec<String>,
}

/// An open store.
pub struct Store {
    dir: PathBuf,
    path: PathBuf,
    options: Options,
    read: Mutex<Connection>,
    /// Started with the first write.
    writer: OnceLock<Writing>,
    /// Held while the writer starts, so two first writes start one; true once a listener
    /// asked for it ([`Store::start_writer`]): its writer runs idle, see `shifts`.
    starting: Mutex<bool>,
    committed: Arc<writer::Committed>,
    notices: Mutex<Vec<String>>,
}

/// This process's spool and the thread moving it into the database.
struct Writing {
    spool: Arc<spool::Spool>,
    thread: Mutex<Option<std::thread::JoinHandle<()>>>,
}

/// How long a lookup waits for captures already acknowledged (by any process) to reach the
/// database; only a flood makes it wait at all.
const SETTLE: Duration = Duration::from_secs(5);

impl Store {
    /// Open (creating the directory and database if needed, migrating an older one).
    pub fn open(dir: &Path) -> Result<Store> {
        Store::open_with(dir, Options::default())
    }

    pub fn open_with(dir: &Path, options: Options) -> Result<Store> {
        let path = dir.join(DB_FILE);
        private_dir(dir)?;
        private_file(&path)?;
        let mut conn = connect(&path, options)?;
        schema::migrate(&mut conn).map_err(|e| match e {
            schema::SchemaError::Newer { .. } => crate::error::fail_hint(
                format!("cannot open store {} ({e})", path.display()),
                "upgrade hookcli, or pass --store DIR to use another store",
            ),
            schema::SchemaError::Sql(e) => explain(&path, e.into()),
        })?;
        let mut notices = Vec::new();
        if let Some(n) =
            legacy::import_once(&mut conn, dir, &path).map_err(|e| explain(&path, e))?
        {
            notices.push(n);
        }
        let committed: Arc<writer::Committed> = Arc::default();
        // What a process that died had acknowledged goes into the database before any read.
        if let Err(e) = writer::adopt_orphans(&mut conn, &dir.join(spool::DIR), &committed) {
            notices.push(format!(
                "cannot move a stopped process's captures into {} yet ({e:#})",
                path.display()
            ));
        }
        Ok(Store {
            dir: dir.to_path_buf(),
            path,
            options,
            read: Mutex::new(conn),
            writer: OnceLock::new(),
            starting: Mutex::new(false),
            committed,
            notices: Mutex::new(notices),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Things the user should hear about once (a journal imported on open), for the caller
    /// to print where it suits (`listen` prints them after its `listening on` line).
    pub fn take_notices(&self) -> Vec<String> {
        std::mem::take(&mut *self.notices.lock().unwrap_or_else(|p| p.into_inner()))
    }

    fn reader<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let conn = self.read.lock().unwrap_or_else(|p| p.into_inner());
        f(&conn).map_err(|e| explain(&self.path, e))
    }

    /// Find one capture by full id, unique prefix (≥ 4 characters) or `last`.
    pub fn find(&self, key: &str) -> Result<Capture> {
        self.settle();
        let conn = self.read.lock().unwrap_or_else(|p| p.into_inner());
        query::find(&conn, key).map_err(|e| {
            if e.is::<FindError>() {
                e
            } else {
                explain(&self.path, e)
            }
        })
    }

    /// The capture stored under exactly `id`.
    pub fn get(&self, id: &str) -> Result<Option<Capture>> {
        self.settle();
        self.reader(|c| query::get(c, id))
    }

    /// The newest `n` summaries matching `filter`, oldest first.
    pub fn newest(&self, n: usize, filter: Option<&Filter>) -> Result<Vec<Summary>> {
        self.settle();
        let mut out = Vec::with_capacity(n.min(4096));
        if n > 0 {
            self.walk(filter, Order::Newest, |s| {
                out.push(s);
                Ok(out.len() < n)
            })?;
        }
        out.reverse();
        Ok(out)
    }

    /// Stream the summaries matching `filter` in `order` until `f` returns false.
    pub fn walk(
        &self,
        filter: Option<&Filter>,
        order: Order,
        f: impl FnMut(Summary) -> Result<bool>,
    ) -> Result<()> {
        self.settle();
        self.reader(|c| query::walk(c, filter, order, f))
    }

    /// Stream whole captures matching `filter` in `order` until `f` returns false.
    pub fn walk_captures(
        &self,
        filter: Option<&Filter>,
        order: Order,
        f: impl FnMut(Capture) -> Result<bool>,
    ) -> Result<()> {
        self.settle();
        self.reader(|c| query::walk_captures(c, filter, order, f))
    }

    /// The newest `limit` captures (all when `None`), oldest first.
    pub fn load(&self, limit: Option<usize>) -> Result<Loaded> {
        let mut captures = Vec::new();
        self.walk_captures(None, Order::Newest, |c| {
            captures.push(c);
            Ok(limit.is_none_or(|n| captures.len() < n))
        })?;
        captures.reverse();
        Ok(Loaded {
            captures,
            warnings: Vec::new(),
        })
    }

    /// The `n` captures just older than `id`, oldest first: the page before it.
    pub fn before(&self, id: &str, n: usize) -> Result<Vec<Capture>> {
        self.settle();
        self.reader(|c| query::before(c, id, n))
    }

    /// Up to `n` captures matching `filter` next to `from`, oldest first.
    pub fn page(
        &self,
        filter: Option<&Filter>,
        from: &window::From,
        n: usize,
    ) -> Result<Vec<Capture>> {
        self.settle();
        self.reader(|c| window::page(c, filter, from, n))
    }

    /// How many captures match `filter`, when SQL alone can count them.
    pub fn count_matching(&self, filter: Option<&Filter>) -> Result<Option<u64>> {
        self.reader(|c| window::count(c, filter))
    }

    /// Captures written after position `seq` by any process, in the order written.
    pub fn after(&self, seq: i64, limit: usize, complete_only: bool) -> Result<Vec<Tailed>> {
        // What this process wrote itself comes from memory, as long as the positions run
        // unbroken from `seq` (a gap is another process's write: read the database).
        let mine = {
            let recent = self
                .committed
                .recent
                .lock()
                .unwrap_or_else(|p| p.into_inner());
            recent.run_from(seq + 1, limit)
        };
        let found: Vec<Tailed> = mine
            .into_iter()
            .filter(|(_, complete, _)| *complete || !complete_only)
            .map(|(seq, complete, capture)| Tailed {
                seq,
                complete,
                capture,
            })
            .collect();
        if !found.is_empty() {
            return Ok(found);
        }
        self.reader(|c| query::after(c, seq, limit, complete_only))
    }

    /// The newest position written (0 when empty).
    pub fn position(&self) -> Result<i64> {
        self.reader(query::position)
    }

    /// How many stored captures carry `delivery_id` (a provider's id for one delivery).
    pub fn deliveries(&self, delivery_id: &str) -> Result<u32> {
        self.reader(|c| query::deliveries(c, delivery_id))
    }

    pub fn count(&self) -> Result<u64> {
        self.reader(query::count)
    }

    /// How many captures have a forward that failed (no answer, or a 5xx).
    pub fn failed(&self) -> Result<u64> {
        self.reader(query::failed)
    }

    /// Wait until this process commits past `seen` or `timeout` passes (other processes'
    /// writes are not signalled: callers poll with a timeout).
    pub fn wait_past(&self, seen: i64, timeout: Duration) {
        self.committed.wait_past(seen, timeout);
    }

    /// Import captures: ids kept unless taken by another capture, a capture already stored
    /// stored once. Runs in its own transactions, beside any live writer.
    pub fn import(&self, captures: impl IntoIterator<Item = Result<Capture>>) -> Result<Imported> {
        let mut conn = connect(&self.path, self.options)?;
        import::run(&mut conn, captures).map_err(|e| explain(&self.path, e))
    }

    /// Fill the store fast, for benchmarks and tools: no id checks, no fsync, large
    /// transactions. Not for captures a sender is waiting on.
    #[doc(hidden)]
    pub fn bulk_insert(&self, captures: impl IntoIterator<Item = Capture>) -> Result<u64> {
        let mut conn = connect(&self.path, self.options)?;
        conn.pragma_update(None, "synchronous", "OFF")?;
        let mut n = 0u64;
        let mut it = captures.into_iter().peekable();
        while it.peek().is_some() {
            let records: Vec<record::Record> = it
                .by_ref()
                .take(5000)
                .map(|c| record::Record::of(&c, true))
                .collect::<Result<_>>()?;
            let refs: Vec<&record::Record> = records.iter().collect();
            n += rows::commit(&mut conn, &refs)?.len() as u64;
        }
        Ok(n)
    }

    /// Index every capture queued for the free-text index now, in this thread at its
    /// priority, rather than waiting for the background thread. For benchmarks and tools.
    #[doc(hidden)]
    pub fn index_now(&self) -> Result<usize> {
        let mut conn = connect(&self.path, self.options)?;
        schema::text::backfill_all(&mut conn).map_err(|e| explain(&self.path, e.into()))
    }

    /// Enforce `r` in the background for the life of the process.
    pub fn spawn_retention(&self, r: Retention) -> Result<()> {
        if r.is_unlimited() {
            return Ok(());
        }
        let conn = connect(&self.path, self.options)?;
        retention::spawn(conn, r).context("cannot start the retention thread")
    }
}

/// A connection with the store's settings.
fn connect(path: &Path, options: Options) -> Result<Connection> {
    let mut conn = Connection::open(path).map_err(|e| explain(path, e.into()))?;
    settings::configure(&mut conn, options.durable).map_err(|e| explain(path, e.into()))?;
    Ok(conn)
}

/// The user's error line for a database error, with what to do about it.
fn explain(path: &Path, e: anyhow::Error) -> anyhow::Error {
    use rusqlite::ErrorCode as C;
    let sql = e.chain().find_map(|c| c.downcast_ref::<rusqlite::Error>());
    let code = sql.and_then(rusqlite::Error::sqlite_error_code);
    let why = sql.map_or_else(|| format!("{e:#}"), ToString::to_string);
    let (what, hint) = match code {
        Some(C::NotADatabase | C::DatabaseCorrupt) => (
            "is damaged or not a hookcli database",
            format!(
                "move it aside (mv {0} {0}.broken) and hookcli starts a fresh store; `sqlite3 {0}.broken .recover` may save what it held",
                path.display()
            ),
        ),
        Some(C::ReadOnly | C::CannotOpen | C::PermissionDenied) => (
            "cannot be written",
            "make the store directory writable, or pass --store DIR (or set HOOKCLI_HOME)".into(),
        ),
        Some(C::DiskFull) => (
            "cannot grow (the disk is full)",
            "free some disk space, or pass --store DIR on another disk".into(),
        ),
        _ => return e.context(format!("store {}", path.display())),
    };
    crate::error::fail_hint(format!("store {} {what} ({why})", path.display()), hint)
}

/// Create the directory private to the user (0700): it holds bodies and credentials.
fn private_dir(dir: &Path) -> Result<()> {
    let existed = dir.is_dir();
    settings::create_private_dir(dir).map_err(|e| {
        crate::error::fail_hint(
            format!("cannot create store {} ({e})", dir.display()),
            "pass --store DIR (or set HOOKCLI_HOME) to a directory you can write",
        )
    })?;
    // A store directory an earlier version made (0755) is tightened; a directory the user
    // named that holds no store yet is theirs to keep as it is.
    #[cfg(unix)]
    if existed && dir.join("journal").is_dir() && !dir.join(DB_FILE).exists() {
        use std::os::unix::fs::PermissionsExt as _;
        let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
    }
    let _ = existed;
    Ok(())
}

/// Create the database file 0600 before SQLite does; its `-wal` and `-shm` files take the
/// database file's permissions.
fn private_file(path: &Path) -> Result<()> {
    if path.exists() {
        return Ok(());
    }
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    match o.open(path) {
        Ok(_) => Ok(()),
        Err(e) => Err(crate::error::fail_hint(
            format!("cannot create store {} ({e})", path.display()),
            "make the store directory writable, or pass --store DIR (or set HOOKCLI_HOME)",
        )),
    }
}

#[cfg(test)]
mod tests;
