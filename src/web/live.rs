//! New captures for the page: one task follows the store by position and hands each
//! write to every open event stream.

use crate::capture::Capture;
use crate::pipeline::Pipeline;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::sync::broadcast;

/// How long one wait for this process's writes lasts before the store is read anyway
/// (another process's writes are not signalled).
const POLL: Duration = Duration::from_millis(100);

pub struct Live {
    tx: broadcast::Sender<Arc<Capture>>,
    stop: Arc<AtomicBool>,
}

impl Drop for Live {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

impl Live {
    /// Follow `pipeline`'s store from its current position, for the life of the runtime.
    pub fn start(pipeline: &Arc<Pipeline>) -> Live {
        let (tx, _) = broadcast::channel(1024);
        let sender = tx.clone();
        let p = Arc::clone(pipeline);
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        // A thread, not spawn_blocking: a runtime waits for its blocking tasks when it
        // shuts down, and this one only ends at its next poll.
        let _ = std::thread::Builder::new()
            .name("hookcli-inspect".into())
            .spawn(move || follow(&p, &sender, &stopped));
        Live { tx, stop }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Capture>> {
        self.tx.subscribe()
    }
}

fn follow(p: &Pipeline, tx: &broadcast::Sender<Arc<Capture>>, stop: &AtomicBool) {
    let Some(store) = &p.store else { return };
    let mut seen = store.position().unwrap_or(0);
    loop {
        store.wait_past(seen, POLL);
        if stop.load(Ordering::Relaxed) {
            return;
        }
        if tx.receiver_count() == 0 {
            // No page is open: reading and decoding every capture of a flood for nobody
            // cost a listener 3.5% of its CPU. A page reads the store when it opens.
            seen = store.position().unwrap_or(seen);
            continue;
        }
        let Ok(batch) = store.after(seen, 256, false) else {
            std::thread::sleep(POLL);
            continue;
        };
        for t in batch {
            seen = seen.max(t.seq);
            // Nobody watching is fine: the page reads the store when it opens.
            let _ = tx.send(t.capture);
        }
        if stop.load(Ordering::Relaxed) {
            return;
        }
    }
}
