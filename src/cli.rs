//! The command line: clap derive types and value parsers. No I/O here.

use crate::target::{Route, Target};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::time::Duration;

/// `0.1.0 (abc123def)`: the crate version and, when built from a checkout, the commit.
pub const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), env!("HOOKCLI_GIT_SUFFIX"));

#[derive(Parser, Debug)]
#[command(
    name = "hookcli",
    version = VERSION,
    about = "Catch, inspect, verify, forward and replay webhooks",
    long_about = "Catch, inspect, verify, forward and replay webhooks.\n\n\
                  Run `hookcli listen --forward localhost:3000` and point your provider at \
                  http://127.0.0.1:9999/ (or at a relay).",
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// When to color output: auto (a terminal, and NO_COLOR unset), always, never
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Catch every request, verify, forward, store and show it live
    Listen(Box<ListenArgs>),
    /// List stored captures, newest last
    List(ListArgs),
    /// Show one stored capture
    Show(ShowArgs),
    /// Send stored or piped captures again (edited, re-signed if asked)
    Replay(Box<ReplayArgs>),
    /// Serve the web inspector over the store alone, without listening
    Inspect(InspectArgs),
    /// Write the store (or part of it) as NDJSON or HAR 1.2
    Export(ExportArgs),
    /// Read captures from NDJSON, a capture JSON or HAR into the store
    Import(ImportArgs),
    /// Check the signature of captures offline (exit 0 only when all are valid)
    Verify(VerifyArgs),
    /// Build a correctly signed request for a provider and print it as a capture
    Sign(SignArgs),
    /// Build a correctly signed request for a provider and deliver it
    Send(SendArgs),
    /// Send a realistic, signed test event from the catalog (`trigger --list` shows it)
    Trigger(Box<crate::trigger::args::TriggerArgs>),
    /// Every supported provider: headers, algorithm, what the secret looks like
    Providers(ProvidersArgs),
    /// Run the self-hosted public relay that `listen --relay` connects to
    Relay(Box<RelayArgs>),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish)
    Completions(CompletionsArgs),
    /// Print the man page (roff)
    Man,
    /// Print the effective configuration, each value with its source (secrets masked)
    Config,
}

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Args, Debug)]
pub struct RelayArgs {
    /// Address to listen on (port 0 picks a free one)
    #[arg(long, value_name = "ADDR", default_value = "0.0.0.0:8080")]
    pub listen: String,
    /// The URL providers call (what clients are told); default: http(s)://{host they used}
    #[arg(long, value_name = "URL")]
    pub public_url: Option<String>,
    /// The one token, granting every channel
    #[arg(
        long,
        value_name = "TOKEN",
        env = "HOOKCLI_RELAY_TOKEN",
        hide_env_values = true,
        conflicts_with = "tokens"
    )]
    pub token: Option<String>,
    /// Tokens file: `TOKEN CHANNEL [CHANNEL...]` a line (`*` = every channel, `#` comments)
    #[arg(long, value_name = "FILE")]
    pub tokens: Option<PathBuf>,
    /// Requests kept per channel while they wait for their ack; more get 503
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    pub buffer: usize,
    /// Largest request body accepted (e.g. 25MiB); larger gets 413
    #[arg(long, value_name = "SIZE", default_value = "25MiB", value_parser = parse_size)]
    pub max_body: u64,
    /// Where channel buffers live [default: $HOOKCLI_HOME/relay, else the platform data dir]
    #[arg(long, value_name = "DIR")]
    pub store: Option<PathBuf>,
    /// Seconds to wait for the listener's answer before answering 202
    #[arg(long, value_name = "SECS", default_value = "10", value_parser = parse_timeout)]
    pub response_timeout: Timeout,
    /// Requests a second per token across its channels, bursts to twice that (0 = no limit)
    #[arg(long, value_name = "N", default_value_t = crate::relay::limits::DEFAULT_RATE)]
    pub rate: f64,
    /// Channels one token may have connected at once
    #[arg(long, value_name = "N", default_value_t = 16)]
    pub max_channels: usize,
    /// Channels the relay keeps in all (a channel exists once a token names it or a
    /// listener connects to it; ingress never creates one)
    #[arg(long, value_name = "N", default_value_t = crate::relay::limits::DEFAULT_MAX_TOTAL_CHANNELS)]
    pub max_total_channels: usize,
    /// Connections served at once; one more gets a one-line 503 and is closed
    #[arg(long, value_name = "N", default_value_t = crate::relay::limits::DEFAULT_MAX_CONNECTIONS,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    pub max_connections: usize,
    /// Seconds a connection may stay silent (no request being answered) before it is closed
    #[arg(long, value_name = "SECS", default_value = "30", value_parser = parse_timeout)]
    pub idle_timeout: Timeout,
    /// TLS certificate chain (PEM): serve https and wss
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// TLS private key (PEM)
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// Share channels with every relay node on this Redis (redis:// or rediss://, password
    /// in the URL allowed; never printed) instead of buffering on this node's disk
    #[arg(
        long,
        value_name = "URL",
        env = "HOOKCLI_REDIS_URL",
        hide_env_values = true
    )]
    pub redis: Option<String>,
}

#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// Capture ids, prefixes, `last`, capture/NDJSON/HAR files, or `-` for stdin [default: stdin when piped, else last]
    #[arg(value_name = "ID|FILE|-")]
    pub sources: Vec<String>,
    /// A provider's secret or public key, PROVIDER=SECRET or PROVIDER=@FILE (repeatable)
    #[arg(long = "secret", value_name = "P=S", value_parser = SecretParser, hide_possible_values = true)]
    pub secret: Vec<(String, String)>,
    /// Verify as this provider instead of detecting it
    #[arg(long, value_name = "NAME", value_parser = ProviderParser, hide_possible_values = true)]
    pub provider: Option<String>,
    /// The public URL the provider called (Twilio, Square, HubSpot, Trello, Contentful)
    #[arg(long, value_name = "URL")]
    pub public_url: Option<String>,
    /// Judge timestamps as of this moment (unix seconds) instead of now
    #[arg(long, value_name = "UNIX_SECS")]
    pub at: Option<i64>,
    /// One JSON object per capture: id, provider, verdict, detail
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Args, Debug, Clone)]
pub struct SignRequest {
    /// Provider id (see `hookcli providers`)
    #[arg(long, value_name = "NAME", value_parser = ProviderParser, hide_possible_values = true)]
    pub provider: String,
    /// The secret (the private key for key-pair schemes); @FILE reads it from a file [default: HOOKCLI_SECRET_<PROVIDER>, then [secrets] in the config files]
    #[arg(
        long,
        value_name = "SECRET",
        env = "HOOKCLI_SIGN_SECRET",
        hide_env_values = true
    )]
    pub secret: Option<String>,
    /// Body: text, @FILE, or - for stdin [default: {}]
    #[arg(long, value_name = "TEXT|@FILE|-")]
    pub body: Option<String>,
    /// Extra request header (repeatable)
    #[arg(short = 'H', long = "header", value_name = "K: V", value_parser = parse_header)]
    pub header: Vec<(String, String)>,
    /// Method
    #[arg(long, value_name = "M", default_value = "POST")]
    pub method: String,
    /// Sign as of this moment (unix seconds) instead of now
    #[arg(long, value_name = "UNIX_SECS")]
    pub at: Option<i64>,
    /// The event the provider's headers name (GitHub's x-github-event, Shopify's topic, …) [default: the catalog's first for the provider]
    #[arg(long, value_name = "NAME")]
    pub event: Option<String>,
    /// Add only the signature headers, not the provider's others (event type, delivery id, user agent)
    #[arg(long)]
    pub no_extra_headers: bool,
}

#[derive(Args, Debug)]
pub struct SignArgs {
    #[command(flatten)]
    pub req: SignRequest,
    /// The URL the provider would call (its path and query are signed by some schemes)
    #[arg(long, value_name = "URL", default_value = "http://localhost:9999/")]
    pub url: String,
}

#[derive(Args, Debug)]
pub struct SendArgs {
    #[command(flatten)]
    pub req: SignRequest,
    /// Where to deliver it (host:port, :port or a full URL with path)
    #[arg(long, value_name = "URL")]
    pub to: String,
    /// Forward timeout in seconds, or `none`
    #[arg(long, value_name = "SECS|none", default_value = "30", value_parser = parse_timeout)]
    pub timeout: Timeout,
    /// Accept any TLS certificate
    #[arg(long)]
    pub insecure: bool,
    /// Print the sent capture as JSON
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub store: StoreArgs,
    /// Do not store what was sent
    #[arg(long, conflicts_with = "store")]
    pub no_store: bool,
}

#[derive(Args, Debug)]
pub struct ProvidersArgs {
    /// A JSON array, one object per provider
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug, Clone)]
pub struct StoreArgs {
    /// Store directory [default: $HOOKCLI_HOME, else the platform data dir]
    #[arg(long, value_name = "DIR")]
    pub store: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct ListenArgs {
    /// Port to listen on (0 picks a free one)
    #[arg(long, short = 'p', default_value_t = 9999)]
    pub port: u16,
    /// Address to bind
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// Forward every request here (repeatable; the first answers the sender, the rest get copies)
    #[arg(short = 'f', long = "forward", value_name = "URL", value_parser = parse_target)]
    pub forward: Vec<Target>,
    /// Send paths under PREFIX to URL instead (repeatable; longest prefix wins)
    #[arg(long = "route", value_name = "PREFIX=URL", value_parser = parse_route)]
    pub route: Vec<Route>,
    /// Answer the sender at once and forward in the background
    #[arg(long)]
    pub ack: bool,
    /// When the dev server fails, answers non-2xx or is slower than the provider waits,
    /// deliver again on the provider's retry schedule
    #[arg(long)]
    pub retries: bool,
    /// Run the retry schedule N times faster (60: a 5-minute wait takes 5 s)
    #[arg(long, value_name = "N", default_value_t = 60, value_parser = clap::value_parser!(u32).range(1..))]
    pub retry_speed: u32,
    /// Forward timeout in seconds, or `none`
    #[arg(long, value_name = "SECS|none", default_value = "30", value_parser = parse_timeout)]
    pub timeout: Timeout,
    /// Accept any TLS certificate from forward targets
    #[arg(long)]
    pub insecure: bool,
    /// Add a header to forwarded requests (repeatable)
    #[arg(short = 'H', long = "header", value_name = "K: V", value_parser = parse_header)]
    pub header: Vec<(String, String)>,
    /// A provider's secret, PROVIDER=SECRET or PROVIDER=@FILE (repeatable; several per provider rotate)
    #[arg(long = "secret", value_name = "P=S", value_parser = SecretParser, hide_possible_values = true)]
    pub secret: Vec<(String, String)>,
    /// Verify as this provider instead of detecting it from the headers
    #[arg(long, value_name = "NAME", value_parser = ProviderParser, hide_possible_values = true)]
    pub provider: Option<String>,
    /// The public URL the provider calls (for schemes that sign the URL: Twilio, Square, …)
    #[arg(long, value_name = "URL")]
    pub public_url: Option<String>,
    /// Status to answer with when not forwarding (or with --ack)
    #[arg(long, value_name = "N", default_value_t = 200, value_parser = clap::value_parser!(u16).range(100..=999))]
    pub respond_status: u16,
    /// Body to answer with: text, or @FILE
    #[arg(long, value_name = "TEXT|@FILE")]
    pub respond_body: Option<String>,
    /// Header to answer with (repeatable)
    #[arg(long = "respond-header", value_name = "K: V", value_parser = parse_header)]
    pub respond_header: Vec<(String, String)>,
    /// Largest request body accepted (e.g. 25MiB, 512k); larger gets 413
    #[arg(long, value_name = "SIZE", default_value = "25MiB", value_parser = parse_size)]
    pub max_body: u64,
    /// Connections served at once; one more gets a one-line 503 and is closed
    #[arg(long, value_name = "N", default_value_t = crate::server::DEFAULT_MAX_CONNECTIONS,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    pub max_connections: usize,
    /// Also write each capture to DIR/<id>.json
    #[arg(long, value_name = "DIR")]
    pub save: Option<PathBuf>,
    #[command(flatten)]
    pub store: StoreArgs,
    /// Keep no store at all
    #[arg(long, conflicts_with = "store")]
    pub no_store: bool,
    /// How many captures the store keeps, newest first (0: all); older ones are deleted in the background
    #[arg(long, value_name = "N", default_value_t = crate::store::DEFAULT_KEEP)]
    pub keep: u64,
    /// Delete captures older than this, in the background (e.g. 30d, 12h, 90m)
    #[arg(long, value_name = "AGE", value_parser = parse_age)]
    pub keep_for: Option<Duration>,
    /// fsync every commit: captures survive a power cut, not only a crash (slower)
    #[arg(long)]
    pub durable: bool,
    /// Print NDJSON captures on stdout (nothing else; implies --no-tui)
    #[arg(long)]
    pub json: bool,
    /// Show credential headers (Authorization, Cookie, token headers) instead of masking them
    #[arg(long)]
    pub reveal: bool,
    /// Print one line per capture instead of the live TUI
    #[arg(long)]
    pub no_tui: bool,
    /// Also take webhooks from this relay (ws://, wss://, host:port; without a scheme: ws for
    /// localhost/loopback, wss otherwise). Repeat it (or give a comma list) for relay nodes
    /// sharing one Redis: when one is down the next is tried
    #[arg(long, value_name = "URL", value_parser = parse_relay, requires = "channel",
          value_delimiter = ',', action = clap::ArgAction::Append)]
    pub relay: Vec<Target>,
    /// The relay channel to hold (providers call {relay}/c/{channel}/)
    #[arg(long, value_name = "NAME", requires = "relay", value_parser = parse_channel)]
    pub channel: Option<String>,
    /// The relay token for --channel
    #[arg(
        long,
        value_name = "TOKEN",
        env = "HOOKCLI_RELAY_TOKEN",
        hide_env_values = true
    )]
    pub token: Option<String>,
    /// Take the relay channel from the listener holding it (that one stops)
    #[arg(long, requires = "relay")]
    pub takeover: bool,
    /// Serve the web inspector here [default: 127.0.0.1:4040, or the next free port]
    #[arg(long, value_name = "ADDR", conflicts_with = "no_inspect")]
    pub inspect: Option<String>,
    /// Do not serve the web inspector
    #[arg(long)]
    pub no_inspect: bool,
}

#[derive(Args, Debug)]
pub struct InspectArgs {
    /// Serve the inspector here [default: 127.0.0.1:4040, or the next free port]
    #[arg(long, value_name = "ADDR")]
    pub addr: Option<String>,
    #[command(flatten)]
    pub store: StoreArgs,
    /// A provider's secret for re-signing replays, PROVIDER=SECRET or PROVIDER=@FILE (repeatable)
    #[arg(long = "secret", value_name = "P=S", value_parser = SecretParser, hide_possible_values = true)]
    pub secret: Vec<(String, String)>,
}

#[derive(Args, Debug)]
pub struct ListArgs {
    /// Show only the newest N
    #[arg(long, short = 'n', value_name = "N")]
    pub limit: Option<usize>,
    /// Only captures matching EXPR: free text, method: path: status: provider: verdict: since: until: origin:
    #[arg(long, value_name = "EXPR")]
    pub filter: Option<String>,
    /// Only captures received at or after WHEN (10m, 2h, 7d, 11:30, 2026-11-27, RFC 3339)
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,
    /// Only captures received before WHEN (same forms as --since)
    #[arg(long, value_name = "WHEN")]
    pub until: Option<String>,
    /// Print every matching capture (a bare `list` prints the newest 50)
    #[arg(long, conflicts_with = "limit")]
    pub all: bool,
    /// Print a JSON array of captures
    #[arg(long)]
    pub json: bool,
    /// Show credential headers (Authorization, Cookie, token headers) instead of masking them
    #[arg(long)]
    pub reveal: bool,
    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Args, Debug)]
pub struct ShowArgs {
    /// Capture id, unique prefix (4+ characters) or `last`
    #[arg(value_name = "ID")]
    pub id: String,
    /// Output form
    #[arg(long, value_enum, default_value_t = ShowFormat::Json)]
    pub format: ShowFormat,
    /// For curl and HAR: the URL to name [default: where it was forwarded, else its Host]
    #[arg(long, value_name = "URL", value_parser = parse_target)]
    pub to: Option<Target>,
    /// Show credential headers (Authorization, Cookie, token headers) instead of masking them
    #[arg(long)]
    pub reveal: bool,
    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Args, Debug)]
pub struct ReplayArgs {
    /// Capture ids, prefixes, `last`, capture/NDJSON/HAR files, or `-` for stdin
    #[arg(value_name = "ID|FILE|-")]
    pub sources: Vec<String>,
    /// Replay the newest stored capture
    #[arg(long)]
    pub last: bool,
    /// Send here instead of the capture's recorded forward target(s)
    #[arg(long, value_name = "URL", value_parser = parse_target)]
    pub to: Option<Target>,
    /// Set a header on the replayed request (repeatable)
    #[arg(short = 'H', long = "header", value_name = "K: V", value_parser = parse_header)]
    pub header: Vec<(String, String)>,
    /// Replace the method
    #[arg(long, value_name = "M")]
    pub method: Option<String>,
    /// Replace the body: text, @FILE, or @- for stdin
    #[arg(long, value_name = "TEXT|@FILE")]
    pub body: Option<String>,
    /// Open each capture in $VISUAL/$EDITOR before sending
    #[arg(long)]
    pub edit: bool,
    /// Sign again with a fresh timestamp (and message id) so the dev server's check passes
    #[arg(long)]
    pub resign: bool,
    /// Send each capture N times, to test idempotency (one summary line per attempt)
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub times: u32,
    /// With --times: send all N at once, to test races
    #[arg(long, requires = "times")]
    pub concurrent: bool,
    /// A provider's secret for --resign and the verdict, PROVIDER=SECRET or PROVIDER=@FILE
    #[arg(long = "secret", value_name = "P=S", value_parser = SecretParser, hide_possible_values = true)]
    pub secret: Vec<(String, String)>,
    /// The provider to re-sign as when it cannot be told from the capture
    #[arg(long, value_name = "NAME", value_parser = ProviderParser, hide_possible_values = true)]
    pub provider: Option<String>,
    /// Print each replay as an NDJSON capture
    #[arg(long)]
    pub json: bool,
    /// Show credential headers (Authorization, Cookie, token headers) instead of masking them
    #[arg(long)]
    pub reveal: bool,
    /// Forward timeout in seconds, or `none`
    #[arg(long, value_name = "SECS|none", default_value = "30", value_parser = parse_timeout)]
    pub timeout: Timeout,
    /// Accept any TLS certificate
    #[arg(long)]
    pub insecure: bool,
    #[command(flatten)]
    pub store: StoreArgs,
    /// Do not store the replays
    #[arg(long, conflicts_with = "store")]
    pub no_store: bool,
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = ExportFormat::Ndjson)]
    pub format: ExportFormat,
    /// Write here instead of stdout
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Only captures matching EXPR (as `list --filter`)
    #[arg(long, value_name = "EXPR")]
    pub filter: Option<String>,
    /// Show credential headers (Authorization, Cookie, token headers) instead of masking them
    #[arg(long)]
    pub reveal: bool,
    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// One capture JSON a line
    Ndjson,
    /// HAR 1.2
    Har,
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// Files or directories of captures: NDJSON, capture JSON (one, an array, or several
    /// concatenated as `--save` writes them), or HAR; `-` for stdin
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<String>,
    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShowFormat {
    /// The capture JSON
    Json,
    /// The raw HTTP request
    Http,
    /// A curl command line (POSIX shell quoting)
    Curl,
    /// One HAR 1.2 document holding this capture
    Har,
}

/// `--provider`: a known id; completion scripts offer every id.
#[derive(Clone, Debug)]
pub struct ProviderParser;

impl clap::builder::TypedValueParser for ProviderParser {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        let s = value.to_string_lossy();
        parse_provider(&s).map_err(|e| invalid(cmd, arg, &s, &e))
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(crate::verify::providers().iter().map(|p| {
            clap::builder::PossibleValue::new(p.id).help(p.name)
        })))
    }
}

/// `--secret PROVIDER=SECRET`: completion scripts offer `stripe=`, `github=`, …
#[derive(Clone, Debug)]
pub struct SecretParser;

impl clap::builder::TypedValueParser for SecretParser {
    type Value = (String, String);

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<(String, String), clap::Error> {
        // The secret itself is never echoed in the error.
        let s = value.to_string_lossy();
        let shown = s.split_once('=').map_or("…", |(p, _)| p);
        parse_secret(&s).map_err(|e| invalid(cmd, arg, shown, &e))
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(crate::verify::providers().iter().map(|p| {
            clap::builder::PossibleValue::new(format!("{}=", p.id)).help(p.secret_form)
        })))
    }
}

fn invalid(cmd: &clap::Command, arg: Option<&clap::Arg>, value: &str, why: &str) -> clap::Error {
    let name = arg.map_or_else(|| "...".to_string(), |a| a.to_string());
    let mut e = clap::Error::raw(
        clap::error::ErrorKind::ValueValidation,
        format!("invalid value '{value}' for '{name}': {why}\n"),
    );
    e = e.with_cmd(cmd);
    e
}

/// `PROVIDER=SECRET`, with a known provider id.
pub fn parse_secret(s: &str) -> Result<(String, String), String> {
    crate::verify::Secrets::parse_pair(s)
}

/// A known provider id.
pub fn parse_provider(s: &str) -> Result<String, String> {
    match crate::verify::provider(s) {
        Some(p) => Ok(p.id.to_string()),
        None => Err(crate::verify::unknown_provider_message(s)),
    }
}

/// `--timeout`: seconds, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeout(pub Option<Duration>);

pub fn parse_timeout(s: &str) -> Result<Timeout, String> {
    if s.eq_ignore_ascii_case("none") || s == "0" {
        return Ok(Timeout(None));
    }
    let secs: f64 = s
        .parse()
        .map_err(|_| format!("expected seconds or `none`, got {s:?}"))?;
    if !(secs.is_finite() && secs > 0.0) {
        return Err(format!("expected a positive number of seconds, got {s:?}"));
    }
    Ok(Timeout(Some(Duration::from_secs_f64(secs))))
}

pub fn parse_target(s: &str) -> Result<Target, String> {
    Target::parse(s)
}

/// `--relay`: a ws(s) URL, http(s) taken as ws(s). Without a scheme: `ws://` for a
/// loopback name (`localhost`, `127.x`, `::1`, `:port`), where TLS is rare, `wss://` otherwise.
pub fn parse_relay(s: &str) -> Result<Target, String> {
    let default = if s.contains("://") || !is_loopback(s) {
        "wss"
    } else {
        "ws"
    };
    let mut t = Target::parse_with(s, default)?;
    t.scheme = match t.scheme.as_str() {
        "http" | "ws" => "ws".into(),
        _ => "wss".into(),
    };
    Ok(t)
}

/// Does a scheme-less address name this machine?
fn is_loopback(s: &str) -> bool {
    if s.starts_with(':') {
        return true;
    }
    let authority = s.split('/').next().unwrap_or("");
    let host = match authority.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or(""),
        None => authority.rsplit_once(':').map_or(authority, |(h, _)| h),
    };
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// A relay channel name: 1-64 of letters, digits, `_`, `-`, `.`.
pub fn parse_channel(s: &str) -> Result<String, String> {
    if crate::relay::protocol::valid_channel(s) {
        Ok(s.to_string())
    } else {
        Err(format!(
            "bad channel name {s:?} (1-64 of letters, digits, _ - . ; not starting with .)"
        ))
    }
}

pub fn parse_route(s: &str) -> Result<Route, String> {
    Route::parse(s)
}

/// `K: V` (also `K:V`); the name must be a valid header name.
pub fn parse_header(s: &str) -> Result<(String, String), String> {
    let (k, v) = s
        .split_once(':')
        .ok_or_else(|| format!("expected 'Name: value', got {s:?}"))?;
    let k = k.trim();
    if k.is_empty() || http::header::HeaderName::from_bytes(k.as_bytes()).is_err() {
        return Err(format!("bad header name {k:?}"));
    }
    let v = v.trim();
    if http::header::HeaderValue::from_str(v).is_err() {
        return Err(format!("bad value for header {k:?}"));
    }
    Ok((k.to_string(), v.to_string()))
}

/// Sizes like `25MiB`, `512k`, `1mb`, `100` (bytes). K/M/G are binary (1024) multiples.
/// An age for `--keep-for`: a number and a unit (s, m, h, d, w).
pub fn parse_age(s: &str) -> Result<Duration, String> {
    let bad = || format!("{s:?} is not an age (use 30d, 12h, 90m, 2w)");
    let split = s.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
    let (num, unit) = s.split_at(split);
    let n: u64 = num.parse().map_err(|_| bad())?;
    let unit = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        "w" => 604_800,
        _ => return Err(bad()),
    };
    n.checked_mul(unit)
        .filter(|&secs| secs > 0)
        .map(Duration::from_secs)
        .ok_or_else(bad)
}

pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim().to_ascii_lowercase();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: f64 = num.parse().map_err(|_| format!("bad size {s:?}"))?;
    let mult: u64 = match unit.trim() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        _ => return Err(format!("bad size unit in {s:?} (use B, KiB, MiB or GiB)")),
    };
    Ok((n * mult as f64) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory as _;

    #[test]
    fn relay_without_a_scheme_is_ws_on_loopback_and_wss_elsewhere() {
        let scheme = |s: &str| parse_relay(s).unwrap().scheme;
        for local in [
            "127.0.0.1:8080",
            "localhost:8080",
            "[::1]:80",
            ":8080",
            "127.0.0.2",
        ] {
            assert_eq!(scheme(local), "ws", "{local}");
        }
        for remote in [
            "hooks.example.com",
            "10.0.0.1:8080",
            "localhost.example.com:1",
        ] {
            assert_eq!(scheme(remote), "wss", "{remote}");
        }
        assert_eq!(scheme("https://127.0.0.1:1"), "wss");
        assert_eq!(scheme("ws://hooks.example.com"), "ws");
    }

    #[test]
    fn listen_relay_takes_a_comma_list_and_repeats() {
        let cli = Cli::try_parse_from([
            "hookcli",
            "listen",
            "--relay",
            "127.0.0.1:1,127.0.0.1:2",
            "--relay",
            "ws://127.0.0.1:3",
            "--channel",
            "alice",
        ])
        .unwrap();
        let Command::Listen(args) = cli.command else {
            panic!("not listen");
        };
        let nodes: Vec<_> = args.relay.iter().map(|t| t.authority.as_str()).collect();
        assert_eq!(nodes, ["127.0.0.1:1", "127.0.0.1:2", "127.0.0.1:3"]);
    }

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn sizes_timeouts_and_headers_parse() {
        assert_eq!(parse_size("25MiB").unwrap(), 25 << 20);
        assert_eq!(parse_size("512k").unwrap(), 512 << 10);
        assert_eq!(parse_size("100").unwrap(), 100);
        assert!(parse_size("1 parsec").is_err());
        assert_eq!(parse_timeout("none").unwrap(), Timeout(None));
        assert_eq!(
            parse_timeout("1.5").unwrap().0,
            Some(Duration::from_millis(1500))
        );
        assert!(parse_timeout("-1").is_err());
        assert_eq!(
            parse_header("X-A: b c").unwrap(),
            ("X-A".into(), "b c".into())
        );
        assert!(parse_header("no colon").is_err());
        assert!(parse_header("bad name: x").is_err());
    }
}
