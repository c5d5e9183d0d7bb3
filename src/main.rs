//! hookcli's entry point: parse, run, report.

use std::process::ExitCode;

// glibc's malloc (its arena locks, its consolidation of freed chunks) cost a listener ~8%
// of a request thread's CPU; mimalloc's per-thread free lists make small allocations cheap.
// Built without transparent huge pages (`no_thp`): with them a listener behind a paused
// `--json` reader held 51 MB instead of 33.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
