//! Family C: an HMAC over a versioned string joining a timestamp and the body: Slack's and
//! Zoom's `v0:{ts}:{body}` (and Frame.io's, Customer.io's), Paddle's `{ts}:{body}` in
//! `ts=;h1=`, Orb's `v1:{iso ts}:{body}`. A data table; Slack's and Zoom's endpoint
//! challenges follow it.

use super::challenge::{self, Challenge};
use super::mac::mac;
use super::provider::ProviderInfo;
use super::row::Row;
use super::template::{
    DOT, Hash, KV_SECS, Layout, Part, STRIPE_SIG, SigSource, Stamp, Template, TsSrc, V0, V0_MSG,
};
use super::window::{Unit, Window};
use crate::capture::Capture;
use serde_json::Value;

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
        sdk: "slack_sdk (python) 3.43.0 slack_sdk/signature/__init__.py SignatureVerifier: |now − ts| > 300 s fails, compare_digest over the whole `v0=<hex>` text; @slack/bolt 5.0.0 src/receivers/verify-request.ts is the same but checks only the past",
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
        notes: "Neither Rivet nor Zoom's sample enforces a window, so nothing expires; the age is reported. Rivet (and the sample) sign the re-serialised parsed body; Zoom sends compact JSON, where that is the raw body; hookcli uses the raw body, so a body reformatted after Zoom signed it differs from Rivet's verdict. The timestamp is seconds in the docs; a millisecond value is recognised by size. endpoint.url_validation is answered by `listen` (needs the secret).",
        sdk: "@zoom/rivet 0.3.0 (accounts/accounts.mjs isEventVerified): `v0=` + hex of `v0:{ts}:{JSON.stringify(parsed body)}` compared as text (===); no time check",
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
        sdk: "no verify helper: Frame.io's python client (Frameio/python-frameio-client ec3d25d) and its custom-actions sample (Frameio/custom-actions-app-python 261324b) have none, so the docs decide (developer.frame.io webhooks, \"verifying webhook signatures\"); that page's security section was not in the stored copy, so the scheme (`v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{body}`, X-Frameio-Request-Timestamp, 5 minutes either side) is the reference's",
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

pub(crate) static PADDLE: Row = Row {
    info: ProviderInfo {
        id: "paddle",
        vectors: "published",
        name: "Paddle Billing",
        headers: &["paddle-signature"],
        algorithm: "HMAC-SHA256 over `{ts}:{body}`, hex, in `ts=…;h1=…`",
        secret_form: "the notification destination's secret key `pdl_ntfset_…`, as text",
        family: "C: versioned colon string",
        notes: "paddle-node-sdk rejects when now > ts + 5 s (past only; retries are re-signed). The SDK keeps only the last h1 (each h1 pair overwrites the one before), and so does hookcli; other versions (h2) are ignored. h1 is compared as text (upper case: rejected).",
        sdk: "@paddle/paddle-node-sdk 3.8.0 src/notifications/helpers/webhooks-validator.ts (isValidSignature: last h1 only, === over hex, now > ts + 5 s fails)",
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
            only_last: true,
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
        sdk: "orb-node 5.76.0 src/resources/webhooks.ts verifySignature: X-Orb-Timestamp ISO (no zone read as UTC), now − t > 300 s too old and t > now + 300 s too new, space-separated v1=<hex> entries compared as text",
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
        sdk: "no verify helper in customerio-node 5.0.1 (read: no webhook signature code); Customer.io's documented check decides: X-CIO-Signature = hex HMAC-SHA256 of `v0:{X-CIO-Timestamp}:{body}` with the reporting webhook signing key, no window (customer.io docs, reporting webhooks)",
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
