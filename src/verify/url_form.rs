//! The called URL plus form fields, like Twilio (family F): Mailchimp Transactional
//! (Mandrill) signs URL + sorted `name value`; Plivo V2 signs the URL without its query +
//! nonce, V3 the URL with a re-sorted query, POST fields and nonce.
//!
//! Behind a tunnel the provider signed the *public* URL, so these need `--public-url`;
//! without it the Host header is a best effort and the detail says so when it fails.

use super::base::{
    Context, SignedUrl, ct_eq, form_fields, fresh_id, no_secret, out, set_body, sign_url, url_hint,
    urls_or_path, which_secret,
};
use super::mac::mac;
use super::parse;
use super::provider::{Provider, ProviderInfo};
use super::template::Hash;
use crate::capture::{Capture, Signature, Verdict};
use base64::Engine as _;

/// Mailchimp Transactional (Mandrill).
pub(crate) struct Mandrill;

impl Provider for Mandrill {
    fn info(&self) -> &ProviderInfo {
        &MANDRILL_INFO
    }
    fn detect(&self) -> &'static [&'static str] {
        &[MANDRILL]
    }
    fn verify(&self, c: &Capture, secrets: &[String], ctx: &Context) -> Signature {
        mandrill_verify(MANDRILL_INFO.id, c, secrets, ctx)
    }
    fn sign(&self, secret: &str, c: &mut Capture, ctx: &Context) -> Result<(), String> {
        mandrill_sign(secret, c, ctx.public_url)
    }
}

/// Plivo (V3, and V2 for older applications).
pub(crate) struct Plivo;

impl Provider for Plivo {
    fn info(&self) -> &ProviderInfo {
        &PLIVO_INFO
    }
    fn detect(&self) -> &'static [&'static str] {
        &[V3[0], V2[0]]
    }
    fn verify(&self, c: &Capture, secrets: &[String], ctx: &Context) -> Signature {
        plivo_verify(PLIVO_INFO.id, c, secrets, ctx)
    }
    fn sign(&self, secret: &str, c: &mut Capture, ctx: &Context) -> Result<(), String> {
        plivo_sign(secret, c, ctx.now, ctx.public_url)
    }
}

const MANDRILL_INFO: ProviderInfo = ProviderInfo {
    id: "mandrill",
    vectors: "derived",
    name: "Mailchimp Transactional (Mandrill)",
    headers: &["x-mandrill-signature"],
    algorithm: "HMAC-SHA1 over the webhook URL + each form field name and value (sorted by name), base64",
    secret_form: "the webhook key, as text",
    family: "F: URL + sorted params",
    notes: "Signs the URL as registered: pass --public-url behind a tunnel. The HEAD probe on registration is answered by `listen`. Mailchimp Marketing webhooks are unsigned. [T] in the reference.",
    sdk: "no official verify helper (mailchimp-transactional-node has none): the documented algorithm, base64 HMAC-SHA1 of the URL as registered + sorted POST keys and values, compared as text with the header (mailchimp.com/developer transactional webhooks authenticating)",
};

const PLIVO_INFO: ProviderInfo = ProviderInfo {
    id: "plivo",
    vectors: "published+derived",
    name: "Plivo",
    headers: &[
        "x-plivo-signature-v3",
        "x-plivo-signature-v3-nonce",
        "x-plivo-signature-v2",
        "x-plivo-signature-v2-nonce",
    ],
    algorithm: "HMAC-SHA256, base64: V3 over URL with sorted query [+ sorted POST fields] + `.` + nonce; V2 over URL without query + nonce",
    secret_form: "the (sub)account auth token; add the main account token too for the -Ma- headers",
    family: "F: URL + sorted params",
    notes: "Signs the URL: pass --public-url behind a tunnel; a bare `/` path is also tried without it (SDKs sign the URL as configured). V3 headers may list several signatures; -Ma- headers are accepted alike. Open question checked in the SDKs: plivo-python signature_v3.py joins POST fields as `keyvalue`; plivo-node lib/utils/v3Security.js has a version with `keyvalue` and one with `key=value`, so both joinings are tried (keyvalue first) and hookcli signs keyvalue. V2 never covers the body; V3 only form fields. No timestamp (nonce only).",
    sdk: "plivo-node 4.78.0 lib/utils/v3Security.js validateV3Signature: base64 HMAC-SHA256 of URL (sorted query; POST fields joined keyvalue) + '.' + nonce, each comma-separated entry compared with === (canonical base64 text, no trimming); no timestamp",
};

/// The first configured secret whose HMAC of some candidate text matches `sig` (base64).
fn find(
    hash: Hash,
    secrets: &[String],
    texts: &[String],
    sigs: &[Vec<u8>],
) -> Option<(usize, usize)> {
    secrets.iter().enumerate().find_map(|(si, s)| {
        texts
            .iter()
            .position(|t| {
                let m = mac(hash, s.as_bytes(), &[t.as_bytes()]);
                sigs.iter().any(|g| ct_eq(g, &m))
            })
            .map(|ti| (si, ti))
    })
}

/// A base64 signature as the SDKs compare it: as text against the padded base64 they
/// write (plivo-node `plivo_sign === signature`, Mandrill's documented `==`), so only the
/// canonical form of a MAC can match.
fn canonical_b64(sig: &str) -> Option<Vec<u8>> {
    parse::b64(sig).filter(|b| parse::B64_OUT.encode(b) == sig)
}

fn miss(id: &str, what: &str, urls: &[SignedUrl]) -> Signature {
    out(
        id,
        Verdict::Invalid,
        format!("{what} does not match{}", url_hint(urls)),
    )
}

// ---- Mailchimp Transactional (Mandrill) ----

const MANDRILL: &str = "x-mandrill-signature";

/// The URL as registered, then each field's name and value, fields sorted by name.
fn mandrill_data(url: &str, fields: &[(String, String)]) -> String {
    let mut f: Vec<&(String, String)> = fields.iter().collect();
    f.sort_by(|a, b| a.0.cmp(&b.0));
    f.iter().fold(url.to_string(), |acc, (k, v)| acc + k + v)
}

fn mandrill_verify(id: &str, c: &Capture, secrets: &[String], ctx: &Context) -> Signature {
    let Some(sig) = c.header(MANDRILL) else {
        return out(id, Verdict::Unsigned, format!("no {MANDRILL} header"));
    };
    if secrets.is_empty() {
        return no_secret(id, "signed (HMAC-SHA1 of URL and fields)");
    }
    let urls = urls_or_path(c, ctx.public_url);
    let fields = form_fields(c);
    let texts: Vec<String> = urls
        .iter()
        .map(|u| mandrill_data(&u.url, &fields))
        .collect();
    let sigs: Vec<Vec<u8>> = canonical_b64(sig.trim()).into_iter().collect();
    match find(Hash::Sha1, secrets, &texts, &sigs) {
        Some((si, ui)) => out(
            id,
            Verdict::Valid,
            format!(
                "sha1 matched for {}{}",
                urls[ui].url,
                which_secret(si, secrets.len())
            ),
        ),
        None => miss(id, MANDRILL, &urls),
    }
}

/// Mandrill always posts its events as the form field `mandrill_events`, so another body
/// becomes that field before signing.
fn mandrill_sign(secret: &str, c: &mut Capture, public_url: Option<&str>) -> Result<(), String> {
    if !parse::is_form(c.header("content-type")) {
        let events = String::from_utf8_lossy(&c.body).into_owned();
        let body = format!("mandrill_events={}", parse::encode_uri_component(&events));
        set_body(c, body.into_bytes());
        c.set_header("content-type", "application/x-www-form-urlencoded");
    }
    let data = mandrill_data(&sign_url(c, public_url), &form_fields(c));
    let sig = mac(Hash::Sha1, secret.as_bytes(), &[data.as_bytes()]);
    c.set_header(MANDRILL, parse::B64_OUT.encode(sig));
    Ok(())
}

// ---- Plivo ----

const V3: [&str; 2] = ["x-plivo-signature-v3", "x-plivo-signature-ma-v3"];
const V3_NONCE: &str = "x-plivo-signature-v3-nonce";
const V2: [&str; 2] = ["x-plivo-signature-v2", "x-plivo-signature-ma-v2"];
const V2_NONCE: &str = "x-plivo-signature-v2-nonce";

/// `scheme://host[:port]/path` and the query; a bare `/` path is also tried without its
/// slash, since the SDKs sign the URL as configured (`https://answer.url`).
fn bases(url: &str) -> (Vec<String>, &str) {
    let (no_frag, _) = url.split_once('#').unwrap_or((url, ""));
    let (base, query) = no_frag.split_once('?').unwrap_or((no_frag, ""));
    let mut v = vec![base.to_string()];
    if let Some((_, _, "/")) = parse::split_url(base) {
        v.push(base[..base.len() - 1].to_string());
    }
    (v, query)
}

/// `k=v&…` with keys sorted and each key's values sorted, decoded (plivo's parse_qs).
fn sorted_query(query: &str) -> String {
    let mut pairs = parse::form_pairs(query.as_bytes());
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// The V3 strings for one URL: GET, or POST with the fields joined as plivo-python does
/// (`keyvalue`) and as one plivo-node version does (`key=value`).
fn v3_texts(method: &str, url: &str, fields: &[(String, String)], nonce: &str) -> Vec<String> {
    let (bases, query) = bases(url);
    let q = sorted_query(query);
    let mut sorted: Vec<&(String, String)> = fields.iter().collect();
    sorted.sort();
    let mut out = Vec::new();
    for base in bases {
        if method.eq_ignore_ascii_case("GET") || fields.is_empty() {
            let head = if q.is_empty() {
                base
            } else {
                format!("{base}?{q}")
            };
            out.push(format!("{head}.{nonce}"));
            continue;
        }
        let dot = if q.is_empty() { "" } else { "." };
        for eq in ["", "="] {
            let params: String = sorted.iter().map(|(k, v)| format!("{k}{eq}{v}")).collect();
            out.push(format!("{base}?{q}{dot}{params}.{nonce}"));
        }
    }
    out
}

fn plivo_verify(id: &str, c: &Capture, secrets: &[String], ctx: &Context) -> Signature {
    let v3: Vec<&str> = V3.iter().filter_map(|h| c.header(h)).collect();
    let v2: Vec<&str> = V2.iter().filter_map(|h| c.header(h)).collect();
    let (version, sigs, nonce_h) = match (v3.is_empty(), v2.is_empty()) {
        (false, _) => ("V3", v3, V3_NONCE),
        (true, false) => ("V2", v2, V2_NONCE),
        (true, true) => {
            return out(
                id,
                Verdict::Unsigned,
                "no x-plivo-signature-v3 or -v2 header",
            );
        }
    };
    let Some(nonce) = c.header(nonce_h).map(str::trim) else {
        return out(id, Verdict::Malformed, format!("no {nonce_h} header"));
    };
    if secrets.is_empty() {
        return no_secret(id, &format!("signed ({version})"));
    }
    // V3 headers may hold several comma-separated signatures.
    let decoded: Vec<Vec<u8>> = sigs
        .iter()
        .flat_map(|s| s.split(','))
        .filter_map(canonical_b64)
        .collect();
    let urls = urls_or_path(c, ctx.public_url);
    let fields = form_fields(c);
    let texts: Vec<String> = urls
        .iter()
        .flat_map(|u| match version {
            "V3" => v3_texts(&c.method, &u.url, &fields, nonce),
            _ => bases(&u.url)
                .0
                .into_iter()
                .map(|b| format!("{b}{nonce}"))
                .collect(),
        })
        .collect();
    // V2 never covers the body; V3 covers form fields only.
    let uncovered = if !c.body.is_empty() && (version == "V2" || fields.is_empty()) {
        " (the body is not covered)"
    } else {
        ""
    };
    match find(Hash::Sha256, secrets, &texts, &decoded) {
        Some((si, _)) => out(
            id,
            Verdict::Valid,
            format!(
                "{version} matched (nonce {nonce}){}{uncovered}",
                which_secret(si, secrets.len())
            ),
        ),
        None => miss(id, &format!("X-Plivo-Signature-{version}"), &urls),
    }
}

/// Signs V3 (what Plivo sends today), POST fields joined as plivo-python does.
fn plivo_sign(
    secret: &str,
    c: &mut Capture,
    now: i64,
    public_url: Option<&str>,
) -> Result<(), String> {
    let b = fresh_id(c, now);
    let nonce: String = b
        .iter()
        .take(10)
        .map(|x| char::from(b'0' + x % 10))
        .collect();
    let url = sign_url(c, public_url);
    let text = v3_texts(&c.method, &url, &form_fields(c), &nonce).swap_remove(0);
    let sig = mac(Hash::Sha256, secret.as_bytes(), &[text.as_bytes()]);
    for h in V2.iter().chain(&V3).chain(&[V2_NONCE]) {
        c.remove_header(h);
    }
    c.set_header(V3[0], parse::B64_OUT.encode(sig));
    c.set_header(V3_NONCE, nonce);
    Ok(())
}
