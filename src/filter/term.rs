//! A parsed filter: its terms, as the parser builds them and the matchers read them.

use crate::capture::{Origin, Verdict};
use time::OffsetDateTime;

/// A parsed filter; the empty filter matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    pub(super) terms: Vec<Term>,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Term {
    /// Upper-case method names.
    Method(Vec<String>),
    Status(Vec<StatusPat>),
    /// Lower-case provider names.
    Provider(Vec<String>),
    Verdict(Vec<Verdict>),
    /// Path prefixes.
    Path(Vec<String>),
    Origin(Vec<Origin>),
    Since(OffsetDateTime),
    /// Received strictly before this time.
    Until(OffsetDateTime),
    /// `delivery:ID`: the provider's delivery id (exact).
    Delivery(Vec<String>),
    /// `attempt:>1`, `attempt:2`: which capture of its delivery id.
    Attempt(std::cmp::Ordering, u32),
    /// `slow`: the first forward took longer than the provider's time budget.
    Slow,
    /// Lower-case needle, and the same escaped as inside a JSON string.
    Text {
        needle: String,
        json: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum StatusPat {
    Exact(u16),
    /// `5xx`: the hundreds digit.
    Class(u16),
    /// `status:error`: a forward that got no answer.
    Error,
    /// `status:none`: not answered (yet).
    None,
}
