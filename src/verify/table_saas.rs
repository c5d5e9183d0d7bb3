//! Registry rows, family A (HMAC over the raw body), SaaS and messaging senders added with
//! the second reference file.

use super::registry::{
    Enc, Hash, Key, Layout, Provider, ProviderInfo, Role, Scheme, SigSource, Template,
};
use super::table_body::{BODY, FAMILY};

pub(crate) static ROWS: [Provider; 8] = [
    Provider {
        info: ProviderInfo {
            id: "twitter",
            vectors: "derived",
            name: "Twitter / X (Account Activity, V2 webhooks)",
            headers: &["x-twitter-webhooks-signature"],
            algorithm: "HMAC-SHA256 of the body, base64, `sha256=` prefix",
            secret_form: "the app consumer secret (API secret key), as text",
            family: FAMILY,
            notes: "No timestamp. The GET ?crc_token= check is answered by `listen` with the consumer secret configured. [D] in the reference.",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "x-twitter-webhooks-signature",
                layout: Layout::Whole { prefix: "sha256=" },
                hash: Hash::Sha256,
                enc: Enc::Base64,
                role: Role::Current,
                label: "sha256",
            }],
            ..BODY
        }),
    },
    Provider {
        info: ProviderInfo {
            id: "webex",
            vectors: "derived",
            name: "Webex (Cisco)",
            headers: &["x-spark-signature"],
            algorithm: "HMAC-SHA1 of the body, hex",
            secret_form: "the webhook secret, as text",
            family: FAMILY,
            notes: "Present when the webhook was registered with a secret. No timestamp. [D] header, [T] SHA-1.",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "x-spark-signature",
                layout: Layout::Whole { prefix: "" },
                hash: Hash::Sha1,
                enc: Enc::Hex,
                role: Role::Current,
                label: "sha1",
            }],
            ..BODY
        }),
    },
    Provider {
        info: ProviderInfo {
            id: "worldline",
            vectors: "published+derived",
            name: "Worldline (Connect / Direct)",
            headers: &["x-gcs-signature", "x-gcs-keyid"],
            algorithm: "HMAC-SHA256 of the body, base64; X-GCS-KeyId names the key",
            secret_form: "the secret of a key, as text (add one per active key id)",
            family: FAMILY,
            notes: "X-GCS-KeyId selects the key in the SDK; here every configured secret is tried, so give all active ones. The GET endpoint verification is answered by `listen`. [S] vector passes.",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "x-gcs-signature",
                layout: Layout::Whole { prefix: "" },
                hash: Hash::Sha256,
                enc: Enc::Base64,
                role: Role::Current,
                label: "sha256",
            }],
            ..BODY
        }),
    },
    Provider {
        info: ProviderInfo {
            id: "clearbit",
            vectors: "derived",
            name: "Clearbit",
            headers: &["x-request-signature"],
            algorithm: "HMAC-SHA1 of the body, hex, `sha1=` prefix",
            secret_form: "the secret API key (a leading sk_ or pk_ is removed, as the SDK does)",
            family: FAMILY,
            notes: "clearbit-ruby strips sk_/pk_ before computing the HMAC [S]; SDK constants pass with and without the prefix.",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "x-request-signature",
                layout: Layout::Whole { prefix: "sha1=" },
                hash: Hash::Sha1,
                enc: Enc::Hex,
                role: Role::Current,
                label: "sha1",
            }],
            key: Key::NoKeyPrefix,
            ..BODY
        }),
    },
    Provider {
        info: ProviderInfo {
            id: "nylas",
            vectors: "derived",
            name: "Nylas",
            headers: &["x-nylas-signature"],
            algorithm: "HMAC-SHA256 of the body, hex",
            secret_form: "v3: the webhook_secret returned at creation; v2: the client secret",
            family: FAMILY,
            notes: "No timestamp; compressed bodies are verified as received. The GET ?challenge= is echoed by `listen`. [D] in the reference.",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "x-nylas-signature",
                layout: Layout::Whole { prefix: "" },
                hash: Hash::Sha256,
                enc: Enc::Hex,
                role: Role::Current,
                label: "sha256",
            }],
            ..BODY
        }),
    },
    Provider {
        info: ProviderInfo {
            id: "clickup",
            vectors: "derived",
            name: "ClickUp",
            headers: &["x-signature"],
            algorithm: "HMAC-SHA256 of the body, hex",
            secret_form: "webhook.secret from the create-webhook response, as text",
            family: FAMILY,
            notes: "No timestamp. X-Signature is shared with Lemon Squeezy, Modern Treasury and Segment: the configured secret that matches decides. [D] in the reference.",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "x-signature",
                layout: Layout::Whole { prefix: "" },
                hash: Hash::Sha256,
                enc: Enc::Hex,
                role: Role::Current,
                label: "sha256",
            }],
            ..BODY
        }),
    },
    Provider {
        info: ProviderInfo {
            id: "notion",
            vectors: "derived",
            name: "Notion (integration webhooks)",
            headers: &["x-notion-signature"],
            algorithm: "HMAC-SHA256 of the body, hex, `sha256=` prefix",
            secret_form: "the verification_token Notion POSTs when the subscription is created",
            family: FAMILY,
            notes: "The first POST carries {\\\"verification_token\\\": …}: paste it into the integration and use it as the secret. [D]/[T] in the reference.",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "x-notion-signature",
                layout: Layout::Whole { prefix: "sha256=" },
                hash: Hash::Sha256,
                enc: Enc::Hex,
                role: Role::Current,
                label: "sha256",
            }],
            ..BODY
        }),
    },
    Provider {
        info: ProviderInfo {
            id: "hookdeck",
            vectors: "derived",
            name: "Hookdeck (outbound signatures)",
            headers: &["x-hookdeck-signature", "x-hookdeck-signature-2"],
            algorithm: "HMAC-SHA256 of the body, base64",
            secret_form: "the source signing secret, as text",
            family: FAMILY,
            notes: "During rotation x-hookdeck-signature-2 carries the MAC made with the other secret; either may match. [T]/[K] in the reference.",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[
                SigSource {
                    header: "x-hookdeck-signature",
                    layout: Layout::Whole { prefix: "" },
                    hash: Hash::Sha256,
                    enc: Enc::Base64,
                    role: Role::Current,
                    label: "sha256",
                },
                SigSource {
                    header: "x-hookdeck-signature-2",
                    layout: Layout::Whole { prefix: "" },
                    hash: Hash::Sha256,
                    enc: Enc::Base64,
                    role: Role::Alternate,
                    label: "sha256",
                },
            ],
            ..BODY
        }),
    },
];
