//! `hookcli completions SHELL` and `hookcli man`: generated from the clap definition, so they
//! never drift from the real flags.

use crate::cli::Cli;
use anyhow::Context as _;
use clap::CommandFactory as _;
use std::io::Write as _;
use std::process::ExitCode;

/// The completion script for `shell`.
pub fn completion_script(shell: clap_complete::Shell) -> Vec<u8> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "hookcli", &mut out);
    out
}

/// The man page in roff: the top page, then one section per subcommand.
pub fn man_page() -> anyhow::Result<Vec<u8>> {
    let cmd = Cli::command();
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut out)?;
    for sub in cmd.get_subcommands() {
        let name = format!("hookcli {}", sub.get_name());
        let sub = sub.clone().name(name.clone()).bin_name(name);
        let mut page = Vec::new();
        let man = clap_mangen::Man::new(sub);
        man.render_name_section(&mut page)?;
        man.render_synopsis_section(&mut page)?;
        man.render_description_section(&mut page)?;
        man.render_options_section(&mut page)?;
        out.extend_from_slice(&page);
    }
    Ok(out)
}

fn write(bytes: &[u8]) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|_| out.flush())
        .context("cannot write to stdout")?;
    Ok(ExitCode::SUCCESS)
}

pub fn completions(shell: clap_complete::Shell) -> anyhow::Result<ExitCode> {
    write(&completion_script(shell))
}

pub fn man() -> anyhow::Result<ExitCode> {
    write(&man_page()?)
}
