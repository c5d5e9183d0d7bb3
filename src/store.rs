//! The capture store: an append-only journal of NDJSON segments, one writer per segment.
//!
//! Why segments: every writing process (a listener, a replay, an import) appends to a segment
//! of its own, so concurrent writers never interleave or clip each other's records. A segment
//! is locked (flock) while its writer lives; an unlocked segment that ends mid-record belongs
//! to a crashed writer, and its torn tail is skipped with a warning. Retention deletes whole
//! old segments, so no request ever pays for a rewrite. A record with an id seen before
//! supersedes it (an `--ack` capture is written again once its forwards finish).

use crate::capture::Capture;
use anyhow::{Context as _, Result, bail};
use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::{Read as _, Seek as _, SeekFrom, Write as _};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Records per segment before a writer starts a new one.
const SEGMENT_RECORDS: u64 = 10_000;

/// The default number of captures kept.
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

/// An open store. Reading needs no lock; appending goes through this process's own segment.
pub struct Store {
    dir: PathBuf,
    keep: u64,
    writer: Mutex<WriterState>,
}

/// This process's segment, and record counts of segments already counted (so retention
/// reads each old segment once per process, not at every roll-over).
#[derive(Default)]
struct WriterState {
    current: Option<Writer>,
    counts: HashMap<PathBuf, u64>,
}

struct Writer {
    file: File,
    path: PathBuf,
    records: u64,
}

/// Where one record sits, found without parsing it.
#[derive(Debug, Clone)]
struct Slot {
    segment: usize,
    start: usize,
    end: usize,
}

/// The raw segment bytes, the latest slot of every id (sorted by id), and warnings.
struct Scan {
    datas: Vec<Vec<u8>>,
    slots: Vec<(String, Slot)>,
    warnings: Vec<String>,
}

/// Everything read from the store: captures ordered by id (oldest first) and warnings met.
pub struct Loaded {
    pub captures: Vec<Capture>,
    pub warnings: Vec<String>,
}

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

impl Store {
    /// Open (creating the directory if needed). Nothing is written until the first append.
    pub fn open(dir: &Path) -> Result<Store> {
        Store::open_with(dir, DEFAULT_KEEP)
    }

    pub fn open_with(dir: &Path, keep: u64) -> Result<Store> {
        fs::create_dir_all(dir.join("journal"))
            .with_context(|| format!("cannot create store {}", dir.display()))?;
        Ok(Store {
            dir: dir.to_path_buf(),
            keep: keep.max(1),
            writer: Mutex::new(WriterState::default()),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Append one capture and hand it to the OS before returning (one `write` call).
    /// Returns the JSON line written (without its newline).
    pub fn append(&self, capture: &Capture) -> Result<bytes::Bytes> {
        let mut line = Vec::with_capacity(capture.body.len() + 512);
        serde_json::to_writer(&mut line, capture).context("cannot encode capture")?;
        line.push(b'\n');
        let mut guard = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        let state = &mut *guard;
        if state
            .current
            .as_ref()
            .is_none_or(|w| w.records >= SEGMENT_RECORDS)
        {
            // Drop the old segment (and its lock) before retention looks at it.
            if let Some(old) = state.current.take() {
                state.counts.insert(old.path, old.records);
            }
            state.current = Some(self.new_segment(&mut state.counts)?);
        }
        let w = state.current.as_mut().expect("writer just set");
        if let Err(e) = w.file.write_all(&line) {
            // A short write (disk full) may have left part of a line: never append after it,
            // or the next record would be glued to the fragment and lost with it. The next
            // append opens a fresh segment; this one ends in a torn tail that readers skip.
            if let Some(old) = state.current.take() {
                state.counts.insert(old.path, old.records);
            }
            return Err(e).with_context(|| format!("cannot write to store {}", self.dir.display()));
        }
        w.records += 1;
        let mut line = bytes::Bytes::from(line);
        line.truncate(line.len() - 1);
        Ok(line)
    }

    fn new_segment(&self, counts: &mut HashMap<PathBuf, u64>) -> Result<Writer> {
        self.enforce_retention(counts);
        let path = self
            .dir
            .join("journal")
            .join(format!("seg-{}.ndjson", crate::capture::new_id()));
        let file = OpenOptions::new()
            .create_new(true)
            .append(true)
            .open(&path)
            .with_context(|| format!("cannot create {}", path.display()))?;
        file.lock()
            .with_context(|| format!("cannot lock {}", path.display()))?;
        Ok(Writer {
            file,
            path,
            records: 0,
        })
    }

    /// Delete the oldest unlocked segments while the rest still hold `keep` records.
    fn enforce_retention(&self, cache: &mut HashMap<PathBuf, u64>) {
        let Ok(segments) = self.segments() else {
            return;
        };
        let counts: Vec<u64> = segments
            .iter()
            .map(|p| {
                *cache.entry(p.clone()).or_insert_with(|| {
                    fs::read(p).map_or(0, |b| memchr::memchr_iter(b'\n', &b).count() as u64)
                })
            })
            .collect();
        let mut total: u64 = counts.iter().sum();
        for (path, count) in segments.iter().zip(counts) {
            if total.saturating_sub(count) < self.keep {
                break;
            }
            let Ok(f) = File::open(path) else { continue };
            if f.try_lock().is_ok() && fs::remove_file(path).is_ok() {
                total -= count;
                cache.remove(path);
            }
        }
    }

    /// Segment files, oldest first (their names are ULIDs, so name order is time order).
    fn segments(&self) -> Result<Vec<PathBuf>> {
        let dir = self.dir.join("journal");
        let mut out: Vec<PathBuf> = fs::read_dir(&dir)
            .with_context(|| format!("cannot read store {}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("seg-") && n.ends_with(".ndjson"))
            })
            .collect();
        out.sort();
        Ok(out)
    }

    /// Read every segment and index the latest record of each id, without parsing bodies.
    fn scan(&self) -> Result<Scan> {
        let mut datas = Vec::new();
        let mut warnings = Vec::new();
        let mut latest: HashMap<String, Slot> = HashMap::new();
        for path in self.segments()? {
            let mut data = Vec::new();
            let Ok(mut f) = File::open(&path) else {
                continue;
            };
            if f.read_to_end(&mut data).is_err() {
                warnings.push(format!("cannot read {}", path.display()));
                continue;
            }
            let segment = datas.len();
            let mut start = 0;
            while start < data.len() {
                let Some(nl) = memchr::memchr(b'\n', &data[start..]) else {
                    // No newline: a writer is mid-write (locked) or crashed (unlocked).
                    if f.try_lock().is_ok() {
                        warnings.push(format!(
                            "skipped a torn record at the end of {} ({} bytes, from a crash)",
                            path.display(),
                            data.len() - start
                        ));
                    }
                    break;
                };
                let end = start + nl;
                match record_id(&data[start..end]) {
                    Some(id) => {
                        latest.insert(
                            id.into_owned(),
                            Slot {
                                segment,
                                start,
                                end,
                            },
                        );
                    }
                    None if end > start => warnings.push(format!(
                        "skipped an unreadable record in {} at byte {start}",
                        path.display()
                    )),
                    None => {}
                }
                start = end + 1;
            }
            datas.push(data);
        }
        let mut slots: Vec<(String, Slot)> = latest.into_iter().collect();
        slots.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(Scan {
            datas,
            slots,
            warnings,
        })
    }

    /// The newest `limit` captures (all when `None`), oldest first.
    pub fn load(&self, limit: Option<usize>) -> Result<Loaded> {
        let Scan {
            datas,
            slots,
            mut warnings,
        } = self.scan()?;
        let skip = limit.map_or(0, |n| slots.len().saturating_sub(n));
        let mut captures = Vec::with_capacity(slots.len() - skip);
        for (id, slot) in &slots[skip..] {
            let bytes = &datas[slot.segment][slot.start..slot.end];
            match serde_json::from_slice::<Capture>(bytes) {
                Ok(c) => captures.push(c),
                Err(e) => warnings.push(format!("skipped unreadable capture {id} ({e})")),
            }
        }
        Ok(Loaded { captures, warnings })
    }

    /// Find one capture by full id, unique prefix (≥ 4 characters) or `last`.
    pub fn find(&self, key: &str) -> Result<Capture> {
        let Scan { datas, slots, .. } = self.scan()?;
        let pick = if key.eq_ignore_ascii_case("last") {
            slots.last().ok_or(FindError::Empty)?
        } else {
            if key.len() < 4 {
                return Err(FindError::TooShort(key.into()).into());
            }
            // Case-insensitive, like ULIDs themselves: and an imported capture may carry an
            // id that is not upper case at all, which must still be found by its own spelling.
            let matches: Vec<&(String, Slot)> = slots
                .iter()
                .filter(|(id, _)| {
                    id.as_bytes()
                        .get(..key.len())
                        .is_some_and(|p| p.eq_ignore_ascii_case(key.as_bytes()))
                })
                .collect();
            match matches.as_slice() {
                [] => return Err(FindError::NotFound(key.into()).into()),
                [one] => *one,
                many => {
                    // The id as spelled wins; else one that differs only in case, if just one.
                    let mut folded = many.iter().filter(|(id, _)| id.eq_ignore_ascii_case(key));
                    let exact = many.iter().find(|(id, _)| id == key).or_else(|| {
                        let first = folded.next();
                        first.filter(|_| folded.next().is_none())
                    });
                    match exact {
                        Some(e) => *e,
                        None => {
                            return Err(FindError::Ambiguous {
                                key: key.into(),
                                candidates: many
                                    .iter()
                                    .take(10)
                                    .map(|(id, _)| id.clone())
                                    .collect(),
                            }
                            .into());
                        }
                    }
                }
            }
        };
        let (id, slot) = pick;
        serde_json::from_slice(&datas[slot.segment][slot.start..slot.end])
            .with_context(|| format!("capture {id} is unreadable"))
    }

    /// Merge crashed writers' torn tails away so they warn once, not forever.
    pub fn repair(&self) -> Vec<String> {
        let mut warnings = Vec::new();
        let Ok(segments) = self.segments() else {
            return warnings;
        };
        for path in segments {
            let Ok(mut f) = OpenOptions::new().read(true).write(true).open(&path) else {
                continue;
            };
            if f.try_lock().is_err() {
                continue; // a live writer owns it
            }
            let mut data = Vec::new();
            if f.read_to_end(&mut data).is_err() || data.last().is_none_or(|b| *b == b'\n') {
                continue;
            }
            let keep = memchr::memrchr(b'\n', &data).map_or(0, |i| i + 1);
            if f.set_len(keep as u64).is_ok() && f.seek(SeekFrom::End(0)).is_ok() {
                warnings.push(format!(
                    "skipped a torn record at the end of {} ({} bytes, from a crash)",
                    path.display(),
                    data.len() - keep
                ));
            }
        }
        warnings
    }
}

/// The id of a journal line, read from its fixed opening `{"id":"…"` without parsing. An id
/// with escapes in it (never one hookcli made, but an imported file may carry one) is read
/// by parsing the line, so the index and the parsed capture always agree on it.
fn record_id(line: &[u8]) -> Option<std::borrow::Cow<'_, str>> {
    let rest = line.strip_prefix(b"{\"id\":\"")?;
    let end = memchr::memchr(b'"', rest)?;
    // A line with a good opening can still be torn further on: check it closes.
    if line.last() != Some(&b'}') || end == 0 {
        return None;
    }
    let raw = &rest[..end];
    if !raw.contains(&b'\\') {
        return std::str::from_utf8(raw)
            .ok()
            .map(std::borrow::Cow::Borrowed);
    }
    #[derive(serde::Deserialize)]
    struct IdOnly {
        id: String,
    }
    let parsed: IdOnly = serde_json::from_slice(line).ok()?;
    (!parsed.id.is_empty()).then_some(std::borrow::Cow::Owned(parsed.id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::Origin;

    fn cap(body: &str) -> Capture {
        let mut c = Capture::new(Origin::Local, "POST", "/hook");
        c.body = bytes::Bytes::copy_from_slice(body.as_bytes());
        c.body_size = c.body.len() as u64;
        c
    }

    #[test]
    fn appended_captures_survive_a_reopen_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let ids: Vec<String> = {
            let s = Store::open(dir.path()).unwrap();
            (0..5)
                .map(|i| {
                    let c = cap(&format!("{{\"n\":{i}}}"));
                    s.append(&c).unwrap();
                    c.id
                })
                .collect()
        };
        let s = Store::open(dir.path()).unwrap();
        let loaded = s.load(None).unwrap();
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
        let got: Vec<String> = loaded.captures.iter().map(|c| c.id.clone()).collect();
        assert_eq!(got, ids);
        assert_eq!(s.load(Some(2)).unwrap().captures.len(), 2);
        assert_eq!(s.find("last").unwrap().id, ids[4]);
        assert_eq!(s.find(&ids[2].to_lowercase()).unwrap().id, ids[2]);
    }

    #[test]
    fn later_record_with_same_id_wins() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(dir.path()).unwrap();
        let mut c = cap("a");
        s.append(&c).unwrap();
        c.response_status = Some(204);
        s.append(&c).unwrap();
        let loaded = s.load(None).unwrap();
        assert_eq!(loaded.captures.len(), 1);
        assert_eq!(loaded.captures[0].response_status, Some(204));
    }

    #[test]
    fn torn_tail_of_a_crashed_writer_is_skipped_with_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let good = cap("ok");
        {
            let s = Store::open(dir.path()).unwrap();
            s.append(&good).unwrap();
        }
        let seg = Store::open(dir.path())
            .unwrap()
            .segments()
            .unwrap()
            .remove(0);
        let mut f = OpenOptions::new().append(true).open(&seg).unwrap();
        f.write_all(b"{\"id\":\"01JDX3K7Q9ZC4T5W6Y8B2N1M0P\",\"rece")
            .unwrap();
        let s = Store::open(dir.path()).unwrap();
        let loaded = s.load(None).unwrap();
        assert_eq!(loaded.captures.len(), 1);
        assert_eq!(loaded.captures[0].id, good.id);
        assert!(
            loaded.warnings[0].contains("torn record"),
            "{:?}",
            loaded.warnings
        );
        // Repair trims it once; afterwards the store reads clean and stays appendable.
        assert_eq!(s.repair().len(), 1);
        s.append(&cap("after")).unwrap();
        let loaded = s.load(None).unwrap();
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
        assert_eq!(loaded.captures.len(), 2);
    }

    #[test]
    fn prefix_lookup_reports_ambiguity_and_short_keys() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(dir.path()).unwrap();
        for _ in 0..3 {
            s.append(&cap("x")).unwrap();
        }
        // ULIDs made in the same millisecond share their first 10 characters.
        let first = s.load(None).unwrap().captures[0].id.clone();
        match s
            .find(&first[..4])
            .unwrap_err()
            .downcast::<FindError>()
            .unwrap()
        {
            FindError::Ambiguous { candidates, .. } => assert_eq!(candidates.len(), 3),
            other => panic!("expected ambiguity, got {other}"),
        }
        assert!(matches!(
            s.find("01J").unwrap_err().downcast::<FindError>().unwrap(),
            FindError::TooShort(_)
        ));
        assert!(matches!(
            s.find("ZZZZZZ")
                .unwrap_err()
                .downcast::<FindError>()
                .unwrap(),
            FindError::NotFound(_)
        ));
    }

    #[test]
    fn ids_not_made_here_are_found_by_their_own_spelling() {
        // Found by fuzzing: an imported id in lower case, or with a JSON escape in it, was
        // listed by `load` but never found by `find`.
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(dir.path()).unwrap();
        for id in ["evt-lower-case", "EVT-LOWER-CASE", "quote\"d"] {
            let mut c = cap("x");
            c.id = id.into();
            s.append(&c).unwrap();
        }
        let loaded = s.load(None).unwrap();
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
        for c in &loaded.captures {
            assert_eq!(s.find(&c.id).unwrap().id, c.id);
        }
        assert_eq!(s.find("QUOTE").unwrap().id, "quote\"d");
        // Two ids that differ only in case: neither spelling of a third case picks one.
        assert!(matches!(
            s.find("Evt-Lower-Case")
                .unwrap_err()
                .downcast::<FindError>()
                .unwrap(),
            FindError::Ambiguous { .. }
        ));
    }

    #[test]
    fn retention_drops_whole_old_segments_only() {
        let dir = tempfile::tempdir().unwrap();
        let mut first = Vec::new();
        for round in 0..3 {
            let s = Store::open_with(dir.path(), 2).unwrap();
            for body in ["a", "b"] {
                let c = cap(body);
                if round == 0 {
                    first.push(c.id.clone());
                }
                s.append(&c).unwrap();
            }
        }
        let s = Store::open_with(dir.path(), 2).unwrap();
        // The third writer dropped the first segment: the second alone still held `keep`.
        assert_eq!(s.segments().unwrap().len(), 2);
        let ids: Vec<String> = s
            .load(None)
            .unwrap()
            .captures
            .into_iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(ids.len(), 4);
        assert!(first.iter().all(|id| !ids.contains(id)));
    }
}
