//! JWT-carried signatures: Plaid (ES256, body hash claim, iat freshness) and Netlify (HS256).

use super::hmac_generic::mac;
use super::registry::Hash;
use super::{Context, asym, ct_eq, no_secret, out, parse, which_secret, window};
use crate::capture::{Capture, Signature, Verdict};
use base64::Engine as _;
use p256::ecdsa;
use serde_json::{Value, json};
use sha2::Digest as _;

/// A JWT split and its header and claims decoded; `Err` says what is malformed.
pub(crate) struct Jwt<'a> {
    pub signing_input: &'a str,
    pub sig: Vec<u8>,
    pub header: Value,
    pub claims: Value,
}

pub(crate) fn split(token: &str) -> Result<Jwt<'_>, String> {
    let token = token.trim();
    let mut parts = token.split('.');
    let (Some(h), Some(p), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err("is not a JWT (three dot-separated parts)".into());
    };
    let json =
        |part: &str| parse::b64url(part).and_then(|b| serde_json::from_slice::<Value>(&b).ok());
    let header = json(h).ok_or("has an undecodable JWT header")?;
    let claims = json(p).ok_or("has undecodable JWT claims")?;
    let sig = parse::b64url(s).ok_or("has a JWT signature that is not base64url")?;
    Ok(Jwt {
        signing_input: &token[..h.len() + 1 + p.len()],
        sig,
        header,
        claims,
    })
}

pub(crate) fn encode(header: &Value, claims: &Value) -> String {
    let enc = |v: &Value| parse::B64URL_OUT.encode(v.to_string());
    format!("{}.{}", enc(header), enc(claims))
}

pub(crate) fn body_sha256(c: &Capture) -> String {
    hex::encode(sha2::Sha256::digest(&c.body))
}

// ---- Plaid ----

const PLAID: &str = "plaid-verification";
const PLAID_MAX_AGE: window::Window = window::Window::past(300);

pub(crate) fn plaid_verify(id: &str, c: &Capture, secrets: &[String], ctx: &Context) -> Signature {
    let Some(token) = c.header(PLAID) else {
        return out(id, Verdict::Unsigned, format!("no {PLAID} header"));
    };
    let jwt = match split(token) {
        Ok(j) => j,
        Err(e) => return out(id, Verdict::Malformed, format!("{PLAID} {e}")),
    };
    if jwt.header.get("alg").and_then(Value::as_str) != Some("ES256") {
        return out(
            id,
            Verdict::Invalid,
            "JWT alg is not ES256, which Plaid requires",
        );
    }
    let kid = jwt.header.get("kid").and_then(Value::as_str).unwrap_or("");
    let iat = jwt.claims.get("iat").and_then(Value::as_i64);
    let age = iat.map(|s| window::age_ms(ctx.now, s.saturating_mul(1000)));
    let age_text = age
        .map(|a| format!(", iat is {}", window::describe_age(a)))
        .unwrap_or_default();
    if secrets.is_empty() {
        return no_secret(
            id,
            &format!("signed (ES256 JWT, kid {}){age_text}", parse::short(kid)),
        );
    }
    let Ok(sig) = ecdsa::Signature::from_slice(&jwt.sig) else {
        return out(id, Verdict::Invalid, "JWT signature is not 64 bytes (r‖s)");
    };
    // Prefer the JWK whose kid matches, as Plaid's key endpoint is keyed by kid.
    let kid_of = |s: &String| {
        serde_json::from_str::<Value>(s)
            .ok()
            .and_then(|v| v.get("kid").and_then(Value::as_str).map(str::to_string))
    };
    let mut order: Vec<usize> = (0..secrets.len()).collect();
    order.sort_by_key(|i| kid_of(&secrets[*i]).as_deref() != Some(kid));
    let matched = order.into_iter().find(|&i| {
        asym::p256_public(&secrets[i])
            .is_some_and(|vk| asym::p256_verify(&vk, jwt.signing_input.as_bytes(), sig))
    });
    let Some(i) = matched else {
        return out(
            id,
            Verdict::Invalid,
            format!(
                "ES256 signature does not verify with any configured JWK (kid {}){age_text}",
                parse::short(kid)
            ),
        );
    };
    if let Some(mismatch) = body_claim_mismatch(
        id,
        c,
        &jwt,
        "request_body_sha256",
        "JWT verifies but request_body_sha256",
    ) {
        return mismatch;
    }
    let which = which_secret(i, secrets.len());
    match age {
        None => out(id, Verdict::Invalid, "JWT has no iat claim"),
        Some(a) => match PLAID_MAX_AGE.check(a) {
            Ok(()) => out(
                id,
                Verdict::Valid,
                format!("ES256 JWT and body hash matched{age_text}{which}"),
            ),
            Err(why) => out(
                id,
                Verdict::Expired,
                format!(
                    "ES256 JWT matched but iat is {} ({why})",
                    window::describe_age(a)
                ),
            ),
        },
    }
}

pub(crate) fn plaid_sign(secret: &str, c: &mut Capture, now: i64) -> Result<(), String> {
    use p256::ecdsa::signature::Signer as _;
    let sk = asym::p256_private(secret).ok_or(
        "the plaid secret for signing must be a P-256 private key (JWK with d, or hex scalar)",
    )?;
    let kid = serde_json::from_str::<Value>(secret.trim())
        .ok()
        .and_then(|v| v.get("kid").and_then(Value::as_str).map(str::to_string))
        .unwrap_or_else(|| "hookcli".into());
    let input = encode(
        &json!({"alg": "ES256", "kid": kid, "typ": "JWT"}),
        &json!({"iat": now, "request_body_sha256": body_sha256(c)}),
    );
    let sig: ecdsa::Signature = sk.sign(input.as_bytes());
    c.set_header(
        PLAID,
        format!("{input}.{}", parse::B64URL_OUT.encode(sig.to_bytes())),
    );
    Ok(())
}

// ---- Netlify ----

const NETLIFY: &str = "x-webhook-signature";

pub(crate) fn netlify_verify(id: &str, c: &Capture, secrets: &[String]) -> Signature {
    let Some(token) = c.header(NETLIFY) else {
        return out(id, Verdict::Unsigned, format!("no {NETLIFY} header"));
    };
    let jwt = match split(token) {
        Ok(j) => j,
        Err(e) => return out(id, Verdict::Malformed, format!("{NETLIFY} {e}")),
    };
    if jwt.header.get("alg").and_then(Value::as_str) != Some("HS256") {
        return out(id, Verdict::Invalid, "JWT alg is not HS256");
    }
    if secrets.is_empty() {
        return no_secret(id, "signed (HS256 JWS)");
    }
    let matched = secrets.iter().position(|s| {
        ct_eq(
            &mac(Hash::Sha256, s.as_bytes(), &[jwt.signing_input.as_bytes()]),
            &jwt.sig,
        )
    });
    let Some(i) = matched else {
        let expected = mac(
            Hash::Sha256,
            secrets[0].as_bytes(),
            &[jwt.signing_input.as_bytes()],
        );
        return out(
            id,
            Verdict::Invalid,
            format!(
                "expected JWS signature {}, got {}",
                parse::short(&parse::B64URL_OUT.encode(expected)),
                parse::short(&parse::B64URL_OUT.encode(&jwt.sig))
            ),
        );
    };
    if jwt.claims.get("iss").and_then(Value::as_str) != Some("netlify") {
        return out(
            id,
            Verdict::Invalid,
            "JWS verifies but iss is not \"netlify\"",
        );
    }
    if let Some(mismatch) =
        body_claim_mismatch(id, c, &jwt, "sha256", "JWS verifies but its sha256")
    {
        return mismatch;
    }
    out(
        id,
        Verdict::Valid,
        format!(
            "HS256 JWS and body hash matched{}",
            which_secret(i, secrets.len())
        ),
    )
}

pub(crate) fn netlify_sign(secret: &str, c: &mut Capture) -> Result<(), String> {
    let input = encode(
        &json!({"alg": "HS256", "typ": "JWT"}),
        &json!({"iss": "netlify", "sha256": body_sha256(c)}),
    );
    let sig = mac(Hash::Sha256, secret.as_bytes(), &[input.as_bytes()]);
    c.set_header(
        NETLIFY,
        format!("{input}.{}", parse::B64URL_OUT.encode(sig)),
    );
    Ok(())
}

/// An `invalid` verdict when the token's body-hash claim is not the body's SHA-256 (the
/// signature covers the claim, the claim covers the body).
fn body_claim_mismatch(
    id: &str,
    c: &Capture,
    jwt: &Jwt,
    claim: &str,
    what: &str,
) -> Option<Signature> {
    let claimed = jwt.claims.get(claim).and_then(Value::as_str).unwrap_or("");
    let actual = body_sha256(c);
    (!ct_eq(claimed.as_bytes(), actual.as_bytes())).then(|| {
        out(
            id,
            Verdict::Invalid,
            format!(
                "{what} {} ≠ body's {}",
                parse::short(claimed),
                parse::short(&actual)
            ),
        )
    })
}
