//! Plain sinks for captures: one colored line each, or NDJSON for scripts.

use crate::capture::{Capture, Verdict};
use colored::Colorize as _;
use std::sync::OnceLock;
use time::{OffsetDateTime, UtcOffset};

static LOCAL_OFFSET: OnceLock<UtcOffset> = OnceLock::new();

/// Learn the local UTC offset. Call before any thread starts: the OS answer is only
/// trustworthy while the process is single-threaded.
pub fn init_local_offset() {
    let off = UtcOffset::current_local_offset().unwrap_or(UtcOffset::UTC);
    let _ = LOCAL_OFFSET.set(off);
}

/// The local UTC offset learned at start-up.
pub fn local_offset() -> UtcOffset {
    *LOCAL_OFFSET.get().unwrap_or(&UtcOffset::UTC)
}

/// A time in the local zone as `HH:MM:SS.mmm`.
pub fn clock(t: OffsetDateTime) -> String {
    let t = t.to_offset(*LOCAL_OFFSET.get().unwrap_or(&UtcOffset::UTC));
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        t.hour(),
        t.minute(),
        t.second(),
        t.millisecond()
    )
}

/// A date and time in the local zone, for lists that span days.
pub fn stamp(t: OffsetDateTime) -> String {
    let l = t.to_offset(*LOCAL_OFFSET.get().unwrap_or(&UtcOffset::UTC));
    format!(
        "{:04}-{:02}-{:02} {}",
        l.year(),
        l.month() as u8,
        l.day(),
        clock(t)
    )
}

/// `0 B`, `512 B`, `1.4 KB`, `5.0 MB`.
pub fn human_size(n: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if n < 1024 {
        return format!("{n} B");
    }
    let mut v = n as f64 / 1024.0;
    let mut unit = 0;
    while v >= 1024.0 && unit < UNITS.len() - 1 {
        v /= 1024.0;
        unit += 1;
    }
    format!("{v:.1} {}", UNITS[unit])
}

/// Signature badge: `✓ stripe`, `✗ github`, `– slack` (unsigned / no secret), or nothing.
pub fn badge(c: &Capture) -> (String, Option<bool>) {
    match &c.signature {
        None => (String::new(), None),
        Some(s) => badge_of(&s.provider, s.verdict),
    }
}

/// The badge for a provider's verdict, and whether it is good news (`None`: neither).
pub fn badge_of(provider: &str, verdict: Verdict) -> (String, Option<bool>) {
    match verdict {
        Verdict::Valid => (format!("✓ {provider}"), Some(true)),
        Verdict::Unsigned | Verdict::NoSecret => (format!("– {provider}"), None),
        _ => (format!("✗ {provider}"), Some(false)),
    }
}

/// Milliseconds as people read them: `0.4 ms`, `3.1 ms`, `1204 ms`.
pub fn millis(ms: f64) -> String {
    if ms < 100.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{ms:.0} ms")
    }
}

fn status_colored(status: u16) -> String {
    let s = status.to_string();
    match status {
        200..=299 => s.green().to_string(),
        300..=399 => s.cyan().to_string(),
        400..=499 => s.yellow().to_string(),
        _ => s.red().to_string(),
    }
}

/// The one-line form: `12:04:31.120 POST /webhooks/stripe 1.4 KB ✓ stripe → 200 3.1 ms`.
pub fn line(c: &Capture) -> String {
    let mut out = format!(
        "{} {} {} {}",
        clock(c.received_at).dimmed(),
        c.method.bold(),
        c.url,
        human_size(c.body_size).dimmed()
    );
    let (b, ok) = badge(c);
    if !b.is_empty() {
        let b = match ok {
            Some(true) => b.green().to_string(),
            Some(false) => b.red().to_string(),
            None => b.dimmed().to_string(),
        };
        out.push(' ');
        out.push_str(&b);
        if let Some(s) = &c.signature
            && !matches!(s.verdict, Verdict::Valid)
        {
            out.push_str(&format!(" ({})", s.verdict.as_str()).dimmed().to_string());
        }
    }
    if let Some(h) = &c.handshake {
        out.push_str(&format!(" [{h}]").cyan().to_string());
    }
    if c.forwards.is_empty()
        && let Some(s) = c.response_status
    {
        out.push_str(&format!(" ↩ {}", status_colored(s)));
    }
    for f in &c.forwards {
        match (f.status, &f.error) {
            (Some(s), None) => out.push_str(&format!(
                " → {} {}",
                status_colored(s),
                millis(f.duration_ms)
            )),
            (_, Some(e)) => out.push_str(&format!(" → {}", format!("✗ {e}").red())),
            (None, None) => out.push_str(" → …"),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::{Forward, Origin, Signature};

    #[test]
    fn sizes_read_like_people_write_them() {
        assert_eq!(human_size(0), "0 B");
        assert_eq!(human_size(1023), "1023 B");
        assert_eq!(human_size(1434), "1.4 KB");
        assert_eq!(human_size(5 * 1024 * 1024), "5.0 MB");
    }

    #[test]
    fn line_shows_badge_status_and_time() {
        colored::control::set_override(false);
        let mut c = Capture::new(Origin::Local, "POST", "/webhooks/stripe");
        c.received_at = crate::capture::parse_time("2026-11-27T12:04:31.120481Z").unwrap();
        c.body_size = 1434;
        c.signature = Some(Signature {
            provider: "stripe".into(),
            verdict: Verdict::Valid,
            detail: String::new(),
        });
        c.forwards.push(Forward {
            status: Some(200),
            duration_ms: 3.12,
            ..Forward::default()
        });
        let l = line(&c);
        assert!(
            l.ends_with("POST /webhooks/stripe 1.4 KB ✓ stripe → 200 3.1 ms"),
            "{l}"
        );
        assert!(l.starts_with(&clock(c.received_at)));
    }
}
