//! Family J: RSA signatures checked against a certificate the request names by URL (Amazon
//! SNS, PayPal). verify/ does no I/O, so only a pinned certificate given as the secret is
//! used; a URL off the provider's documented hosts is refused outright, and a trusted one
//! without a pinned certificate is `no_secret`. [`cert_url`] lets a network layer fetch.

use super::{Context, out, parse, which_secret, window};
use crate::capture::{Capture, Signature, Verdict};
use base64::Engine as _;
use rsa::pkcs1::{DecodeRsaPrivateKey as _, DecodeRsaPublicKey as _};
use rsa::pkcs1v15::{Signature as RsaSig, SigningKey, VerifyingKey};
use rsa::pkcs8::{DecodePrivateKey as _, DecodePublicKey as _};
use rsa::signature::{SignatureEncoding as _, Signer as _, Verifier as _};
use rsa::{RsaPrivateKey, RsaPublicKey};
use serde_json::{Map, Value};

/// PEM from a secret; `\n` written as two characters (environment variables) is undone.
fn pem_text(secret: &str) -> String {
    if secret.contains('\n') {
        secret.to_string()
    } else {
        secret.replace("\\n", "\n")
    }
}

/// The RSA public key of a PEM certificate, or of a bare PEM public key.
pub(crate) fn public_key(secret: &str) -> Option<RsaPublicKey> {
    use x509_cert::der::{DecodePem as _, Encode as _};
    let pem = pem_text(secret);
    if pem.contains("BEGIN CERTIFICATE") {
        let cert = x509_cert::Certificate::from_pem(pem.trim().as_bytes()).ok()?;
        let der = cert.tbs_certificate.subject_public_key_info.to_der().ok()?;
        return RsaPublicKey::from_public_key_der(&der).ok();
    }
    RsaPublicKey::from_public_key_pem(pem.trim())
        .or_else(|_| RsaPublicKey::from_pkcs1_pem(pem.trim()))
        .ok()
}

fn private_key(secret: &str) -> Option<RsaPrivateKey> {
    let pem = pem_text(secret);
    RsaPrivateKey::from_pkcs8_pem(pem.trim())
        .or_else(|_| RsaPrivateKey::from_pkcs1_pem(pem.trim()))
        .ok()
}

#[derive(Clone, Copy)]
enum Digest {
    Sha1,
    Sha256,
}

fn rsa_verify(pk: &RsaPublicKey, d: Digest, msg: &[u8], sig: &[u8]) -> bool {
    let Ok(sig) = RsaSig::try_from(sig) else {
        return false;
    };
    match d {
        Digest::Sha1 => VerifyingKey::<sha1::Sha1>::new(pk.clone())
            .verify(msg, &sig)
            .is_ok(),
        Digest::Sha256 => VerifyingKey::<sha2::Sha256>::new(pk.clone())
            .verify(msg, &sig)
            .is_ok(),
    }
}

fn rsa_sign(sk: &RsaPrivateKey, d: Digest, msg: &[u8]) -> Vec<u8> {
    match d {
        Digest::Sha1 => SigningKey::<sha1::Sha1>::new(sk.clone()).sign(msg).to_vec(),
        Digest::Sha256 => SigningKey::<sha2::Sha256>::new(sk.clone())
            .sign(msg)
            .to_vec(),
    }
}

/// https, no userinfo or port, and a host the provider documents.
fn trusted(provider: &str, url: &str) -> bool {
    let Some((scheme, host, _)) = parse::split_url(url.trim()) else {
        return false;
    };
    if !scheme.eq_ignore_ascii_case("https") || host.contains(['@', ':']) {
        return false;
    }
    let host = host.to_ascii_lowercase();
    match provider {
        // sns.<region>.amazonaws.com (.cn in China), as AWS's message validators require.
        "amazon-sns" => {
            let rest = host
                .strip_suffix(".amazonaws.com")
                .or_else(|| host.strip_suffix(".amazonaws.com.cn"));
            rest.and_then(|r| r.strip_prefix("sns."))
                .is_some_and(|region| {
                    region.len() >= 3
                        && region
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                })
        }
        _ => host == "paypal.com" || host.ends_with(".paypal.com"),
    }
}

fn sns_body(c: &Capture) -> Option<Map<String, Value>> {
    if !parse::contains(&c.body, b"SigningCertURL") && !parse::contains(&c.body, b"Signature") {
        return None;
    }
    match serde_json::from_slice(&c.body).ok()? {
        Value::Object(m) => Some(m),
        _ => None,
    }
}

/// The certificate URL a request names, its provider, and whether its host is one the
/// provider documents. Pure: for a network layer that fetches and caches certificates.
pub fn cert_url(c: &Capture) -> Option<(&'static str, String, bool)> {
    if let Some(u) = c.header("paypal-cert-url") {
        return Some(("paypal", u.trim().to_string(), trusted("paypal", u)));
    }
    let url = sns_body(c)?.get("SigningCertURL")?.as_str()?.to_string();
    let ok = trusted("amazon-sns", &url);
    Some(("amazon-sns", url, ok))
}

fn untrusted(id: &str, url: &str) -> Signature {
    let host = parse::split_url(url).map_or(url, |(_, h, _)| h);
    let want = if id == "paypal" {
        "https://*.paypal.com"
    } else {
        "https://sns.<region>.amazonaws.com"
    };
    out(
        id,
        Verdict::Invalid,
        format!("untrusted certificate host {host:?}: {url} is not {want} (nothing was fetched)"),
    )
}

fn needs_cert(id: &str, url: Option<&str>, pin: &str) -> Signature {
    let from = url.map_or_else(|| "the provider".to_string(), |u| u.to_string());
    out(
        id,
        Verdict::NoSecret,
        format!(
            "signed with a certificate that would have to be fetched from {from}; hookcli does not fetch: --secret {id}={pin} pins one"
        ),
    )
}

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

pub(crate) fn sns_verify(id: &str, c: &Capture, secrets: &[String], ctx: &Context) -> Signature {
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
    let digest = match m.get("SignatureVersion").and_then(Value::as_str) {
        Some("1") => Digest::Sha1,
        Some("2") => Digest::Sha256,
        v => {
            return out(
                id,
                Verdict::Malformed,
                format!("SignatureVersion {v:?} is not \"1\" or \"2\""),
            );
        }
    };
    let Some(text) = sns_string(&m) else {
        return out(
            id,
            Verdict::Malformed,
            "Type is not Notification, SubscriptionConfirmation or UnsubscribeConfirmation",
        );
    };
    let kind = m.get("Type").and_then(Value::as_str).unwrap_or("");
    if let Some(h) = c.header(SNS_TYPE).map(str::trim)
        && h != kind
    {
        return out(
            id,
            Verdict::Invalid,
            format!("{SNS_TYPE} {h:?} is not the signed Type {kind:?}"),
        );
    }
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
pub(crate) fn sns_sign(secret: &str, c: &mut Capture, now: i64) -> Result<(), String> {
    let sk = private_key(secret)
        .ok_or("the amazon-sns secret for signing must be a PEM RSA private key")?;
    let mut m = match serde_json::from_slice::<Value>(&c.body) {
        Ok(Value::Object(m)) if m.contains_key("Type") => m,
        _ => {
            let mut m = Map::new();
            m.insert("Type".into(), "Notification".into());
            m.insert(
                "MessageId".into(),
                hex::encode(super::fresh_id(c, now)).into(),
            );
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
    super::set_body(c, Value::Object(m).to_string().into_bytes());
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

pub(crate) fn paypal_verify(id: &str, c: &Capture, secrets: &[String]) -> Signature {
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

pub(crate) fn paypal_sign(secret: &str, c: &mut Capture, now: i64) -> Result<(), String> {
    let err = "the paypal secret for signing must be JSON {\"webhook_id\":…,\"private_key_pem\":…}";
    let (webhook_id, pem) = paypal_secret(secret, &["private_key_pem", "key_pem"]).ok_or(err)?;
    let sk = private_key(&pem).ok_or(err)?;
    let h = hex::encode(super::fresh_id(c, now));
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
