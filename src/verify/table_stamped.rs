//! Registry rows, families B and C: HMACs over the body and a timestamp (`t=…,v1=…`,
//! `v0:{ts}:{body}` and Paddle's `ts=;h1=`).

use super::registry::{
    Enc, Hash, Key, Layout, Part, Provider, ProviderInfo, Role, Scheme, SigSource, Stamp, Template,
    TsSrc,
};
use super::window::{Unit, Window};

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
};
pub(crate) const V0_MSG: &[Part] = &[Part::Lit("v0:"), Part::Ts, Part::Lit(":"), Part::Body];

pub(crate) static ROWS: [Provider; 10] = [
    Provider {
        info: ProviderInfo {
            id: "stripe",
            vectors: "published+derived",
            name: "Stripe",
            headers: &["stripe-signature"],
            algorithm: "HMAC-SHA256 over `{t}.{body}`, hex, in `t=…,v1=…[,v1=…]`",
            secret_form: "the endpoint secret `whsec_…`, used as text (not base64-decoded)",
            family: "B: stripe-style t=,v1=",
            notes: "SDK tolerance 300 s, past only (stripe-python rejects t < now − 300; future timestamps pass and are noted). Every v1 is tried (Stripe signs with old and new secret while rolling); v0 (test-mode legacy) is ignored.",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "stripe-signature",
                ..STRIPE_SIG
            }],
            ..DOT
        }),
    },
    Provider {
        info: ProviderInfo {
            id: "mux",
            vectors: "published",
            name: "Mux",
            headers: &["mux-signature"],
            algorithm: "HMAC-SHA256 over `{t}.{body}`, hex, in `t=…,v1=…`",
            secret_form: "the signing secret, as text",
            family: "B: stripe-style t=,v1=",
            notes: "SDK tolerance 300 s, past only; unknown versions ignored. Published mux-node vectors pass.",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "mux-signature",
                ..STRIPE_SIG
            }],
            ..DOT
        }),
    },
    Provider {
        info: ProviderInfo {
            id: "calendly",
            vectors: "derived",
            name: "Calendly",
            headers: &["calendly-webhook-signature"],
            algorithm: "HMAC-SHA256 over `{t}.{body}`, hex, in `t=…,v1=…`",
            secret_form: "the webhook signing key, as text",
            family: "B: stripe-style t=,v1=",
            notes: "No SDK; the docs' example rejects timestamps older than 3 minutes (past only), which hookcli follows.",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "calendly-webhook-signature",
                ..STRIPE_SIG
            }],
            ts: Some(Stamp {
                window: Window::past(180),
                ..KV_SECS
            }),
            ..DOT
        }),
    },
    Provider {
        info: ProviderInfo {
            id: "persona",
            vectors: "derived",
            name: "Persona",
            headers: &["persona-signature"],
            algorithm: "HMAC-SHA256 over `{t}.{body}`, hex; rotation sends space-separated `t=…,v1=…` groups",
            secret_form: "the webhook secret `wbhsec_…`, as text",
            family: "B: stripe-style t=,v1=",
            notes: "Persona has no official server SDK, so no SDK window exists: hookcli reports the age but does not expire. Format [T] (hookdeck's summary agrees with the reference).",
        },
        scheme: Scheme::Hmac(Template {
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
        }),
    },
    Provider {
        info: ProviderInfo {
            id: "workos",
            vectors: "published",
            name: "WorkOS",
            headers: &["workos-signature"],
            algorithm: "HMAC-SHA256 over `{t}.{body}`, hex, in `t=<ms>, v1=…`",
            secret_form: "the webhook secret, as text",
            family: "B: stripe-style t=,v1=",
            notes: "t is in milliseconds. Checked in workos-node's signature-provider.ts: tolerance 180000 ms, past only (`t < Date.now() - tolerance`); the reference's table said symmetric.",
        },
        scheme: Scheme::Hmac(Template {
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
        }),
    },
    Provider {
        info: ProviderInfo {
            id: "sanity",
            vectors: "published",
            name: "Sanity (GROQ webhooks)",
            headers: &["sanity-webhook-signature"],
            algorithm: "HMAC-SHA256 over `{t}.{body}`, base64url without padding, in `t=<ms>,v1=…`",
            secret_form: "the webhook secret, as text",
            family: "B: stripe-style t=,v1=",
            notes: "t in milliseconds; the toolkit has no freshness window but refuses t before 2021-01-01 (a seconds value), reported as malformed.",
        },
        scheme: Scheme::Hmac(Template {
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
        }),
    },
    Provider {
        info: ProviderInfo {
            id: "slack",
            vectors: "published",
            name: "Slack",
            headers: &["x-slack-signature", "x-slack-request-timestamp"],
            algorithm: "HMAC-SHA256 over `v0:{timestamp}:{body}`, hex, `v0=` prefix",
            secret_form: "the app's signing secret, as text",
            family: "C: versioned colon string",
            notes: "python-slack-sdk rejects |now − timestamp| > 300 s (symmetric). url_verification is signed like any request and answered by `listen`.",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "x-slack-signature",
                ..V0
            }],
            msg: V0_MSG,
            ts: Some(Stamp {
                src: TsSrc::Header(&["x-slack-request-timestamp"]),
                unit: Unit::Secs,
                window: Window::sym(300),
                min_ms: 0,
                name: "timestamp",
            }),
            ..DOT
        }),
    },
    Provider {
        info: ProviderInfo {
            id: "zoom",
            vectors: "derived",
            name: "Zoom",
            headers: &["x-zm-signature", "x-zm-request-timestamp"],
            algorithm: "HMAC-SHA256 over `v0:{timestamp}:{body}`, hex, `v0=` prefix",
            secret_form: "the app's secret token, as text",
            family: "C: versioned colon string",
            notes: "Zoom's official sample enforces no window, so nothing expires; the age is reported. The timestamp is seconds in the docs; a millisecond value is recognised by size. endpoint.url_validation is answered by `listen` (needs the secret).",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "x-zm-signature",
                ..V0
            }],
            msg: V0_MSG,
            ts: Some(Stamp {
                src: TsSrc::Header(&["x-zm-request-timestamp"]),
                unit: Unit::SecsOrMillis,
                window: Window::NONE,
                min_ms: 0,
                name: "timestamp",
            }),
            ..DOT
        }),
    },
    Provider {
        info: ProviderInfo {
            id: "frameio",
            vectors: "derived",
            name: "Frame.io",
            headers: &["x-frameio-signature", "x-frameio-request-timestamp"],
            algorithm: "HMAC-SHA256 over `v0:{timestamp}:{body}`, hex, `v0=` prefix",
            secret_form: "the webhook signing secret, as text",
            family: "C: versioned colon string",
            notes: "5 minute window, symmetric as in the docs' example. [T] in the reference.",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "x-frameio-signature",
                ..V0
            }],
            msg: V0_MSG,
            ts: Some(Stamp {
                src: TsSrc::Header(&["x-frameio-request-timestamp"]),
                unit: Unit::Secs,
                window: Window::sym(300),
                min_ms: 0,
                name: "timestamp",
            }),
            ..DOT
        }),
    },
    Provider {
        info: ProviderInfo {
            id: "paddle",
            vectors: "published",
            name: "Paddle Billing",
            headers: &["paddle-signature"],
            algorithm: "HMAC-SHA256 over `{ts}:{body}`, hex, in `ts=…;h1=…`",
            secret_form: "the notification destination's secret key `pdl_ntfset_…`, as text",
            family: "C: versioned colon string",
            notes: "paddle-node-sdk rejects when now > ts + 5 s (past only; retries are re-signed). The SDK keeps only the last h1; hookcli accepts any h1 and ignores other versions (h2).",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "paddle-signature",
                layout: Layout::Kv {
                    seps: ";",
                    group: None,
                    ts_key: "ts",
                    sig_key: "h1",
                    sign_sep: ";",
                },
                label: "h1",
                ..STRIPE_SIG
            }],
            msg: &[Part::Ts, Part::Lit(":"), Part::Body],
            ts: Some(Stamp {
                window: Window::past(5),
                name: "ts",
                ..KV_SECS
            }),
            ..DOT
        }),
    },
];
