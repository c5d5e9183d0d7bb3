//! `hookcli trigger PROVIDER EVENT`: a realistic test event from the catalog, with the
//! provider's full header set, signed when a secret is known, sent to the local listener
//! (or `--to`), stored as origin `trigger`.

use crate::capture::{Capture, Origin};
use crate::target::Target;
use crate::trigger::args::TriggerArgs;
use crate::trigger::{Catalog, Source, render};
use anyhow::Context as _;
use std::io::Write as _;
use std::process::ExitCode;

pub fn run(args: TriggerArgs) -> anyhow::Result<ExitCode> {
    let catalog = Catalog::load()?;
    if args.list {
        return list(&catalog, args.provider.as_deref());
    }
    let (Some(provider), Some(name)) = (args.provider.as_deref(), args.event.as_deref()) else {
        return Err(crate::error::usage("give PROVIDER and EVENT, or --list"));
    };
    let secrets = super::setup::checked_secrets(&args.secret)?;
    // A flag's secret beats the environment's (both are in `secrets`; the flag's is here).
    let secret = args
        .secret
        .iter()
        .find(|(p, _)| p == provider)
        .map(|(_, s)| s.clone())
        .or_else(|| secrets.get(provider).first().cloned());
    let secret = match secret {
        Some(s) => match s.strip_prefix('@') {
            Some(file) => Some(
                std::fs::read_to_string(file)
                    .with_context(|| format!("cannot read the {provider} secret file {file}"))?
                    .trim()
                    .to_string(),
            ),
            None => Some(s),
        },
        None => None,
    };
    let to = match &args.to {
        Some(to) => to.clone(),
        None => default_target()?,
    };
    let target = Target::parse(&to).map_err(crate::error::usage)?;
    let (full, origin) = super::sign::called_url(target);
    let c = build(&catalog, &args, provider, name, &full, secret.as_deref())?;
    let signed = match &secret {
        Some(_) => format!("  {provider} {name} (signed)"),
        None => {
            eprintln!(
                "hookcli: note: no {provider} secret (--secret {provider}=…, HOOKCLI_SECRET_{}, or [secrets]); sent unsigned",
                provider.to_ascii_uppercase().replace('-', "_")
            );
            format!("  {provider} {name} (unsigned)")
        }
    };
    let d = super::sign::Delivery {
        timeout: args.timeout.0,
        insecure: args.insecure,
        json: args.json,
        no_store: args.no_store,
        store: args.store.store.as_deref(),
        note: signed,
        default_listener: args.to.is_none(),
    };
    super::sign::deliver(c, &origin, &d)
}

/// The capture for one event, as the provider would send it to `url`.
fn build(
    catalog: &Catalog,
    args: &TriggerArgs,
    provider: &str,
    name: &str,
    url: &str,
    secret: Option<&str>,
) -> anyhow::Result<Capture> {
    let bare;
    let ev = match (catalog.event(provider, name), &args.body) {
        (Ok(ev), _) => ev,
        (Err(_), Some(_)) => {
            bare = catalog.bare(provider, name);
            &bare
        }
        (Err(why), None) => return Err(crate::error::usage(why)),
    };
    let now = time::OffsetDateTime::now_utc();
    let mut r = render::render(ev, catalog.headers(provider), &args.set, now)
        .map_err(crate::error::usage)?;
    if let Some(b) = &args.body {
        r.body = super::sign::read_body(b)?;
    }
    let (public, path) = super::sign::split_url(url);
    let mut c = Capture::new(Origin::Trigger, "POST", path);
    if let Some((_, host)) = public.as_deref().and_then(|p| p.split_once("://")) {
        c.headers.push(("host".into(), host.to_string()));
    }
    c.headers.extend(r.headers);
    for (k, v) in &args.header {
        c.set_header(k, v.clone());
    }
    c.body_size = r.body.len() as u64;
    c.body = r.body.into();
    if let Some(secret) = secret {
        crate::verify::sign(
            provider,
            secret,
            &mut c,
            now.unix_timestamp(),
            public.as_deref(),
        )
        .map_err(crate::error::fail)?;
        c.body_size = c.body.len() as u64;
    }
    Ok(c)
}

/// The local listener's address: `[listen] host/port` from the config files, else
/// 127.0.0.1:9999 (a wildcard host is reached on loopback).
fn default_target() -> anyhow::Result<String> {
    let settings = crate::config::load()?;
    let value = |key: &str| {
        settings
            .iter()
            .find(|s| s.key == key)
            .and_then(|s| s.values.first().cloned())
    };
    let port = value("listen.port").unwrap_or_else(|| "9999".into());
    let host = match value("listen.host").as_deref() {
        None | Some("0.0.0.0" | "::" | "[::]") => "127.0.0.1".to_string(),
        Some(h) => h.to_string(),
    };
    Ok(format!("http://{host}:{port}/"))
}

fn list(catalog: &Catalog, provider: Option<&str>) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    let rows: Vec<_> = catalog
        .events
        .iter()
        .filter(|e| provider.is_none_or(|p| e.provider == p))
        .collect();
    if rows.is_empty()
        && let Some(p) = provider
    {
        return Err(crate::error::fail(format!(
            "no test events for {p} (add your own in .hookcli/events/)"
        )));
    }
    let w = rows.iter().map(|e| e.provider.len()).max().unwrap_or(0);
    let we = rows.iter().map(|e| e.name.len()).max().unwrap_or(0);
    for e in rows {
        let from = match &e.source {
            Source::Builtin => String::new(),
            Source::User(p) => format!(" [{}]", p.display()),
        };
        writeln!(
            out,
            "{:w$}  {:we$}  {}{from}",
            e.provider, e.name, e.description
        )
        .context("cannot write to stdout")?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The README's catalog section: one line per provider, its events in backticks.
pub fn markdown_catalog() -> String {
    let c = Catalog::builtin();
    let mut out = String::from("| provider | events |\n|---|---|\n");
    for p in c.providers() {
        let names: Vec<String> = c.events_of(p).map(|e| format!("`{}`", e.name)).collect();
        out.push_str(&format!("| `{p}` | {} |\n", names.join(", ")));
    }
    out
}
