//! The spool: where a capture becomes durable before its sender is answered — one append to
//! a file of this process — and from where the writer ([`super::writer`]) moves it into the
//! database in large groups, off the request's path.
//!
//! Why: an SQLite commit costs a request ~100 µs of waiting and ~10 µs of CPU per capture;
//! an append costs a few µs. What `write` has returned survives a kill -9 (it is in the
//! kernel's page cache); `--durable` adds an fdatasync that every waiting append shares.
//!
//! Each writing process owns its segment files (`spool/<ulid>.spool`), locked (flock) for as
//! long as it lives. A process opening the store first moves the segments of dead processes
//! into the database, so what a killed listener acknowledged is what the next reader finds.
//!
//! A frame is `len:u32 crc32:u32 payload`; the payload is `flags:u8 meta_len:u32`, the
//! capture's JSON without its body ([`Capture::shell_json`]), then the body's raw bytes.

mod read;

pub use read::read;
use read::{COMPLETE, HEADER};

use crate::capture::Capture;
use bytes::Bytes;
use std::collections::VecDeque;
use std::fs::File;
use std::io::{Seek as _, SeekFrom, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// The spool directory inside the store directory.
pub const DIR: &str = "spool";

/// A segment this long is closed and a new one started once the writer has read it all.
const SEGMENT_MAX: u64 = 64 << 20;

/// What waits in memory for the writer; past this the writer reads the file instead, so a
/// flood costs disk, not memory. A large body is always read back: memory held per capture
/// stays small, and reading it from the page cache costs little beside its size.
const QUEUE_BYTES: usize = 8 << 20;
const QUEUE_ENTRIES: usize = 16_384;
const QUEUE_BODY_MAX: usize = 64 << 10;

/// Called with the capture's store position once the writer has committed it.
pub type Done = Box<dyn FnOnce(Result<i64, String>) + Send>;

/// One appended capture, as the writer receives it.
pub struct Entry {
    pub start: u64,
    pub end: u64,
    pub complete: bool,
    pub capture: Arc<Capture>,
    /// The capture's JSON without its body, as the frame holds it: the writer stores it
    /// as it is instead of encoding the capture again.
    pub meta: Bytes,
    pub done: Option<Done>,
}

/// What the writer takes from the queue, in the order of the file.
pub enum Item {
    Entry(Entry),
    /// The active segment was closed at `len` (`old` still holds its lock) and `next` began.
    Rotate {
        old: Segment,
        len: u64,
        next: String,
    },
}

/// A segment file, locked by its handle for as long as the handle lives.
pub struct Segment {
    pub name: String,
    file: File,
}

struct Active {
    seg: Segment,
    len: u64,
    /// Bytes known to be on disk (`--durable`), and which segment they are of.
    synced: (u64, u64),
    generation: u64,
}

#[derive(Default)]
struct Waiting {
    items: VecDeque<Item>,
    bytes: usize,
    closed: bool,
    /// The writer sleeps on `ready`: only then is it woken (a wake-up is a system call, and
    /// a busy writer finds the new items on its next round anyway).
    sleeping: bool,
    /// Where the last entry left out of the queue ends, in the active segment: the writer
    /// reads the file up to there. Entries after it are in the queue, never read twice.
    dropped_upto: Option<u64>,
}

pub struct Spool {
    dir: PathBuf,
    active: Mutex<Active>,
    queue: Mutex<Waiting>,
    ready: Condvar,
    durable: bool,
    /// Frames appended since the spool began.
    appended: AtomicU64,
}

impl Spool {
    /// Start a segment of this process in `store/spool`.
    pub fn create(store: &Path, durable: bool) -> std::io::Result<Spool> {
        let dir = store.join(DIR);
        super::settings::create_private_dir(&dir)?;
        let seg = Segment::create(&dir, durable)?;
        Ok(Spool {
            dir,
            active: Mutex::new(Active {
                seg,
                len: 0,
                synced: (0, 0),
                generation: 0,
            }),
            queue: Mutex::new(Waiting::default()),
            ready: Condvar::new(),
            durable,
            appended: AtomicU64::new(0),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The active segment's name and length.
    pub fn head(&self) -> (String, u64) {
        let a = lock(&self.active);
        (a.seg.name.clone(), a.len)
    }

    /// Append `c` and hand it to the writer. Once this returns, a crash of the process
    /// loses nothing; [`Spool::sync`] makes it survive a power cut too. Returns the position
    /// to pass to [`Spool::sync`].
    pub fn append(
        &self,
        c: Arc<Capture>,
        complete: bool,
        done: Option<Done>,
    ) -> std::io::Result<(u64, u64)> {
        let (generation, ends) = self.append_all(vec![Frame::new(c, complete, done)])?;
        Ok((generation, ends.last().copied().unwrap_or(0)))
    }

    /// [`Spool::append`] for several captures at once, in order, with as few writes as
    /// the system allows (one, up to [`FRAMES_PER_WRITE`] frames): the segment's
    /// generation and where each frame ends. On an error none of them is appended.
    pub fn append_all(&self, frames: Vec<Frame>) -> std::io::Result<(u64, Vec<u64>)> {
        let mut a = lock(&self.active);
        let start = a.len;
        if let Err(e) = write_frames(&mut a.seg.file, &frames) {
            // Cut a partial frame so the next append starts clean (a full disk).
            let _ = a.seg.file.set_len(start);
            let _ = a.seg.file.seek(SeekFrom::Start(start));
            return Err(e);
        }
        let generation = a.generation;
        let mut ends = Vec::with_capacity(frames.len());
        let mut entries = Vec::with_capacity(frames.len());
        for f in frames {
            let begin = a.len;
            a.len += (f.head.len() + f.capture.body.len()) as u64;
            ends.push(a.len);
            entries.push(Item::Entry(Entry {
                start: begin,
                end: a.len,
                complete: f.complete,
                meta: f.head.slice(HEADER + 5..),
                capture: f.capture,
                done: f.done,
            }));
        }
        self.appended
            .fetch_add(ends.len() as u64, Ordering::Relaxed);
        self.push(entries);
        if a.len >= SEGMENT_MAX
            && let Err(e) = self.rotate(&mut a)
        {
            // The captures are appended; a new segment is tried again on the next append.
            eprintln!("hookcli: warning: cannot start a new spool segment ({e})");
        }
        Ok((generation, ends))
    }

    fn rotate(&self, a: &mut Active) -> std::io::Result<()> {
        if self.durable {
            a.seg.file.sync_data()?;
        }
        let next = Segment::create(&self.dir, self.durable)?;
        let name = next.name.clone();
        let old = std::mem::replace(&mut a.seg, next);
        let len = std::mem::replace(&mut a.len, 0);
        a.generation += 1;
        a.synced = (a.generation, 0);
        self.push(vec![Item::Rotate {
            old,
            len,
            next: name,
        }]);
        Ok(())
    }

    fn push(&self, items: Vec<Item>) {
        let mut q = lock(&self.queue);
        for item in items {
            let keep = match &item {
                Item::Entry(e) => {
                    e.done.is_some()
                        || (e.capture.body.len() <= QUEUE_BODY_MAX
                            && q.items.len() < QUEUE_ENTRIES
                            && q.bytes < QUEUE_BYTES)
                }
                Item::Rotate { .. } => true,
            };
            match (&item, keep) {
                (Item::Entry(e), true) => q.bytes += e.capture.body.len(),
                (Item::Entry(e), false) => q.dropped_upto = Some(e.end),
                // What was left out of the old segment is read up to its end at the rotation.
                (Item::Rotate { .. }, _) => q.dropped_upto = None,
            }
            if keep {
                q.items.push_back(item);
            }
        }
        // A dropped entry is read back from the file; the writer still needs waking.
        if q.sleeping {
            q.sleeping = false;
            self.ready.notify_one();
        }
    }

    /// Make everything up to `end` of segment `generation` survive a power cut. Appends
    /// waiting together share one fdatasync.
    pub fn sync(&self, (generation, end): (u64, u64)) -> std::io::Result<()> {
        let (file, target) = {
            let a = lock(&self.active);
            if a.generation != generation || a.synced.1 >= end {
                // Rotation synced the older segment.
                return Ok(());
            }
            (a.seg.file.try_clone()?, (a.generation, a.len))
        };
        file.sync_data()?;
        let mut a = lock(&self.active);
        if a.synced.0 == target.0 && a.synced.1 < target.1 {
            a.synced = target;
        }
        Ok(())
    }

    /// Up to `max` items, waiting at most `wait` for the first, and — once the queue is
    /// empty — where the entries left out of it end (read those from the file). `None` once
    /// closed and empty.
    pub fn take(&self, max: usize, wait: Duration) -> Option<(Vec<Item>, Option<u64>)> {
        let idle = |q: &mut Waiting| q.items.is_empty() && q.dropped_upto.is_none() && !q.closed;
        let mut q = lock(&self.queue);
        if idle(&mut q) {
            q.sleeping = true;
            q = self
                .ready
                .wait_timeout_while(q, wait, idle)
                .unwrap_or_else(|p| p.into_inner())
                .0;
            q.sleeping = false;
        }
        if q.items.is_empty() && q.dropped_upto.is_none() && q.closed {
            return None;
        }
        let n = q.items.len().min(max);
        let items: Vec<Item> = q.items.drain(..n).collect();
        for i in &items {
            if let Item::Entry(e) = i {
                q.bytes -= e.capture.body.len();
            }
        }
        // Left-out entries before a queued one are found by the gap before it; only when
        // nothing is queued is the file read up to the last one left out.
        let dropped = if q.items.is_empty() {
            q.dropped_upto.take()
        } else {
            None
        };
        Some((items, dropped))
    }

    pub fn appended(&self) -> u64 {
        self.appended.load(Ordering::Relaxed)
    }

    pub fn is_closed(&self) -> bool {
        lock(&self.queue).closed
    }

    /// No more appends: the writer drains what is left and stops.
    pub fn close(&self) {
        let mut q = lock(&self.queue);
        q.closed = true;
        q.sleeping = false;
        self.ready.notify_all();
    }
}

impl Segment {
    /// A new, locked segment. Made under a temporary name and renamed once locked, so no
    /// other process ever sees it unlocked and takes it for a dead process's.
    fn create(dir: &Path, durable: bool) -> std::io::Result<Segment> {
        let name = format!("{}.spool", ulid::Ulid::new());
        let tmp = dir.join(format!(".{name}.new"));
        let mut o = std::fs::OpenOptions::new();
        o.append(true).create_new(true).read(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
        let file = o.open(&tmp)?;
        file.try_lock().map_err(std::io::Error::other)?;
        std::fs::rename(&tmp, dir.join(&name))?;
        if durable {
            File::open(dir)?.sync_all()?;
        }
        Ok(Segment { name, file })
    }

    /// Lock the segment `name` of a process that is gone; `None` while its owner lives.
    pub fn adopt(dir: &Path, name: &str) -> std::io::Result<Option<Segment>> {
        let file = match File::open(dir.join(name)) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        match file.try_lock() {
            Ok(()) => Ok(Some(Segment {
                name: name.to_string(),
                file,
            })),
            Err(std::fs::TryLockError::WouldBlock) => Ok(None),
            Err(std::fs::TryLockError::Error(e)) => Err(e),
        }
    }
}

/// The names of the segment files in `dir` (finished ones are deleted).
pub fn segments(dir: &Path) -> Vec<(String, u64)> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<(String, u64)> = rd
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let len = e.metadata().ok()?.len();
            name.ends_with(".spool").then_some((name, len))
        })
        .collect();
    out.sort();
    out
}

/// A capture encoded for the spool, not yet written: its frame up to the body (the body is
/// written from where it lies, no copy of a large body).
pub struct Frame {
    head: Bytes,
    capture: Arc<Capture>,
    complete: bool,
    done: Option<Done>,
}

impl Frame {
    pub fn new(c: Arc<Capture>, complete: bool, done: Option<Done>) -> Frame {
        Frame {
            head: encode_head(&c, complete),
            capture: c,
            complete,
            done,
        }
    }
}

fn encode_head(c: &Capture, complete: bool) -> Bytes {
    let meta = c.shell_json();
    let payload_len = 1 + 4 + meta.len() + c.body.len();
    let mut f = Vec::with_capacity(HEADER + 5 + meta.len());
    f.extend_from_slice(&u32::try_from(payload_len).unwrap_or(u32::MAX).to_le_bytes());
    f.extend_from_slice(&[0; 4]);
    f.push(if complete { COMPLETE } else { 0 });
    f.extend_from_slice(&u32::try_from(meta.len()).unwrap_or(u32::MAX).to_le_bytes());
    f.extend_from_slice(&meta);
    let mut crc = crc32fast::Hasher::new();
    crc.update(&f[HEADER..]);
    crc.update(&c.body);
    f[4..8].copy_from_slice(&crc.finalize().to_le_bytes());
    Bytes::from(f)
}

/// Frames in one `writev`: two buffers each, and Linux takes at most 1024 (`IOV_MAX`).
pub const FRAMES_PER_WRITE: usize = 512;

/// Every frame, whole and in order: one `writev` per [`FRAMES_PER_WRITE`] in the common
/// case, so appends of several threads never interleave (each holds the segment's lock).
fn write_frames(file: &mut File, frames: &[Frame]) -> std::io::Result<()> {
    for chunk in frames.chunks(FRAMES_PER_WRITE) {
        let mut bufs: Vec<std::io::IoSlice<'_>> = chunk
            .iter()
            .flat_map(|f| {
                [
                    std::io::IoSlice::new(&f.head),
                    std::io::IoSlice::new(&f.capture.body),
                ]
            })
            .collect();
        let mut bufs = &mut bufs[..];
        while !bufs.is_empty() {
            match file.write_vectored(bufs) {
                Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
                Ok(n) => std::io::IoSlice::advance_slices(&mut bufs, n),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok(())
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::Origin;

    #[test]
    fn frames_read_back_identical_and_a_torn_tail_is_left_out() {
        let dir = tempfile::tempdir().unwrap();
        let s = Spool::create(dir.path(), false).unwrap();
        let mut written = Vec::new();
        for body in [&b"{\"a\":1}"[..], &[0xff, 0, 1][..], b""] {
            let mut c = Capture::new(Origin::Local, "POST", "/hook");
            c.body = Bytes::copy_from_slice(body);
            c.body_size = body.len() as u64 + 5;
            s.append(Arc::new(c.clone()), true, None).unwrap();
            written.push(c.to_json());
        }
        let (name, len) = s.head();
        let path = s.dir().join(&name);
        let got: Vec<String> = read(&path, 0, None, u64::MAX)
            .unwrap()
            .0
            .iter()
            .map(|f| f.capture.to_json())
            .collect();
        assert_eq!(got, written);
        // A crash mid-frame: the whole frames before it are still read.
        let f = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
        f.set_len(len - 3).unwrap();
        assert_eq!(read(&path, 0, None, u64::MAX).unwrap().0.len(), 2);
    }

    #[test]
    fn durable_appends_are_synced_once_for_all_that_wait() {
        let dir = tempfile::tempdir().unwrap();
        let s = Spool::create(dir.path(), true).unwrap();
        let c = Arc::new(Capture::new(Origin::Local, "POST", "/hook"));
        let first = s.append(Arc::clone(&c), true, None).unwrap();
        let second = s.append(c, true, None).unwrap();
        s.sync(second).unwrap();
        assert_eq!(lock(&s.active).synced, second);
        // The earlier append was on disk with the later one: nothing left to do.
        s.sync(first).unwrap();
        assert_eq!(lock(&s.active).synced, second);
    }

    #[test]
    fn a_live_segment_cannot_be_adopted_and_a_dead_one_can() {
        let dir = tempfile::tempdir().unwrap();
        let s = Spool::create(dir.path(), false).unwrap();
        let (name, _) = s.head();
        assert!(Segment::adopt(s.dir(), &name).unwrap().is_none());
        let spool_dir = s.dir().to_path_buf();
        drop(s);
        assert!(Segment::adopt(&spool_dir, &name).unwrap().is_some());
        assert_eq!(segments(&spool_dir).len(), 1);
    }
}
