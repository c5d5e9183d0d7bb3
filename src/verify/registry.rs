//! The provider registry: the row types, lookup by id or alias, and the public listing.
//!
//! A row is either an HMAC `Template` (data, run by `hmac_generic`) or a `Code` tag for the
//! true exceptions. The rows live in `table_body.rs`, `table_hub.rs`, `table_stamped.rs`,
//! `table_std.rs` and `table_code.rs`, by scheme family, so no file grows too long; the
//! providers of the second reference file are in `table_pay.rs`, `table_dev.rs`,
//! `table_saas.rs`, `table_timed.rs` and `table_more.rs`.

use super::window::{Unit, Window};
use serde::Serialize;
use std::sync::LazyLock;

/// What `hookcli providers` prints about one provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ProviderInfo {
    /// Lower case with hyphens, as used by `--secret ID=…` and `--provider ID`.
    pub id: &'static str,
    pub name: &'static str,
    /// The headers that carry the signature (and its timestamp / id), lower case.
    pub headers: &'static [&'static str],
    pub algorithm: &'static str,
    /// What to pass as the secret, and in which encoding for key-pair schemes.
    pub secret_form: &'static str,
    /// Scheme family as in the reference (A–L).
    pub family: &'static str,
    /// Where its test vectors come from: `published` (the provider's SDK or docs),
    /// `derived` (computed from the documented algorithm), `published+derived`, or `none`.
    pub vectors: &'static str,
    /// SDK behaviour worth knowing: tolerance, rotation, what was confirmed and how.
    pub notes: &'static str,
}

pub(crate) struct Provider {
    pub info: ProviderInfo,
    pub scheme: Scheme,
}

pub(crate) enum Scheme {
    Hmac(Template),
    Code(Code),
}

/// Providers whose scheme is code, not a template row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Code {
    Twilio,
    SendGrid,
    Discord,
    HubSpot,
    Mailgun,
    Contentful,
    Plaid,
    Netlify,
    GitLab,
    Postmark,
    Okta,
    MsGraph,
    // The second reference file.
    AmazonSns,
    PayPal,
    Cloudinary,
    Adyen,
    Braintree,
    /// Vonage: signed SMS parameters, or a Messages/Voice JWT.
    VonageSms,
    Monday,
    Mandrill,
    Plivo,
    Buildkite,
    Hygraph,
    Pusher,
    Telnyx,
    Flutterwave,
    Figma,
    /// HTTP Basic credentials (Chargebee, VMware Workspace ONE).
    Basic,
}

/// One HMAC scheme: where the signatures are, what bytes they cover, how fresh they must be.
pub(crate) struct Template {
    /// Signature headers in order of preference (see [`Role`]). A name ending in `*` is a
    /// prefix matching numbered headers (DocuSign's `-1` … `-100`); `sign` writes `…1`.
    pub sigs: &'static [SigSource],
    pub key: Key,
    /// The signed bytes, concatenated.
    pub msg: &'static [Part],
    pub ts: Option<Stamp>,
    /// Message-id headers, first present wins (Standard Webhooks, Svix, Twitch).
    pub id_headers: &'static [&'static str],
    /// A version label verified with Ed25519 instead of HMAC (Standard Webhooks `v1a`).
    pub ed25519: Option<&'static str>,
    /// Headers the SDK requires to hold exactly this value (Box's version/algorithm).
    pub require: &'static [(&'static str, &'static str)],
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct SigSource {
    pub header: &'static str,
    pub layout: Layout,
    pub hash: Hash,
    pub enc: Enc,
    pub role: Role,
    /// How the detail names a match: `v1`, `sha256`, `h1`.
    pub label: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// Decides when present; written by `sign`.
    Current,
    /// Accepted alongside the current one (Box secondary, Bolt pending); not written.
    Alternate,
    /// Consulted only when no current header is present; written by `sign` too, as the
    /// provider sends both (GitHub's `X-Hub-Signature`).
    Legacy,
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum Layout {
    /// The whole value, after a fixed prefix (`sha256=`, `v0=`, `HMAC `).
    Whole { prefix: &'static str },
    /// A list of `prefix<sig>` items split on any of `seps`; other items are ignored.
    List {
        seps: &'static str,
        prefix: &'static str,
    },
    /// `t=…,v1=…` pairs split on any of `seps`; `group` splits rotation groups that each
    /// carry their own timestamp (Persona). `sign_sep` is what a sender writes between pairs.
    Kv {
        seps: &'static str,
        group: Option<char>,
        ts_key: &'static str,
        sig_key: &'static str,
        sign_sep: &'static str,
    },
    /// Space-separated `version,signature` entries (Standard Webhooks).
    Versioned { version: &'static str },
    /// `<timestamp><sep><sig>[<sep><sig>…]`: the first item is the timestamp, every later
    /// one a signature (Recurly, one per active endpoint secret).
    Positional { sep: char },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Hash {
    Sha256,
    Sha1,
    /// Paystack, HCP Terraform.
    Sha512,
    /// Vonage signed SMS only (`md5` signature method).
    Md5,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Enc {
    Hex,
    Base64,
    /// Base64url without padding (Sanity).
    Base64Url,
}

/// How the secret string becomes the HMAC key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Key {
    /// The string's UTF-8 bytes (the default almost everywhere, Stripe's `whsec_` included).
    Text,
    /// Base64-decode the whole string (Airtable, MS Teams).
    Base64,
    /// Strip `whsec_` and base64-decode the rest (Standard Webhooks, Svix).
    Whsec,
    /// The text without a leading `sk_` or `pk_` (Clearbit's SDK strips it).
    NoKeyPrefix,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    Lit(&'static str),
    Body,
    /// The timestamp text exactly as sent.
    Ts,
    Id,
    /// The public URL the provider called.
    Url,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Stamp {
    pub src: TsSrc,
    pub unit: Unit,
    pub window: Window,
    /// Below this (ms) the SDK refuses the header as malformed (Sanity: 2021-01-01).
    pub min_ms: i64,
    /// What the detail calls it: `t`, `timestamp`.
    pub name: &'static str,
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum TsSrc {
    /// The `ts_key` pair of a `Layout::Kv` header (or the first item of `Positional`).
    Kv,
    /// A header (first present of these).
    Header(&'static [&'static str]),
    /// A header if present, else a top-level JSON body field; absent means unchecked
    /// (Linear's SDK takes the timestamp as optional).
    HeaderOrBody(&'static str, &'static str),
}

fn all() -> impl Iterator<Item = &'static Provider> {
    super::table_body::ROWS
        .iter()
        .chain(super::table_hub::ROWS.iter())
        .chain(super::table_stamped::ROWS.iter())
        .chain(super::table_std::ROWS.iter())
        .chain(super::table_code::ROWS.iter())
        .chain(super::table_pay::ROWS.iter())
        .chain(super::table_dev::ROWS.iter())
        .chain(super::table_saas::ROWS.iter())
        .chain(super::table_timed::ROWS.iter())
        .chain(super::table_more::ROWS.iter())
}

static INFOS: LazyLock<Vec<ProviderInfo>> = LazyLock::new(|| {
    let mut v: Vec<ProviderInfo> = all().map(|p| p.info).collect();
    v.sort_by_key(|p| p.id);
    v
});

/// Every supported provider, sorted by id.
pub fn providers() -> &'static [ProviderInfo] {
    &INFOS
}

/// Other spellings people type for a provider.
const ALIASES: &[(&str, &str)] = &[
    ("standardwebhooks", "standard-webhooks"),
    ("standard", "standard-webhooks"),
    ("lemon-squeezy", "lemonsqueezy"),
    ("coinbase", "coinbase-commerce"),
    ("frame-io", "frameio"),
    ("frame.io", "frameio"),
    ("msteams", "msteams-outgoing"),
    ("teams", "msteams-outgoing"),
    ("ms-graph", "msgraph"),
    ("graph", "msgraph"),
    ("facebook", "meta"),
    ("whatsapp", "meta"),
    ("instagram", "meta"),
    ("twilio-sendgrid", "sendgrid"),
    ("hub-spot", "hubspot"),
    ("work-os", "workos"),
];

/// Lower case, trimmed, `_` as `-` (environment variable names use `_`).
pub(crate) fn normalise(id: &str) -> String {
    id.trim().to_ascii_lowercase().replace('_', "-")
}

pub(crate) fn find(id: &str) -> Option<&'static Provider> {
    let id = normalise(id);
    let id = ALIASES
        .iter()
        .find(|(alias, _)| *alias == id)
        .map_or(id.as_str(), |(_, canon)| *canon);
    all().find(|p| p.info.id == id)
}

/// Is this exactly a registered id? (No allocation, unlike [`find`].)
pub(crate) fn is_id(id: &str) -> bool {
    all().any(|p| p.info.id == id)
}

/// Look a provider up by id (or a common alias).
pub fn provider(id: &str) -> Option<&'static ProviderInfo> {
    find(id).map(|p| &p.info)
}

/// Ids close to a mistyped one, for error messages.
pub(crate) fn close_ids(id: &str) -> Vec<&'static str> {
    let id = normalise(id);
    let mut scored: Vec<(usize, &'static str)> = all()
        .map(|p| p.info.id)
        .filter_map(|cand| {
            let d = edit_distance(&id, cand);
            let related = !id.is_empty() && (cand.contains(id.as_str()) || id.contains(cand));
            (d <= 2 || related).then_some((d, cand))
        })
        .collect();
    scored.sort();
    scored.into_iter().take(5).map(|(_, c)| c).collect()
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_lower_case_and_documented() {
        let ids: Vec<_> = providers().iter().map(|p| p.id).collect();
        let mut dedup = ids.clone();
        dedup.dedup();
        assert_eq!(ids, dedup, "duplicate provider id");
        for p in providers() {
            assert_eq!(p.id, p.id.to_ascii_lowercase());
            assert!(!p.id.contains('_') && !p.id.contains(' '), "{}", p.id);
            // Only schemes that sign inside the body have no header of their own.
            let in_body = p.family.contains("in the body");
            assert_eq!(p.headers.is_empty(), in_body, "{}: headers vs family", p.id);
            for h in p.headers {
                assert_eq!(*h, h.to_ascii_lowercase(), "{}: header {h}", p.id);
            }
            for field in [p.name, p.algorithm, p.secret_form, p.family, p.notes] {
                assert!(!field.is_empty(), "{} has an empty field", p.id);
            }
        }
    }

    #[test]
    fn lookup_by_alias_and_suggestions() {
        assert_eq!(
            provider("Lemon_Squeezy").map(|p| p.id),
            Some("lemonsqueezy")
        );
        assert_eq!(provider("STRIPE").map(|p| p.id), Some("stripe"));
        assert!(provider("nope").is_none());
        assert!(close_ids("strip").contains(&"stripe"));
        assert!(close_ids("githib").contains(&"github"));
    }
}
