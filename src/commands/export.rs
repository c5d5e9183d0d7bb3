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
        eprintln!("hookcli: warning: {}", crate::output::escape(w));
    }
    // Credentials are masked unless --reveal; the JSON is made terminal-safe either way.
    if !args.reveal {
        for c in &mut loaded.captures {
            if let std::borrow::Cow::Owned(m) = crate::redact::masked(c) {
                *c = m;
            }
        }
    }
    let text = match args.format {
        ExportFormat::Ndjson => {
            let mut text = String::new();
            for c in &loaded.captures {
                text.push_str(&c.to_json());
                text.push('\n');
            }
            text
        }
        ExportFormat::Har => {
            serde_json::to_string_pretty(&interchange::to_har(&loaded.captures))? + "\n"
        }
    };
    let text = crate::output::json_safe(text);
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
            out.write_all(text.as_bytes())
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
