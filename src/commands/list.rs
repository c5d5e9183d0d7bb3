//! `hookcli list`: the store as an aligned table (or a JSON array for scripts).

use crate::capture::Capture;
use crate::cli::ListArgs;
use crate::output::table::{HEADER, IdWidth, print, row_at};
use crate::store::{Order, Store, Summary};
use anyhow::Context as _;
use std::io::Write;
use std::process::ExitCode;

/// How many rows a bare `hookcli list` prints; `--all` or `-n N` says otherwise.
pub const DEFAULT_LIMIT: usize = 50;

pub fn run(args: ListArgs) -> anyhow::Result<ExitCode> {
    let store = super::setup::store(args.store.store.as_deref())?;
    let filter = super::setup::filter_window(
        args.filter.as_deref(),
        args.since.as_deref(),
        args.until.as_deref(),
    )?;
    let mut out = std::io::stdout().lock();
    if args.json {
        json_array(&store, filter.as_ref(), args.limit, args.reveal, &mut out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let limit = if args.all {
        None
    } else {
        Some(args.limit.unwrap_or(DEFAULT_LIMIT))
    };
    // With a limit the rows are few: read them once, with how many match in all. Without,
    // walk the store twice (widths, then rows) so memory stays flat whatever it holds.
    let few = limit
        .map(|n| newest_and_count(&store, n, filter.as_ref()))
        .transpose()?;
    let now = time::OffsetDateTime::now_utc();
    let mut widths = HEADER.map(str::len);
    let mut ids = IdWidth::default();
    let mut any = false;
    let mut measure = |s: &Summary| {
        any = true;
        ids.next(&s.id);
        for (w, cell) in widths.iter_mut().zip(row_at(&s.sketch(), 0, now)) {
            *w = (*w).max(cell.chars().count());
        }
    };
    match &few {
        Some((rows, _)) => rows.iter().for_each(&mut measure),
        None => store.walk(filter.as_ref(), Order::Oldest, |s| {
            measure(&s);
            Ok(true)
        })?,
    }
    if !any {
        return nothing_found(&store, store.dir(), filter.as_ref());
    }
    let id_width = ids.width();
    widths[2] = widths[2].max(id_width);
    print(&mut out, &HEADER.map(String::from), &widths, true).context("cannot write to stdout")?;
    let mut line = |s: &Summary| {
        print(
            &mut out,
            &row_at(&s.sketch(), id_width, now),
            &widths,
            false,
        )
        .context("cannot write to stdout")
    };
    match &few {
        Some((rows, _)) => rows.iter().try_for_each(&mut line)?,
        None => store.walk(filter.as_ref(), Order::Oldest, |s| line(&s).map(|()| true))?,
    }
    if let Some((rows, matching)) = few {
        let left = matching.saturating_sub(rows.len() as u64);
        if left > 0 {
            eprintln!(
                "hookcli: {left} older {} not shown (use -n N or --all)",
                if left == 1 { "capture" } else { "captures" }
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The newest `n` summaries matching `filter` (oldest first), and how many match in all:
/// one count(*) when SQL decides the filter alone; free text is counted on the same walk
/// that found the rows, so each candidate is checked once.
fn newest_and_count(
    store: &Store,
    n: usize,
    filter: Option<&crate::filter::Filter>,
) -> anyhow::Result<(Vec<Summary>, u64)> {
    if filter.is_none_or(|f| f.to_sql().exact) {
        let rows = store.newest(n, filter)?;
        let matching = store.count_matching(filter)?.unwrap_or(rows.len() as u64);
        return Ok((rows, matching));
    }
    let mut rows = Vec::with_capacity(n.min(4096));
    let mut matching = 0u64;
    store.walk(filter, Order::Newest, |s| {
        if rows.len() < n {
            rows.push(s);
        }
        matching += 1;
        Ok(true)
    })?;
    rows.reverse();
    Ok((rows, matching))
}

/// An empty table: say whether the store is empty or the filter matched nothing (exit 1,
/// like grep, so a script can tell).
fn nothing_found(
    store: &Store,
    dir: &std::path::Path,
    filter: Option<&crate::filter::Filter>,
) -> anyhow::Result<ExitCode> {
    let held = store.count()?;
    match filter {
        Some(_) if held > 0 => {
            eprintln!(
                "hookcli: no captures match the filter ({held} in {})",
                dir.display()
            );
            Ok(ExitCode::from(1))
        }
        _ => {
            eprintln!("hookcli: no captures in {}", dir.display());
            Ok(ExitCode::SUCCESS)
        }
    }
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
