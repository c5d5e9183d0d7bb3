//! `hookcli list`: the store as an aligned table (or a JSON array for scripts).

use crate::capture::Capture;
use crate::cli::ListArgs;
use crate::output::{badge, human_size, millis, stamp};
use crate::store::{self, Order, Store, Summary};
use anyhow::Context as _;
use colored::Colorize as _;
use std::io::Write;
use std::process::ExitCode;

pub fn run(args: ListArgs) -> anyhow::Result<ExitCode> {
    let dir = store::default_dir(args.store.store.as_deref())?;
    let store = Store::open(&dir)?;
    let filter = super::filter(args.filter.as_deref())?;
    let mut out = std::io::stdout().lock();
    if args.json {
        json_array(&store, filter.as_ref(), args.limit, args.reveal, &mut out)?;
        return Ok(ExitCode::SUCCESS);
    }
    // With a limit the rows are few: read them once. Without, walk the store twice (widths,
    // then rows) so memory stays flat whatever it holds.
    let few = args
        .limit
        .map(|n| store.newest(n, filter.as_ref()))
        .transpose()?;
    let mut widths = HEADER.map(str::len);
    let mut ids = IdWidth::default();
    let mut any = false;
    let mut measure = |s: &Summary| {
        any = true;
        ids.next(&s.id);
        for (w, cell) in widths.iter_mut().zip(row(&s.sketch(), 0)) {
            *w = (*w).max(cell.chars().count());
        }
    };
    match &few {
        Some(rows) => rows.iter().for_each(&mut measure),
        None => store.walk(filter.as_ref(), Order::Oldest, |s| {
            measure(&s);
            Ok(true)
        })?,
    }
    if !any {
        eprintln!("hookcli: no captures in {}", dir.display());
        return Ok(ExitCode::SUCCESS);
    }
    let id_width = ids.len();
    widths[1] = widths[1].max(id_width);
    print(&mut out, &HEADER.map(String::from), &widths, true).context("cannot write to stdout")?;
    let mut line = |s: &Summary| {
        print(&mut out, &row(&s.sketch(), id_width), &widths, false)
            .context("cannot write to stdout")
    };
    match few {
        Some(rows) => rows.iter().try_for_each(&mut line)?,
        None => store.walk(filter.as_ref(), Order::Oldest, |s| line(&s).map(|()| true))?,
    }
    Ok(ExitCode::SUCCESS)
}

const HEADER: [&str; 8] = [
    "TIME",
    "ID",
    "METHOD",
    "PATH",
    "SIZE",
    "SIGNATURE",
    "STATUS",
    "MS",
];

fn print(
    out: &mut impl Write,
    cells: &[String; 8],
    widths: &[usize; 8],
    head: bool,
) -> std::io::Result<()> {
    let mut line = String::new();
    for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
        let pad = w.saturating_sub(cell.chars().count());
        let cell = if head {
            cell.bold().to_string()
        } else if i == 0 || i == 1 {
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

/// `list --json`: a pretty JSON array, written capture by capture.
fn json_array(
    store: &Store,
    filter: Option<&crate::filter::Filter>,
    limit: Option<usize>,
    reveal: bool,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    // One capture in memory at a time; each element is masked (unless --reveal) and made
    // terminal-safe before it is written.
    let mut first = true;
    let mut element = |c: &Capture| -> anyhow::Result<()> {
        let shown = crate::redact::shown(c, reveal);
        let text = crate::output::json_safe(serde_json::to_string_pretty(&*shown)?);
        let sep = if std::mem::take(&mut first) {
            "[\n"
        } else {
            ",\n"
        };
        write!(out, "{sep}{text}").context("cannot write to stdout")
    };
    match limit {
        Some(n) => {
            for s in store.newest(n, filter)? {
                if let Some(c) = store.get(&s.id)? {
                    element(&c)?;
                }
            }
        }
        None => store.walk_captures(filter, Order::Oldest, |c| {
            element(&c)?;
            Ok(true)
        })?,
    }
    let end = if first { "[]\n" } else { "\n]\n" };
    out.write_all(end.as_bytes())
        .context("cannot write to stdout")?;
    Ok(())
}

/// The shortest id prefix (at least 8 characters) that tells every listed capture apart,
/// found from neighbours as the ids go by in sorted order.
#[derive(Default)]
struct IdWidth {
    last: Option<String>,
    len: usize,
}

impl IdWidth {
    fn next(&mut self, id: &str) {
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

    fn len(&self) -> usize {
        self.len.clamp(8, 26)
    }
}

/// The cells of one table row, escaped for a terminal (also run by the capture-file fuzz target).
pub fn row(c: &Capture, width: usize) -> [String; 8] {
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
        crate::output::escape(&crate::id::short(&c.id, width)).into_owned(),
        crate::output::escape(&c.method).into_owned(),
        crate::output::escape(&c.url).into_owned(),
        human_size(c.body_size),
        sig,
        status,
        ms,
    ]
}
