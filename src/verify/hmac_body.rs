//! Family A: an HMAC over the raw body and nothing else, one row per sender whose header
//! names it (senders sharing a header are in `hmac_shared_header`). A data table; the few
//! endpoint challenges of these senders (Asana, Dropbox, Twitter, Worldline, Xero) follow it.

use super::base::Context;
use super::challenge::{self, Challenge};
use super::mac::{encode, mac};
use super::provider::{Provider as _, ProviderInfo};
use super::row::Row;
use super::template::{
    BODY, BODY_FAMILY, Cmp, Enc, HEX256, Hash, Key, Layout, Role, SigSource, Stamp, Template, TsSrc,
};
use super::window::{Unit, Window};
use crate::capture::{Capture, Verdict};
use bytes::Bytes;

pub(crate) static SENTRY: Row = Row {
    info: ProviderInfo {
        id: "sentry",
        vectors: "derived",
        name: "Sentry (integration platform)",
        headers: &["sentry-hook-signature", "sentry-app-signature"],
        algorithm: "HMAC-SHA256 of the body, hex",
        secret_form: "the integration's client secret, as text",
        family: BODY_FAMILY,
        notes: "Sentry-Hook-Timestamp is sent but is not part of the signed bytes, so it is not checked. Algorithm [T/K] in the reference.",
        sdk: "no receiving SDK; Sentry's docs point to its official example app, which decides: getsentry/integration-platform-example (10cf516) backend-ts/src/api/middleware/verifySentrySignature.ts and backend-py verify_sentry_signature.py: hex HMAC-SHA256 of the raw body keyed by the client secret, compared as text (=== / compare_digest) with sentry-hook-signature OR the legacy sentry-app-signature; Sentry-Hook-Timestamp is not checked",
    },
    detect: &["sentry-hook-signature", "sentry-app-signature"],
    template: Template {
        // Sentry's example app accepts the digest in either header (a legacy "HACK").
        sigs: &[
            SigSource {
                header: "sentry-hook-signature",
                ..HEX256
            },
            SigSource {
                header: "sentry-app-signature",
                role: Role::Alternate,
                ..HEX256
            },
        ],
        ..BODY
    },
    handshake: None,
};

pub(crate) static ALCHEMY: Row = Row {
    info: ProviderInfo {
        id: "alchemy",
        vectors: "derived",
        name: "Alchemy (Notify)",
        headers: &["x-alchemy-signature"],
        algorithm: "HMAC-SHA256 of the body, hex",
        secret_form: "the webhook's signing key, as text",
        family: BODY_FAMILY,
        notes: "No timestamp. [T] in the reference.",
        sdk: "no verify helper in alchemy-sdk-js 3.6.3 (read: no webhook signature code); Alchemy's documented check decides: X-Alchemy-Signature = hex HMAC-SHA256 of the raw body keyed by the webhook signing key (docs.alchemy.com, webhook signatures)",
    },
    detect: &["x-alchemy-signature"],
    template: Template {
        sigs: &[SigSource {
            header: "x-alchemy-signature",
            ..HEX256
        }],
        ..BODY
    },
    handshake: None,
};

pub(crate) static ASANA: Row = Row {
    info: ProviderInfo {
        id: "asana",
        vectors: "derived",
        name: "Asana",
        headers: &["x-hook-signature"],
        algorithm: "HMAC-SHA256 of the body, hex",
        secret_form: "the X-Hook-Secret value from the handshake request, as text",
        family: BODY_FAMILY,
        notes: "The first POST carries X-Hook-Secret; `listen` echoes it back (handshake) and the capture shows the value to use as the secret. [K] in the reference.",
        sdk: "no verify helper in node-asana 3.1.9 (read: no signature code); Asana's documented check decides: X-Hook-Signature = hex HMAC-SHA256 of the body keyed by the X-Hook-Secret from the handshake (developers.asana.com webhooks, security)",
    },
    detect: &["x-hook-signature"],
    template: Template {
        sigs: &[SigSource {
            header: "x-hook-signature",
            ..HEX256
        }],
        ..BODY
    },
    handshake: Some(asana_hook_secret),
};

pub(crate) static DROPBOX: Row = Row {
    info: ProviderInfo {
        id: "dropbox",
        vectors: "derived",
        name: "Dropbox",
        headers: &["x-dropbox-signature"],
        algorithm: "HMAC-SHA256 of the body, hex",
        secret_form: "the app secret, as text",
        family: BODY_FAMILY,
        notes: "The GET ?challenge= verification is unsigned and answered by `listen`. [T] in the reference; the third-party vector passes.",
        sdk: "no verify helper in dropbox-sdk-js 10.37.0 (read: no webhook signature code); Dropbox's documented check decides: X-Dropbox-Signature = hex HMAC-SHA256 of the body keyed by the app secret (dropbox.com developers reference, webhooks)",
    },
    detect: &["x-dropbox-signature"],
    template: Template {
        sigs: &[SigSource {
            header: "x-dropbox-signature",
            ..HEX256
        }],
        ..BODY
    },
    handshake: Some(dropbox_challenge),
};

pub(crate) static COINBASE_COMMERCE: Row = Row {
    info: ProviderInfo {
        id: "coinbase-commerce",
        vectors: "published",
        name: "Coinbase Commerce",
        headers: &["x-cc-webhook-signature"],
        algorithm: "HMAC-SHA256 of the body, hex",
        secret_form: "the shared secret, as text",
        family: BODY_FAMILY,
        notes: "No timestamp. Published SDK vectors pass.",
        sdk: "coinbase-commerce-node 1.0.4 lib/Webhook.js verifySigHeader: hex HMAC-SHA256 of the body compared as text (secure-compare, case matters), no timestamp; verifyEventBody also wants JSON with an `event` field",
    },
    detect: &["x-cc-webhook-signature"],
    template: Template {
        sigs: &[SigSource {
            header: "x-cc-webhook-signature",
            ..HEX256
        }],
        ..BODY
    },
    handshake: None,
};

pub(crate) static LINEAR: Row = Row {
    info: ProviderInfo {
        id: "linear",
        vectors: "derived",
        name: "Linear",
        headers: &["linear-signature", "linear-timestamp"],
        algorithm: "HMAC-SHA256 of the body, hex; freshness from the body's webhookTimestamp (ms), else the linear-timestamp header",
        secret_form: "the signing secret (`lin_wh_…`), as text",
        family: BODY_FAMILY,
        notes: "The SDK rejects |now − timestamp| > 60 s (symmetric, milliseconds). It prefers the signed body field webhookTimestamp and falls back to the unsigned linear-timestamp header; with neither it checks no time, and so does hookcli. It parses the body as JSON first (not JSON: rejected) and compares the hex signature as text (upper case: rejected).",
        sdk: "@linear/sdk 88.3.0 src/webhooks/client.ts (LinearWebhookClient): body webhookTimestamp ?? linear-timestamp, ±60 s, hex text",
    },
    detect: &["linear-signature"],
    template: Template {
        sigs: &[SigSource {
            header: "linear-signature",
            ..HEX256
        }],
        ts: Some(Stamp {
            src: TsSrc::BodyOrHeader("webhookTimestamp", "linear-timestamp"),
            unit: Unit::Millis,
            window: Window::sym(60),
            min_ms: 0,
            name: "webhookTimestamp",
        }),
        ..BODY
    },
    handshake: None,
};

pub(crate) static PAGERDUTY: Row = Row {
    info: ProviderInfo {
        id: "pagerduty",
        vectors: "published",
        name: "PagerDuty (v3 webhook subscriptions)",
        headers: &["x-pagerduty-signature"],
        algorithm: "HMAC-SHA256 of the body, hex, comma list of `v1=` entries",
        secret_form: "the subscription secret, as text (it looks like base64 but is not decoded)",
        family: BODY_FAMILY,
        notes: "Several v1 entries during rotation; entries of other versions are ignored. go-pagerduty hex-decodes each entry and compares bytes (hmac.Equal), so upper-case hex is valid. Published go-pagerduty vectors pass.",
        sdk: "go-pagerduty (v1.8.0+47) webhookv3/webhookv3.go VerifySignature: comma-split `v1=` entries, hex-decoded, hmac.Equal over bytes; no timestamp",
    },
    detect: &["x-pagerduty-signature"],
    template: Template {
        sigs: &[SigSource {
            header: "x-pagerduty-signature",
            layout: Layout::List {
                seps: ",",
                prefix: "v1=",
            },
            label: "v1",
            cmp: Cmp::Bytes,
            ..HEX256
        }],
        ..BODY
    },
    handshake: None,
};

pub(crate) static SHOPIFY: Row = Row {
    info: ProviderInfo {
        id: "shopify",
        vectors: "derived",
        name: "Shopify",
        headers: &["x-shopify-hmac-sha256", "shopify-hmac-sha256"],
        algorithm: "HMAC-SHA256 of the body, base64 (x-shopify-hmac-sha256; Shopify Events send shopify-hmac-sha256)",
        secret_form: "the app's client secret (or the admin-shown signing key), as text",
        family: BODY_FAMILY,
        notes: "No timestamp is signed (X-Shopify-Triggered-At is informational); the SDK checks none. Several secrets cover shopify-api-ruby's old_api_secret_key fallback. The SDK also takes the Events header shopify-hmac-sha256 (same HMAC); like hookcli it compares the base64 text (non-canonical base64 does not match).",
        sdk: "@shopify/shopify-api 13.1.0 lib/webhooks/validate.ts + lib/utils/hmac-validator.ts (validateHmacString, safeCompare over base64 text)",
    },
    detect: &["x-shopify-hmac-sha256", "shopify-hmac-sha256"],
    template: Template {
        sigs: &[
            SigSource {
                header: "x-shopify-hmac-sha256",
                enc: Enc::Base64,
                ..HEX256
            },
            SigSource {
                header: "shopify-hmac-sha256",
                enc: Enc::Base64,
                role: Role::Alternate,
                ..HEX256
            },
        ],
        ..BODY
    },
    handshake: None,
};

pub(crate) static XERO: Row = Row {
    info: ProviderInfo {
        id: "xero",
        vectors: "derived",
        name: "Xero",
        headers: &["x-xero-signature"],
        algorithm: "HMAC-SHA256 of the body, base64",
        secret_form: "the webhooks key, as text",
        family: BODY_FAMILY,
        notes: "Intent-to-receive: Xero expects 200 with an empty body for a correct signature and 401 for a wrong one; `listen` answers so when the secret is configured. [T/K] in the reference.",
        sdk: "no verify helper in xero-node 19.0.0 (read: no signature code); Xero's documented check decides: x-xero-signature = base64 HMAC-SHA256 of the raw body with the webhooks key, compared with the header; intent-to-receive answers 200/401 (developer.xero.com webhooks)",
    },
    detect: &["x-xero-signature"],
    template: Template {
        sigs: &[SigSource {
            header: "x-xero-signature",
            enc: Enc::Base64,
            ..HEX256
        }],
        ..BODY
    },
    handshake: Some(xero_intent),
};

pub(crate) static BOLT: Row = Row {
    info: ProviderInfo {
        id: "bolt",
        vectors: "derived",
        name: "Bolt",
        headers: &["x-bolt-hmac-sha256", "x-bolt-hmac-sha256-pending"],
        algorithm: "HMAC-SHA256 of the body, base64",
        secret_form: "the signing secret, as text",
        family: BODY_FAMILY,
        notes: "During rotation X-Bolt-Hmac-Sha256-Pending carries a signature with the new key; either header matching is enough. [T] in the reference.",
        sdk: "no receiving SDK helper; Bolt's docs decide (help.bolt.com/developers/webhooks/hook-verification and the gaming guide's validate-authenticity): X-Bolt-Hmac-Sha256 is the base64 HMAC-SHA256 of the raw payload keyed by the signing secret, compared with == / === (text); or forward the request to Bolt's /v1/merchant/verify_signature. No timestamp. The X-Bolt-Hmac-Sha256-Pending header accepted during key rotation is the reference's, not in the pages read",
    },
    detect: &["x-bolt-hmac-sha256", "x-bolt-hmac-sha256-pending"],
    template: Template {
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
    },
    handshake: None,
};

pub(crate) static TYPEFORM: Row = Row {
    info: ProviderInfo {
        id: "typeform",
        vectors: "derived",
        name: "Typeform",
        headers: &["typeform-signature"],
        algorithm: "HMAC-SHA256 of the body, base64 (not hex), `sha256=` prefix",
        secret_form: "the webhook secret, as text",
        family: BODY_FAMILY,
        notes: "No timestamp. [T] in the reference.",
        sdk: "no official verifier (Typeform publishes no receiving SDK); its documented check decides: Typeform-Signature = sha256= + base64 HMAC-SHA256 of the raw body, compared as a whole string (typeform.com developers, webhooks security); no timestamp",
    },
    detect: &["typeform-signature"],
    template: Template {
        sigs: &[SigSource {
            header: "typeform-signature",
            layout: Layout::Whole { prefix: "sha256=" },
            enc: Enc::Base64,
            ..HEX256
        }],
        ..BODY
    },
    handshake: None,
};

pub(crate) static AIRTABLE: Row = Row {
    info: ProviderInfo {
        id: "airtable",
        vectors: "derived",
        name: "Airtable",
        headers: &["x-airtable-content-mac"],
        algorithm: "HMAC-SHA256 of the body, hex, `hmac-sha256=` prefix",
        secret_form: "the webhook's macSecretBase64 (base64; decoded to get the key)",
        family: BODY_FAMILY,
        notes: "The notification is a ping; data is fetched from /payloads. Hex (not base64) output is [T]: the reference's sources disagree; hex is what several implementations use.",
        sdk: "no verify helper in airtable.js 0.12.2 (read: no webhook code); Airtable's documented check decides: X-Airtable-Content-MAC = hmac-sha256= + hex HMAC-SHA256 of the body keyed by the base64-decoded macSecretBase64 (airtable.com developers, webhooks API)",
    },
    detect: &["x-airtable-content-mac"],
    template: Template {
        sigs: &[SigSource {
            header: "x-airtable-content-mac",
            layout: Layout::Whole {
                prefix: "hmac-sha256=",
            },
            ..HEX256
        }],
        key: Key::Base64,
        ..BODY
    },
    handshake: None,
};

pub(crate) static VERCEL: Row = Row {
    info: ProviderInfo {
        id: "vercel",
        vectors: "derived",
        name: "Vercel",
        headers: &["x-vercel-signature"],
        algorithm: "HMAC-SHA1 of the body, hex",
        secret_form: "the webhook secret (account webhooks) or the integration's client secret, as text",
        family: BODY_FAMILY,
        notes: "No timestamp. [T] in the reference.",
        sdk: "no verify helper in @vercel/sdk 1.28.21 (read: no webhook signature code); Vercel's documented check decides: x-vercel-signature = hex HMAC-SHA1 of the raw body keyed by the webhook secret (or the integration's client secret), compared with the header (vercel.com docs, webhooks, securing)",
    },
    detect: &["x-vercel-signature"],
    template: Template {
        sigs: &[SigSource {
            header: "x-vercel-signature",
            hash: Hash::Sha1,
            label: "sha1",
            ..HEX256
        }],
        ..BODY
    },
    handshake: None,
};

pub(crate) static CASTLE: Row = Row {
    info: ProviderInfo {
        id: "castle",
        vectors: "published",
        name: "Castle",
        headers: &["x-castle-signature"],
        algorithm: "HMAC-SHA256 of the body, base64",
        secret_form: "the API secret, as text",
        family: BODY_FAMILY,
        notes: "No timestamp. castle-ruby Castle::Webhooks::Verify; its published vector passes [S].",
        sdk: "castle-node 3.0.0 src/webhook/services/webhook-verify.service.ts WebhookVerifyService.call: base64 HMAC-SHA256 of the raw body keyed by the API secret, compared as text (timingSafeEqual over the strings); an empty body is refused; no timestamp",
    },
    detect: &["x-castle-signature"],
    template: Template {
        sigs: &[SigSource {
            header: "x-castle-signature",
            enc: Enc::Base64,
            ..HEX256
        }],
        ..BODY
    },
    handshake: None,
};

pub(crate) static CHARGIFY: Row = Row {
    info: ProviderInfo {
        id: "chargify",
        vectors: "derived",
        name: "Maxio Advanced Billing (Chargify)",
        headers: &["x-chargify-webhook-signature-hmac-sha-256"],
        algorithm: "HMAC-SHA256 of the body, hex",
        secret_form: "the Site Shared Key, as text",
        family: BODY_FAMILY,
        notes: "Bodies are form-encoded by default; the bytes are verified as received. The legacy X-Chargify-Webhook-Signature (MD5 of key+body) is not checked [K]. [T] in the reference.",
        sdk: "no verify helper: Maxio's official SDK (@maxio-com/advanced-billing-sdk 9.0.0, maxio-com/ab-typescript-sdk 4aecf7e) only lists and replays webhooks (its Webhook model carries signature and signature_hmac_sha_256 as data), so Maxio's webhook docs decide; that page was not in the stored copy, so the scheme (X-Chargify-Webhook-Signature-Hmac-Sha-256 = hex HMAC-SHA256 of the raw body keyed by the site shared key, no timestamp) is the reference's",
    },
    detect: &["x-chargify-webhook-signature-hmac-sha-256"],
    template: Template {
        sigs: &[SigSource {
            header: "x-chargify-webhook-signature-hmac-sha-256",
            ..HEX256
        }],
        ..BODY
    },
    handshake: None,
};

pub(crate) static RAZORPAY: Row = Row {
    info: ProviderInfo {
        id: "razorpay",
        vectors: "published",
        name: "Razorpay",
        headers: &["x-razorpay-signature"],
        algorithm: "HMAC-SHA256 of the body, hex",
        secret_form: "the webhook secret (set on the webhook, not the API key secret), as text",
        family: BODY_FAMILY,
        notes: "No timestamp; the raw bytes matter (the SDK vector fails without its final LF) [S].",
        sdk: "razorpay-node 2.9.6 lib/utils/razorpay-utils.js validateWebhookSignature: hex HMAC of the body compared with === (text); no timestamp",
    },
    detect: &["x-razorpay-signature"],
    template: Template {
        sigs: &[SigSource {
            header: "x-razorpay-signature",
            ..HEX256
        }],
        ..BODY
    },
    handshake: None,
};

pub(crate) static PAYSTACK: Row = Row {
    info: ProviderInfo {
        id: "paystack",
        vectors: "derived",
        name: "Paystack",
        headers: &["x-paystack-signature"],
        algorithm: "HMAC-SHA512 of the body, hex",
        secret_form: "the account secret key (sk_test_… / sk_live_…), as text",
        family: BODY_FAMILY,
        notes: "No timestamp; the raw bytes are verified (Paystack's own snippets hash JSON.stringify(req.body), which a CLI must not). Open question checked: a newer official snippet (PaystackOSS/doc-code-snippets verifying-signature/index.js) parses `t=<s>,v1=<kid>:<hex>` with HMAC-SHA512 over `{t}.{body}`, ±300 s and several secrets, but the header it reads was not in the stored copy, so that scheme is not implemented; x-paystack-signature stays the documented one.",
        sdk: "no verify helper: paystack-node 1.2.1-beta.2 and paystack-python (d95dc8d) have none, so Paystack's own docs snippets decide (PaystackOSS/doc-code-snippets 94af513 src/doc/payments/webhooks/verifying-transaction: hex HMAC-SHA512 of the body keyed by the secret key, compared with == / !== as text; the PHP one hashes the raw input, the Node one re-stringifies the parsed JSON, which a CLI must not); no timestamp",
    },
    detect: &["x-paystack-signature"],
    template: Template {
        sigs: &[SigSource {
            header: "x-paystack-signature",
            hash: Hash::Sha512,
            label: "sha512",
            ..HEX256
        }],
        ..BODY
    },
    handshake: None,
};

pub(crate) static CHECKOUT_COM: Row = Row {
    info: ProviderInfo {
        id: "checkout-com",
        vectors: "derived",
        name: "Checkout.com",
        headers: &["cko-signature"],
        algorithm: "HMAC-SHA256 of the body, hex",
        secret_form: "the webhook signature key, as text",
        family: BODY_FAMILY,
        notes: "No timestamp. An optional Authorization header carries a configured static value; it is not checked. [K] in the reference.",
        sdk: "no verify helper in checkout-sdk-node 4.1.0 (read: no webhook signature code); Checkout.com's documented check decides: Cko-Signature = hex HMAC-SHA256 of the body keyed by the webhook's secret key (checkout.com docs, webhooks)",
    },
    detect: &["cko-signature"],
    template: Template {
        sigs: &[SigSource {
            header: "cko-signature",
            ..HEX256
        }],
        ..BODY
    },
    handshake: None,
};

pub(crate) static CREEM: Row = Row {
    info: ProviderInfo {
        id: "creem",
        vectors: "derived",
        name: "Creem",
        headers: &["creem-signature"],
        algorithm: "HMAC-SHA256 of the body, hex",
        secret_form: "the webhook secret, as text",
        family: BODY_FAMILY,
        notes: "No timestamp. [K] in the reference.",
        sdk: "creem_io 1.1.0 (armitage-labs/creem packages/creem-io/resources/webhooks.ts verifySignature): hex HMAC-SHA256 of the body (as UTF-8 text) from creem-signature, compared as text with timingSafeEqual over the strings, no timestamp",
    },
    detect: &["creem-signature"],
    template: Template {
        sigs: &[SigSource {
            header: "creem-signature",
            ..HEX256
        }],
        ..BODY
    },
    handshake: None,
};

pub(crate) static AFTERSHIP: Row = Row {
    info: ProviderInfo {
        id: "aftership",
        vectors: "derived",
        name: "AfterShip",
        headers: &["aftership-hmac-sha256"],
        algorithm: "HMAC-SHA256 of the body, base64",
        secret_form: "the webhook secret, as text",
        family: BODY_FAMILY,
        notes: "No timestamp. [K] in the reference.",
        sdk: "no verify helper: aftership-sdk-nodejs 8.1.0 only signs its own API requests (src/lib/signature.ts), so the documented check decides (aftership-hmac-sha256: base64 HMAC-SHA256 of the body, no timestamp)",
    },
    detect: &["aftership-hmac-sha256"],
    template: Template {
        sigs: &[SigSource {
            header: "aftership-hmac-sha256",
            enc: Enc::Base64,
            ..HEX256
        }],
        ..BODY
    },
    handshake: None,
};

pub(crate) static WOOCOMMERCE: Row = Row {
    info: ProviderInfo {
        id: "woocommerce",
        vectors: "derived",
        name: "WooCommerce",
        headers: &["x-wc-webhook-signature"],
        algorithm: "HMAC-SHA256 of the body, base64",
        secret_form: "the webhook secret exactly as shown in the admin, as text",
        family: BODY_FAMILY,
        notes: "No timestamp. WooCommerce HTML-entity-decodes the stored secret before signing [K], so enter it as displayed. The creation ping (webhook_id=…, form) is unsigned.",
        sdk: "no receiving SDK; the sender decides: woocommerce includes/class-wc-webhook.php generate_signature (since 2.2.0): base64 of HMAC-SHA256 (filterable, sha256 by default) of the payload keyed by wp_specialchars_decode(secret, ENT_QUOTES); no timestamp",
    },
    detect: &["x-wc-webhook-signature"],
    template: Template {
        sigs: &[SigSource {
            header: "x-wc-webhook-signature",
            enc: Enc::Base64,
            ..HEX256
        }],
        ..BODY
    },
    handshake: None,
};

pub(crate) static SURVEYMONKEY: Row = Row {
    info: ProviderInfo {
        id: "surveymonkey",
        vectors: "derived",
        name: "SurveyMonkey",
        headers: &["sm-signature", "sm-apikey"],
        algorithm: "HMAC-SHA1 of the body, base64, keyed by `api_key&api_secret`",
        secret_form: "`API_KEY&API_SECRET` (the two joined by &), as text",
        family: BODY_FAMILY,
        notes: "Sm-Apikey names the app; the key is the API key (or client id) and secret joined by &, as in SurveyMonkey's API docs.",
        sdk: "no receiving SDK (SurveyMonkey publishes only mobile SDKs); its official API docs decide (SurveyMonkey/public_api_docs fc28bbc includes/_webhooks.md, \"Webhook Callbacks\"): Sm-Signature is the base64 HMAC-SHA1 of the body exactly as received, keyed by `api_key&api_secret` (Client ID when there is no API key), compared with compare_digest (text); Sm-Apikey names the app; no timestamp",
    },
    detect: &["sm-signature"],
    template: Template {
        sigs: &[SigSource {
            header: "sm-signature",
            hash: Hash::Sha1,
            enc: Enc::Base64,
            label: "sha1",
            ..HEX256
        }],
        ..BODY
    },
    handshake: None,
};

pub(crate) static CIRCLECI: Row = Row {
    info: ProviderInfo {
        id: "circleci",
        vectors: "derived",
        name: "CircleCI (outbound webhooks)",
        headers: &["circleci-signature"],
        algorithm: "HMAC-SHA256 of the body, hex, in a comma list `v1=<hex>[,vN=…]`",
        secret_form: "the webhook signing secret, as text",
        family: BODY_FAMILY,
        notes: "Only v1 entries are tried; other versions are ignored. No timestamp: deduplicate on the body id. [D] in the reference.",
        sdk: "no receiving SDK; CircleCI's docs (circleci.com/docs/webhooks, \"Webhook payload signature\") and its staff answer on discuss.circleci.com (t/40979) decide: circleci-signature carries `v1=` + hex HMAC-SHA256 of the body with the signing secret, only v1 is sent, other versions are to be ignored; no timestamp",
    },
    detect: &["circleci-signature"],
    template: Template {
        sigs: &[SigSource {
            header: "circleci-signature",
            layout: Layout::List {
                seps: ",",
                prefix: "v1=",
            },
            label: "v1",
            ..HEX256
        }],
        ..BODY
    },
    handshake: None,
};

pub(crate) static HEROKU: Row = Row {
    info: ProviderInfo {
        id: "heroku",
        vectors: "derived",
        name: "Heroku (app and add-on webhooks)",
        headers: &["heroku-webhook-hmac-sha256"],
        algorithm: "HMAC-SHA256 of the body, base64",
        secret_form: "the subscription secret, as text",
        family: BODY_FAMILY,
        notes: "Sent only when the subscription has a secret. No timestamp. [D] header, [T] encoding.",
        sdk: "no receiving SDK or helper; the Dev Center decides (devcenter.heroku.com/articles/app-webhooks and addon-webhooks: deliveries carry the HMAC-SHA256 of the body keyed by the subscription's secret in Heroku-Webhook-Hmac-SHA256; no timestamp). The base64 encoding is the reference's, not stated in the excerpt read",
    },
    detect: &["heroku-webhook-hmac-sha256"],
    template: Template {
        sigs: &[SigSource {
            header: "heroku-webhook-hmac-sha256",
            enc: Enc::Base64,
            ..HEX256
        }],
        ..BODY
    },
    handshake: None,
};

pub(crate) static LAUNCHDARKLY: Row = Row {
    info: ProviderInfo {
        id: "launchdarkly",
        vectors: "derived",
        name: "LaunchDarkly",
        headers: &["x-ld-signature"],
        algorithm: "HMAC-SHA256 of the body, hex",
        secret_form: "the webhook secret, as text",
        family: BODY_FAMILY,
        notes: "Present when \\\"Sign this webhook\\\" is on. No timestamp; deliveries may arrive out of order. [D] header, [T] hex.",
        sdk: "no receiving helper in the LaunchDarkly SDKs (they evaluate flags); the docs decide (docs.launchdarkly.com/home/connecting/webhooks, \"Signing webhooks\": with a secret defined, X-LD-Signature is the hex HMAC-SHA256 digest of the payload keyed by it; no timestamp, and deliveries may arrive out of order, so the payload's date field orders them)",
    },
    detect: &["x-ld-signature"],
    template: Template {
        sigs: &[SigSource {
            header: "x-ld-signature",
            ..HEX256
        }],
        ..BODY
    },
    handshake: None,
};

pub(crate) static SONATYPE_NEXUS: Row = Row {
    info: ProviderInfo {
        id: "sonatype-nexus",
        vectors: "derived",
        name: "Sonatype Nexus Repository",
        headers: &["x-nexus-webhook-signature"],
        algorithm: "HMAC-SHA1 of the body, hex",
        secret_form: "the webhook secret key, as text",
        family: BODY_FAMILY,
        notes: "No timestamp. [T] in the reference (webhooks.fyi, fluxcd/flux-recv).",
        sdk: "no receiving SDK; Sonatype's docs decide (help.sonatype.com \"Working With HMAC Payloads\" and \"Enabling A Repository Webhook Capability\": with a secret key set, X-Nexus-Webhook-Signature is the hex HMAC-SHA1 of the JSON body, which Nexus sends without whitespace; the docs' node sample re-stringifies the parsed body, hookcli hashes the bytes received); no timestamp",
    },
    detect: &["x-nexus-webhook-signature"],
    template: Template {
        sigs: &[SigSource {
            header: "x-nexus-webhook-signature",
            hash: Hash::Sha1,
            label: "sha1",
            ..HEX256
        }],
        ..BODY
    },
    handshake: None,
};

pub(crate) static TERRAFORM: Row = Row {
    info: ProviderInfo {
        id: "terraform",
        vectors: "derived",
        name: "HCP Terraform / Terraform Enterprise",
        headers: &["x-tfe-notification-signature"],
        algorithm: "HMAC-SHA512 of the body, hex",
        secret_form: "the notification configuration token, as text",
        family: BODY_FAMILY,
        notes: "Present when the notification has a token; Slack-type notifications use Slack's scheme instead. [D] header, [T] SHA-512.",
        sdk: "no receiving SDK (go-tfe only configures notifications); HashiCorp's docs decide (Terraform Cloud/Enterprise \"Notification Authenticity\", in the workspace notifications page and the notification-configurations API docs: with a token set, X-TFE-Notification-Signature carries an HMAC of the payload computed with the token using SHA-512, hex as in the API docs' example; the receiver validates it; no timestamp). Slack-type notifications use Slack's scheme",
    },
    detect: &["x-tfe-notification-signature"],
    template: Template {
        sigs: &[SigSource {
            header: "x-tfe-notification-signature",
            hash: Hash::Sha512,
            label: "sha512",
            ..HEX256
        }],
        ..BODY
    },
    handshake: None,
};

pub(crate) static GITEA: Row = Row {
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
        family: BODY_FAMILY,
        notes: "Any of the four headers may decide (all carry the same MAC); sign writes X-Gitea-Signature. [K]/[T] header set in the reference.",
        sdk: "no receiving SDK; the sender decides: go-gitea/gitea services/webhook/deliver.go addDefaultHeaders (Forgejo's services/webhook/shared/payloader.go is a fork of it): one lower-case hex HMAC-SHA256 of the payload, written to X-Gitea-Signature, X-Gogs-Signature, X-Forgejo-Signature and `sha256=` X-Hub-Signature-256 (plus a sha1= X-Hub-Signature); no timestamp. Compared as text, as GitHub-style receivers do",
    },
    detect: &[
        "x-gitea-signature",
        "x-forgejo-signature",
        "x-gogs-signature",
    ],
    template: Template {
        sigs: &[
            SigSource {
                header: "x-gitea-signature",
                ..HEX256
            },
            SigSource {
                header: "x-forgejo-signature",
                role: Role::Alternate,
                ..HEX256
            },
            SigSource {
                header: "x-gogs-signature",
                role: Role::Alternate,
                ..HEX256
            },
            SigSource {
                header: "x-hub-signature-256",
                layout: Layout::Whole { prefix: "sha256=" },
                role: Role::Alternate,
                ..HEX256
            },
        ],
        ..BODY
    },
    handshake: None,
};

pub(crate) static AUTODESK: Row = Row {
    info: ProviderInfo {
        id: "autodesk",
        vectors: "derived",
        name: "Autodesk Platform Services (Forge)",
        headers: &["x-adsk-signature"],
        algorithm: "HMAC-SHA1 of the body, hex, `sha1hash=` prefix",
        secret_form: "the token registered with POST /webhooks/v1/tokens, as text",
        family: BODY_FAMILY,
        notes: "Open question settled as HMAC-SHA1: Autodesk's own tutorial (aps.autodesk.com …/tutorials/how-to-verify-payload-signature) computes crypto.createHmac('sha1', token) and compares 'sha1hash=' + hex, and the official aps-webhooks-signature samples say HMAC-SHA1; webhooks.fyi's SHA-256 is wrong. No timestamp.",
        sdk: "no receiving SDK helper; Autodesk's own tutorial decides (aps.autodesk.com/en/docs/webhooks/v1/tutorials/how-to-verify-payload-signature: the Webhooks service computes an HMAC of the callback payload keyed by your secret token and sends it in x-adsk-signature prefixed `sha1hash=`; the server recomputes it from the body it received and compares; its code uses HMAC-SHA1, hex); no timestamp",
    },
    detect: &["x-adsk-signature"],
    template: Template {
        sigs: &[SigSource {
            header: "x-adsk-signature",
            layout: Layout::Whole {
                prefix: "sha1hash=",
            },
            hash: Hash::Sha1,
            label: "sha1hash",
            ..HEX256
        }],
        ..BODY
    },
    handshake: None,
};

pub(crate) static DOCUSIGN: Row = Row {
    info: ProviderInfo {
        id: "docusign",
        vectors: "derived",
        name: "DocuSign Connect (HMAC)",
        headers: &["x-docusign-signature-1", "x-authorization-digest"],
        algorithm: "HMAC-SHA256 of the body, base64, one X-DocuSign-Signature-N header per active key",
        secret_form: "a Connect HMAC key, as text (add each active key)",
        family: BODY_FAMILY,
        notes: "Every numbered header (-1 … -100) is tried against every configured key (rotation). The whole body is signed, line endings included. X-Authorization-Digest must be HMACSHA256, as DocuSign's own listener requires. [D] in the reference.",
        sdk: "no receiving helper in docusign-esign; DocuSign's official Connect listener docusign/connect-node-listener-aws (931ff6f) index.js checkHmac decides: X-Authorization-Digest must be exactly HMACSHA256, then base64 HMAC-SHA256 of the raw body compared with === (text). The sample reads only X-DocuSign-Signature-1; hookcli also tries -2 … -100 against every key, as the Connect HMAC docs describe for several active keys",
    },
    detect: &[],
    template: Template {
        sigs: &[SigSource {
            header: "x-docusign-signature-*",
            enc: Enc::Base64,
            ..HEX256
        }],
        // DocuSign's Connect listener refuses any other digest before reading a signature.
        require: &[("x-authorization-digest", "HMACSHA256")],
        ..BODY
    },
    handshake: None,
};

pub(crate) static TWITTER: Row = Row {
    info: ProviderInfo {
        id: "twitter",
        vectors: "derived",
        name: "Twitter / X (Account Activity, V2 webhooks)",
        headers: &["x-twitter-webhooks-signature"],
        algorithm: "HMAC-SHA256 of the body, base64, `sha256=` prefix",
        secret_form: "the app consumer secret (API secret key), as text",
        family: BODY_FAMILY,
        notes: "No timestamp. The GET ?crc_token= check is answered by `listen` with the consumer secret configured. [D] in the reference.",
        sdk: "no receiving helper in the official X SDK (xdevplatform/xdk at 84c2654 has none); X's own Account Activity library xdevplatform/autohook 1.7.2 index.js validateSignature decides: `sha256=` + base64 HMAC-SHA256 of the body with the consumer secret, the whole header compared as text (timingSafeEqual over the two strings), no timestamp",
    },
    detect: &["x-twitter-webhooks-signature"],
    template: Template {
        sigs: &[SigSource {
            header: "x-twitter-webhooks-signature",
            layout: Layout::Whole { prefix: "sha256=" },
            enc: Enc::Base64,
            ..HEX256
        }],
        ..BODY
    },
    handshake: Some(twitter_crc),
};

pub(crate) static WEBEX: Row = Row {
    info: ProviderInfo {
        id: "webex",
        vectors: "derived",
        name: "Webex (Cisco)",
        headers: &["x-spark-signature"],
        algorithm: "HMAC-SHA1 of the body, hex",
        secret_form: "the webhook secret, as text",
        family: BODY_FAMILY,
        notes: "Present when the webhook was registered with a secret. No timestamp. [D] header, [T] SHA-1.",
        sdk: "no official verify helper found; Webex's own guide decides (developer.webex.com/blog/using-a-webhook-secret, linked from the webhooks guide): X-Spark-Signature is the hex HMAC-SHA1 of the raw body keyed by the webhook's secret, compared with == (text); no timestamp",
    },
    detect: &["x-spark-signature"],
    template: Template {
        sigs: &[SigSource {
            header: "x-spark-signature",
            hash: Hash::Sha1,
            label: "sha1",
            ..HEX256
        }],
        ..BODY
    },
    handshake: None,
};

pub(crate) static WORLDLINE: Row = Row {
    info: ProviderInfo {
        id: "worldline",
        vectors: "published+derived",
        name: "Worldline (Connect / Direct)",
        headers: &["x-gcs-signature", "x-gcs-keyid"],
        algorithm: "HMAC-SHA256 of the body, base64; X-GCS-KeyId names the key",
        secret_form: "the secret of a key, as text (add one per active key id)",
        family: BODY_FAMILY,
        notes: "X-GCS-KeyId selects the key in the SDK; here every configured secret is tried, so give all active ones. The GET endpoint verification is answered by `listen`. [S] vector passes.",
        sdk: "connect-sdk-nodejs 7.0.0 src/webhooks/validation.ts validate: X-GCS-KeyId picks the secret from the key store, base64 HMAC-SHA256 of the body compared as text (secure-compare) with X-GCS-Signature; a missing X-GCS-KeyId throws (hookcli tries every configured secret instead); no timestamp",
    },
    detect: &["x-gcs-signature"],
    template: Template {
        sigs: &[SigSource {
            header: "x-gcs-signature",
            enc: Enc::Base64,
            ..HEX256
        }],
        ..BODY
    },
    handshake: Some(worldline_verification),
};

pub(crate) static CLEARBIT: Row = Row {
    info: ProviderInfo {
        id: "clearbit",
        vectors: "derived",
        name: "Clearbit",
        headers: &["x-request-signature"],
        algorithm: "HMAC-SHA1 of the body, hex, `sha1=` prefix",
        secret_form: "the secret API key (a leading sk_ or pk_ is removed, as the SDK does)",
        family: BODY_FAMILY,
        notes: "clearbit-ruby strips sk_/pk_ before computing the HMAC [S]; SDK constants pass with and without the prefix.",
        sdk: "clearbit-ruby 0.3.3 lib/clearbit/webhook.rb Webhook.valid?: key without a leading pk_/sk_, the whole `sha1=<hex HMAC-SHA1 of the body>` compared as text (Rack::Utils.secure_compare); clearbit-node has no webhook helper",
    },
    detect: &["x-request-signature"],
    template: Template {
        sigs: &[SigSource {
            header: "x-request-signature",
            layout: Layout::Whole { prefix: "sha1=" },
            hash: Hash::Sha1,
            label: "sha1",
            ..HEX256
        }],
        key: Key::NoKeyPrefix,
        ..BODY
    },
    handshake: None,
};

pub(crate) static NYLAS: Row = Row {
    info: ProviderInfo {
        id: "nylas",
        vectors: "derived",
        name: "Nylas",
        headers: &["x-nylas-signature"],
        algorithm: "HMAC-SHA256 of the body, hex",
        secret_form: "v3: the webhook_secret returned at creation; v2: the client secret",
        family: BODY_FAMILY,
        notes: "No timestamp; compressed bodies are verified as received. The GET ?challenge= is echoed by `listen`. [D] in the reference.",
        sdk: "no verify helper in nylas-nodejs (v7 line, read at d5a47c6: the SDK only names X-Nylas-Signature); the documented algorithm decides: hex HMAC-SHA256 of the raw body with the webhook_secret, compared with the header (developer.nylas.com webhooks)",
    },
    detect: &["x-nylas-signature"],
    template: Template {
        sigs: &[SigSource {
            header: "x-nylas-signature",
            ..HEX256
        }],
        ..BODY
    },
    handshake: None,
};

pub(crate) static NOTION: Row = Row {
    info: ProviderInfo {
        id: "notion",
        vectors: "derived",
        name: "Notion (integration webhooks)",
        headers: &["x-notion-signature"],
        algorithm: "HMAC-SHA256 of the body, hex, `sha256=` prefix",
        secret_form: "the verification_token Notion POSTs when the subscription is created",
        family: BODY_FAMILY,
        notes: "The first POST carries {\\\"verification_token\\\": …}: paste it into the integration and use it as the secret. [D]/[T] in the reference.",
        sdk: "@notionhq/client (notion-sdk-js) 5.26.0 src/webhooks.ts verifyWebhookSignature: header must start with sha256= (case-sensitive; hookcli also takes SHA256=), the 64 hex lower-cased and compared with the HMAC-SHA256 hex of the raw body keyed by the verification token, so either hex case matches; no timestamp",
    },
    detect: &["x-notion-signature"],
    template: Template {
        sigs: &[SigSource {
            header: "x-notion-signature",
            layout: Layout::Whole { prefix: "sha256=" },
            // @notionhq/client lower-cases the hex before comparing: either case matches.
            cmp: Cmp::Bytes,
            ..HEX256
        }],
        ..BODY
    },
    handshake: None,
};

pub(crate) static HOOKDECK: Row = Row {
    info: ProviderInfo {
        id: "hookdeck",
        vectors: "derived",
        name: "Hookdeck (outbound signatures)",
        headers: &["x-hookdeck-signature", "x-hookdeck-signature-2"],
        algorithm: "HMAC-SHA256 of the body, base64",
        secret_form: "the source signing secret, as text",
        family: BODY_FAMILY,
        notes: "During rotation x-hookdeck-signature-2 carries the MAC made with the other secret; either may match. [T]/[K] in the reference.",
        sdk: "no verify helper in a published Hookdeck SDK; Hookdeck's own hookdeck/webhook-skills (skills/hookdeck-event-gateway/references/verification.md, called there the canonical implementation) decides: base64 HMAC-SHA256 of the raw body compared as text, x-hookdeck-signature or x-hookdeck-signature-2, no timestamp",
    },
    detect: &["x-hookdeck-signature", "x-hookdeck-signature-2"],
    template: Template {
        sigs: &[
            SigSource {
                header: "x-hookdeck-signature",
                enc: Enc::Base64,
                ..HEX256
            },
            SigSource {
                header: "x-hookdeck-signature-2",
                enc: Enc::Base64,
                role: Role::Alternate,
                ..HEX256
            },
        ],
        ..BODY
    },
    handshake: None,
};

// ---- Endpoint challenges ----

/// Asana's first POST carries X-Hook-Secret: echo it back in the same header.
fn asana_hook_secret(c: &Capture, _: &[String]) -> Option<Challenge> {
    let secret = c.header("x-hook-secret")?;
    let mut h = challenge::reply("asana X-Hook-Secret", 200, None, Bytes::new());
    h.headers.push(("x-hook-secret".into(), secret.to_string()));
    Some(Challenge::Answer(h))
}

/// Dropbox (and Nylas, the same way) verify an endpoint with `GET ?challenge=`.
fn dropbox_challenge(c: &Capture, _: &[String]) -> Option<Challenge> {
    let ch = challenge::get_param(c, "challenge")?;
    let mut h = challenge::text("dropbox/nylas challenge", ch);
    h.headers
        .push(("x-content-type-options".into(), "nosniff".into()));
    Some(Challenge::Answer(h))
}

/// Worldline echoes the endpoint-verification header as text.
fn worldline_verification(c: &Capture, _: &[String]) -> Option<Challenge> {
    let v = c.header("x-gcs-webhooks-endpoint-verification")?;
    Some(Challenge::Answer(challenge::text(
        "worldline endpoint verification",
        v.trim().to_string(),
    )))
}

/// Twitter/X CRC: `{"response_token":"sha256=<base64 HMAC-SHA256(consumer secret, token)>"}`.
/// Without the consumer secret nothing can be answered, so the request goes on as usual.
fn twitter_crc(c: &Capture, secrets: &[String]) -> Option<Challenge> {
    let token = challenge::get_param(c, "crc_token")?;
    let Some(secret) = secrets.first() else {
        return Some(Challenge::Pass);
    };
    let m = mac(Hash::Sha256, secret.as_bytes(), &[token.as_bytes()]);
    let b64 = encode(Enc::Base64, &m);
    let body = serde_json::json!({ "response_token": format!("sha256={b64}") }).to_string();
    Some(Challenge::Answer(challenge::json("twitter crc", body)))
}

/// Xero intent-to-receive: 200 with an empty body when the signature is right, 401 when
/// not (answered only with the webhooks key configured).
fn xero_intent(c: &Capture, secrets: &[String]) -> Option<Challenge> {
    c.header("x-xero-signature")?;
    if secrets.is_empty() {
        return Some(Challenge::Pass);
    }
    let ok = XERO.verify(c, secrets, &Context::default()).verdict == Verdict::Valid;
    Some(Challenge::Answer(if ok {
        challenge::reply("xero intent to receive", 200, None, Bytes::new())
    } else {
        challenge::reply(
            "xero intent to receive (bad signature)",
            401,
            None,
            Bytes::new(),
        )
    }))
}
