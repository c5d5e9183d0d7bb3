//! Channels shared by every relay node on one Redis: a stream per channel, a lease per holder.
//!
//! Keys, per channel `C`: `hookcli:ch:C:q` (a stream: one entry per request, fields `i` id,
//! `o` the node whose sender waits, `f` the frame), `hookcli:ch:C:lease` (`SESSION NODE` of
//! the listener holding it, with a time to live renewed by the holder) and the set
//! `hookcli:channels`. Pub/sub: `hookcli:wake` (a channel name: new requests to deliver) and
//! `hookcli:node:N` (answers for senders waiting on node N). A message lost on pub/sub costs
//! latency, never a request: the holder polls on every check-in and a sender with no answer
//! in time gets the 202.
//!
//! Calls are synchronous, like the disk buffer's writes: they run under the channel's lock,
//! with short timeouts so a lost Redis turns into an error (a 503 at ingress) quickly.

use super::channel::{Appended, ChannelBuffer, Pending, Spooled};
use bytes::Bytes;
use redis::{Client, Connection, RedisResult, Script, Value};
use std::cell::RefCell;
use std::collections::HashMap;
use std::io;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;

/// Longest wait for Redis on one call (connect, read or write).
const TIMEOUT: Duration = Duration::from_secs(2);
/// A lease not renewed for this long is free: the node holding it died.
pub const LEASE_TTL: Duration = Duration::from_secs(10);
const CHANNELS: &str = "hookcli:channels";

/// Take the lease when it is free, already this listener's, or taken over on purpose.
const CLAIM: &str = r"
local cur = redis.call('GET', KEYS[1])
if (not cur) or ARGV[3] == '1' or cur == ARGV[1] or string.sub(cur, 1, #ARGV[2]) == ARGV[2] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[4])
  return 1
end
return 0";
/// Renew a lease still ours (or lapsed while Redis was away); 0 when someone else has it.
const KEEP: &str = r"
local cur = redis.call('GET', KEYS[1])
if cur == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
if not cur then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0";
const RELEASE: &str = r"
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 0";

fn stream_key(channel: &str) -> String {
    format!("hookcli:ch:{channel}:q")
}

fn lease_key(channel: &str) -> String {
    format!("hookcli:ch:{channel}:lease")
}

fn node_topic(node: &str) -> String {
    format!("hookcli:node:{node}")
}

fn to_io(e: redis::RedisError) -> io::Error {
    io::Error::other(format!("redis: {e}"))
}

/// One synchronous connection, opened on first use and again after any failure: that is how
/// a node comes back by itself once Redis does.
struct Link {
    client: Client,
    conn: Option<Connection>,
}

impl Link {
    fn new(client: Client) -> Link {
        Link { client, conn: None }
    }

    fn run<T>(&mut self, f: impl FnOnce(&mut Connection) -> RedisResult<T>) -> io::Result<T> {
        if self.conn.is_none() {
            let c = self
                .client
                .get_connection_with_timeout(TIMEOUT)
                .map_err(to_io)?;
            c.set_read_timeout(Some(TIMEOUT)).map_err(to_io)?;
            c.set_write_timeout(Some(TIMEOUT)).map_err(to_io)?;
            self.conn = Some(c);
        }
        let Some(conn) = self.conn.as_mut() else {
            return Err(io::Error::other("redis: not connected"));
        };
        f(conn).inspect_err(|_| self.conn = None).map_err(to_io)
    }
}

/// What this node knows about the shared Redis.
pub struct Shared {
    client: Client,
    /// This process's id: where answers for its waiting senders are published.
    node: Arc<str>,
    /// `host:port`, for messages (the URL may carry a password).
    addr: String,
    link: std::sync::Mutex<Link>,
}

impl Shared {
    /// Check the URL and that Redis answers.
    pub fn connect(url: &str) -> Result<Shared, String> {
        let client = Client::open(url).map_err(|e| {
            format!(
                "bad --redis URL ({:?}; want redis://[:PASSWORD@]HOST:PORT/DB or rediss://...)",
                e.kind()
            )
        })?;
        let addr = client.get_connection_info().addr.to_string();
        let shared = Shared {
            node: crate::capture::new_id().into(),
            addr: addr.clone(),
            link: std::sync::Mutex::new(Link::new(client.clone())),
            client,
        };
        shared
            .ping()
            .map_err(|e| format!("cannot reach redis at {addr} ({e})"))?;
        Ok(shared)
    }

    pub fn addr(&self) -> &str {
        &self.addr
    }

    fn with<T>(&self, f: impl FnOnce(&mut Connection) -> RedisResult<T>) -> io::Result<T> {
        self.link.lock().unwrap_or_else(|p| p.into_inner()).run(f)
    }

    pub fn ping(&self) -> io::Result<()> {
        self.with(|c| redis::cmd("PING").query::<String>(c).map(drop))
    }

    pub fn known(&self) -> io::Result<Vec<String>> {
        self.with(|c| redis::cmd("SMEMBERS").arg(CHANNELS).query(c))
    }

    pub fn exists(&self, channel: &str) -> io::Result<bool> {
        self.with(|c| redis::cmd("SISMEMBER").arg(CHANNELS).arg(channel).query(c))
    }

    /// A channel's buffer on its own connection (registered as existing for every node).
    pub fn channel(&self, name: &str) -> io::Result<RedisBuffer> {
        self.with(|c| {
            redis::cmd("SADD")
                .arg(CHANNELS)
                .arg(name)
                .query::<i64>(c)
                .map(drop)
        })?;
        Ok(RedisBuffer {
            link: RefCell::new(Link::new(self.client.clone())),
            channel: name.to_string(),
            node: Arc::clone(&self.node),
            stream: stream_key(name),
            lease: lease_key(name),
            inflight: HashMap::new(),
            held: None,
        })
    }

    /// Wake-ups and answers from other nodes, for as long as the receiver lives.
    pub fn events(&self) -> mpsc::UnboundedReceiver<super::channel::Event> {
        let (tx, rx) = mpsc::unbounded_channel();
        tokio::spawn(super::redis_events::listen(
            self.client.clone(),
            node_topic(&self.node),
            tx,
        ));
        rx
    }
}

/// One channel's stream, as seen from this node.
pub struct RedisBuffer {
    link: RefCell<Link>,
    channel: String,
    node: Arc<str>,
    stream: String,
    lease: String,
    /// Delivered and not yet acked: id → (stream entry id, node whose sender waits).
    inflight: HashMap<String, (String, String)>,
    /// The lease value, while a listener on this node holds the channel.
    held: Option<String>,
}

/// A stream entry id (`ms-n`) as one increasing number, and back.
fn seq_of(entry: &str) -> u64 {
    let (ms, n) = entry.split_once('-').unwrap_or((entry, "0"));
    (ms.parse::<u64>().unwrap_or(0) << 20) | (n.parse::<u64>().unwrap_or(0) & 0xF_FFFF)
}

fn entry_of(seq: u64) -> String {
    format!("{}-{}", seq >> 20, seq & 0xF_FFFF)
}

impl RedisBuffer {
    fn run<T>(&self, f: impl FnOnce(&mut Connection) -> RedisResult<T>) -> io::Result<T> {
        self.link.borrow_mut().run(f)
    }
}

impl ChannelBuffer for RedisBuffer {
    fn append(&mut self, id: &str, frame: &mut Spooled) -> io::Result<Appended> {
        let mut bytes = Vec::with_capacity(frame.len() as usize);
        frame.copy_to(&mut bytes)?;
        // One round trip: keep it, see whether a listener holds the channel, wake the holder.
        let (entry, held): (String, bool) = self.run(|c| {
            let (entry, held, _): (String, bool, i64) = redis::pipe()
                .cmd("XADD")
                .arg(&self.stream)
                .arg("*")
                .arg("i")
                .arg(id)
                .arg("o")
                .arg(&*self.node)
                .arg("f")
                .arg(&bytes)
                .cmd("EXISTS")
                .arg(&self.lease)
                .cmd("PUBLISH")
                .arg(super::redis_events::WAKE_TOPIC)
                .arg(&self.channel)
                .query(c)?;
            Ok((entry, held))
        })?;
        Ok(Appended {
            seq: seq_of(&entry),
            held,
        })
    }

    fn pending(
        &mut self,
        after: Option<u64>,
        max: usize,
        max_bytes: u64,
    ) -> io::Result<Vec<Pending>> {
        let mut out = Vec::new();
        let mut bytes = 0u64;
        let mut cursor = after;
        // Small pages, so a byte budget stops the reading, not just the sending.
        while out.len() < max {
            let start = cursor.map_or_else(|| "-".to_string(), |s| format!("({}", entry_of(s)));
            let page = (max - out.len()).min(16);
            let reply: redis::streams::StreamRangeReply = self.run(|c| {
                redis::cmd("XRANGE")
                    .arg(&self.stream)
                    .arg(start)
                    .arg("+")
                    .arg("COUNT")
                    .arg(page)
                    .query(c)
            })?;
            let n = reply.ids.len();
            for e in reply.ids {
                let seq = seq_of(&e.id);
                cursor = Some(seq);
                let id: String = e.get("i").unwrap_or_default();
                let origin: String = e.get("o").unwrap_or_default();
                let frame: Vec<u8> = e.get("f").unwrap_or_default();
                if !out.is_empty() && bytes + frame.len() as u64 > max_bytes {
                    return Ok(out);
                }
                bytes += frame.len() as u64;
                self.inflight.insert(id.clone(), (e.id, origin));
                out.push(Pending {
                    seq,
                    id,
                    frame: Bytes::from(frame),
                });
            }
            if n < page {
                break;
            }
        }
        Ok(out)
    }

    fn ack(&mut self, id: &str) -> io::Result<bool> {
        let Some((entry, _)) = self.inflight.get(id) else {
            return Ok(false);
        };
        let entry = entry.clone();
        let n: i64 = self.run(|c| redis::cmd("XDEL").arg(&self.stream).arg(&entry).query(c))?;
        self.inflight.remove(id);
        Ok(n > 0)
    }

    fn len(&self) -> usize {
        self.run(|c| redis::cmd("XLEN").arg(&self.stream).query::<usize>(c))
            .unwrap_or(0)
    }

    fn claim(&mut self, session: &str, takeover: bool) -> io::Result<bool> {
        let value = format!("{session} {}", self.node);
        let got: i64 = self.run(|c| {
            Script::new(CLAIM)
                .key(&self.lease)
                .arg(&value)
                .arg(format!("{session} "))
                .arg(if takeover { "1" } else { "0" })
                .arg(LEASE_TTL.as_millis() as u64)
                .invoke(c)
        })?;
        if got == 1 {
            self.held = Some(value);
        }
        Ok(got == 1)
    }

    fn keep(&mut self) -> io::Result<bool> {
        let Some(value) = self.held.clone() else {
            return Ok(true);
        };
        let kept: i64 = self.run(|c| {
            Script::new(KEEP)
                .key(&self.lease)
                .arg(&value)
                .arg(LEASE_TTL.as_millis() as u64)
                .invoke(c)
        })?;
        if kept == 0 {
            self.held = None;
        }
        Ok(kept == 1)
    }

    fn release(&mut self) {
        self.inflight.clear();
        if let Some(value) = self.held.take() {
            let _ = self.run(|c| {
                Script::new(RELEASE)
                    .key(&self.lease)
                    .arg(&value)
                    .invoke::<Value>(c)
            });
        }
    }

    fn forward_answer(&mut self, id: &str, frame: &[u8]) -> bool {
        let Some((_, origin)) = self.inflight.get(id) else {
            return false;
        };
        if origin.is_empty() || **origin == *self.node {
            return false;
        }
        let mut msg = Vec::with_capacity(self.channel.len() + 1 + frame.len());
        msg.extend_from_slice(self.channel.as_bytes());
        msg.push(b'\n');
        msg.extend_from_slice(frame);
        let topic = node_topic(origin);
        self.run(|c| {
            redis::cmd("PUBLISH")
                .arg(topic)
                .arg(msg)
                .query::<i64>(c)
                .map(drop)
        })
        .is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stream_ids_keep_their_order_as_numbers() {
        let a = seq_of("1700000000000-0");
        let b = seq_of("1700000000000-7");
        let c = seq_of("1700000000001-0");
        assert!(a < b && b < c);
        assert_eq!(entry_of(b), "1700000000000-7");
    }
}
