//! Shared tokens (family I): no MAC, a value sender and receiver share, compared in
//! constant time: a header equal to the secret (GitLab, Buildkite's token mode,
//! Flutterwave), a configured header (Okta), a body field (Microsoft Graph's clientState,
//! Figma's passcode). HTTP Basic credentials are in `basic_auth`.
//! GitLab and Buildkite also have a signed mode, which the HMAC engine runs.
//!
//! The "signature" is the secret itself, so no detail here ever shows a received or
//! expected value.

use super::base::{Context, ct_eq, matching_secret, no_secret, out, set_body, which_secret};
use super::challenge::{self, Challenge};
use super::parse;
use super::provider::{Provider, ProviderInfo};
use super::template::{DOT, Layout, STD, STRIPE_SIG, SigSource, Template};
use super::{hmac, hmac_sign};
use crate::capture::{Capture, Signature, Verdict};
use serde_json::Value;

/// How a token check words its verdicts.
struct Wording {
    /// What `no_secret` says was seen.
    seen: &'static str,
    /// The start of a `valid` detail (the secret's number follows).
    matches: &'static str,
    /// What a `valid` detail ends with: what the token does not cover.
    caveat: &'static str,
    mismatch: &'static str,
}

/// Compare a received token with every configured secret.
fn token(id: &str, got: &[u8], secrets: &[String], w: &Wording) -> Signature {
    if secrets.is_empty() {
        return no_secret(id, w.seen);
    }
    match matching_secret(secrets, got) {
        Some(i) => out(
            id,
            Verdict::Valid,
            format!(
                "{}{}{}",
                w.matches,
                which_secret(i, secrets.len()),
                w.caveat
            ),
        ),
        None => out(id, Verdict::Invalid, w.mismatch),
    }
}

// ---- GitLab ----

const GITLAB_TOKEN: &str = "x-gitlab-token";

/// GitLab: X-Gitlab-Token, or Standard Webhooks with a signing token.
pub(crate) struct GitLab;

impl Provider for GitLab {
    fn info(&self) -> &ProviderInfo {
        &GITLAB_INFO
    }
    fn detect(&self) -> &'static [&'static str] {
        &[GITLAB_TOKEN]
    }
    fn verify(&self, c: &Capture, secrets: &[String], ctx: &Context) -> Signature {
        let id = GITLAB_INFO.id;
        let Some(got) = c.header(GITLAB_TOKEN) else {
            if c.header("webhook-signature").is_some() {
                // The newer signing token is Standard Webhooks with a whsec_ key.
                let signing: Vec<String> = secrets
                    .iter()
                    .filter(|s| s.starts_with("whsec_"))
                    .cloned()
                    .collect();
                return hmac::verify(id, &STD, c, &signing, ctx);
            }
            return out(
                id,
                Verdict::Unsigned,
                format!("no {GITLAB_TOKEN} or webhook-signature header"),
            );
        };
        let wording = Wording {
            seen: "x-gitlab-token present",
            matches: "x-gitlab-token matches",
            caveat: " (a plain shared token, not a signature)",
            mismatch: "x-gitlab-token does not match the configured token",
        };
        token(id, got.trim().as_bytes(), secrets, &wording)
    }
    fn sign(&self, secret: &str, c: &mut Capture, ctx: &Context) -> Result<(), String> {
        if secret.starts_with("whsec_") {
            c.remove_header(GITLAB_TOKEN);
            return hmac_sign::sign(GITLAB_INFO.id, &STD, secret, c, ctx.now, None);
        }
        c.set_header(GITLAB_TOKEN, secret);
        Ok(())
    }
}

// ---- Buildkite ----

const BK_SIG: &str = "x-buildkite-signature";
const BK_TOKEN: &str = "x-buildkite-token";

/// Buildkite's signature mode: `timestamp=…,signature=<hex>` over `{ts}.{body}`. The
/// docs tell receivers to keep a short window and suggest 5 minutes, so 300 s past-only.
const BUILDKITE_SIGNED: Template = Template {
    sigs: &[SigSource {
        header: "x-buildkite-signature",
        layout: Layout::Kv {
            seps: ",",
            group: None,
            ts_key: "timestamp",
            sig_key: "signature",
            sign_sep: ",",
        },
        label: "signature",
        ..STRIPE_SIG
    }],
    ..DOT
};

/// Buildkite: signature mode (`timestamp=…,signature=…`) or token mode.
pub(crate) struct Buildkite;

impl Provider for Buildkite {
    fn info(&self) -> &ProviderInfo {
        &BUILDKITE_INFO
    }
    fn detect(&self) -> &'static [&'static str] {
        &[BK_SIG, BK_TOKEN]
    }
    fn verify(&self, c: &Capture, secrets: &[String], ctx: &Context) -> Signature {
        let id = BUILDKITE_INFO.id;
        if c.header(BK_SIG).is_some() {
            return hmac::verify(id, &BUILDKITE_SIGNED, c, secrets, ctx);
        }
        let Some(got) = c.header(BK_TOKEN) else {
            return out(
                id,
                Verdict::Unsigned,
                "no x-buildkite-signature or x-buildkite-token header",
            );
        };
        let wording = Wording {
            seen: "token mode (X-Buildkite-Token)",
            matches: "X-Buildkite-Token matches",
            caveat: " (token mode: the body is not signed)",
            mismatch: "X-Buildkite-Token does not match the webhook token",
        };
        token(id, got.trim().as_bytes(), secrets, &wording)
    }
    /// Buildkite can send either; hookcli signs in signature mode, which covers the body.
    fn sign(&self, secret: &str, c: &mut Capture, ctx: &Context) -> Result<(), String> {
        c.remove_header(BK_TOKEN);
        hmac_sign::sign(
            BUILDKITE_INFO.id,
            &BUILDKITE_SIGNED,
            secret,
            c,
            ctx.now,
            None,
        )
    }
}

// ---- Flutterwave ----

const VERIF: &str = "verif-hash";

/// Flutterwave (v3): `verif-hash` equals the dashboard's secret hash.
pub(crate) struct Flutterwave;

impl Provider for Flutterwave {
    fn info(&self) -> &ProviderInfo {
        &FLUTTERWAVE_INFO
    }
    fn detect(&self) -> &'static [&'static str] {
        &[VERIF]
    }
    fn verify(&self, c: &Capture, secrets: &[String], _ctx: &Context) -> Signature {
        let id = FLUTTERWAVE_INFO.id;
        let Some(got) = c.header(VERIF) else {
            return out(id, Verdict::Unsigned, format!("no {VERIF} header"));
        };
        let wording = Wording {
            seen: "verif-hash present",
            matches: "verif-hash equals the secret hash",
            caveat: " (not a signature: the body is not covered)",
            mismatch: "verif-hash is not the configured secret hash",
        };
        token(id, got.trim().as_bytes(), secrets, &wording)
    }
    fn sign(&self, secret: &str, c: &mut Capture, _ctx: &Context) -> Result<(), String> {
        c.set_header(VERIF, secret);
        Ok(())
    }
}

// ---- Okta ----

/// Okta event hooks: a configured header carries a configured value.
pub(crate) struct Okta;

impl Provider for Okta {
    fn info(&self) -> &ProviderInfo {
        &OKTA_INFO
    }
    fn by_secret(&self, c: &Capture) -> bool {
        c.header("authorization").is_some()
    }
    fn verify(&self, c: &Capture, secrets: &[String], _ctx: &Context) -> Signature {
        okta_verify(OKTA_INFO.id, c, secrets)
    }
    fn sign(&self, secret: &str, c: &mut Capture, _ctx: &Context) -> Result<(), String> {
        okta_sign(secret, c)
    }
    /// The one-time GET with X-Okta-Verification-Challenge: echo it as `{"verification"}`.
    fn handshake(&self, c: &Capture, _secrets: &[String]) -> Option<Challenge> {
        let v = c.header("x-okta-verification-challenge")?;
        let body = serde_json::json!({ "verification": v }).to_string();
        Some(Challenge::Answer(challenge::json(
            "okta verification",
            body,
        )))
    }
}

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

fn okta_verify(id: &str, c: &Capture, secrets: &[String]) -> Signature {
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

fn okta_sign(secret: &str, c: &mut Capture) -> Result<(), String> {
    let (name, value) = okta_header(secret);
    c.set_header(name, value);
    Ok(())
}

// ---- Microsoft Graph ----

/// Microsoft Graph change notifications: every `value[].clientState` equals the secret.
pub(crate) struct MsGraph;

impl Provider for MsGraph {
    fn info(&self) -> &ProviderInfo {
        &MSGRAPH_INFO
    }
    fn by_secret(&self, c: &Capture) -> bool {
        parse::contains(&c.body, b"\"clientState\"")
    }
    fn verify(&self, c: &Capture, secrets: &[String], _ctx: &Context) -> Signature {
        msgraph_verify(MSGRAPH_INFO.id, c, secrets)
    }
    fn sign(&self, secret: &str, c: &mut Capture, _ctx: &Context) -> Result<(), String> {
        msgraph_sign(secret, c)
    }
    /// A subscription's `?validationToken=` is echoed as text.
    fn handshake(&self, c: &Capture, _secrets: &[String]) -> Option<Challenge> {
        if c.query().unwrap_or("").is_empty() {
            return None;
        }
        let token = parse::query_param(&c.url, "validationToken")?;
        Some(Challenge::Answer(challenge::text(
            "msgraph validationToken",
            token,
        )))
    }
}

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

fn msgraph_verify(id: &str, c: &Capture, secrets: &[String]) -> Signature {
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

fn msgraph_sign(secret: &str, c: &mut Capture) -> Result<(), String> {
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
    set_body(c, serde_json::to_vec(&v).map_err(|e| e.to_string())?);
    Ok(())
}

// ---- Figma ----

/// Figma webhooks V2: the body field `passcode` equals the webhook's passcode.
pub(crate) struct Figma;

impl Provider for Figma {
    fn info(&self) -> &ProviderInfo {
        &FIGMA_INFO
    }
    fn by_secret(&self, c: &Capture) -> bool {
        parse::contains(&c.body, b"\"passcode\"")
    }
    fn verify(&self, c: &Capture, secrets: &[String], _ctx: &Context) -> Signature {
        let id = FIGMA_INFO.id;
        let Some(got) = parse::json_text(&c.body, &["passcode"]) else {
            return out(id, Verdict::Unsigned, "no passcode field in the body");
        };
        let wording = Wording {
            seen: "passcode present",
            matches: "passcode matches",
            caveat: " (not a signature: the rest of the body is not covered)",
            mismatch: "passcode is not the configured one",
        };
        token(id, got.as_bytes(), secrets, &wording)
    }
    fn sign(&self, secret: &str, c: &mut Capture, _ctx: &Context) -> Result<(), String> {
        figma_sign(secret, c)
    }
}

fn figma_sign(secret: &str, c: &mut Capture) -> Result<(), String> {
    let mut v: Value = serde_json::from_slice(&c.body)
        .map_err(|_| "figma carries its passcode in a JSON body; this body is not JSON")?;
    v.as_object_mut()
        .ok_or("figma carries its passcode in a JSON object body")?
        .insert("passcode".into(), Value::String(secret.to_string()));
    set_body(c, v.to_string().into_bytes());
    Ok(())
}

const GITLAB_INFO: ProviderInfo = ProviderInfo {
    id: "gitlab",
    vectors: "derived",
    name: "GitLab",
    headers: &["x-gitlab-token", "webhook-signature"],
    algorithm: "X-Gitlab-Token equals the secret token (constant time); or, with a signing token, Standard Webhooks v1 HMAC-SHA256",
    secret_form: "the secret token, as text; or the signing token `whsec_` + base64",
    family: "I: shared token (D: Standard Webhooks when signed)",
    notes: "The signing token (feature flag webhook_signing_token, MR !230944) follows Standard Webhooks; MR !231325 says the token must be whsec_<base64 of 32 bytes>, so its key is base64-decoded like Svix's (checked via the search tool; was unconfirmed in the reference).",
    sdk: "no official receiving SDK: what GitLab itself ships decides: X-Gitlab-Token equal to the secret token (docs.gitlab.com webhooks, validate payloads by using a secret token), and, with the webhook_signing_token feature flag, the Standard Webhooks signing token of gitlab-org/gitlab MR !230944 (webhook-signature v1,<base64> over {webhook-id}.{timestamp}.{body}) keyed by whsec_<base64 of 32 bytes> (MR !231325)",
};

const BUILDKITE_INFO: ProviderInfo = ProviderInfo {
    id: "buildkite",
    vectors: "derived",
    name: "Buildkite",
    headers: &["x-buildkite-signature", "x-buildkite-token"],
    algorithm: "HMAC-SHA256 over `{timestamp}.{body}`, hex, in `timestamp=…,signature=…`; or X-Buildkite-Token equals the token",
    secret_form: "the webhook token, as text",
    family: "B: stripe-style t=,v1= (I: token mode)",
    notes: "Buildkite enforces no window; its docs suggest about 5 minutes, so 300 s past-only applies to signature mode. Token mode covers no body. [D] in the reference.",
    sdk: "no official SDK; Buildkite's docs (buildkite/docs, apis/webhooks: \"Webhook signature\", \"Verifying HMAC signatures\", \"Defending against replay attacks\") decide: X-Buildkite-Signature `timestamp=…,signature=…` with signature = hex HMAC-SHA256 of `{timestamp}.{body}` keyed by the webhook token, compared with secure_compare (text); the window is the receiver's choice (\"for example, 5 minutes\"), so hookcli takes 300 s, past only; or X-Buildkite-Token, the token in clear text",
};

const FLUTTERWAVE_INFO: ProviderInfo = ProviderInfo {
    id: "flutterwave",
    vectors: "derived",
    name: "Flutterwave",
    headers: &["verif-hash"],
    algorithm: "none: verif-hash equals the secret hash (constant time)",
    secret_form: "the secret hash set in the dashboard, as text",
    family: "I: shared token",
    notes: "v3 scheme. The newer flutterwave-signature HMAC header is [K] and not covered. [K] in the reference.",
    sdk: "no verify helper: flutterwave-node-v3 1.4.1 (Flutterwave/Node-v3 at 537f9f4) has no webhook code, so the documented check decides (developer.flutterwave.com webhooks: the verif-hash header must equal the secret hash set on the dashboard; no signature, no timestamp)",
};

const OKTA_INFO: ProviderInfo = ProviderInfo {
    id: "okta",
    vectors: "derived",
    name: "Okta event hooks",
    headers: &["authorization"],
    algorithm: "none: the configured authentication header carries the configured value verbatim",
    secret_form: "the header value (Authorization by default), or `Header-Name: value` for a custom header",
    family: "I: shared token",
    notes: "Not signed. The one-time GET with X-Okta-Verification-Challenge is answered by `listen`.",
    sdk: "no signature and no verifier in okta-sdk-nodejs 8.1.0 (read: no event-hook code); what decides is Okta's documented event-hook authentication: the configured Authorization (or custom) header value, compared as a shared secret (developer.okta.com event hooks)",
};

const MSGRAPH_INFO: ProviderInfo = ProviderInfo {
    id: "msgraph",
    vectors: "derived",
    name: "Microsoft Graph change notifications",
    headers: &[],
    algorithm: "none: every value[].clientState in the body equals the subscription's clientState",
    secret_form: "the clientState set on the subscription, as text",
    family: "I: shared token (in the body)",
    notes: "Rich notifications' validationTokens JWTs and encryptedContent are not checked. The ?validationToken= handshake is answered by `listen`. [K] in the reference.",
    sdk: "no signature, and no official helper found for clientState; Microsoft's docs decide (learn.microsoft.com graph/api/resources/changenotification: the receiver compares each notification's clientState, at most 255 characters, with the clientState sent when subscribing; optional). The validationTokens JWTs of rich notifications are not checked",
};

const FIGMA_INFO: ProviderInfo = ProviderInfo {
    id: "figma",
    vectors: "derived",
    name: "Figma (webhooks V2)",
    headers: &[],
    algorithm: "none: the body field passcode equals the passcode set on the webhook",
    secret_form: "the webhook passcode, as text",
    family: "I: shared token (in the body)",
    notes: "Detected by its body field when a figma secret is configured. A PING event is sent on creation. [K] in the reference.",
    sdk: "no signature and no SDK helper; Figma's docs decide (developers.figma.com/docs/rest-api/webhooks-security: compare the passcode in each event body with the one given when creating the webhook, answer 400 on a mismatch, which stops the webhook); no timestamp",
};
