//! Idle client connections to targets, kept per thread so a forward never changes threads.
//!
//! hyper-util's pooled client runs each connection on a task of its own and hands requests
//! to it through a channel; on a multi-thread runtime that task often sits on the other
//! core, so every forward paid two cross-thread wake-ups. Here a connection is made with
//! `hyper::client::conn::http1` from the request's own task; its driver is spawned on the
//! same thread, and it goes back to that thread's idle list when the answer is read. The
//! listener runs one single-thread runtime per core, so there it never leaves its core.

use bytes::Bytes;
use http::Request;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::client::conn::http1::SendRequest;
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::connect::HttpConnector;
use std::collections::HashMap;
use std::sync::Mutex;
use std::thread::ThreadId;
use std::time::{Duration, Instant};

/// An idle connection unused for this long is closed rather than reused (dev servers often
/// close theirs after a few seconds; a stale one costs a failed try).
const IDLE_TIMEOUT: Duration = Duration::from_secs(60);
/// Idle connections kept per thread and target; more are closed when they come back.
const MAX_IDLE: usize = 64;

type Sender = SendRequest<Full<Bytes>>;
/// A thread and the `scheme://authority/` its connections go to.
type Key = (ThreadId, String);

/// The idle connections of one forwarder, by thread and target.
pub struct Pool {
    connector: HttpsConnector<HttpConnector>,
    idle: Mutex<HashMap<Key, Vec<(Sender, Instant)>>>,
}

/// A connection lent to one exchange; give it back with [`Pool::put`] once the answer is read.
pub struct Lent {
    key: Key,
    sender: Sender,
}

impl Pool {
    pub fn new(connector: HttpsConnector<HttpConnector>) -> Pool {
        Pool {
            connector,
            idle: Mutex::new(HashMap::new()),
        }
    }

    /// Send `req` (origin- or asterisk-form, `Host` set) to `base` (`scheme://authority/`),
    /// on an idle connection of this thread when there is one that still works.
    pub async fn send(
        &self,
        base: &str,
        mut req: Request<Full<Bytes>>,
    ) -> Result<(http::Response<Incoming>, Lent), String> {
        let key = (std::thread::current().id(), base.to_string());
        while let Some(mut sender) = self.take(&key) {
            // Waits only for the driver to finish the previous exchange; a closed one errs.
            if sender.ready().await.is_err() {
                continue;
            }
            match sender.try_send_request(req).await {
                Ok(resp) => return Ok((resp, Lent { key, sender })),
                Err(mut e) => match e.take_message() {
                    // Closed by the target before our request went out: try the next one.
                    Some(back) => req = back,
                    None => return Err(crate::http::describe(e.error())),
                },
            }
        }
        let mut sender = self.connect(base).await?;
        let resp = sender
            .send_request(req)
            .await
            .map_err(|e| crate::http::describe(&e))?;
        Ok((resp, Lent { key, sender }))
    }

    /// Give a connection back after its answer was read to the end.
    pub fn put(&self, lent: Lent) {
        if lent.sender.is_closed() {
            return;
        }
        let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
        let list = idle.entry(lent.key).or_default();
        if list.len() < MAX_IDLE {
            list.push((lent.sender, Instant::now()));
        }
    }

    /// The most recently used idle connection of this thread to this target.
    fn take(&self, key: &Key) -> Option<Sender> {
        let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
        let list = idle.get_mut(key)?;
        // The oldest sit at the front: drop those idle too long.
        let fresh = list.partition_point(|(_, at)| at.elapsed() > IDLE_TIMEOUT);
        list.drain(..fresh);
        list.pop().map(|(s, _)| s)
    }

    async fn connect(&self, base: &str) -> Result<Sender, String> {
        use tower_service::Service as _;
        let uri: http::Uri = base.parse().map_err(|e| format!("bad URL ({e})"))?;
        let io = self
            .connector
            .clone()
            .call(uri)
            .await
            .map_err(|e| crate::http::describe(e.as_ref()))?;
        let (sender, conn) = hyper::client::conn::http1::handshake(io)
            .await
            .map_err(|e| crate::http::describe(&e))?;
        // Spawned from the request's task, the driver stays on this thread's runtime.
        tokio::spawn(async move {
            let _ = conn.await;
        });
        Ok(sender)
    }
}
