//! Registry rows, families D and E: Standard Webhooks and its senders, and the other
//! concatenations (Twitch id+ts+body, Box body+ts, Square URL+body, Trello body+URL).

use super::registry::{
    Enc, Hash, Key, Layout, Part, Provider, ProviderInfo, Role, Scheme, SigSource, Stamp, Template,
    TsSrc,
};
use super::table_stamped::{DOT, V0};
use super::window::{Unit, Window};

/// Standard Webhooks: `v1,<b64>` list over `{id}.{ts}.{body}`, whsec_ key, ±5 min.
const STD_MSG: &[Part] = &[
    Part::Id,
    Part::Lit("."),
    Part::Ts,
    Part::Lit("."),
    Part::Body,
];
const STD_SIG: SigSource = SigSource {
    header: "webhook-signature",
    layout: Layout::Versioned { version: "v1" },
    hash: Hash::Sha256,
    enc: Enc::Base64,
    role: Role::Current,
    label: "v1",
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
/// Svix's own header names, with the `webhook-*` names accepted as a fallback like its SDK.
const SVIX: Template = Template {
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
};
const SVIX_INFO: ProviderInfo = ProviderInfo {
    headers: &["svix-id", "svix-timestamp", "svix-signature"],
    ..STD_INFO
};

pub(crate) static ROWS: [Provider; 10] = [
    Provider {
        info: ProviderInfo {
            id: "standard-webhooks",
            vectors: "published",
            name: "Standard Webhooks",
            algorithm: "HMAC-SHA256 over `{id}.{timestamp}.{body}`, base64, `v1,<sig>` list; or Ed25519 `v1a,<sig>`",
            secret_form: "`whsec_` + base64 (symmetric; decoded to get the key); for v1a: verify with `whpk_` + base64 public key, sign with `whsk_` + base64 32-byte seed",
            notes: "Reference libraries reject |now − timestamp| > 300 s (symmetric). Unknown versions are skipped; a malformed entry is a non-match, not an error.",
            ..STD_INFO
        },
        scheme: Scheme::Hmac(Template {
            ed25519: Some("v1a"),
            ..STD
        }),
    },
    Provider {
        info: ProviderInfo {
            id: "svix",
            vectors: "published",
            name: "Svix",
            notes: "The svix libraries accept webhook-* headers as a fallback and reject |now − timestamp| > 300 s (too old and too new separately).",
            ..SVIX_INFO
        },
        scheme: Scheme::Hmac(SVIX),
    },
    Provider {
        info: ProviderInfo {
            id: "clerk",
            vectors: "none",
            name: "Clerk (delivered by Svix)",
            notes: "Svix scheme; Clerk's verifyWebhook reads CLERK_WEBHOOK_SIGNING_SECRET [K]. svix-* headers are detected as svix: configure the secret as clerk and hookcli picks clerk by the matching secret.",
            ..SVIX_INFO
        },
        scheme: Scheme::Hmac(SVIX),
    },
    Provider {
        info: ProviderInfo {
            id: "resend",
            vectors: "none",
            name: "Resend (delivered by Svix)",
            notes: "Svix scheme [K]. svix-* headers are detected as svix: configure the secret as resend and hookcli picks resend by the matching secret.",
            ..SVIX_INFO
        },
        scheme: Scheme::Hmac(SVIX),
    },
    Provider {
        info: ProviderInfo {
            id: "replicate",
            vectors: "published",
            name: "Replicate",
            notes: "Standard Webhooks; the secret comes from GET /v1/webhooks/default/secret. Published vector (shared with Standard Webhooks) passes. Told apart from standard-webhooks by which configured secret matches.",
            ..STD_INFO
        },
        scheme: Scheme::Hmac(STD),
    },
    Provider {
        info: ProviderInfo {
            id: "openai",
            vectors: "none",
            name: "OpenAI",
            notes: "Standard Webhooks headers with a whsec_ secret; SDK tolerance 300 s [K]. Told apart from standard-webhooks by which configured secret matches.",
            ..STD_INFO
        },
        scheme: Scheme::Hmac(STD),
    },
    Provider {
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
        },
        scheme: Scheme::Hmac(Template {
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
        }),
    },
    Provider {
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
            notes: "Either signature matching is enough; box-signature-version must be 1 and box-signature-algorithm HmacSHA256. Checked in box-typescript-sdk-gen validateMessage: rejects timestamps older than maxAge (600 s) and any in the future (the older box-node-sdk v3 checked age only). Every configured key is tried against both headers. The SDK's escaped-body retry is not done.",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[
                SigSource {
                    header: "box-signature-primary",
                    layout: Layout::Whole { prefix: "" },
                    enc: Enc::Base64,
                    label: "primary",
                    ..V0
                },
                SigSource {
                    header: "box-signature-secondary",
                    layout: Layout::Whole { prefix: "" },
                    enc: Enc::Base64,
                    role: Role::Alternate,
                    label: "secondary",
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
        }),
    },
    Provider {
        info: ProviderInfo {
            id: "square",
            vectors: "published",
            name: "Square",
            headers: &["x-square-hmacsha256-signature", "x-square-signature"],
            algorithm: "HMAC-SHA256 over `{notification URL}{body}`, base64 (legacy x-square-signature: HMAC-SHA1)",
            secret_form: "the subscription's signature key, as text",
            family: "E: other concatenation",
            notes: "The URL must be byte-identical to the subscription's notification URL: give --public-url behind a tunnel. The legacy SHA-1 header is [K]; used only when the SHA-256 one is absent.",
        },
        scheme: Scheme::Hmac(Template {
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
                    role: Role::Legacy,
                    label: "sha1",
                },
            ],
            msg: &[Part::Url, Part::Body],
            ts: None,
            ..DOT
        }),
    },
    Provider {
        info: ProviderInfo {
            id: "trello",
            vectors: "derived",
            name: "Trello",
            headers: &["x-trello-webhook"],
            algorithm: "HMAC-SHA1 over `{body}{callback URL}`, base64",
            secret_form: "the API key's OAuth secret, as text",
            family: "E: other concatenation",
            notes: "The callback URL exactly as registered: give --public-url behind a tunnel. The creation-time HEAD is answered 200 by `listen`. [T] in the reference.",
        },
        scheme: Scheme::Hmac(Template {
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
        }),
    },
];
