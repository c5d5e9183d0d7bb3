//! Shared-token schemes (GitLab, Postmark, Okta, MS Graph) and Mailgun's in-body signature.
//!
//! For the token schemes the "signature" is the secret itself, so no detail here ever
//! shows a received or expected value.

use super::hmac_generic::{self, mac};
use super::registry::Hash;
use super::{Context, ct_eq, no_secret, out, parse, which_secret, window};
use crate::capture::{Capture, Signature, Verdict};
use base64::Engine as _;
use serde_json::Value;

// ---- GitLab ----

const GITLAB: &str = "x-gitlab-token";

pub(crate) fn gitlab_verify(
    id: &'static str,
    c: &Capture,
    secrets: &[String],
    ctx: &Context,
) -> Signature {
    let Some(token) = c.header(GITLAB) else {
        if c.header("webhook-signature").is_some() {
            // The newer signing token is Standard Webhooks with a whsec_ key.
            let signing: Vec<String> = secrets
                .iter()
                .filter(|s| s.starts_with("whsec_"))
                .cloned()
                .collect();
            return hmac_generic::verify(id, &super::table_std::STD, c, &signing, ctx);
        }
        return out(
            id,
            Verdict::Unsigned,
            format!("no {GITLAB} or webhook-signature header"),
        );
    };
    if secrets.is_empty() {
        return no_secret(id, &format!("{GITLAB} present"));
    }
    match secrets
        .iter()
        .position(|s| ct_eq(s.as_bytes(), token.trim().as_bytes()))
    {
        Some(i) => out(
            id,
            Verdict::Valid,
            format!(
                "{GITLAB} matches{} (a plain shared token, not a signature)",
                which_secret(i, secrets.len())
            ),
        ),
        None => out(
            id,
            Verdict::Invalid,
            format!("{GITLAB} does not match the configured token"),
        ),
    }
}

pub(crate) fn gitlab_sign(secret: &str, c: &mut Capture, now: i64) -> Result<(), String> {
    if secret.starts_with("whsec_") {
        c.remove_header(GITLAB);
        return hmac_generic::sign("gitlab", &super::table_std::STD, secret, c, now, None);
    }
    c.set_header(GITLAB, secret);
    Ok(())
}

// ---- Postmark ----

fn basic_credentials(value: &str) -> Option<Vec<u8>> {
    let v = value.trim();
    let b64 = v
        .get(..6)
        .filter(|p| p.eq_ignore_ascii_case("basic "))
        .map(|_| &v[6..])?;
    parse::b64(b64)
}

pub(crate) fn postmark_verify(id: &str, c: &Capture, secrets: &[String]) -> Signature {
    let Some(auth) = c.header("authorization") else {
        return out(id, Verdict::Unsigned, "no authorization header");
    };
    let Some(creds) = basic_credentials(auth) else {
        return out(
            id,
            Verdict::Malformed,
            "authorization is not Basic <base64>",
        );
    };
    if secrets.is_empty() {
        return no_secret(id, "Basic credentials present");
    }
    // A secret may be given as `user:pass` or as the whole `Basic …` value.
    let matched = secrets.iter().position(|s| {
        let want = basic_credentials(s).unwrap_or_else(|| s.as_bytes().to_vec());
        ct_eq(&want, &creds)
    });
    match matched {
        Some(i) => out(
            id,
            Verdict::Valid,
            format!(
                "Basic credentials match{} (Postmark does not sign)",
                which_secret(i, secrets.len())
            ),
        ),
        None => out(
            id,
            Verdict::Invalid,
            "Basic credentials do not match the configured user:pass",
        ),
    }
}

pub(crate) fn postmark_sign(secret: &str, c: &mut Capture) -> Result<(), String> {
    c.set_header(
        "authorization",
        format!("Basic {}", parse::B64_OUT.encode(secret)),
    );
    Ok(())
}

// ---- Okta ----

/// `Header-Name: value` names a custom header; anything else is the Authorization value.
fn okta_header(secret: &str) -> (&str, &str) {
    match secret.split_once(':') {
        Some((name, value))
            if !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') =>
        {
            (name, value.trim())
        }
        _ => ("authorization", secret.trim()),
    }
}

pub(crate) fn okta_verify(id: &str, c: &Capture, secrets: &[String]) -> Signature {
    if secrets.is_empty() {
        return match c.header("authorization") {
            Some(_) => no_secret(id, "authorization header present"),
            None => out(id, Verdict::Unsigned, "no authorization header"),
        };
    }
    let mut seen = false;
    for (i, s) in secrets.iter().enumerate() {
        let (name, want) = okta_header(s);
        if let Some(got) = c.header(name) {
            seen = true;
            if ct_eq(got.trim().as_bytes(), want.as_bytes()) {
                return out(
                    id,
                    Verdict::Valid,
                    format!(
                        "{name} matches{} (Okta does not sign)",
                        which_secret(i, secrets.len())
                    ),
                );
            }
        }
    }
    if seen {
        out(
            id,
            Verdict::Invalid,
            "the authentication header does not match the configured value",
        )
    } else {
        out(
            id,
            Verdict::Unsigned,
            "no authentication header (authorization, or the one named in the secret)",
        )
    }
}

pub(crate) fn okta_sign(secret: &str, c: &mut Capture) -> Result<(), String> {
    let (name, value) = okta_header(secret);
    c.set_header(name, value);
    Ok(())
}

// ---- Microsoft Graph ----

fn client_states(body: &[u8]) -> Option<Vec<Option<String>>> {
    let v: Value = serde_json::from_slice(body).ok()?;
    let items = v.get("value")?.as_array()?;
    let states: Vec<Option<String>> = items
        .iter()
        .map(|i| {
            i.get("clientState")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .collect();
    states.iter().any(Option::is_some).then_some(states)
}

pub(crate) fn msgraph_verify(id: &str, c: &Capture, secrets: &[String]) -> Signature {
    let Some(states) = client_states(&c.body) else {
        return out(id, Verdict::Unsigned, "no value[].clientState in the body");
    };
    let n = states.len();
    if secrets.is_empty() {
        return no_secret(id, &format!("{n} notification(s) with clientState"));
    }
    let matched = secrets.iter().position(|s| {
        states.iter().all(|st| {
            st.as_ref()
                .is_some_and(|st| ct_eq(st.as_bytes(), s.as_bytes()))
        })
    });
    match matched {
        Some(i) => out(
            id,
            Verdict::Valid,
            format!(
                "clientState matches in all {n} notification(s){}",
                which_secret(i, secrets.len())
            ),
        ),
        None => out(
            id,
            Verdict::Invalid,
            format!(
                "clientState differs from the configured one in at least one of {n} notification(s)"
            ),
        ),
    }
}

pub(crate) fn msgraph_sign(secret: &str, c: &mut Capture) -> Result<(), String> {
    let mut v: Value = serde_json::from_slice(&c.body)
        .map_err(|_| "msgraph carries clientState in a JSON body; this body is not JSON")?;
    let items = v
        .get_mut("value")
        .and_then(Value::as_array_mut)
        .ok_or("msgraph carries clientState in value[]; this body has no value array")?;
    for item in items.iter_mut() {
        if let Some(obj) = item.as_object_mut() {
            obj.insert("clientState".into(), Value::String(secret.to_string()));
        }
    }
    c.body = serde_json::to_vec(&v).map_err(|e| e.to_string())?.into();
    c.body_size = c.body.len() as u64;
    Ok(())
}

// ---- Mailgun ----

/// (timestamp, token, signature) from a JSON `signature` object or legacy form fields.
fn mailgun_fields(c: &Capture) -> Option<(String, String, String)> {
    if parse::contains(&c.body, b"\"signature\"") {
        let get = |k| parse::json_text(&c.body, &["signature", k]);
        if let (Some(ts), Some(token), Some(sig)) =
            (get("timestamp"), get("token"), get("signature"))
        {
            return Some((ts, token, sig));
        }
    }
    let pairs = parse::form_pairs(&c.body);
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    Some((get("timestamp")?, get("token")?, get("signature")?))
}

pub(crate) fn mailgun_verify(
    id: &str,
    c: &Capture,
    secrets: &[String],
    ctx: &Context,
) -> Signature {
    let Some((ts, token, sig)) = mailgun_fields(c) else {
        return out(
            id,
            Verdict::Unsigned,
            "no signature timestamp/token/signature in the body",
        );
    };
    let age = window::parse(&ts, window::Unit::Secs)
        .map(|ms| {
            let age = window::age_ms(ctx.now, ms);
            let note = window::lenient_note(window::Window::NONE, age);
            format!(", timestamp is {}{note}", window::describe_age(age))
        })
        .unwrap_or_default();
    if secrets.is_empty() {
        return no_secret(id, &format!("signed in the body{age}"));
    }
    let got = parse::hex(&sig);
    let msg = [ts.as_bytes(), token.as_bytes()].concat();
    for (i, s) in secrets.iter().enumerate() {
        let m = mac(Hash::Sha256, s.as_bytes(), &[&msg]);
        if got.as_ref().is_some_and(|g| ct_eq(g, &m)) {
            return out(
                id,
                Verdict::Valid,
                format!("signature matched{age}{}", which_secret(i, secrets.len())),
            );
        }
    }
    let expected = hex::encode(mac(Hash::Sha256, secrets[0].as_bytes(), &[&msg]));
    out(
        id,
        Verdict::Invalid,
        format!(
            "expected signature {}, got {}{age}",
            parse::short(&expected),
            parse::short(&sig)
        ),
    )
}

pub(crate) fn mailgun_sign(secret: &str, c: &mut Capture, now: i64) -> Result<(), String> {
    let ts = now.to_string();
    let token = hex::encode(super::fresh_id(c, now))
        + &hex::encode(&super::fresh_id(c, now.wrapping_add(1))[..9]);
    let token = token.get(..50).unwrap_or(&token).to_string();
    let sig = hex::encode(mac(
        Hash::Sha256,
        secret.as_bytes(),
        &[ts.as_bytes(), token.as_bytes()],
    ));
    if let Ok(Value::Object(mut obj)) = serde_json::from_slice::<Value>(&c.body) {
        obj.insert(
            "signature".into(),
            serde_json::json!({"timestamp": ts, "token": token, "signature": sig}),
        );
        c.body = serde_json::to_vec(&Value::Object(obj))
            .map_err(|e| e.to_string())?
            .into();
    } else if c.body.is_empty() || parse::is_form(c.header("content-type")) {
        let mut pairs: Vec<(String, String)> = parse::form_pairs(&c.body)
            .into_iter()
            .filter(|(k, _)| !matches!(k.as_str(), "timestamp" | "token" | "signature"))
            .collect();
        pairs.extend([
            ("timestamp".into(), ts),
            ("token".into(), token),
            ("signature".into(), sig),
        ]);
        let enc = |s: &str| parse::encode_uri_component(s);
        let body: Vec<String> = pairs
            .iter()
            .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
            .collect();
        c.body = body.join("&").into_bytes().into();
        c.set_header("content-type", "application/x-www-form-urlencoded");
    } else {
        return Err(
            "mailgun signs fields inside a JSON object or form body; this body is neither".into(),
        );
    }
    c.body_size = c.body.len() as u64;
    Ok(())
}
