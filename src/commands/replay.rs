//! `hookcli replay`: send captures again, from the store, a file or stdin.

use crate::capture::Capture;
use crate::cli::ReplayArgs;
use crate::edit;
use crate::error::{fail_hint, usage};
use crate::output;
use crate::pipeline::Config;
use crate::store::Store;
use crate::target::Target;
use anyhow::Context as _;
use bytes::Bytes;
use std::io::Write as _;
use std::process::ExitCode;

pub fn run(args: ReplayArgs) -> anyhow::Result<ExitCode> {
    let store = super::setup::open_store(args.no_store, args.store.store.as_deref())?;
    let secrets = super::setup::secrets(&args.secret)?;
    let mut captures = gather(&args, store.as_ref())?;
    let to = args.to.as_ref().map(origin_of);
    for c in &mut captures {
        apply_edits(c, &args)?;
        if args.edit {
            *c = edit::edit_capture(c)?;
        }
        if let Some(t) = &args.to {
            aim(c, t);
        }
        if args.resign {
            resign(c, &args, &secrets)?;
        }
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    rt.block_on(send_all(captures, &args, to.as_ref(), store))
}

/// `--to` with a path names the exact path to send to (`--to :3000/webhooks/stripe` sends
/// to `/webhooks/stripe`, as `send --to` does), keeping the capture's query unless `--to`
/// has its own. Without a path the capture keeps its own path and query.
fn aim(c: &mut Capture, to: &Target) {
    if to.base_path.is_empty() && to.base_query.is_none() {
        return;
    }
    let query = to
        .base_query
        .clone()
        .or_else(|| c.url.split_once('?').map(|(_, q)| q.to_string()));
    let path = if to.base_path.is_empty() {
        c.path().to_string()
    } else {
        to.base_path.clone()
    };
    c.url = match query {
        Some(q) => format!("{path}?{q}"),
        None => path,
    };
}

/// The scheme and authority of `--to`: its path and query went into the capture's URL.
fn origin_of(t: &Target) -> Target {
    Target {
        base_path: String::new(),
        base_query: None,
        ..t.clone()
    }
}

/// Every capture the arguments name, in order.
fn gather(args: &ReplayArgs, store: Option<&Store>) -> anyhow::Result<Vec<Capture>> {
    let mut sources = args.sources.clone();
    if args.last {
        sources.push("last".into());
    }
    if sources.is_empty() {
        return Err(usage(
            "nothing to replay (give an ID, a prefix, `last`, a FILE, `-`, or --last)",
        ));
    }
    super::setup::gather(&sources, store)
}

fn apply_edits(c: &mut Capture, args: &ReplayArgs) -> anyhow::Result<()> {
    if let Some(m) = &args.method {
        c.method = m.to_ascii_uppercase();
    }
    if let Some(b) = &args.body {
        c.body = match b.strip_prefix('@') {
            Some(path) => Bytes::from(if path == "-" {
                super::setup::read_input("-")?.into_bytes()
            } else {
                std::fs::read(path).with_context(|| format!("cannot read --body file {path}"))?
            }),
            None => Bytes::from(b.clone()),
        };
        c.body_size = c.body.len() as u64;
    }
    for (k, v) in &args.header {
        c.set_header(k, v.clone());
    }
    Ok(())
}

/// Sign `c` again as its provider, now, with the configured secret.
fn resign(
    c: &mut Capture,
    args: &ReplayArgs,
    secrets: &crate::verify::Secrets,
) -> anyhow::Result<()> {
    let provider = args
        .provider
        .clone()
        .or_else(|| c.signature.as_ref().map(|s| s.provider.clone()))
        .or_else(|| crate::verify::detect(c).map(String::from))
        .ok_or_else(|| {
            fail_hint(
                format!("cannot tell which provider signed capture {}", c.id),
                "pass --provider NAME with --resign",
            )
        })?;
    let secret = secrets.get(&provider).first().ok_or_else(|| {
        fail_hint(
            format!("--resign needs the {provider} secret"),
            format!(
                "pass --secret {provider}=SECRET (or set HOOKCLI_SECRET_{})",
                provider.to_ascii_uppercase().replace('-', "_")
            ),
        )
    })?;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let public = args
        .to
        .as_ref()
        .map(|t| format!("{}://{}", t.scheme, t.authority));
    crate::verify::sign(&provider, secret, c, now, public.as_deref())
        .map_err(crate::error::fail)?;
    c.body_size = c.body.len() as u64;
    Ok(())
}

/// Where a capture goes: `--to`, else every target it was forwarded to when captured.
fn targets(c: &Capture, to: Option<&Target>) -> anyhow::Result<Vec<Target>> {
    if let Some(t) = to {
        return Ok(vec![t.clone()]);
    }
    if c.origin == crate::capture::Origin::Import {
        // Its recorded targets (or the HAR's URL) belong to another machine, often production.
        return Err(fail_hint(
            format!(
                "capture {} was imported, so it has no forward target of its own",
                crate::id::short(&c.id, 12)
            ),
            "pass --to URL to say where it goes, e.g. --to localhost:3000",
        ));
    }
    let mut out: Vec<Target> = Vec::new();
    for f in c.forwards.iter().filter(|f| !f.target.is_empty()) {
        // The recorded target is base + captured url; recover the base.
        let base = f.target.strip_suffix(c.url.as_str()).unwrap_or(&f.target);
        if let Ok(t) = Target::parse(base)
            && !out.contains(&t)
        {
            out.push(t);
        }
    }
    if out.is_empty() {
        return Err(fail_hint(
            format!(
                "capture {} has no recorded forward target and no --to was given",
                c.id
            ),
            "pass --to URL, e.g. --to localhost:3000",
        ));
    }
    Ok(out)
}

async fn send_all(
    captures: Vec<Capture>,
    args: &ReplayArgs,
    to: Option<&Target>,
    store: Option<Store>,
) -> anyhow::Result<ExitCode> {
    let plan: Vec<(Capture, Vec<Target>)> = captures
        .into_iter()
        .map(|c| targets(&c, to).map(|t| (c, t)))
        .collect::<anyhow::Result<_>>()?;
    let config = Config {
        secrets: super::setup::secrets(&args.secret)?,
        provider: args.provider.clone(),
        ..Config::default()
    };
    let pipeline = super::setup::sender_pipeline(config, args.timeout.0, args.insecure, store)?;
    let mut failed = false;
    let mut out = std::io::stdout().lock();
    for (c, targets) in plan {
        if args.times > 1 {
            failed |= times(&pipeline, &c, &targets, args, &mut out).await?;
            continue;
        }
        let r = pipeline.replay(&c, &targets).await;
        for f in &r.forwards {
            failed |= crate::error::report_forward(f);
        }
        let text = if args.json {
            output::json_safe(crate::redact::shown(&r, args.reveal).to_json())
        } else {
            format!(
                "replayed {} → {}",
                output::escape(&crate::id::short(&c.id, 12)),
                output::line(&r)
            )
        };
        writeln!(out, "{text}").context("cannot write to stdout")?;
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// `--times N [--concurrent]`: the same delivery N times, a line per attempt, then whether
/// every answer (status and body of the first target) was the same. True when one failed.
async fn times(
    pipeline: &crate::pipeline::Pipeline,
    c: &Capture,
    targets: &[Target],
    args: &ReplayArgs,
    out: &mut impl std::io::Write,
) -> anyhow::Result<bool> {
    let n = args.times as usize;
    let results = if args.concurrent {
        futures_util::future::join_all((0..n).map(|_| pipeline.replay(c, targets))).await
    } else {
        let mut v = Vec::with_capacity(n);
        for _ in 0..n {
            v.push(pipeline.replay(c, targets).await);
        }
        v
    };
    let mut failed = false;
    let answer = |r: &Capture| {
        r.forwards
            .first()
            .map(|f| (f.status, f.error.clone(), f.body.clone()))
    };
    for (i, r) in results.iter().enumerate() {
        for f in &r.forwards {
            failed |= f.error.is_some() || f.status.is_none_or(|s| s >= 500);
        }
        let text = if args.json {
            output::json_safe(crate::redact::shown(r, args.reveal).to_json())
        } else {
            format!("attempt {}/{n} → {}", i + 1, output::line(r))
        };
        writeln!(out, "{text}").context("cannot write to stdout")?;
    }
    let first = answer(&results[0]);
    let differ = results.iter().filter(|r| answer(r) != first).count();
    let how = if args.concurrent {
        "at once"
    } else {
        "one after another"
    };
    let summary = if differ == 0 {
        format!(
            "hookcli: {n} deliveries of {} {how}: every answer identical",
            c.id
        )
    } else {
        format!(
            "hookcli: {n} deliveries of {} {how}: {differ} answer{} differed from the first",
            c.id,
            if differ == 1 { "" } else { "s" }
        )
    };
    eprintln!("{summary}");
    Ok(failed)
}
