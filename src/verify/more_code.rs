//! Small exceptions of the second reference file: Buildkite (token or signature mode),
//! Hygraph (a JSON envelope), Pusher (app key check and `time_ms` in the body), Telnyx
//! (Ed25519 over `ts|body`) and Cloudinary (family K: a plain digest with the secret last).

use super::hmac_generic::{self, mac};
use super::registry::Hash;
use super::table_timed::BUILDKITE;
use super::window::{self, Window};
use super::{Context, ct_eq, no_secret, out, parse, which_secret};
use crate::capture::{Capture, Signature, Verdict};
use base64::Engine as _;
use ed25519_dalek::{Signer as _, SigningKey, Verifier as _, VerifyingKey};
use serde_json::Value;
use sha2::Digest as _;

/// `valid` / `expired` for a timestamp that matched, with the age in the detail.
fn aged(id: &str, what: &str, ts_ms: i64, w: Window, now: i64, extra: &str) -> Signature {
    let age = window::age_ms(now, ts_ms);
    let age_s = window::describe_age(age);
    match w.check(age) {
        Ok(()) => out(
            id,
            Verdict::Valid,
            format!(
                "{what} matched, timestamp is {age_s}{}{extra}",
                window::lenient_note(w, age)
            ),
        ),
        Err(why) => out(
            id,
            Verdict::Expired,
            format!(
                "{what} matched but timestamp is {age_s} ({why}; {id} allows {}){extra}",
                w.describe()
            ),
        ),
    }
}

// ---- Buildkite ----

const BK_TOKEN: &str = "x-buildkite-token";

pub(crate) fn buildkite_verify(
    id: &'static str,
    c: &Capture,
    secrets: &[String],
    ctx: &Context,
) -> Signature {
    if c.header("x-buildkite-signature").is_some() {
        return hmac_generic::verify(id, &BUILDKITE, c, secrets, ctx);
    }
    let Some(token) = c.header(BK_TOKEN) else {
        return out(
            id,
            Verdict::Unsigned,
            "no x-buildkite-signature or x-buildkite-token header",
        );
    };
    if secrets.is_empty() {
        return no_secret(id, "token mode (X-Buildkite-Token)");
    }
    match secrets
        .iter()
        .position(|s| ct_eq(s.as_bytes(), token.trim().as_bytes()))
    {
        Some(i) => out(
            id,
            Verdict::Valid,
            format!(
                "X-Buildkite-Token matches{} (token mode: the body is not signed)",
                which_secret(i, secrets.len())
            ),
        ),
        None => out(
            id,
            Verdict::Invalid,
            "X-Buildkite-Token does not match the webhook token",
        ),
    }
}

/// Buildkite can send either; hookcli signs in signature mode, which covers the body.
pub(crate) fn buildkite_sign(secret: &str, c: &mut Capture, now: i64) -> Result<(), String> {
    c.remove_header(BK_TOKEN);
    hmac_generic::sign("buildkite", &BUILDKITE, secret, c, now, None)
}

// ---- Hygraph ----

const GCMS: &str = "gcms-signature";

/// `JSON.stringify({Body, EnvironmentName, TimeStamp})`, keys in that order, t a number.
fn hygraph_string(body: &[u8], env: &str, t: i64) -> String {
    let text = String::from_utf8_lossy(body);
    let s = |v: &str| Value::String(v.to_string()).to_string();
    format!(
        "{{\"Body\":{},\"EnvironmentName\":{},\"TimeStamp\":{t}}}",
        s(&text),
        s(env)
    )
}

pub(crate) fn hygraph_verify(
    id: &str,
    c: &Capture,
    secrets: &[String],
    ctx: &Context,
) -> Signature {
    let Some(header) = c.header(GCMS) else {
        return out(id, Verdict::Unsigned, format!("no {GCMS} header"));
    };
    let field = |k: &str| {
        parse::kv_items(header, ",")
            .find(|(key, _)| *key == k)
            .map(|(_, v)| v)
    };
    let (Some(sig), Some(env), Some(t)) =
        (field("sign"), field("env"), field("t").and_then(parse::int))
    else {
        return out(
            id,
            Verdict::Malformed,
            format!("{GCMS} is not sign=…, env=…, t=<ms>"),
        );
    };
    if secrets.is_empty() {
        return no_secret(id, &format!("signed for environment {env}"));
    }
    let text = hygraph_string(&c.body, env, t);
    let got = parse::b64(sig);
    for (i, secret) in secrets.iter().enumerate() {
        let m = mac(Hash::Sha256, secret.as_bytes(), &[text.as_bytes()]);
        if got.as_ref().is_some_and(|g| ct_eq(g, &m)) {
            let extra = format!(", environment {env}{}", which_secret(i, secrets.len()));
            return aged(id, "sign", t, Window::NONE, ctx.now, &extra);
        }
    }
    out(
        id,
        Verdict::Invalid,
        format!("sign does not match (envelope for environment {env}, t={t})"),
    )
}

pub(crate) fn hygraph_sign(secret: &str, c: &mut Capture, now: i64) -> Result<(), String> {
    let t = now.saturating_mul(1000);
    let text = hygraph_string(&c.body, "master", t);
    let sig = parse::B64_OUT.encode(mac(Hash::Sha256, secret.as_bytes(), &[text.as_bytes()]));
    c.set_header(GCMS, format!("sign={sig}, env=master, t={t}"));
    Ok(())
}

// ---- Pusher ----

const PUSHER_KEY: &str = "x-pusher-key";
const PUSHER_SIG: &str = "x-pusher-signature";
/// pusher-http-python: `abs(now_ms - time_ms) > 300000` is refused.
const PUSHER_WINDOW: Window = Window::sym(300);

pub(crate) fn pusher_verify(id: &str, c: &Capture, secrets: &[String], ctx: &Context) -> Signature {
    let Some(sig) = c.header(PUSHER_SIG) else {
        return out(id, Verdict::Unsigned, format!("no {PUSHER_SIG} header"));
    };
    if secrets.is_empty() {
        return no_secret(id, "signed (X-Pusher-Signature)");
    }
    let key = c.header(PUSHER_KEY).unwrap_or("").trim();
    let got = parse::hex(sig);
    let mut key_known = false;
    for (i, secret) in secrets.iter().enumerate() {
        let Some((app_key, app_secret)) = secret.split_once(':') else {
            continue;
        };
        if !ct_eq(app_key.as_bytes(), key.as_bytes()) {
            continue;
        }
        key_known = true;
        if !got
            .as_ref()
            .is_some_and(|g| ct_eq(g, &mac(Hash::Sha256, app_secret.as_bytes(), &[&c.body])))
        {
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
    } else if !key_known {
        format!("X-Pusher-Key {key:?} is not the configured app key")
    } else {
        "X-Pusher-Signature does not match the app secret".to_string()
    };
    out(id, Verdict::Invalid, detail)
}

/// Pusher puts `time_ms` in the JSON body, so signing sets it there.
pub(crate) fn pusher_sign(secret: &str, c: &mut Capture, now: i64) -> Result<(), String> {
    let (app_key, app_secret) = secret
        .split_once(':')
        .ok_or("the pusher secret must be app_key:app_secret")?;
    let mut v: Value = serde_json::from_slice(&c.body)
        .map_err(|_| "pusher webhooks carry a JSON body with time_ms; this body is not JSON")?;
    let obj = v
        .as_object_mut()
        .ok_or("pusher webhooks carry a JSON object body")?;
    obj.insert("time_ms".into(), Value::from(now.saturating_mul(1000)));
    super::set_body(c, v.to_string().into_bytes());
    let sig = hex::encode(mac(Hash::Sha256, app_secret.as_bytes(), &[&c.body]));
    c.set_header(PUSHER_KEY, app_key);
    c.set_header(PUSHER_SIG, sig);
    Ok(())
}

// ---- Telnyx ----

const TX_SIG: &str = "telnyx-signature-ed25519";
const TX_TS: &str = "telnyx-timestamp";
const TX_WINDOW: Window = Window::sym(300);

fn key32(secret: &str) -> Option<[u8; 32]> {
    parse::b64(secret)?.try_into().ok()
}

pub(crate) fn telnyx_verify(id: &str, c: &Capture, secrets: &[String], ctx: &Context) -> Signature {
    let Some(sig) = c.header(TX_SIG) else {
        return out(id, Verdict::Unsigned, format!("no {TX_SIG} header"));
    };
    let Some(ts) = c.header(TX_TS).map(str::trim) else {
        return out(id, Verdict::Malformed, format!("no {TX_TS} header"));
    };
    let Some(ts_ms) = window::parse(ts, window::Unit::Secs) else {
        return out(
            id,
            Verdict::Malformed,
            format!("{TX_TS} {ts:?} is not unix seconds"),
        );
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

pub(crate) fn telnyx_sign(secret: &str, c: &mut Capture, now: i64) -> Result<(), String> {
    let sk = key32(secret)
        .map(|b| SigningKey::from_bytes(&b))
        .ok_or("the telnyx secret for signing must be a base64 32-byte Ed25519 seed")?;
    let ts = now.to_string();
    let sig = sk.sign(&[ts.as_bytes(), b"|", &c.body].concat());
    c.set_header(TX_SIG, parse::B64_OUT.encode(sig.to_bytes()));
    c.set_header(TX_TS, ts);
    Ok(())
}

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

pub(crate) fn cloudinary_verify(
    id: &str,
    c: &Capture,
    secrets: &[String],
    ctx: &Context,
) -> Signature {
    let Some(sig) = c.header(CLD_SIG).map(|s| s.trim().to_ascii_lowercase()) else {
        return out(id, Verdict::Unsigned, format!("no {CLD_SIG} header"));
    };
    let Some(ts) = c.header(CLD_TS).map(str::trim) else {
        return out(id, Verdict::Malformed, format!("no {CLD_TS} header"));
    };
    let Some(ts_ms) = window::parse(ts, window::Unit::Secs) else {
        return out(
            id,
            Verdict::Malformed,
            format!("{CLD_TS} {ts:?} is not unix seconds"),
        );
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
    for (i, secret) in secrets.iter().enumerate() {
        let want = cloudinary_digest(sig.len(), &c.body, ts, secret).unwrap_or_default();
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
    out(
        id,
        Verdict::Invalid,
        format!("{algo}(body + timestamp + api_secret) does not match"),
    )
}

/// Signs with SHA-1, pycloudinary's default `signature_algorithm`.
pub(crate) fn cloudinary_sign(secret: &str, c: &mut Capture, now: i64) -> Result<(), String> {
    let ts = now.to_string();
    let sig = cloudinary_digest(40, &c.body, &ts, secret).unwrap_or_default();
    c.set_header(CLD_SIG, sig);
    c.set_header(CLD_TS, ts);
    Ok(())
}
