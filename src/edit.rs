//! Edit a capture in the user's editor, as git does: `$VISUAL`, else `$EDITOR`, run via `sh -c`.

use crate::capture::Capture;
use anyhow::{Context as _, Result, bail};
use std::path::Path;

/// The editor command line the user chose (`vi` when none is set).
pub fn editor() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "vi".into())
}

/// Run the editor on `path` and wait for it. `EDITOR='code --wait'` works because the
/// variable goes through the shell.
pub fn run_editor(path: &Path) -> Result<()> {
    let (cmd, status) = editor_status(path);
    let status = status.with_context(|| format!("cannot run editor {cmd:?}"))?;
    if !status.success() {
        bail!("editor {cmd:?} exited with {status}; nothing sent");
    }
    Ok(())
}

/// The editor command, and how running it on `path` ended.
fn editor_status(path: &Path) -> (String, std::io::Result<std::process::ExitStatus>) {
    let cmd = editor();
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{cmd} \"$1\""))
        .arg("sh")
        .arg(path)
        .status();
    (cmd, status)
}

/// Drop the `//` lines hookcli put on top (an earlier error), then parse.
pub fn parse_edited(text: &str) -> Result<Capture, String> {
    let body: String = text
        .lines()
        .skip_while(|l| l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    if body.trim().is_empty() {
        return Err("the file is empty".into());
    }
    Capture::from_json(&body).map_err(|e| format!("not a valid capture: {e}"))
}

/// What the editor left: capture JSON (a file that starts with `{`), else the request
/// document of [`crate::edit_doc`].
pub fn parse_either(original: &Capture, text: &str) -> Result<Capture, String> {
    let rest: Vec<&str> = text
        .lines()
        .skip_while(|l| l.trim_start().starts_with("//") || l.starts_with('#'))
        .collect();
    match rest.iter().find(|l| !l.trim().is_empty()) {
        None => Err("the file is empty".into()),
        Some(l) if l.trim_start().starts_with('{') => parse_edited(text),
        Some(_) => crate::edit_doc::from_document(original, text),
    }
}

/// A temporary directory, the file in it to edit `c` in, and its first text: the request
/// document of [`crate::edit_doc`] when `c` has one, else capture JSON.
fn draft(c: &Capture) -> Result<(tempfile::TempDir, std::path::PathBuf, String)> {
    let dir = tempfile::Builder::new()
        .prefix("hookcli-edit")
        .tempdir()
        .context("cannot create a temporary file to edit")?;
    // Only a checked id names a file: an id read from a file could be `../../x`.
    let name = crate::id::check_id(&c.id).map_or_else(|_| "capture".into(), String::from);
    let doc = crate::edit_doc::to_document(c);
    let ext = if doc.is_some() { "http" } else { "json" };
    let path = dir.path().join(format!("{name}.{ext}"));
    let text = match doc {
        Some(d) => d,
        None => serde_json::to_string_pretty(c)? + "\n",
    };
    Ok((dir, path, text))
}

/// One round in the editor (the TUI's `e`): what it left, parsed; `None` when the file was
/// emptied. An invalid edit is an error to show, not a reopened file.
pub fn edit_once(c: &Capture) -> Result<Option<Capture>, String> {
    let (_dir, path, text) = draft(c).map_err(|e| format!("{e:#}"))?;
    std::fs::write(&path, text).map_err(|e| format!("cannot write {} ({e})", path.display()))?;
    match editor_status(&path) {
        (_, Ok(s)) if s.success() => {}
        (cmd, Ok(s)) => return Err(format!("{cmd} exited with {s}")),
        (cmd, Err(e)) => return Err(format!("cannot run {cmd} ({e})")),
    }
    let edited = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {} ({e})", path.display()))?;
    match parse_either(c, &edited) {
        Ok(e) => Ok(Some(e)),
        Err(m) if m == "the file is empty" => Ok(None),
        Err(m) => Err(m),
    }
}

/// Open `c` in the editor until it parses (an invalid edit reopens with the error on top);
/// an emptied file or a failing editor aborts.
pub fn edit_capture(c: &Capture) -> Result<Capture> {
    let (_dir, path, mut text) = draft(c)?;
    loop {
        std::fs::write(&path, &text).with_context(|| format!("cannot write {}", path.display()))?;
        run_editor(&path)?;
        let edited = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        match parse_either(c, &edited) {
            Ok(mut e) => {
                e.body_size = e.body.len() as u64;
                if let Some(w) = crate::interchange::check_ids(&mut e) {
                    eprintln!("hookcli: warning: {}", crate::output::escape(&w));
                }
                return Ok(e);
            }
            Err(msg) if msg == "the file is empty" => bail!("edit aborted: {msg}; nothing sent"),
            Err(msg) => {
                let kept: String = edited
                    .lines()
                    .skip_while(|l| l.trim_start().starts_with("//"))
                    .collect::<Vec<_>>()
                    .join("\n");
                text = format!(
                    "// hookcli: {msg}\n// Fix it and save, or empty the file to cancel.\n{kept}\n"
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_lines_on_top_are_ignored() {
        let c = Capture::new(crate::capture::Origin::Local, "PUT", "/x");
        let text = format!("// hookcli: bad\n// again\n{}", c.to_json());
        assert_eq!(parse_edited(&text).unwrap().method, "PUT");
        assert!(parse_edited("// only\n").is_err());
        assert!(
            parse_edited("{\"method\": ")
                .unwrap_err()
                .starts_with("not a valid capture")
        );
    }
}
