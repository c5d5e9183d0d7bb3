//! Whether a capture, or a capture held in another form ([`Fields`]), matches a filter.

use super::term::{Filter, StatusPat, Term};
use crate::capture::{Capture, Origin, Verdict};
use std::borrow::Cow;
use time::OffsetDateTime;

impl Filter {
    /// True when the filter has no terms.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    pub fn matches(&self, c: &Capture) -> bool {
        self.terms.iter().all(|t| term_matches(t, c))
    }

    /// Whether the free-text terms alone match a capture with this method, URL and raw body:
    /// all that is left to check when SQL decided every other term ([`super::Sql::only_text_left`]),
    /// without reading the rest of the capture.
    pub fn text_matches(&self, method: &str, url: &str, body: &[u8]) -> bool {
        self.terms.iter().all(|t| match t {
            Term::Text { needle, json } => text_matches(needle, json, method, url, Body::Raw(body)),
            _ => true,
        })
    }

    /// [`Filter::matches`] for a capture held in another form (see [`Fields`]).
    pub fn matches_fields(&self, c: &impl Fields) -> bool {
        self.terms.iter().all(|t| term_matches(t, c))
    }
}

/// A capture as a filter sees it, for captures held in another form than a [`Capture`] (the
/// TUI keeps old ones packed as their JSON line). Each field is asked for only when a term
/// needs it, so cheap fields decide first. Fields of a capture match exactly when it does.
pub trait Fields {
    fn method(&self) -> Cow<'_, str>;
    /// Path and query.
    fn url(&self) -> Cow<'_, str>;
    fn origin(&self) -> Origin;
    fn received_at(&self) -> OffsetDateTime;
    /// Provider and verdict, when a provider applied.
    fn verdict(&self) -> Option<Verdict>;
    /// The provider, when one applied.
    fn provider(&self) -> Option<Cow<'_, str>>;
    /// Whether any of the statuses `status:` looks at passes `f`: the forwards' in order, or
    /// only the answer when nothing was forwarded.
    fn any_status(&self, f: impl FnMut(Option<u16>) -> bool) -> bool;
    /// Some forward got no answer at all.
    fn forward_error(&self) -> bool;
    fn body(&self) -> Body<'_>;
    /// The provider's delivery id, its attempt number, and whether the first forward took
    /// longer than the provider's budget (asked only by `delivery:`, `attempt:`, `slow`).
    fn delivery(&self) -> (Option<Cow<'_, str>>, Option<u32>, bool);
}

/// A request body as free text sees it.
#[derive(Debug, Clone, Copy)]
pub enum Body<'a> {
    /// Raw bytes: searched when they are UTF-8.
    Raw(&'a [u8]),
    /// The inside of a JSON string (escapes kept, quotes off), as the body of a UTF-8 capture
    /// appears in its JSON line: searched as the text it stands for, without decoding it.
    Json(&'a [u8]),
    /// Not text (written as base64): never searched.
    Binary,
}

impl Fields for Capture {
    fn method(&self) -> Cow<'_, str> {
        Cow::Borrowed(&self.method)
    }
    fn url(&self) -> Cow<'_, str> {
        Cow::Borrowed(&self.url)
    }
    fn origin(&self) -> Origin {
        self.origin
    }
    fn received_at(&self) -> OffsetDateTime {
        self.received_at
    }
    fn verdict(&self) -> Option<Verdict> {
        self.signature.as_ref().map(|s| s.verdict)
    }
    fn provider(&self) -> Option<Cow<'_, str>> {
        (self.signature.as_ref()).map(|s| Cow::Borrowed(s.provider.as_str()))
    }
    fn any_status(&self, mut f: impl FnMut(Option<u16>) -> bool) -> bool {
        if self.forwards.is_empty() {
            f(self.response_status)
        } else {
            self.forwards.iter().any(|fw| f(fw.status))
        }
    }
    fn forward_error(&self) -> bool {
        self.forwards.iter().any(|f| f.error.is_some())
    }
    fn body(&self) -> Body<'_> {
        Body::Raw(&self.body)
    }
    fn delivery(&self) -> (Option<Cow<'_, str>>, Option<u32>, bool) {
        (
            self.delivery_id.as_deref().map(Cow::Borrowed),
            self.attempt,
            crate::verify::delivery::slow(self),
        )
    }
}

fn term_matches(t: &Term, c: &impl Fields) -> bool {
    match t {
        Term::Method(ms) => ms.iter().any(|m| c.method().eq_ignore_ascii_case(m)),
        Term::Status(ps) => ps.iter().any(|p| status_matches(*p, c)),
        Term::Provider(ps) => c
            .provider()
            .is_some_and(|provider| ps.iter().any(|p| provider.eq_ignore_ascii_case(p))),
        Term::Verdict(vs) => c.verdict().map_or_else(
            // No provider applied: the request was, for every purpose, unsigned.
            || vs.contains(&Verdict::Unsigned),
            |verdict| vs.contains(&verdict),
        ),
        Term::Path(ps) => {
            let url = c.url();
            let path = url.split('?').next().unwrap_or("");
            ps.iter().any(|p| path.starts_with(p.as_str()))
        }
        Term::Origin(os) => os.contains(&c.origin()),
        Term::Since(t) => c.received_at() >= *t,
        Term::Until(t) => c.received_at() < *t,
        Term::Delivery(ids) => c.delivery().0.is_some_and(|d| ids.iter().any(|i| *i == d)),
        Term::Attempt(ord, n) => c.delivery().1.is_some_and(|a| a.cmp(n) == *ord),
        Term::Slow => c.delivery().2,
        Term::Text { needle, json } => text_matches(needle, json, &c.method(), &c.url(), c.body()),
    }
}

/// Free text: the needle in the method, the URL or a text body, ignoring ASCII case.
fn text_matches(needle: &str, json: &str, method: &str, url: &str, body: Body<'_>) -> bool {
    contains_ci(method.as_bytes(), needle)
        || contains_ci(url.as_bytes(), needle)
        || match body {
            Body::Raw(b) => std::str::from_utf8(b).is_ok() && contains_ci(b, needle),
            Body::Json(b) => contains_ci_json(b, json),
            Body::Binary => false,
        }
}

fn status_matches(p: StatusPat, c: &impl Fields) -> bool {
    match p {
        StatusPat::Exact(n) => c.any_status(|s| s == Some(n)),
        StatusPat::Class(h) => c.any_status(|s| s.is_some_and(|s| s / 100 == h)),
        StatusPat::Error => c.forward_error(),
        StatusPat::None => c.any_status(|s| s.is_none()),
    }
}

/// [`contains_ci`] inside JSON string contents, for a needle escaped the same way: a hit
/// only counts where an escape starts, so `n` does not find the `\n` of a line break.
/// Escapes are a prefix code, so a hit that starts on one covers whole escapes throughout.
fn contains_ci_json(hay: &[u8], needle_json_lc: &str) -> bool {
    // Odd when the byte at `i` is escaped by the backslashes before it.
    let escaped = |i: usize| hay[..i].iter().rev().take_while(|&&b| b == b'\\').count() % 2 == 1;
    // Inside the four hex digits of a `\uXXXX`.
    let in_hex = |i: usize| {
        (2..=5).any(|k| i >= k && hay[i - k] == b'\\' && hay[i - k + 1] == b'u' && !escaped(i - k))
    };
    find_ci(hay, needle_json_lc).any(|i| !escaped(i) && !in_hex(i))
}

/// Case-insensitive (ASCII) substring search without lower-casing the haystack: bodies can
/// be large and a filter runs over every capture in view.
fn contains_ci(hay: &[u8], needle_lc: &str) -> bool {
    needle_lc.is_empty() || find_ci(hay, needle_lc).next().is_some()
}

/// Where a lower-case needle starts in `hay`, ignoring ASCII case (nowhere for an empty one).
fn find_ci<'a>(hay: &'a [u8], needle_lc: &'a str) -> impl Iterator<Item = usize> + 'a {
    let n = needle_lc.as_bytes();
    let first = n.first().copied().unwrap_or(0);
    // Only where the whole needle still fits can it start.
    let starts = match hay.len().checked_sub(n.len()) {
        Some(last) if !n.is_empty() => &hay[..=last],
        _ => &hay[..0],
    };
    memchr::memchr2_iter(first, first.to_ascii_uppercase(), starts)
        .filter(move |&i| hay[i..i + n.len()].eq_ignore_ascii_case(n))
}
