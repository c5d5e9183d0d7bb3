//! `hookcli relay`: bind, load tokens and TLS, serve channels until interrupted.

use crate::cli::RelayArgs;
use crate::error::{fail, fail_hint, usage};
use crate::relay::auth::Grants;
use crate::relay::limits;
use crate::relay::server::{self, Relay, RelayConfig};
use anyhow::Context as _;
use std::process::ExitCode;
use std::time::Duration;
use tokio::net::TcpListener;

pub fn run(args: RelayArgs) -> anyhow::Result<ExitCode> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    rt.block_on(relay(args))
}

async fn relay(args: RelayArgs) -> anyhow::Result<ExitCode> {
    let grants = grants(&args)?;
    let store = match &args.store {
        Some(dir) => dir.clone(),
        None => crate::store::default_dir(None)?.join("relay"),
    };
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => Some(tokio_rustls::TlsAcceptor::from(
            crate::relay::tls::server_config(cert, key)?,
        )),
        _ => None,
    };
    let first_channel = grants.named().next().map(str::to_string);
    let mut config = RelayConfig::new(grants, store);
    config.public_url = args
        .public_url
        .as_ref()
        .map(|u| u.trim_end_matches('/').to_string());
    config.buffer = args.buffer.max(1);
    config.max_body = args.max_body;
    config.response_timeout = args.response_timeout.0.unwrap_or(Duration::from_secs(3600));
    config.rate = args.rate.max(0.0);
    config.max_channels = args.max_channels.max(1);
    config.max_total_channels = args.max_total_channels.max(1);
    let (max_connections, lowered) =
        limits::fit_connections(args.max_connections, limits::open_file_limit());
    if lowered {
        eprintln!(
            "hookcli: warning: the open-file limit holds only {max_connections} connections \
             (--max-connections {}); raise it with `ulimit -n`",
            args.max_connections
        );
    }
    config.max_connections = max_connections;
    // A relay on the internet always closes silent connections: `none` is not an option.
    let Some(idle) = args.idle_timeout.0 else {
        return Err(usage("--idle-timeout needs a number of seconds (not none)"));
    };
    config.idle_timeout = idle.max(Duration::from_millis(100));
    config.head_timeout = config.head_timeout.min(config.idle_timeout);
    config.tls = tls.is_some();
    config.log = true;
    // Redis first: unreachable at start is one error line, before anything is bound.
    let shared = match args.redis.as_deref().map(str::trim) {
        None => None,
        Some("") => return Err(usage("--redis is empty")),
        Some(url) => Some(crate::relay::buffer::redis::Shared::connect(url).map_err(fail)?),
    };
    if let Some(s) = &shared {
        eprintln!(
            "hookcli: relay channels in redis {} (shared with every relay node using it)",
            s.addr()
        );
    }
    let relay = Relay::open_with(config, shared)?;

    let listener = match TcpListener::bind(args.listen.as_str()).await {
        Ok(l) => l,
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            return Err(fail_hint(
                format!("cannot listen on {} (address already in use)", args.listen),
                "try --listen 127.0.0.1:0 for any free port, or stop the other process",
            ));
        }
        Err(e) => return Err(fail(format!("cannot listen on {} ({e})", args.listen))),
    };
    let local = listener
        .local_addr()
        .context("cannot read the bound address")?;
    let scheme = if tls.is_some() { "https" } else { "http" };
    eprintln!("hookcli: relay listening on {scheme}://{local}");
    // What to give providers, and the exact line that connects a listener.
    let public = match &args.public_url {
        Some(u) => u.trim_end_matches('/').to_string(),
        None if local.ip().is_unspecified() => format!("{scheme}://HOST:{}", local.port()),
        None => format!("{scheme}://{local}"),
    };
    let channel = first_channel.unwrap_or_else(|| "NAME".to_string());
    let ws = match public.split_once("://") {
        Some(("https", rest)) => format!("wss://{rest}"),
        Some((_, rest)) => format!("ws://{rest}"),
        None => public.clone(),
    };
    eprintln!("hookcli: relay public URL {public}/c/{channel}/");
    eprintln!(
        "hookcli: connect a listener: hookcli listen --relay {ws} --channel {channel} --token TOKEN"
    );
    if public.contains("://HOST:") {
        eprintln!(
            "hookcli: hint: pass --public-url https://your.host to print the address providers use"
        );
    }
    server::run(listener, relay, tls, super::listen::interrupted()).await;
    Ok(ExitCode::SUCCESS)
}

/// The tokens and the channels each grants: `--token` (every channel) or `--tokens FILE`.
fn grants(args: &RelayArgs) -> anyhow::Result<Grants> {
    Ok(match (&args.token, &args.tokens) {
        (Some(t), _) if t.trim().is_empty() => return Err(usage("--token is empty")),
        (Some(t), _) => Grants::single(t.trim()),
        (None, Some(path)) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read --tokens {}", path.display()))?;
            Grants::parse(&text)
                .map_err(|e| fail(format!("bad --tokens file {} ({e})", path.display())))?
        }
        (None, None) => {
            return Err(fail_hint(
                "the relay needs a token (no --token or --tokens)",
                "pass --token SECRET (or HOOKCLI_RELAY_TOKEN), or --tokens FILE with `TOKEN CHANNEL...` lines",
            ));
        }
    })
}
