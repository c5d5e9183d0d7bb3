//! Registry rows for the true exceptions, whose schemes are code (`urlsigned`, `asym`,
//! `jwt`, `token`): their rows carry only what `hookcli providers` prints.

use super::registry::{Code, Provider, ProviderInfo, Scheme};

pub(crate) static ROWS: [Provider; 12] = [
    Provider {
        info: ProviderInfo {
            id: "twilio",
            name: "Twilio (Voice, Messaging, Studio callbacks)",
            headers: &["x-twilio-signature"],
            algorithm: "HMAC-SHA1 over the full URL + sorted form params (name+value), base64; non-form bodies: URL only, carrying bodySHA256=hex(sha256(body))",
            secret_form: "the account auth token, as text (add the secondary token as a second secret)",
            family: "F: URL + sorted params",
            notes: "Signs the public URL: give --public-url behind a tunnel. Like twilio-python, the URL is tried with the default port added and with any port removed, and duplicate parameter values are de-duplicated and sorted. No timestamp.",
        },
        scheme: Scheme::Code(Code::Twilio),
    },
    Provider {
        info: ProviderInfo {
            id: "sendgrid",
            name: "SendGrid Event Webhook",
            headers: &[
                "x-twilio-email-event-webhook-signature",
                "x-twilio-email-event-webhook-timestamp",
            ],
            algorithm: "ECDSA P-256 / SHA-256 over `{timestamp}{body}`, base64 DER signature",
            secret_form: "verify: the verification key (base64 DER SubjectPublicKeyInfo, or PEM); sign: a P-256 private key (hex 32-byte scalar, base64 PKCS#8 DER, or PEM)",
            family: "E: other concatenation (asymmetric)",
            notes: "The SDKs apply no timestamp window; the age is reported. High-S signatures are accepted (normalised), as OpenSSL-based SDKs do.",
        },
        scheme: Scheme::Code(Code::SendGrid),
    },
    Provider {
        info: ProviderInfo {
            id: "discord",
            name: "Discord (interactions, webhook events)",
            headers: &["x-signature-ed25519", "x-signature-timestamp"],
            algorithm: "Ed25519 over `{timestamp}{body}`, hex signature",
            secret_form: "verify: the application public key (64 hex); sign: a 32-byte Ed25519 seed (64 hex)",
            family: "E: other concatenation (asymmetric)",
            notes: "No window in discord-interactions; the age is reported. Discord probes endpoints with bad signatures and expects 401; `listen` answers PING with {\"type\":1} and a bad signature with 401 when the key is configured.",
        },
        scheme: Scheme::Code(Code::Discord),
    },
    Provider {
        info: ProviderInfo {
            id: "hubspot",
            name: "HubSpot",
            headers: &[
                "x-hubspot-signature-v3",
                "x-hubspot-request-timestamp",
                "x-hubspot-signature",
                "x-hubspot-signature-version",
            ],
            algorithm: "v3: HMAC-SHA256 over METHOD+URL+body+timestamp, base64; v2: SHA-256 of secret+METHOD+URL+body, hex; v1: SHA-256 of secret+body, hex",
            secret_form: "the app's client secret, as text",
            family: "E/H: URL-signing (v2, v3)",
            notes: "v3 decides when present (HubSpot sends v1/v2 too); v3 timestamps are ms and older than 5 min are rejected (past only, as hubspot-api-python). The URL is tried as sent and with HubSpot's documented %-decodings [K].",
        },
        scheme: Scheme::Code(Code::HubSpot),
    },
    Provider {
        info: ProviderInfo {
            id: "mailgun",
            name: "Mailgun",
            headers: &[],
            algorithm: "HMAC-SHA256 over `{timestamp}{token}`, hex, all three inside the body (JSON `signature` object or form fields)",
            secret_form: "the HTTP webhook signing key, as text",
            family: "E: other concatenation (fields in the body)",
            notes: "No SDK window (caller-chosen); the age is reported. Detected by a mailgun user agent, or by its body fields when a mailgun secret is configured. Multipart bodies are not parsed.",
        },
        scheme: Scheme::Code(Code::Mailgun),
    },
    Provider {
        info: ProviderInfo {
            id: "contentful",
            name: "Contentful",
            headers: &[
                "x-contentful-signature",
                "x-contentful-signed-headers",
                "x-contentful-timestamp",
            ],
            algorithm: "HMAC-SHA256 over `METHOD\\nPATH\\nsigned headers\\nbody`, hex",
            secret_form: "the 64-character signing secret, as text",
            family: "H: canonical request",
            notes: "Follows @contentful/node-apps-toolkit (read: verify-request.ts, sign-request.ts, utils.ts): path = encodeURI(path + '?' + querystring.escape(query)), headers k:v sorted and joined by ';', TTL 30 s with `now − t >= 30 s` expiring, past only.",
        },
        scheme: Scheme::Code(Code::Contentful),
    },
    Provider {
        info: ProviderInfo {
            id: "plaid",
            name: "Plaid",
            headers: &["plaid-verification"],
            algorithm: "JWT ES256; claim request_body_sha256 = hex SHA-256 of the body",
            secret_form: "verify: the JWK from /webhook_verification_key/get (JSON); sign: a P-256 private key (JWK with d, or hex 32-byte scalar)",
            family: "G: JWT",
            notes: "Requires alg ES256; iat older than 5 min is expired (past only). The JWK is not fetched (no network in verify): pass it as the secret; several JWKs may be given and are picked by kid.",
        },
        scheme: Scheme::Code(Code::Plaid),
    },
    Provider {
        info: ProviderInfo {
            id: "netlify",
            name: "Netlify (deploy notifications)",
            headers: &["x-webhook-signature"],
            algorithm: "JWT HS256; claims iss = netlify, sha256 = hex SHA-256 of the body",
            secret_form: "the JWS secret token, as text",
            family: "G: JWT",
            notes: "Sent only when a JWS secret is configured. No expiry claim. [D] excerpt, [T] details.",
        },
        scheme: Scheme::Code(Code::Netlify),
    },
    Provider {
        info: ProviderInfo {
            id: "gitlab",
            name: "GitLab",
            headers: &["x-gitlab-token", "webhook-signature"],
            algorithm: "X-Gitlab-Token equals the secret token (constant time); or, with a signing token, Standard Webhooks v1 HMAC-SHA256",
            secret_form: "the secret token, as text; or the signing token `whsec_` + base64",
            family: "I: shared token (D: Standard Webhooks when signed)",
            notes: "The signing token (feature flag webhook_signing_token, MR !230944) follows Standard Webhooks; MR !231325 says the token must be whsec_<base64 of 32 bytes>, so its key is base64-decoded like Svix's (checked via the search tool; was unconfirmed in the reference).",
        },
        scheme: Scheme::Code(Code::GitLab),
    },
    Provider {
        info: ProviderInfo {
            id: "postmark",
            name: "Postmark",
            headers: &["authorization"],
            algorithm: "none: HTTP Basic credentials from the webhook URL, compared in constant time",
            secret_form: "`user:pass` as put in the webhook URL",
            family: "I: shared token",
            notes: "Postmark does not sign; only Basic auth (and IP allowlists) protect the endpoint. Detected by a Postmark user agent, or by Basic auth when a postmark secret is configured. [K] in the reference.",
        },
        scheme: Scheme::Code(Code::Postmark),
    },
    Provider {
        info: ProviderInfo {
            id: "okta",
            name: "Okta event hooks",
            headers: &["authorization"],
            algorithm: "none: the configured authentication header carries the configured value verbatim",
            secret_form: "the header value (Authorization by default), or `Header-Name: value` for a custom header",
            family: "I: shared token",
            notes: "Not signed. The one-time GET with X-Okta-Verification-Challenge is answered by `listen`.",
        },
        scheme: Scheme::Code(Code::Okta),
    },
    Provider {
        info: ProviderInfo {
            id: "msgraph",
            name: "Microsoft Graph change notifications",
            headers: &[],
            algorithm: "none: every value[].clientState in the body equals the subscription's clientState",
            secret_form: "the clientState set on the subscription, as text",
            family: "I: shared token (in the body)",
            notes: "Rich notifications' validationTokens JWTs and encryptedContent are not checked. The ?validationToken= handshake is answered by `listen`. [K] in the reference.",
        },
        scheme: Scheme::Code(Code::MsGraph),
    },
];
