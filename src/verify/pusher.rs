//! Pusher Channels (family A, with a body field): HMAC-SHA256 of the body, hex, under the
//! app secret; X-Pusher-Key must name the app, and the body's `time_ms` must be fresh.

use super::base::{Context, aged, ct_eq, no_secret, out, set_body, which_secret};
use super::mac::mac;
use super::parse;
use super::provider::{Provider, ProviderInfo};
use super::template::Hash;
use super::window::Window;
use crate::capture::{Capture, Signature, Verdict};
use serde_json::Value;

/// Pusher Channels webhooks.
pub(crate) struct Pusher;

impl Provider for Pusher {
    fn info(&self) -> &ProviderInfo {
        &PUSHER_INFO
    }
    fn detect(&self) -> &'static [&'static str] {
        &[PUSHER_SIG]
    }
    fn verify(&self, c: &Capture, secrets: &[String], ctx: &Context) -> Signature {
        pusher_verify(PUSHER_INFO.id, c, secrets, ctx)
    }
    fn sign(&self, secret: &str, c: &mut Capture, ctx: &Context) -> Result<(), String> {
        pusher_sign(secret, c, ctx.now)
    }
}

const PUSHER_INFO: ProviderInfo = ProviderInfo {
    id: "pusher",
    vectors: "derived",
    name: "Pusher Channels",
    headers: &["x-pusher-key", "x-pusher-signature"],
    algorithm: "HMAC-SHA256 of the body, hex; X-Pusher-Key must be the app key",
    secret_form: "`app_key:app_secret`",
    family: "A: HMAC over the body",
    notes: "pusher-http-python also requires body time_ms within ±300 s (abs(now_ms − time_ms) > 300000 refused). Pusher Beams webhooks are a different scheme (not covered). [S] constants.",
    sdk: "pusher-http-python 3.3.3 pusher/pusher.py validate_webhook (decides: key equality, hex compared as text with compare_digest, JSON body with time_ms, |now − time_ms| > 300 s refused); pusher-http-node 5.3.3 lib/webhook.js WebHook.isValid compares the hex as text too but checks no time (and wants content-type exactly application/json)",
};

// ---- Pusher ----

const PUSHER_KEY: &str = "x-pusher-key";
const PUSHER_SIG: &str = "x-pusher-signature";
/// pusher-http-python: `abs(now_ms - time_ms) > 300000` is refused.
const PUSHER_WINDOW: Window = Window::sym(300);

fn pusher_verify(id: &str, c: &Capture, secrets: &[String], ctx: &Context) -> Signature {
    let Some(sig) = c.header(PUSHER_SIG) else {
        return out(id, Verdict::Unsigned, format!("no {PUSHER_SIG} header"));
    };
    if secrets.is_empty() {
        return no_secret(id, "signed (X-Pusher-Signature)");
    }
    let key = c.header(PUSHER_KEY).unwrap_or("").trim();
    // Both SDKs compare the hex as text (compare_digest over str, secureCompare over
    // chars), so upper-case hex is a mismatch.
    let sig = sig.trim();
    let mut key_known = false;
    let mut case_only = false;
    for (i, secret) in secrets.iter().enumerate() {
        let Some((app_key, app_secret)) = secret.split_once(':') else {
            continue;
        };
        if !ct_eq(app_key.as_bytes(), key.as_bytes()) {
            continue;
        }
        key_known = true;
        let want = hex::encode(mac(Hash::Sha256, app_secret.as_bytes(), &[&c.body]));
        case_only |= sig.eq_ignore_ascii_case(&want);
        if !ct_eq(sig.as_bytes(), want.as_bytes()) {
            continue;
        }
        let which = which_secret(i, secrets.len());
        let Some(ms) = parse::json_text(&c.body, &["time_ms"]).and_then(|t| parse::int(&t)) else {
            return out(
                id,
                Verdict::Malformed,
                "signature matched but the body has no time_ms (the SDK requires it)",
            );
        };
        return aged(id, "X-Pusher-Signature", ms, PUSHER_WINDOW, ctx.now, &which);
    }
    let detail = if !secrets.iter().any(|s| s.contains(':')) {
        "the pusher secret must be app_key:app_secret".to_string()
    } else if case_only {
        "X-Pusher-Signature matches only when case is ignored, and the SDKs compare \
         lower-case hex text"
            .to_string()
    } else if !key_known {
        format!("X-Pusher-Key {key:?} is not the configured app key")
    } else {
        "X-Pusher-Signature does not match the app secret".to_string()
    };
    out(id, Verdict::Invalid, detail)
}

/// Pusher puts `time_ms` in the JSON body, so signing sets it there.
fn pusher_sign(secret: &str, c: &mut Capture, now: i64) -> Result<(), String> {
    let (app_key, app_secret) = secret
        .split_once(':')
        .ok_or("the pusher secret must be app_key:app_secret")?;
    let mut v: Value = serde_json::from_slice(&c.body)
        .map_err(|_| "pusher webhooks carry a JSON body with time_ms; this body is not JSON")?;
    let obj = v
        .as_object_mut()
        .ok_or("pusher webhooks carry a JSON object body")?;
    obj.insert("time_ms".into(), Value::from(now.saturating_mul(1000)));
    set_body(c, v.to_string().into_bytes());
    let sig = hex::encode(mac(Hash::Sha256, app_secret.as_bytes(), &[&c.body]));
    c.set_header(PUSHER_KEY, app_key);
    c.set_header(PUSHER_SIG, sig);
    Ok(())
}
