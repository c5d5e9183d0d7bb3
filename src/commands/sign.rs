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
    // Resolved first: a secret of the wrong form fails before anything else happens.
    let secret = super::setup::secret_for(&req.provider, req.secret.as_deref())?;
    let (public, path) = split_url(url);
    let mut c = Capture::new(Origin::Sign, req.method.to_ascii_uppercase(), path);
    let body = match req.body.as_deref() {
        None => Bytes::from_static(b"{}"),
        Some(b) => Bytes::from(read_body(b)?),
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
    if !req.no_extra_headers {
        let catalog = crate::trigger::Catalog::load()?;
        for (k, v) in catalog.extra_headers(&req.provider, req.event.as_deref()) {
            if c.header(&k).is_none() {
                c.headers.push((k, v));
            }
        }
    }
    for (k, v) in &req.header {
        c.set_header(k, v.clone());
    }
    let now = req
        .at
        .unwrap_or_else(|| time::OffsetDateTime::now_utc().unix_timestamp());
    crate::verify::sign(&req.provider, &secret, &mut c, now, public.as_deref())
        .map_err(crate::error::fail)?;
    c.body_size = c.body.len() as u64;
    Ok(c)
}

/// A `--body` value: text, `@FILE`, or `-` for stdin.
pub fn read_body(b: &str) -> anyhow::Result<Vec<u8>> {
    if b == "-" {
        return Ok(super::setup::read_input("-")?.into_bytes());
    }
    match b.strip_prefix('@') {
        Some(file) => {
            std::fs::read(file).with_context(|| format!("cannot read --body file {file}"))
        }
        None => Ok(b.as_bytes().to_vec()),
    }
}

/// `https://host/a?b` → (Some("https://host"), "/a?b"); `/a` → (None, "/a").
pub fn split_url(url: &str) -> (Option<String>, String) {
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

/// The full URL a provider calls for `target` (what URL-signing schemes sign), and the
/// target's origin, where the request then goes with that path and query.
pub fn called_url(target: Target) -> (String, Target) {
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
    let origin = Target {
        base_path: String::new(),
        base_query: None,
        ..target
    };
    (full, origin)
}

/// How a built capture is delivered and reported.
pub struct Delivery<'a> {
    pub timeout: Option<std::time::Duration>,
    pub insecure: bool,
    pub json: bool,
    pub no_store: bool,
    pub store: Option<&'a std::path::Path>,
    /// Appended to the one-line report (e.g. which event was triggered).
    pub note: String,
    /// The target is the local listener's default address, not one the user named: a
    /// refused connection means no listener, and the hint says so.
    pub default_listener: bool,
}

/// Send `c` to `origin`, store it, print one line (or the capture as JSON).
pub fn deliver(mut c: Capture, origin: &Target, d: &Delivery) -> anyhow::Result<ExitCode> {
    let store = super::setup::open_store(d.no_store, d.store)?;
    let pipeline = super::setup::sender_pipeline(Config::default(), d.timeout, d.insecure, store)?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    rt.block_on(pipeline.send(&mut c, std::slice::from_ref(origin)));
    let failed = c.forwards.iter().fold(false, |acc, f| {
        let refused = f
            .error
            .as_deref()
            .is_some_and(|e| e.contains("connection refused"));
        if d.default_listener && refused {
            eprintln!(
                "hookcli: error: cannot deliver to {}",
                output::escape(f.error.as_deref().unwrap_or_default())
            );
            eprintln!("hookcli: hint: is `hookcli listen` running? (or give --to URL)");
            return true;
        }
        crate::error::report_forward(f) | acc
    });
    // A hookcli listener answered and stored the event itself: one copy is enough, and
    // `replay last` then finds the listener's.
    let kept_by_listener = c.forwards.first().and_then(|f| {
        f.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(crate::pipeline::CAPTURE_HEADER))
            .map(|(_, v)| v.clone())
    });
    let note = match &kept_by_listener {
        Some(id) => format!(
            "{} (stored by the listener as {})",
            d.note,
            output::escape(&crate::id::short(id, 12))
        ),
        None => {
            pipeline.complete(c.clone());
            d.note.clone()
        }
    };
    let text = if d.json {
        // A line for a person or a log: a Basic-auth or token provider's credential is masked.
        output::json_safe(crate::redact::masked(&c).to_json())
    } else {
        format!("{}{note}", output::line(&c))
    };
    writeln!(std::io::stdout().lock(), "{text}").context("cannot write to stdout")?;
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

pub fn send(args: SendArgs) -> anyhow::Result<ExitCode> {
    let target = Target::parse(&args.to).map_err(crate::error::usage)?;
    let (full, origin) = called_url(target);
    let c = build(&args.req, &full)?;
    let d = Delivery {
        timeout: args.timeout.0,
        insecure: args.insecure,
        json: args.json,
        no_store: args.no_store,
        store: args.store.store.as_deref(),
        note: String::new(),
        default_listener: false,
    };
    deliver(c, &origin, &d)
}
