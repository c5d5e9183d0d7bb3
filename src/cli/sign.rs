//! Arguments of the commands that check or make signatures: `verify`, `sign`, `send`.

use super::parse::*;
use super::store::StoreArgs;
use clap::Args;

/// How signatures are checked, shared by `listen` and `verify`: the secrets, a provider to
/// verify as, and the URL the provider called.
#[derive(Args, Debug, Clone, Default)]
pub struct VerifyFlags {
    /// A provider's secret or public key, PROVIDER=SECRET or PROVIDER=@FILE (repeatable; several per provider rotate)
    #[arg(long = "secret", value_name = "P=S", value_parser = SecretParser, hide_possible_values = true)]
    pub secret: Vec<(String, String)>,
    /// Verify as this provider instead of detecting it from the headers
    #[arg(long, value_name = "NAME", value_parser = ProviderParser, hide_possible_values = true)]
    pub provider: Option<String>,
    /// The public URL the provider calls, for schemes that sign the URL (Twilio, Square, HubSpot, Trello, Contentful, …)
    #[arg(long, value_name = "URL")]
    pub public_url: Option<String>,
}

#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// Capture ids, prefixes, `last`, capture/NDJSON/HAR files, or `-` for stdin [default: stdin when piped, else last]
    #[arg(value_name = "ID|FILE|-")]
    pub sources: Vec<String>,
    #[command(flatten)]
    pub verify: VerifyFlags,
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
