//! Key-pair schemes: Ed25519 (Discord, Standard Webhooks v1a) and ECDSA P-256 (SendGrid),
//! plus the key parsers they and Plaid's JWTs share. Verify takes public keys, sign private.

use super::{Context, no_secret, out, parse, which_secret, window};
use crate::capture::{Capture, Signature, Verdict};
use base64::Engine as _;
use ed25519_dalek::{Signer as _, SigningKey, Verifier as _, VerifyingKey};
use p256::ecdsa;
use p256::pkcs8::{DecodePrivateKey as _, DecodePublicKey as _};

// ---- Ed25519 ----

fn array32(bytes: &[u8]) -> Option<[u8; 32]> {
    bytes.try_into().ok()
}

/// A 32-byte seed, or a 64-byte seed‖public key pair (the seed is the first half).
fn ed_signing(bytes: &[u8]) -> Option<SigningKey> {
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

/// The signature and timestamp headers of a key-pair scheme, and a note on the timestamp's
/// age (neither SDK enforces a window, so the age is only reported).
fn signed_parts<'a>(
    id: &str,
    c: &'a Capture,
    sig_header: &str,
    ts_header: &str,
    ctx: &Context,
) -> Result<(&'a str, &'a str, String), Signature> {
    let Some(sig) = c.header(sig_header) else {
        return Err(out(
            id,
            Verdict::Unsigned,
            format!("no {sig_header} header"),
        ));
    };
    let Some(ts) = c.header(ts_header) else {
        return Err(out(
            id,
            Verdict::Malformed,
            format!("no {ts_header} header"),
        ));
    };
    let age = window::parse(ts, window::Unit::Secs)
        .map(|ms| {
            let age = window::age_ms(ctx.now, ms);
            let note = window::lenient_note(window::Window::NONE, age);
            format!(", timestamp is {}{note}", window::describe_age(age))
        })
        .unwrap_or_default();
    Ok((sig, ts, age))
}

// ---- Discord ----

const DISCORD_SIG: &str = "x-signature-ed25519";
const DISCORD_TS: &str = "x-signature-timestamp";

pub(crate) fn discord_verify(
    id: &str,
    c: &Capture,
    secrets: &[String],
    ctx: &Context,
) -> Signature {
    let (sig, ts, age) = match signed_parts(id, c, DISCORD_SIG, DISCORD_TS, ctx) {
        Ok(parts) => parts,
        Err(verdict) => return verdict,
    };
    if secrets.is_empty() {
        return no_secret(id, &format!("signed (ed25519){age}"));
    }
    let msg = [ts.as_bytes(), &c.body].concat();
    let sig_bytes = parse::hex(sig);
    let mut unusable = 0;
    for (i, secret) in secrets.iter().enumerate() {
        let Some(pk) = parse::hex(secret)
            .and_then(|b| array32(&b))
            .and_then(|b| VerifyingKey::from_bytes(&b).ok())
        else {
            unusable += 1;
            continue;
        };
        if ed25519_verify(&pk, &msg, sig_bytes.clone()) {
            return out(
                id,
                Verdict::Valid,
                format!("ed25519 matched{age}{}", which_secret(i, secrets.len())),
            );
        }
    }
    let why = match (&sig_bytes, unusable) {
        (_, n) if n == secrets.len() => "no secret is a 64-hex public key".to_string(),
        (Some(b), _) if b.len() == 64 => {
            format!("ed25519 signature {} does not verify", parse::short(sig))
        }
        _ => format!("{DISCORD_SIG} is not 128 hex characters"),
    };
    out(id, Verdict::Invalid, format!("{why}{age}"))
}

pub(crate) fn discord_sign(secret: &str, c: &mut Capture, now: i64) -> Result<(), String> {
    let sk = parse::hex(secret)
        .and_then(|b| ed_signing(&b))
        .ok_or("the discord secret for signing must be a 32-byte Ed25519 seed in hex")?;
    let ts = now.to_string();
    let sig = ed25519_sign(&sk, &[ts.as_bytes(), &c.body].concat());
    c.set_header(DISCORD_SIG, hex::encode(sig));
    c.set_header(DISCORD_TS, ts);
    Ok(())
}

// ---- SendGrid ----

const SG_SIG: &str = "x-twilio-email-event-webhook-signature";
const SG_TS: &str = "x-twilio-email-event-webhook-timestamp";

pub(crate) fn sendgrid_verify(
    id: &str,
    c: &Capture,
    secrets: &[String],
    ctx: &Context,
) -> Signature {
    let (sig, ts, age) = match signed_parts(id, c, SG_SIG, SG_TS, ctx) {
        Ok(parts) => parts,
        Err(verdict) => return verdict,
    };
    if secrets.is_empty() {
        return no_secret(id, &format!("signed (ecdsa){age}"));
    }
    let Some(sig) = parse::b64(sig).and_then(|der| ecdsa::Signature::from_der(&der).ok()) else {
        return out(
            id,
            Verdict::Invalid,
            format!("{SG_SIG} is not a base64 DER ECDSA signature{age}"),
        );
    };
    let msg = [ts.as_bytes(), &c.body].concat();
    let mut unusable = 0;
    for (i, secret) in secrets.iter().enumerate() {
        let Some(vk) = p256_public(secret) else {
            unusable += 1;
            continue;
        };
        if p256_verify(&vk, &msg, sig) {
            return out(
                id,
                Verdict::Valid,
                format!("ecdsa matched{age}{}", which_secret(i, secrets.len())),
            );
        }
    }
    let why = if unusable == secrets.len() {
        "no secret is a P-256 public key (base64 DER or PEM)"
    } else {
        "ecdsa signature does not verify"
    };
    out(id, Verdict::Invalid, format!("{why}{age}"))
}

pub(crate) fn sendgrid_sign(secret: &str, c: &mut Capture, now: i64) -> Result<(), String> {
    use p256::ecdsa::signature::Signer as _;
    let sk = p256_private(secret)
        .ok_or("the sendgrid secret for signing must be a P-256 private key (hex scalar, base64 PKCS#8 or PEM)")?;
    let ts = now.to_string();
    let sig: ecdsa::Signature = sk.sign(&[ts.as_bytes(), &c.body].concat());
    c.set_header(SG_SIG, parse::B64_OUT.encode(sig.to_der().as_bytes()));
    c.set_header(SG_TS, ts);
    Ok(())
}
