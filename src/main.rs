//! hookcli's entry point: parse, run, report.

use clap::Parser as _;

use std::process::ExitCode;

fn main() -> ExitCode {
    // Before any thread exists: the local UTC offset can only be read safely now.
    hookcli::output::init_local_offset();
    let cli = match hookcli::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return hookcli::error::clap_exit(&e),
    };
    match hookcli::run(cli) {
        Ok(code) => code,
        Err(e) => hookcli::error::report(&e),
    }
}
