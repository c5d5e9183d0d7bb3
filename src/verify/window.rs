//! Timestamps: parsing each provider's unit, formatting fresh ones, and tolerance windows.
//!
//! Everything is in milliseconds internally because several providers (WorkOS, Sanity,
//! HubSpot v3, Contentful, Linear) send milliseconds; `now` arrives in seconds from the
//! caller, never from the clock (verify/ does not read it).

use super::parse;

/// How a provider writes its timestamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Secs,
    Millis,
    /// Zoom documents seconds but has been seen sending milliseconds: decide by magnitude.
    SecsOrMillis,
    Rfc3339,
    /// ISO 8601 that may lack an offset, read as UTC (Orb sends `2024-03-27T15:42:29.551`).
    IsoUtc,
}

/// The SDK's acceptance window around `now`; `None` on a side means unbounded there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub past_ms: Option<i64>,
    pub future_ms: Option<i64>,
}

impl Window {
    /// No check at all (the SDK leaves freshness to the receiver).
    pub const NONE: Window = Window {
        past_ms: None,
        future_ms: None,
    };

    /// Reject only when older than `secs` (Stripe style: future timestamps pass).
    pub const fn past(secs: i64) -> Window {
        Window {
            past_ms: Some(secs * 1000),
            future_ms: None,
        }
    }

    /// Reject when `|now - t| > secs` (Standard Webhooks, Slack).
    pub const fn sym(secs: i64) -> Window {
        Window {
            past_ms: Some(secs * 1000),
            future_ms: Some(secs * 1000),
        }
    }

    /// Human summary for notes and details, e.g. `300 s, past only`.
    pub fn describe(self) -> String {
        match (self.past_ms, self.future_ms) {
            (None, None) => "no window".into(),
            (Some(p), None) => format!("{}, past only", secs(p)),
            (Some(p), Some(f)) if p == f => format!("±{}", secs(p)),
            (Some(p), Some(f)) => format!("{} past, {} future", secs(p), secs(f)),
            (None, Some(f)) => format!("{} future only", secs(f)),
        }
    }

    /// `Ok` when `age_ms` (now − t; negative = future) is inside the window.
    pub fn check(self, age_ms: i64) -> Result<(), String> {
        if let Some(p) = self.past_ms
            && age_ms > p
        {
            return Err(format!("older than {}", secs(p)));
        }
        if let Some(f) = self.future_ms
            && -age_ms > f
        {
            return Err(if f == 0 {
                "in the future, which the SDK rejects".into()
            } else {
                format!("more than {} in the future", secs(f))
            });
        }
        Ok(())
    }
}

fn secs(ms: i64) -> String {
    if ms % 1000 == 0 {
        format!("{} s", ms / 1000)
    } else {
        format!("{:.3} s", ms as f64 / 1000.0)
    }
}

/// Parse a timestamp's text in `unit` to unix milliseconds.
pub fn parse(text: &str, unit: Unit) -> Option<i64> {
    match unit {
        Unit::Secs => parse::int(text)?.checked_mul(1000),
        Unit::Millis => parse::int(text),
        Unit::SecsOrMillis => {
            let n = parse::int(text)?;
            // 10^11 s is the year 5138; anything larger is milliseconds.
            if n >= 100_000_000_000 {
                Some(n)
            } else {
                n.checked_mul(1000)
            }
        }
        Unit::Rfc3339 => parse::rfc3339_ms(text),
        Unit::IsoUtc => {
            parse::rfc3339_ms(text).or_else(|| parse::rfc3339_ms(&format!("{}Z", text.trim())))
        }
    }
}

/// The text a sender would put in the header at `now` (unix seconds).
pub fn format(now: i64, unit: Unit) -> String {
    match unit {
        Unit::Secs | Unit::SecsOrMillis => now.to_string(),
        Unit::Millis => now.saturating_mul(1000).to_string(),
        Unit::Rfc3339 => time::OffsetDateTime::from_unix_timestamp(now)
            .ok()
            .and_then(|t| {
                t.format(&time::format_description::well_known::Rfc3339)
                    .ok()
            })
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".into()),
        // Orb's shape: milliseconds, no offset.
        Unit::IsoUtc => format(now, Unit::Rfc3339).replace('Z', ".000"),
    }
}

/// What the SDK lets pass but a careful reader wants to know: a timestamp outside the
/// usual ±300 s where the SDK checks none, an old one where it bounds only the future, or
/// one from the future where it bounds only the past.
pub fn lenient_note(w: Window, age_ms: i64) -> &'static str {
    match (w.past_ms, w.future_ms) {
        (None, None) if age_ms.unsigned_abs() > 300_000 => {
            " (outside ±300 s, but the SDK checks no timestamp, so it passes)"
        }
        (None, _) if age_ms > 300_000 => " (the SDK sets no age limit, so a replay passes)",
        (_, None) if age_ms < -60_000 => " (the SDK lets future timestamps pass)",
        _ => "",
    }
}

/// now − t in milliseconds (negative when t is in the future).
pub fn age_ms(now: i64, ts_ms: i64) -> i64 {
    now.saturating_mul(1000).saturating_sub(ts_ms)
}

/// `3 s old`, `2 min in the future`, `0.8 s old`.
pub fn describe_age(age_ms: i64) -> String {
    let a = age_ms.unsigned_abs();
    let amount = if a < 1000 {
        format!("{:.1} s", a as f64 / 1000.0)
    } else if a < 120_000 {
        format!("{} s", a / 1000)
    } else if a < 7_200_000 {
        format!("{} min", a / 60_000)
    } else if a < 172_800_000 {
        format!("{} h", a / 3_600_000)
    } else {
        format!("{} d", a / 86_400_000)
    };
    if age_ms >= 0 {
        format!("{amount} old")
    } else {
        format!("{amount} in the future")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_follow_the_sdk_comparisons() {
        let stripe = Window::past(300);
        assert!(stripe.check(300_000).is_ok());
        assert!(stripe.check(300_001).is_err());
        assert!(stripe.check(-10_000_000).is_ok());
        let slack = Window::sym(300);
        assert!(slack.check(-300_001).is_err());
        assert!(Window::NONE.check(i64::MAX).is_ok());
    }

    #[test]
    fn units_and_ages() {
        assert_eq!(parse("1700000000", Unit::Secs), Some(1_700_000_000_000));
        assert_eq!(
            parse("1700000000123", Unit::SecsOrMillis),
            Some(1_700_000_000_123)
        );
        assert_eq!(
            parse("1700000000", Unit::SecsOrMillis),
            Some(1_700_000_000_000)
        );
        assert_eq!(parse("x", Unit::Millis), None);
        assert_eq!(format(1_700_000_000, Unit::Rfc3339), "2023-11-14T22:13:20Z");
        assert_eq!(describe_age(3_400), "3 s old");
        assert_eq!(describe_age(-180_000), "3 min in the future");
    }
}
