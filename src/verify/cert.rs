//! Certificate-signed webhooks (family J): Amazon SNS (RSA over `Name\nValue\n` of the
//! signed fields, in the JSON body) and PayPal (SHA256withRSA over id|time|webhook|crc32).
//! The certificate is pinned as the secret and never fetched (see `rsa_cert`).

use super::base::{Context, fresh_id, out, set_body, which_secret};
use super::challenge::{self, Challenge};
use super::provider::{Provider, ProviderInfo};
use super::rsa_cert::{
    Digest, needs_cert, private_key, public_key, rsa_sign, rsa_verify, sns_body, trusted, untrusted,
};
use super::{parse, window};
use crate::capture::{Capture, Signature, Verdict};
use base64::Engine as _;
use rsa::RsaPublicKey;
use serde_json::{Map, Value};

/// Amazon SNS HTTP/S subscriptions.
pub(crate) struct AmazonSns;

impl Provider for AmazonSns {
    fn info(&self) -> &ProviderInfo {
        &AMAZON_SNS_INFO
    }
    fn detect(&self) -> &'static [&'static str] {
        &[SNS_TYPE]
    }
    fn by_secret(&self, c: &Capture) -> bool {
        parse::contains(&c.body, b"SigningCertURL")
    }
    fn verify(&self, c: &Capture, secrets: &[String], ctx: &Context) -> Signature {
        sns_verify(AMAZON_SNS_INFO.id, c, secrets, ctx)
    }
    fn sign(&self, secret: &str, c: &mut Capture, ctx: &Context) -> Result<(), String> {
        sns_sign(secret, c, ctx.now)
    }
    /// A SubscriptionConfirmation is shown with its SubscribeURL, never visited:
    /// confirming is the user's decision.
    fn handshake(&self, c: &Capture, _secrets: &[String]) -> Option<Challenge> {
        let v = challenge::json_body(c, b"SubscriptionConfirmation")?;
        if v.get("Type").and_then(Value::as_str) != Some("SubscriptionConfirmation") {
            return None;
        }
        let url = v.get("SubscribeURL").and_then(Value::as_str).unwrap_or("");
        let body = format!(
            "amazon-sns SubscriptionConfirmation: to confirm, visit the SubscribeURL yourself \
             (hookcli never does): {url}\n"
        );
        Some(Challenge::Answer(challenge::text(
            "amazon-sns SubscriptionConfirmation (visit SubscribeURL)",
            body,
        )))
    }
}

/// PayPal REST webhooks.
pub(crate) struct PayPal;

impl Provider for PayPal {
    fn info(&self) -> &ProviderInfo {
        &PAYPAL_INFO
    }
    fn detect(&self) -> &'static [&'static str] {
        &[PP_SIG]
    }
    fn verify(&self, c: &Capture, secrets: &[String], _ctx: &Context) -> Signature {
        paypal_verify(PAYPAL_INFO.id, c, secrets)
    }
    fn sign(&self, secret: &str, c: &mut Capture, ctx: &Context) -> Result<(), String> {
        paypal_sign(secret, c, ctx.now)
    }
}

const AMAZON_SNS_INFO: ProviderInfo = ProviderInfo {
    id: "amazon-sns",
    vectors: "derived",
    name: "Amazon SNS (HTTP/S subscriptions)",
    headers: &["x-amz-sns-message-type"],
    algorithm: "RSA PKCS#1 v1.5 (SignatureVersion 1: SHA-1, 2: SHA-256) over `Name\\nValue\\n` of the signed fields, base64, in the JSON body",
    secret_form: "verify: the PEM certificate of SigningCertURL (`--secret amazon-sns=@cert.pem`; PEM text, or a PEM RSA public key); sign: a PEM RSA private key",
    family: "J: certificate-based RSA (signature inside the JSON body)",
    notes: "No fetching in hookcli: a SigningCertURL that is not https://sns.<region>.amazonaws.com is invalid; a trusted one without a pinned certificate is no_secret. SubscriptionConfirmation is shown by `listen` with its SubscribeURL, never visited. Timestamp not enforced. [D] in the reference.",
    sdk: "aws-js-sns-message-validator 0.3.5 index.js: SigningCertURL must be https, host /^sns\\.[a-zA-Z0-9-]{3,}\\.amazonaws\\.com(\\.cn)?$/ and path ending .pem; SignatureVersion 1 (RSA-SHA1) or 2 (RSA-SHA256) over Key\\nValue\\n of the signed keys present; no Timestamp check",
};

const PAYPAL_INFO: ProviderInfo = ProviderInfo {
    id: "paypal",
    vectors: "derived",
    name: "PayPal (REST webhooks)",
    headers: &[
        "paypal-transmission-id",
        "paypal-transmission-time",
        "paypal-transmission-sig",
        "paypal-cert-url",
        "paypal-auth-algo",
    ],
    algorithm: "SHA256withRSA over `{transmission id}|{time}|{webhook id}|{crc32(body)}`, base64",
    secret_form: "verify: JSON {\\\"webhook_id\\\":…,\\\"cert_pem\\\":…} (the cert of PAYPAL-CERT-URL, pinned); sign: JSON {\\\"webhook_id\\\":…,\\\"private_key_pem\\\":…}",
    family: "J: certificate-based RSA",
    notes: "The webhook id is the receiver's own (not sent). A PAYPAL-CERT-URL off https://*.paypal.com is invalid and never fetched; a trusted one without a pinned cert is no_secret. No window. [K] in the reference.",
    sdk: "PayPal-node-SDK 1.8.1 (deprecated) lib/resources/Notification.js verify: posts the transmission headers to PayPal's /v1/notifications/verify-webhook-signature, no local check; offline, what decides is PayPal's documented self-verification: RSA-SHA256 (PAYPAL-AUTH-ALGO) over transmission_id|transmission_time|webhook_id|crc32(body) with the certificate of PAYPAL-CERT-URL (developer.paypal.com webhooks, verify signature)",
};

// ---- Amazon SNS ----

const SNS_TYPE: &str = "x-amz-sns-message-type";

/// `Name\nValue\n` for the fields AWS signs, in AWS's order, those present only.
fn sns_string(m: &Map<String, Value>) -> Option<String> {
    let kind = m.get("Type")?.as_str()?;
    let fields: &[&str] = match kind {
        "Notification" => &[
            "Message",
            "MessageId",
            "Subject",
            "Timestamp",
            "TopicArn",
            "Type",
        ],
        "SubscriptionConfirmation" | "UnsubscribeConfirmation" => &[
            "Message",
            "MessageId",
            "SubscribeURL",
            "Timestamp",
            "Token",
            "TopicArn",
            "Type",
        ],
        _ => return None,
    };
    let mut s = String::new();
    for f in fields {
        if let Some(v) = m.get(*f).and_then(Value::as_str) {
            s.push_str(&format!("{f}\n{v}\n"));
        }
    }
    Some(s)
}

/// What an SNS message signs: the digest its SignatureVersion names, the string to sign,
/// and its Type (which the message-type header, when sent, must repeat).
fn sns_signed<'m>(
    id: &str,
    c: &Capture,
    m: &'m Map<String, Value>,
) -> Result<(Digest, String, &'m str), Signature> {
    let digest = match m.get("SignatureVersion").and_then(Value::as_str) {
        Some("1") => Digest::Sha1,
        Some("2") => Digest::Sha256,
        v => {
            return Err(out(
                id,
                Verdict::Malformed,
                format!("SignatureVersion {v:?} is not \"1\" or \"2\""),
            ));
        }
    };
    let Some(text) = sns_string(m) else {
        return Err(out(
            id,
            Verdict::Malformed,
            "Type is not Notification, SubscriptionConfirmation or UnsubscribeConfirmation",
        ));
    };
    let kind = m.get("Type").and_then(Value::as_str).unwrap_or("");
    if let Some(h) = c.header(SNS_TYPE).map(str::trim)
        && h != kind
    {
        return Err(out(
            id,
            Verdict::Invalid,
            format!("{SNS_TYPE} {h:?} is not the signed Type {kind:?}"),
        ));
    }
    Ok((digest, text, kind))
}

fn sns_verify(id: &str, c: &Capture, secrets: &[String], ctx: &Context) -> Signature {
    let Some(m) = sns_body(c) else {
        return out(
            id,
            Verdict::Unsigned,
            "no SNS message with a Signature in the body",
        );
    };
    let Some(sig) = m.get("Signature").and_then(Value::as_str) else {
        return out(id, Verdict::Unsigned, "the SNS message has no Signature");
    };
    let (digest, text, kind) = match sns_signed(id, c, &m) {
        Ok(signed) => signed,
        Err(verdict) => return verdict,
    };
    let url = m.get("SigningCertURL").and_then(Value::as_str);
    if let Some(u) = url.filter(|u| !trusted(id, u)) {
        return untrusted(id, u);
    }
    if secrets.is_empty() {
        return needs_cert(id, url, "@cert.pem");
    }
    let age = m
        .get("Timestamp")
        .and_then(Value::as_str)
        .and_then(|t| window::parse(t, window::Unit::Rfc3339))
        .map(|ms| {
            format!(
                ", Timestamp is {} (not enforced)",
                window::describe_age(window::age_ms(ctx.now, ms))
            )
        })
        .unwrap_or_default();
    let Some(sig) = parse::b64(sig) else {
        return out(id, Verdict::Invalid, "Signature is not base64");
    };
    let keys: Vec<Option<RsaPublicKey>> = secrets.iter().map(|s| public_key(s)).collect();
    for (i, pk) in keys.iter().enumerate() {
        if pk
            .as_ref()
            .is_some_and(|pk| rsa_verify(pk, digest, text.as_bytes(), &sig))
        {
            let v = if matches!(digest, Digest::Sha1) {
                "SHA1withRSA"
            } else {
                "SHA256withRSA"
            };
            return out(
                id,
                Verdict::Valid,
                format!(
                    "{kind} {v} matched the pinned certificate{age}{}",
                    which_secret(i, secrets.len())
                ),
            );
        }
    }
    if keys.iter().all(Option::is_none) {
        return out(
            id,
            Verdict::Invalid,
            "no secret is a PEM certificate or RSA public key",
        );
    }
    out(
        id,
        Verdict::Invalid,
        format!("Signature does not verify with the pinned certificate{age}"),
    )
}

/// Signs as SNS does (SignatureVersion 2). A body that is not an SNS message becomes the
/// Message of a Notification, so any capture can be signed.
fn sns_sign(secret: &str, c: &mut Capture, now: i64) -> Result<(), String> {
    let sk = private_key(secret)
        .ok_or("the amazon-sns secret for signing must be a PEM RSA private key")?;
    let mut m = match serde_json::from_slice::<Value>(&c.body) {
        Ok(Value::Object(m)) if m.contains_key("Type") => m,
        _ => {
            let mut m = Map::new();
            m.insert("Type".into(), "Notification".into());
            m.insert("MessageId".into(), hex::encode(fresh_id(c, now)).into());
            m.insert(
                "TopicArn".into(),
                "arn:aws:sns:us-east-1:123456789012:hookcli".into(),
            );
            m.insert(
                "Message".into(),
                String::from_utf8_lossy(&c.body).into_owned().into(),
            );
            m.insert(
                "Timestamp".into(),
                window::format(now, window::Unit::Rfc3339).into(),
            );
            m
        }
    };
    m.insert("SignatureVersion".into(), "2".into());
    m.entry("SigningCertURL").or_insert_with(|| {
        "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-hookcli.pem".into()
    });
    let text = sns_string(&m).ok_or("the SNS message Type is not one SNS signs")?;
    let sig = rsa_sign(&sk, Digest::Sha256, text.as_bytes());
    m.insert("Signature".into(), parse::B64_OUT.encode(sig).into());
    let kind = m
        .get("Type")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    set_body(c, Value::Object(m).to_string().into_bytes());
    c.set_header(SNS_TYPE, kind);
    Ok(())
}

// ---- PayPal ----

const PP_ID: &str = "paypal-transmission-id";
const PP_TIME: &str = "paypal-transmission-time";
const PP_SIG: &str = "paypal-transmission-sig";
const PP_CERT: &str = "paypal-cert-url";
const PP_ALGO: &str = "paypal-auth-algo";

/// `{"webhook_id": …, "<pem_key>": …}` from the secret.
fn paypal_secret(secret: &str, pem_keys: &[&str]) -> Option<(String, String)> {
    let v: Value = serde_json::from_str(secret).ok()?;
    let id = v.get("webhook_id")?.as_str()?.to_string();
    let pem = pem_keys
        .iter()
        .find_map(|k| v.get(*k)?.as_str())?
        .to_string();
    Some((id, pem))
}

fn paypal_string(c: &Capture, id: &str, time: &str, webhook_id: &str) -> String {
    format!("{id}|{time}|{webhook_id}|{}", crc32fast::hash(&c.body))
}

fn paypal_verify(id: &str, c: &Capture, secrets: &[String]) -> Signature {
    let Some(sig) = c.header(PP_SIG) else {
        return out(id, Verdict::Unsigned, format!("no {PP_SIG} header"));
    };
    let (Some(tid), Some(time)) = (c.header(PP_ID), c.header(PP_TIME)) else {
        return out(
            id,
            Verdict::Malformed,
            format!("{PP_ID} and {PP_TIME} are required"),
        );
    };
    let algo = c.header(PP_ALGO).unwrap_or("").trim();
    if algo != "SHA256withRSA" {
        return out(
            id,
            Verdict::Invalid,
            format!("{PP_ALGO} {algo:?} is not SHA256withRSA"),
        );
    }
    let url = c.header(PP_CERT).map(str::trim);
    if let Some(u) = url.filter(|u| !trusted(id, u)) {
        return untrusted(id, u);
    }
    if secrets.is_empty() {
        return needs_cert(id, url, "'{\"webhook_id\":…,\"cert_pem\":…}'");
    }
    let Some(sig) = parse::b64(sig) else {
        return out(id, Verdict::Invalid, format!("{PP_SIG} is not base64"));
    };
    let mut usable = false;
    for (i, secret) in secrets.iter().enumerate() {
        let Some((webhook_id, pem)) = paypal_secret(secret, &["cert_pem"]) else {
            continue;
        };
        let Some(pk) = public_key(&pem) else { continue };
        usable = true;
        let text = paypal_string(c, tid.trim(), time.trim(), &webhook_id);
        if rsa_verify(&pk, Digest::Sha256, text.as_bytes(), &sig) {
            return out(
                id,
                Verdict::Valid,
                format!(
                    "SHA256withRSA matched the pinned certificate for webhook {webhook_id}{}",
                    which_secret(i, secrets.len())
                ),
            );
        }
    }
    if !usable {
        return out(
            id,
            Verdict::Invalid,
            "the paypal secret must be JSON {\"webhook_id\":…,\"cert_pem\":…}",
        );
    }
    out(
        id,
        Verdict::Invalid,
        "signature does not verify for the configured webhook id and certificate",
    )
}

fn paypal_sign(secret: &str, c: &mut Capture, now: i64) -> Result<(), String> {
    let err = "the paypal secret for signing must be JSON {\"webhook_id\":…,\"private_key_pem\":…}";
    let (webhook_id, pem) = paypal_secret(secret, &["private_key_pem", "key_pem"]).ok_or(err)?;
    let sk = private_key(&pem).ok_or(err)?;
    let h = hex::encode(fresh_id(c, now));
    let tid = format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    );
    let time = window::format(now, window::Unit::Rfc3339);
    let sig = rsa_sign(
        &sk,
        Digest::Sha256,
        paypal_string(c, &tid, &time, &webhook_id).as_bytes(),
    );
    c.set_header(PP_ID, tid);
    c.set_header(PP_TIME, time);
    c.set_header(PP_SIG, parse::B64_OUT.encode(sig));
    c.set_header(
        PP_CERT,
        "https://api.paypal.com/v1/notifications/certs/CERT-hookcli",
    );
    c.set_header(PP_ALGO, "SHA256withRSA");
    Ok(())
}
