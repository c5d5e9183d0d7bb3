//! Arguments of the commands that serve: `listen` and `relay`.

use super::parse::*;
use super::sign::VerifyFlags;
use super::store::StoreArgs;
use crate::target::{Route, Target};
use clap::Args;
use std::path::PathBuf;
use std::time::Duration;

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
    #[command(flatten)]
    pub verify: VerifyFlags,
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
