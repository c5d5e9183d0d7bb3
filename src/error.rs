//! The user-facing error line: `hookcli: error: <what> (<why>)`, a hint line, an exit code.

use std::fmt;
use std::process::ExitCode;

/// An error meant for the user, with an optional hint and an exit code.
#[derive(Debug)]
pub struct Fail {
    pub message: String,
    pub hint: Option<String>,
    pub code: u8,
}

impl fmt::Display for Fail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Fail {}

/// A failure (exit 1) with a message.
pub fn fail(message: impl Into<String>) -> anyhow::Error {
    Fail {
        message: message.into(),
        hint: None,
        code: 1,
    }
    .into()
}

/// A failure (exit 1) with a message and a hint line.
pub fn fail_hint(message: impl Into<String>, hint: impl Into<String>) -> anyhow::Error {
    Fail {
        message: message.into(),
        hint: Some(hint.into()),
        code: 1,
    }
    .into()
}

/// A usage error (exit 2) found after argument parsing.
pub fn usage(message: impl Into<String>) -> anyhow::Error {
    Fail {
        message: message.into(),
        hint: None,
        code: 2,
    }
    .into()
}

/// True when the error is a closed stdout (`hookcli list | head`), which is not a failure.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The lines to print for an error: `what (why: deeper why)` then an optional hint.
pub fn render(e: &anyhow::Error) -> (String, Option<String>) {
    let mut chain = e.chain();
    let head = chain.next().map(|c| c.to_string()).unwrap_or_default();
    let causes: Vec<String> = chain.map(|c| c.to_string()).collect();
    let text = if causes.is_empty() {
        head
    } else {
        format!("{head} ({})", causes.join(": "))
    };
    let hint = e
        .chain()
        .find_map(|c| c.downcast_ref::<Fail>())
        .and_then(|f| f.hint.clone());
    (text, hint)
}

/// Print an error as SPEC.md asks and return the exit code for it.
pub fn report(e: &anyhow::Error) -> ExitCode {
    if is_broken_pipe(e) {
        return ExitCode::SUCCESS;
    }
    // Messages name files, URLs, ids and methods that came from outside: escape them once here.
    let (text, hint) = render(e);
    eprintln!("hookcli: error: {}", crate::output::escape(&text));
    if let Some(h) = hint {
        eprintln!("hookcli: hint: {}", crate::output::escape(&h));
    }
    let code = e
        .chain()
        .find_map(|c| c.downcast_ref::<Fail>())
        .map_or(1, |f| f.code);
    ExitCode::from(code)
}

/// Print the error line (and hint) for a forward that got no answer; true when there was one.
pub fn report_forward(f: &crate::capture::Forward) -> bool {
    let Some(e) = &f.error else { return false };
    eprintln!(
        "hookcli: error: cannot deliver to {}",
        crate::output::escape(e)
    );
    if e.contains("connection refused")
        && let Ok(t) = crate::target::Target::parse(&f.target)
    {
        eprintln!(
            "hookcli: hint: is your dev server running on :{}?",
            t.port()
        );
    }
    true
}

/// Print a command-line parsing error in hookcli's own form (help and version go through
/// unchanged) and return its exit code: 2 for usage errors, 0 for `--help`.
pub fn clap_exit(e: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion)
        || e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    {
        let _ = e.print();
        return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
    }
    let text = e.render().to_string();
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let mut first = lines
        .next()
        .unwrap_or("bad command line")
        .trim_start_matches("error: ")
        .trim_end_matches(':')
        .to_string();
    // clap puts the details (which arguments are missing, which values are allowed) on
    // indented lines below; they belong on the one error line.
    let mut details = Vec::new();
    let mut rest = Vec::new();
    for l in lines {
        let t = l.trim();
        if let Some(tip) = t.strip_prefix("tip: ") {
            rest.push(format!("hookcli: hint: {tip}"));
        } else if t.starts_with("Usage:") {
            rest.push(format!("hookcli: {}", t.replacen("Usage:", "usage:", 1)));
        } else if l.starts_with(' ') && rest.is_empty() {
            details.push(t.trim_start_matches('[').trim_end_matches(']').to_string());
        }
    }
    if !details.is_empty() {
        let sep = if first.starts_with("the following") {
            ": "
        } else {
            "; "
        };
        first = format!("{first}{sep}{}", details.join(", "));
    }
    eprintln!("hookcli: error: {first}");
    for l in rest {
        eprintln!("{l}");
    }
    ExitCode::from(2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context as _;

    #[test]
    fn chain_becomes_parenthesised_reason() {
        let e = Err::<(), _>(std::io::Error::other("permission denied"))
            .context("cannot open store /x")
            .unwrap_err();
        assert_eq!(render(&e).0, "cannot open store /x (permission denied)");
        let e = fail_hint(
            "cannot listen on 127.0.0.1:9999 (address in use)",
            "try --port 0",
        );
        assert_eq!(render(&e).1.as_deref(), Some("try --port 0"));
    }

    #[test]
    fn broken_pipe_is_recognised_through_context() {
        let e = Err::<(), _>(std::io::Error::from(std::io::ErrorKind::BrokenPipe))
            .context("writing")
            .unwrap_err();
        assert!(is_broken_pipe(&e));
    }
}
