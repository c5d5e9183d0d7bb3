//! `hookcli export` and `hookcli import`: the store to and from NDJSON or HAR.

use crate::cli::{ExportArgs, ExportFormat, ImportArgs};
use crate::interchange;
use crate::store::Order;
use anyhow::Context as _;
use std::io::Write;
use std::process::ExitCode;

pub fn run(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let filter = super::setup::filter(args.filter.as_deref())?;
    let store = super::setup::store(args.store.store.as_deref())?;
    let (mut out, shown): (Box<dyn Write>, Option<&std::path::Path>) = match &args.output {
        Some(path) => (
            Box::new(std::io::BufWriter::new(
                std::fs::File::create(path)
                    .with_context(|| format!("cannot write {}", path.display()))?,
            )),
            Some(path),
        ),
        None => (
            Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
            None,
        ),
    };
    let write_err = || match shown {
        Some(p) => format!("cannot write {}", p.display()),
        None => "cannot write to stdout".into(),
    };
    let mut n = 0u64;
    match args.format {
        // NDJSON streams: one capture in memory at a time.
        // Credentials are masked unless --reveal; the JSON is made terminal-safe either way.
        ExportFormat::Ndjson => store.walk_captures(filter.as_ref(), Order::Oldest, |c| {
            let line = crate::output::json_safe(crate::redact::shown(&c, args.reveal).to_json());
            out.write_all(line.as_bytes())
                .and_then(|()| out.write_all(b"\n"))
                .with_context(write_err)?;
            n += 1;
            Ok(true)
        })?,
        // HAR is one JSON document with a count-free array: built whole.
        ExportFormat::Har => {
            let mut all = Vec::new();
            store.walk_captures(filter.as_ref(), Order::Oldest, |c| {
                all.push(crate::redact::shown(&c, args.reveal).into_owned());
                Ok(true)
            })?;
            n = all.len() as u64;
            let har = serde_json::to_string_pretty(&interchange::to_har(&all))?;
            out.write_all(crate::output::json_safe(har).as_bytes())
                .and_then(|()| out.write_all(b"\n"))
                .with_context(write_err)?;
        }
    }
    out.flush().with_context(write_err)?;
    if let Some(path) = shown {
        eprintln!("hookcli: exported {n} captures to {}", path.display());
    }
    if n == 0 && filter.is_some() {
        // Say the filter matched nothing, not that the store is empty (exit 1, like grep).
        eprintln!(
            "hookcli: no captures match the filter ({} in {})",
            store.count()?,
            store.dir().display()
        );
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// `hookcli import FILE|DIR|-...`: every capture in them, into the store.
pub fn import(args: ImportArgs) -> anyhow::Result<ExitCode> {
    let mut sources: Vec<(String, Box<dyn std::io::Read>)> = Vec::new();
    for arg in &args.files {
        for path in expand(arg)? {
            let reader: Box<dyn std::io::Read> = if path == "-" {
                Box::new(std::io::stdin())
            } else {
                Box::new(std::fs::File::open(&path).with_context(|| format!("cannot read {path}"))?)
            };
            sources.push((path, reader));
        }
    }
    let store = super::setup::store(args.store.store.as_deref())?;
    let captures = sources
        .into_iter()
        .flat_map(|(name, r)| interchange::stream(r, name));
    let done = store.import(captures)?;
    if done.stored + done.already == 0 {
        return Err(crate::error::fail(format!(
            "no captures in {}",
            args.files.join(", ")
        )));
    }
    let mut said = format!(
        "hookcli: imported {} captures into {}",
        done.stored,
        store.path().display()
    );
    if done.already > 0 {
        said += &format!(" ({} already there)", done.already);
    }
    eprintln!("{said}");
    if done.renamed > 0 {
        eprintln!(
            "hookcli: {} captures got fresh ids (theirs were taken by other captures)",
            done.renamed
        );
    }
    if done.not_ulid > 0 {
        eprintln!(
            "hookcli: {} captures got fresh ids (theirs were not ULIDs)",
            done.not_ulid
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// A directory's files (sorted, hidden ones skipped), or the argument itself.
fn expand(arg: &str) -> anyhow::Result<Vec<String>> {
    let p = std::path::Path::new(arg);
    if arg == "-" || !p.is_dir() {
        return Ok(vec![arg.to_string()]);
    }
    let mut files: Vec<String> = std::fs::read_dir(p)
        .with_context(|| format!("cannot read directory {arg}"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|f| f.is_file())
        .filter(|f| {
            f.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| !n.starts_with('.'))
        })
        .map(|f| f.display().to_string())
        .collect();
    files.sort();
    Ok(files)
}
