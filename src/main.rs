//! hookcli's entry point: parse, run, report.

use clap::Parser as _;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Before any thread exists: the local UTC offset can only be read safely now.
    hookcli::output::init_local_offset();
    let cli = hookcli::cli::Cli::parse();
    match hookcli::run(cli) {
        Ok(code) => code,
        Err(e) => hookcli::error::report(&e),
    }
}
