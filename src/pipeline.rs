//! What happens to every captured request, whatever its source: verify, forward, store,
//! answer, announce. The store write always comes before the answer to the sender.

use crate::capture::{Capture, Forward};
use crate::event::{Event, RelayState};
use crate::forward::{Answer, Forwarder};
use crate::store::Store;
use crate::target::{Route, Target, pick_route};
use bytes::Bytes;
use http::StatusCode;
use http::header::{HeaderMap, HeaderName, HeaderValue};
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::mpsc::UnboundedSender;

/// The configured answer when nothing is forwarded (or with `--ack`).
#[derive(Debug, Clone)]
pub struct Respond {
    pub status: StatusCode,
    pub headers: Vec<(HeaderName, HeaderValue)>,
    pub body: Bytes,
}

impl Default for Respond {
    fn default() -> Self {
        Respond {
            status: StatusCode::OK,
            headers: Vec::new(),
            body: Bytes::new(),
        }
    }
}

/// Everything `listen` decided at start-up.
#[derive(Debug, Default)]
pub struct Config {
    /// Secrets per provider (`--secret`, `HOOKCLI_SECRET_*`).
    pub secrets: crate::verify::Secrets,
    /// `--provider`: skip detection.
    pub provider: Option<String>,
    /// `--public-url`: what the provider called, for schemes that sign the URL.
    pub public_url: Option<String>,
    pub forwards: Vec<Target>,
    pub routes: Vec<Route>,
    pub ack: bool,
    pub respond: Respond,
    pub save_dir: Option<PathBuf>,
    /// Shown in the 413 answer.
    pub max_body: u64,
    /// `--retries --retry-speed N`: deliver failed requests again, N times faster.
    pub retry_speed: Option<u32>,
}

/// The answer the sender gets.
/// The answer header naming the capture a listener stored for a request.
pub const CAPTURE_HEADER: &str = "x-hookcli-capture";

#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
    /// Why the capture is not in the store, when writing it failed (`None`: stored, or
    /// running without a store). The relay client acks only what is stored.
    pub unstored: Option<String>,
}

impl Reply {
    /// A plain-text one-liner, as hookcli's own answers are.
    pub fn text(status: StatusCode, msg: impl Into<String>) -> Reply {
        let (headers, body) = crate::http::text_parts(msg);
        Reply {
            status,
            headers,
            body,
            unstored: None,
        }
    }

    /// `405` for `CONNECT`, with the `Allow` header RFC 9110 §15.5.6 asks for.
    pub fn connect_refused() -> Reply {
        let mut r = Reply::text(
            StatusCode::METHOD_NOT_ALLOWED,
            "hookcli: CONNECT is not supported (hookcli captures requests; it is not a proxy)",
        );
        r.headers.insert(
            http::header::ALLOW,
            HeaderValue::from_static("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, TRACE"),
        );
        r
    }

    fn from_answer(a: Answer) -> Reply {
        Reply {
            status: a.status,
            headers: a.headers,
            body: a.body,
            unstored: None,
        }
    }

    fn from_handshake(h: crate::verify::Handshake) -> Reply {
        let mut headers = HeaderMap::new();
        for (k, v) in &h.headers {
            if let (Ok(k), Ok(v)) = (
                HeaderName::from_bytes(k.as_bytes()),
                HeaderValue::from_str(v),
            ) {
                headers.append(k, v);
            }
        }
        Reply {
            status: StatusCode::from_u16(h.status).unwrap_or(StatusCode::OK),
            headers,
            body: h.body,
            unstored: None,
        }
    }

    fn from_respond(r: &Respond) -> Reply {
        let mut headers = HeaderMap::new();
        for (k, v) in &r.headers {
            headers.append(k.clone(), v.clone());
        }
        Reply {
            status: r.status,
            headers,
            body: r.body.clone(),
            unstored: None,
        }
    }
}

/// The shared pipeline of one process.
pub struct Pipeline {
    pub config: Config,
    pub forwarder: Forwarder,
    pub store: Option<Store>,
    events: UnboundedSender<Event>,
    /// Whether captures are announced as events (views without a store need them).
    capture_events: bool,
    /// Which attempt of each delivery id this process saw last (see [`Pipeline::stamp`]).
    attempts: crate::retry::Attempts,
    /// `--retries`: what is scheduled, and how to stop it.
    pub retrier: crate::retry::Retrier,
}

impl Pipeline {
    pub fn new(
        config: Config,
        forwarder: Forwarder,
        store: Option<Store>,
        events: UnboundedSender<Event>,
    ) -> Pipeline {
        Pipeline {
            forwarder,
            store,
            events,
            capture_events: true,
            attempts: crate::retry::Attempts::default(),
            retrier: crate::retry::Retrier::new(config.retry_speed),
            config,
        }
    }

    /// Send no [`Event::Capture`]: for a listener whose views follow the store (a wake-up
    /// of a thread that only drops the event cost a tenth of the CPU under load).
    pub fn without_capture_events(mut self) -> Pipeline {
        self.capture_events = false;
        self
    }

    /// Set `c`'s delivery id, budget and attempt (the store and this process count the
    /// captures of each delivery id).
    pub fn stamp(&self, c: &mut Capture) {
        crate::verify::delivery::stamp(c);
        c.attempt =
            (c.delivery_id.as_deref()).map(|id| self.attempts.next(id, self.store.as_ref()));
    }

    /// The targets a request to `path` goes to: its route, else every `--forward`.
    pub fn targets_for(&self, path: &str) -> Vec<Target> {
        match pick_route(&self.config.routes, path) {
            Some(r) => vec![r.target.clone()],
            None => self.config.forwards.clone(),
        }
    }

    /// True when captures go to a store.
    pub fn has_store(&self) -> bool {
        self.store.is_some()
    }

    pub fn warn(&self, msg: impl Into<String>) {
        let _ = self.events.send(Event::Warning(msg.into()));
    }

    /// Tell the sinks how the relay link is doing.
    pub fn relay_state(&self, state: RelayState) {
        let _ = self.events.send(Event::Relay(state));
    }

    /// The signature verdict for `c` as of when it was received.
    pub fn verify(&self, c: &Capture) -> Option<crate::capture::Signature> {
        let ctx = crate::verify::Context {
            now: c.received_at.unix_timestamp(),
            public_url: self.config.public_url.as_deref(),
            provider: self.config.provider.as_deref(),
        };
        crate::verify::verify(c, &self.config.secrets, &ctx)
    }

    /// Take one freshly captured request through the whole flow and say what to answer.
    pub async fn handle(self: &Arc<Self>, mut c: Capture) -> Reply {
        if c.method.eq_ignore_ascii_case("CONNECT") {
            // A tunnel request: hookcli is no proxy. Stored, answered here, never forwarded.
            return self.finish_now(c, Reply::connect_refused()).await;
        }
        c.signature = self.verify(&c);
        self.stamp(&mut c);
        if c.truncated() {
            let reply = Reply::text(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!(
                    "hookcli: request body of {} bytes is over --max-body {} bytes",
                    c.body_size, self.config.max_body
                ),
            );
            return self.finish_now(c, reply).await;
        }
        let targets = self.targets_for(c.path());
        if targets.is_empty() {
            // Nobody to forward to: answer the providers' URL handshakes ourselves.
            let reply = match crate::verify::handshake(&c, &self.config.secrets) {
                Some(h) => {
                    c.handshake = Some(h.name.to_string());
                    Reply::from_handshake(h)
                }
                None => Reply::from_respond(&self.config.respond),
            };
            return self.finish_now(c, reply).await;
        }
        if self.config.ack {
            let reply = Reply::from_respond(&self.config.respond);
            c.response_status = Some(reply.status.as_u16());
            let c = Arc::new(c);
            if let Err(reply) = self.persist(&c, false).await {
                return *reply;
            }
            self.announce(&c, false, None);
            let this = Arc::clone(self);
            tokio::spawn(async move {
                let mut c = Arc::unwrap_or_clone(c);
                c.forwards = this.forward_all(&targets, &c).await;
                crate::retry::after(&this, &c, targets);
                this.finish(c).await;
            });
            return reply;
        }

        // Copies go out at the same time as the first target; only the first decides the answer.
        let first = targets[0].clone();
        let shared = Arc::new(c);
        let copies = (targets.len() > 1).then(|| {
            let this = Arc::clone(self);
            let rest = targets[1..].to_vec();
            let c = Arc::clone(&shared);
            tokio::spawn(async move { this.forward_all(&rest, &c).await })
        });
        let (record, answer) = self.forwarder.send(&first, &shared).await;
        let mut c = Arc::unwrap_or_clone(shared);
        let reply = match answer {
            Some(a) => Reply::from_answer(a),
            None => Reply::text(
                StatusCode::BAD_GATEWAY,
                format!(
                    "hookcli: cannot forward to {} ({})",
                    record.target,
                    unlabelled(&record)
                ),
            ),
        };
        c.forwards.push(record);
        c.response_status = Some(reply.status.as_u16());
        crate::retry::after(self, &c, targets);
        let c = Arc::new(c);
        if let Err(reply) = self.persist(&c, copies.is_none()).await {
            return *reply;
        }
        match copies {
            None => self.complete_stored(c),
            Some(task) => {
                self.announce(&c, false, None);
                let this = Arc::clone(self);
                tokio::spawn(async move {
                    let more = task.await.unwrap_or_default();
                    let mut c = Arc::unwrap_or_clone(c);
                    c.forwards.extend(more);
                    this.finish(c).await;
                });
            }
        }
        reply
    }

    /// Forward `c` to `targets` and keep the first answer's status as its own: the common
    /// tail of a replay, a retry and `sign`/`send`/`trigger` (which store it themselves).
    pub async fn send(&self, c: &mut Capture, targets: &[Target]) {
        c.forwards = self.forward_all(targets, c).await;
        c.response_status = c.forwards.first().and_then(|f| f.status);
    }

    /// Send `source` again to `targets` as a new capture (`origin: replay`, `replay_of` set),
    /// then store and announce it like any other. Returns the new capture.
    pub async fn replay(&self, source: &Capture, targets: &[Target]) -> Capture {
        let mut c = source.clone();
        c.id = crate::capture::new_id();
        c.received_at = time::OffsetDateTime::now_utc();
        c.origin = crate::capture::Origin::Replay;
        c.replay_of = Some(source.id.clone());
        c.remote_addr = None;
        c.handshake = None;
        c.response_status = None;
        c.body_size = c.body.len() as u64;
        // An edited body must not go out (or be recorded) under its old length.
        if c.header("content-length").is_some() {
            c.set_header("content-length", c.body.len().to_string());
        }
        c.signature = self.verify(&c);
        self.stamp(&mut c);
        self.send(&mut c, targets).await;
        self.finish(c.clone()).await;
        c
    }

    /// Deliver `source` again as its provider would retry it (`origin: retry`): the same
    /// delivery id, the next attempt, signed afresh when this listener holds the secret.
    pub async fn redeliver(&self, source: &Capture, targets: &[Target]) -> Capture {
        let mut c = source.clone();
        c.id = crate::capture::new_id();
        c.received_at = time::OffsetDateTime::now_utc();
        c.origin = crate::capture::Origin::Retry;
        c.forwards = Vec::new();
        c.response_status = None;
        if let Some(p) = source.signature.as_ref().map(|s| s.provider.as_str())
            && let Some(secret) = self.config.secrets.get(p).first()
        {
            let now = c.received_at.unix_timestamp();
            if let Err(e) =
                crate::verify::sign(p, secret, &mut c, now, self.config.public_url.as_deref())
            {
                self.warn(format!("cannot sign the retry of {} ({e})", source.id));
            }
        }
        c.signature = self.verify(&c);
        self.stamp(&mut c);
        self.send(&mut c, targets).await;
        self.finish(c.clone()).await;
        c
    }

    /// `source` signed again for the provider that signed it, as of now, when this
    /// listener holds that provider's secret; with the provider's name. `None` leaves it
    /// as captured (unsigned, unknown provider, no secret, or signing failed).
    pub fn resigned(&self, source: &Capture, to: &Target) -> Option<(Capture, String)> {
        let provider = source.signature.as_ref()?.provider.clone();
        let secret = self.config.secrets.get(&provider).first()?.clone();
        let mut c = source.clone();
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let public = format!("{}://{}", to.scheme, to.authority);
        crate::verify::sign(&provider, &secret, &mut c, now, Some(&public)).ok()?;
        c.body_size = c.body.len() as u64;
        Some((c, provider))
    }

    /// Forward one capture to several targets concurrently, results in target order.
    pub async fn forward_all(&self, targets: &[Target], c: &Capture) -> Vec<Forward> {
        let sends = targets.iter().map(|t| self.forwarder.send(t, c));
        futures_util::future::join_all(sends)
            .await
            .into_iter()
            .map(|(record, _)| record)
            .collect()
    }

    /// Store and announce a capture answered without forwarding.
    async fn finish_now(&self, mut c: Capture, reply: Reply) -> Reply {
        c.response_status = Some(reply.status.as_u16());
        let c = Arc::new(c);
        if let Err(reply) = self.persist(&c, true).await {
            return *reply;
        }
        self.complete_stored(c);
        reply
    }

    /// Commit to the store (with the other captures arriving meanwhile: group commit);
    /// a failure turns into a 503 so the sender retries later.
    async fn persist(&self, c: &Arc<Capture>, complete: bool) -> Result<(), Box<Reply>> {
        let Some(store) = &self.store else {
            return Ok(());
        };
        store
            .commit(Arc::clone(c), complete)
            .await
            .map(drop)
            .map_err(|e| {
                let msg = format!("cannot store capture {} ({e:#})", c.id);
                self.warn(msg.clone());
                let mut reply =
                    Reply::text(StatusCode::SERVICE_UNAVAILABLE, format!("hookcli: {msg}"));
                reply.unstored = Some(format!("{e:#}"));
                Box::new(reply)
            })
    }

    /// Record the final form of a capture (forwards done), then announce it.
    pub async fn finish(&self, c: Capture) {
        let c = Arc::new(c);
        if let Some(store) = &self.store
            && let Err(e) = store.commit(Arc::clone(&c), true).await
        {
            self.warn(format!("cannot store forward results of {} ({e:#})", c.id));
        }
        self.complete_stored(c);
    }

    /// [`Pipeline::finish`] for code outside the async runtime (`sign`, `send`): returns
    /// once the capture is committed.
    pub fn complete(&self, c: Capture) {
        if let Some(store) = &self.store
            && let Err(e) = store.append(&c)
        {
            self.warn(format!("cannot store {} ({e:#})", c.id));
        }
        self.complete_stored(Arc::new(c));
    }

    /// `c` is stored: save it (`--save`) and tell the views.
    fn complete_stored(&self, c: Arc<Capture>) {
        if let Some(dir) = &self.config.save_dir {
            use crate::interchange::{SaveError, save_as_file};
            match save_as_file(&c, dir) {
                Ok(_) => {}
                Err(SaveError::Write(path, e)) => {
                    self.warn(format!("cannot save {} ({e})", path.display()));
                }
                Err(SaveError::BadId(e)) => {
                    self.warn(format!("not saving capture {:?} to --save ({e})", c.id));
                }
            }
        }
        self.announce(&c, true, None);
    }

    fn announce(&self, c: &Arc<Capture>, complete: bool, json: Option<Bytes>) {
        if !self.capture_events {
            return;
        }
        let _ = self.events.send(Event::Capture {
            capture: Arc::clone(c),
            complete,
            json,
        });
    }
}

impl crate::retry::Redeliver for Pipeline {
    fn retrier(&self) -> &crate::retry::Retrier {
        &self.retrier
    }

    fn redeliver(
        &self,
        source: &Capture,
        targets: &[Target],
    ) -> impl std::future::Future<Output = Capture> + Send {
        Pipeline::redeliver(self, source, targets)
    }

    fn warn(&self, msg: String) {
        Pipeline::warn(self, msg);
    }
}

/// A forward's error without the `scheme://host (…)` wrapper the forwarder puts round
/// it, so the sender's message names the URL once.
fn unlabelled(record: &crate::capture::Forward) -> &str {
    let err = record.error.as_deref().unwrap_or("no answer");
    err.split_once(" (")
        .filter(|(head, _)| record.target.starts_with(head))
        .and_then(|(_, reason)| reason.strip_suffix(')'))
        .unwrap_or(err)
}
