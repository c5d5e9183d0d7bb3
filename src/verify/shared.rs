//! Family I of the second reference file: no MAC, a shared value compared in constant time
//! (Flutterwave's `verif-hash` header, Figma's `passcode` in the body, HTTP Basic
//! credentials for Chargebee and VMware Workspace ONE).

use super::{ct_eq, no_secret, out, parse, which_secret};
use crate::capture::{Capture, Signature, Verdict};
use base64::Engine as _;
use serde_json::Value;

/// Which configured secret equals `got`, compared in constant time.
fn matching(secrets: &[String], got: &[u8], norm: impl Fn(&str) -> Vec<u8>) -> Option<usize> {
    secrets.iter().position(|s| ct_eq(&norm(s), got))
}

// ---- Flutterwave ----

const VERIF: &str = "verif-hash";

pub(crate) fn flutterwave_verify(id: &str, c: &Capture, secrets: &[String]) -> Signature {
    let Some(v) = c.header(VERIF) else {
        return out(id, Verdict::Unsigned, format!("no {VERIF} header"));
    };
    if secrets.is_empty() {
        return no_secret(id, "verif-hash present");
    }
    match matching(secrets, v.trim().as_bytes(), |s| s.as_bytes().to_vec()) {
        Some(i) => out(
            id,
            Verdict::Valid,
            format!(
                "verif-hash equals the secret hash{} (not a signature: the body is not covered)",
                which_secret(i, secrets.len())
            ),
        ),
        None => out(
            id,
            Verdict::Invalid,
            "verif-hash is not the configured secret hash",
        ),
    }
}

pub(crate) fn flutterwave_sign(secret: &str, c: &mut Capture) -> Result<(), String> {
    c.set_header(VERIF, secret);
    Ok(())
}

// ---- Figma ----

pub(crate) fn figma_verify(id: &str, c: &Capture, secrets: &[String]) -> Signature {
    let Some(passcode) = parse::json_text(&c.body, &["passcode"]) else {
        return out(id, Verdict::Unsigned, "no passcode field in the body");
    };
    if secrets.is_empty() {
        return no_secret(id, "passcode present");
    }
    match matching(secrets, passcode.as_bytes(), |s| s.as_bytes().to_vec()) {
        Some(i) => out(
            id,
            Verdict::Valid,
            format!(
                "passcode matches{} (not a signature: the rest of the body is not covered)",
                which_secret(i, secrets.len())
            ),
        ),
        None => out(id, Verdict::Invalid, "passcode is not the configured one"),
    }
}

pub(crate) fn figma_sign(secret: &str, c: &mut Capture) -> Result<(), String> {
    let mut v: Value = serde_json::from_slice(&c.body)
        .map_err(|_| "figma carries its passcode in a JSON body; this body is not JSON")?;
    v.as_object_mut()
        .ok_or("figma carries its passcode in a JSON object body")?
        .insert("passcode".into(), Value::String(secret.to_string()));
    super::set_body(c, v.to_string().into_bytes());
    Ok(())
}

// ---- HTTP Basic (Chargebee, VMware Workspace ONE) ----

/// `user:pass` from a secret; ngrok's VMware form `user::pass` is accepted too.
fn credentials(secret: &str) -> Vec<u8> {
    match secret.split_once("::") {
        Some((u, p)) => format!("{u}:{p}").into_bytes(),
        None => secret.as_bytes().to_vec(),
    }
}

pub(crate) fn basic_verify(id: &str, c: &Capture, secrets: &[String]) -> Signature {
    let Some(auth) = c.header("authorization") else {
        return out(id, Verdict::Unsigned, "no authorization header");
    };
    let auth = auth.trim();
    let Some(creds) = auth
        .get(..6)
        .filter(|p| p.eq_ignore_ascii_case("basic "))
        .and_then(|_| parse::b64(&auth[6..]))
    else {
        return out(
            id,
            Verdict::Malformed,
            "authorization is not Basic <base64>",
        );
    };
    if secrets.is_empty() {
        return no_secret(id, "Basic credentials present");
    }
    match matching(secrets, &creds, credentials) {
        Some(i) => out(
            id,
            Verdict::Valid,
            format!(
                "Basic credentials match{} ({id} does not sign)",
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

pub(crate) fn basic_sign(secret: &str, c: &mut Capture) -> Result<(), String> {
    let value = parse::B64_OUT.encode(credentials(secret));
    c.set_header("authorization", format!("Basic {value}"));
    Ok(())
}
