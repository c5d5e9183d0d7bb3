//! Capture filter expressions (`method:POST status:5xx stripe`), shared by the TUI's `/`,
//! `hookcli list --filter` and `export --filter`.
//!
//! Terms are separated by spaces and must all match. `key:value` terms test one field;
//! a comma lists alternatives (`method:POST,PUT`). Anything else, including an unknown
//! `key:`, is free text searched case-insensitively in the method, the URL and a text body.
//! `since:` is resolved to an absolute time when the filter is parsed, so a filter applied
//! later (new arrivals in the TUI) keeps meaning the same moment.

mod sql;
pub use sql::Sql;

use crate::capture::{Capture, Origin, Verdict};
use std::borrow::Cow;
use time::{Date, Duration, OffsetDateTime, Time};

/// A parsed filter; the empty filter matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    terms: Vec<Term>,
}

#[derive(Debug, Clone, PartialEq)]
enum Term {
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
enum StatusPat {
    Exact(u16),
    /// `5xx`: the hundreds digit.
    Class(u16),
    /// `status:error`: a forward that got no answer.
    Error,
    /// `status:none`: not answered (yet).
    None,
}

impl Filter {
    /// Parse an expression, resolving `since:` against the current time.
    pub fn parse(expr: &str) -> Result<Filter, String> {
        Filter::parse_at(expr, OffsetDateTime::now_utc())
    }

    /// Parse with an explicit "now"; a bare date in `since:` is midnight in `now`'s offset.
    pub fn parse_at(expr: &str, now: OffsetDateTime) -> Result<Filter, String> {
        let mut terms = Vec::new();
        for word in split_words(expr)? {
            let Some((key, value)) = word.split_once(':') else {
                terms.push(if word.eq_ignore_ascii_case("slow") {
                    Term::Slow
                } else {
                    text(&word)
                });
                continue;
            };
            let values = || value.split(',').filter(|v| !v.is_empty());
            let need = |v: &str| {
                if v.is_empty() {
                    Err(format!("{key}: needs a value"))
                } else {
                    Ok(())
                }
            };
            let term = match key.to_ascii_lowercase().as_str() {
                "method" => {
                    need(value)?;
                    Term::Method(values().map(|v| v.to_ascii_uppercase()).collect())
                }
                "status" => {
                    need(value)?;
                    Term::Status(values().map(parse_status).collect::<Result<_, _>>()?)
                }
                "provider" => {
                    need(value)?;
                    Term::Provider(values().map(|v| v.to_ascii_lowercase()).collect())
                }
                "verdict" => {
                    need(value)?;
                    Term::Verdict(values().map(parse_verdict).collect::<Result<_, _>>()?)
                }
                "path" => {
                    need(value)?;
                    Term::Path(values().map(str::to_string).collect())
                }
                "origin" => {
                    need(value)?;
                    Term::Origin(values().map(parse_origin).collect::<Result<_, _>>()?)
                }
                "since" => Term::Since(parse_since("since", value, now)?),
                "until" => Term::Until(parse_since("until", value, now)?),
                "delivery" => {
                    need(value)?;
                    Term::Delivery(values().map(str::to_string).collect())
                }
                "attempt" => parse_attempt(value)?,
                other => {
                    // A near miss of a key is a typo, not a search: `stauts:500` as text
                    // would silently match nothing.
                    if let Some(k) = KEYS.iter().find(|k| near(other, k)) {
                        return Err(format!("unknown filter key {other:?} (did you mean {k}:?)"));
                    }
                    text(&word)
                }
            };
            terms.push(term);
        }
        Ok(Filter { terms })
    }

    /// True when the filter has no terms.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    pub fn matches(&self, c: &Capture) -> bool {
        self.terms.iter().all(|t| term_matches(t, c))
    }

    /// Whether the free-text terms alone match a capture with this method, URL and raw body:
    /// all that is left to check when SQL decided every other term ([`Sql::only_text_left`]),
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

fn text(word: &str) -> Term {
    let needle = word.to_lowercase();
    let quoted = serde_json::to_string(&needle).expect("a string always serializes");
    let json = quoted[1..quoted.len() - 1].to_string();
    Term::Text { needle, json }
}

/// Split on whitespace, keeping double-quoted stretches together (quotes removed).
fn split_words(expr: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut any = false;
    for ch in expr.chars() {
        match ch {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            c if c.is_whitespace() && !quoted => {
                if any {
                    out.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            c => {
                cur.push(c);
                any = true;
            }
        }
    }
    if quoted {
        return Err("unclosed quote in filter".into());
    }
    if any {
        out.push(cur);
    }
    Ok(out)
}

fn parse_status(v: &str) -> Result<StatusPat, String> {
    let lc = v.to_ascii_lowercase();
    match lc.as_str() {
        "error" | "err" => return Ok(StatusPat::Error),
        "none" | "pending" => return Ok(StatusPat::None),
        _ => {}
    }
    let b = lc.as_bytes();
    if b.len() == 3 && b[0].is_ascii_digit() && b[0] != b'0' && &b[1..] == b"xx" {
        return Ok(StatusPat::Class(u16::from(b[0] - b'0')));
    }
    match lc.parse::<u16>() {
        Ok(n) if (100..=999).contains(&n) => Ok(StatusPat::Exact(n)),
        _ => Err(format!(
            "status:{v} is not a status (use 200, 5xx, error or none)"
        )),
    }
}

fn parse_verdict(v: &str) -> Result<Verdict, String> {
    Ok(match v.to_ascii_lowercase().replace('-', "_").as_str() {
        "valid" => Verdict::Valid,
        "invalid" => Verdict::Invalid,
        "expired" => Verdict::Expired,
        "malformed" => Verdict::Malformed,
        "unsigned" => Verdict::Unsigned,
        "no_secret" | "nosecret" => Verdict::NoSecret,
        _ => {
            return Err(format!(
                "verdict:{v} is not a verdict (valid, invalid, expired, malformed, unsigned, no_secret)"
            ));
        }
    })
}

fn parse_origin(v: &str) -> Result<Origin, String> {
    Ok(match v.to_ascii_lowercase().as_str() {
        "local" => Origin::Local,
        "relay" => Origin::Relay,
        "replay" => Origin::Replay,
        "import" => Origin::Import,
        "sign" => Origin::Sign,
        "trigger" => Origin::Trigger,
        "retry" => Origin::Retry,
        _ => {
            return Err(format!(
                "origin:{v} is not an origin (local, relay, replay, import, sign, trigger, retry)"
            ));
        }
    })
}

/// `attempt:>1`, `attempt:<3`, `attempt:2`.
fn parse_attempt(v: &str) -> Result<Term, String> {
    let (ord, n) = match v.as_bytes().first() {
        Some(b'>') => (std::cmp::Ordering::Greater, &v[1..]),
        Some(b'<') => (std::cmp::Ordering::Less, &v[1..]),
        _ => (std::cmp::Ordering::Equal, v),
    };
    n.parse::<u32>()
        .map(|n| Term::Attempt(ord, n))
        .map_err(|_| format!("attempt:{v} is not an attempt (use 2, >1 or <3)"))
}

/// `30s`, `10m`, `2h`, `7d` ago; a date `2026-11-27` (midnight); or an RFC 3339 time.
/// The keys a filter term can have, for "did you mean".
const KEYS: [&str; 10] = [
    "method", "status", "provider", "verdict", "path", "origin", "since", "until", "delivery",
    "attempt",
];

/// One typo away: a letter changed, added, dropped, or two letters swapped. Tighter than a
/// plain edit distance of 2 so `data:` or `state:` stay free text.
fn near(typed: &str, key: &str) -> bool {
    let d = crate::verify::edit_distance(typed, key);
    let sorted = |s: &str| {
        let mut v: Vec<char> = s.chars().collect();
        v.sort_unstable();
        v
    };
    d <= 1 || (d == 2 && typed.len() == key.len() && sorted(typed) == sorted(key))
}

/// A point in time for `since:`/`until:`: a duration back from now, a date, a clock time
/// today (`11:30`, local time) or an RFC 3339 time.
fn parse_since(key: &str, v: &str, now: OffsetDateTime) -> Result<OffsetDateTime, String> {
    let bad = || {
        format!(
            "{key}:{v} is not a time (use 30s, 10m, 2h, 7d, 11:30, 2026-11-27 or an RFC 3339 time)"
        )
    };
    if let Some(t) = crate::capture::parse_time(v) {
        return Ok(t);
    }
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    if let Ok(d) = Date::parse(v, &fmt) {
        return Ok(d.with_time(Time::MIDNIGHT).assume_offset(now.offset()));
    }
    let clock = time::macros::format_description!("[hour]:[minute]");
    if let Ok(t) = Time::parse(v, &clock) {
        return Ok(now.replace_time(t));
    }
    let split = v.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
    let (num, unit) = v.split_at(split);
    let n: i64 = num.parse().map_err(|_| bad())?;
    let unit_secs = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        "w" => 604_800,
        _ => return Err(bad()),
    };
    // `since:100000000w` is before any date `time` can hold: an error, not a panic.
    n.checked_mul(unit_secs)
        .and_then(|secs| now.checked_sub(Duration::seconds(secs)))
        .ok_or_else(|| format!("{key}:{v} reaches back before any date hookcli can show"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::{Forward, Signature, parse_time};
    use bytes::Bytes;

    fn cap(method: &str, url: &str, body: &str) -> Capture {
        let mut c = Capture::new(Origin::Local, method, url);
        c.received_at = parse_time("2026-11-27T12:00:00Z").unwrap();
        c.body = Bytes::copy_from_slice(body.as_bytes());
        c
    }

    fn now() -> OffsetDateTime {
        parse_time("2026-11-27T12:30:00Z").unwrap()
    }

    fn m(expr: &str, c: &Capture) -> bool {
        Filter::parse_at(expr, now()).unwrap().matches(c)
    }

    #[test]
    fn empty_matches_everything() {
        let f = Filter::parse("   ").unwrap();
        assert!(f.is_empty());
        assert!(f.matches(&cap("GET", "/", "")));
    }

    #[test]
    fn free_text_searches_method_url_and_text_body_case_insensitively() {
        let c = cap("POST", "/hooks/Stripe?x=1", r#"{"type":"Invoice.Paid"}"#);
        assert!(m("stripe", &c));
        assert!(m("INVOICE.paid", &c));
        assert!(m("post", &c));
        assert!(m("x=1", &c));
        assert!(!m("github", &c));
        assert!(!m("stripe github", &c), "every term must match");
        let mut bin = cap("POST", "/b", "");
        bin.body = Bytes::from_static(b"\xff\xfeinvoice");
        assert!(!m("invoice", &bin), "binary bodies are not text-searched");
    }

    #[test]
    fn method_path_and_origin_terms() {
        let mut c = cap("POST", "/webhooks/stripe?x=1", "");
        assert!(m("method:post", &c));
        assert!(m("method:GET,POST", &c));
        assert!(!m("method:GET", &c));
        assert!(m("path:/webhooks", &c));
        assert!(!m("path:/stripe", &c), "path is a prefix");
        assert!(
            !m("path:/webhooks/stripe?x", &c),
            "the query is not part of the path"
        );
        assert!(m("origin:local", &c));
        c.origin = Origin::Replay;
        assert!(m("origin:replay", &c));
        assert!(!m("origin:local", &c));
    }

    #[test]
    fn status_terms_use_forwards_then_the_answer() {
        let mut c = cap("POST", "/", "");
        c.response_status = Some(200);
        assert!(m("status:200", &c));
        assert!(m("status:2xx", &c));
        assert!(!m("status:5xx", &c));
        c.forwards.push(Forward {
            status: Some(503),
            ..Forward::default()
        });
        assert!(m("status:5xx", &c));
        assert!(m("status:503", &c));
        assert!(!m("status:200", &c), "forwards decide once there are any");
        c.forwards[0] = Forward {
            error: Some("connection refused".into()),
            ..Forward::default()
        };
        assert!(m("status:error", &c));
        assert!(m("status:none", &c));
        assert!(!m("status:5xx", &c));
    }

    #[test]
    fn provider_and_verdict_terms() {
        let mut c = cap("POST", "/", "");
        assert!(m("verdict:unsigned", &c), "no provider counts as unsigned");
        assert!(!m("provider:stripe", &c));
        c.signature = Some(Signature {
            provider: "stripe".into(),
            verdict: Verdict::Invalid,
            detail: String::new(),
        });
        assert!(m("provider:Stripe", &c));
        assert!(m("verdict:invalid", &c));
        assert!(m("verdict:expired,invalid", &c));
        assert!(!m("verdict:valid", &c));
        assert!(m("provider:stripe verdict:invalid method:POST", &c));
    }

    #[test]
    fn since_takes_durations_dates_and_times() {
        let c = cap("POST", "/", ""); // 12:00, now is 12:30
        assert!(m("since:31m", &c));
        assert!(!m("since:10m", &c));
        assert!(m("since:1h", &c));
        assert!(m("since:2026-11-27", &c));
        assert!(!m("since:2026-11-28", &c));
        assert!(m("since:2026-11-27T11:59:59Z", &c));
        assert!(!m("since:2026-11-27T12:00:01Z", &c));
        // Found by fuzzing: a span past what `time` can hold panicked in the subtraction.
        for huge in ["since:100800080w", "since:9223372036854775807s"] {
            let err = Filter::parse(huge).unwrap_err();
            assert!(err.contains("before any date"), "{err}");
        }
    }

    #[test]
    fn quotes_group_words_and_unknown_keys_are_text() {
        let c = cap("POST", "/", r#"{"note":"hello world","a:b":1}"#);
        assert!(m("\"hello world\"", &c));
        assert!(!m("\"hello  world\"", &c));
        assert!(m("a:b", &c), "an unknown key is searched as text");
        assert_eq!(
            Filter::parse("stauts:500").unwrap_err(),
            "unknown filter key \"stauts\" (did you mean status:?)"
        );
    }

    /// A capture held as its fields, its body as the inside of its JSON string (when text):
    /// how the TUI holds old captures.
    struct Held<'a> {
        c: &'a Capture,
        statuses: Vec<Option<u16>>,
        json: String,
    }

    impl<'a> Held<'a> {
        fn new(c: &'a Capture) -> Held<'a> {
            let statuses = if c.forwards.is_empty() {
                vec![c.response_status]
            } else {
                c.forwards.iter().map(|f| f.status).collect()
            };
            let json = serde_json::to_string(&String::from_utf8_lossy(&c.body)).unwrap();
            Held { c, statuses, json }
        }
    }

    impl Fields for Held<'_> {
        fn method(&self) -> Cow<'_, str> {
            Cow::Owned(self.c.method.clone())
        }
        fn url(&self) -> Cow<'_, str> {
            Cow::Owned(self.c.url.clone())
        }
        fn origin(&self) -> Origin {
            self.c.origin
        }
        fn received_at(&self) -> OffsetDateTime {
            self.c.received_at
        }
        fn verdict(&self) -> Option<Verdict> {
            self.c.signature.as_ref().map(|s| s.verdict)
        }
        fn provider(&self) -> Option<Cow<'_, str>> {
            (self.c.signature.as_ref()).map(|s| Cow::Owned(s.provider.clone()))
        }
        fn any_status(&self, f: impl FnMut(Option<u16>) -> bool) -> bool {
            self.statuses.iter().copied().any(f)
        }
        fn forward_error(&self) -> bool {
            self.c.forwards.iter().any(|f| f.error.is_some())
        }
        fn body(&self) -> Body<'_> {
            match std::str::from_utf8(&self.c.body) {
                Ok(_) => Body::Json(&self.json.as_bytes()[1..self.json.len() - 1]),
                Err(_) => Body::Binary,
            }
        }
        fn delivery(&self) -> (Option<Cow<'_, str>>, Option<u32>, bool) {
            self.c.delivery()
        }
    }

    #[test]
    fn delivery_terms_match_id_attempt_and_slowness() {
        let mut c = cap("POST", "/gh", "{}");
        c.signature = Some(Signature {
            provider: "slack".into(),
            verdict: Verdict::Valid,
            detail: String::new(),
        });
        c.delivery_id = Some("Ev1".into());
        c.attempt = Some(2);
        c.budget_ms = Some(3000);
        c.forwards.push(crate::capture::Forward {
            status: Some(200),
            duration_ms: 3500.0,
            ..Default::default()
        });
        for (expr, want) in [
            ("delivery:Ev1", true),
            ("delivery:Ev2", false),
            ("attempt:>1", true),
            ("attempt:1", false),
            ("slow", true),
        ] {
            assert_eq!(Filter::parse(expr).unwrap().matches(&c), want, "{expr}");
        }
        c.forwards[0].duration_ms = 10.0;
        assert!(!Filter::parse("slow").unwrap().matches(&c));
        assert!(Filter::parse("attempt:x").is_err());
    }

    #[test]
    fn parts_match_exactly_when_the_capture_does() {
        let mut c = cap("POST", "/hooks/Stripe?x=1", r#"{"type":"Invoice.Paid"}"#);
        c.signature = Some(Signature {
            provider: "stripe".into(),
            verdict: Verdict::Expired,
            detail: String::new(),
        });
        let exprs = [
            "stripe",
            "invoice.paid",
            "type",
            "post x=1",
            "github",
            "method:GET,POST path:/hooks",
            "provider:STRIPE verdict:expired",
            "verdict:unsigned",
            "origin:local since:1h",
            "since:10m",
            "status:200",
            "status:2xx",
            "status:5xx",
            "status:503",
            "status:error",
            "status:none",
        ];
        let check = |c: &Capture| {
            for expr in exprs {
                let f = Filter::parse_at(expr, now()).unwrap();
                assert_eq!(f.matches_fields(&Held::new(c)), f.matches(c), "{expr}");
            }
        };
        check(&c);
        c.response_status = Some(200);
        check(&c);
        for (status, error) in [
            (Some(503), None),
            (None, Some("refused")),
            (Some(200), None),
        ] {
            c.forwards.push(Forward {
                status,
                error: error.map(str::to_string),
                ..Forward::default()
            });
            check(&c);
        }
        c.signature = None;
        c.body = Bytes::from_static(b"\xff\xfeinvoice");
        check(&c);
    }

    #[test]
    fn a_json_body_is_searched_as_the_text_it_stands_for() {
        // A quote, a backslash, a line break and a control character, all escaped in JSON.
        let c = cap("POST", "/", "say \"hi\"\\there\nnow\u{1f}end");
        let held = Held::new(&c);
        assert!(held.json.contains("\\u001f"), "{}", held.json);
        for (needle, want) in [
            ("hi", true),
            ("\\there", true),
            ("hi\\th", false), // the raw text has a quote between them
            ("u001f", false),
            ("001f", false),
            ("1fend", false),
            ("nnow", false), // `\nnow` in JSON, but a line break in the text
            ("now", true),
            ("end", true),
            ("SAY", true),
        ] {
            let f = Filter::parse_at(needle, now()).unwrap();
            assert_eq!(f.matches(&c), want, "{needle} in the capture");
            assert_eq!(f.matches_fields(&held), want, "{needle} in the JSON string");
        }
    }

    #[test]
    fn bad_terms_are_errors_that_name_the_term() {
        for (expr, want) in [
            ("status:abc", "status:abc"),
            ("status:0xx", "status:0xx"),
            ("verdict:good", "verdict:good"),
            ("origin:mars", "origin:mars"),
            ("since:yesterday", "since:yesterday"),
            ("method:", "method:"),
            ("\"open", "unclosed quote"),
        ] {
            let err = Filter::parse_at(expr, now()).unwrap_err();
            assert!(err.contains(want), "{expr}: {err}");
        }
    }
}
