//! The data a table row is made of: one HMAC scheme described as where its signatures are,
//! what bytes they cover and how fresh they must be, plus the shared bases rows start from
//! (`..BODY`, `..DOT`, `..STD`) so each row states only how it differs.
//!
//! Pure data: `hmac` runs it, the table files (`hmac_*.rs`, `standard_webhooks.rs`) fill it.

use super::window::{Unit, Window};

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
    /// How the deciding SDK compares the signature with the one it computes.
    pub cmp: Cmp,
    /// The SDK keeps only the last signature of a `Kv` header (paddle-node-sdk overwrites
    /// `h1` as it reads the pairs), so an earlier one never matches.
    pub only_last: bool,
}

/// How an SDK compares signatures. It matters for hex: an SDK comparing text rejects the
/// same MAC written in upper case; one decoding to bytes first accepts either case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cmp {
    /// The received text against the text the SDK writes (stripe-node `secureCompare`,
    /// octokit `timingSafeEqual` over strings, Slack `tsscmp`, standardwebhooks over the
    /// base64 strings, Linear, Mailgun, …): hex in another case, or base64 that is not the
    /// canonical padded form, does not match.
    Text,
    /// Both decoded to bytes first (box-typescript-sdk-gen `compareSignatures` decodes
    /// base64; discord-interactions decodes hex).
    Bytes,
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
    /// A header the provider still sends but its SDK no longer checks (Square's SHA-1
    /// `x-square-signature`): alone, the request is `invalid`, and the detail says whether
    /// the retired signature would have matched.
    Retired,
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
    /// Space-separated `version,signature` entries (Standard Webhooks); with `bare`, an
    /// entry without a comma is a signature of `version` too (openai-node strips `v1,`
    /// when present and tries every entry).
    Versioned { version: &'static str, bare: bool },
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
    /// `whsec_` + base64 as `Whsec`; any other secret is used as text (openai-node).
    WhsecOrText,
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
    /// A top-level field of the JSON body if present, else a header; neither means
    /// unchecked, and a body that is not JSON is `invalid` (@linear/sdk parses the body
    /// first and prefers the signed `webhookTimestamp` over the unsigned header).
    BodyOrHeader(&'static str, &'static str),
}

// ---- Shared bases ----

/// The commonest source: the whole header is a hex HMAC-SHA256. Rows override fields.
pub(crate) const HEX256: SigSource = SigSource {
    header: "",
    layout: Layout::Whole { prefix: "" },
    hash: Hash::Sha256,
    enc: Enc::Hex,
    role: Role::Current,
    label: "sha256",
    cmp: Cmp::Text,
    only_last: false,
};

/// The commonest template: the body is the whole message, the secret is used as text.
pub(crate) const BODY: Template = Template {
    sigs: &[],
    key: Key::Text,
    msg: &[Part::Body],
    ts: None,
    id_headers: &[],
    ed25519: None,
    require: &[],
};

pub(crate) const BODY_FAMILY: &str = "A: HMAC over the body";

/// `t=…,v1=<hex>` over `{t}.{body}` (Stripe and its imitators). Rows override fields.
pub(crate) const STRIPE_SIG: SigSource = SigSource {
    header: "",
    layout: Layout::Kv {
        seps: ",",
        group: None,
        ts_key: "t",
        sig_key: "v1",
        sign_sep: ",",
    },
    hash: Hash::Sha256,
    enc: Enc::Hex,
    role: Role::Current,
    label: "v1",
    cmp: Cmp::Text,
    only_last: false,
};
pub(crate) const KV_SECS: Stamp = Stamp {
    src: TsSrc::Kv,
    unit: Unit::Secs,
    window: Window::past(300),
    min_ms: 0,
    name: "t",
};
pub(crate) const DOT: Template = Template {
    sigs: &[],
    key: Key::Text,
    msg: &[Part::Ts, Part::Lit("."), Part::Body],
    ts: Some(KV_SECS),
    id_headers: &[],
    ed25519: None,
    require: &[],
};

/// `v0=<hex>` over `v0:{ts}:{body}` with the timestamp in its own header (Slack style).
pub(crate) const V0: SigSource = SigSource {
    header: "",
    layout: Layout::Whole { prefix: "v0=" },
    hash: Hash::Sha256,
    enc: Enc::Hex,
    role: Role::Current,
    label: "v0",
    cmp: Cmp::Text,
    only_last: false,
};
pub(crate) const V0_MSG: &[Part] = &[Part::Lit("v0:"), Part::Ts, Part::Lit(":"), Part::Body];

/// Standard Webhooks: `v1,<b64>` list over `{id}.{ts}.{body}`, whsec_ key, ±5 min.
pub(crate) const STD_MSG: &[Part] = &[
    Part::Id,
    Part::Lit("."),
    Part::Ts,
    Part::Lit("."),
    Part::Body,
];
pub(crate) const STD_SIG: SigSource = SigSource {
    header: "webhook-signature",
    layout: Layout::Versioned {
        version: "v1",
        bare: false,
    },
    hash: Hash::Sha256,
    enc: Enc::Base64,
    role: Role::Current,
    label: "v1",
    cmp: Cmp::Text,
    only_last: false,
};
pub(crate) const STD: Template = Template {
    sigs: &[STD_SIG],
    key: Key::Whsec,
    msg: STD_MSG,
    ts: Some(Stamp {
        src: TsSrc::Header(&["webhook-timestamp"]),
        unit: Unit::Secs,
        window: Window::sym(300),
        min_ms: 0,
        name: "timestamp",
    }),
    id_headers: &["webhook-id"],
    ed25519: None,
    require: &[],
};
