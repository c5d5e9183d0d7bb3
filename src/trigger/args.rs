//! `hookcli trigger`'s flags (clap derive; no I/O here).

use crate::cli::parse::{ProviderParser, SecretParser, Timeout, parse_header, parse_timeout};
use crate::cli::store::StoreArgs;
use clap::Args;

#[derive(Args, Debug)]
pub struct TriggerArgs {
    /// Provider id (see `hookcli trigger --list`)
    #[arg(
        value_name = "PROVIDER",
        required_unless_present = "list",
        value_parser = ProviderParser,
        hide_possible_values = true
    )]
    pub provider: Option<String>,
    /// Event name, e.g. push, payment_intent.succeeded, orders/create
    #[arg(value_name = "EVENT", required_unless_present = "list")]
    pub event: Option<String>,
    /// List the catalog (one provider's events when PROVIDER is given)
    #[arg(long)]
    pub list: bool,
    /// Where to send it [default: the local listener, http://127.0.0.1:9999 or [listen] port]
    #[arg(long, value_name = "URL")]
    pub to: Option<String>,
    /// Change a body field: path.to.field=value (JSON when it parses as JSON, else text)
    #[arg(long = "set", value_name = "PATH=VALUE", value_parser = parse_set)]
    pub set: Vec<(String, String)>,
    /// Your own body instead of the catalog's: text, @FILE, or - for stdin
    #[arg(long, value_name = "TEXT|@FILE|-", conflicts_with = "set")]
    pub body: Option<String>,
    /// A provider's secret, PROVIDER=SECRET or PROVIDER=@FILE (repeatable) [default: [secrets], HOOKCLI_SECRET_*]
    #[arg(long = "secret", value_name = "P=S", value_parser = SecretParser, hide_possible_values = true)]
    pub secret: Vec<(String, String)>,
    /// Extra request header, replacing the catalog's of that name (repeatable)
    #[arg(short = 'H', long = "header", value_name = "K: V", value_parser = parse_header)]
    pub header: Vec<(String, String)>,
    /// Timeout in seconds, or `none`
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

/// `--set data.object.amount=5000`.
pub fn parse_set(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((path, value)) if !path.trim().is_empty() => {
            Ok((path.trim().to_string(), value.to_string()))
        }
        _ => Err(format!(
            "expected PATH=VALUE (e.g. data.object.amount=5000), got {s:?}"
        )),
    }
}
