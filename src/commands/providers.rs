//! `hookcli providers`: the registry as a table or JSON.

use crate::cli::ProvidersArgs;
use crate::verify::providers;
use anyhow::Context as _;
use std::io::Write as _;
use std::process::ExitCode;

pub fn run(args: ProvidersArgs) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, providers())?;
        writeln!(out).context("cannot write to stdout")?;
        return Ok(ExitCode::SUCCESS);
    }
    let w_id = providers().iter().map(|p| p.id.len()).max().unwrap_or(2);
    let w_name = providers().iter().map(|p| p.name.len()).max().unwrap_or(4);
    writeln!(
        out,
        "{:w_id$}  {:w_name$}  HEADERS / ALGORITHM / SECRET / SDK",
        "ID", "NAME"
    )
    .context("cannot write to stdout")?;
    for p in providers() {
        writeln!(
            out,
            "{:w_id$}  {:w_name$}  {}\n{:pad$}{}\n{:pad$}secret: {}\n{:pad$}sdk: {}",
            p.id,
            p.name,
            p.headers.join(", "),
            "",
            p.algorithm,
            "",
            p.secret_form,
            "",
            p.sdk,
            pad = w_id + w_name + 4
        )
        .context("cannot write to stdout")?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The README's provider table, generated from the registry (a test keeps README in step).
pub fn markdown_table() -> String {
    let mut s = String::from(
        "| id | provider | family | signature headers | algorithm | test vectors | SDK that decides |\n|---|---|---|---|---|---|---|\n",
    );
    for p in providers() {
        let headers: Vec<String> = p.headers.iter().map(|h| format!("`{h}`")).collect();
        s.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} | {} |\n",
            p.id,
            p.name,
            p.family,
            headers.join(", "),
            p.algorithm.replace('|', "\\|"),
            p.vectors,
            p.sdk.replace('|', "\\|")
        ));
    }
    s
}
