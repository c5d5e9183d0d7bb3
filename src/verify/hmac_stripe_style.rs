//! Family B, Stripe style: an HMAC over `{t}.{body}`, the timestamp and signatures as
//! `t=…,v1=…` pairs (Stripe and its imitators) or in their own header or list (Lob,
//! Recurly's positional `<ms>,<sig>`). A data table. (Buildkite's pairs are in
//! `shared_token`.)

use super::provider::ProviderInfo;
use super::row::Row;
use super::template::{DOT, Enc, KV_SECS, Layout, STRIPE_SIG, SigSource, Stamp, Template, TsSrc};
use super::window::{Unit, Window};

pub(crate) static STRIPE: Row = Row {
    info: ProviderInfo {
        id: "stripe",
        vectors: "published+derived",
        name: "Stripe",
        headers: &["stripe-signature"],
        algorithm: "HMAC-SHA256 over `{t}.{body}`, hex, in `t=…,v1=…[,v1=…]`",
        secret_form: "the endpoint secret `whsec_…`, used as text (not base64-decoded)",
        family: "B: stripe-style t=,v1=",
        notes: "SDK tolerance 300 s, past only (stripe-python rejects t < now − 300; future timestamps pass and are noted). Every v1 is tried (Stripe signs with old and new secret while rolling); v0 (test-mode legacy) is ignored.",
        sdk: "stripe-node 22.5.0 src/Webhooks.ts (verifyHeader): v1 hex compared as text (secureCompare), t 300 s past-only",
    },
    detect: &["stripe-signature"],
    template: Template {
        sigs: &[SigSource {
            header: "stripe-signature",
            ..STRIPE_SIG
        }],
        ..DOT
    },
    handshake: None,
};

pub(crate) static MUX: Row = Row {
    info: ProviderInfo {
        id: "mux",
        vectors: "published",
        name: "Mux",
        headers: &["mux-signature"],
        algorithm: "HMAC-SHA256 over `{t}.{body}`, hex, in `t=…,v1=…`",
        secret_form: "the signing secret, as text",
        family: "B: stripe-style t=,v1=",
        notes: "SDK tolerance 300 s, past only; unknown versions ignored. Published mux-node vectors pass.",
        sdk: "@mux/mux-node 14.0.1 src/resources/webhooks/webhooks.ts verifySignature: t/v1 pairs, v1 hex compared as text, 300 s past only",
    },
    detect: &["mux-signature"],
    template: Template {
        sigs: &[SigSource {
            header: "mux-signature",
            ..STRIPE_SIG
        }],
        ..DOT
    },
    handshake: None,
};

pub(crate) static CALENDLY: Row = Row {
    info: ProviderInfo {
        id: "calendly",
        vectors: "derived",
        name: "Calendly",
        headers: &["calendly-webhook-signature"],
        algorithm: "HMAC-SHA256 over `{t}.{body}`, hex, in `t=…,v1=…`",
        secret_form: "the webhook signing key, as text",
        family: "B: stripe-style t=,v1=",
        notes: "No SDK; the docs' example rejects timestamps older than 3 minutes (past only), which hookcli follows.",
        sdk: "no official SDK; Calendly's documented check decides (developer.calendly.com webhook-signatures): Calendly-Webhook-Signature t=<unix>,v1=<hex HMAC-SHA256 of `{t}.{body}`>, stale after 3 minutes (past only)",
    },
    detect: &["calendly-webhook-signature"],
    template: Template {
        sigs: &[SigSource {
            header: "calendly-webhook-signature",
            ..STRIPE_SIG
        }],
        ts: Some(Stamp {
            window: Window::past(180),
            ..KV_SECS
        }),
        ..DOT
    },
    handshake: None,
};

pub(crate) static PERSONA: Row = Row {
    info: ProviderInfo {
        id: "persona",
        vectors: "derived",
        name: "Persona",
        headers: &["persona-signature"],
        algorithm: "HMAC-SHA256 over `{t}.{body}`, hex; rotation sends space-separated `t=…,v1=…` groups",
        secret_form: "the webhook secret `wbhsec_…`, as text",
        family: "B: stripe-style t=,v1=",
        notes: "Persona has no official server SDK and its docs' sample checks no timestamp, so hookcli reports the age but does not expire. Format as in docs.withpersona.com webhooks-best-practices.",
        sdk: "no official server SDK; Persona's docs decide (docs.withpersona.com/docs/webhooks-best-practices, \"Checking signatures\"): Persona-Signature `t=<unix>,v1=<hex>` with v1 = HMAC-SHA256 of `{t}.{body}` keyed by the webhook secret, compared with == / compare_digest (text); while rotating, two space-separated `t=,v1=` sets; the sample checks no timestamp, so hookcli reports the age but does not expire",
    },
    detect: &["persona-signature"],
    template: Template {
        sigs: &[SigSource {
            header: "persona-signature",
            layout: Layout::Kv {
                seps: ",",
                group: Some(' '),
                ts_key: "t",
                sig_key: "v1",
                sign_sep: ",",
            },
            ..STRIPE_SIG
        }],
        ts: Some(Stamp {
            window: Window::NONE,
            ..KV_SECS
        }),
        ..DOT
    },
    handshake: None,
};

pub(crate) static WORKOS: Row = Row {
    info: ProviderInfo {
        id: "workos",
        vectors: "published",
        name: "WorkOS",
        headers: &["workos-signature"],
        algorithm: "HMAC-SHA256 over `{t}.{body}`, hex, in `t=<ms>, v1=…`",
        secret_form: "the webhook secret, as text",
        family: "B: stripe-style t=,v1=",
        notes: "t is in milliseconds. Checked in workos-node's signature-provider.ts: tolerance 180000 ms, past only (`t < Date.now() - tolerance`); the reference's table said symmetric.",
        sdk: "workos-node 10.9.0 src/common/crypto/signature-provider.ts verifyHeader: `t=<ms>,v1=<hex>` read by position, past-only 180 s (tolerance 180000 ms), hex compared as text (secureCompare)",
    },
    detect: &["workos-signature"],
    template: Template {
        sigs: &[SigSource {
            header: "workos-signature",
            layout: Layout::Kv {
                seps: ",",
                group: None,
                ts_key: "t",
                sig_key: "v1",
                sign_sep: ", ",
            },
            ..STRIPE_SIG
        }],
        ts: Some(Stamp {
            unit: Unit::Millis,
            window: Window::past(180),
            ..KV_SECS
        }),
        ..DOT
    },
    handshake: None,
};

pub(crate) static SANITY: Row = Row {
    info: ProviderInfo {
        id: "sanity",
        vectors: "published",
        name: "Sanity (GROQ webhooks)",
        headers: &["sanity-webhook-signature"],
        algorithm: "HMAC-SHA256 over `{t}.{body}`, base64url without padding, in `t=<ms>,v1=…`",
        secret_form: "the webhook secret, as text",
        family: "B: stripe-style t=,v1=",
        notes: "t in milliseconds; the toolkit has no freshness window but refuses t before 2021-01-01 (a seconds value), reported as malformed.",
        sdk: "@sanity/webhook 4.0.4 src/signature.ts assertValidSignature: the header must equal `t=<ms>,v1=<base64url unpadded>` as text (rebuilt and compared with !==), t >= 2021-01-01 in ms, no freshness window",
    },
    detect: &["sanity-webhook-signature"],
    template: Template {
        sigs: &[SigSource {
            header: "sanity-webhook-signature",
            layout: Layout::Kv {
                seps: ", ",
                group: None,
                ts_key: "t",
                sig_key: "v1",
                sign_sep: ",",
            },
            enc: Enc::Base64Url,
            ..STRIPE_SIG
        }],
        ts: Some(Stamp {
            unit: Unit::Millis,
            window: Window::NONE,
            min_ms: 1_609_459_200_000,
            ..KV_SECS
        }),
        ..DOT
    },
    handshake: None,
};

pub(crate) static TIKTOK: Row = Row {
    info: ProviderInfo {
        id: "tiktok",
        vectors: "derived",
        name: "TikTok for Developers",
        headers: &["tiktok-signature"],
        algorithm: "HMAC-SHA256 over `{t}.{body}`, hex, in `t=…,s=…`",
        secret_form: "the app client secret, as text",
        family: "B: stripe-style t=,v1=",
        notes: "The docs say to reject old timestamps but set no value; hookcli uses 300 s, past only. TikTok Shop webhooks are a different scheme (not covered). [D] in the reference.",
        sdk: "no official SDK: TikTok's documented check decides (developers.tiktok.com/doc/webhooks-verification): TikTok-Signature t=<unix>,s=<hex HMAC-SHA256 of `{t}.{body}`>; the docs say to reject a too-old timestamp without a value, so hookcli takes 5 minutes, past only",
    },
    detect: &["tiktok-signature"],
    template: Template {
        sigs: &[SigSource {
            header: "tiktok-signature",
            layout: Layout::Kv {
                seps: ",",
                group: None,
                ts_key: "t",
                sig_key: "s",
                sign_sep: ",",
            },
            label: "s",
            ..STRIPE_SIG
        }],
        ..DOT
    },
    handshake: None,
};

pub(crate) static RECURLY: Row = Row {
    info: ProviderInfo {
        id: "recurly",
        vectors: "derived",
        name: "Recurly",
        headers: &["recurly-signature"],
        algorithm: "HMAC-SHA256 over `{ms}.{body}`, hex, in `<unix ms>,<sig>[,<sig>…]`",
        secret_form: "the endpoint secret, as text",
        family: "B: stripe-style t=,v1=",
        notes: "recurly-client-go: DEFAULT_WEBHOOK_TOLERANCE 5 min, past only (time.Since(ts) > tolerance); one signature per active secret. Only JSON webhooks are signed. [S] in the reference.",
        sdk: "recurly-client-go (per the reference: DEFAULT_WEBHOOK_TOLERANCE 5 min, past only); recurly-client-node 4.48.0 has no webhook verifier (read: no signature code in lib/)",
    },
    detect: &["recurly-signature"],
    template: Template {
        sigs: &[SigSource {
            header: "recurly-signature",
            layout: Layout::Positional { sep: ',' },
            label: "sig",
            ..STRIPE_SIG
        }],
        ts: Some(Stamp {
            src: TsSrc::Kv,
            unit: Unit::Millis,
            window: Window::past(300),
            min_ms: 0,
            name: "timestamp",
        }),
        ..DOT
    },
    handshake: None,
};

pub(crate) static LOB: Row = Row {
    info: ProviderInfo {
        id: "lob",
        vectors: "derived",
        name: "Lob",
        headers: &["lob-signature", "lob-signature-timestamp"],
        algorithm: "HMAC-SHA256 over `{timestamp}.{body}`, hex",
        secret_form: "the webhook secret, as text",
        family: "B: stripe-style t=,v1=",
        notes: "The docs suggest a 5-minute window; hookcli applies 300 s, past only. [K] in the reference.",
        sdk: "no verify helper: lob-node 6.6.4 (and its examples) has none, so the documented check decides (Lob webhooks docs: HMAC-SHA256 hex over `{Lob-Signature-Timestamp}.{body}`; they suggest rejecting events older than 5 minutes)",
    },
    detect: &["lob-signature"],
    template: Template {
        sigs: &[SigSource {
            header: "lob-signature",
            layout: Layout::Whole { prefix: "" },
            label: "sha256",
            ..STRIPE_SIG
        }],
        ts: Some(Stamp {
            src: TsSrc::Header(&["lob-signature-timestamp"]),
            unit: Unit::Secs,
            window: Window::past(300),
            min_ms: 0,
            name: "timestamp",
        }),
        ..DOT
    },
    handshake: None,
};
