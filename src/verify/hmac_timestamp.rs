//! Families B and C: an HMAC over the body and a timestamp, `t=…,v1=…` pairs (Stripe and
//! its imitators, Recurly's positional list) and versioned strings (`v0:{ts}:{body}` of
//! Slack and Zoom, Paddle's `ts=;h1=`, Orb's ISO `v1:`). A data table; Slack's and Zoom's
//! endpoint challenges follow it. (Buildkite's pairs are in `shared_token`.)

use super::challenge::{self, Challenge};
use super::mac::mac;
use super::provider::ProviderInfo;
use super::row::Row;
use super::template::{
    DOT, Enc, Hash, KV_SECS, Layout, Part, STRIPE_SIG, SigSource, Stamp, Template, TsSrc, V0,
    V0_MSG,
};
use super::window::{Unit, Window};
use crate::capture::Capture;
use serde_json::Value;

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
        sdk: "",
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
        sdk: "",
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
        sdk: "",
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
        notes: "Persona has no official server SDK, so no SDK window exists: hookcli reports the age but does not expire. Format [T] (hookdeck's summary agrees with the reference).",
        sdk: "",
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
        sdk: "",
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
        sdk: "",
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
        sdk: "",
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
        sdk: "",
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
        sdk: "",
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

pub(crate) static PADDLE: Row = Row {
    info: ProviderInfo {
        id: "paddle",
        vectors: "published",
        name: "Paddle Billing",
        headers: &["paddle-signature"],
        algorithm: "HMAC-SHA256 over `{ts}:{body}`, hex, in `ts=…;h1=…`",
        secret_form: "the notification destination's secret key `pdl_ntfset_…`, as text",
        family: "C: versioned colon string",
        notes: "paddle-node-sdk rejects when now > ts + 5 s (past only; retries are re-signed). The SDK keeps only the last h1; hookcli accepts any h1 and ignores other versions (h2).",
        sdk: "",
    },
    detect: &["paddle-signature"],
    template: Template {
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
    },
    handshake: None,
};

pub(crate) static SLACK: Row = Row {
    info: ProviderInfo {
        id: "slack",
        vectors: "published",
        name: "Slack",
        headers: &["x-slack-signature", "x-slack-request-timestamp"],
        algorithm: "HMAC-SHA256 over `v0:{timestamp}:{body}`, hex, `v0=` prefix",
        secret_form: "the app's signing secret, as text",
        family: "C: versioned colon string",
        notes: "python-slack-sdk rejects |now − timestamp| > 300 s (symmetric). url_verification is signed like any request and answered by `listen`.",
        sdk: "",
    },
    detect: &["x-slack-signature"],
    template: Template {
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
    },
    handshake: Some(slack_url_verification),
};

pub(crate) static ZOOM: Row = Row {
    info: ProviderInfo {
        id: "zoom",
        vectors: "derived",
        name: "Zoom",
        headers: &["x-zm-signature", "x-zm-request-timestamp"],
        algorithm: "HMAC-SHA256 over `v0:{timestamp}:{body}`, hex, `v0=` prefix",
        secret_form: "the app's secret token, as text",
        family: "C: versioned colon string",
        notes: "Zoom's official sample enforces no window, so nothing expires; the age is reported. The timestamp is seconds in the docs; a millisecond value is recognised by size. endpoint.url_validation is answered by `listen` (needs the secret).",
        sdk: "",
    },
    detect: &["x-zm-signature"],
    template: Template {
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
    },
    handshake: Some(zoom_url_validation),
};

pub(crate) static FRAMEIO: Row = Row {
    info: ProviderInfo {
        id: "frameio",
        vectors: "derived",
        name: "Frame.io",
        headers: &["x-frameio-signature", "x-frameio-request-timestamp"],
        algorithm: "HMAC-SHA256 over `v0:{timestamp}:{body}`, hex, `v0=` prefix",
        secret_form: "the webhook signing secret, as text",
        family: "C: versioned colon string",
        notes: "5 minute window, symmetric as in the docs' example. [T] in the reference.",
        sdk: "",
    },
    detect: &["x-frameio-signature"],
    template: Template {
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
    },
    handshake: None,
};

pub(crate) static ORB: Row = Row {
    info: ProviderInfo {
        id: "orb",
        vectors: "published",
        name: "Orb",
        headers: &["x-orb-signature", "x-orb-timestamp"],
        algorithm: "HMAC-SHA256 over `v1:{timestamp}:{body}`, hex, space-separated `v1=<sig>` list",
        secret_form: "the webhook secret, as text",
        family: "C: versioned colon string",
        notes: "orb-python: ISO timestamp without offset read as UTC, ±300 s with too-old and too-new told apart; entries other than v1= ignored. [S] vectors pass.",
        sdk: "",
    },
    detect: &["x-orb-signature"],
    template: Template {
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
    },
    handshake: None,
};

pub(crate) static CUSTOMER_IO: Row = Row {
    info: ProviderInfo {
        id: "customer-io",
        vectors: "derived",
        name: "Customer.io (reporting webhooks)",
        headers: &["x-cio-signature", "x-cio-timestamp"],
        algorithm: "HMAC-SHA256 over `v0:{timestamp}:{body}`, hex",
        secret_form: "the reporting webhook signing key, as text",
        family: "C: versioned colon string",
        notes: "Reporting webhooks only (campaign webhooks use an internal key). No SDK window: the age is reported. [T] in the reference.",
        sdk: "",
    },
    detect: &["x-cio-signature"],
    template: Template {
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
    },
    handshake: None,
};

// ---- Endpoint challenges ----

/// Slack's `url_verification` is signed like any request; its challenge is echoed.
fn slack_url_verification(c: &Capture, _: &[String]) -> Option<Challenge> {
    let v = challenge::json_body(c, b"url_verification")?;
    if v.get("type").and_then(Value::as_str) != Some("url_verification") {
        return None;
    }
    let ch = v.get("challenge").and_then(Value::as_str);
    Some(ch.map_or(Challenge::Pass, |ch| {
        Challenge::Answer(challenge::text("slack url_verification", ch.to_string()))
    }))
}

/// Zoom wants proof of the secret: hex HMAC-SHA256(secret, plainToken).
fn zoom_url_validation(c: &Capture, secrets: &[String]) -> Option<Challenge> {
    let v = challenge::json_body(c, b"endpoint.url_validation")?;
    if v.get("event").and_then(Value::as_str) != Some("endpoint.url_validation") {
        return None;
    }
    let plain = v
        .get("payload")
        .and_then(|p| p.get("plainToken"))
        .and_then(Value::as_str);
    let (Some(plain), Some(secret)) = (plain, secrets.first()) else {
        return Some(Challenge::Pass);
    };
    let enc = hex::encode(mac(Hash::Sha256, secret.as_bytes(), &[plain.as_bytes()]));
    let body = serde_json::json!({ "plainToken": plain, "encryptedToken": enc }).to_string();
    Some(Challenge::Answer(challenge::json(
        "zoom endpoint.url_validation",
        body,
    )))
}
