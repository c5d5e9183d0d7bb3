//! hookcli: catch, inspect, verify, forward, store and replay webhooks.

pub mod capture;
pub mod cli;
pub mod commands;
pub mod edit;
pub mod error;
pub mod export;
pub mod forward;
pub mod interchange;
pub mod output;
pub mod pipeline;
pub mod relay;
pub mod server;
pub mod store;
pub mod target;
pub mod verify;

use std::process::ExitCode;

/// Run one parsed command line.
pub fn run(cli: cli::Cli) -> anyhow::Result<ExitCode> {
    commands::run(cli)
}
