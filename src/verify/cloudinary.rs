//! Cloudinary notifications (family K, a keyed plain digest): SHA-1 or SHA-256 of
//! `{body}{timestamp}{api secret}`, hex; not an HMAC. Follows pycloudinary.

use super::base::{Context, aged, ct_eq, no_secret, out, secs_header, which_secret};
use super::provider::{Provider, ProviderInfo};
use super::window::Window;
use crate::capture::{Capture, Signature, Verdict};
use sha2::Digest as _;

/// Cloudinary notifications.
pub(crate) struct Cloudinary;

impl Provider for Cloudinary {
    fn info(&self) -> &ProviderInfo {
        &CLOUDINARY_INFO
    }
    fn detect(&self) -> &'static [&'static str] {
        &[CLD_SIG]
    }
    fn verify(&self, c: &Capture, secrets: &[String], ctx: &Context) -> Signature {
        cloudinary_verify(CLOUDINARY_INFO.id, c, secrets, ctx)
    }
    fn sign(&self, secret: &str, c: &mut Capture, ctx: &Context) -> Result<(), String> {
        cloudinary_sign(secret, c, ctx.now)
    }
}

const CLOUDINARY_INFO: ProviderInfo = ProviderInfo {
    id: "cloudinary",
    vectors: "published",
    name: "Cloudinary (notifications)",
    headers: &["x-cld-signature", "x-cld-timestamp"],
    algorithm: "plain SHA-1 (40 hex) or SHA-256 (64 hex) of `{body}{timestamp}{api secret}`: not an HMAC",
    secret_form: "the API secret, as text",
    family: "K: keyed plain digest",
    notes: "pycloudinary verify_notification_signature: valid_for 7200 s, past only; the algorithm follows the signature length. Signing uses SHA-1, the SDK default. [S] vectors pass.",
    sdk: "cloudinary_npm 2.10.1 lib/utils/index.js verifyNotificationSignature: hex of sha1 (default; sha256 when configured) over body+timestamp+api_secret compared with === (text, case matters), refused when timestamp < now − 7200 (past only)",
};

// ---- Cloudinary (family K) ----

const CLD_SIG: &str = "x-cld-signature";
const CLD_TS: &str = "x-cld-timestamp";
/// pycloudinary `valid_for=7200`: refused when `timestamp < now - valid_for`.
const CLD_WINDOW: Window = Window::past(7200);

/// hex(H(body + timestamp + secret)): SHA-1 for 40 hex characters, SHA-256 for 64.
fn cloudinary_digest(len: usize, body: &[u8], ts: &str, secret: &str) -> Option<String> {
    let parts: [&[u8]; 3] = [body, ts.as_bytes(), secret.as_bytes()];
    match len {
        40 => Some(hex::encode(
            parts
                .iter()
                .fold(sha1::Sha1::new(), |h, p| h.chain_update(p))
                .finalize(),
        )),
        64 => Some(hex::encode(
            parts
                .iter()
                .fold(sha2::Sha256::new(), |h, p| h.chain_update(p))
                .finalize(),
        )),
        _ => None,
    }
}

fn cloudinary_verify(id: &str, c: &Capture, secrets: &[String], ctx: &Context) -> Signature {
    // The SDKs compare with `===` / `==` against their lower-case hex: no case folding.
    let Some(sig) = c.header(CLD_SIG).map(str::trim) else {
        return out(id, Verdict::Unsigned, format!("no {CLD_SIG} header"));
    };
    let (ts, ts_ms) = match secs_header(id, c, CLD_TS) {
        Ok(ts) => ts,
        Err(verdict) => return verdict,
    };
    if secrets.is_empty() {
        return no_secret(id, "signed (digest of body, timestamp and API secret)");
    }
    if sig.len() != 40 && sig.len() != 64 {
        return out(
            id,
            Verdict::Invalid,
            format!("{CLD_SIG} is not 40 (SHA-1) or 64 (SHA-256) hex characters"),
        );
    }
    let algo = if sig.len() == 40 { "sha1" } else { "sha256" };
    let mut case_only = false;
    for (i, secret) in secrets.iter().enumerate() {
        let want = cloudinary_digest(sig.len(), &c.body, ts, secret).unwrap_or_default();
        case_only |= sig.eq_ignore_ascii_case(&want);
        if ct_eq(want.as_bytes(), sig.as_bytes()) {
            return aged(
                id,
                algo,
                ts_ms,
                CLD_WINDOW,
                ctx.now,
                &which_secret(i, secrets.len()),
            );
        }
    }
    let why = if case_only {
        ", except when case is ignored (the SDK compares lower-case hex text)"
    } else {
        ""
    };
    out(
        id,
        Verdict::Invalid,
        format!("{algo}(body + timestamp + api_secret) does not match{why}"),
    )
}

/// Signs with SHA-1, pycloudinary's default `signature_algorithm`.
fn cloudinary_sign(secret: &str, c: &mut Capture, now: i64) -> Result<(), String> {
    let ts = now.to_string();
    let sig = cloudinary_digest(40, &c.body, &ts, secret).unwrap_or_default();
    c.set_header(CLD_SIG, sig);
    c.set_header(CLD_TS, ts);
    Ok(())
}
