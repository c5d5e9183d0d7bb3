//! Registry rows, family A (HMAC over the raw body), developer-tool senders added with
//! the second reference file: CI, hosting, repositories, infrastructure.

use super::registry::{
    Enc, Hash, Layout, Provider, ProviderInfo, Role, Scheme, SigSource, Template,
};
use super::table_body::{BODY, FAMILY};

pub(crate) static ROWS: [Provider; 8] = [
    Provider {
        info: ProviderInfo {
            id: "circleci",
            vectors: "derived",
            name: "CircleCI (outbound webhooks)",
            headers: &["circleci-signature"],
            algorithm: "HMAC-SHA256 of the body, hex, in a comma list `v1=<hex>[,vN=…]`",
            secret_form: "the webhook signing secret, as text",
            family: FAMILY,
            notes: "Only v1 entries are tried; other versions are ignored. No timestamp: deduplicate on the body id. [D] in the reference.",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "circleci-signature",
                layout: Layout::List {
                    seps: ",",
                    prefix: "v1=",
                },
                hash: Hash::Sha256,
                enc: Enc::Hex,
                role: Role::Current,
                label: "v1",
            }],
            ..BODY
        }),
    },
    Provider {
        info: ProviderInfo {
            id: "heroku",
            vectors: "derived",
            name: "Heroku (app and add-on webhooks)",
            headers: &["heroku-webhook-hmac-sha256"],
            algorithm: "HMAC-SHA256 of the body, base64",
            secret_form: "the subscription secret, as text",
            family: FAMILY,
            notes: "Sent only when the subscription has a secret. No timestamp. [D] header, [T] encoding.",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "heroku-webhook-hmac-sha256",
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
            id: "launchdarkly",
            vectors: "derived",
            name: "LaunchDarkly",
            headers: &["x-ld-signature"],
            algorithm: "HMAC-SHA256 of the body, hex",
            secret_form: "the webhook secret, as text",
            family: FAMILY,
            notes: "Present when \\\"Sign this webhook\\\" is on. No timestamp; deliveries may arrive out of order. [D] header, [T] hex.",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "x-ld-signature",
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
            id: "sonatype-nexus",
            vectors: "derived",
            name: "Sonatype Nexus Repository",
            headers: &["x-nexus-webhook-signature"],
            algorithm: "HMAC-SHA1 of the body, hex",
            secret_form: "the webhook secret key, as text",
            family: FAMILY,
            notes: "No timestamp. [T] in the reference (webhooks.fyi, fluxcd/flux-recv).",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "x-nexus-webhook-signature",
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
            id: "terraform",
            vectors: "derived",
            name: "HCP Terraform / Terraform Enterprise",
            headers: &["x-tfe-notification-signature"],
            algorithm: "HMAC-SHA512 of the body, hex",
            secret_form: "the notification configuration token, as text",
            family: FAMILY,
            notes: "Present when the notification has a token; Slack-type notifications use Slack's scheme instead. [D] header, [T] SHA-512.",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "x-tfe-notification-signature",
                layout: Layout::Whole { prefix: "" },
                hash: Hash::Sha512,
                enc: Enc::Hex,
                role: Role::Current,
                label: "sha512",
            }],
            ..BODY
        }),
    },
    Provider {
        info: ProviderInfo {
            id: "gitea",
            vectors: "derived",
            name: "Gitea / Forgejo / Gogs",
            headers: &[
                "x-gitea-signature",
                "x-forgejo-signature",
                "x-gogs-signature",
                "x-hub-signature-256",
            ],
            algorithm: "HMAC-SHA256 of the body, hex (`sha256=` on X-Hub-Signature-256)",
            secret_form: "the webhook secret, as text",
            family: FAMILY,
            notes: "Any of the four headers may decide (all carry the same MAC); sign writes X-Gitea-Signature. [K]/[T] header set in the reference.",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[
                SigSource {
                    header: "x-gitea-signature",
                    layout: Layout::Whole { prefix: "" },
                    hash: Hash::Sha256,
                    enc: Enc::Hex,
                    role: Role::Current,
                    label: "sha256",
                },
                SigSource {
                    header: "x-forgejo-signature",
                    layout: Layout::Whole { prefix: "" },
                    hash: Hash::Sha256,
                    enc: Enc::Hex,
                    role: Role::Alternate,
                    label: "sha256",
                },
                SigSource {
                    header: "x-gogs-signature",
                    layout: Layout::Whole { prefix: "" },
                    hash: Hash::Sha256,
                    enc: Enc::Hex,
                    role: Role::Alternate,
                    label: "sha256",
                },
                SigSource {
                    header: "x-hub-signature-256",
                    layout: Layout::Whole { prefix: "sha256=" },
                    hash: Hash::Sha256,
                    enc: Enc::Hex,
                    role: Role::Alternate,
                    label: "sha256",
                },
            ],
            ..BODY
        }),
    },
    Provider {
        info: ProviderInfo {
            id: "autodesk",
            vectors: "derived",
            name: "Autodesk Platform Services (Forge)",
            headers: &["x-adsk-signature"],
            algorithm: "HMAC-SHA1 of the body, hex, `sha1hash=` prefix",
            secret_form: "the token registered with POST /webhooks/v1/tokens, as text",
            family: FAMILY,
            notes: "Open question settled as HMAC-SHA1: Autodesk's own tutorial (aps.autodesk.com …/tutorials/how-to-verify-payload-signature) computes crypto.createHmac('sha1', token) and compares 'sha1hash=' + hex, and the official aps-webhooks-signature samples say HMAC-SHA1; webhooks.fyi's SHA-256 is wrong. No timestamp.",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "x-adsk-signature",
                layout: Layout::Whole {
                    prefix: "sha1hash=",
                },
                hash: Hash::Sha1,
                enc: Enc::Hex,
                role: Role::Current,
                label: "sha1hash",
            }],
            ..BODY
        }),
    },
    Provider {
        info: ProviderInfo {
            id: "docusign",
            vectors: "derived",
            name: "DocuSign Connect (HMAC)",
            headers: &["x-docusign-signature-1", "x-authorization-digest"],
            algorithm: "HMAC-SHA256 of the body, base64, one X-DocuSign-Signature-N header per active key",
            secret_form: "a Connect HMAC key, as text (add each active key)",
            family: FAMILY,
            notes: "Every numbered header (-1 … -100) is tried against every configured key (rotation). The whole body is signed, line endings included. [D] in the reference.",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "x-docusign-signature-*",
                layout: Layout::Whole { prefix: "" },
                hash: Hash::Sha256,
                enc: Enc::Base64,
                role: Role::Current,
                label: "sha256",
            }],
            ..BODY
        }),
    },
];
