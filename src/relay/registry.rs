//! The relay's state: which channels exist, who holds each, and the rate buckets.
//!
//! A channel exists when a token names it or a listener has held it (its buffer is on disk);
//! ingress never creates one, so strangers cannot make the relay open files or memory for
//! channels nobody reads. One listener holds a channel at a time: the same listener
//! reconnecting (same session id) gets it back, another one is refused unless it asks to
//! take over, and then the replaced one is told to stop.

use super::auth::Bucket;
use super::buffer::{Buffers, ChannelBuffer, Event};
use super::limits::RelayConfig;
use anyhow::Context as _;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::time::Instant;
use tokio::sync::{Notify, oneshot};

/// The local answer a client sent back for one request.
#[derive(Debug)]
pub(super) struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: bytes::Bytes,
}

/// Why a holder's connection is being ended by the relay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kick {
    /// Another listener took the channel (`--takeover`): tell it to stop for good.
    TakenOver,
    /// The same listener connected again (its old link is dead): just close.
    Reconnected,
}

/// The connection currently holding a channel.
pub(super) struct Slot {
    pub generation: u64,
    pub grant: usize,
    /// The listener process's id, from the upgrade request.
    pub session: String,
    /// Rung on every append so the connection sends it.
    pub wake: Arc<Notify>,
    /// Fired when the relay ends this connection on purpose.
    pub kick: Option<oneshot::Sender<Kick>>,
}

pub(super) struct ChannelState {
    pub buffer: Box<dyn ChannelBuffer>,
    /// Senders waiting for their answer, by request id.
    pub waiters: HashMap<String, oneshot::Sender<Answer>>,
    pub client: Option<Slot>,
}

pub(super) struct Channel {
    pub name: String,
    state: Mutex<ChannelState>,
}

impl Channel {
    pub fn lock(&self) -> MutexGuard<'_, ChannelState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Tell the connection holding this channel here (if any) to look for requests.
    fn wake_holder(&self) {
        if let Some(slot) = &self.lock().client {
            slot.wake.notify_one();
        }
    }
}

/// Why a channel could not be had.
#[derive(Debug, thiserror::Error)]
pub(super) enum ChannelError {
    #[error("no channel {0} on this relay (a listener creates it by connecting)")]
    Unknown(String),
    #[error("the relay keeps at most {0} channels (--max-total-channels)")]
    Full(usize),
    #[error("cannot open the buffer of channel {0} ({1})")]
    Io(String, std::io::Error),
}

/// One relay node's state.
pub struct Relay {
    pub(super) config: RelayConfig,
    buffers: Buffers,
    /// Channels whose buffer is open, by name.
    open: Mutex<HashMap<String, Arc<Channel>>>,
    /// Every channel that exists: named by a token, or held by a listener once.
    known: Mutex<HashSet<String>>,
    pub(super) buckets: Mutex<Vec<Bucket>>,
    /// Channels connected per grant.
    pub(super) connected: Mutex<HashMap<usize, HashSet<String>>>,
    generation: AtomicU64,
    _lock: std::fs::File,
}

pub(super) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Relay {
    /// Open the store (one relay per store: it is locked) and get ready to serve.
    pub fn open(config: RelayConfig) -> anyhow::Result<Arc<Relay>> {
        Relay::open_with(config, None)
    }

    /// Like [`Relay::open`], keeping channels in Redis when `shared` is given (then every node
    /// on that Redis serves the same channels). Needs a tokio runtime for Redis's events.
    pub fn open_with(
        config: RelayConfig,
        shared: Option<super::buffer::redis::Shared>,
    ) -> anyhow::Result<Arc<Relay>> {
        let mut buffers = Buffers::open(&config.store)
            .with_context(|| format!("cannot create relay store {}", config.store.display()))?;
        if let Some(shared) = shared {
            buffers = buffers.with_redis(shared);
        }
        let lock_path = config.store.join("relay.lock");
        let lock_file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .with_context(|| format!("cannot open {}", lock_path.display()))?;
        if lock_file.try_lock().is_err() {
            return Err(crate::error::fail(format!(
                "relay store {} is in use by another relay",
                config.store.display()
            )));
        }
        let mut known: HashSet<String> = buffers
            .known()
            .with_context(|| format!("cannot read relay store {}", buffers.describe()))?
            .into_iter()
            .collect();
        known.extend(config.grants.named().map(str::to_string));
        let now = Instant::now();
        let buckets = (0..config.grants.len())
            .map(|_| Bucket::new(config.rate, (config.rate * 2.0).max(1.0), now))
            .collect();
        let events = buffers.events();
        let relay = Arc::new(Relay {
            config,
            buffers,
            open: Mutex::new(HashMap::new()),
            known: Mutex::new(known),
            buckets: Mutex::new(buckets),
            connected: Mutex::new(HashMap::new()),
            generation: AtomicU64::new(1),
            _lock: lock_file,
        });
        if let Some(rx) = events {
            tokio::spawn(route_events(Arc::downgrade(&relay), rx));
        }
        Ok(relay)
    }

    pub(super) fn buffers(&self) -> &Buffers {
        &self.buffers
    }

    pub(super) fn log(&self, msg: impl AsRef<str>) {
        if self.config.log {
            eprintln!("hookcli: relay: {}", msg.as_ref());
        }
    }

    pub(super) fn next_generation(&self) -> u64 {
        self.generation.fetch_add(1, Ordering::Relaxed)
    }

    /// Does the channel exist (so ingress may buffer for it)? A channel another node created
    /// exists here too, once asked about.
    pub fn exists(&self, name: &str) -> bool {
        if lock(&self.known).contains(name) {
            return true;
        }
        let elsewhere = self.buffers.exists_elsewhere(name);
        if elsewhere {
            lock(&self.known).insert(name.to_string());
        }
        elsewhere
    }

    /// A channel whose buffer is open here.
    fn opened(&self, name: &str) -> Option<Arc<Channel>> {
        lock(&self.open).get(name).cloned()
    }

    /// How many channels exist.
    pub fn channel_count(&self) -> usize {
        lock(&self.known).len()
    }

    /// An existing channel, opening its buffer on first use; with `create`, a new one too
    /// (a listener connecting), within `--max-total-channels`.
    pub(super) fn channel(&self, name: &str, create: bool) -> Result<Arc<Channel>, ChannelError> {
        let mut open = lock(&self.open);
        if let Some(c) = open.get(name) {
            return Ok(Arc::clone(c));
        }
        {
            let known = lock(&self.known);
            if !known.contains(name) {
                if !create {
                    return Err(ChannelError::Unknown(name.to_string()));
                }
                if known.len() >= self.config.max_total_channels {
                    return Err(ChannelError::Full(self.config.max_total_channels));
                }
            }
        }
        let (buffer, torn) = self
            .buffers
            .channel(name)
            .map_err(|e| ChannelError::Io(name.to_string(), e))?;
        lock(&self.known).insert(name.to_string());
        if let Some(w) = torn {
            eprintln!("hookcli: warning: {w}");
        }
        if !buffer.is_empty() {
            self.log(format!(
                "channel {name}: {} buffered requests waiting",
                buffer.len()
            ));
        }
        let c = Arc::new(Channel {
            name: name.to_string(),
            state: Mutex::new(ChannelState {
                buffer,
                waiters: HashMap::new(),
                client: None,
            }),
        });
        open.insert(name.to_string(), Arc::clone(&c));
        Ok(c)
    }

    /// Requests waiting in a channel's buffer (for tests and health checks).
    pub fn pending(&self, channel: &str) -> usize {
        self.channel(channel, false)
            .map_or(0, |c| c.lock().buffer.len())
    }
}

/// Act on what other nodes say: wake this node's holders, hand answers to waiting senders.
async fn route_events(relay: Weak<Relay>, mut rx: tokio::sync::mpsc::UnboundedReceiver<Event>) {
    while let Some(event) = rx.recv().await {
        let Some(relay) = relay.upgrade() else {
            return;
        };
        match event {
            Event::Wake(name) => {
                if let Some(c) = relay.opened(&name) {
                    c.wake_holder();
                }
            }
            Event::Resync => {
                let open: Vec<_> = lock(&relay.open).values().cloned().collect();
                for c in open {
                    c.wake_holder();
                }
            }
            Event::Answer { channel, frame } => {
                let Some(c) = relay.opened(&channel) else {
                    continue;
                };
                let Ok((
                    super::protocol::ClientMessage::Answer {
                        id,
                        status,
                        headers,
                    },
                    body,
                )) = super::protocol::decode::<super::protocol::ClientMessage>(&frame)
                else {
                    continue;
                };
                let waiter = c.lock().waiters.remove(&id);
                if let Some(w) = waiter {
                    let _ = w.send(Answer {
                        status,
                        headers,
                        body,
                    });
                }
            }
        }
    }
}
