//! Family A senders that share a signature header, told apart by detection's context
//! headers or by which configured secret matches: X-Hub-Signature(-256) (GitHub, Meta,
//! Bitbucket, Jira, Intercom), X-Signature (Lemon Squeezy, Segment, Modern Treasury,
//! ClickUp), Webhook-Signature (GoCardless) and Authorization (MS Teams). A data table.

use super::challenge::{self, Challenge};
use super::provider::ProviderInfo;
use super::row::Row;
use super::template::{
    BODY, BODY_FAMILY, Cmp, Enc, HEX256, Hash, Key, Layout, Role, SigSource, Template,
};
use crate::capture::Capture;

/// GitHub's and Meta's scheme: `sha256=` on X-Hub-Signature-256, which decides when
/// present, and the legacy SHA-1 X-Hub-Signature, used only when it is the only one.
const HUB: Template = Template {
    sigs: &[
        SigSource {
            header: "x-hub-signature-256",
            layout: Layout::Whole { prefix: "sha256=" },
            ..HEX256
        },
        SigSource {
            header: "x-hub-signature",
            layout: Layout::Whole { prefix: "sha1=" },
            hash: Hash::Sha1,
            role: Role::Legacy,
            label: "sha1",
            ..HEX256
        },
    ],
    ..BODY
};

/// GitHub: as `HUB`, but @octokit/webhooks 14.2 reads only X-Hub-Signature-256 (its
/// middleware answers 400 without it), so the SHA-1 header alone is retired, not legacy.
const GITHUB_HUB: Template = Template {
    sigs: &[
        SigSource {
            header: "x-hub-signature-256",
            layout: Layout::Whole { prefix: "sha256=" },
            ..HEX256
        },
        SigSource {
            header: "x-hub-signature",
            layout: Layout::Whole { prefix: "sha1=" },
            hash: Hash::Sha1,
            role: Role::Retired,
            label: "sha1",
            ..HEX256
        },
    ],
    ..BODY
};

pub(crate) static GITHUB: Row = Row {
    info: ProviderInfo {
        id: "github",
        vectors: "published",
        name: "GitHub",
        headers: &["x-hub-signature-256", "x-hub-signature"],
        algorithm: "HMAC-SHA256 of the body, hex, `sha256=` prefix (legacy X-Hub-Signature: HMAC-SHA1, `sha1=`)",
        secret_form: "the webhook secret, as text",
        family: BODY_FAMILY,
        notes: "X-Hub-Signature-256 decides. @octokit/webhooks reads only that header (its middleware also requires x-github-event and x-github-delivery), so a request with only the legacy SHA-1 X-Hub-Signature is invalid and the detail says whether the SHA-1 would have matched. No timestamp; several secrets are all tried (octokit's verifyWithFallback). Detected as GitHub over Meta by X-GitHub-Event / X-GitHub-Delivery / a GitHub-Hookshot user agent.",
        sdk: "@octokit/webhooks-methods 6.0.0 src/node/verify.ts: the whole `sha256=<hex>` compared as text (timingSafeEqual over strings; its web build decodes hex); @octokit/webhooks 14.2.0 src/middleware/create-middleware.ts reads only x-hub-signature-256",
    },
    detect: &[],
    template: GITHUB_HUB,
    handshake: None,
};

pub(crate) static META: Row = Row {
    info: ProviderInfo {
        id: "meta",
        vectors: "derived",
        name: "Meta (Facebook, Instagram, WhatsApp, Messenger)",
        headers: &["x-hub-signature-256", "x-hub-signature"],
        algorithm: "HMAC-SHA256 of the body, hex, `sha256=` prefix (legacy X-Hub-Signature: HMAC-SHA1)",
        secret_form: "the app secret, as text",
        family: BODY_FAMILY,
        notes: "Meta signs the body with unicode escaped (\\u00e9) exactly as sent: never re-encode. Same headers as GitHub: told apart by user agent (facebookexternalua / facebookplatform) or by which configured secret matches. The GET hub.challenge verification is unsigned. [K] in the reference; not re-checked.",
        sdk: "no receiving SDK; Meta's official sample (fbsamples/graph-api-webhooks-samples 0f5dda1 heroku/index.js) checks the legacy X-Hub-Signature (sha1) with express-x-hub, while the Graph API webhooks docs name X-Hub-Signature-256 (sha256= hex of the raw body with the app secret): the sha256 header decides, and the sha1 one alone is still accepted as that sample does",
    },
    detect: &[],
    template: HUB,
    handshake: Some(meta_hub_challenge),
};

/// Bitbucket's and Jira's scheme: SHA-256 of the body in GitHub's old `X-Hub-Signature`.
const X_HUB_SHA256: Template = Template {
    sigs: &[SigSource {
        header: "x-hub-signature",
        layout: Layout::Whole { prefix: "sha256=" },
        ..HEX256
    }],
    ..BODY
};

pub(crate) static BITBUCKET: Row = Row {
    info: ProviderInfo {
        id: "bitbucket",
        vectors: "derived",
        name: "Bitbucket Cloud",
        headers: &["x-hub-signature"],
        algorithm: "HMAC-SHA256 of the body, hex, `sha256=` prefix",
        secret_form: "the webhook secret, as text",
        family: BODY_FAMILY,
        notes: "Sent only when a secret is set. Shares X-Hub-Signature with Jira; detected by X-Event-Key / X-Hook-UUID / a Bitbucket-Webhooks user agent, else by which secret matches. [K] in the reference.",
        sdk: "no official receiving helper; Atlassian's docs decide (bitbucket.org/blog/enhanced-webhook-security announcing Cloud secrets, and the Bitbucket Server event-payload page quoted in @coderabbitai/bitbucket's typings: X-Hub-Signature `sha256=<hex>` HMAC-SHA256 of the body, HMACSha256 by default); no timestamp",
    },
    detect: &[],
    template: X_HUB_SHA256,
    handshake: None,
};

pub(crate) static JIRA: Row = Row {
    info: ProviderInfo {
        id: "jira",
        vectors: "derived",
        name: "Jira (admin webhooks with a secret)",
        headers: &["x-hub-signature"],
        algorithm: "HMAC-SHA256 of the body, hex, `sha256=` prefix",
        secret_form: "the webhook secret, as text",
        family: BODY_FAMILY,
        notes: "Connect/Forge apps use `Authorization: JWT` instead (not covered). Shares X-Hub-Signature with Bitbucket; detected by X-Atlassian-Webhook-Identifier [K], else by which secret matches. [K] in the reference.",
        sdk: "no official receiving helper (Atlassian publishes none; jira.js's verifyWebhookSignature is third-party). Atlassian's docs (developer.atlassian.com/cloud/jira/platform/webhooks/, \"secure admin webhooks\", the page n8n and trigger.dev cite) decide: a WebSub-style X-Hub-Signature `sha256=<hex>` HMAC-SHA256 of the raw body keyed by the admin webhook's secret; no timestamp. The excerpts read were those integrations' summaries, not the page itself",
    },
    detect: &[],
    template: X_HUB_SHA256,
    handshake: None,
};

pub(crate) static INTERCOM: Row = Row {
    info: ProviderInfo {
        id: "intercom",
        vectors: "derived",
        name: "Intercom",
        headers: &["x-hub-signature"],
        algorithm: "HMAC-SHA1 of the body, hex, `sha1=` prefix",
        secret_form: "the app's client secret, as text",
        family: BODY_FAMILY,
        notes: "No timestamp. Shares X-Hub-Signature (sha1) with GitHub's and Meta's legacy header; detected by an intercom user agent [K], else by which secret matches. [K] in the reference.",
        sdk: "no verify helper in intercom-node 7.0.3 (read: no signature code); the documented check decides: X-Hub-Signature sha1=<hex HMAC-SHA1 of the body keyed by the app's client secret> compared as text (developers.intercom.com webhooks, signed notifications)",
    },
    detect: &[],
    template: Template {
        sigs: &[SigSource {
            header: "x-hub-signature",
            layout: Layout::Whole { prefix: "sha1=" },
            hash: Hash::Sha1,
            label: "sha1",
            ..HEX256
        }],
        ..BODY
    },
    handshake: None,
};

pub(crate) static LEMONSQUEEZY: Row = Row {
    info: ProviderInfo {
        id: "lemonsqueezy",
        vectors: "derived",
        name: "Lemon Squeezy",
        headers: &["x-signature"],
        algorithm: "HMAC-SHA256 of the body, hex",
        secret_form: "the signing secret, as text",
        family: BODY_FAMILY,
        notes: "No timestamp. Context header X-Event-Name; X-Signature is shared with Segment (64 hex here, 40 there). [K] in the reference.",
        sdk: "no verify helper in the official @lemonsqueezy/lemonsqueezy.js (4.0.0 read: no webhook signature code); Lemon Squeezy's documented check decides: hex HMAC-SHA256 of the raw body in X-Signature, compared with the hex digest (docs.lemonsqueezy.com signing requests)",
    },
    detect: &[],
    template: Template {
        sigs: &[SigSource {
            header: "x-signature",
            ..HEX256
        }],
        ..BODY
    },
    handshake: None,
};

pub(crate) static SEGMENT: Row = Row {
    info: ProviderInfo {
        id: "segment",
        vectors: "derived",
        name: "Segment (Webhooks destination)",
        headers: &["x-signature"],
        algorithm: "HMAC-SHA1 of the body, hex",
        secret_form: "the shared secret, as text",
        family: BODY_FAMILY,
        notes: "Sent only when a shared secret is configured. X-Signature is also Lemon Squeezy's header: a 40-hex value means Segment. [K] in the reference.",
        sdk: "no receiving SDK; Segment's Webhooks (Actions) destination docs (twilio.com/docs/segment/connections/destinations/catalog/actions-webhook) decide: with a shared secret set, X-Signature is the hex HMAC-SHA1 of the request body keyed by it; no timestamp",
    },
    detect: &[],
    template: Template {
        sigs: &[SigSource {
            header: "x-signature",
            hash: Hash::Sha1,
            label: "sha1",
            ..HEX256
        }],
        ..BODY
    },
    handshake: None,
};

pub(crate) static MODERN_TREASURY: Row = Row {
    info: ProviderInfo {
        id: "modern-treasury",
        vectors: "published",
        name: "Modern Treasury",
        headers: &["x-signature"],
        algorithm: "HMAC-SHA256 of the body, hex",
        secret_form: "the webhook key, as text",
        family: BODY_FAMILY,
        notes: "No timestamp. X-Signature is shared with Lemon Squeezy, Segment and ClickUp: the configured secret that matches decides. SDK vectors pass [S].",
        sdk: "modern-treasury-node 4.19.0 src/resources/webhooks.ts validateSignature: hex HMAC-SHA256 of the body compared with === against X-Signature (text, case matters), no timestamp",
    },
    detect: &[],
    template: Template {
        sigs: &[SigSource {
            header: "x-signature",
            ..HEX256
        }],
        ..BODY
    },
    handshake: None,
};

pub(crate) static CLICKUP: Row = Row {
    info: ProviderInfo {
        id: "clickup",
        vectors: "derived",
        name: "ClickUp",
        headers: &["x-signature"],
        algorithm: "HMAC-SHA256 of the body, hex",
        secret_form: "webhook.secret from the create-webhook response, as text",
        family: BODY_FAMILY,
        notes: "No timestamp. X-Signature is shared with Lemon Squeezy, Modern Treasury and Segment: the configured secret that matches decides. [D] in the reference.",
        sdk: "no official SDK: developer.clickup.com/docs/webhooksignature decides: X-Signature is the hex HMAC-SHA256 of the body with the webhook secret (\"always digested in hexadecimal\"), compared with the value computed; no timestamp",
    },
    detect: &[],
    template: Template {
        sigs: &[SigSource {
            header: "x-signature",
            ..HEX256
        }],
        ..BODY
    },
    handshake: None,
};

pub(crate) static GOCARDLESS: Row = Row {
    info: ProviderInfo {
        id: "gocardless",
        vectors: "published",
        name: "GoCardless",
        headers: &["webhook-signature"],
        algorithm: "HMAC-SHA256 of the body, hex",
        secret_form: "the webhook endpoint secret, as text",
        family: BODY_FAMILY,
        notes: "No timestamp. Shares the Webhook-Signature header name with Standard Webhooks; a bare 64-hex value is told apart from a `v1,` list. SDK vector passes [S].",
        sdk: "gocardless-nodejs 8.6.3 src/webhooks.ts verifySignature: HMAC-SHA256 of the body, the Webhook-Signature header hex-decoded (Buffer.from hex) and compared as bytes (timingSafeEqual), so either case matches; no timestamp",
    },
    detect: &[],
    template: Template {
        sigs: &[SigSource {
            header: "webhook-signature",
            // gocardless-nodejs hex-decodes the header and compares bytes.
            cmp: Cmp::Bytes,
            ..HEX256
        }],
        ..BODY
    },
    handshake: None,
};

pub(crate) static MSTEAMS_OUTGOING: Row = Row {
    info: ProviderInfo {
        id: "msteams-outgoing",
        vectors: "derived",
        name: "Microsoft Teams (outgoing webhooks)",
        headers: &["authorization"],
        algorithm: "HMAC-SHA256 of the body, base64, as `Authorization: HMAC <sig>`",
        secret_form: "the security token Teams shows (base64; decoded to get the key)",
        family: BODY_FAMILY,
        notes: "From Microsoft's official sample. Detected by an Authorization header starting `HMAC `.",
        sdk: "no SDK helper (Bot Framework SDKs do not verify outgoing webhooks); Microsoft's official sample OfficeDev/msteams-samples-outgoing-webhook-nodejs (51eab0a) app.js decides: key = the security token base64-decoded, `HMAC ` + base64 HMAC-SHA256 of the raw body compared with the whole Authorization header by === (text), no timestamp",
    },
    detect: &[],
    template: Template {
        sigs: &[SigSource {
            header: "authorization",
            layout: Layout::Whole { prefix: "HMAC " },
            enc: Enc::Base64,
            ..HEX256
        }],
        key: Key::Base64,
        ..BODY
    },
    handshake: None,
};

/// Meta's unsigned `GET ?hub.mode=subscribe&hub.challenge=…` verification: echo the challenge.
fn meta_hub_challenge(c: &Capture, _: &[String]) -> Option<Challenge> {
    if challenge::get_param(c, "hub.mode").as_deref() != Some("subscribe") {
        return None;
    }
    let ch = challenge::get_param(c, "hub.challenge")?;
    Some(Challenge::Answer(challenge::text("meta hub.challenge", ch)))
}
