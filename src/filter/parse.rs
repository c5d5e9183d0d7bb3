//! Reading a filter expression: words, `key:value` terms, near-miss keys, `since:` times.

use super::term::{Filter, StatusPat, Term};
use crate::capture::{Origin, Verdict};
use time::{Date, Duration, OffsetDateTime, Time};

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

/// An age written as a number and a unit (`30s`, `10m`, `2h`, `7d`, `2w`): its digits and
/// the unit in seconds; `None` when it is not one. `since:` and `--keep-for` read ages.
pub fn split_age(s: &str) -> Option<(&str, u32)> {
    let (num, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit())?);
    let secs = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        "w" => 604_800,
        _ => return None,
    };
    Some((num, secs))
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
    let (num, unit) = split_age(v).ok_or_else(bad)?;
    let n: i64 = num.parse().map_err(|_| bad())?;
    let unit_secs = i64::from(unit);
    // `since:100000000w` is before any date `time` can hold: an error, not a panic.
    n.checked_mul(unit_secs)
        .and_then(|secs| now.checked_sub(Duration::seconds(secs)))
        .ok_or_else(|| format!("{key}:{v} reaches back before any date hookcli can show"))
}
