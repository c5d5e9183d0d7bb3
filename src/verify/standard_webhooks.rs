//! Family D: Standard Webhooks (`webhook-id`/`-timestamp`/`-signature`, `v1,<b64>` over
//! `{id}.{ts}.{body}`) and the senders built on it: Svix and the services it delivers for,
//! Replicate, OpenAI, Brex and Polar, which differ only in header names and key encoding.
//! A data table; the base template `STD` is in `template` (GitLab's signing mode uses it).

use super::provider::ProviderInfo;
use super::row::Row;
use super::template::{Cmp, Key, Layout, Role, STD, STD_SIG, SigSource, Stamp, Template, TsSrc};
use super::window::Unit;
use super::window::Window;

/// Svix's own header names, with the `webhook-*` names accepted as a fallback like its SDK.
const SVIX_HEADERS: Template = Template {
    sigs: &[
        SigSource {
            header: "svix-signature",
            ..STD_SIG
        },
        SigSource {
            role: Role::Alternate,
            ..STD_SIG
        },
    ],
    ts: Some(Stamp {
        src: TsSrc::Header(&["svix-timestamp", "webhook-timestamp"]),
        unit: Unit::Secs,
        window: Window::sym(300),
        min_ms: 0,
        name: "timestamp",
    }),
    id_headers: &["svix-id", "webhook-id"],
    ..STD
};

const STD_INFO: ProviderInfo = ProviderInfo {
    id: "",
    vectors: "none",
    name: "",
    headers: &["webhook-id", "webhook-timestamp", "webhook-signature"],
    algorithm: "HMAC-SHA256 over `{id}.{timestamp}.{body}`, base64, space-separated `v1,<sig>` list",
    secret_form: "`whsec_` + base64 (the part after whsec_ is base64-decoded to get the key)",
    family: "D: Standard Webhooks",
    notes: "",
    sdk: "",
};
const SVIX_INFO: ProviderInfo = ProviderInfo {
    headers: &["svix-id", "svix-timestamp", "svix-signature"],
    ..STD_INFO
};

pub(crate) static STANDARD_WEBHOOKS: Row = Row {
    info: ProviderInfo {
        id: "standard-webhooks",
        sdk: "standardwebhooks (JS) 1.0.1 libraries/javascript/src/index.ts: ±300 s, space-separated v1 entries, base64 compared as text",
        vectors: "published",
        name: "Standard Webhooks",
        algorithm: "HMAC-SHA256 over `{id}.{timestamp}.{body}`, base64, `v1,<sig>` list; or Ed25519 `v1a,<sig>`",
        secret_form: "`whsec_` + base64 (symmetric; decoded to get the key); for v1a: verify with `whpk_` + base64 public key, sign with `whsk_` + base64 32-byte seed",
        notes: "Reference libraries reject |now − timestamp| > 300 s (symmetric). Unknown versions are skipped; a malformed entry is a non-match, not an error.",
        ..STD_INFO
    },
    detect: &[],
    template: Template {
        ed25519: Some("v1a"),
        ..STD
    },
    handshake: None,
};

pub(crate) static SVIX: Row = Row {
    info: ProviderInfo {
        id: "svix",
        sdk: "svix (JS) 2.0.0 javascript/src/webhook.ts → standardwebhooks 1.0.1: svix-* headers first, else webhook-*; ±300 s; v1 base64 compared as text",
        vectors: "published",
        name: "Svix",
        notes: "The svix libraries accept webhook-* headers as a fallback and reject |now − timestamp| > 300 s (too old and too new separately).",
        ..SVIX_INFO
    },
    detect: &["svix-signature"],
    template: SVIX_HEADERS,
    handshake: None,
};

pub(crate) static CLERK: Row = Row {
    info: ProviderInfo {
        id: "clerk",
        sdk: "@clerk/backend verifyWebhook → svix Webhook.verify (clerk/javascript changeset introducing verifyWebhook; svix read as for svix): ±300 s, v1 base64 text",
        vectors: "none",
        name: "Clerk (delivered by Svix)",
        notes: "Svix scheme; Clerk's verifyWebhook reads CLERK_WEBHOOK_SIGNING_SECRET [K]. svix-* headers are detected as svix: configure the secret as clerk and hookcli picks clerk by the matching secret.",
        ..SVIX_INFO
    },
    detect: &["svix-signature"],
    template: SVIX_HEADERS,
    handshake: None,
};

pub(crate) static RESEND: Row = Row {
    info: ProviderInfo {
        id: "resend",
        sdk: "resend-node 6.22.0 src/webhooks/webhooks.ts verify → standardwebhooks Webhook.verify (the svix-* values passed as webhook-*): ±300 s, base64 compared as text",
        vectors: "none",
        name: "Resend (delivered by Svix)",
        notes: "Svix scheme [K]. svix-* headers are detected as svix: configure the secret as resend and hookcli picks resend by the matching secret.",
        ..SVIX_INFO
    },
    detect: &["svix-signature"],
    template: SVIX_HEADERS,
    handshake: None,
};

pub(crate) static REPLICATE: Row = Row {
    info: ProviderInfo {
        id: "replicate",
        sdk: "replicate-javascript 1.4.0 lib/util.js validateWebhook: HMAC-SHA256 over `{id}.{timestamp}.{body}`, key = base64 after the last `_`, each space-separated entry's part after the comma compared with === (base64 text); no timestamp check at all (replicate-python 1.0.7 webhook.py validate: tolerance defaults to None, no check). The verdict follows them: any timestamp is valid, and the detail says when it is outside Standard Webhooks' ±300 s",
        vectors: "published",
        name: "Replicate",
        notes: "Standard Webhooks signing; the secret comes from GET /v1/webhooks/default/secret. Published vector (shared with Standard Webhooks) passes. Told apart from standard-webhooks by which configured secret matches. Neither official client checks the timestamp by default, so neither does the verdict; the detail says when the timestamp is outside Standard Webhooks' ±300 s.",
        ..STD_INFO
    },
    detect: &[],
    template: Template {
        ts: Some(Stamp {
            src: TsSrc::Header(&["webhook-timestamp"]),
            unit: Unit::Secs,
            window: Window::NONE,
            min_ms: 0,
            name: "timestamp",
        }),
        ..STD
    },
    handshake: None,
};

pub(crate) static OPENAI: Row = Row {
    info: ProviderInfo {
        id: "openai",
        sdk: "openai-node 7.5.0 src/lib/webhook-signature.ts verifyWebhookSignature: ±300 s, entries split on spaces with an optional `v1,` prefix, base64 decoded and checked by crypto.subtle.verify (bytes); a secret without whsec_ is used as text",
        vectors: "none",
        name: "OpenAI",
        secret_form: "`whsec_` + base64 (the SDK uses any other secret as text)",
        notes: "Standard Webhooks headers, ±300 s. Like openai-node, an entry without a version prefix counts as v1, signatures are compared as decoded bytes, and a secret without whsec_ is the key as text. Told apart from standard-webhooks by which configured secret matches.",
        ..STD_INFO
    },
    detect: &[],
    template: Template {
        sigs: &[SigSource {
            layout: Layout::Versioned {
                version: "v1",
                bare: true,
            },
            cmp: Cmp::Bytes,
            ..STD_SIG
        }],
        key: Key::WhsecOrText,
        ..STD
    },
    handshake: None,
};

pub(crate) static BREX: Row = Row {
    info: ProviderInfo {
        id: "brex",
        vectors: "derived",
        name: "Brex",
        headers: &["webhook-id", "webhook-timestamp", "webhook-signature"],
        algorithm: "HMAC-SHA256 over `{id}.{timestamp}.{body}`, base64, space-separated `v1,<sig>` list",
        secret_form: "the secret from GET /v1/webhooks/secrets (base64; decoded to get the key); add the PENDING_REVOKE one too while rotating",
        family: "D: Standard Webhooks",
        notes: "Svix-style headers; Brex documents no window, so the Standard Webhooks ±300 s applies. [D] rotation, [T] algorithm.",
        sdk: "no official verify helper; Brex's docs decide (developer.brex.com/docs/webhooks: verify the Svix-style webhook-id/-timestamp/-signature headers with the secrets from GET /v1/webhooks/secrets; after a rotation that endpoint returns the ACTIVE and the PENDING_REVOKE secret, the Webhook-Signature header carries two signatures, and a match with either is valid). The part read states no window, so the Standard Webhooks ±300 s applies",
    },
    detect: &[],
    template: Template {
        key: Key::Base64,
        ..STD
    },
    handshake: None,
};

pub(crate) static POLAR: Row = Row {
    info: ProviderInfo {
        id: "polar",
        vectors: "derived",
        name: "Polar",
        headers: &["webhook-id", "webhook-timestamp", "webhook-signature"],
        algorithm: "HMAC-SHA256 over `{id}.{timestamp}.{body}`, base64, `v1,<sig>` list, keyed by the raw secret",
        secret_form: "the webhook secret (polar_whs_…), as text: NOT base64-decoded",
        family: "D: Standard Webhooks",
        notes: "polar-python base64-encodes the secret before handing it to standardwebhooks, which decodes it again, so the key is the raw string [S]. ±300 s.",
        sdk: "polar-python (polar_sdk) 0.32.0 src/polar_sdk/_webhooks/__init__.py validate_event: base64-encodes the secret text and hands it to standardwebhooks Webhook.verify (so the key is the raw string), ±300 s; an unknown event type raises after the signature passed",
    },
    detect: &[],
    template: Template {
        key: Key::Text,
        ..STD
    },
    handshake: None,
};
