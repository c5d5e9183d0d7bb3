//! `hookcli verify`: judge signatures offline; exit 0 only when every capture is valid.

use crate::capture::Verdict;
use crate::cli::VerifyArgs;
use crate::verify::{self, Context};
use anyhow::Context as _;
use colored::Colorize as _;
use std::io::{IsTerminal as _, Write as _};
use std::process::ExitCode;

pub fn run(args: VerifyArgs) -> anyhow::Result<ExitCode> {
    let secrets = super::setup::secrets(&args.verify.secret)?;
    let mut sources = args.sources.clone();
    if sources.is_empty() {
        sources.push(
            if std::io::stdin().is_terminal() {
                "last"
            } else {
                "-"
            }
            .into(),
        );
    }
    let needs_store = sources
        .iter()
        .any(|s| s != "-" && !std::path::Path::new(s).is_file());
    let store = super::setup::open_store(!needs_store, args.store.store.as_deref())?;
    let captures = super::setup::gather(&sources, store.as_ref())?;
    let now = args
        .at
        .unwrap_or_else(|| time::OffsetDateTime::now_utc().unix_timestamp());
    let ctx = Context {
        now,
        public_url: args.verify.public_url.as_deref(),
        provider: args.verify.provider.as_deref(),
    };
    let mut all_valid = !captures.is_empty();
    let mut out = std::io::stdout().lock();
    for c in &captures {
        let sig = verify::verify(c, &secrets, &ctx);
        let valid = sig.as_ref().is_some_and(|s| s.verdict == Verdict::Valid);
        all_valid &= valid;
        let id = crate::output::escape(&crate::id::short(&c.id, 12)).into_owned();
        let line = if args.json {
            serde_json::json!({
                "id": c.id,
                "provider": sig.as_ref().map(|s| s.provider.as_str()),
                "verdict": sig.as_ref().map_or("unsigned", |s| s.verdict.as_str()),
                "detail": sig.as_ref().map_or("no provider's signature headers found", |s| s.detail.as_str()),
            })
            .to_string()
        } else {
            match &sig {
                Some(s) => {
                    let mark = if valid { "✓".green() } else { "✗".red() };
                    format!(
                        "{mark} {id} {} {}: {}",
                        crate::output::escape(&s.provider),
                        s.verdict.as_str(),
                        crate::output::escape(&s.detail)
                    )
                }
                None => format!(
                    "{} {id} unsigned: no provider's signature headers found (try --provider)",
                    "–".dimmed()
                ),
            }
        };
        writeln!(out, "{line}").context("cannot write to stdout")?;
    }
    Ok(if all_valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
