//! Registry rows, families B–E, added with the second reference file: HMACs over the body
//! and a timestamp (Buildkite's pairs are in `more_code`), Recurly's positional list, Orb's
//! ISO `v1:`, Brex and Polar on Standard Webhooks headers, Zendesk's `{ts}{body}`.

use super::registry::{
    Enc, Key, Layout, Part, Provider, ProviderInfo, Scheme, SigSource, Stamp, Template, TsSrc,
};
use super::table_stamped::{DOT, STRIPE_SIG, V0_MSG};
use super::table_std::STD;
use super::window::{Unit, Window};

/// Buildkite's signature mode: `timestamp=…,signature=<hex>` over `{ts}.{body}`. The
/// docs tell receivers to keep a short window and suggest 5 minutes, so 300 s past-only.
pub(crate) const BUILDKITE: Template = Template {
    sigs: &[SigSource {
        header: "x-buildkite-signature",
        layout: Layout::Kv {
            seps: ",",
            group: None,
            ts_key: "timestamp",
            sig_key: "signature",
            sign_sep: ",",
        },
        label: "signature",
        ..STRIPE_SIG
    }],
    ..DOT
};

pub(crate) static ROWS: [Provider; 8] = [
    Provider {
        info: ProviderInfo {
            id: "tiktok",
            vectors: "derived",
            name: "TikTok for Developers",
            headers: &["tiktok-signature"],
            algorithm: "HMAC-SHA256 over `{t}.{body}`, hex, in `t=…,s=…`",
            secret_form: "the app client secret, as text",
            family: "B: stripe-style t=,v1=",
            notes: "The docs say to reject old timestamps but set no value; hookcli uses 300 s, past only. TikTok Shop webhooks are a different scheme (not covered). [D] in the reference.",
        },
        scheme: Scheme::Hmac(Template {
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
        }),
    },
    Provider {
        info: ProviderInfo {
            id: "recurly",
            vectors: "derived",
            name: "Recurly",
            headers: &["recurly-signature"],
            algorithm: "HMAC-SHA256 over `{ms}.{body}`, hex, in `<unix ms>,<sig>[,<sig>…]`",
            secret_form: "the endpoint secret, as text",
            family: "B: stripe-style t=,v1=",
            notes: "recurly-client-go: DEFAULT_WEBHOOK_TOLERANCE 5 min, past only (time.Since(ts) > tolerance); one signature per active secret. Only JSON webhooks are signed. [S] in the reference.",
        },
        scheme: Scheme::Hmac(Template {
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
        }),
    },
    Provider {
        info: ProviderInfo {
            id: "lob",
            vectors: "derived",
            name: "Lob",
            headers: &["lob-signature", "lob-signature-timestamp"],
            algorithm: "HMAC-SHA256 over `{timestamp}.{body}`, hex",
            secret_form: "the webhook secret, as text",
            family: "B: stripe-style t=,v1=",
            notes: "The docs suggest a 5-minute window; hookcli applies 300 s, past only. [K] in the reference.",
        },
        scheme: Scheme::Hmac(Template {
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
        }),
    },
    Provider {
        info: ProviderInfo {
            id: "orb",
            vectors: "published",
            name: "Orb",
            headers: &["x-orb-signature", "x-orb-timestamp"],
            algorithm: "HMAC-SHA256 over `v1:{timestamp}:{body}`, hex, space-separated `v1=<sig>` list",
            secret_form: "the webhook secret, as text",
            family: "C: versioned colon string",
            notes: "orb-python: ISO timestamp without offset read as UTC, ±300 s with too-old and too-new told apart; entries other than v1= ignored. [S] vectors pass.",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "x-orb-signature",
                layout: Layout::List {
                    seps: " ",
                    prefix: "v1=",
                },
                label: "v1",
                ..STRIPE_SIG
            }],
            msg: &[Part::Lit("v1:"), Part::Ts, Part::Lit(":"), Part::Body],
            ts: Some(Stamp {
                src: TsSrc::Header(&["x-orb-timestamp"]),
                unit: Unit::IsoUtc,
                window: Window::sym(300),
                min_ms: 0,
                name: "timestamp",
            }),
            ..DOT
        }),
    },
    Provider {
        info: ProviderInfo {
            id: "customer-io",
            vectors: "derived",
            name: "Customer.io (reporting webhooks)",
            headers: &["x-cio-signature", "x-cio-timestamp"],
            algorithm: "HMAC-SHA256 over `v0:{timestamp}:{body}`, hex",
            secret_form: "the reporting webhook signing key, as text",
            family: "C: versioned colon string",
            notes: "Reporting webhooks only (campaign webhooks use an internal key). No SDK window: the age is reported. [T] in the reference.",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "x-cio-signature",
                layout: Layout::Whole { prefix: "" },
                label: "v0",
                ..STRIPE_SIG
            }],
            msg: V0_MSG,
            ts: Some(Stamp {
                src: TsSrc::Header(&["x-cio-timestamp"]),
                unit: Unit::Secs,
                window: Window::NONE,
                min_ms: 0,
                name: "timestamp",
            }),
            ..DOT
        }),
    },
    Provider {
        info: ProviderInfo {
            id: "zendesk",
            vectors: "derived",
            name: "Zendesk",
            headers: &[
                "x-zendesk-webhook-signature",
                "x-zendesk-webhook-signature-timestamp",
            ],
            algorithm: "HMAC-SHA256 over `{timestamp}{body}` (no separator), base64",
            secret_form: "the signing secret, as text (it looks like base64 but is not decoded)",
            family: "E: other concatenation",
            notes: "No documented window: the age is reported. Test sends before a webhook exists use the fixed secret dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ== [K]. [D] algorithm.",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "x-zendesk-webhook-signature",
                layout: Layout::Whole { prefix: "" },
                enc: Enc::Base64,
                label: "sha256",
                ..STRIPE_SIG
            }],
            msg: &[Part::Ts, Part::Body],
            ts: Some(Stamp {
                src: TsSrc::Header(&["x-zendesk-webhook-signature-timestamp"]),
                unit: Unit::Rfc3339,
                window: Window::NONE,
                min_ms: 0,
                name: "timestamp",
            }),
            ..DOT
        }),
    },
    Provider {
        info: ProviderInfo {
            id: "brex",
            vectors: "derived",
            name: "Brex",
            headers: &["webhook-id", "webhook-timestamp", "webhook-signature"],
            algorithm: "HMAC-SHA256 over `{id}.{timestamp}.{body}`, base64, space-separated `v1,<sig>` list",
            secret_form: "the secret from GET /v1/webhooks/secrets (base64; decoded to get the key); add the PENDING_REVOKE one too while rotating",
            family: "D: Standard Webhooks",
            notes: "Svix-style headers; Brex documents no window, so the Standard Webhooks ±300 s applies. [D] rotation, [T] algorithm.",
        },
        scheme: Scheme::Hmac(Template {
            key: Key::Base64,
            ..STD
        }),
    },
    Provider {
        info: ProviderInfo {
            id: "polar",
            vectors: "derived",
            name: "Polar",
            headers: &["webhook-id", "webhook-timestamp", "webhook-signature"],
            algorithm: "HMAC-SHA256 over `{id}.{timestamp}.{body}`, base64, `v1,<sig>` list, keyed by the raw secret",
            secret_form: "the webhook secret (polar_whs_…), as text: NOT base64-decoded",
            family: "D: Standard Webhooks",
            notes: "polar-python base64-encodes the secret before handing it to standardwebhooks, which decodes it again, so the key is the raw string [S]. ±300 s.",
        },
        scheme: Scheme::Hmac(Template {
            key: Key::Text,
            ..STD
        }),
    },
];
