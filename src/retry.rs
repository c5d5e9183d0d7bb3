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
        let mut seen = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let n = match seen.get(id) {
            Some(n) => n + 1,
            None => store.and_then(|s| s.deliveries(id).ok()).unwrap_or(0) + 1,
        };
        if seen.len() >= REMEMBERED {
            seen.clear();
        }
        seen.insert(id.to_string(), n);
        n
    }
}
