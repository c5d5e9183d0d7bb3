//! One channel's buffer as every backend sees it: the [`ChannelBuffer`] trait, the records
//! it hands out, the spool a body streams into, and the events other nodes send.

use bytes::Bytes;
use std::fs::File;
use std::io::{self, Seek as _, SeekFrom};
use std::path::Path;
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
    pub(super) fn copy_to(&mut self, out: &mut impl io::Write) -> io::Result<()> {
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
    /// A fresh, unnamed spool file in `dir`.
    pub(super) fn in_dir(dir: &Path) -> io::Result<Spool> {
        let file = tempfile::tempfile_in(dir)?;
        Ok(Spool {
            file: tokio::fs::File::from_std(file),
            len: 0,
        })
    }

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

/// A request just kept.
#[derive(Debug, Clone, Copy)]
pub struct Appended {
    pub seq: u64,
    /// A listener on another node holds the channel: its answer may still come back here.
    pub held: bool,
}

/// What other nodes tell this one (shared buffers only).
#[derive(Debug)]
pub enum Event {
    /// New requests on this channel: its holder should deliver.
    Wake(String),
    /// The answer frame (a client message) for a sender waiting here.
    Answer { channel: String, frame: Bytes },
    /// Wake-ups may have been missed: every holder here should look again.
    Resync,
}

/// A channel's queue of unacked requests, in arrival order.
pub trait ChannelBuffer: Send {
    /// Keep a request; when this returns it survives a relay crash (or is in Redis).
    fn append(&mut self, id: &str, frame: &mut Spooled) -> io::Result<Appended>;
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
    /// A listener (`session`) wants to hold the channel: false when one elsewhere holds it
    /// (and this is no takeover). Exactly one claim of several at once succeeds.
    fn claim(&mut self, _session: &str, _takeover: bool) -> io::Result<bool> {
        Ok(true)
    }
    /// Renew this node's claim; false once another listener has taken it.
    fn keep(&mut self) -> io::Result<bool> {
        Ok(true)
    }
    /// The holder here is gone: free the claim.
    fn release(&mut self) {}
    /// Send the answer to `id` to the node where its sender waits, if that is another node.
    fn forward_answer(&mut self, _id: &str, _frame: &[u8]) -> bool {
        false
    }
}

/// How often a holder checks in: renews its claim and looks for requests it was not woken for.
pub const CHECK_IN: std::time::Duration = std::time::Duration::from_secs(1);
