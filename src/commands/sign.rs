//! `hookcli sign` and `hookcli send`: build a request exactly as a provider would sign it.

use crate::capture::{Capture, Origin};
use crate::cli::{SendArgs, SignArgs, SignRequest};
use crate::output;
use crate::pipeline::Config;
use crate::target::Target;
use anyhow::Context as _;
use bytes::Bytes;
use std::io::Write as _;
use std::process::ExitCode;

/// The signed capture for `req`, as if the provider called `url` (a full URL or a path).
pub fn build(req: &SignRequest, url: &str) -> anyhow::Result<Capture> {
    let (public, path) = split_url(url);
    let mut c = Capture::new(Origin::Sign, req.method.to_ascii_uppercase(), path);
    let body = match req.body.as_deref() {
        None => Bytes::from_static(b"{}"),
        Some("-") => Bytes::from(super::read_input("-")?.into_bytes()),
        Some(b) => match b.strip_prefix('@') {
            Some(file) => Bytes::from(
                std::fs::read(file).with_context(|| format!("cannot read --body file {file}"))?,
            ),
            None => Bytes::from(b.to_string()),
        },
    };
    if let Some(p) = &public
        && let Some((_, host)) = p.split_once("://")
    {
        c.headers.push(("host".into(), host.to_string()));
    }
    let looks_json = matches!(body.first(), Some(b'{') | Some(b'['));
    if looks_json {
        c.headers
            .push(("content-type".into(), "application/json".into()));
    }
    c.body_size = body.len() as u64;
    c.body = body;
    for (k, v) in &req.header {
        c.set_header(k, v.clone());
    }
    let secret = match req.secret.strip_prefix('@') {
        Some(file) => std::fs::read_to_string(file)
            .with_context(|| format!("cannot read the secret file {file}"))?
            .trim()
            .to_string(),
        None => req.secret.clone(),
    };
    let now = req
        .at
        .unwrap_or_else(|| time::OffsetDateTime::now_utc().unix_timestamp());
    crate::verify::sign(&req.provider, &secret, &mut c, now, public.as_deref())
        .map_err(crate::error::fail)?;
    c.body_size = c.body.len() as u64;
    Ok(c)
}

/// `https://host/a?b` → (Some("https://host"), "/a?b"); `/a` → (None, "/a").
fn split_url(url: &str) -> (Option<String>, String) {
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let (host, path) = match rest.find(['/', '?']) {
                Some(i) => (&rest[..i], &rest[i..]),
                None => (rest, "/"),
            };
            let path = if path.starts_with('?') {
                format!("/{path}")
            } else {
                path.to_string()
            };
            (Some(format!("{scheme}://{host}")), path)
        }
        None if url.starts_with('/') => (None, url.to_string()),
        None => (None, format!("/{url}")),
    }
}

pub fn run(args: SignArgs) -> anyhow::Result<ExitCode> {
    let c = build(&args.req, &args.url)?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", c.to_json()).context("cannot write to stdout")?;
    Ok(ExitCode::SUCCESS)
}

pub fn send(args: SendArgs) -> anyhow::Result<ExitCode> {
    let target = Target::parse(&args.to).map_err(crate::error::usage)?;
    // The provider calls the full target URL, so that is what gets signed; the request then
    // goes to the target's origin with that path and query.
    let full = if target.base_path.is_empty() {
        format!(
            "{}://{}/{}",
            target.scheme,
            target.authority,
            target
                .base_query
                .as_deref()
                .map_or(String::new(), |q| format!("?{q}"))
        )
    } else {
        target.to_string()
    };
    let c = build(&args.req, &full)?;
    let origin = Target {
        base_path: String::new(),
        base_query: None,
        ..target
    };
    let store = super::open_store(args.no_store, args.store.store.as_deref())?;
    let pipeline = super::sender_pipeline(Config::default(), args.timeout.0, args.insecure, store)?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let mut c = c;
    c.forwards = rt.block_on(pipeline.forward_all(std::slice::from_ref(&origin), &c));
    c.response_status = c.forwards.first().and_then(|f| f.status);
    let failed = c
        .forwards
        .iter()
        .fold(false, |acc, f| crate::error::report_forward(f) | acc);
    pipeline.complete(c.clone());
    let text = if args.json {
        // A line for a person or a log: a Basic-auth or token provider's credential is masked.
        output::json_safe(crate::redact::masked(&c).to_json())
    } else {
        output::line(&c)
    };
    writeln!(std::io::stdout().lock(), "{text}").context("cannot write to stdout")?;
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
