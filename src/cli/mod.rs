//! The command line: clap derive types and value parsers. No I/O here.
//!
//! This file holds the top level (`Cli`, `Command`); each command's arguments are in the
//! file of its family, the value parsers in [`parse`]. Children import one another, never
//! this file.

pub mod listen;
pub mod parse;
pub mod sign;
pub mod store;
#[cfg(test)]
mod tests;

pub use listen::{ListenArgs, RelayArgs};
pub use sign::{SendArgs, SignArgs, SignRequest, VerifyArgs};
pub use store::{
    ExportArgs, ExportFormat, ImportArgs, InspectArgs, ListArgs, ReplayArgs, ShowArgs, ShowFormat,
    StoreArgs,
};

use clap::{Args, Parser, Subcommand, ValueEnum};

/// `0.1.0 (abc123def)`: the crate version and, when built from a checkout, the commit.
pub const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), env!("HOOKCLI_GIT_SUFFIX"));

#[derive(Parser, Debug)]
#[command(
    name = "hookcli",
    version = VERSION,
    about = "Catch, inspect, verify, forward and replay webhooks",
    long_about = "Catch, inspect, verify, forward and replay webhooks.\n\n\
                  Run `hookcli listen --forward localhost:3000` and point your provider at \
                  http://127.0.0.1:9999/ (or at a relay).",
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// When to color output: auto (a terminal, and NO_COLOR unset), always, never
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Catch every request, verify, forward, store and show it live
    Listen(Box<ListenArgs>),
    /// List stored captures, newest last
    List(ListArgs),
    /// Show one stored capture
    Show(ShowArgs),
    /// Send stored or piped captures again (edited, re-signed if asked)
    Replay(Box<ReplayArgs>),
    /// Serve the web inspector over the store alone, without listening
    Inspect(InspectArgs),
    /// Write the store (or part of it) as NDJSON or HAR 1.2
    Export(ExportArgs),
    /// Read captures from NDJSON, a capture JSON or HAR into the store
    Import(ImportArgs),
    /// Check the signature of captures offline (exit 0 only when all are valid)
    Verify(VerifyArgs),
    /// Build a correctly signed request for a provider and print it as a capture
    Sign(SignArgs),
    /// Build a correctly signed request for a provider and deliver it
    Send(SendArgs),
    /// Send a realistic, signed test event from the catalog (`trigger --list` shows it)
    Trigger(Box<crate::trigger::args::TriggerArgs>),
    /// Every supported provider: headers, algorithm, what the secret looks like
    Providers(ProvidersArgs),
    /// Run the self-hosted public relay that `listen --relay` connects to
    Relay(Box<RelayArgs>),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish)
    Completions(CompletionsArgs),
    /// Print the man page (roff)
    Man,
    /// Print the effective configuration, each value with its source (secrets masked)
    Config,
}

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Args, Debug)]
pub struct ProvidersArgs {
    /// A JSON array, one object per provider
    #[arg(long)]
    pub json: bool,
}
