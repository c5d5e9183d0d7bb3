//! Capture filter expressions (`method:POST status:5xx stripe`), shared by the TUI's `/`,
//! `hookcli list --filter` and `export --filter`.
//!
//! Terms are separated by spaces and must all match. `key:value` terms test one field;
//! a comma lists alternatives (`method:POST,PUT`). Anything else, including an unknown
//! `key:`, is free text searched case-insensitively in the method, the URL and a text body.
//! `since:` is resolved to an absolute time when the filter is parsed, so a filter applied
//! later (new arrivals in the TUI) keeps meaning the same moment.

use crate::capture::{Capture, Origin, Verdict};
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
    /// Lower-case needle.
    Text(String),
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
                terms.push(Term::Text(word.to_lowercase()));
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
                "since" => Term::Since(parse_since(value, now)?),
                _ => Term::Text(word.to_lowercase()),
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
}

fn term_matches(t: &Term, c: &Capture) -> bool {
    match t {
        Term::Method(ms) => ms.iter().any(|m| c.method.eq_ignore_ascii_case(m)),
        Term::Status(ps) => ps.iter().any(|p| status_matches(*p, c)),
        Term::Provider(ps) => c
            .signature
            .as_ref()
            .is_some_and(|s| ps.iter().any(|p| s.provider.eq_ignore_ascii_case(p))),
        Term::Verdict(vs) => c.signature.as_ref().map_or_else(
            // No provider applied: the request was, for every purpose, unsigned.
            || vs.contains(&Verdict::Unsigned),
            |s| vs.contains(&s.verdict),
        ),
        Term::Path(ps) => ps.iter().any(|p| c.path().starts_with(p.as_str())),
        Term::Origin(os) => os.contains(&c.origin),
        Term::Since(t) => c.received_at >= *t,
        Term::Text(needle) => {
            contains_ci(c.method.as_bytes(), needle)
                || contains_ci(c.url.as_bytes(), needle)
                || (std::str::from_utf8(&c.body).is_ok() && contains_ci(&c.body, needle))
        }
    }
}

/// The forward statuses decide; a capture that was not forwarded is judged by its answer.
fn status_matches(p: StatusPat, c: &Capture) -> bool {
    let statuses: Vec<Option<u16>> = if c.forwards.is_empty() {
        vec![c.response_status]
    } else {
        c.forwards.iter().map(|f| f.status).collect()
    };
    match p {
        StatusPat::Exact(n) => statuses.contains(&Some(n)),
        StatusPat::Class(h) => statuses.iter().flatten().any(|s| s / 100 == h),
        StatusPat::Error => c.forwards.iter().any(|f| f.error.is_some()),
        StatusPat::None => statuses.contains(&None),
    }
}

/// Case-insensitive (ASCII) substring search without lower-casing the haystack: bodies can
/// be large and a filter runs over every capture in view.
fn contains_ci(hay: &[u8], needle_lc: &str) -> bool {
    let n = needle_lc.as_bytes();
    let Some(&first) = n.first() else {
        return true;
    };
    if n.len() > hay.len() {
        return false;
    }
    let last_start = hay.len() - n.len();
    memchr::memchr2_iter(first, first.to_ascii_uppercase(), &hay[..=last_start])
        .any(|i| hay[i..i + n.len()].eq_ignore_ascii_case(n))
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
        _ => {
            return Err(format!(
                "origin:{v} is not an origin (local, relay, replay, import, sign)"
            ));
        }
    })
}

/// `30s`, `10m`, `2h`, `7d` ago; a date `2026-11-27` (midnight); or an RFC 3339 time.
fn parse_since(v: &str, now: OffsetDateTime) -> Result<OffsetDateTime, String> {
    let bad = || {
        format!("since:{v} is not a time (use 30s, 10m, 2h, 7d, 2026-11-27 or an RFC 3339 time)")
    };
    if let Some(t) = crate::capture::parse_time(v) {
        return Ok(t);
    }
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    if let Ok(d) = Date::parse(v, &fmt) {
        return Ok(d.with_time(Time::MIDNIGHT).assume_offset(now.offset()));
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
        .ok_or_else(|| format!("since:{v} reaches back before any date hookcli can show"))
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
