//! Key-pair parsing and primitives: Ed25519 (Discord, Telnyx, Standard Webhooks v1a) and
//! ECDSA P-256 (SendGrid, Plaid's JWTs). Verify takes public keys, sign private ones.

use super::parse;
use ed25519_dalek::{Signer as _, SigningKey, Verifier as _, VerifyingKey};
use p256::ecdsa;
use p256::pkcs8::{DecodePrivateKey as _, DecodePublicKey as _};

// ---- Ed25519 ----

/// Exactly 32 bytes, as an array.
pub(crate) fn array32(bytes: &[u8]) -> Option<[u8; 32]> {
    bytes.try_into().ok()
}

/// A 32-byte seed, or a 64-byte seed‖public key pair (the seed is the first half).
pub(crate) fn ed_signing(bytes: &[u8]) -> Option<SigningKey> {
    let seed = array32(bytes.get(..32)?)?;
    matches!(bytes.len(), 32 | 64).then(|| SigningKey::from_bytes(&seed))
}

/// Standard Webhooks v1a verification key: `whpk_` + base64 public key; a `whsk_` private
/// key is accepted too (its public half is derived). Anything else is not an Ed25519 key.
pub(crate) fn standard_public_key(secret: &str) -> Option<VerifyingKey> {
    let s = secret.trim();
    if let Some(pk) = s.strip_prefix("whpk_") {
        return VerifyingKey::from_bytes(&array32(&parse::b64(pk)?)?).ok();
    }
    standard_secret_key(s).map(|sk| sk.verifying_key())
}

/// Standard Webhooks v1a signing key: `whsk_` + base64 of the 32-byte seed (or 64 bytes).
pub(crate) fn standard_secret_key(secret: &str) -> Option<SigningKey> {
    ed_signing(&parse::b64(secret.trim().strip_prefix("whsk_")?)?)
}

pub(crate) fn ed25519_verify(pk: &VerifyingKey, msg: &[u8], sig: Option<Vec<u8>>) -> bool {
    let Some(sig) = sig.and_then(|s| <[u8; 64]>::try_from(s.as_slice()).ok()) else {
        return false;
    };
    pk.verify(msg, &ed25519_dalek::Signature::from_bytes(&sig))
        .is_ok()
}

pub(crate) fn ed25519_sign(sk: &SigningKey, msg: &[u8]) -> Vec<u8> {
    sk.sign(msg).to_bytes().to_vec()
}

// ---- P-256 ----

/// A P-256 public key: base64 DER SubjectPublicKeyInfo (SendGrid's UI), PEM, or a JWK.
pub(crate) fn p256_public(secret: &str) -> Option<ecdsa::VerifyingKey> {
    let s = secret.trim();
    if s.starts_with('{') {
        let jwk: serde_json::Value = serde_json::from_str(s).ok()?;
        let x = array32(&parse::b64url(jwk.get("x")?.as_str()?)?)?;
        let y = array32(&parse::b64url(jwk.get("y")?.as_str()?)?)?;
        let point = p256::EncodedPoint::from_affine_coordinates(
            &p256::FieldBytes::from(x),
            &p256::FieldBytes::from(y),
            false,
        );
        return ecdsa::VerifyingKey::from_encoded_point(&point).ok();
    }
    if s.starts_with("-----BEGIN") {
        return ecdsa::VerifyingKey::from_public_key_pem(s).ok();
    }
    ecdsa::VerifyingKey::from_public_key_der(&parse::b64(s)?).ok()
}

/// A P-256 private key: hex 32-byte scalar, base64 PKCS#8 DER, PEM (PKCS#8 or SEC1), or a
/// JWK with `d`.
pub(crate) fn p256_private(secret: &str) -> Option<ecdsa::SigningKey> {
    let s = secret.trim();
    if s.starts_with('{') {
        let jwk: serde_json::Value = serde_json::from_str(s).ok()?;
        return ecdsa::SigningKey::from_slice(&parse::b64url(jwk.get("d")?.as_str()?)?).ok();
    }
    if s.starts_with("-----BEGIN EC PRIVATE KEY") {
        return p256::SecretKey::from_sec1_pem(s)
            .ok()
            .map(ecdsa::SigningKey::from);
    }
    if s.starts_with("-----BEGIN") {
        return ecdsa::SigningKey::from_pkcs8_pem(s).ok();
    }
    if s.len() == 64
        && let Some(bytes) = parse::hex(s)
    {
        return ecdsa::SigningKey::from_slice(&bytes).ok();
    }
    ecdsa::SigningKey::from_pkcs8_der(&parse::b64(s)?).ok()
}

/// ECDSA signatures are malleable: (r, n−s) is as valid as (r, s). OpenSSL-backed SDKs
/// accept both, so high-S signatures are normalised before the (low-S only) check.
pub(crate) fn p256_verify(vk: &ecdsa::VerifyingKey, msg: &[u8], sig: ecdsa::Signature) -> bool {
    use p256::ecdsa::signature::Verifier as _;
    let sig = sig.normalize_s().unwrap_or(sig);
    vk.verify(msg, &sig).is_ok()
}
