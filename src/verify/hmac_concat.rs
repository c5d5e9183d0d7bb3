//! Family E: HMACs over other concatenations: Twitch (id + timestamp + body), Box (body +
//! timestamp, two keys), Square (URL + body), Trello (body + URL), Zendesk (timestamp +
//! body). A data table; Twitch's and Trello's endpoint challenges follow it.

use super::challenge::{self, Challenge};
use super::provider::ProviderInfo;
use super::row::Row;
use super::template::{
    Cmp, DOT, Enc, Hash, Layout, Part, Role, STRIPE_SIG, SigSource, Stamp, Template, TsSrc, V0,
};
use super::window::{Unit, Window};
use crate::capture::Capture;
use bytes::Bytes;

pub(crate) static TWITCH: Row = Row {
    info: ProviderInfo {
        id: "twitch",
        vectors: "derived",
        name: "Twitch EventSub",
        headers: &[
            "twitch-eventsub-message-signature",
            "twitch-eventsub-message-id",
            "twitch-eventsub-message-timestamp",
        ],
        algorithm: "HMAC-SHA256 over `{message id}{timestamp}{body}`, hex, `sha256=` prefix",
        secret_form: "the subscription secret (10–100 characters), as text",
        family: "E: other concatenation",
        notes: "Timestamp is RFC 3339 with nanoseconds, signed exactly as sent; Twitch's docs say to reject messages older than 10 minutes (past only). webhook_callback_verification is signed and answered by `listen`.",
        sdk: "no official SDK (Twitch publishes none; twurple is community): the documented check decides (dev.twitch.tv/docs/eventsub/handling-webhook-events, verifying the event message): Twitch-Eventsub-Message-Signature = sha256= + hex HMAC-SHA256 of message id + timestamp + raw body, compared whole; messages older than 10 minutes rejected",
    },
    detect: &["twitch-eventsub-message-signature"],
    template: Template {
        sigs: &[SigSource {
            header: "twitch-eventsub-message-signature",
            layout: Layout::Whole { prefix: "sha256=" },
            label: "sha256",
            ..V0
        }],
        msg: &[Part::Id, Part::Ts, Part::Body],
        ts: Some(Stamp {
            src: TsSrc::Header(&["twitch-eventsub-message-timestamp"]),
            unit: Unit::Rfc3339,
            window: Window::past(600),
            min_ms: 0,
            name: "timestamp",
        }),
        id_headers: &["twitch-eventsub-message-id"],
        ..DOT
    },
    handshake: Some(twitch_verification),
};

pub(crate) static BOX: Row = Row {
    info: ProviderInfo {
        id: "box",
        vectors: "published",
        name: "Box",
        headers: &[
            "box-signature-primary",
            "box-signature-secondary",
            "box-delivery-timestamp",
        ],
        algorithm: "HMAC-SHA256 over `{body}{timestamp}`, base64; primary and secondary signatures",
        secret_form: "the primary and/or secondary signature key, as text (give both as two secrets)",
        family: "E: other concatenation",
        notes: "Either signature matching is enough; box-signature-version must be 1 and box-signature-algorithm HmacSHA256. Checked in box-typescript-sdk-gen validateMessage: rejects timestamps older than maxAge (600 s) and any in the future (the older box-node-sdk v3 checked age only). Like the SDK, a body that does not match as received is tried again with non-ASCII escaped as \\uXXXX and / as \\/ (PHP json_encode). The SDK pairs the primary key with the primary header and the secondary with the secondary; hookcli tries every configured key against both (laxer, as secrets carry no role).",
        sdk: "box-typescript-sdk-gen WebhooksManager.validateMessage (600 s past, no future, escaped-body retry); box-node-sdk 3.8.0 src/managers/webhooks.ts checks age only",
    },
    detect: &["box-signature-primary", "box-signature-secondary"],
    template: Template {
        sigs: &[
            SigSource {
                header: "box-signature-primary",
                layout: Layout::Whole { prefix: "" },
                enc: Enc::Base64,
                label: "primary",
                cmp: Cmp::Bytes,
                ..V0
            },
            SigSource {
                header: "box-signature-secondary",
                layout: Layout::Whole { prefix: "" },
                enc: Enc::Base64,
                role: Role::Alternate,
                label: "secondary",
                cmp: Cmp::Bytes,
                ..V0
            },
        ],
        msg: &[Part::Body, Part::Ts],
        ts: Some(Stamp {
            src: TsSrc::Header(&["box-delivery-timestamp"]),
            unit: Unit::Rfc3339,
            window: Window {
                past_ms: Some(600_000),
                future_ms: Some(0),
            },
            min_ms: 0,
            name: "timestamp",
        }),
        require: &[
            ("box-signature-version", "1"),
            ("box-signature-algorithm", "HmacSHA256"),
        ],
        ..DOT
    },
    handshake: None,
};

pub(crate) static SQUARE: Row = Row {
    info: ProviderInfo {
        id: "square",
        vectors: "published",
        name: "Square",
        headers: &["x-square-hmacsha256-signature", "x-square-signature"],
        algorithm: "HMAC-SHA256 over `{notification URL}{body}`, base64 (legacy x-square-signature: HMAC-SHA1)",
        secret_form: "the subscription's signature key, as text",
        family: "E: other concatenation",
        notes: "The URL must be byte-identical to the subscription's notification URL: give --public-url behind a tunnel. WebhooksHelper.verifySignature checks only x-square-hmacsha256-signature (base64 compared as text); a request with only the legacy SHA-1 x-square-signature is invalid, and the detail says whether that SHA-1 would have matched.",
        sdk: "square-nodejs-sdk 44.1.0 src/wrapper/WebhooksHelper.ts (verifySignature: x-square-hmacsha256-signature only, base64 ===)",
    },
    detect: &["x-square-hmacsha256-signature", "x-square-signature"],
    template: Template {
        sigs: &[
            SigSource {
                header: "x-square-hmacsha256-signature",
                layout: Layout::Whole { prefix: "" },
                enc: Enc::Base64,
                label: "hmacsha256",
                ..V0
            },
            SigSource {
                header: "x-square-signature",
                layout: Layout::Whole { prefix: "" },
                hash: Hash::Sha1,
                enc: Enc::Base64,
                role: Role::Retired,
                label: "sha1",
                cmp: Cmp::Text,
                only_last: false,
            },
        ],
        msg: &[Part::Url, Part::Body],
        ts: None,
        ..DOT
    },
    handshake: None,
};

pub(crate) static TRELLO: Row = Row {
    info: ProviderInfo {
        id: "trello",
        vectors: "derived",
        name: "Trello",
        headers: &["x-trello-webhook"],
        algorithm: "HMAC-SHA1 over `{body}{callback URL}`, base64",
        secret_form: "the API key's OAuth secret, as text",
        family: "E: other concatenation",
        notes: "The callback URL exactly as registered: give --public-url behind a tunnel. The creation-time HEAD is answered 200 by `listen`. [T] in the reference.",
        sdk: "no official SDK; Trello's docs decide (developers.trello.com/page/webhooks, as quoted in Atlassian's community thread qaq-p/743801 and confirmed there by a Trello developer advocate): X-Trello-Webhook is the base64 HMAC-SHA1 of the full body followed by the callbackURL exactly as registered, keyed by the application's OAuth secret; no timestamp",
    },
    detect: &["x-trello-webhook"],
    template: Template {
        sigs: &[SigSource {
            header: "x-trello-webhook",
            layout: Layout::Whole { prefix: "" },
            hash: Hash::Sha1,
            enc: Enc::Base64,
            label: "sha1",
            ..V0
        }],
        msg: &[Part::Body, Part::Url],
        ts: None,
        ..DOT
    },
    handshake: Some(trello_head),
};

pub(crate) static ZENDESK: Row = Row {
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
        sdk: "no official SDK: Zendesk's documented check decides (developer.zendesk.com/documentation/webhooks/verifying): X-Zendesk-Webhook-Signature = base64(HMAC-SHA256(X-Zendesk-Webhook-Signature-Timestamp + body)) with the webhook's signing secret; no window documented (the age is reported)",
    },
    detect: &["x-zendesk-webhook-signature"],
    template: Template {
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
    },
    handshake: None,
};

// ---- Endpoint challenges ----

/// Twitch's `webhook_callback_verification` is signed like any message; its challenge is
/// echoed as text.
fn twitch_verification(c: &Capture, _: &[String]) -> Option<Challenge> {
    let kind = c.header("twitch-eventsub-message-type")?;
    if kind.trim() != "webhook_callback_verification" {
        return None;
    }
    let ch = challenge::json_body(c, b"challenge")
        .and_then(|v| v.get("challenge")?.as_str().map(str::to_string));
    Some(ch.map_or(Challenge::Pass, |ch| {
        Challenge::Answer(challenge::text("twitch webhook_callback_verification", ch))
    }))
}

/// Trello probes the callback URL with HEAD when the webhook is created.
fn trello_head(c: &Capture, _: &[String]) -> Option<Challenge> {
    c.method
        .eq_ignore_ascii_case("HEAD")
        .then(|| Challenge::Answer(challenge::reply("trello HEAD", 200, None, Bytes::new())))
}
