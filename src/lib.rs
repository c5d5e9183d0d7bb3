//! hookcli: catch, inspect, verify, forward, store and replay webhooks.

pub mod capture;
pub mod cli;
pub mod commands;
pub mod config;
pub mod edit;
pub mod edit_doc;
pub mod error;
pub mod event;
pub mod export;
pub mod filter;
pub mod forward;
pub mod headers;
pub mod http;
pub mod id;
pub mod interchange;
pub mod largebuf;
pub mod output;
pub mod pipeline;
pub mod redact;
pub mod relay;
pub mod retry;
pub mod secret_form;
pub mod server;
pub mod store;
pub mod target;
pub mod trigger;
pub mod tui;
pub mod verify;
pub mod web;

use std::process::ExitCode;

/// Parse the process's command line with config-file settings filled in (see [`config`]).
/// On failure the error is already printed; the exit code is returned.
pub fn parse_command_line() -> Result<cli::Cli, ExitCode> {
    use clap::{CommandFactory as _, Parser as _};
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let (settings, problems) = config::load_lenient().map_err(|e| error::report(&e))?;
    if let Some(first) = problems.first() {
        // A wrong key stops the commands that read it; the rest say so and carry on.
        let sub = cli::Cli::command()
            .try_get_matches_from(&argv)
            .ok()
            .and_then(|m| m.subcommand_name().map(str::to_string));
        if matches!(sub.as_deref(), Some("listen" | "config")) {
            return Err(error::report(&error::fail(first.clone())));
        }
        for p in &problems {
            eprintln!("hookcli: warning: {p}; ignored");
        }
    }
    let augmented = config::augment(argv.clone(), &cli::Cli::command(), &settings);
    match cli::Cli::try_parse_from(&augmented) {
        Ok(cli) => Ok(cli),
        // The user's own line parses: a value from a config file is what's wrong.
        Err(e) if augmented != argv && cli::Cli::try_parse_from(&argv).is_ok() => {
            let (what, e) = match config::culprit(&argv, &cli::Cli::command(), &settings) {
                Some((s, e)) => (format!("key {:?} in {}", s.key, s.source), e),
                None => ("a config file".to_string(), e),
            };
            let text = e.render().to_string();
            let first = text
                .lines()
                .next()
                .unwrap_or("")
                .trim_start_matches("error: ");
            Err(error::report(&error::fail(format!(
                "bad value for {what} ({first})"
            ))))
        }
        Err(e) => Err(error::clap_exit(&e)),
    }
}

/// Run one parsed command line.
pub fn run(cli: cli::Cli) -> anyhow::Result<ExitCode> {
    commands::run(cli)
}
