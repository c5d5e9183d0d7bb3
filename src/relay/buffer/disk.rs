//! One channel's buffer as an append-only file of request and ack records.

use super::channel::{Appended, ChannelBuffer, Pending, Spooled};
use bytes::Bytes;
use std::collections::VecDeque;
use std::fs::{File, OpenOptions};
use std::io::{self, BufReader, Read as _, Seek as _, SeekFrom, Write as _};
use std::path::{Path, PathBuf};

const REQUEST: u8 = b'R';
const ACK: u8 = b'A';
/// Rewrite the log when it is over this size and mostly acked records.
const COMPACT_BYTES: u64 = 64 << 20;

#[derive(Debug)]
struct Entry {
    seq: u64,
    id: String,
    /// Where the frame starts in the file, and its length.
    offset: u64,
    len: u64,
}

/// One file per channel: records `kind u8 | len u32 | payload`, where a request's payload
/// is `id_len u8 | id | frame` and an ack's is the id. Only frame positions stay in memory.
/// One file handle each: writes append (`O_APPEND` ignores the read position), reads seek.
pub struct DiskBuffer {
    path: PathBuf,
    file: File,
    end: u64,
    live_bytes: u64,
    next_seq: u64,
    entries: VecDeque<Entry>,
}

impl DiskBuffer {
    /// Open (or create) a channel's file and rebuild its queue. A torn last record (a crash
    /// mid-write) is cut off and reported; everything before it is kept.
    pub fn open(path: &Path) -> io::Result<(DiskBuffer, Option<String>)> {
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .read(true)
            .open(path)?;
        let size = file.metadata()?.len();
        let mut r = BufReader::new(&file);
        let mut entries: VecDeque<Entry> = VecDeque::new();
        let mut pos = 0u64;
        let mut torn = None;
        let mut seq = 0u64;
        while pos < size {
            match read_record(&mut r, pos, size)? {
                Some((REQUEST, id, offset, len, next)) => {
                    entries.push_back(Entry {
                        seq,
                        id,
                        offset,
                        len,
                    });
                    seq += 1;
                    pos = next;
                }
                Some((_, id, _, _, next)) => {
                    if let Some(i) = entries.iter().position(|e| e.id == id) {
                        entries.remove(i);
                    }
                    pos = next;
                }
                None => {
                    torn = Some(format!(
                        "cut a torn record off {} at byte {pos} ({} bytes)",
                        path.display(),
                        size - pos
                    ));
                    file.set_len(pos)?;
                    break;
                }
            }
        }
        drop(r);
        let live_bytes = entries.iter().map(|e| e.len).sum();
        let mut b = DiskBuffer {
            path: path.to_path_buf(),
            file,
            end: pos,
            live_bytes,
            next_seq: seq,
            entries,
        };
        if b.entries.is_empty() && b.end > 0 {
            b.file.set_len(0)?;
            b.end = 0;
        }
        Ok((b, torn))
    }

    /// Append an ack record (the id).
    fn write_ack(&mut self, id: &str) -> io::Result<()> {
        let mut rec = Vec::with_capacity(5 + id.len());
        rec.push(ACK);
        rec.extend_from_slice(&(id.len() as u32).to_be_bytes());
        rec.extend_from_slice(id.as_bytes());
        if let Err(e) = self.file.write_all(&rec) {
            let _ = self.file.set_len(self.end);
            return Err(e);
        }
        self.end += rec.len() as u64;
        Ok(())
    }

    /// Append a request record, streaming its frame from the spool; returns where the frame
    /// starts. A failure part-way cuts the file back to where the record began.
    fn write_request(&mut self, id: &str, frame: &mut Spooled) -> io::Result<u64> {
        let len = u32::try_from(1 + id.len() as u64 + frame.len())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "request too large"))?;
        let mut head = Vec::with_capacity(6 + id.len());
        head.push(REQUEST);
        head.extend_from_slice(&len.to_be_bytes());
        head.push(id.len() as u8);
        head.extend_from_slice(id.as_bytes());
        let mut out = io::BufWriter::with_capacity(64 * 1024, &self.file);
        let written = out
            .write_all(&head)
            .and_then(|_| frame.copy_to(&mut out))
            .and_then(|_| out.flush());
        drop(out);
        if let Err(e) = written {
            let _ = self.file.set_len(self.end);
            return Err(e);
        }
        let frame_at = self.end + head.len() as u64;
        self.end = frame_at + frame.len();
        Ok(frame_at)
    }

    /// Rewrite the file with only the unacked requests, then swap it in.
    fn compact(&mut self) -> io::Result<()> {
        let tmp = self.path.with_extension("log.tmp");
        let mut out = OpenOptions::new()
            .create(true)
            .write(true)
            .truncate(true)
            .open(&tmp)?;
        let mut pos = 0u64;
        let mut offsets = Vec::with_capacity(self.entries.len());
        for e in &self.entries {
            let frame = self.read_frame(e)?;
            let mut rec = Vec::with_capacity(6 + e.id.len() + frame.len());
            rec.push(REQUEST);
            rec.extend_from_slice(&((1 + e.id.len() + frame.len()) as u32).to_be_bytes());
            rec.push(e.id.len() as u8);
            rec.extend_from_slice(e.id.as_bytes());
            rec.extend_from_slice(&frame);
            out.write_all(&rec)?;
            offsets.push(pos + 6 + e.id.len() as u64);
            pos += rec.len() as u64;
        }
        out.sync_all()?;
        std::fs::rename(&tmp, &self.path)?;
        self.file = OpenOptions::new()
            .append(true)
            .read(true)
            .open(&self.path)?;
        for (e, off) in self.entries.iter_mut().zip(offsets) {
            e.offset = off;
        }
        self.end = pos;
        Ok(())
    }

    fn read_frame(&self, e: &Entry) -> io::Result<Vec<u8>> {
        let mut f = &self.file;
        f.seek(SeekFrom::Start(e.offset))?;
        let mut buf = vec![0u8; e.len as usize];
        f.read_exact(&mut buf)?;
        Ok(buf)
    }
}

/// A record found by the scan: kind, id, frame offset and length, next record's position.
type Record = (u8, String, u64, u64, u64);

/// One record at `pos`. `None` when the record runs past the end of the file (torn) or is
/// not a record at all.
fn read_record(r: &mut BufReader<&File>, pos: u64, size: u64) -> io::Result<Option<Record>> {
    if size - pos < 5 {
        return Ok(None);
    }
    let mut head = [0u8; 5];
    r.read_exact(&mut head)?;
    let len = u32::from_be_bytes([head[1], head[2], head[3], head[4]]) as u64;
    let next = pos + 5 + len;
    if next > size || !matches!(head[0], REQUEST | ACK) {
        return Ok(None);
    }
    if head[0] == ACK {
        let mut id = vec![0u8; len as usize];
        r.read_exact(&mut id)?;
        return Ok(Some((
            ACK,
            String::from_utf8_lossy(&id).into_owned(),
            0,
            0,
            next,
        )));
    }
    let mut n = [0u8; 1];
    r.read_exact(&mut n)?;
    let id_len = n[0] as u64;
    if 1 + id_len > len {
        return Ok(None);
    }
    let mut id = vec![0u8; id_len as usize];
    r.read_exact(&mut id)?;
    let frame_len = len - 1 - id_len;
    r.seek_relative(frame_len as i64)?;
    Ok(Some((
        REQUEST,
        String::from_utf8_lossy(&id).into_owned(),
        pos + 6 + id_len,
        frame_len,
        next,
    )))
}

impl ChannelBuffer for DiskBuffer {
    fn append(&mut self, id: &str, frame: &mut Spooled) -> io::Result<Appended> {
        if id.len() > 255 {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "id too long"));
        }
        let offset = self.write_request(id, frame)?;
        let seq = self.next_seq;
        self.next_seq += 1;
        self.live_bytes += frame.len();
        self.entries.push_back(Entry {
            seq,
            id: id.to_string(),
            offset,
            len: frame.len(),
        });
        Ok(Appended { seq, held: false })
    }

    fn pending(
        &mut self,
        after: Option<u64>,
        max: usize,
        max_bytes: u64,
    ) -> io::Result<Vec<Pending>> {
        let start = match after {
            None => 0,
            Some(s) => self.entries.partition_point(|e| e.seq <= s),
        };
        let mut out = Vec::new();
        let mut bytes = 0u64;
        for e in self.entries.range(start..).take(max) {
            if !out.is_empty() && bytes + e.len > max_bytes {
                break;
            }
            bytes += e.len;
            out.push(Pending {
                seq: e.seq,
                id: e.id.clone(),
                frame: Bytes::from(self.read_frame(e)?),
            });
        }
        Ok(out)
    }

    fn ack(&mut self, id: &str) -> io::Result<bool> {
        let Some(i) = self.entries.iter().position(|e| e.id == id) else {
            return Ok(false);
        };
        if self.entries.len() == 1 {
            // Drained: start the file over instead of recording the ack.
            self.file.set_len(0)?;
            self.end = 0;
        } else {
            self.write_ack(id)?;
        }
        let e = self.entries.remove(i).expect("index just found");
        self.live_bytes -= e.len;
        if self.end > COMPACT_BYTES && self.live_bytes * 4 < self.end {
            self.compact()?;
        }
        Ok(true)
    }

    fn len(&self) -> usize {
        self.entries.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spooled(frame: &[u8]) -> Spooled {
        Spooled::from_bytes(frame).unwrap()
    }

    fn frames(b: &mut DiskBuffer) -> Vec<(String, Vec<u8>)> {
        b.pending(None, usize::MAX, u64::MAX)
            .unwrap()
            .into_iter()
            .map(|p| (p.id, p.frame.to_vec()))
            .collect()
    }

    #[test]
    fn unacked_requests_survive_a_reopen_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.log");
        {
            let (mut b, _) = DiskBuffer::open(&path).unwrap();
            for i in 0..5u8 {
                b.append(&format!("id{i}"), &mut spooled(&vec![i; 3 + i as usize]))
                    .unwrap();
            }
            assert!(b.ack("id1").unwrap());
            assert!(!b.ack("id1").unwrap());
            assert_eq!(b.pending(Some(2), 10, u64::MAX).unwrap()[0].id, "id3");
            // A byte budget stops a batch, but never before its first frame.
            assert_eq!(b.pending(None, 10, 1).unwrap().len(), 1);
            assert_eq!(b.pending(None, 10, 8).unwrap().len(), 2);
        }
        let (mut b, torn) = DiskBuffer::open(&path).unwrap();
        assert!(torn.is_none());
        let got = frames(&mut b);
        let ids: Vec<&str> = got.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, ["id0", "id2", "id3", "id4"]);
        assert_eq!(got[3].1, vec![4u8; 7]);
        b.append("id5", &mut spooled(b"x")).unwrap();
        assert_eq!(b.len(), 5);
    }

    #[test]
    fn torn_tail_is_cut_and_draining_empties_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.log");
        {
            let (mut b, _) = DiskBuffer::open(&path).unwrap();
            b.append("a", &mut spooled(b"frame-a")).unwrap();
        }
        let mut f = OpenOptions::new().append(true).open(&path).unwrap();
        f.write_all(&[REQUEST, 0, 0, 1, 0, 1, b'b']).unwrap();
        let (mut b, torn) = DiskBuffer::open(&path).unwrap();
        assert!(torn.unwrap().contains("torn"));
        assert_eq!(frames(&mut b), vec![("a".into(), b"frame-a".to_vec())]);
        b.ack("a").unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().len(), 0);
    }

    #[test]
    fn compaction_keeps_offsets_right() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.log");
        let (mut b, _) = DiskBuffer::open(&path).unwrap();
        for i in 0..4 {
            b.append(
                &format!("k{i}"),
                &mut spooled(format!("body{i}").as_bytes()),
            )
            .unwrap();
        }
        b.ack("k0").unwrap();
        b.ack("k2").unwrap();
        b.compact().unwrap();
        let got = frames(&mut b);
        assert_eq!(
            got,
            vec![
                ("k1".into(), b"body1".to_vec()),
                ("k3".into(), b"body3".to_vec())
            ]
        );
        b.append("k4", &mut spooled(b"body4")).unwrap();
        let (mut again, _) = DiskBuffer::open(&path).unwrap();
        assert_eq!(frames(&mut again).len(), 3);
    }
}
