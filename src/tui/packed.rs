//! One row of the list, packed: the capture's JSON line (one allocation the size of the line,
//! where a `Capture` is two dozen small ones) plus the few fields the list draws and filters
//! on. Strings the row needs (method, URL, provider) are read out of the line where they
//! sit, so a row is ~90 bytes on top of its line.

use crate::capture::{Capture, Origin, Verdict};
use crate::filter::{Body, Fields, Filter};
use std::borrow::Cow;
use time::OffsetDateTime;

/// What became of the first forward, as the list shows it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct First {
    /// `None` while it is in flight or when it got no answer.
    pub status: Option<u16>,
    pub error: bool,
    pub ms: f64,
}

/// One line of the list.
#[derive(Debug)]
pub struct Row {
    pub received_at: OffsetDateTime,
    pub body_size: u64,
    /// The capture's JSON line, exactly sized.
    json: Box<[u8]>,
    first_ms: f64,
    /// Where the method's string starts in `json`; the URL's follows it.
    method_at: u32,
    /// The body's text in `json` (escaped), when it is text.
    body: (u32, u32),
    /// Where the provider's string starts in `json`; 0 when no provider applied.
    provider_at: u32,
    first_status: Option<u16>,
    pub response_status: Option<u16>,
    verdict: Option<Verdict>,
    pub origin: Origin,
    forwarded: bool,
    first_error: bool,
    forward_error: bool,
    /// More than one forward: their statuses are kept beside the rows.
    pub(crate) several: bool,
    text_body: bool,
    /// A forward failed or got a 5xx.
    pub failed: bool,
    pub complete: bool,
    /// Loaded from the store at start: shown dimmed.
    pub older: bool,
}

impl Row {
    /// The row for `c`; `json` is its JSON line when the caller already has one. A copy is
    /// kept rather than the caller's buffer, which may be shared or larger than the line.
    pub fn new(c: &Capture, json: Option<&[u8]>, complete: bool) -> Row {
        let (json, at) = match json.and_then(|j| Layout::of(j, c).map(|at| (j.into(), at))) {
            Some(found) => found,
            None => {
                // Not laid out as `Capture`'s encoder writes it (never so in practice).
                let own: Box<[u8]> = serde_json::to_vec(c).unwrap_or_default().into();
                let at = Layout::of(&own, c).unwrap_or_default();
                (own, at)
            }
        };
        let first = c.forwards.first();
        let row = Row {
            received_at: c.received_at,
            body_size: c.body_size,
            json,
            first_ms: first.map_or(0.0, |f| f.duration_ms),
            method_at: at.method,
            body: at.body.unwrap_or_default(),
            provider_at: at.provider,
            first_status: first.and_then(|f| f.status),
            response_status: c.response_status,
            verdict: c.signature.as_ref().map(|s| s.verdict),
            origin: c.origin,
            forwarded: first.is_some(),
            first_error: first.is_some_and(|f| f.error.is_some()),
            forward_error: c.forwards.iter().any(|f| f.error.is_some()),
            several: c.forwards.len() > 1,
            text_body: at.body.is_some(),
            failed: (c.forwards.iter())
                .any(|f| f.error.is_some() || f.status.is_some_and(|s| s >= 500)),
            complete,
            older: false,
        };
        debug_assert_eq!(row.method(), c.method);
        debug_assert_eq!(row.url(), c.url);
        row
    }

    /// The capture again, from its JSON line.
    pub fn unpack(&self) -> Capture {
        serde_json::from_slice(&self.json).unwrap_or_else(|_| {
            // Cannot happen (the line was encoded from a capture); show what the row knows.
            let mut c = Capture::new(self.origin, self.method(), self.url());
            c.received_at = self.received_at;
            c.body_size = self.body_size;
            c
        })
    }

    pub fn method(&self) -> Cow<'_, str> {
        string_at(&self.json, self.method_at as usize)
    }

    /// Path and query.
    pub fn url(&self) -> Cow<'_, str> {
        let method_end = string_end(&self.json, self.method_at as usize);
        string_at(&self.json, method_end + URL.len())
    }

    /// The provider and its verdict, when a provider applied.
    pub fn signature(&self) -> Option<(Cow<'_, str>, Verdict)> {
        let verdict = self.verdict?;
        Some((string_at(&self.json, self.provider_at as usize), verdict))
    }

    pub fn first(&self) -> Option<First> {
        self.forwarded.then_some(First {
            status: self.first_status,
            error: self.first_error,
            ms: self.first_ms,
        })
    }

    /// A signature check said no.
    pub fn bad_signature(&self) -> bool {
        matches!(
            self.verdict,
            Some(Verdict::Invalid | Verdict::Expired | Verdict::Malformed)
        )
    }

    /// `✓ stripe` and whether that is good news, as [`crate::output::badge`] says it.
    pub fn badge(&self) -> (String, Option<bool>) {
        match self.signature() {
            Some((p, v)) => crate::output::badge_of(&p, v),
            None => (String::new(), None),
        }
    }

    /// Whether `f` matches. `several` gives the statuses of several forwards; the body is
    /// searched in `full` when the capture is at hand, else in the JSON line.
    pub fn matches<'a>(
        &'a self,
        f: &Filter,
        several: impl Fn() -> &'a [Option<u16>],
        full: Option<&'a Capture>,
    ) -> bool {
        f.matches_fields(&AsFields {
            row: self,
            several,
            full,
        })
    }
}

/// A row as a filter sees it: strings are read out of the line only when a term asks.
struct AsFields<'a, S> {
    row: &'a Row,
    several: S,
    full: Option<&'a Capture>,
}

impl<'a, S: Fn() -> &'a [Option<u16>]> Fields for AsFields<'a, S> {
    fn method(&self) -> Cow<'_, str> {
        self.row.method()
    }
    fn url(&self) -> Cow<'_, str> {
        self.row.url()
    }
    fn origin(&self) -> Origin {
        self.row.origin
    }
    fn received_at(&self) -> OffsetDateTime {
        self.row.received_at
    }
    fn verdict(&self) -> Option<Verdict> {
        self.row.verdict
    }
    fn provider(&self) -> Option<Cow<'_, str>> {
        self.row.signature().map(|(p, _)| p)
    }
    fn any_status(&self, mut f: impl FnMut(Option<u16>) -> bool) -> bool {
        let r = self.row;
        match (r.several, r.forwarded) {
            (true, _) => (self.several)().iter().any(|&s| f(s)),
            (false, true) => f(r.first_status),
            (false, false) => f(r.response_status),
        }
    }
    fn forward_error(&self) -> bool {
        self.row.forward_error
    }
    fn body(&self) -> Body<'_> {
        let r = self.row;
        match self.full {
            Some(c) => Body::Raw(&c.body),
            None if r.text_body => Body::Json(&r.json[r.body.0 as usize..r.body.1 as usize]),
            None => Body::Binary,
        }
    }
    fn delivery(&self) -> (Option<Cow<'_, str>>, Option<u32>, bool) {
        // Rare terms: the capture is read back from its line for them.
        let c = self
            .full
            .map_or_else(|| Cow::Owned(self.row.unpack()), Cow::Borrowed);
        (
            c.delivery_id.clone().map(Cow::Owned),
            c.attempt,
            crate::verify::delivery::slow(&c),
        )
    }
}

const URL: &[u8] = br#"","url":""#;

/// Where the fields a row reads sit in a capture's JSON line.
#[derive(Debug, Default)]
struct Layout {
    method: u32,
    /// `None` for a binary (base64) body.
    body: Option<(u32, u32)>,
    provider: u32,
}

impl Layout {
    /// Find the fields in `json`, `None` unless it is laid out as `Capture`'s encoder writes.
    ///
    /// Every search is for a key with the quotes around it: inside a JSON string a quote is
    /// always escaped, so `"method":"` can only be the key. The keys are searched in the
    /// encoder's order, each after the last, and none of them occurs earlier in the line
    /// (the fields before `body` are strings or arrays of strings).
    fn of(json: &[u8], c: &Capture) -> Option<Layout> {
        let method = after(json, 0, br#""method":""#)?;
        let method_end = string_end(json, method);
        let url = method_end + URL.len();
        json.get(method_end..url).filter(|s| *s == URL)?;
        let body_at = after(json, url, br#""body":""#)?;
        let body_end = string_end(json, body_at);
        let rest = json.get(body_end..)?;
        let body = if rest.starts_with(br#"","body_encoding":"utf8""#) {
            Some((u32::try_from(body_at).ok()?, u32::try_from(body_end).ok()?))
        } else if rest.starts_with(br#"","body_encoding":"base64""#) {
            None
        } else {
            return None;
        };
        let provider = match &c.signature {
            Some(_) => after(json, body_end, br#""signature":{"provider":""#)?,
            None => 0,
        };
        Some(Layout {
            method: u32::try_from(method).ok()?,
            body,
            provider: u32::try_from(provider).ok()?,
        })
    }
}

/// Where the value after the first `key` at or after `from` starts.
fn after(json: &[u8], from: usize, key: &[u8]) -> Option<usize> {
    Some(from + memchr::memmem::find(json.get(from..)?, key)? + key.len())
}

/// The position of the quote that closes the JSON string starting at `from`.
fn string_end(json: &[u8], from: usize) -> usize {
    let mut i = from;
    while let Some(k) = json.get(i..).and_then(|s| memchr::memchr2(b'"', b'\\', s)) {
        i += k;
        if json[i] == b'"' {
            return i;
        }
        i += 2;
    }
    json.len()
}

/// The JSON string starting at `from`, unescaped (borrowed when it has no escapes).
fn string_at(json: &[u8], from: usize) -> Cow<'_, str> {
    let end = string_end(json, from);
    let raw = json.get(from..end).unwrap_or_default();
    if !raw.contains(&b'\\') {
        return String::from_utf8_lossy(raw);
    }
    let quoted = json.get(from.saturating_sub(1)..=end).unwrap_or_default();
    serde_json::from_slice::<String>(quoted)
        .map_or_else(|_| String::from_utf8_lossy(raw), Cow::Owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::{Forward, Signature};
    use bytes::Bytes;

    fn cap(body: &[u8]) -> Capture {
        let mut c = Capture::new(Origin::Local, "POST", "/hooks/1?q=\"x\"&p=\\n");
        c.body = Bytes::copy_from_slice(body);
        c.body_size = body.len() as u64;
        c.headers = vec![("x-body".into(), r#""body":"nope","method":"GET""#.into())];
        c.signature = Some(Signature {
            provider: "stripe".into(),
            verdict: Verdict::Valid,
            detail: r#""provider":"nope""#.into(),
        });
        c
    }

    #[test]
    fn fields_are_read_where_the_line_has_them_even_when_strings_look_like_keys() {
        let c = cap(b"say \"hi\"\n\\ok");
        let json = serde_json::to_vec(&c).unwrap();
        let row = Row::new(&c, Some(&json), true);
        assert_eq!(row.method(), "POST");
        assert_eq!(row.url(), c.url);
        assert_eq!(row.signature().unwrap().0, "stripe");
        let (from, to) = row.body;
        assert_eq!(&json[from as usize..to as usize], br#"say \"hi\"\n\\ok"#);
        assert_eq!(row.unpack(), {
            let mut c = c.clone();
            c.received_at = row.unpack().received_at; // the line keeps microseconds
            c
        });
        let bin = cap(&[0xff, 0, b'"']);
        assert!(!Row::new(&bin, None, true).text_body);
    }

    #[test]
    fn a_line_of_another_shape_is_encoded_again() {
        let mut c = cap(b"{}");
        c.signature = None;
        c.forwards.push(Forward {
            status: Some(502),
            duration_ms: 2.5,
            ..Forward::default()
        });
        let row = Row::new(&c, Some(br#"{"method":"PUT"}"#), false);
        assert_eq!(
            (row.method(), row.url()),
            ("POST".into(), c.url.as_str().into())
        );
        assert_eq!(
            row.first(),
            Some(First {
                status: Some(502),
                error: false,
                ms: 2.5
            })
        );
        assert!(row.failed && !row.complete && row.signature().is_none());
        assert_eq!(row.badge(), (String::new(), None));
    }

    #[test]
    fn a_row_stays_small() {
        // 100 000 rows: every 8 bytes here is 0.8 MB of the TUI's memory budget.
        assert!(
            std::mem::size_of::<Row>() <= 88,
            "{}",
            std::mem::size_of::<Row>()
        );
    }
}
