//! Registry rows, family A: an HMAC over the raw body and nothing else (no timestamp).

use super::registry::{
    Enc, Hash, Key, Layout, Part, Provider, ProviderInfo, Role, Scheme, SigSource, Stamp, Template,
    TsSrc,
};
use super::window::{Unit, Window};

/// The commonest source: the whole header is a hex HMAC-SHA256. Rows override fields.
pub(crate) const HEX256: SigSource = SigSource {
    header: "",
    layout: Layout::Whole { prefix: "" },
    hash: Hash::Sha256,
    enc: Enc::Hex,
    role: Role::Current,
    label: "sha256",
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

pub(crate) const FAMILY: &str = "A: HMAC over the body";

pub(crate) static ROWS: [Provider; 14] = [
    Provider {
        info: ProviderInfo {
            id: "sentry",
            vectors: "derived",
            name: "Sentry (integration platform)",
            headers: &["sentry-hook-signature"],
            algorithm: "HMAC-SHA256 of the body, hex",
            secret_form: "the integration's client secret, as text",
            family: FAMILY,
            notes: "Sentry-Hook-Timestamp is sent but is not part of the signed bytes, so it is not checked. Algorithm [T/K] in the reference.",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "sentry-hook-signature",
                ..HEX256
            }],
            ..BODY
        }),
    },
    Provider {
        info: ProviderInfo {
            id: "lemonsqueezy",
            vectors: "derived",
            name: "Lemon Squeezy",
            headers: &["x-signature"],
            algorithm: "HMAC-SHA256 of the body, hex",
            secret_form: "the signing secret, as text",
            family: FAMILY,
            notes: "No timestamp. Context header X-Event-Name; X-Signature is shared with Segment (64 hex here, 40 there). [K] in the reference.",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "x-signature",
                ..HEX256
            }],
            ..BODY
        }),
    },
    Provider {
        info: ProviderInfo {
            id: "alchemy",
            vectors: "derived",
            name: "Alchemy (Notify)",
            headers: &["x-alchemy-signature"],
            algorithm: "HMAC-SHA256 of the body, hex",
            secret_form: "the webhook's signing key, as text",
            family: FAMILY,
            notes: "No timestamp. [T] in the reference.",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "x-alchemy-signature",
                ..HEX256
            }],
            ..BODY
        }),
    },
    Provider {
        info: ProviderInfo {
            id: "asana",
            vectors: "derived",
            name: "Asana",
            headers: &["x-hook-signature"],
            algorithm: "HMAC-SHA256 of the body, hex",
            secret_form: "the X-Hook-Secret value from the handshake request, as text",
            family: FAMILY,
            notes: "The first POST carries X-Hook-Secret; `listen` echoes it back (handshake) and the capture shows the value to use as the secret. [K] in the reference.",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "x-hook-signature",
                ..HEX256
            }],
            ..BODY
        }),
    },
    Provider {
        info: ProviderInfo {
            id: "dropbox",
            vectors: "derived",
            name: "Dropbox",
            headers: &["x-dropbox-signature"],
            algorithm: "HMAC-SHA256 of the body, hex",
            secret_form: "the app secret, as text",
            family: FAMILY,
            notes: "The GET ?challenge= verification is unsigned and answered by `listen`. [T] in the reference; the third-party vector passes.",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "x-dropbox-signature",
                ..HEX256
            }],
            ..BODY
        }),
    },
    Provider {
        info: ProviderInfo {
            id: "coinbase-commerce",
            vectors: "published",
            name: "Coinbase Commerce",
            headers: &["x-cc-webhook-signature"],
            algorithm: "HMAC-SHA256 of the body, hex",
            secret_form: "the shared secret, as text",
            family: FAMILY,
            notes: "No timestamp. Published SDK vectors pass.",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "x-cc-webhook-signature",
                ..HEX256
            }],
            ..BODY
        }),
    },
    Provider {
        info: ProviderInfo {
            id: "linear",
            vectors: "derived",
            name: "Linear",
            headers: &["linear-signature", "linear-timestamp"],
            algorithm: "HMAC-SHA256 of the body, hex; freshness from the linear-timestamp header or the body's webhookTimestamp (ms)",
            secret_form: "the signing secret (`lin_wh_…`), as text",
            family: FAMILY,
            notes: "The SDK rejects |now − timestamp| > 60 s (symmetric, milliseconds). The timestamp is not signed; without one the SDK skips the check, and so does hookcli. The linear-timestamp header is [T] (seen in the published SDK build).",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "linear-signature",
                ..HEX256
            }],
            ts: Some(Stamp {
                src: TsSrc::HeaderOrBody("linear-timestamp", "webhookTimestamp"),
                unit: Unit::Millis,
                window: Window::sym(60),
                min_ms: 0,
                name: "webhookTimestamp",
            }),
            ..BODY
        }),
    },
    Provider {
        info: ProviderInfo {
            id: "pagerduty",
            vectors: "published",
            name: "PagerDuty (v3 webhook subscriptions)",
            headers: &["x-pagerduty-signature"],
            algorithm: "HMAC-SHA256 of the body, hex, comma list of `v1=` entries",
            secret_form: "the subscription secret, as text (it looks like base64 but is not decoded)",
            family: FAMILY,
            notes: "Several v1 entries during rotation; entries of other versions are ignored. Published go-pagerduty vectors pass.",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "x-pagerduty-signature",
                layout: Layout::List {
                    seps: ",",
                    prefix: "v1=",
                },
                label: "v1",
                ..HEX256
            }],
            ..BODY
        }),
    },
    Provider {
        info: ProviderInfo {
            id: "shopify",
            vectors: "derived",
            name: "Shopify",
            headers: &["x-shopify-hmac-sha256"],
            algorithm: "HMAC-SHA256 of the body, base64",
            secret_form: "the app's client secret (or the admin-shown signing key), as text",
            family: FAMILY,
            notes: "No timestamp is signed (X-Shopify-Triggered-At is informational). Several secrets cover shopify-api-ruby's old_api_secret_key fallback.",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "x-shopify-hmac-sha256",
                enc: Enc::Base64,
                ..HEX256
            }],
            ..BODY
        }),
    },
    Provider {
        info: ProviderInfo {
            id: "xero",
            vectors: "derived",
            name: "Xero",
            headers: &["x-xero-signature"],
            algorithm: "HMAC-SHA256 of the body, base64",
            secret_form: "the webhooks key, as text",
            family: FAMILY,
            notes: "Intent-to-receive: Xero expects 200 with an empty body for a correct signature and 401 for a wrong one; `listen` answers so when the secret is configured. [T/K] in the reference.",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "x-xero-signature",
                enc: Enc::Base64,
                ..HEX256
            }],
            ..BODY
        }),
    },
    Provider {
        info: ProviderInfo {
            id: "bolt",
            vectors: "derived",
            name: "Bolt",
            headers: &["x-bolt-hmac-sha256", "x-bolt-hmac-sha256-pending"],
            algorithm: "HMAC-SHA256 of the body, base64",
            secret_form: "the signing secret, as text",
            family: FAMILY,
            notes: "During rotation X-Bolt-Hmac-Sha256-Pending carries a signature with the new key; either header matching is enough. [T] in the reference.",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[
                SigSource {
                    header: "x-bolt-hmac-sha256",
                    enc: Enc::Base64,
                    ..HEX256
                },
                SigSource {
                    header: "x-bolt-hmac-sha256-pending",
                    enc: Enc::Base64,
                    role: Role::Alternate,
                    ..HEX256
                },
            ],
            ..BODY
        }),
    },
    Provider {
        info: ProviderInfo {
            id: "typeform",
            vectors: "derived",
            name: "Typeform",
            headers: &["typeform-signature"],
            algorithm: "HMAC-SHA256 of the body, base64 (not hex), `sha256=` prefix",
            secret_form: "the webhook secret, as text",
            family: FAMILY,
            notes: "No timestamp. [T] in the reference.",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "typeform-signature",
                layout: Layout::Whole { prefix: "sha256=" },
                enc: Enc::Base64,
                ..HEX256
            }],
            ..BODY
        }),
    },
    Provider {
        info: ProviderInfo {
            id: "airtable",
            vectors: "derived",
            name: "Airtable",
            headers: &["x-airtable-content-mac"],
            algorithm: "HMAC-SHA256 of the body, hex, `hmac-sha256=` prefix",
            secret_form: "the webhook's macSecretBase64 (base64; decoded to get the key)",
            family: FAMILY,
            notes: "The notification is a ping; data is fetched from /payloads. Hex (not base64) output is [T]: the reference's sources disagree; hex is what several implementations use.",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "x-airtable-content-mac",
                layout: Layout::Whole {
                    prefix: "hmac-sha256=",
                },
                ..HEX256
            }],
            key: Key::Base64,
            ..BODY
        }),
    },
    Provider {
        info: ProviderInfo {
            id: "msteams-outgoing",
            vectors: "derived",
            name: "Microsoft Teams (outgoing webhooks)",
            headers: &["authorization"],
            algorithm: "HMAC-SHA256 of the body, base64, as `Authorization: HMAC <sig>`",
            secret_form: "the security token Teams shows (base64; decoded to get the key)",
            family: FAMILY,
            notes: "From Microsoft's official sample. Detected by an Authorization header starting `HMAC `.",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "authorization",
                layout: Layout::Whole { prefix: "HMAC " },
                enc: Enc::Base64,
                ..HEX256
            }],
            key: Key::Base64,
            ..BODY
        }),
    },
];
