//! Key-pair signatures over `{timestamp}{body}`-style strings (family E, asymmetric):
//! Discord (Ed25519, hex), Telnyx (Ed25519 over `ts|body`, base64) and SendGrid (ECDSA
//! P-256, base64 DER). Verify takes the public key as the secret; sign the private key.

use super::base::{Context, aged, no_secret, out, reported_age, secs_header, which_secret};
use super::challenge::{self, Challenge};
use super::keys::{
    array32, ed_signing, ed25519_sign, ed25519_verify, p256_private, p256_public, p256_verify,
};
use super::parse;
use super::provider::{Provider, ProviderInfo};
use super::window::Window;
use crate::capture::{Capture, Signature, Verdict};
use base64::Engine as _;
use ed25519_dalek::{Signer as _, SigningKey, Verifier as _, VerifyingKey};
use p256::ecdsa;
use serde_json::Value;

/// Discord interactions and webhook events.
pub(crate) struct Discord;

impl Provider for Discord {
    fn info(&self) -> &ProviderInfo {
        &DISCORD_INFO
    }
    fn detect(&self) -> &'static [&'static str] {
        &[DISCORD_SIG]
    }
    fn verify(&self, c: &Capture, secrets: &[String], ctx: &Context) -> Signature {
        discord_verify(DISCORD_INFO.id, c, secrets, ctx)
    }
    fn sign(&self, secret: &str, c: &mut Capture, ctx: &Context) -> Result<(), String> {
        discord_sign(secret, c, ctx.now)
    }
    /// PING gets `{"type":1}`; a bad signature gets the 401 Discord's probes expect.
    fn handshake(&self, c: &Capture, secrets: &[String]) -> Option<Challenge> {
        c.header(DISCORD_SIG)?;
        if !secrets.is_empty() {
            let sig = discord_verify(DISCORD_INFO.id, c, secrets, &Context::default());
            if sig.verdict != Verdict::Valid {
                return Some(Challenge::Answer(challenge::reply(
                    "discord invalid signature",
                    401,
                    Some("text/plain"),
                    "invalid request signature",
                )));
            }
        }
        let ping = challenge::json_body(c, b"\"type\"")
            .is_some_and(|v| v.get("type").and_then(Value::as_i64) == Some(1));
        Some(match ping {
            true => Challenge::Answer(challenge::json("discord PING", r#"{"type":1}"#.into())),
            false => Challenge::Pass,
        })
    }
}

/// SendGrid's Event Webhook.
pub(crate) struct SendGrid;

impl Provider for SendGrid {
    fn info(&self) -> &ProviderInfo {
        &SENDGRID_INFO
    }
    fn detect(&self) -> &'static [&'static str] {
        &[SG_SIG]
    }
    fn verify(&self, c: &Capture, secrets: &[String], ctx: &Context) -> Signature {
        sendgrid_verify(SENDGRID_INFO.id, c, secrets, ctx)
    }
    fn sign(&self, secret: &str, c: &mut Capture, ctx: &Context) -> Result<(), String> {
        sendgrid_sign(secret, c, ctx.now)
    }
}

/// Telnyx.
pub(crate) struct Telnyx;

impl Provider for Telnyx {
    fn info(&self) -> &ProviderInfo {
        &TELNYX_INFO
    }
    fn detect(&self) -> &'static [&'static str] {
        &[TX_SIG]
    }
    fn verify(&self, c: &Capture, secrets: &[String], ctx: &Context) -> Signature {
        telnyx_verify(TELNYX_INFO.id, c, secrets, ctx)
    }
    fn sign(&self, secret: &str, c: &mut Capture, ctx: &Context) -> Result<(), String> {
        telnyx_sign(secret, c, ctx.now)
    }
}

const DISCORD_INFO: ProviderInfo = ProviderInfo {
    id: "discord",
    vectors: "derived",
    name: "Discord (interactions, webhook events)",
    headers: &["x-signature-ed25519", "x-signature-timestamp"],
    algorithm: "Ed25519 over `{timestamp}{body}`, hex signature",
    secret_form: "verify: the application public key (64 hex); sign: a 32-byte Ed25519 seed (64 hex)",
    family: "E: other concatenation (asymmetric)",
    notes: "No window in discord-interactions; the age is reported. Discord probes endpoints with bad signatures and expects 401; `listen` answers PING with {\"type\":1} and a bad signature with 401 when the key is configured.",
    sdk: "discord-interactions 4.4.0 src/index.ts verifyKey: Ed25519 over timestamp+body, hex decoded pairwise (either case), no time check",
};

const SENDGRID_INFO: ProviderInfo = ProviderInfo {
    id: "sendgrid",
    vectors: "published",
    name: "SendGrid Event Webhook",
    headers: &[
        "x-twilio-email-event-webhook-signature",
        "x-twilio-email-event-webhook-timestamp",
    ],
    algorithm: "ECDSA P-256 / SHA-256 over `{timestamp}{body}`, base64 DER signature",
    secret_form: "verify: the verification key (base64 DER SubjectPublicKeyInfo, or PEM); sign: a P-256 private key (hex 32-byte scalar, base64 PKCS#8 DER, or PEM)",
    family: "E: other concatenation (asymmetric)",
    notes: "The SDKs apply no timestamp window; the age is reported. High-S signatures are accepted (normalised), as OpenSSL-based SDKs do.",
    sdk: "@sendgrid/eventwebhook 8.0.0 src/eventwebhook.js verifySignature: ECDSA P-256 over timestamp+body (starkbank-ecdsa), base64 DER, no time check",
};

const TELNYX_INFO: ProviderInfo = ProviderInfo {
    id: "telnyx",
    vectors: "derived",
    name: "Telnyx",
    headers: &["telnyx-signature-ed25519", "telnyx-timestamp"],
    algorithm: "Ed25519 over `{timestamp}|{body}`, base64",
    secret_form: "verify: the account public key (base64, 32 bytes); sign: a base64 32-byte Ed25519 seed",
    family: "E: other concatenation (asymmetric)",
    notes: "telnyx-python: ±300 s. [S] in the reference.",
    sdk: "telnyx-node 7.17.0 src/lib/webhooks.ts TelnyxWebhook.verify: Ed25519 (WebCrypto) over `{timestamp}|{body}`, base64 64-byte signature, base64 32-byte key, |now − timestamp| > 300 s refused before the signature is checked",
};

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
    let age = reported_age(ts, ctx.now);
    Ok((sig, ts, age))
}

// ---- Discord ----

const DISCORD_SIG: &str = "x-signature-ed25519";
const DISCORD_TS: &str = "x-signature-timestamp";

fn discord_verify(id: &str, c: &Capture, secrets: &[String], ctx: &Context) -> Signature {
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

fn discord_sign(secret: &str, c: &mut Capture, now: i64) -> Result<(), String> {
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

fn sendgrid_verify(id: &str, c: &Capture, secrets: &[String], ctx: &Context) -> Signature {
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

fn sendgrid_sign(secret: &str, c: &mut Capture, now: i64) -> Result<(), String> {
    use p256::ecdsa::signature::Signer as _;
    let sk = p256_private(secret)
        .ok_or("the sendgrid secret for signing must be a P-256 private key (hex scalar, base64 PKCS#8 or PEM)")?;
    let ts = now.to_string();
    let sig: ecdsa::Signature = sk.sign(&[ts.as_bytes(), &c.body].concat());
    c.set_header(SG_SIG, parse::B64_OUT.encode(sig.to_der().as_bytes()));
    c.set_header(SG_TS, ts);
    Ok(())
}

// ---- Telnyx ----

const TX_SIG: &str = "telnyx-signature-ed25519";
const TX_TS: &str = "telnyx-timestamp";
const TX_WINDOW: Window = Window::sym(300);

fn key32(secret: &str) -> Option<[u8; 32]> {
    parse::b64(secret)?.try_into().ok()
}

fn telnyx_verify(id: &str, c: &Capture, secrets: &[String], ctx: &Context) -> Signature {
    let Some(sig) = c.header(TX_SIG) else {
        return out(id, Verdict::Unsigned, format!("no {TX_SIG} header"));
    };
    let (ts, ts_ms) = match secs_header(id, c, TX_TS) {
        Ok(ts) => ts,
        Err(verdict) => return verdict,
    };
    if secrets.is_empty() {
        return no_secret(id, "signed (ed25519)");
    }
    let Some(sig) = parse::b64(sig).and_then(|b| ed25519_dalek::Signature::from_slice(&b).ok())
    else {
        return out(
            id,
            Verdict::Invalid,
            format!("{TX_SIG} is not a base64 64-byte signature"),
        );
    };
    let msg = [ts.as_bytes(), b"|", &c.body].concat();
    for (i, secret) in secrets.iter().enumerate() {
        let Some(pk) = key32(secret).and_then(|b| VerifyingKey::from_bytes(&b).ok()) else {
            continue;
        };
        if pk.verify(&msg, &sig).is_ok() {
            return aged(
                id,
                "ed25519",
                ts_ms,
                TX_WINDOW,
                ctx.now,
                &which_secret(i, secrets.len()),
            );
        }
    }
    if secrets.iter().all(|s| key32(s).is_none()) {
        return out(
            id,
            Verdict::Invalid,
            "no secret is a base64 32-byte Ed25519 public key",
        );
    }
    out(
        id,
        Verdict::Invalid,
        "ed25519 signature over timestamp|body does not verify",
    )
}

fn telnyx_sign(secret: &str, c: &mut Capture, now: i64) -> Result<(), String> {
    let sk = key32(secret)
        .map(|b| SigningKey::from_bytes(&b))
        .ok_or("the telnyx secret for signing must be a base64 32-byte Ed25519 seed")?;
    let ts = now.to_string();
    let sig = sk.sign(&[ts.as_bytes(), b"|", &c.body].concat());
    c.set_header(TX_SIG, parse::B64_OUT.encode(sig.to_bytes()));
    c.set_header(TX_TS, ts);
    Ok(())
}
