//! `hookcli show`: one stored capture as JSON or raw HTTP.

use crate::capture::Capture;
use crate::cli::{ShowArgs, ShowFormat};
use crate::export;
use crate::target::Target;
use anyhow::Context as _;
use std::io::{IsTerminal as _, Write as _};
use std::process::ExitCode;

pub fn run(args: ShowArgs) -> anyhow::Result<ExitCode> {
    let store = super::setup::store(args.store.store.as_deref())?;
    super::setup::check_key(&args.id)?;
    let found = store.find(&args.id)?;
    // When it arrived, as a person thinks of it; on stderr so stdout stays the capture.
    eprintln!(
        "hookcli: {} received {} ({})",
        crate::output::escape(&found.id),
        crate::output::stamp(found.received_at),
        crate::output::ago(found.received_at, time::OffsetDateTime::now_utc())
    );
    let c = crate::redact::shown(&found, args.reveal);
    let c = c.as_ref();
    let terminal = std::io::stdout().is_terminal();
    let bytes = match args.format {
        ShowFormat::Json => {
            let mut s = serde_json::to_string_pretty(&c)?;
            s.push('\n');
            crate::output::json_safe(s).into_bytes()
        }
        // Raw bytes for a pipe; on a terminal, control characters are shown, not obeyed.
        ShowFormat::Http if terminal => {
            crate::output::escape_lines(&export::raw_http(c)).into_bytes()
        }
        ShowFormat::Http => export::raw_http(c),
        ShowFormat::Curl => {
            let mut s = export::curl_command(c, &url_for(c, args.to.as_ref()));
            s.push('\n');
            s.into_bytes()
        }
        ShowFormat::Har => {
            let mut har = crate::interchange::to_har(std::slice::from_ref(c));
            if let Some(t) = &args.to {
                har["log"]["entries"][0]["request"]["url"] = t.join(&c.url).into();
            }
            let mut s = serde_json::to_string_pretty(&har)?;
            s.push('\n');
            crate::output::json_safe(s).into_bytes()
        }
    };
    let mut out = std::io::stdout().lock();
    out.write_all(&bytes)
        .and_then(|_| out.flush())
        .context("cannot write to stdout")?;
    Ok(ExitCode::SUCCESS)
}

/// Where a curl command should send the capture: `--to`, else where it was forwarded, else
/// back to the Host it was sent to.
fn url_for(c: &Capture, to: Option<&Target>) -> String {
    if let Some(t) = to {
        return t.join(&c.url);
    }
    if let Some(f) = c.forwards.first().filter(|f| !f.target.is_empty()) {
        return f.target.clone();
    }
    format!(
        "http://{}{}",
        c.header("host").unwrap_or("localhost:9999"),
        c.url
    )
}
