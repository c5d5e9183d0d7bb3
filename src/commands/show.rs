//! `hookcli show`: one stored capture as JSON or raw HTTP.

use crate::cli::{ShowArgs, ShowFormat};
use crate::export;
use crate::store::{self, Store};
use anyhow::Context as _;
use std::io::Write as _;
use std::process::ExitCode;

pub fn run(args: ShowArgs) -> anyhow::Result<ExitCode> {
    let dir = store::default_dir(args.store.store.as_deref())?;
    let store = Store::open(&dir)?;
    let c = store.find(&args.id)?;
    let bytes = match args.format {
        ShowFormat::Json => {
            let mut s = serde_json::to_string_pretty(&c)?;
            s.push('\n');
            s.into_bytes()
        }
        ShowFormat::Http => export::raw_http(&c),
    };
    let mut out = std::io::stdout().lock();
    out.write_all(&bytes)
        .and_then(|_| out.flush())
        .context("cannot write to stdout")?;
    Ok(ExitCode::SUCCESS)
}
