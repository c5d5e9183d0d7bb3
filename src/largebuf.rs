//! Byte buffers that hold a large body in memory of their own.
//!
//! Why: a body that grows frame by frame (chunked, or larger than its first frames)
//! doubles a buffer from the allocator's heaps, and glibc keeps what is freed there (and
//! raises its threshold for using mappings after each large free). Thirty chunked 20 MiB
//! requests at once left a listener about 600 MB larger for good. An anonymous mapping goes
//! back to the system as soon as the last `Bytes` of it is dropped.

use bytes::{Bytes, BytesMut};
use memmap2::MmapMut;

/// Buffers from this size on are mappings of their own.
pub const OWN_MAPPING: usize = 1 << 20;

/// `n` zero bytes to read into, a mapping when large; [`Buf::freeze`] it when filled.
pub fn zeroed(n: usize) -> Buf {
    if n >= OWN_MAPPING
        && let Some(Buf::Mapped { map, .. }) = Buf::mapped(n)
    {
        return Buf::Mapped { map, len: n };
    }
    Buf::Heap {
        bytes: BytesMut::zeroed(n),
        cap: n,
    }
}

impl AsRef<[u8]> for Buf {
    fn as_ref(&self) -> &[u8] {
        match self {
            Buf::Heap { bytes, .. } => bytes,
            Buf::Mapped { map, len } => &map[..*len],
        }
    }
}

impl AsMut<[u8]> for Buf {
    fn as_mut(&mut self) -> &mut [u8] {
        match self {
            Buf::Heap { bytes, .. } => bytes,
            Buf::Mapped { map, len } => &mut map[..*len],
        }
    }
}

/// A body being read: on the heap while small, in a mapping once large.
pub enum Buf {
    Heap { bytes: BytesMut, cap: usize },
    Mapped { map: MmapMut, len: usize },
}

impl Buf {
    /// `announced`: the size the sender said it sends; `cap`: the most it may hold.
    pub fn new(announced: Option<usize>, cap: usize) -> Buf {
        match announced {
            Some(n) if n >= OWN_MAPPING => Buf::mapped(n.min(cap))
                .unwrap_or_else(|| Buf::heap(BytesMut::with_capacity(n), cap)),
            n => Buf::heap(BytesMut::with_capacity(n.unwrap_or(0)), cap),
        }
    }

    fn heap(bytes: BytesMut, cap: usize) -> Buf {
        Buf::Heap { bytes, cap }
    }

    /// A mapping of `size` bytes: only the pages written are ever backed by memory, so a
    /// body of unknown length can reserve its limit.
    fn mapped(size: usize) -> Option<Buf> {
        MmapMut::map_anon(size.max(1))
            .ok()
            .map(|map| Buf::Mapped { map, len: 0 })
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn len(&self) -> usize {
        match self {
            Buf::Heap { bytes, .. } => bytes.len(),
            Buf::Mapped { len, .. } => *len,
        }
    }

    /// Append `data` (the caller keeps the total within the limit).
    pub fn push(&mut self, data: &[u8]) {
        match self {
            Buf::Heap { bytes, cap } => {
                if bytes.len() + data.len() >= OWN_MAPPING
                    && let Some(mut big) = Buf::mapped(*cap)
                {
                    big.push(bytes);
                    big.push(data);
                    *self = big;
                } else {
                    bytes.extend_from_slice(data);
                }
            }
            Buf::Mapped { map, len } => {
                // A sender cannot send more than it announced (hyper ends the body there);
                // a mapping is never written past its end either way.
                let n = data.len().min(map.len() - *len);
                map[*len..*len + n].copy_from_slice(&data[..n]);
                *len += n;
            }
        }
    }

    pub fn freeze(self) -> Bytes {
        match self {
            Buf::Heap { bytes, .. } => bytes.freeze(),
            Buf::Mapped { map, len } => Bytes::from_owner(map).slice(..len),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_zeroed_buffer_is_a_mapping_and_freezes_to_what_was_written() {
        let mut b = zeroed(2 << 20);
        assert!(matches!(b, Buf::Mapped { .. }));
        b.as_mut()[5] = 7;
        let frozen = b.freeze();
        assert_eq!((frozen.len(), frozen[5], frozen[6]), (2 << 20, 7, 0));
        let mut small = zeroed(3);
        small.as_mut().copy_from_slice(b"abc");
        assert_eq!(small.freeze(), Bytes::from_static(b"abc"));
    }

    #[test]
    fn a_growing_body_moves_to_a_mapping_and_keeps_every_byte_in_order() {
        let mut b = Buf::new(None, 8 << 20);
        let mut want = Vec::new();
        for i in 0..300u32 {
            let chunk: Vec<u8> = (0..7001).map(|j| (i * 31 + j) as u8).collect();
            b.push(&chunk);
            want.extend_from_slice(&chunk);
        }
        assert!(matches!(b, Buf::Mapped { .. }), "2 MB ends in a mapping");
        assert_eq!(b.freeze(), Bytes::from(want));
    }

    #[test]
    fn an_announced_large_body_is_mapped_at_its_size_and_a_small_one_is_not() {
        let mut b = Buf::new(Some(3 << 20), 25 << 20);
        assert!(matches!(&b, Buf::Mapped { map, .. } if map.len() == 3 << 20));
        b.push(b"abc");
        assert_eq!(b.freeze(), Bytes::from_static(b"abc"));
        assert!(matches!(Buf::new(Some(10), 25 << 20), Buf::Heap { .. }));
        // Never written past the end of the mapping.
        let mut b = Buf::new(Some(OWN_MAPPING as u64 as usize), OWN_MAPPING);
        b.push(&vec![1u8; OWN_MAPPING + 10]);
        assert_eq!(b.freeze().len(), OWN_MAPPING);
    }
}
