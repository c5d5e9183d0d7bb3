//! `hookcli export` and `hookcli import`: the store to and from NDJSON or HAR.

use crate::capture::Origin;
use crate::cli::{ExportArgs, ExportFormat, ImportArgs};
use crate::interchange;
use crate::store::{self, Store};
use anyhow::Context as _;
use std::io::Write as _;
use std::process::ExitCode;

pub fn run(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let dir = store::default_dir(args.store.store.as_deref())?;
    let filter = super::filter(args.filter.as_deref())?;
    let mut loaded = Store::open(&dir)?.load(None)?;
    if let Some(f) = &filter {
        loaded.captures.retain(|c| f.matches(c));
    }
    for w in &loaded.warnings {
        eprintln!("hookcli: warning: {w}");
    }
    let mut text = Vec::new();
    match args.format {
        ExportFormat::Ndjson => {
            for c in &loaded.captures {
                serde_json::to_writer(&mut text, c)?;
                text.push(b'\n');
            }
        }
        ExportFormat::Har => {
            serde_json::to_writer_pretty(&mut text, &interchange::to_har(&loaded.captures))?;
            text.push(b'\n');
        }
    }
    match &args.output {
        Some(path) => {
            std::fs::write(path, &text)
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!(
                "hookcli: exported {} captures to {}",
                loaded.captures.len(),
                path.display()
            );
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(&text)
                .and_then(|_| out.flush())
                .context("cannot write to stdout")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn import(args: ImportArgs) -> anyhow::Result<ExitCode> {
    let text = super::read_input(&args.file)?;
    let captures =
        interchange::parse_many(&text).with_context(|| format!("cannot import {}", args.file))?;
    let dir = store::default_dir(args.store.store.as_deref())?;
    let store = Store::open(&dir)?;
    for mut c in captures.iter().cloned() {
        // Fresh ids: importing an export back must not overwrite the originals.
        c.id = crate::capture::new_id();
        c.origin = Origin::Import;
        store.append(&c)?;
    }
    eprintln!(
        "hookcli: imported {} captures into {}",
        captures.len(),
        dir.display()
    );
    Ok(ExitCode::SUCCESS)
}
