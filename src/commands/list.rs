//! `hookcli list`: the store as an aligned table (or a JSON array for scripts).

use crate::capture::Capture;
use crate::cli::ListArgs;
use crate::output::{badge, human_size, millis, stamp};
use crate::store::{self, Store};
use anyhow::Context as _;
use colored::Colorize as _;
use std::io::Write as _;
use std::process::ExitCode;

pub fn run(args: ListArgs) -> anyhow::Result<ExitCode> {
    let dir = store::default_dir(args.store.store.as_deref())?;
    let store = Store::open(&dir)?;
    let filter = super::filter(args.filter.as_deref())?;
    let mut loaded = store.load(if filter.is_some() { None } else { args.limit })?;
    if let Some(f) = &filter {
        loaded.captures.retain(|c| f.matches(c));
        if let Some(n) = args.limit {
            let skip = loaded.captures.len().saturating_sub(n);
            loaded.captures.drain(..skip);
        }
    }
    for w in &loaded.warnings {
        eprintln!("hookcli: warning: {}", crate::output::escape(w));
    }
    let mut out = std::io::stdout().lock();
    if args.json {
        let shown: Vec<_> = loaded
            .captures
            .iter()
            .map(|c| crate::redact::shown(c, args.reveal))
            .collect();
        let text = crate::output::json_safe(serde_json::to_string_pretty(&shown)?);
        writeln!(out, "{text}").context("cannot write to stdout")?;
        return Ok(ExitCode::SUCCESS);
    }
    if loaded.captures.is_empty() {
        eprintln!("hookcli: no captures in {}", dir.display());
        return Ok(ExitCode::SUCCESS);
    }
    let width = unique_prefix_len(&loaded.captures);
    let rows: Vec<[String; 8]> = loaded.captures.iter().map(|c| row(c, width)).collect();
    let header = [
        "TIME",
        "ID",
        "METHOD",
        "PATH",
        "SIZE",
        "SIGNATURE",
        "STATUS",
        "MS",
    ];
    let mut widths = header.map(str::len);
    for r in &rows {
        for (w, cell) in widths.iter_mut().zip(r) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let print = |out: &mut std::io::StdoutLock, cells: &[String; 8], head: bool| {
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
    };
    print(&mut out, &header.map(String::from), true).context("cannot write to stdout")?;
    for r in &rows {
        print(&mut out, r, false).context("cannot write to stdout")?;
    }
    Ok(ExitCode::SUCCESS)
}

fn row(c: &Capture, width: usize) -> [String; 8] {
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

/// The shortest id prefix (at least 8 characters) that tells every listed capture apart.
/// ULIDs share their leading time characters, so neighbours in sorted order decide it.
pub fn unique_prefix_len(captures: &[Capture]) -> usize {
    let mut ids: Vec<&str> = captures.iter().map(|c| c.id.as_str()).collect();
    ids.sort_unstable();
    let mut len = 8;
    for pair in ids.windows(2) {
        let common = pair[0]
            .bytes()
            .zip(pair[1].bytes())
            .take_while(|(a, b)| a == b)
            .count();
        len = len.max(common + 1);
    }
    len.min(26)
}
