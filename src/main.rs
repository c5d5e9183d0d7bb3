//! hookcli's entry point: parse, run, report.

use std::process::ExitCode;

fn main() -> ExitCode {
    // Before any thread exists: the local UTC offset can only be read safely now.
    hookcli::output::init_local_offset();
    let cli = match hookcli::parse_command_line() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    match hookcli::run(cli) {
        Ok(code) => code,
        Err(e) => hookcli::error::report(&e),
    }
}
