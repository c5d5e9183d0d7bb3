//! Hygraph, formerly GraphCMS (family E): HMAC-SHA256 over
//! `JSON.stringify({Body, EnvironmentName, TimeStamp})`, the raw body embedded as a JSON
//! string, base64, in `sign=…, env=…, t=<ms>`.

use super::base::{Context, aged, ct_eq, no_secret, out, which_secret};
use super::mac::mac;
use super::parse;
use super::provider::{Provider, ProviderInfo};
use super::template::Hash;
use super::window::Window;
use crate::capture::{Capture, Signature, Verdict};
use base64::Engine as _;
use serde_json::Value;

/// Hygraph webhooks.
pub(crate) struct Hygraph;

impl Provider for Hygraph {
    fn info(&self) -> &ProviderInfo {
        &HYGRAPH_INFO
    }
    fn detect(&self) -> &'static [&'static str] {
        &[GCMS]
    }
    fn verify(&self, c: &Capture, secrets: &[String], ctx: &Context) -> Signature {
        hygraph_verify(HYGRAPH_INFO.id, c, secrets, ctx)
    }
    fn sign(&self, secret: &str, c: &mut Capture, ctx: &Context) -> Result<(), String> {
        hygraph_sign(secret, c, ctx.now)
    }
}

const HYGRAPH_INFO: ProviderInfo = ProviderInfo {
    id: "hygraph",
    vectors: "derived",
    name: "Hygraph (formerly GraphCMS)",
    headers: &["gcms-signature"],
    algorithm: "HMAC-SHA256 over JSON.stringify({Body, EnvironmentName, TimeStamp}), base64, in `sign=…, env=…, t=<ms>`",
    secret_form: "the webhook secret, as text",
    family: "E: other concatenation",
    notes: "The raw body is embedded as a JSON string escaped like JSON.stringify (serde_json escapes the same characters). No window in @hygraph/utils; the age is reported. [S] in the reference.",
    sdk: "@hygraph/utils 1.2.1 index.js verifyWebhookSignature: gcms-signature split on ', ' by position (sign, env, t), HMAC-SHA256 of JSON.stringify({Body, EnvironmentName, TimeStamp}) compared with === as base64 text; no freshness window",
};

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

fn hygraph_verify(id: &str, c: &Capture, secrets: &[String], ctx: &Context) -> Signature {
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
    // @hygraph/utils compares `sign === hash`: the padded base64 text it writes.
    for (i, secret) in secrets.iter().enumerate() {
        let m = mac(Hash::Sha256, secret.as_bytes(), &[text.as_bytes()]);
        if ct_eq(sig.as_bytes(), parse::B64_OUT.encode(m).as_bytes()) {
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

fn hygraph_sign(secret: &str, c: &mut Capture, now: i64) -> Result<(), String> {
    let t = now.saturating_mul(1000);
    let text = hygraph_string(&c.body, "master", t);
    let sig = parse::B64_OUT.encode(mac(Hash::Sha256, secret.as_bytes(), &[text.as_bytes()]));
    c.set_header(GCMS, format!("sign={sig}, env=master, t={t}"));
    Ok(())
}
