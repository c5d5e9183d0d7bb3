//! Where a channel's requests wait until the client has stored them: the relay's only storage.
//!
//! [`ChannelBuffer`] is the seam for scaling out: one relay node keeps each channel in an
//! append-only file ([`disk::DiskBuffer`]); several nodes share a stream in Redis Streams
//! ([`redis::RedisBuffer`]: append = XADD, pending = XRANGE after a cursor, ack = XDEL), plus
//! a lease saying which node holds the listener. Every request is appended before it is
//! delivered or answered, and leaves only on ack: that is the at-least-once guarantee.
//! [`Buffers`] is the store as a whole: which channels exist, opening one, the spool a body
//! streams into before it is appended, and (shared) the events other nodes send. Nothing
//! outside this module knows whether buffers are files or Redis.

mod channel;
pub mod disk;
pub mod redis;
mod redis_events;

use std::io;
use std::path::{Path, PathBuf};

pub use channel::{Appended, CHECK_IN, ChannelBuffer, Event, Pending, Spool, Spooled};

/// Every channel's buffer, under one store directory: `channels/{name}.log`, `spool/`; or,
/// shared with other nodes, in Redis (the directory then only holds spools).
#[derive(Clone)]
pub struct Buffers {
    dir: PathBuf,
    shared: Option<std::sync::Arc<redis::Shared>>,
}

impl Buffers {
    /// Create the store's folders (or find them).
    pub fn open(dir: &Path) -> io::Result<Buffers> {
        std::fs::create_dir_all(dir.join("channels"))?;
        std::fs::create_dir_all(dir.join("spool"))?;
        Ok(Buffers {
            dir: dir.to_path_buf(),
            shared: None,
        })
    }

    /// Keep channels in Redis, shared with every node using it (spools stay in `dir`).
    pub fn with_redis(mut self, shared: redis::Shared) -> Buffers {
        self.shared = Some(std::sync::Arc::new(shared));
        self
    }

    /// Where buffers live, for messages: `redis HOST:PORT` or the directory.
    pub fn describe(&self) -> String {
        match &self.shared {
            Some(s) => format!("redis {}", s.addr()),
            None => self.dir.display().to_string(),
        }
    }

    /// Is the storage reachable? `None` for the local disk (nothing to report).
    pub fn health(&self) -> Option<io::Result<()>> {
        self.shared.as_ref().map(|s| s.ping())
    }

    /// Does another node know this channel? (Never, on the local disk.)
    pub fn exists_elsewhere(&self, name: &str) -> bool {
        self.shared
            .as_ref()
            .is_some_and(|s| s.exists(name).unwrap_or(false))
    }

    /// Wake-ups and answers from other nodes; `None` when nothing is shared. Needs a runtime.
    pub fn events(&self) -> Option<tokio::sync::mpsc::UnboundedReceiver<Event>> {
        self.shared.as_ref().map(|s| s.events())
    }

    /// Channels that have a buffer already (held by a listener once, in this run or before).
    pub fn known(&self) -> io::Result<Vec<String>> {
        if let Some(s) = &self.shared {
            return Ok(s
                .known()?
                .into_iter()
                .filter(|n| super::protocol::valid_channel(n))
                .collect());
        }
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
        if let Some(s) = &self.shared {
            return Ok((Box::new(s.channel(name)?), None));
        }
        let path = self.dir.join("channels").join(format!("{name}.log"));
        let (b, torn) = disk::DiskBuffer::open(&path)?;
        Ok((Box::new(b), torn))
    }

    /// A fresh spool for one body.
    pub fn spool(&self) -> io::Result<Spool> {
        Spool::in_dir(&self.dir.join("spool"))
    }
}
