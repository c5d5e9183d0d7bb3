//! The captures this process committed lately, by position, so that its own views (lines,
//! `--json`, the TUI) follow the store without reading back what was just written. Bounded
//! by count and bytes: whatever falls out is read from the database like any other
//! process's write.

use crate::capture::Capture;
use std::collections::VecDeque;
use std::sync::Arc;

const MAX_ENTRIES: usize = 1024;
const MAX_BYTES: usize = 4 << 20;

#[derive(Default)]
pub struct Recent {
    /// Sorted by position.
    entries: VecDeque<(i64, bool, Arc<Capture>)>,
    bytes: usize,
}

impl Recent {
    pub fn push(&mut self, seq: i64, complete: bool, c: Arc<Capture>) {
        self.bytes += c.body.len();
        let at = self.entries.partition_point(|(s, _, _)| *s < seq);
        self.entries.insert(at, (seq, complete, c));
        while self.entries.len() > MAX_ENTRIES || self.bytes > MAX_BYTES {
            match self.entries.pop_front() {
                Some((_, _, old)) => self.bytes -= old.body.len(),
                None => break,
            }
        }
    }

    /// The entries at positions `from`, `from + 1`, … as long as they run unbroken (a gap
    /// may be another process's write), at most `limit`.
    pub fn run_from(&self, from: i64, limit: usize) -> Vec<(i64, bool, Arc<Capture>)> {
        let start = self.entries.partition_point(|(s, _, _)| *s < from);
        self.entries
            .range(start..)
            .zip(from..)
            .take_while(|((s, _, _), want)| s == want)
            .take(limit)
            .map(|(e, _)| e.clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::Origin;

    #[test]
    fn a_run_stops_at_a_gap_and_old_entries_fall_out() {
        let mut r = Recent::default();
        let c = Arc::new(Capture::new(Origin::Local, "POST", "/"));
        for s in [3, 1, 2, 5] {
            r.push(s, true, Arc::clone(&c));
        }
        let seqs =
            |v: Vec<(i64, bool, Arc<Capture>)>| v.into_iter().map(|e| e.0).collect::<Vec<_>>();
        assert_eq!(seqs(r.run_from(1, 10)), [1, 2, 3]);
        assert_eq!(seqs(r.run_from(5, 10)), [5]);
        assert!(r.run_from(4, 10).is_empty());
        for s in 6..2000 {
            r.push(s, true, Arc::clone(&c));
        }
        assert!(r.run_from(1, 10).is_empty());
        assert_eq!(r.entries.len(), MAX_ENTRIES);
    }
}
