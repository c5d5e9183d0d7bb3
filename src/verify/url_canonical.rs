//! Schemes that sign a canonical form of the request, URL included (families E/H):
//! HubSpot (v1/v2 plain SHA-256, v3 HMAC over method, URL, body and timestamp) and
//! Contentful (method, path, chosen headers and body, as @contentful/node-apps-toolkit).
//!
//! Behind a tunnel the provider signed the *public* URL: give `--public-url`.

use super::base::{
    Context, SignedUrl, ct_eq, no_secret, out, sign_url, url_hint, urls_or_path, which_secret,
};
use super::mac::mac;
use super::provider::{Provider, ProviderInfo};
use super::template::Hash;
use super::{parse, window};
use crate::capture::{Capture, Signature, Verdict};
use base64::Engine as _;
use sha2::Digest as _;

/// HubSpot (v3, with v1/v2 for older apps).
pub(crate) struct HubSpot;

impl Provider for HubSpot {
    fn info(&self) -> &ProviderInfo {
        &HUBSPOT_INFO
    }
    fn detect(&self) -> &'static [&'static str] {
        &[HS_V3, HS_OLD]
    }
    fn verify(&self, c: &Capture, secrets: &[String], ctx: &Context) -> Signature {
        hubspot_verify(HUBSPOT_INFO.id, c, secrets, ctx)
    }
    fn sign(&self, secret: &str, c: &mut Capture, ctx: &Context) -> Result<(), String> {
        hubspot_sign(secret, c, ctx.now, ctx.public_url)
    }
}

/// Contentful request verification.
pub(crate) struct Contentful;

impl Provider for Contentful {
    fn info(&self) -> &ProviderInfo {
        &CONTENTFUL_INFO
    }
    fn detect(&self) -> &'static [&'static str] {
        &[CF_SIG]
    }
    fn verify(&self, c: &Capture, secrets: &[String], ctx: &Context) -> Signature {
        contentful_verify(CONTENTFUL_INFO.id, c, secrets, ctx)
    }
    fn sign(&self, secret: &str, c: &mut Capture, ctx: &Context) -> Result<(), String> {
        contentful_sign(secret, c, ctx.now, ctx.public_url)
    }
}

const HUBSPOT_INFO: ProviderInfo = ProviderInfo {
    id: "hubspot",
    vectors: "published",
    name: "HubSpot",
    headers: &[
        "x-hubspot-signature-v3",
        "x-hubspot-request-timestamp",
        "x-hubspot-signature",
        "x-hubspot-signature-version",
    ],
    algorithm: "v3: HMAC-SHA256 over METHOD+URL+body+timestamp, base64; v2: SHA-256 of secret+METHOD+URL+body, hex; v1: SHA-256 of secret+body, hex",
    secret_form: "the app's client secret, as text",
    family: "E/H: URL-signing (v2, v3)",
    notes: "v3 decides when present (HubSpot sends v1/v2 too); v3 timestamps are ms and older than 5 min are rejected (past only, as hubspot-api-python). The URL is tried as sent and with HubSpot's documented %-decodings [K].",
    sdk: "@hubspot/api-client 13.5.0 src/utils/signature.ts Signature.isValid: v1/v2 hex and v3 base64 compared as text (===); v3 fails when now − timestamp > 300 s",
};

const CONTENTFUL_INFO: ProviderInfo = ProviderInfo {
    id: "contentful",
    vectors: "derived",
    name: "Contentful",
    headers: &[
        "x-contentful-signature",
        "x-contentful-signed-headers",
        "x-contentful-timestamp",
    ],
    algorithm: "HMAC-SHA256 over `METHOD\\nPATH\\nsigned headers\\nbody`, hex",
    secret_form: "the 64-character signing secret, as text",
    family: "H: canonical request",
    notes: "Follows @contentful/node-apps-toolkit (read: verify-request.ts, sign-request.ts, utils.ts): path = encodeURI(path + '?' + querystring.escape(query)), headers k:v sorted and joined by ';', TTL 30 s with `now − t >= 30 s` expiring, past only.",
    sdk: "@contentful/node-apps-toolkit 4.0.1 src/requests/verify-request.ts verifyRequest: trimmed hex compared with its lower-case hex as text (timingSafeUtf8StringEqual), TTL 30 s past only (now − t >= 30 s), expiry checked before the signature",
};

// ---- HubSpot ----

const HS_V3: &str = "x-hubspot-signature-v3";
const HS_TS: &str = "x-hubspot-request-timestamp";
const HS_OLD: &str = "x-hubspot-signature";
const HS_VERSION: &str = "x-hubspot-signature-version";
const HS_WINDOW: window::Window = window::Window::past(300);

/// HubSpot's docs list escapes to decode in the URI before signing v3 [K]; tried second.
fn hubspot_decoded(url: &str) -> String {
    const MAP: &[(&str, &str)] = &[
        ("%3A", ":"),
        ("%2F", "/"),
        ("%3F", "?"),
        ("%40", "@"),
        ("%21", "!"),
        ("%24", "$"),
        ("%27", "'"),
        ("%28", "("),
        ("%29", ")"),
        ("%2A", "*"),
        ("%2C", ","),
        ("%3B", ";"),
    ];
    let mut s = url.to_string();
    for (from, to) in MAP {
        s = s.replace(from, to).replace(&from.to_ascii_lowercase(), to);
    }
    s
}

/// v3 decides when present (HubSpot sends v1/v2 too); else v1 or v2 as the version says.
fn hubspot_verify(id: &str, c: &Capture, secrets: &[String], ctx: &Context) -> Signature {
    let urls = urls_or_path(c, ctx.public_url);
    let method = c.method.to_ascii_uppercase();
    if let Some(sig) = c.header(HS_V3) {
        return hubspot_v3(id, c, sig, secrets, ctx, &urls, &method);
    }
    hubspot_v1_v2(id, c, secrets, &urls, &method)
}

/// v3: HMAC-SHA256 over METHOD + URL + body + timestamp (ms), base64; 5 minutes, past only.
fn hubspot_v3(
    id: &str,
    c: &Capture,
    sig: &str,
    secrets: &[String],
    ctx: &Context,
    urls: &[SignedUrl],
    method: &str,
) -> Signature {
    let Some(ts) = c.header(HS_TS).map(str::trim) else {
        return out(id, Verdict::Malformed, format!("no {HS_TS} header"));
    };
    let Some(ts_ms) = parse::int(ts) else {
        return out(
            id,
            Verdict::Malformed,
            format!("{HS_TS} {ts:?} is not milliseconds"),
        );
    };
    let age = window::age_ms(ctx.now, ts_ms);
    let age_s = window::describe_age(age);
    if secrets.is_empty() {
        return no_secret(id, &format!("signed (v3), timestamp is {age_s}"));
    }
    let mut first = None;
    for (si, secret) in secrets.iter().enumerate() {
        for u in urls {
            for uri in [u.url.clone(), hubspot_decoded(&u.url)] {
                let m = mac(
                    Hash::Sha256,
                    secret.as_bytes(),
                    &[method.as_bytes(), uri.as_bytes(), &c.body, ts.as_bytes()],
                );
                let want = parse::B64_OUT.encode(&m);
                // @hubspot/api-client 13.5: `options.signature === hash`, base64 text.
                let matched = ct_eq(sig.trim().as_bytes(), want.as_bytes());
                first.get_or_insert(want);
                if matched {
                    let which = which_secret(si, secrets.len());
                    return match HS_WINDOW.check(age) {
                        Ok(()) => out(
                            id,
                            Verdict::Valid,
                            format!("v3 matched, timestamp is {age_s}{which}"),
                        ),
                        Err(why) => out(
                            id,
                            Verdict::Expired,
                            format!("v3 matched but timestamp is {age_s} ({why})"),
                        ),
                    };
                }
            }
        }
    }
    let exp = first.unwrap_or_default();
    out(
        id,
        Verdict::Invalid,
        format!(
            "expected v3 {}, got {}, timestamp is {age_s}{}",
            parse::short(&exp),
            parse::short(sig),
            url_hint(urls)
        ),
    )
}

/// v1: SHA-256 of secret + body; v2: SHA-256 of secret + METHOD + URL + body; hex.
fn hubspot_v1_v2(
    id: &str,
    c: &Capture,
    secrets: &[String],
    urls: &[SignedUrl],
    method: &str,
) -> Signature {
    let Some(sig) = c.header(HS_OLD) else {
        return out(
            id,
            Verdict::Unsigned,
            format!("no {HS_V3} or {HS_OLD} header"),
        );
    };
    let version = c
        .header(HS_VERSION)
        .map_or("v1", str::trim)
        .to_ascii_lowercase();
    if version != "v1" && version != "v2" {
        return out(
            id,
            Verdict::Malformed,
            format!("{HS_VERSION} {version:?} is not v1, v2 or v3"),
        );
    }
    if secrets.is_empty() {
        return no_secret(id, &format!("signed ({version})"));
    }
    let mut first = None;
    for (si, secret) in secrets.iter().enumerate() {
        let url_list: Vec<&str> = if version == "v1" {
            vec![""]
        } else {
            urls.iter().map(|u| u.url.as_str()).collect()
        };
        for uri in url_list {
            let mut h = sha2::Sha256::new();
            h.update(secret.as_bytes());
            if version == "v2" {
                h.update(method.as_bytes());
                h.update(uri.as_bytes());
            }
            h.update(&c.body);
            let expected = hex::encode(h.finalize());
            // @hubspot/api-client compares `signature === hash`: text, so case matters.
            if ct_eq(expected.as_bytes(), sig.trim().as_bytes()) {
                return out(
                    id,
                    Verdict::Valid,
                    format!(
                        "{version} matched{} (a plain SHA-256, weaker than v3)",
                        which_secret(si, secrets.len())
                    ),
                );
            }
            first.get_or_insert(expected);
        }
    }
    let hint = if version == "v2" {
        url_hint(urls)
    } else {
        String::new()
    };
    out(
        id,
        Verdict::Invalid,
        format!(
            "expected {version} {}, got {}{hint}",
            parse::short(&first.unwrap_or_default()),
            parse::short(sig)
        ),
    )
}

fn hubspot_sign(
    secret: &str,
    c: &mut Capture,
    now: i64,
    public_url: Option<&str>,
) -> Result<(), String> {
    c.remove_header(HS_OLD);
    c.remove_header(HS_VERSION);
    let ts = window::format(now, window::Unit::Millis);
    let url = sign_url(c, public_url);
    let m = mac(
        Hash::Sha256,
        secret.as_bytes(),
        &[
            c.method.to_ascii_uppercase().as_bytes(),
            url.as_bytes(),
            &c.body,
            ts.as_bytes(),
        ],
    );
    c.set_header(HS_V3, parse::B64_OUT.encode(m));
    c.set_header(HS_TS, ts);
    Ok(())
}

// ---- Contentful ----

const CF_SIG: &str = "x-contentful-signature";
const CF_SIGNED: &str = "x-contentful-signed-headers";
const CF_TS: &str = "x-contentful-timestamp";
const CF_TTL_MS: i64 = 30_000;

/// The path the provider signed: the public URL's path prefix plus the captured path+query.
fn contentful_path(c: &Capture, public_url: Option<&str>) -> String {
    let prefix = public_url
        .and_then(parse::split_url)
        .map_or("", |(_, _, rest)| {
            rest.split(['?', '#']).next().unwrap_or("")
        })
        .trim_end_matches('/');
    let url = format!("{prefix}{}", c.url);
    // node-apps-toolkit: encodeURI(search ? `${pathname}?${querystring.escape(search)}` : pathname)
    match url.split_once('?') {
        Some((p, q)) if !q.is_empty() => {
            parse::encode_uri(&format!("{p}?{}", parse::encode_uri_component(q)))
        }
        Some((p, _)) => parse::encode_uri(p),
        None => parse::encode_uri(&url),
    }
}

/// `k:v;k:v` over the picked headers plus the signed-headers list and timestamp, sorted.
fn contentful_canonical(c: &Capture, names: &[String], ts: &str, path: &str) -> Vec<u8> {
    let mut headers: Vec<(String, String)> = Vec::new();
    for name in names {
        if let Some(v) = c
            .header(name)
            .filter(|_| name != CF_SIGNED && name != CF_TS)
            && !headers.iter().any(|(k, _)| k == name)
        {
            headers.push((name.clone(), v.trim().to_string()));
        }
    }
    let mut keys: Vec<String> = headers.iter().map(|(k, _)| k.clone()).collect();
    keys.extend([CF_SIGNED.to_string(), CF_TS.to_string()]);
    keys.sort();
    headers.push((CF_SIGNED.into(), keys.join(",")));
    headers.push((CF_TS.into(), ts.to_string()));
    headers.sort();
    let joined: Vec<String> = headers.iter().map(|(k, v)| format!("{k}:{v}")).collect();
    [
        c.method.as_bytes(),
        b"\n",
        path.as_bytes(),
        b"\n",
        joined.join(";").as_bytes(),
        b"\n",
        &c.body,
    ]
    .concat()
}

fn contentful_verify(id: &str, c: &Capture, secrets: &[String], ctx: &Context) -> Signature {
    let Some(sig) = c.header(CF_SIG) else {
        return out(id, Verdict::Unsigned, format!("no {CF_SIG} header"));
    };
    let Some(signed) = c.header(CF_SIGNED) else {
        return out(id, Verdict::Malformed, format!("no {CF_SIGNED} header"));
    };
    let Some((ts, ts_ms)) = c
        .header(CF_TS)
        .map(str::trim)
        .and_then(|t| Some((t, parse::int(t)?)))
    else {
        return out(
            id,
            Verdict::Malformed,
            format!("{CF_TS} missing or not milliseconds"),
        );
    };
    let age = window::age_ms(ctx.now, ts_ms);
    let age_s = window::describe_age(age);
    if secrets.is_empty() {
        return no_secret(id, &format!("signed, timestamp is {age_s}"));
    }
    let names: Vec<String> = signed
        .split(',')
        .map(|n| n.trim().to_ascii_lowercase())
        .filter(|n| !n.is_empty())
        .collect();
    let path = contentful_path(c, ctx.public_url);
    let msg = contentful_canonical(c, &names, ts, &path);
    // The toolkit compares the trimmed header with its lower-case hex as UTF-8 text
    // (timingSafeUtf8StringEqual), so the same MAC in upper case is a mismatch.
    let sig = sig.trim();
    let mut case_only = false;
    for (si, secret) in secrets.iter().enumerate() {
        let m = hex::encode(mac(Hash::Sha256, secret.as_bytes(), &[&msg]));
        case_only |= sig.eq_ignore_ascii_case(&m);
        if ct_eq(sig.as_bytes(), m.as_bytes()) {
            let which = which_secret(si, secrets.len());
            // The toolkit expires at `now - t >= ttl`, past only.
            return if age >= CF_TTL_MS {
                out(
                    id,
                    Verdict::Expired,
                    format!("signature matched but timestamp is {age_s} (toolkit TTL 30 s){which}"),
                )
            } else {
                out(
                    id,
                    Verdict::Valid,
                    format!("signature matched, timestamp is {age_s}{which}"),
                )
            };
        }
    }
    if case_only {
        return out(
            id,
            Verdict::Invalid,
            "the signature matches only when case is ignored, and the toolkit compares \
             lower-case hex text",
        );
    }
    let expected = hex::encode(mac(Hash::Sha256, secrets[0].as_bytes(), &[&msg]));
    out(
        id,
        Verdict::Invalid,
        format!(
            "expected {}, got {} (signed path {path})",
            parse::short(&expected),
            parse::short(sig)
        ),
    )
}

fn contentful_sign(
    secret: &str,
    c: &mut Capture,
    now: i64,
    public_url: Option<&str>,
) -> Result<(), String> {
    for h in [CF_SIG, CF_SIGNED, CF_TS] {
        c.remove_header(h);
    }
    let ts = window::format(now, window::Unit::Millis);
    let mut names: Vec<String> = c
        .headers
        .iter()
        .map(|(k, _)| k.to_ascii_lowercase())
        .filter(|k| k == "content-type" || k.starts_with("x-contentful-"))
        .collect();
    names.sort();
    names.dedup();
    let path = contentful_path(c, public_url);
    let msg = contentful_canonical(c, &names, &ts, &path);
    names.extend([CF_SIGNED.to_string(), CF_TS.to_string()]);
    names.sort();
    c.set_header(CF_SIGNED, names.join(","));
    c.set_header(CF_TS, ts);
    c.set_header(
        CF_SIG,
        hex::encode(mac(Hash::Sha256, secret.as_bytes(), &[&msg])),
    );
    Ok(())
}
