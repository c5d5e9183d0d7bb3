//! Arguments of the commands that read or write the store: `inspect`, `list`, `show`,
//! `replay`, `export`, `import`, and the `--store` flag they share.

use super::parse::*;
use crate::target::Target;
use clap::{Args, ValueEnum};
use std::path::PathBuf;

#[derive(Args, Debug, Clone)]
pub struct StoreArgs {
    /// Store directory [default: $HOOKCLI_HOME, else the platform data dir]
    #[arg(long, value_name = "DIR")]
    pub store: Option<PathBuf>,
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
