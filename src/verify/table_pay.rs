//! Registry rows, family A (HMAC over the raw body), payments and commerce senders added
//! with the second reference file (signatures-more.md §3.55–3.102).

use super::registry::{
    Enc, Hash, Layout, Provider, ProviderInfo, Role, Scheme, SigSource, Template,
};
use super::table_body::{BODY, FAMILY};

pub(crate) static ROWS: [Provider; 11] = [
    Provider {
        info: ProviderInfo {
            id: "castle",
            vectors: "published",
            name: "Castle",
            headers: &["x-castle-signature"],
            algorithm: "HMAC-SHA256 of the body, base64",
            secret_form: "the API secret, as text",
            family: FAMILY,
            notes: "No timestamp. castle-ruby Castle::Webhooks::Verify; its published vector passes [S].",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "x-castle-signature",
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
            id: "chargify",
            vectors: "derived",
            name: "Maxio Advanced Billing (Chargify)",
            headers: &["x-chargify-webhook-signature-hmac-sha-256"],
            algorithm: "HMAC-SHA256 of the body, hex",
            secret_form: "the Site Shared Key, as text",
            family: FAMILY,
            notes: "Bodies are form-encoded by default; the bytes are verified as received. The legacy X-Chargify-Webhook-Signature (MD5 of key+body) is not checked [K]. [T] in the reference.",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "x-chargify-webhook-signature-hmac-sha-256",
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
            id: "modern-treasury",
            vectors: "published",
            name: "Modern Treasury",
            headers: &["x-signature"],
            algorithm: "HMAC-SHA256 of the body, hex",
            secret_form: "the webhook key, as text",
            family: FAMILY,
            notes: "No timestamp. X-Signature is shared with Lemon Squeezy, Segment and ClickUp: the configured secret that matches decides. SDK vectors pass [S].",
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
            id: "razorpay",
            vectors: "published",
            name: "Razorpay",
            headers: &["x-razorpay-signature"],
            algorithm: "HMAC-SHA256 of the body, hex",
            secret_form: "the webhook secret (set on the webhook, not the API key secret), as text",
            family: FAMILY,
            notes: "No timestamp; the raw bytes matter (the SDK vector fails without its final LF) [S].",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "x-razorpay-signature",
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
            id: "paystack",
            vectors: "derived",
            name: "Paystack",
            headers: &["x-paystack-signature"],
            algorithm: "HMAC-SHA512 of the body, hex",
            secret_form: "the account secret key (sk_test_… / sk_live_…), as text",
            family: FAMILY,
            notes: "No timestamp; the raw bytes are verified (Paystack's own snippets hash JSON.stringify(req.body), which a CLI must not). Open question checked: a newer official snippet (PaystackOSS/doc-code-snippets verifying-signature/index.js) parses `t=<s>,v1=<kid>:<hex>` with HMAC-SHA512 over `{t}.{body}`, ±300 s and several secrets, but the header it reads was not in the stored copy, so that scheme is not implemented; x-paystack-signature stays the documented one.",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "x-paystack-signature",
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
            id: "gocardless",
            vectors: "published",
            name: "GoCardless",
            headers: &["webhook-signature"],
            algorithm: "HMAC-SHA256 of the body, hex",
            secret_form: "the webhook endpoint secret, as text",
            family: FAMILY,
            notes: "No timestamp. Shares the Webhook-Signature header name with Standard Webhooks; a bare 64-hex value is told apart from a `v1,` list. SDK vector passes [S].",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "webhook-signature",
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
            id: "checkout-com",
            vectors: "derived",
            name: "Checkout.com",
            headers: &["cko-signature"],
            algorithm: "HMAC-SHA256 of the body, hex",
            secret_form: "the webhook signature key, as text",
            family: FAMILY,
            notes: "No timestamp. An optional Authorization header carries a configured static value; it is not checked. [K] in the reference.",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "cko-signature",
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
            id: "creem",
            vectors: "derived",
            name: "Creem",
            headers: &["creem-signature"],
            algorithm: "HMAC-SHA256 of the body, hex",
            secret_form: "the webhook secret, as text",
            family: FAMILY,
            notes: "No timestamp. [K] in the reference.",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "creem-signature",
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
            id: "aftership",
            vectors: "derived",
            name: "AfterShip",
            headers: &["aftership-hmac-sha256"],
            algorithm: "HMAC-SHA256 of the body, base64",
            secret_form: "the webhook secret, as text",
            family: FAMILY,
            notes: "No timestamp. [K] in the reference.",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "aftership-hmac-sha256",
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
            id: "woocommerce",
            vectors: "derived",
            name: "WooCommerce",
            headers: &["x-wc-webhook-signature"],
            algorithm: "HMAC-SHA256 of the body, base64",
            secret_form: "the webhook secret exactly as shown in the admin, as text",
            family: FAMILY,
            notes: "No timestamp. WooCommerce HTML-entity-decodes the stored secret before signing [K], so enter it as displayed. The creation ping (webhook_id=…, form) is unsigned.",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "x-wc-webhook-signature",
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
            id: "surveymonkey",
            vectors: "derived",
            name: "SurveyMonkey",
            headers: &["sm-signature", "sm-apikey"],
            algorithm: "HMAC-SHA1 of the body, base64, keyed by `api_key&api_secret`",
            secret_form: "`API_KEY&API_SECRET` (the two joined by &), as text",
            family: FAMILY,
            notes: "Sm-Apikey names the app; the key is the client id and secret joined by &. [K] in the reference.",
        },
        scheme: Scheme::Hmac(Template {
            sigs: &[SigSource {
                header: "sm-signature",
                layout: Layout::Whole { prefix: "" },
                hash: Hash::Sha1,
                enc: Enc::Base64,
                role: Role::Current,
                label: "sha1",
            }],
            ..BODY
        }),
    },
];
