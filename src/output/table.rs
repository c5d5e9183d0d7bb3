//! `hookcli list`'s table: the header, one row of escaped cells per capture, and the id
//! width that tells the listed captures apart.

use crate::capture::Capture;
use crate::output::{badge, human_size, millis, stamp};
use colored::Colorize as _;
use std::io::Write;

pub const HEADER: [&str; 10] = [
    "TIME",
    "AGE",
    "ID",
    "ORIGIN",
    "METHOD",
    "PATH",
    "SIZE",
    "SIGNATURE",
    "STATUS",
    "MS",
];

/// Write one row (the header when `head`), padded to `widths`.
pub fn print(
    out: &mut impl Write,
    cells: &[String; 10],
    widths: &[usize; 10],
    head: bool,
) -> std::io::Result<()> {
    let mut line = String::new();
    for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
        let pad = w.saturating_sub(cell.chars().count());
        let cell = if head {
            cell.bold().to_string()
        } else if i <= 2 {
            cell.dimmed().to_string()
        } else {
            cell.clone()
        };
        line.push_str(&cell);
        if i + 1 < cells.len() {
            line.push_str(&" ".repeat(pad + 2));
        }
    }
    writeln!(out, "{}", line.trim_end())
}

/// The shortest id prefix (at least 8 characters) that tells every listed capture apart,
/// found from neighbours as the ids go by in sorted order.
#[derive(Default)]
pub struct IdWidth {
    last: Option<String>,
    len: usize,
}

impl IdWidth {
    pub fn next(&mut self, id: &str) {
        if let Some(prev) = &self.last {
            let common = prev
                .bytes()
                .zip(id.bytes())
                .take_while(|(a, b)| a == b)
                .count();
            self.len = self.len.max(common + 1);
        }
        self.last = Some(id.to_string());
    }

    pub fn width(&self) -> usize {
        self.len.clamp(8, 26)
    }
}

/// The cells of one table row, escaped for a terminal (also run by the capture-file fuzz target).
pub fn row(c: &Capture, width: usize) -> [String; 10] {
    row_at(c, width, time::OffsetDateTime::now_utc())
}

/// [`row`] with the age measured from `now`.
pub fn row_at(c: &Capture, width: usize, now: time::OffsetDateTime) -> [String; 10] {
    let (status, ms) = match c.forwards.first() {
        Some(f) => (
            f.status
                .map_or_else(|| "ERR".to_string(), |s| s.to_string()),
            millis(f.duration_ms),
        ),
        None => (
            c.response_status
                .map_or_else(String::new, |s| s.to_string()),
            String::new(),
        ),
    };
    let (sig, _) = badge(c);
    let sig = match &c.signature {
        Some(s) if !matches!(s.verdict, crate::capture::Verdict::Valid) => {
            format!("{sig} {}", s.verdict.as_str())
        }
        _ => sig,
    };
    // Delivery marks (slower than the provider waits, a repeated delivery) end the row.
    let ms = std::iter::once(ms)
        .chain(
            crate::verify::delivery::marks(c)
                .iter()
                .map(|m| crate::output::escape(m).into_owned()),
        )
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    [
        stamp(c.received_at),
        crate::output::ago(c.received_at, now),
        crate::output::escape(&crate::id::short(&c.id, width)).into_owned(),
        origin_name(c.origin).to_string(),
        crate::output::escape(&c.method).into_owned(),
        crate::output::escape(&c.url).into_owned(),
        human_size(c.body_size),
        sig,
        status,
        ms,
    ]
}

/// The ORIGIN cell: where a capture came from, as `--filter origin:` spells it.
fn origin_name(o: crate::capture::Origin) -> &'static str {
    use crate::capture::Origin;
    match o {
        Origin::Local => "local",
        Origin::Relay => "relay",
        Origin::Replay => "replay",
        Origin::Import => "import",
        Origin::Sign => "sign",
        Origin::Trigger => "trigger",
        Origin::Retry => "retry",
    }
}
