//! What a person or a script reads of captures. This file: times, sizes, badges, the one
//! colored line per capture, JSON made safe for a terminal, and the one escaping function
//! every line a person reads goes through. The sinks built on them: [`sink`] (`listen`'s
//! lines and NDJSON from events), [`follow`] (the same, following the store) and [`table`]
//! (`hookcli list`). They import this file; this file imports none of them.

pub mod follow;
pub mod sink;
pub mod table;

use crate::capture::{Capture, Verdict};
use colored::Colorize as _;
use std::borrow::Cow;
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

/// How long before `now` a time was, as people say it: `just now`, `42 s ago`,
/// `3 min ago`, `2 h ago`, `5 d ago`.
pub fn ago(t: OffsetDateTime, now: OffsetDateTime) -> String {
    let secs = (now - t).whole_seconds();
    match secs {
        ..5 => "just now".to_string(),
        5..60 => format!("{secs} s ago"),
        60..3600 => format!("{} min ago", secs / 60),
        3600..86_400 => format!("{} h ago", secs / 3600),
        _ => format!("{} d ago", secs / 86_400),
    }
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
        Verdict::Valid => (format!("✓ {}", escape(provider)), Some(true)),
        Verdict::Unsigned | Verdict::NoSecret => (format!("– {}", escape(provider)), None),
        _ => (format!("✗ {}", escape(provider)), Some(false)),
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

/// How a character must be written for a terminal, if it must be escaped: C0 controls
/// (ESC, CR, BS…), DEL, C1 controls (U+0080–U+009F: `\u{9b}` is a CSI on many terminals),
/// the bidirectional overrides that reorder what is shown, and header bytes that are not
/// UTF-8 (see [`crate::headers`]), which are shown as the bytes they are.
fn escaped(c: char) -> Option<String> {
    if let Some(b) = crate::headers::raw_byte(c) {
        return Some(format!("\\x{b:02x}"));
    }
    match c {
        '\n' => Some("\\n".into()),
        '\r' => Some("\\r".into()),
        '\t' => Some("\\t".into()),
        '\0'..='\x1f' | '\x7f' => Some(format!("\\x{:02x}", c as u32)),
        c if c1_or_bidi(c) => Some(format!("\\u{{{:x}}}", c as u32)),
        _ => None,
    }
}

/// C1 controls (U+0080–U+009F) and the bidirectional controls that reorder what is shown.
fn c1_or_bidi(c: char) -> bool {
    matches!(
        c,
        '\u{80}'..='\u{9f}'
            | '\u{61c}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
    )
}

/// Text from outside, made safe to print on a terminal as one line: every control character
/// is written as a visible escape (`\x1b`, `\n`, `\u{9b}`), everything else is left alone.
///
/// ```
/// use hookcli::output::escape;
/// assert_eq!(escape("/a\x1b[2Jb\r\u{9b}"), "/a\\x1b[2Jb\\r\\u{9b}");
/// assert_eq!(escape("/plain/ünïcode"), "/plain/ünïcode");
/// ```
pub fn escape(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| escaped(c).is_some()) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match escaped(c) {
            Some(e) => out.push_str(&e),
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Bytes shown on a terminal as text lines: line breaks kept, every other control character
/// escaped as [`escape`] does, bytes that are not UTF-8 as `\xff`.
pub fn escape_lines(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + 16);
    for chunk in bytes.utf8_chunks() {
        let text = chunk.valid();
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                out.push('\n');
            }
            let line = line.strip_suffix('\r').unwrap_or(line);
            out.push_str(&escape(line));
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out
}

/// JSON text made safe to print: DEL, C1 and bidi controls inside strings (which JSON
/// allows raw, and serde writes raw) become `\u` escapes. The JSON means exactly the same.
pub fn json_safe(json: String) -> String {
    // Only the bytes `risky_starts` finds can start a risky character: look at the
    // characters there, not at every character (the whole line was a third of the output
    // thread's time once a capture held one `—`).
    let char_at = |i: usize| json.get(i..).and_then(|s| s.chars().next());
    let mut risky: Vec<(usize, char)> = risky_starts(json.as_bytes())
        .filter_map(|i| char_at(i).filter(|c| json_risky(*c)).map(|c| (i, c)))
        .collect();
    if risky.is_empty() {
        return json;
    }
    risky.sort_unstable();
    let mut out = String::with_capacity(json.len() + 6 * risky.len());
    let mut last = 0;
    for (i, c) in risky {
        out.push_str(json.get(last..i).unwrap_or_default());
        out.push_str(&format!("\\u{:04x}", c as u32));
        last = i + c.len_utf8();
    }
    out.push_str(json.get(last..).unwrap_or_default());
    out
}

/// What [`json_safe`] escapes: DEL and [`c1_or_bidi`] (JSON allows them raw; every other
/// control is escaped by the encoder already).
fn json_risky(c: char) -> bool {
    c == '\x7f' || c1_or_bidi(c)
}

/// Where UTF-8 text holds a byte that can start a character [`json_safe`] escapes: DEL,
/// the lead bytes of C1 controls (0xc2), of U+061C (0xd8) and of the other bidi controls
/// (0xe2). A vectorised scan: a line of plain text costs no per-character check.
fn risky_starts(b: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr3_iter(0x7f, 0xc2, 0xe2, b).chain(memchr::memchr_iter(0xd8, b))
}

/// [`json_safe`] for JSON bytes; borrowed (no copy) when no byte could start a risky
/// character, which is every line of plain ASCII.
pub fn json_bytes_safe(b: &[u8]) -> Cow<'_, [u8]> {
    if risky_starts(b).next().is_none() {
        return Cow::Borrowed(b);
    }
    let text = String::from_utf8_lossy(b).into_owned();
    Cow::Owned(json_safe(text).into_bytes())
}

/// The one-line form: `12:04:31.120 POST /webhooks/stripe 1.4 KB ✓ stripe → 200 3.1 ms`.
pub fn line(c: &Capture) -> String {
    let mut out = format!(
        "{} {} {} {}",
        clock(c.received_at).dimmed(),
        escape(&c.method).bold(),
        escape(&c.url),
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
        out.push_str(&format!(" [{}]", escape(h)).cyan().to_string());
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
            (_, Some(e)) => out.push_str(&format!(" → {}", format!("✗ {}", escape(e)).red())),
            (None, None) => out.push_str(" → …"),
        }
    }
    for m in crate::verify::delivery::marks(c) {
        out.push_str(&format!(" {}", escape(&m)).yellow().to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::{Forward, Origin, Signature};

    #[test]
    fn json_lines_escape_every_terminal_control_and_leave_plain_text_alone() {
        for (raw, want) in [
            ("\u{7f}", "\\u007f"),
            ("\u{9b}", "\\u009b"),
            ("\u{61c}", "\\u061c"),
            ("\u{202e}", "\\u202e"),
            ("\u{2067}", "\\u2067"),
        ] {
            let json = format!("{{\"a\":\"x{raw}y\"}}");
            let want = format!("{{\"a\":\"x{want}y\"}}");
            assert_eq!(json_safe(json.clone()), want, "{raw:?}");
            assert_eq!(json_bytes_safe(json.as_bytes()).as_ref(), want.as_bytes());
        }
        let plain = r#"{"a":"caf\u00e9 ünï ✓ \u0001"}"#.to_string();
        assert_eq!(json_safe(plain.clone()), plain);
        // Several, between characters that share their first bytes (— is e2 80 94).
        let mixed = "{\"a\":\"—x\u{9b}\u{9b}—\u{7f}ünï\u{202e}\u{61c}—\"}".to_string();
        assert_eq!(
            json_safe(mixed),
            "{\"a\":\"—x\\u009b\\u009b—\\u007fünï\\u202e\\u061c—\"}"
        );
        assert!(matches!(json_bytes_safe(b"{\"a\":1}"), Cow::Borrowed(_)));
    }

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
