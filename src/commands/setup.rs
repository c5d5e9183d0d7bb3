//! What several commands set up the same way: the store, secrets, `--filter`, inputs named
//! on the command line, a sender's pipeline.

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

/// Secrets from the environment, then the flags (`P=@FILE` reads the file, for PEM keys).
pub fn secrets(flags: &[(String, String)]) -> anyhow::Result<crate::verify::Secrets> {
    use anyhow::Context as _;
    let mut s = crate::verify::Secrets::from_env();
    for (p, v) in flags {
        match v.strip_prefix('@') {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read the {p} secret file {path}"))?;
                s.add(p, text.trim());
            }
            None => s.add(p, v),
        }
    }
    Ok(s)
}

/// Captures named by ids/prefixes/`last` (from the store), files, or `-` (stdin).
pub fn gather(
    sources: &[String],
    store: Option<&crate::store::Store>,
) -> anyhow::Result<Vec<crate::capture::Capture>> {
    use anyhow::Context as _;
    let mut out = Vec::new();
    for s in sources {
        if s == "-" || std::path::Path::new(s).is_file() {
            let text = read_input(s)?;
            out.extend(
                crate::interchange::parse_many(&text)
                    .with_context(|| format!("cannot read captures from {s}"))?,
            );
        } else {
            check_key(s)?;
            let store = store.ok_or_else(|| {
                crate::error::usage(format!(
                    "{s:?} is not a file, and there is no store to look it up in"
                ))
            })?;
            out.push(store.find(s)?);
        }
    }
    Ok(out)
}

/// A capture named on the command line: `last`, or an id or a prefix of one. Anything else
/// (a path that does not exist, a typo with a slash) is refused before it goes anywhere.
pub fn check_key(key: &str) -> anyhow::Result<()> {
    if key.eq_ignore_ascii_case("last") || crate::id::is_prefix(key) {
        return Ok(());
    }
    Err(crate::error::fail_hint(
        format!("{key:?} is neither a file nor a capture id"),
        "an id is a 26-character ULID (a unique prefix of 4 or more works, or `last`)",
    ))
}

/// A `--filter` expression, with `since:` dates in the local zone.
pub fn filter(expr: Option<&str>) -> anyhow::Result<Option<crate::filter::Filter>> {
    let Some(expr) = expr else { return Ok(None) };
    let now = time::OffsetDateTime::now_utc().to_offset(crate::output::local_offset());
    crate::filter::Filter::parse_at(expr, now)
        .map(Some)
        .map_err(|e| crate::error::usage(format!("bad --filter {expr:?} ({e})")))
}

/// `--filter` joined with the `--since`/`--until` shorthands (each checked on its own so
/// the error names the flag that is wrong).
pub fn filter_window(
    expr: Option<&str>,
    since: Option<&str>,
    until: Option<&str>,
) -> anyhow::Result<Option<crate::filter::Filter>> {
    let now = time::OffsetDateTime::now_utc().to_offset(crate::output::local_offset());
    let mut all: Vec<String> = expr.map(str::to_string).into_iter().collect();
    for (flag, value) in [("since", since), ("until", until)] {
        let Some(v) = value else { continue };
        let term = format!("{flag}:{v}");
        crate::filter::Filter::parse_at(&term, now)
            .map_err(|e| crate::error::usage(format!("bad --{flag} {v:?} ({e})")))?;
        all.push(term);
    }
    if all.is_empty() {
        return Ok(None);
    }
    filter(Some(&all.join(" ")))
}

/// The store a command writes to: none with `--no-store`, else `--store`, `$HOOKCLI_HOME`
/// or the platform data directory.
pub fn open_store(
    no_store: bool,
    flag: Option<&std::path::Path>,
) -> anyhow::Result<Option<crate::store::Store>> {
    if no_store {
        return Ok(None);
    }
    store(flag).map(Some)
}

/// The store a command reads: `--store`, `$HOOKCLI_HOME` or the platform data directory.
pub fn store(flag: Option<&std::path::Path>) -> anyhow::Result<crate::store::Store> {
    let dir = crate::store::default_dir(flag)?;
    crate::store::Store::open(&dir)
}

/// A pipeline for one-shot senders (`replay`, `send`): it forwards and stores; nobody
/// listens to its events.
pub fn sender_pipeline(
    config: crate::pipeline::Config,
    timeout: Option<std::time::Duration>,
    insecure: bool,
    store: Option<crate::store::Store>,
) -> anyhow::Result<std::sync::Arc<crate::pipeline::Pipeline>> {
    let forwarder = crate::forward::Forwarder::new(crate::forward::Options {
        timeout,
        insecure,
        ..crate::forward::Options::default()
    })?;
    let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
    Ok(std::sync::Arc::new(crate::pipeline::Pipeline::new(
        config, forwarder, store, tx,
    )))
}

/// `secrets` for commands that start from configured secrets (`listen`, `trigger`): a
/// secret that cannot be right for its provider is an error now, not a ✗ on every request.
pub fn checked_secrets(flags: &[(String, String)]) -> anyhow::Result<crate::verify::Secrets> {
    let s = secrets(flags)?;
    crate::secret_form::check_all(&s)?;
    Ok(s)
}

/// The one secret `sign`/`send` use for `provider`: the flag (or `HOOKCLI_SIGN_SECRET`),
/// else `HOOKCLI_SECRET_<PROVIDER>`, else `[secrets]` in the project's then the user's
/// config file. `@FILE` reads a file. Its form is checked.
pub fn secret_for(provider: &str, flag: Option<&str>) -> anyhow::Result<String> {
    use anyhow::Context as _;
    let from_config = || -> anyhow::Result<Option<String>> {
        let settings = crate::config::load()?;
        Ok(settings
            .iter()
            .filter(|s| s.secret && s.id == "secret")
            .flat_map(|s| s.values.iter())
            .filter_map(|v| crate::verify::Secrets::parse_pair(v).ok())
            .find(|(p, _)| p == provider)
            .map(|(_, s)| s))
    };
    let raw = match flag {
        Some(s) => s.to_string(),
        None => match crate::verify::Secrets::from_env().get(provider).first() {
            Some(s) => s.clone(),
            None => from_config()?.ok_or_else(|| {
                crate::error::fail_hint(
                    format!("no secret for {provider}"),
                    format!(
                        "give --secret, set HOOKCLI_SECRET_{}, or add `{provider} = \"…\"` under [secrets] in .hookcli.toml",
                        provider.to_ascii_uppercase().replace('-', "_")
                    ),
                )
            })?,
        },
    };
    let secret = match raw.strip_prefix('@') {
        Some(file) => std::fs::read_to_string(file)
            .with_context(|| format!("cannot read the secret file {file}"))?
            .trim()
            .to_string(),
        None => raw,
    };
    crate::secret_form::check(provider, &secret)?;
    Ok(secret)
}
