//! Certificate-based RSA (family J), the part Amazon SNS and PayPal share: reading PEM
//! certificates and keys, PKCS#1 v1.5 signatures, and which certificate hosts are trusted.
//! verify/ does no I/O, so only a pinned certificate given as the secret is used; a URL off
//! the provider's documented hosts is refused outright. [`cert_url`] lets a network layer
//! fetch.

use super::base::out;
use super::parse;
use crate::capture::{Capture, Signature, Verdict};
use rsa::pkcs1::{DecodeRsaPrivateKey as _, DecodeRsaPublicKey as _};
use rsa::pkcs1v15::{Signature as RsaSig, SigningKey, VerifyingKey};
use rsa::pkcs8::{DecodePrivateKey as _, DecodePublicKey as _};
use rsa::signature::{SignatureEncoding as _, Signer as _, Verifier as _};
use rsa::{RsaPrivateKey, RsaPublicKey};
use serde_json::{Map, Value};

/// PEM from a secret; `\n` written as two characters (environment variables) is undone.
pub(crate) fn pem_text(secret: &str) -> String {
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

pub(crate) fn private_key(secret: &str) -> Option<RsaPrivateKey> {
    let pem = pem_text(secret);
    RsaPrivateKey::from_pkcs8_pem(pem.trim())
        .or_else(|_| RsaPrivateKey::from_pkcs1_pem(pem.trim()))
        .ok()
}

#[derive(Clone, Copy)]
pub(crate) enum Digest {
    Sha1,
    Sha256,
}

pub(crate) fn rsa_verify(pk: &RsaPublicKey, d: Digest, msg: &[u8], sig: &[u8]) -> bool {
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

pub(crate) fn rsa_sign(sk: &RsaPrivateKey, d: Digest, msg: &[u8]) -> Vec<u8> {
    match d {
        Digest::Sha1 => SigningKey::<sha1::Sha1>::new(sk.clone()).sign(msg).to_vec(),
        Digest::Sha256 => SigningKey::<sha2::Sha256>::new(sk.clone())
            .sign(msg)
            .to_vec(),
    }
}

/// https, no userinfo or port, and a host the provider documents.
pub(crate) fn trusted(provider: &str, url: &str) -> bool {
    let Some((scheme, host, tail)) = parse::split_url(url.trim()) else {
        return false;
    };
    if !scheme.eq_ignore_ascii_case("https") || host.contains(['@', ':']) {
        return false;
    }
    let host = host.to_ascii_lowercase();
    match provider {
        // sns.<region>.amazonaws.com (.cn in China), as AWS's message validators require.
        // aws-js-sns-message-validator also wants the path (with its query) to end `.pem`.
        "amazon-sns" if !tail.split('#').next().unwrap_or("").ends_with(".pem") => false,
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

pub(crate) fn sns_body(c: &Capture) -> Option<Map<String, Value>> {
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

pub(crate) fn untrusted(id: &str, url: &str) -> Signature {
    let host = parse::split_url(url).map_or(url, |(_, h, _)| h);
    let want = if id == "paypal" {
        "https://*.paypal.com"
    } else {
        "https://sns.<region>.amazonaws.com/….pem"
    };
    out(
        id,
        Verdict::Invalid,
        format!("untrusted certificate host {host:?}: {url} is not {want} (nothing was fetched)"),
    )
}

pub(crate) fn needs_cert(id: &str, url: Option<&str>, pin: &str) -> Signature {
    let from = url.map_or_else(|| "the provider".to_string(), |u| u.to_string());
    out(
        id,
        Verdict::NoSecret,
        format!(
            "signed with a certificate that would have to be fetched from {from}; hookcli does not fetch: --secret {id}={pin} pins one"
        ),
    )
}
