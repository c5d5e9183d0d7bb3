//! `hookcli listen`: bind, build the pipeline, serve, and show captures as they complete.

use crate::cli::ListenArgs;
use crate::error::{fail, fail_hint};
use crate::event::Event;
use crate::forward::{self, Forwarder};
use crate::output;
use crate::pipeline::{Config, Pipeline, Respond};
use crate::server::{self, Limits};
use crate::store::{self, Store};
use anyhow::Context as _;
use bytes::Bytes;
use http::header::{HeaderName, HeaderValue};
use std::io::IsTerminal as _;
use std::net::{SocketAddr, ToSocketAddrs as _};
use std::process::ExitCode;
use std::sync::Arc;
use tokio::sync::mpsc::UnboundedReceiver;

/// How captures are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Lines,
    Json,
    Tui,
}

pub fn run(args: ListenArgs) -> anyhow::Result<ExitCode> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    rt.block_on(listen(args))
}

async fn listen(args: ListenArgs) -> anyhow::Result<ExitCode> {
    let mode = if args.json {
        Mode::Json
    } else if !args.no_tui && std::io::stdout().is_terminal() {
        Mode::Tui
    } else {
        Mode::Lines
    };

    let store = open_store(&args)?;
    if let Some(dir) = &args.save {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create --save directory {}", dir.display()))?;
    }
    let relay = relay_options(&args)?;
    let (config, forwarder) = pipeline_parts(&args, relay.as_ref())?;

    let listeners = bind(&args.host, args.port)?;
    let local = listeners[0]
        .local_addr()
        .context("cannot read the bound address")?;
    announce(local, store.as_ref(), &config);
    // The inspector follows the store, so it needs one. Announced before the TUI takes
    // the screen.
    let inspector = if !args.no_inspect && store.is_some() {
        let l = crate::web::bind(args.inspect.as_deref()).await?;
        if let Some(l) = &l {
            crate::web::announce(l)?;
        }
        l
    } else {
        None
    };

    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let pipeline = Pipeline::new(config, forwarder, store, tx);
    // With a store, every view follows it (what any process stores), not capture events.
    let pipeline = Arc::new(if pipeline.has_store() {
        pipeline.without_capture_events()
    } else {
        pipeline
    });
    let (closed_tx, closed_rx) = tokio::sync::oneshot::channel::<()>();
    let tui = show(mode, &pipeline, rx, closed_tx, args.reveal, local)?;

    // One shutdown for both ends: the server stops accepting, the relay client says goodbye.
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let stop_tx = Arc::new(stop_tx);
    let closed_tx_for_client = Arc::clone(&stop_tx);
    tokio::spawn(async move {
        tokio::select! {
            _ = interrupted() => {}
            _ = closed_rx => {}
        }
        let _ = stop_tx.send(true);
    });
    let stopped = |mut rx: tokio::sync::watch::Receiver<bool>| async move {
        let _ = rx.wait_for(|s| *s).await;
    };
    if let Some(inspector) = inspector {
        crate::web::spawn(
            inspector,
            Arc::clone(&pipeline),
            Some(format!("http://{local}")),
            stopped(stop_rx.clone()),
        );
    }
    let limits = Limits {
        max_body: args.max_body,
        max_connections: args.max_connections,
        ..Limits::default()
    };
    let retries = Arc::clone(&pipeline);
    let result = serve(
        relay,
        listeners,
        pipeline,
        limits,
        stop_rx,
        closed_tx_for_client,
    )
    .await;
    if let Some(tui) = tui {
        tui.stop(); // after a signal the TUI is still up: give the terminal back first
    }
    let pending = retries.retrier.stop();
    if pending > 0 {
        eprintln!(
            "hookcli: stopped {pending} pending retr{}",
            if pending == 1 { "y" } else { "ies" }
        );
    }
    result
}

/// The pipeline's configuration and forwarder, from the flags.
fn pipeline_parts(
    args: &ListenArgs,
    relay: Option<&crate::relay::client::ClientOptions>,
) -> anyhow::Result<(Config, Forwarder)> {
    let config = Config {
        secrets: super::setup::checked_secrets(&args.verify.secret)?,
        provider: args.verify.provider.clone(),
        // Through the relay, URL-signing providers signed the relay's URL for this channel.
        public_url: args
            .verify
            .public_url
            .clone()
            .or_else(|| relay.map(|r| r.public_url().trim_end_matches('/').to_string())),
        forwards: args.forward.clone(),
        routes: args.route.clone(),
        ack: args.ack,
        respond: respond(args)?,
        save_dir: args.save.clone(),
        max_body: args.max_body,
        retry_speed: args.retries.then_some(args.retry_speed),
    };
    let forwarder = Forwarder::new(forward::Options {
        timeout: args.timeout.0,
        insecure: args.insecure,
        headers: args.header.clone(),
        ..forward::Options::default()
    })?;
    Ok((config, forwarder))
}

/// The store `listen` writes to (none with `--no-store`), its retention started.
fn open_store(args: &ListenArgs) -> anyhow::Result<Option<Store>> {
    if args.no_store {
        return Ok(None);
    }
    let dir = store::default_dir(args.store.store.as_deref())?;
    let s = Store::open_with(
        &dir,
        store::Options {
            durable: args.durable,
        },
    )?;
    s.spawn_retention(store::Retention {
        keep: (args.keep > 0).then_some(args.keep),
        keep_for: args.keep_for,
    })?;
    // A store that cannot be written yet is not fatal: each request then gets 503 until
    // it can (the writer is tried again on the next write).
    let _ = s.start_writer();
    Ok(Some(s))
}

/// The start-up lines on stderr: where it listens, the store's notices, where it forwards.
fn announce(local: SocketAddr, store: Option<&Store>, config: &Config) {
    eprintln!("hookcli: listening on http://{local}");
    // Notices (a migrated journal, …) wait until the `listening on` line is out: scripts read
    // stderr's first line.
    if let Some(s) = store {
        for n in s.take_notices() {
            eprintln!("hookcli: {}", output::escape(&n));
        }
    }
    if local.ip().is_unspecified() {
        eprintln!(
            "hookcli: warning: listening on every interface ({}): anyone on your network can send here",
            local.ip()
        );
    }
    for t in &config.forwards {
        eprintln!("hookcli: forwarding to {t}");
    }
    for r in &config.routes {
        eprintln!("hookcli: routing {}/… to {}", r.prefix, r.target);
    }
}

/// Start showing captures: the TUI, or lines/NDJSON on their own thread (following the
/// store when there is one). `closed_tx` fires when the user quits or stdout closes.
fn show(
    mode: Mode,
    pipeline: &Arc<Pipeline>,
    rx: UnboundedReceiver<Event>,
    closed_tx: tokio::sync::oneshot::Sender<()>,
    reveal: bool,
    local: SocketAddr,
) -> anyhow::Result<Option<crate::tui::Handle>> {
    Ok(if mode == Mode::Tui {
        let on_exit = move || {
            let _ = closed_tx.send(());
        };
        let url = format!("http://{local}");
        let backend = crate::tui::Backend::new(Arc::clone(pipeline));
        Some(crate::tui::spawn(backend, rx, url, on_exit)?)
    } else if pipeline.store.is_some() {
        // Lines and NDJSON follow the store, so they show what every process stores, and
        // a reader that stops reading holds up nothing but this thread.
        let start = pipeline.store.as_ref().map_or(Ok(0), Store::position)?;
        std::thread::Builder::new()
            .name("hookcli-events".into())
            .spawn(move || output::sink::warnings_only(rx))
            .context("cannot start the output thread")?;
        let p = Arc::clone(pipeline);
        std::thread::Builder::new()
            .name("hookcli-output".into())
            .spawn(move || {
                if let Some(store) = &p.store {
                    output::follow::print(store, start, mode == Mode::Json, reveal);
                }
                let _ = closed_tx.send(());
            })
            .context("cannot start the output thread")?;
        None
    } else {
        std::thread::Builder::new()
            .name("hookcli-output".into())
            .spawn(move || {
                output::sink::print_events(rx, mode == Mode::Json, reveal);
                let _ = closed_tx.send(());
            })
            .context("cannot start the output thread")?;
        None
    })
}

/// Serve until stopped: the listener, and the relay client beside it with `--relay`.
async fn serve(
    relay: Option<crate::relay::client::ClientOptions>,
    listeners: Vec<std::net::TcpListener>,
    pipeline: Arc<Pipeline>,
    limits: Limits,
    stop_rx: tokio::sync::watch::Receiver<bool>,
    stop_tx: Arc<tokio::sync::watch::Sender<bool>>,
) -> anyhow::Result<ExitCode> {
    let stopped = |mut rx: tokio::sync::watch::Receiver<bool>| async move {
        let _ = rx.wait_for(|s| *s).await;
    };
    match relay {
        None => {
            server::run_per_core(listeners, pipeline, limits, stopped(stop_rx))
                .await
                .context("cannot start the listener threads")?;
            Ok(ExitCode::SUCCESS)
        }
        Some(relay) => {
            // Both ends run until Ctrl-C; only a stop the client cannot recover from (token
            // refused, channel held or taken over) ends it first.
            let client =
                crate::relay::client::run(relay, Arc::clone(&pipeline), stopped(stop_rx.clone()));
            let server = server::run_per_core(listeners, pipeline, limits, stopped(stop_rx));
            let (served, client) = tokio::join!(server, async {
                let r = client.await;
                if r.is_err() {
                    // Stop the server too: this listener is done.
                    let _ = stop_tx.send(true);
                }
                r
            });
            served.context("cannot start the listener threads")?;
            match client {
                Ok(()) => Ok(ExitCode::SUCCESS),
                Err(e) => Err(fail(e.to_string())),
            }
        }
    }
}

/// `--relay/--channel/--token` as client options (`None` without `--relay`).
fn relay_options(args: &ListenArgs) -> anyhow::Result<Option<crate::relay::client::ClientOptions>> {
    let (Some(url), Some(channel)) = (args.relay.first(), &args.channel) else {
        return Ok(None);
    };
    let Some(token) = args.token.as_deref().filter(|t| !t.trim().is_empty()) else {
        return Err(crate::error::usage(
            "--relay needs --token TOKEN (or HOOKCLI_RELAY_TOKEN)",
        ));
    };
    let mut o = crate::relay::client::ClientOptions::new(url.clone(), channel, token.trim());
    o.insecure = args.insecure;
    o.takeover = args.takeover;
    o.others = args.relay[1..].to_vec();
    Ok(Some(o))
}

/// One listening socket per core, all on the same port (`SO_REUSEPORT`), so each core's
/// runtime accepts its own share (see `server::run_per_core`).
fn bind(host: &str, port: u16) -> anyhow::Result<Vec<std::net::TcpListener>> {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let addrs: Vec<SocketAddr> = (host, port)
        .to_socket_addrs()
        .map_err(|e| fail(format!("cannot listen on {host}:{port} ({e})")))?
        .collect();
    let mut last = None;
    for addr in addrs {
        // A port someone else listens on must stay "in use" even when that someone is another
        // hookcli (whose sockets allow port sharing): ask with a plain socket first.
        if addr.port() != 0
            && let Err(e) = std::net::TcpListener::bind(addr)
        {
            last = Some(e);
            continue;
        }
        match bind_one(addr) {
            Ok(first) => {
                // `--port 0` picked a port: the other cores join that one.
                let addr = first.local_addr()?;
                let mut all = vec![first];
                for _ in 1..cores {
                    match bind_one(addr) {
                        Ok(l) => all.push(l),
                        Err(_) => break, // fewer threads, same service
                    }
                }
                return Ok(all);
            }
            Err(e) => last = Some(e),
        }
    }
    Err(match last {
        Some(e) if e.kind() == std::io::ErrorKind::AddrInUse => fail_hint(
            format!("cannot listen on {host}:{port} (address already in use)"),
            "try --port 0 for any free port, or stop the other process",
        ),
        Some(e) => fail(format!("cannot listen on {host}:{port} ({e})")),
        None => fail(format!("cannot listen on {host}:{port} (no address)")),
    })
}

fn bind_one(addr: SocketAddr) -> std::io::Result<std::net::TcpListener> {
    use socket2::{Domain, Socket, Type};
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, None)?;
    socket.set_reuse_address(true)?;
    #[cfg(unix)]
    socket.set_reuse_port(true)?;
    socket.bind(&addr.into())?;
    socket.listen(1024)?;
    Ok(socket.into())
}

fn respond(args: &ListenArgs) -> anyhow::Result<Respond> {
    let body = match args.respond_body.as_deref() {
        Some(s) if s.starts_with('@') => {
            let path = &s[1..];
            Bytes::from(
                std::fs::read(path)
                    .with_context(|| format!("cannot read --respond-body file {path}"))?,
            )
        }
        Some(s) => Bytes::from(s.to_string()),
        None => Bytes::new(),
    };
    let mut headers = Vec::new();
    for (k, v) in &args.respond_header {
        // Both were checked by the flag's parser, so these cannot fail.
        let name = HeaderName::from_bytes(k.as_bytes())?;
        let value = HeaderValue::from_str(v)?;
        headers.push((name, value));
    }
    Ok(Respond {
        status: http::StatusCode::from_u16(args.respond_status)
            .map_err(|_| fail(format!("bad --respond-status {}", args.respond_status)))?,
        headers,
        body,
    })
}

/// Ctrl-C or SIGTERM.
pub(crate) async fn interrupted() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
