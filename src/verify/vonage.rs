//! Vonage (family L, and G): signed SMS parameters (`sig`, HMAC or plain MD5 over sorted
//! `&k=v` parameters) or, for Messages and Voice, an HS256 JWT in Authorization whose
//! `payload_hash` claim covers the body.

use super::base::{Context, body_sha256, ct_eq, fresh_id, no_secret, out, set_body, which_secret};
use super::fields::scalar;
use super::jwt::{bearer, body_claim_mismatch, checked, sign_hs256};
use super::mac::mac;
use super::parse;
use super::provider::{Provider, ProviderInfo};
use super::template::Hash;
use crate::capture::{Capture, Signature, Verdict};
use serde_json::{Value, json};
use sha1::Digest as _;

/// Vonage: signed SMS parameters, or a Messages/Voice JWT.
pub(crate) struct Vonage;

impl Provider for Vonage {
    fn info(&self) -> &ProviderInfo {
        &VONAGE_INFO
    }
    fn by_secret(&self, c: &Capture) -> bool {
        c.url.contains("sig=") || parse::contains(&c.body, b"sig")
    }
    fn verify(&self, c: &Capture, secrets: &[String], ctx: &Context) -> Signature {
        vonage_verify(VONAGE_INFO.id, c, secrets, ctx)
    }
    fn sign(&self, secret: &str, c: &mut Capture, ctx: &Context) -> Result<(), String> {
        vonage_sign(secret, c, ctx.now)
    }
}

const VONAGE_INFO: ProviderInfo = ProviderInfo {
    id: "vonage",
    vectors: "published",
    name: "Vonage",
    headers: &["authorization"],
    algorithm: "signed SMS: HMAC-MD5/SHA1/SHA256/SHA512 (or plain md5hash) over sorted `&k=v` parameters, hex, in the sig parameter; Messages/Voice: JWT HS256 with payload_hash = SHA-256 of the body",
    secret_form: "the signature secret, as text",
    family: "L: fields in the request (G: JWT)",
    notes: "The method follows the sig length (32 hex tries HMAC-MD5, then md5hash); the SDK bounds no timestamp. A JWT without payload_hash verifies but the detail says the body is not covered; a body that does not match payload_hash is valid too, as in @vonage/jwt, with the mismatch in the detail; exp is checked when present. [S] vectors pass.",
    sdk: "@vonage/jwt 1.15.0 packages/jwt/lib/verifySignature.ts (JWT webhooks): jsonwebtoken verify, RS256/HS256, exp checked; it never reads payload_hash, so the verdict does not either: a body that does not match payload_hash is valid and the detail says so (Vonage's signed-webhooks docs ask receivers to compare it). @vonage/sms 1.22.0 packages/sms/lib/sms.ts verifySignature (signed SMS): sorted &k=v with & and = in values as _, md5hash/HMAC-MD5/SHA-1/SHA-256/SHA-512 hex compared case-insensitively (toUpperCase), no timestamp bound",
};

// ---- Vonage ----

fn vonage_verify(id: &str, c: &Capture, secrets: &[String], ctx: &Context) -> Signature {
    if let Some(sig) = vonage_sms_verify(id, c, secrets) {
        return sig;
    }
    let Some(token) = bearer(c) else {
        return out(
            id,
            Verdict::Unsigned,
            "no sig parameter and no Authorization: Bearer JWT",
        );
    };
    let (jwt, i) = match checked(id, token, secrets, ctx.now) {
        Ok(ok) => ok,
        Err(verdict) => return verdict,
    };
    let which = which_secret(i, secrets.len());
    if jwt.claims.get("payload_hash").is_none() {
        return out(
            id,
            Verdict::Valid,
            format!("JWT matched{which} (no payload_hash claim: the body is not covered)"),
        );
    }
    // @vonage/jwt never reads payload_hash, so a mismatch does not change its verdict; the
    // detail carries it because Vonage's docs ask receivers to compare it.
    let what = "JWT matched, but the body does not match payload_hash:";
    match body_claim_mismatch(id, c, &jwt, "payload_hash", what) {
        Some(mismatch) => out(
            id,
            Verdict::Valid,
            format!(
                "{}{which} (@vonage/jwt does not check payload_hash, so it passes)",
                mismatch.detail
            ),
        ),
        None => out(
            id,
            Verdict::Valid,
            format!("JWT and payload_hash matched{which}"),
        ),
    }
}

/// Form or query requests are signed as SMS webhooks; others get a Messages-API JWT.
fn vonage_sign(secret: &str, c: &mut Capture, now: i64) -> Result<(), String> {
    let form = parse::is_form(c.header("content-type"));
    if form || (c.body.is_empty() && c.query().is_some()) {
        vonage_sms_sign(secret, c, now);
        return Ok(());
    }
    let claims = json!({
        "iat": now,
        "jti": hex::encode(fresh_id(c, now)),
        "iss": "Vonage",
        "payload_hash": body_sha256(c),
    });
    c.set_header(
        "authorization",
        format!("Bearer {}", sign_hs256(secret, &claims)),
    );
    Ok(())
}

// ---- Vonage signed SMS ----

/// The request's parameters: the query, then a form or flat JSON body.
fn vonage_params(c: &Capture) -> Vec<(String, String)> {
    let query = c.query().unwrap_or("");
    let mut params = parse::form_pairs(query.as_bytes());
    if parse::is_form(c.header("content-type")) {
        params.extend(parse::form_pairs(&c.body));
    } else if let Ok(Value::Object(m)) = serde_json::from_slice::<Value>(&c.body) {
        params.extend(m.iter().map(|(k, v)| (k.clone(), scalar(Some(v)))));
    }
    params
}

/// `&k=v` for every parameter but `sig`, sorted, with `&` and `=` in values as `_`.
fn vonage_string(params: &[(String, String)]) -> String {
    let mut p: Vec<&(String, String)> = params.iter().filter(|(k, _)| k != "sig").collect();
    p.sort();
    p.iter()
        .map(|(k, v)| format!("&{k}={}", v.replace(['&', '='], "_")))
        .collect()
}

/// The candidate hex signatures for a given length: HMAC by digest size; 32 hex may also be
/// the older plain `md5hash` (MD5 of the string followed by the secret).
fn vonage_candidates(len: usize, secret: &str, text: &str) -> Vec<(&'static str, String)> {
    let h = |hash| hex::encode(mac(hash, secret.as_bytes(), &[text.as_bytes()]));
    match len {
        32 => vec![
            ("hmac-md5", h(Hash::Md5)),
            (
                "md5hash",
                hex::encode(md5::Md5::digest(format!("{text}{secret}").as_bytes())),
            ),
        ],
        40 => vec![("hmac-sha1", h(Hash::Sha1))],
        64 => vec![("hmac-sha256", h(Hash::Sha256))],
        128 => vec![("hmac-sha512", h(Hash::Sha512))],
        _ => Vec::new(),
    }
}

/// `None` when the request carries no `sig` parameter (then it may be a JWT webhook).
fn vonage_sms_verify(id: &str, c: &Capture, secrets: &[String]) -> Option<Signature> {
    let params = vonage_params(c);
    let sig = params
        .iter()
        .find(|(k, _)| k == "sig")?
        .1
        .to_ascii_lowercase();
    if secrets.is_empty() {
        return Some(no_secret(id, "signed SMS (sig parameter)"));
    }
    let text = vonage_string(&params);
    for (i, secret) in secrets.iter().enumerate() {
        for (method, want) in vonage_candidates(sig.len(), secret, &text) {
            if ct_eq(sig.as_bytes(), want.as_bytes()) {
                let which = which_secret(i, secrets.len());
                // The SDK does not bound the timestamp parameter; show it for the reader.
                let ts = params
                    .iter()
                    .find(|(k, _)| k == "timestamp")
                    .map(|(_, v)| format!(", timestamp {v}"))
                    .unwrap_or_default();
                return Some(out(
                    id,
                    Verdict::Valid,
                    format!("sig matched ({method}){ts}{which}"),
                ));
            }
        }
    }
    let detail = match sig.len() {
        32 | 40 | 64 | 128 => "sig does not match the signature secret".to_string(),
        n => format!("sig has {n} characters: not an md5/sha1/sha256/sha512 hex digest"),
    };
    Some(out(id, Verdict::Invalid, detail))
}

/// Sign as Vonage's SMS API does, with HMAC-SHA256: `sig` joins the form body, or the query
/// of a bodiless request.
fn vonage_sms_sign(secret: &str, c: &mut Capture, now: i64) {
    let in_body = parse::is_form(c.header("content-type"));
    let (path, query) = c.url.split_once('?').unwrap_or((c.url.as_str(), ""));
    let keep = |src: &[u8]| -> Vec<(String, String)> {
        parse::form_pairs(src)
            .into_iter()
            .filter(|(k, _)| k != "sig")
            .collect()
    };
    let mut params = if in_body {
        keep(&c.body)
    } else {
        keep(query.as_bytes())
    };
    if !params.iter().any(|(k, _)| k == "timestamp") {
        params.push(("timestamp".into(), now.to_string()));
    }
    let mut all = if in_body {
        keep(query.as_bytes())
    } else {
        Vec::new()
    };
    all.extend(params.iter().cloned());
    let sig = hex::encode(mac(
        Hash::Sha256,
        secret.as_bytes(),
        &[vonage_string(&all).as_bytes()],
    ));
    params.push(("sig".into(), sig));
    let text: Vec<String> = params
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                parse::encode_uri_component(k),
                parse::encode_uri_component(v)
            )
        })
        .collect();
    if in_body {
        set_body(c, text.join("&").into_bytes());
    } else {
        c.url = format!("{path}?{}", text.join("&"));
    }
}
