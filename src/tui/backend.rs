//! The TUI's narrow handle on the listener: its targets, the store's view, and replay. Only
//! this file knows the pipeline; the loop, the state and the drawing see this handle.

use crate::capture::Capture;
use crate::pipeline::Pipeline;
use crate::store::Store;
use crate::target::Target;
use crate::tui::app::{Loader, Router};
use std::sync::Arc;

#[derive(Clone)]
pub struct Backend {
    pipeline: Arc<Pipeline>,
}

impl Backend {
    pub fn new(pipeline: Arc<Pipeline>) -> Backend {
        Backend { pipeline }
    }

    /// Every target, for the header: the `--forward`s, then the routes' not among them.
    pub fn targets(&self) -> Vec<Target> {
        let config = &self.pipeline.config;
        let mut targets = config.forwards.clone();
        for r in &config.routes {
            if !targets.contains(&r.target) {
                targets.push(r.target.clone());
            }
        }
        targets
    }

    /// Which targets a path goes to, as the pipeline decides it.
    pub fn router(&self) -> Router {
        let p = Arc::clone(&self.pipeline);
        Box::new(move |path| p.targets_for(path))
    }

    /// The store the listener writes to, if any.
    pub fn store(&self) -> Option<&Store> {
        self.pipeline.store.as_ref()
    }

    /// Reads one capture whole from the store (none without a store).
    pub fn loader(&self) -> Option<Loader> {
        self.store()?;
        let p = Arc::clone(&self.pipeline);
        Some(Box::new(move |id| p.store.as_ref()?.get(id).ok().flatten()))
    }

    /// Send `capture` to `targets` again, signed afresh for its provider first when `resign`
    /// and the listener holds the secret. Says what happened, for the status line.
    pub async fn replay(
        &self,
        capture: Arc<Capture>,
        targets: Vec<Target>,
        resign: bool,
    ) -> String {
        let p = &self.pipeline;
        let signed = if resign {
            targets.first().and_then(|t| p.resigned(&capture, t))
        } else {
            None
        };
        let (source, note) = match signed {
            Some((c, provider)) => (Arc::new(c), format!("re-signed for {provider} · ")),
            None => (capture, String::new()),
        };
        let c = p.replay(&source, &targets).await;
        format!("{note}{}", describe_replay(&c))
    }
}

/// `replayed → 200 in 3.2 ms` (one part per target).
fn describe_replay(c: &Capture) -> String {
    let parts: Vec<String> = c
        .forwards
        .iter()
        .map(|f| match (&f.error, f.status) {
            (Some(e), _) => format!("✗ {e}"),
            (None, Some(s)) => format!("{s} in {}", crate::output::millis(f.duration_ms)),
            (None, None) => "no answer".into(),
        })
        .collect();
    format!("replayed → {}", parts.join(", "))
}
