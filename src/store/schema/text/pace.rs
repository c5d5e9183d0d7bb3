//! How fast the text index is built: how long a slice holds the write lock, and how many
//! captures one statement indexes.

use std::time::Duration;

/// How long one background transaction may hold the write lock: what a listener's writer
/// may wait behind it.
pub const SLICE_TIME: Duration = Duration::from_millis(50);

/// Captures indexed by one statement. FTS5 writes what it holds in memory out as a new
/// segment at the start of every statement of a transaction (a savepoint), and small
/// segments are merged again and again as the index grows: with 16 captures a statement,
/// 100 000 Stripe-like captures took 56 µs each to index, 60% of it merging; with 1024
/// (and `automerge` 16, [`FEWER_MERGES`]) 26 µs. But the clock is wall time: at nice 19 on
/// a CPU others saturate, the thread runs a small share of the time, so one statement may
/// take many times its CPU cost while it holds the write lock (64 captures once took longer
/// than a writer's 10 s timeout under a build). So it starts small, doubles while a
/// statement takes under a quarter of a slice, and halves when one takes longer than a
/// slice.
#[derive(Debug, Clone, Copy)]
pub struct Batch(pub usize);

impl Batch {
    const MIN: usize = 16;
    const MAX: usize = 1024;

    pub fn adapt(&mut self, took: Duration) {
        if took < SLICE_TIME / 4 {
            self.0 = (self.0 * 2).min(Self::MAX);
        } else if took > SLICE_TIME {
            self.0 = (self.0 / 2).max(Self::MIN);
        }
    }
}

impl Default for Batch {
    fn default() -> Self {
        Batch(Self::MIN)
    }
}

/// Migration 5 -> 6: FTS5 merges a level once it holds 16 segments instead of 4. Indexing
/// writes each entry again at every merge, so fewer merges roughly halve its cost; a
/// search reads a few more segments per trigram (milliseconds, measured in the store bench).
pub const FEWER_MERGES: &str =
    "INSERT INTO captures_text (captures_text, rank) VALUES ('automerge', 16);";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_statement_grows_while_quick_and_shrinks_when_the_cpu_is_taken() {
        let mut b = Batch::default();
        for _ in 0..20 {
            b.adapt(Duration::from_millis(1));
        }
        assert_eq!(b.0, Batch::MAX);
        b.adapt(SLICE_TIME / 2);
        assert_eq!(
            b.0,
            Batch::MAX,
            "a statement of half a slice keeps its size"
        );
        for _ in 0..20 {
            b.adapt(SLICE_TIME * 3);
        }
        assert_eq!(b.0, Batch::MIN);
    }
}
