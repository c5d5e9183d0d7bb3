//! Reading a spool segment back: the frames after a position, checked against their CRC.

use crate::capture::Capture;
use bytes::Bytes;
use std::fs::File;
use std::io::{Read as _, Seek as _, SeekFrom};
use std::path::Path;

/// A frame starts with its payload's length and CRC-32 (4 bytes each, little-endian).
pub const HEADER: usize = 8;
/// The payload's first byte: this flag set when the capture was complete.
pub const COMPLETE: u8 = 1;

/// One frame read back: the capture, whether it was complete, where the next frame starts.
pub struct Frame {
    pub capture: Capture,
    /// Its JSON without the body, as stored in the frame.
    pub meta: Bytes,
    pub complete: bool,
    pub end: u64,
}

/// Read the frames of `path` from `from` until `to` (or its end), about `max_bytes` of them.
/// Stops at a torn last frame (a crash mid-write: nothing was acknowledged for it) and at a
/// damaged one, which is named in the second value.
pub fn read(
    path: &Path,
    from: u64,
    to: Option<u64>,
    max_bytes: u64,
) -> std::io::Result<(Vec<Frame>, Option<String>)> {
    let mut file = File::open(path)?;
    let len = file.metadata()?.len();
    let to = to.unwrap_or(len).min(len);
    let mut out = Vec::new();
    let mut at = from;
    file.seek(SeekFrom::Start(at))?;
    // Sized to what is read: a gap of a few small captures needs no megabyte buffer.
    let want = usize::try_from(to.saturating_sub(from)).unwrap_or(usize::MAX);
    let mut reader = std::io::BufReader::with_capacity(want.clamp(HEADER, 1 << 20), file);
    while at + HEADER as u64 <= to && at - from < max_bytes {
        let mut head = [0u8; HEADER];
        reader.read_exact(&mut head)?;
        let n = u32::from_le_bytes(head[..4].try_into().unwrap_or_default()) as u64;
        if at + HEADER as u64 + n > to {
            break;
        }
        let mut payload = crate::largebuf::zeroed(usize::try_from(n).unwrap_or(usize::MAX)); // large: mapped
        reader.read_exact(payload.as_mut())?;
        let crc = u32::from_le_bytes(head[4..].try_into().unwrap_or_default());
        match (crc32fast::hash(payload.as_ref()) == crc)
            .then(|| decode(payload.freeze()))
            .flatten()
        {
            Some((capture, meta, complete)) => {
                at += HEADER as u64 + n;
                out.push(Frame {
                    capture,
                    meta,
                    complete,
                    end: at,
                });
            }
            None => {
                let why = format!("damaged frame at byte {at} of {}", path.display());
                return Ok((out, Some(why)));
            }
        }
    }
    Ok((out, None))
}

fn decode(payload: Bytes) -> Option<(Capture, Bytes, bool)> {
    let complete = *payload.first()? & COMPLETE != 0;
    let meta_len = u32::from_le_bytes(payload.get(1..5)?.try_into().ok()?) as usize;
    let meta = payload.get(5..5 + meta_len)?;
    let mut c: Capture = serde_json::from_slice(meta).ok()?;
    c.body = payload.slice(5 + meta_len..);
    Some((c, payload.slice(5..5 + meta_len), complete))
}
