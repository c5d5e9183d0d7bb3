//! JWT-carried signatures (family G): Plaid (ES256, body hash claim, iat freshness),
//! Netlify (HS256, body hash claim) and monday.com (HS256, `aud` is the called URL); the
//! split/encode/HS256 helpers Vonage's Messages JWTs use too.

use super::base::{
    Context, body_sha256, ct_eq, no_secret, out, sign_url, signed_urls, which_secret,
};
use super::challenge::{self, Challenge};
use super::keys;
use super::mac::mac;
use super::provider::{Provider, ProviderInfo};
use super::template::Hash;
use super::{parse, window};
use crate::capture::{Capture, Signature, Verdict};
use base64::Engine as _;
use p256::ecdsa;
use serde_json::{Value, json};

/// Plaid: an ES256 JWT in Plaid-Verification.
pub(crate) struct Plaid;

impl Provider for Plaid {
    fn info(&self) -> &ProviderInfo {
        &PLAID_INFO
    }
    fn detect(&self) -> &'static [&'static str] {
        &[PLAID]
    }
    fn verify(&self, c: &Capture, secrets: &[String], ctx: &Context) -> Signature {
        plaid_verify(PLAID_INFO.id, c, secrets, ctx)
    }
    fn sign(&self, secret: &str, c: &mut Capture, ctx: &Context) -> Result<(), String> {
        plaid_sign(secret, c, ctx.now)
    }
}

/// Netlify deploy notifications: an HS256 JWS.
pub(crate) struct Netlify;

impl Provider for Netlify {
    fn info(&self) -> &ProviderInfo {
        &NETLIFY_INFO
    }
    fn detect(&self) -> &'static [&'static str] {
        &[NETLIFY]
    }
    fn verify(&self, c: &Capture, secrets: &[String], _ctx: &Context) -> Signature {
        netlify_verify(NETLIFY_INFO.id, c, secrets)
    }
    fn sign(&self, secret: &str, c: &mut Capture, _ctx: &Context) -> Result<(), String> {
        netlify_sign(secret, c)
    }
}

/// monday.com app requests: an HS256 JWT whose `aud` is the URL.
pub(crate) struct Monday;

impl Provider for Monday {
    fn info(&self) -> &ProviderInfo {
        &MONDAY_INFO
    }
    fn verify(&self, c: &Capture, secrets: &[String], ctx: &Context) -> Signature {
        monday_verify(MONDAY_INFO.id, c, secrets, ctx)
    }
    fn sign(&self, secret: &str, c: &mut Capture, ctx: &Context) -> Result<(), String> {
        monday_sign(secret, c, ctx.now, ctx.public_url)
    }
    /// Board webhooks post exactly `{"challenge": …}` and expect it echoed.
    fn handshake(&self, c: &Capture, _secrets: &[String]) -> Option<Challenge> {
        let v = challenge::json_body(c, b"\"challenge\"")?;
        let obj = v.as_object()?;
        (obj.len() == 1 && obj.get("challenge")?.is_string())
            .then(|| Challenge::Answer(challenge::json("monday challenge", v.to_string())))
    }
}

const PLAID_INFO: ProviderInfo = ProviderInfo {
    id: "plaid",
    vectors: "derived",
    name: "Plaid",
    headers: &["plaid-verification"],
    algorithm: "JWT ES256; claim request_body_sha256 = hex SHA-256 of the body",
    secret_form: "verify: the JWK from /webhook_verification_key/get (JSON); sign: a P-256 private key (JWK with d, or hex 32-byte scalar)",
    family: "G: JWT",
    notes: "Requires alg ES256; iat older than 5 min is expired (past only). The JWK is not fetched (no network in verify): pass it as the secret; several JWKs may be given and are picked by kid.",
    sdk: "no verify helper in plaid-node 42.2.0 (only webhookVerificationKeyGet); Plaid's documented steps decide (plaid.com/docs/api/webhooks/webhook-verification): alg must be ES256, kid picks the JWK, iat older than 5 min rejected, request_body_sha256 compared with the body's SHA-256 hex in constant time",
};

const NETLIFY_INFO: ProviderInfo = ProviderInfo {
    id: "netlify",
    vectors: "derived",
    name: "Netlify (deploy notifications)",
    headers: &["x-webhook-signature"],
    algorithm: "JWT HS256; claims iss = netlify, sha256 = hex SHA-256 of the body",
    secret_form: "the JWS secret token, as text",
    family: "G: JWT",
    notes: "Sent only when a JWS secret is configured. No expiry claim. [D] excerpt, [T] details.",
    sdk: "no official SDK: Netlify's documented check decides (docs.netlify.com site-deploys deploy notifications, payload signature): X-Webhook-Signature is a JWS verified as HS256 with issuer netlify (jsonwebtoken in the docs' example), then its sha256 claim compared with the hex SHA-256 of the body; no expiry claim",
};

const MONDAY_INFO: ProviderInfo = ProviderInfo {
    id: "monday",
    vectors: "derived",
    name: "monday.com (app integration requests)",
    headers: &["authorization"],
    algorithm: "JWT HS256 in Authorization (no Bearer), aud = the called URL",
    secret_form: "the app's Signing Secret, as text",
    family: "G: JWT",
    notes: "exp is checked as jsonwebtoken does (expired once now >= exp); aud is compared with the public URL when hookcli knows it. Board webhooks are unsigned; their {\\\"challenge\\\"} POST is echoed by `listen`. [K] in the reference.",
    sdk: "no official SDK helper: monday.com's documented check decides (developer.monday.com/apps/docs/authorization-header, advanced-concepts): the Authorization JWT verified with the app's Signing Secret (lifecycle webhooks: the Client Secret) by a JWT library such as jsonwebtoken, aud = the endpoint URL, exp not passed",
};

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

// ---- Plaid ----

const PLAID: &str = "plaid-verification";
const PLAID_MAX_AGE: window::Window = window::Window::past(300);

fn plaid_verify(id: &str, c: &Capture, secrets: &[String], ctx: &Context) -> Signature {
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
        keys::p256_public(&secrets[i])
            .is_some_and(|vk| keys::p256_verify(&vk, jwt.signing_input.as_bytes(), sig))
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

fn plaid_sign(secret: &str, c: &mut Capture, now: i64) -> Result<(), String> {
    use p256::ecdsa::signature::Signer as _;
    let sk = keys::p256_private(secret).ok_or(
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

fn netlify_verify(id: &str, c: &Capture, secrets: &[String]) -> Signature {
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

fn netlify_sign(secret: &str, c: &mut Capture) -> Result<(), String> {
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
pub(crate) fn body_claim_mismatch(
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

/// The token from `Authorization`, with or without `Bearer `.
pub(crate) fn bearer(c: &Capture) -> Option<&str> {
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

pub(crate) fn sign_hs256(secret: &str, claims: &Value) -> String {
    let input = encode(&json!({"alg": "HS256", "typ": "JWT"}), claims);
    let sig = mac(Hash::Sha256, secret.as_bytes(), &[input.as_bytes()]);
    format!("{input}.{}", parse::B64URL_OUT.encode(sig))
}

// ---- monday.com ----

fn monday_verify(id: &str, c: &Capture, secrets: &[String], ctx: &Context) -> Signature {
    let Some(token) = bearer(c) else {
        return out(id, Verdict::Unsigned, "no authorization header");
    };
    let (jwt, i) = match checked(id, token, secrets, ctx.now) {
        Ok(ok) => ok,
        Err(verdict) => return verdict,
    };
    let which = which_secret(i, secrets.len());
    let urls = signed_urls(c, ctx.public_url);
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
fn monday_sign(
    secret: &str,
    c: &mut Capture,
    now: i64,
    public_url: Option<&str>,
) -> Result<(), String> {
    let claims = json!({
        "accountId": 1,
        "userId": 1,
        "aud": sign_url(c, public_url),
        "iat": now,
        "exp": now + 300,
    });
    c.set_header("authorization", sign_hs256(secret, &claims));
    Ok(())
}

/// Parse an HS256 bearer token, check it against the secrets and its `exp`: the token and the
/// index of the secret that signed it, or the verdict that ends the check.
pub(crate) fn checked<'a>(
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
