//! One file per subcommand; each wires the library's parts together.

use crate::cli::{Cli, Command};
use std::process::ExitCode;

pub mod list;
pub mod listen;
pub mod show;

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Listen(args) => listen::run(*args),
        Command::List(args) => list::run(args),
        Command::Show(args) => show::run(args),
    }
}
