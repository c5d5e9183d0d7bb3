//! One file per subcommand; each wires the library's parts together. What several commands
//! set up the same way (the store, secrets, filters, inputs) is in [`setup`].

use crate::cli::{Cli, Command};
use std::process::ExitCode;

pub mod config;
pub mod docs;
pub mod export;
pub mod inspect;
pub mod list;
pub mod listen;
pub mod providers;
pub mod relay;
pub mod replay;
pub mod setup;
pub mod show;
pub mod sign;
pub mod trigger;
pub mod verify;

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    use std::io::IsTerminal as _;
    let color = match cli.color {
        crate::cli::ColorWhen::Always => true,
        crate::cli::ColorWhen::Never => false,
        crate::cli::ColorWhen::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    colored::control::set_override(color);
    match cli.command {
        Command::Listen(args) => listen::run(*args),
        Command::List(args) => list::run(args),
        Command::Show(args) => show::run(args),
        Command::Replay(args) => replay::run(*args),
        Command::Inspect(args) => inspect::run(args),
        Command::Export(args) => export::run(args),
        Command::Import(args) => export::import(args),
        Command::Verify(args) => verify::run(args),
        Command::Sign(args) => sign::run(args),
        Command::Send(args) => sign::send(args),
        Command::Trigger(args) => trigger::run(*args),
        Command::Providers(args) => providers::run(args),
        Command::Completions(args) => docs::completions(args.shell),
        Command::Man => docs::man(),
        Command::Config => config::run(),
        Command::Relay(args) => relay::run(*args),
    }
}
