//! Deliveries as the provider makes them: counting the attempts of each delivery id, and
//! `listen --retries`, which delivers a failed request again on its provider's schedule.

use crate::store::Store;
use std::collections::HashMap;
use std::sync::Mutex;

/// Delivery ids remembered at most; past this the store alone counts (it always could).
const REMEMBERED: usize = 10_000;

/// The last attempt number given to each delivery id in this process. The store holds the
/// truth across processes; this makes two deliveries of one id arriving together count 1
/// and 2, where two reads of the store before either is written would both say 1.
#[derive(Debug, Default)]
pub struct Attempts(Mutex<HashMap<String, u32>>);

impl Attempts {
    /// The attempt number of a new capture of `id`.
    pub fn next(&self, id: &str, store: Option<&Store>) -> u32 {
        let lock = || self.0.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(n) = lock().get_mut(id) {
            *n += 1;
            return *n;
        }
        // The store is read without holding the lock: other requests' stamps (on the
        // listener's request path) do not wait on SQLite. Two first deliveries racing here
        // both read the store; the entry below still numbers them apart.
        let stored = store.and_then(|s| s.deliveries(id).ok()).unwrap_or(0);
        let mut seen = lock();
        if seen.len() >= REMEMBERED && !seen.contains_key(id) {
            seen.clear();
        }
        let n = seen
            .entry(id.to_string())
            .and_modify(|n| *n += 1)
            .or_insert(stored + 1);
        *n
    }
}

/// `listen --retries`: when the first target answers non-2xx, fails, or is slower than the
/// provider's budget, the request is delivered again on the provider's schedule (sped up
/// `speed` times) until it succeeds or the schedule ends. Every schedule is finite, so
/// nothing loops; stopping the listener cancels what is pending.
#[derive(Debug)]
pub struct Retrier {
    /// `None`: `--retries` is off.
    pub speed: Option<u32>,
    stop: tokio::sync::watch::Sender<bool>,
    /// Deliveries with a retry still to come.
    pending: std::sync::atomic::AtomicUsize,
}

impl Retrier {
    pub fn new(speed: Option<u32>) -> Retrier {
        Retrier {
            speed: speed.map(|s| s.max(1)),
            stop: tokio::sync::watch::channel(false).0,
            pending: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    /// Cancel every pending retry; how many deliveries still had one to come.
    pub fn stop(&self) -> usize {
        self.stop.send_replace(true);
        self.pending.load(std::sync::atomic::Ordering::SeqCst)
    }
}

/// Whether the provider counts this delivery failed: no answer, not 2xx, or too slow.
pub fn failed(c: &crate::capture::Capture) -> bool {
    match c.forwards.first() {
        Some(f) => {
            f.error.is_some()
                || !f.status.is_some_and(|s| (200..300).contains(&s))
                || crate::verify::delivery::slow(c)
        }
        None => false,
    }
}

/// What a retry needs from the pipeline that runs it (the pipeline implements this, so
/// this file does not import it back).
pub trait Redeliver: Send + Sync + 'static {
    /// The schedule's state.
    fn retrier(&self) -> &Retrier;
    /// Deliver `source` again to `targets` as a new capture (`origin: retry`).
    fn redeliver(
        &self,
        source: &crate::capture::Capture,
        targets: &[crate::target::Target],
    ) -> impl std::future::Future<Output = crate::capture::Capture> + Send;
    /// Tell the sinks something the user should see.
    fn warn(&self, msg: String);
}

/// After `first` was delivered to `targets`: retry it on its provider's schedule when it failed.
pub fn after<P: Redeliver>(
    pipeline: &std::sync::Arc<P>,
    first: &crate::capture::Capture,
    targets: Vec<crate::target::Target>,
) {
    let r = pipeline.retrier();
    let Some(speed) = r.speed else { return };
    if !failed(first) || first.origin == crate::capture::Origin::Retry {
        return;
    }
    let provider = first.signature.as_ref().map(|s| s.provider.clone());
    let facts = crate::verify::delivery::for_provider(provider.as_deref());
    let schedule = facts.schedule();
    if schedule.is_empty() {
        pipeline.warn(format!(
            "{} does not retry failed deliveries: capture {} stays the only attempt",
            provider.as_deref().unwrap_or("this provider"),
            first.id
        ));
        return;
    }
    r.pending.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let this = std::sync::Arc::clone(pipeline);
    let source = first.clone();
    let mut stop = r.stop.subscribe();
    tokio::spawn(async move {
        let mut last = source.id.clone();
        let mut ok = false;
        for (i, secs) in schedule.iter().enumerate() {
            let wait = std::time::Duration::from_secs_f64(*secs as f64 / f64::from(speed));
            tokio::select! {
                () = tokio::time::sleep(wait) => {}
                _ = stop.wait_for(|s| *s) => return,
            }
            let c = this.redeliver(&source, &targets).await;
            last = c.id.clone();
            if !failed(&c) {
                ok = true;
                break;
            }
            if i + 1 == schedule.len() {
                break;
            }
        }
        this.retrier()
            .pending
            .fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
        if !ok {
            this.warn(format!(
                "retry schedule ended: {} attempts of {} failed, the last is capture {last}; {} would give up here",
                schedule.len() + 1,
                source.delivery_id.as_deref().unwrap_or(&source.id),
                provider.as_deref().unwrap_or("the provider"),
            ));
        }
    });
}
