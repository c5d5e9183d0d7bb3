//! `hookcli config`: every setting as `listen` would see it, with where it came from.

use crate::cli::Cli;
use crate::config::{self, LISTEN_KEYS, RELAY_KEYS, Setting, mask};
use anyhow::Context as _;
use clap::CommandFactory as _;
use std::io::Write as _;
use std::process::ExitCode;

pub fn run() -> anyhow::Result<ExitCode> {
    let settings = config::load()?;
    let cmd = Cli::command();
    let listen = cmd.find_subcommand("listen").expect("listen exists");
    let mut rows: Vec<(String, String, String)> = Vec::new();
    let from_files = |key: &str| settings.iter().find(|s| s.key == key);
    let show = |s: &Setting| {
        if s.secret {
            s.values
                .iter()
                .map(|v| mask(v.split_once('=').map_or(v.as_str(), |(_, sec)| sec)))
                .collect::<Vec<_>>()
                .join(", ")
        } else if s.switch {
            "true".into()
        } else {
            s.values
                .iter()
                .map(|v| config::mask_value(&s.key, v))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };

    let store = match std::env::var("HOOKCLI_HOME").ok().filter(|v| !v.is_empty()) {
        Some(v) => (v, "env HOOKCLI_HOME".to_string()),
        None => match from_files("store") {
            Some(s) => (show(s), s.source.to_string()),
            None => (
                crate::store::default_dir(None)
                    .map(|p| p.display().to_string())
                    .unwrap_or_default(),
                "default".into(),
            ),
        },
    };
    rows.push(("store".into(), store.0, store.1));
    for (key, flag, _) in LISTEN_KEYS {
        let full = format!("listen.{key}");
        let (value, source) = match from_files(&full) {
            Some(s) => (show(s), s.source.to_string()),
            None => {
                let id = flag.trim_start_matches('-').replace('-', "_");
                let default = listen
                    .get_arguments()
                    .find(|a| a.get_id() == id.as_str())
                    .map(|a| {
                        a.get_default_values()
                            .iter()
                            .map(|v| v.to_string_lossy().into_owned())
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .unwrap_or_default();
                (default, "default".into())
            }
        };
        rows.push((full, value, source));
    }
    for (key, _) in RELAY_KEYS {
        let full = format!("relay.{key}");
        let env = (*key == "token")
            .then(|| std::env::var("HOOKCLI_RELAY_TOKEN").ok())
            .flatten();
        if let Some(t) = env {
            rows.push((full, mask(&t), "env HOOKCLI_RELAY_TOKEN".into()));
        } else if let Some(s) = from_files(&full) {
            rows.push((full, show(s), s.source.to_string()));
        }
    }
    rows.extend(secret_rows(&settings, &show));

    let wk = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
    let wv = rows
        .iter()
        .map(|r| r.1.chars().count())
        .max()
        .unwrap_or(0)
        .min(48);
    let mut out = std::io::stdout().lock();
    for (k, v, src) in rows {
        let pad = wv.saturating_sub(v.chars().count());
        let v = crate::output::escape(&v);
        let src = crate::output::escape(&src);
        writeln!(out, "{k:wk$}  {v}{}  # {src}", " ".repeat(pad))
            .context("cannot write to stdout")?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The `secrets.*` rows: `HOOKCLI_SECRET_*` first, then the config files' (masked).
fn secret_rows(
    settings: &[Setting],
    show: &dyn Fn(&Setting) -> String,
) -> Vec<(String, String, String)> {
    let mut secret_rows: Vec<(String, String, String)> = Vec::new();
    for (k, v) in std::env::vars() {
        if let Some(p) = k.strip_prefix("HOOKCLI_SECRET_") {
            let id = p.to_ascii_lowercase().replace('_', "-");
            secret_rows.push((format!("secrets.{id}"), mask(&v), format!("env {k}")));
        }
    }
    for s in settings.iter().filter(|s| s.key.starts_with("secrets.")) {
        if !secret_rows.iter().any(|(k, _, _)| *k == s.key) {
            secret_rows.push((s.key.clone(), show(s), s.source.to_string()));
        }
    }
    secret_rows.sort();
    secret_rows
}
