//! Registry rows, family A continued: the X-Hub-Signature senders and the SHA-1 body HMACs,
//! told apart by detection (context headers) or by which configured secret matches.

use super::registry::{Hash, Layout, Provider, ProviderInfo, Role, Scheme, SigSource, Template};
use super::table_body::{BODY, FAMILY, HEX256};

pub(crate) static ROWS: [Provider; 7] = [
    Provider {
        info: ProviderInfo {
            id: "github",
            vectors: "published",
            name: "GitHub",
            headers: &["x-hub-signature-256", "x-hub-signature"],
            algorithm: "HMAC-SHA256 of the body, hex, `sha256=` prefix (legacy X-Hub-Signature: HMAC-SHA1, `sha1=`)",
            secret_form: "the webhook secret, as text",
            family: FAMILY,
            notes: "X-Hub-Signature-256 decides when present; the legacy SHA-1 header is used only when it is the only one, and the detail says so. No timestamp, no rotation (octokit's verifyWithFallback tries several secrets, as hookcli does). Detected as GitHub over Meta by X-GitHub-Event / X-GitHub-Delivery / a GitHub-Hookshot user agent.",
        },
        scheme: Scheme::Hmac(Template {
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
        }),
    },
    Provider {
        info: ProviderInfo {
            id: "meta",
            vectors: "derived",
            name: "Meta (Facebook, Instagram, WhatsApp, Messenger)",
            headers: &["x-hub-signature-256", "x-hub-signature"],
            algorithm: "HMAC-SHA256 of the body, hex, `sha256=` prefix (legacy X-Hub-Signature: HMAC-SHA1)",
            secret_form: "the app secret, as text",
            family: FAMILY,
            notes: "Meta signs the body with unicode escaped (\\u00e9) exactly as sent: never re-encode. Same headers as GitHub: told apart by user agent (facebookexternalua / facebookplatform) or by which configured secret matches. The GET hub.challenge verification is unsigned. [K] in the reference; not re-checked.",
        },
        scheme: Scheme::Hmac(Template {
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
        }),
    },
    Provider {
        info: ProviderInfo {
            id: "bitbucket",
            vectors: "derived",
            name: "Bitbucket Cloud",
            headers: &["x-hub-signature"],
            algorithm: "HMAC-SHA256 of the body, hex, `sha256=` prefix",
            secret_form: "the webhook secret, as text",
            family: FAMILY,
            notes: "Sent only when a secret is set. Shares X-Hub-Signature with Jira; detected by X-Event-Key / X-Hook-UUID / a Bitbucket-Webhooks user agent, else by which secret matches. [K] in the reference.",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "x-hub-signature",
                layout: Layout::Whole { prefix: "sha256=" },
                ..HEX256
            }],
            ..BODY
        }),
    },
    Provider {
        info: ProviderInfo {
            id: "jira",
            vectors: "derived",
            name: "Jira (admin webhooks with a secret)",
            headers: &["x-hub-signature"],
            algorithm: "HMAC-SHA256 of the body, hex, `sha256=` prefix",
            secret_form: "the webhook secret, as text",
            family: FAMILY,
            notes: "Connect/Forge apps use `Authorization: JWT` instead (not covered). Shares X-Hub-Signature with Bitbucket; detected by X-Atlassian-Webhook-Identifier [K], else by which secret matches. [K] in the reference.",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "x-hub-signature",
                layout: Layout::Whole { prefix: "sha256=" },
                ..HEX256
            }],
            ..BODY
        }),
    },
    Provider {
        info: ProviderInfo {
            id: "intercom",
            vectors: "derived",
            name: "Intercom",
            headers: &["x-hub-signature"],
            algorithm: "HMAC-SHA1 of the body, hex, `sha1=` prefix",
            secret_form: "the app's client secret, as text",
            family: FAMILY,
            notes: "No timestamp. Shares X-Hub-Signature (sha1) with GitHub's and Meta's legacy header; detected by an intercom user agent [K], else by which secret matches. [K] in the reference.",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "x-hub-signature",
                layout: Layout::Whole { prefix: "sha1=" },
                hash: Hash::Sha1,
                label: "sha1",
                ..HEX256
            }],
            ..BODY
        }),
    },
    Provider {
        info: ProviderInfo {
            id: "vercel",
            vectors: "derived",
            name: "Vercel",
            headers: &["x-vercel-signature"],
            algorithm: "HMAC-SHA1 of the body, hex",
            secret_form: "the webhook secret (account webhooks) or the integration's client secret, as text",
            family: FAMILY,
            notes: "No timestamp. [T] in the reference.",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "x-vercel-signature",
                hash: Hash::Sha1,
                label: "sha1",
                ..HEX256
            }],
            ..BODY
        }),
    },
    Provider {
        info: ProviderInfo {
            id: "segment",
            vectors: "derived",
            name: "Segment (Webhooks destination)",
            headers: &["x-signature"],
            algorithm: "HMAC-SHA1 of the body, hex",
            secret_form: "the shared secret, as text",
            family: FAMILY,
            notes: "Sent only when a shared secret is configured. X-Signature is also Lemon Squeezy's header: a 40-hex value means Segment. [K] in the reference.",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "x-signature",
                hash: Hash::Sha1,
                label: "sha1",
                ..HEX256
            }],
            ..BODY
        }),
    },
];
