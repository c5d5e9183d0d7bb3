//! Where a channel's requests wait until the client has stored them: the relay's only storage.
//!
//! [`ChannelBuffer`] is the seam for scaling out: one relay node keeps each channel in an
//! append-only file ([`disk::DiskBuffer`]); several nodes would share a stream in Redis
//! Streams behind the same calls (append = XADD, pending = XRANGE after a cursor, ack = XDEL).
//! Every request is appended before it is delivered or answered, and leaves only on ack: that
//! is the at-least-once guarantee. [`Buffers`] is the store as a whole: which channels exist,
//! opening one, and the spool a body streams into before it is appended (so a body is never
//! held in memory whole). Nothing outside this module knows buffers are files.

pub mod disk;

use bytes::Bytes;
use std::fs::File;
use std::io::{self, Seek as _, SeekFrom};
use std::path::{Path, PathBuf};
use tokio::io::AsyncWriteExt as _;

/// One request waiting for its ack.
#[derive(Debug, Clone)]
pub struct Pending {
    /// Position in the channel, increasing; a delivery cursor compares these.
    pub seq: u64,
    pub id: String,
    /// The protocol frame, sent to the client as it is.
    pub frame: Bytes,
}

/// A request's frame on its way into a buffer: the encoded head in memory, the body in a
/// spool file (see [`Spool`]).
pub struct Spooled {
    pub head: Bytes,
    body: File,
    body_len: u64,
}

impl Spooled {
    /// Bytes the whole frame takes.
    pub fn len(&self) -> u64 {
        self.head.len() as u64 + self.body_len
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Copy the whole frame (head, then body) into `out`.
    fn copy_to(&mut self, out: &mut impl io::Write) -> io::Result<()> {
        out.write_all(&self.head)?;
        self.body.seek(SeekFrom::Start(0))?;
        let copied = io::copy(&mut self.body, out)?;
        if copied != self.body_len {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the spooled body changed size",
            ));
        }
        Ok(())
    }

    /// The frame in memory (tests, small frames).
    pub fn from_bytes(frame: &[u8]) -> io::Result<Spooled> {
        let mut body = tempfile::tempfile()?;
        io::Write::write_all(&mut body, frame)?;
        Ok(Spooled {
            head: Bytes::new(),
            body,
            body_len: frame.len() as u64,
        })
    }
}

/// A body being received: chunks go to an unnamed temporary file, so a crash leaves nothing
/// behind and thirty 24 MiB uploads cost thirty file handles, not 720 MiB of memory.
pub struct Spool {
    file: tokio::fs::File,
    len: u64,
}

impl Spool {
    pub async fn write(&mut self, chunk: &[u8]) -> io::Result<()> {
        self.file.write_all(chunk).await?;
        self.len += chunk.len() as u64;
        Ok(())
    }

    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The body is complete: put `head` in front of it.
    pub async fn finish(mut self, head: Bytes) -> io::Result<Spooled> {
        self.file.flush().await?;
        Ok(Spooled {
            head,
            body: self.file.into_std().await,
            body_len: self.len,
        })
    }
}

/// A channel's queue of unacked requests, in arrival order.
pub trait ChannelBuffer: Send {
    /// Keep a request; when this returns it survives a relay crash. Returns its seq.
    fn append(&mut self, id: &str, frame: &mut Spooled) -> io::Result<u64>;
    /// Unacked requests with a seq after `after` (all when `None`), oldest first: at most
    /// `max` of them and, past the first, no more than `max_bytes` of frames in all.
    fn pending(
        &mut self,
        after: Option<u64>,
        max: usize,
        max_bytes: u64,
    ) -> io::Result<Vec<Pending>>;
    /// The client stored `id`: it leaves the buffer. False when it was not pending.
    fn ack(&mut self, id: &str) -> io::Result<bool>;
    /// How many requests wait.
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Every channel's buffer, under one store directory: `channels/{name}.log`, `spool/`.
#[derive(Debug, Clone)]
pub struct Buffers {
    dir: PathBuf,
}

impl Buffers {
    /// Create the store's folders (or find them).
    pub fn open(dir: &Path) -> io::Result<Buffers> {
        std::fs::create_dir_all(dir.join("channels"))?;
        std::fs::create_dir_all(dir.join("spool"))?;
        Ok(Buffers {
            dir: dir.to_path_buf(),
        })
    }

    /// Channels that have a buffer already (held by a listener once, in this run or before).
    pub fn known(&self) -> io::Result<Vec<String>> {
        let mut names = Vec::new();
        for entry in std::fs::read_dir(self.dir.join("channels"))? {
            let name = entry?.file_name();
            let Some(stem) = name.to_str().and_then(|n| n.strip_suffix(".log")) else {
                continue;
            };
            if super::protocol::valid_channel(stem) {
                names.push(stem.to_string());
            }
        }
        Ok(names)
    }

    /// Open (or create) a channel's buffer; the text is a warning worth printing (a torn
    /// record cut off after a crash).
    pub fn channel(&self, name: &str) -> io::Result<(Box<dyn ChannelBuffer>, Option<String>)> {
        let path = self.dir.join("channels").join(format!("{name}.log"));
        let (b, torn) = disk::DiskBuffer::open(&path)?;
        Ok((Box::new(b), torn))
    }

    /// A fresh spool for one body.
    pub fn spool(&self) -> io::Result<Spool> {
        let file = tempfile::tempfile_in(self.dir.join("spool"))?;
        Ok(Spool {
            file: tokio::fs::File::from_std(file),
            len: 0,
        })
    }
}
