//! HS256 JWTs of the second reference file: Vonage Messages/Voice (`payload_hash` claim;
//! its signed-SMS scheme is in `fields`) and monday.com app requests (`aud` is the URL).

use super::hmac_generic::mac;
use super::jwt::{Jwt, body_sha256, encode, split};
use super::registry::Hash;
use super::{Context, ct_eq, fields, no_secret, out, parse, which_secret};
use crate::capture::{Capture, Signature, Verdict};
use serde_json::{Value, json};

/// The token from `Authorization`, with or without `Bearer `.
fn bearer(c: &Capture) -> Option<&str> {
    let v = c.header("authorization")?.trim();
    Some(match v.get(..7) {
        Some(p) if p.eq_ignore_ascii_case("bearer ") => v[7..].trim(),
        _ => v,
    })
}

/// Check an HS256 token against the secrets: `Ok(index)` of the matching secret.
fn hs256(id: &str, jwt: &Jwt, secrets: &[String]) -> Result<usize, Signature> {
    if jwt.header.get("alg").and_then(Value::as_str) != Some("HS256") {
        return Err(out(id, Verdict::Invalid, "JWT alg is not HS256"));
    }
    let input = jwt.signing_input.as_bytes();
    secrets
        .iter()
        .position(|s| ct_eq(&mac(Hash::Sha256, s.as_bytes(), &[input]), &jwt.sig))
        .ok_or_else(|| {
            out(
                id,
                Verdict::Invalid,
                "JWT signature does not match the signing secret",
            )
        })
}

/// `exp` as jsonwebtoken reads it: expired once now >= exp.
fn expired(id: &str, jwt: &Jwt, now: i64) -> Option<Signature> {
    let exp = jwt.claims.get("exp")?.as_i64()?;
    (now >= exp).then(|| {
        out(
            id,
            Verdict::Expired,
            format!("JWT matched but exp {exp} is {} s past", now - exp),
        )
    })
}

fn sign_hs256(secret: &str, claims: &Value) -> String {
    let input = encode(&json!({"alg": "HS256", "typ": "JWT"}), claims);
    let sig = mac(Hash::Sha256, secret.as_bytes(), &[input.as_bytes()]);
    format!("{input}.{}", parse::B64URL_OUT.encode(sig))
}

use base64::Engine as _;

// ---- Vonage ----

pub(crate) fn vonage_verify(id: &str, c: &Capture, secrets: &[String], ctx: &Context) -> Signature {
    if let Some(sig) = fields::vonage_sms_verify(id, c, secrets) {
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
    match jwt.claims.get("payload_hash").and_then(Value::as_str) {
        Some(claimed) => {
            let actual = body_sha256(c);
            if ct_eq(claimed.as_bytes(), actual.as_bytes()) {
                out(
                    id,
                    Verdict::Valid,
                    format!("JWT and payload_hash matched{which}"),
                )
            } else {
                out(
                    id,
                    Verdict::Invalid,
                    format!(
                        "JWT matched but payload_hash {} ≠ body's {}",
                        parse::short(claimed),
                        parse::short(&actual)
                    ),
                )
            }
        }
        None => out(
            id,
            Verdict::Valid,
            format!("JWT matched{which} (no payload_hash claim: the body is not covered)"),
        ),
    }
}

/// Form or query requests are signed as SMS webhooks; others get a Messages-API JWT.
pub(crate) fn vonage_sign(secret: &str, c: &mut Capture, now: i64) -> Result<(), String> {
    let form = parse::is_form(c.header("content-type"));
    if form || (c.body.is_empty() && c.query().is_some()) {
        fields::vonage_sms_sign(secret, c, now);
        return Ok(());
    }
    let claims = json!({
        "iat": now,
        "jti": hex::encode(super::fresh_id(c, now)),
        "iss": "Vonage",
        "payload_hash": body_sha256(c),
    });
    c.set_header(
        "authorization",
        format!("Bearer {}", sign_hs256(secret, &claims)),
    );
    Ok(())
}

// ---- monday.com ----

pub(crate) fn monday_verify(id: &str, c: &Capture, secrets: &[String], ctx: &Context) -> Signature {
    let Some(token) = bearer(c) else {
        return out(id, Verdict::Unsigned, "no authorization header");
    };
    let (jwt, i) = match checked(id, token, secrets, ctx.now) {
        Ok(ok) => ok,
        Err(verdict) => return verdict,
    };
    let which = which_secret(i, secrets.len());
    let urls = super::signed_urls(c, ctx.public_url);
    let aud = jwt.claims.get("aud").and_then(Value::as_str);
    match aud {
        Some(aud) if !urls.is_empty() => {
            if urls.iter().any(|u| u.url == aud) {
                out(
                    id,
                    Verdict::Valid,
                    format!("JWT matched, aud is this URL{which}"),
                )
            } else {
                out(
                    id,
                    Verdict::Invalid,
                    format!(
                        "JWT matched but aud {aud} is not the called URL {}",
                        urls[0].url
                    ),
                )
            }
        }
        Some(aud) => out(
            id,
            Verdict::Valid,
            format!("JWT matched{which} (aud {aud} not compared: pass --public-url)"),
        ),
        None => out(
            id,
            Verdict::Valid,
            format!("JWT matched{which} (no aud claim)"),
        ),
    }
}

/// monday.com tokens are short-lived: `exp` 5 minutes after signing.
pub(crate) fn monday_sign(
    secret: &str,
    c: &mut Capture,
    now: i64,
    public_url: Option<&str>,
) -> Result<(), String> {
    let claims = json!({
        "accountId": 1,
        "userId": 1,
        "aud": super::sign_url(c, public_url),
        "iat": now,
        "exp": now + 300,
    });
    c.set_header("authorization", sign_hs256(secret, &claims));
    Ok(())
}

/// Parse an HS256 bearer token, check it against the secrets and its `exp`: the token and the
/// index of the secret that signed it, or the verdict that ends the check.
fn checked<'a>(
    id: &str,
    token: &'a str,
    secrets: &[String],
    now: i64,
) -> Result<(Jwt<'a>, usize), Signature> {
    let jwt =
        split(token).map_err(|e| out(id, Verdict::Malformed, format!("authorization {e}")))?;
    if secrets.is_empty() {
        return Err(no_secret(id, "signed (HS256 JWT)"));
    }
    let i = hs256(id, &jwt, secrets)?;
    if let Some(sig) = expired(id, &jwt, now) {
        return Err(sig);
    }
    Ok((jwt, i))
}
