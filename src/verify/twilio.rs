//! Twilio (family F): HMAC-SHA1 over the full URL plus sorted form parameters, or, for
//! other bodies, over a URL that carries `bodySHA256`. Follows twilio-python's
//! RequestValidator. Behind a tunnel give `--public-url`: Twilio signed the public URL.

use super::base::{
    Context, body_sha256, ct_eq, no_secret, out, sign_url, url_hint, urls_or_path, which_secret,
};
use super::mac::mac;
use super::parse;
use super::provider::{Provider, ProviderInfo};
use super::template::Hash;
use crate::capture::{Capture, Signature, Verdict};
use base64::Engine as _;

/// Twilio Voice, Messaging and Studio callbacks.
pub(crate) struct Twilio;

impl Provider for Twilio {
    fn info(&self) -> &ProviderInfo {
        &TWILIO_INFO
    }
    fn detect(&self) -> &'static [&'static str] {
        &[TWILIO]
    }
    fn verify(&self, c: &Capture, secrets: &[String], ctx: &Context) -> Signature {
        twilio_verify(TWILIO_INFO.id, c, secrets, ctx)
    }
    fn sign(&self, secret: &str, c: &mut Capture, ctx: &Context) -> Result<(), String> {
        twilio_sign(secret, c, ctx.public_url)
    }
}

const TWILIO_INFO: ProviderInfo = ProviderInfo {
    id: "twilio",
    vectors: "published",
    name: "Twilio (Voice, Messaging, Studio callbacks)",
    headers: &["x-twilio-signature", "x-twilio-webhooks-signature-settings"],
    algorithm: "HMAC-SHA1 (or the HMAC-SHA256 a Webhook Setting announces in x-twilio-webhooks-signature-settings) over the full URL + sorted form params (name+value), base64; non-form bodies: URL only, carrying bodySHA256=hex(sha256(body))",
    secret_form: "the account auth token, as text (add the secondary token, or a Webhook Setting's SharedKey, as another secret)",
    family: "F: URL + sorted params",
    notes: "Signs the public URL: give --public-url behind a tunnel. Like twilio-node, the URL is tried with the default port added and with any port removed, duplicate parameter values are de-duplicated and sorted, and the base64 signature is compared as text. With x-twilio-webhooks-signature-settings the header's algorithm (HMAC_SHA1 or HMAC_SHA256) is used with every configured secret; any other algorithm is invalid. Not done: twilio-node's extra tries with the query string re-encoded by node's legacy querystring module. No timestamp.",
    sdk: "twilio-node 6.0.2 src/webhooks/webhooks.ts (validateRequest: URL without/with port, scmp over base64 text; bodySHA256 hex text) + twilio-node examples/WebhookSignatureValidation.md (x-twilio-webhooks-signature-settings selects HMAC_SHA256 and the Setting's SharedKey)",
};

const TWILIO: &str = "x-twilio-signature";
/// Sent when a Webhook Rule's Setting signs instead of the auth token:
/// `key=<setting key id>,algorithm=HMAC_SHA256`.
const SETTINGS: &str = "x-twilio-webhooks-signature-settings";

/// The hash a request was signed with, from the settings header (absent: HMAC-SHA1 with
/// the auth token). `Err` names an algorithm the SDK does not support.
fn algorithm(c: &Capture) -> Result<(Hash, &'static str), String> {
    let Some(v) = c.header(SETTINGS) else {
        return Ok((Hash::Sha1, "sha1"));
    };
    let alg = parse::kv_items(v, ",")
        .find(|(k, _)| k.eq_ignore_ascii_case("algorithm"))
        .map(|(_, a)| a.trim());
    match alg {
        None | Some("HMAC_SHA1") => Ok((Hash::Sha1, "sha1")),
        Some("HMAC_SHA256") => Ok((Hash::Sha256, "sha256")),
        Some(other) => Err(format!(
            "{SETTINGS} names algorithm {other:?}; the SDK supports HMAC_SHA1 and HMAC_SHA256"
        )),
    }
}

/// The URL with the default port added and with any port removed, as twilio-python tries.
fn port_variants(url: &str) -> Vec<String> {
    let Some((scheme, authority, rest)) = parse::split_url(url) else {
        return vec![url.to_string()];
    };
    let host_start = authority.rfind('@').map_or(0, |i| i + 1);
    let host = &authority[host_start..];
    let has_port = host.rsplit_once(':').is_some_and(|(_, p)| {
        !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) && !host.ends_with(']')
    });
    let with_port = if has_port {
        url.to_string()
    } else {
        let port = if scheme.eq_ignore_ascii_case("https") {
            443
        } else {
            80
        };
        format!("{scheme}://{authority}:{port}{rest}")
    };
    let without_port = match host.rsplit_once(':').filter(|_| has_port) {
        Some((bare, _)) => format!("{scheme}://{}{bare}{rest}", &authority[..host_start]),
        None => url.to_string(),
    };
    let mut v = vec![without_port, with_port];
    v.dedup();
    v
}

/// name+value for each form parameter, names sorted, values de-duplicated and sorted.
fn sorted_params(body: &[u8]) -> String {
    let mut pairs = parse::form_pairs(body);
    pairs.sort();
    pairs.dedup();
    pairs.into_iter().map(|(k, v)| k + &v).collect()
}

fn twilio_data(c: &Capture, url: &str) -> String {
    let form =
        parse::is_form(c.header("content-type")) && parse::query_param(url, "bodySHA256").is_none();
    if form {
        format!("{url}{}", sorted_params(&c.body))
    } else {
        url.to_string()
    }
}

/// The URL for a detail line, with a bodySHA256 value shortened.
fn shown(url: &str) -> String {
    match parse::query_param(url, "bodySHA256") {
        Some(h) if h.len() > 12 => url.replacen(&h, &parse::short(&h), 1),
        _ => url.to_string(),
    }
}

fn twilio_verify(id: &str, c: &Capture, secrets: &[String], ctx: &Context) -> Signature {
    let Some(sig) = c.header(TWILIO) else {
        return out(id, Verdict::Unsigned, format!("no {TWILIO} header"));
    };
    let (hash, label) = match algorithm(c) {
        Ok(a) => a,
        Err(why) => return out(id, Verdict::Invalid, why),
    };
    if secrets.is_empty() {
        return no_secret(id, &format!("signed ({label} of URL and params)"));
    }
    let urls = urls_or_path(c, ctx.public_url);
    let mut first_expected = None;
    for (si, secret) in secrets.iter().enumerate() {
        for u in &urls {
            for variant in port_variants(&u.url) {
                let m = mac(
                    hash,
                    secret.as_bytes(),
                    &[twilio_data(c, &variant).as_bytes()],
                );
                let expected = parse::B64_OUT.encode(&m);
                // scmp over the two base64 strings: the SDK compares text.
                let matched = ct_eq(sig.trim().as_bytes(), expected.as_bytes());
                first_expected.get_or_insert(expected);
                if !matched {
                    continue;
                }
                let mut detail = format!(
                    "{label} matched for {}{}",
                    shown(&variant),
                    which_secret(si, secrets.len())
                );
                if u.guessed {
                    detail.push_str(" (URL guessed from Host)");
                }
                if let Some(claimed) = parse::query_param(&variant, "bodySHA256") {
                    let actual = body_sha256(c);
                    if !ct_eq(claimed.as_bytes(), actual.as_bytes()) {
                        return out(
                            id,
                            Verdict::Invalid,
                            format!(
                                "URL signature matched but bodySHA256 {} ≠ body's {}",
                                parse::short(&claimed),
                                parse::short(&actual)
                            ),
                        );
                    }
                    detail.push_str(", bodySHA256 matched");
                }
                return out(id, Verdict::Valid, detail);
            }
        }
    }
    let expected = first_expected.unwrap_or_default();
    let settings = if c.header(SETTINGS).is_some() {
        " (signed by a Webhook Setting: give its SharedKey as a twilio secret)"
    } else {
        ""
    };
    out(
        id,
        Verdict::Invalid,
        format!(
            "expected {label} {}, got {}{}{settings}",
            parse::short(&expected),
            parse::short(sig),
            url_hint(&urls)
        ),
    )
}

fn twilio_sign(secret: &str, c: &mut Capture, public_url: Option<&str>) -> Result<(), String> {
    let form = parse::is_form(c.header("content-type"));
    // Strip any old bodySHA256, then add a fresh one for non-form bodies, as Twilio does.
    let (path, query) = c
        .url
        .split_once('?')
        .map_or((c.url.as_str(), ""), |(p, q)| (p, q));
    let mut kept: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("bodySHA256="))
        .collect();
    let hash;
    if !form && !c.body.is_empty() {
        hash = format!("bodySHA256={}", body_sha256(c));
        kept.push(&hash);
    }
    c.url = if kept.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", kept.join("&"))
    };
    let url = sign_url(c, public_url);
    let m = mac(
        Hash::Sha1,
        secret.as_bytes(),
        &[twilio_data(c, &url).as_bytes()],
    );
    c.set_header(TWILIO, parse::B64_OUT.encode(m));
    Ok(())
}
