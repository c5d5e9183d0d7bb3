//! The store's write side: this process's spool and writer thread, the durable append a
//! sender waits for, and the wait that lets a lookup see what was acknowledged.

use super::{SETTLE, Store, Writing, connect, rows, spool, writer};
use crate::capture::Capture;
use anyhow::{Result, bail};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

impl Store {
    /// Wait (at most [`SETTLE`]) until what every process's spool holds is in the database,
    /// moving the spools of stopped processes in ourselves. Lookups and lists call it first,
    /// so what was acknowledged is what they find (`show last` right after a sender was
    /// answered); the views that follow by position ([`Store::after`]) and the totals do not.
    pub fn settle(&self) {
        let dir = self.dir.join(spool::DIR);
        let deadline = Instant::now() + SETTLE;
        let mut adopted = false;
        loop {
            let segments = spool::segments(&dir);
            if segments.is_empty() {
                return;
            }
            let behind = {
                let mut conn = self.read.lock().unwrap_or_else(|p| p.into_inner());
                if !adopted {
                    adopted = true;
                    let _ = writer::adopt_orphans(&mut conn, &dir, &self.committed);
                }
                segments
                    .iter()
                    .any(|(name, len)| rows::progress(&conn, name).is_ok_and(|p| p < *len))
            };
            if !behind || Instant::now() >= deadline {
                return;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    /// Bytes acknowledged by any process that are not in the database yet (0 when it has
    /// caught up): how far a flood has put the database behind.
    pub fn backlog(&self) -> Result<u64> {
        let segments = spool::segments(&self.dir.join(spool::DIR));
        self.reader(|conn| {
            let mut behind = 0;
            for (name, len) in segments {
                behind += len.saturating_sub(rows::progress(conn, &name)?);
            }
            Ok(behind)
        })
    }

    /// Start this process's spool and writer now rather than at the first write, so a
    /// listener that has stored nothing yet still moves in what dead processes left.
    ///
    /// The listener's writer runs only on a CPU nobody else wants (see `shifts`); a
    /// short-lived process (`send`, `replay`, `import`) waits for its own writes, so its
    /// writer runs at the usual low priority.
    pub fn start_writer(&self) -> Result<()> {
        *self.starting.lock().unwrap_or_else(|p| p.into_inner()) = true;
        self.writing().map(drop)
    }

    /// The spool and writer, started on first use. A failure is not kept: the next write
    /// tries again, so a store that could not be written recovers once it can.
    fn writing(&self) -> Result<&Writing> {
        if let Some(w) = self.writer.get() {
            return Ok(w);
        }
        let idle = self.starting.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(w) = self.writer.get() {
            return Ok(w);
        }
        let w = self
            .start_writing(*idle)
            .map_err(|e| anyhow::anyhow!("cannot write to store {} ({e})", self.dir.display()))?;
        Ok(self.writer.get_or_init(|| w))
    }

    fn start_writing(&self, idle: bool) -> std::result::Result<Writing, String> {
        let spool = spool::Spool::create(&self.dir, self.options.durable)
            .map_err(|e| format!("cannot start a spool ({e})"))?;
        let spool = Arc::new(spool);
        let conn = connect(&self.path, self.options).map_err(|e| format!("{e:#}"))?;
        let checkpoints = connect(&self.path, self.options).map_err(|e| format!("{e:#}"))?;
        let thread = writer::prepare(
            conn,
            checkpoints,
            Arc::clone(&spool),
            Arc::clone(&self.committed),
        )
        .and_then(|w| super::shifts::start(w, idle))
        .map_err(|e| e.to_string())?;
        Ok(Writing {
            spool,
            thread: Mutex::new(Some(thread)),
        })
    }

    /// Append `c` to this process's spool: once this returns it survives a crash of the
    /// process. `done` hears its position once it is in the database.
    pub(super) fn submit(
        &self,
        c: Arc<Capture>,
        complete: bool,
        done: Option<spool::Done>,
    ) -> Result<(&Arc<spool::Spool>, (u64, u64))> {
        let w = self.writing()?;
        let at = w
            .spool
            .append(c, complete, done)
            .map_err(|e| self.cannot_write(&e))?;
        Ok((&w.spool, at))
    }

    fn cannot_write(&self, e: &std::io::Error) -> anyhow::Error {
        use std::io::ErrorKind::{FileTooLarge, StorageFull};
        let hint = if matches!(e.kind(), StorageFull | FileTooLarge) {
            "free some disk space, or pass --store DIR on another disk"
        } else {
            "make the store directory writable, or pass --store DIR (or set HOOKCLI_HOME)"
        };
        crate::error::fail_hint(
            format!("cannot write to store {} ({e})", self.dir.display()),
            hint,
        )
    }

    /// Store `c` durably (the promise behind a 2xx): a crash of the process loses nothing
    /// once this returns; with `--durable`, a power cut neither.
    pub async fn commit(&self, c: Arc<Capture>, complete: bool) -> Result<()> {
        let w = self.writing()?;
        let spool = &w.spool;
        let at = super::group::append(spool, c, complete)
            .await
            .map_err(|e| self.cannot_write(&e))?;
        if self.options.durable {
            let spool = Arc::clone(spool);
            tokio::task::spawn_blocking(move || spool.sync(at))
                .await
                .map_err(|e| anyhow::anyhow!("the store's sync stopped ({e})"))?
                .map_err(|e| self.cannot_write(&e))?;
        }
        Ok(())
    }

    /// Store `c` and wait until it is in the database; its position. For code outside the
    /// request path (`send`, `sign`, tests).
    pub fn append(&self, c: &Capture) -> Result<i64> {
        let (tx, rx) = std::sync::mpsc::channel();
        let (spool, at) = self.submit(
            Arc::new(c.clone()),
            true,
            Some(Box::new(move |o| {
                let _ = tx.send(o);
            })),
        )?;
        if self.options.durable {
            spool.sync(at).map_err(|e| self.cannot_write(&e))?;
        }
        match rx.recv().ok() {
            Some(Ok(seq)) => Ok(seq),
            Some(Err(why)) => bail!("cannot write to store {} ({why})", self.path.display()),
            None => bail!("the store writer of {} stopped", self.path.display()),
        }
    }
}

impl Drop for Store {
    /// Let the writer move what is left of this process's spool into the database, so a
    /// short-lived process (`replay`, `send`) leaves its captures where every view finds them.
    fn drop(&mut self) {
        if let Some(w) = self.writer.get() {
            w.spool.close();
            let thread = w.thread.lock().unwrap_or_else(|p| p.into_inner()).take();
            if let Some(t) = thread {
                let _ = t.join();
            }
        }
    }
}
