//! One file per subcommand; each wires the library's parts together.

use crate::cli::{Cli, Command};
use std::process::ExitCode;

pub mod export;
pub mod list;
pub mod listen;
pub mod replay;
pub mod show;

/// Read a file argument, `-` meaning stdin.
pub fn read_input(path: &str) -> anyhow::Result<String> {
    use anyhow::Context as _;
    use std::io::Read as _;
    if path == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .context("cannot read stdin")?;
        return Ok(s);
    }
    std::fs::read_to_string(path).with_context(|| format!("cannot read {path}"))
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Listen(args) => listen::run(*args),
        Command::List(args) => list::run(args),
        Command::Show(args) => show::run(args),
        Command::Replay(args) => replay::run(*args),
        Command::Export(args) => export::run(args),
        Command::Import(args) => export::import(args),
    }
}
