//! The generic verifier and signer: runs any registry `Template` (one per HMAC provider).

use super::registry::{Enc, Hash, Key, Layout, Part, Role, SigSource, Template, TsSrc};
use super::sources::{Cand, parse_source};
use super::{Context, asym, ct_eq, no_secret, out, parse, window};
use crate::capture::{Capture, Signature, Verdict};

pub(crate) fn mac(hash: Hash, key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    use hmac::{Hmac, Mac};
    // HMAC takes keys of any length, so new_from_slice cannot fail; an empty MAC never
    // compares equal to a decoded signature, so even that impossible path fails closed.
    match hash {
        Hash::Sha256 => match Hmac::<sha2::Sha256>::new_from_slice(key) {
            Ok(mut m) => {
                parts.iter().for_each(|p| m.update(p));
                m.finalize().into_bytes().to_vec()
            }
            Err(_) => Vec::new(),
        },
        Hash::Sha1 => match Hmac::<sha1::Sha1>::new_from_slice(key) {
            Ok(mut m) => {
                parts.iter().for_each(|p| m.update(p));
                m.finalize().into_bytes().to_vec()
            }
            Err(_) => Vec::new(),
        },
        Hash::Sha512 => match Hmac::<sha2::Sha512>::new_from_slice(key) {
            Ok(mut m) => {
                parts.iter().for_each(|p| m.update(p));
                m.finalize().into_bytes().to_vec()
            }
            Err(_) => Vec::new(),
        },
        Hash::Md5 => match Hmac::<md5::Md5>::new_from_slice(key) {
            Ok(mut m) => {
                parts.iter().for_each(|p| m.update(p));
                m.finalize().into_bytes().to_vec()
            }
            Err(_) => Vec::new(),
        },
    }
}

/// The values of a signature header; a name ending in `*` matches every header that starts
/// with the rest (DocuSign numbers one header per active key).
pub(crate) fn values<'a>(c: &'a Capture, header: &'a str) -> Vec<&'a str> {
    match header.strip_suffix('*') {
        Some(prefix) => c
            .headers
            .iter()
            .filter(|(k, _)| {
                k.len() > prefix.len()
                    && k.get(..prefix.len())
                        .is_some_and(|h| h.eq_ignore_ascii_case(prefix))
            })
            .map(|(_, v)| v.as_str())
            .collect(),
        None => c.header_all(header).collect(),
    }
}

/// Remove a signature header (every numbered one for a `*` name); return the name to write.
fn clear(c: &mut Capture, header: &'static str) -> String {
    match header.strip_suffix('*') {
        Some(prefix) => {
            c.headers.retain(|(k, _)| {
                !(k.len() > prefix.len()
                    && k.get(..prefix.len())
                        .is_some_and(|h| h.eq_ignore_ascii_case(prefix)))
            });
            format!("{prefix}1")
        }
        None => {
            c.remove_header(header);
            header.to_string()
        }
    }
}

pub(crate) fn encode(enc: Enc, bytes: &[u8]) -> String {
    use base64::Engine as _;
    match enc {
        Enc::Hex => hex::encode(bytes),
        Enc::Base64 => parse::B64_OUT.encode(bytes),
        Enc::Base64Url => parse::B64URL_OUT.encode(bytes),
    }
}

fn decode(enc: Enc, s: &str) -> Option<Vec<u8>> {
    match enc {
        Enc::Hex => parse::hex(s),
        Enc::Base64 => parse::b64(s),
        Enc::Base64Url => parse::b64url(s),
    }
}

/// The HMAC key a secret string stands for. The error never quotes the secret.
pub(crate) fn derive_key(key: Key, secret: &str) -> Result<Vec<u8>, String> {
    match key {
        Key::Text => Ok(secret.as_bytes().to_vec()),
        Key::Base64 => parse::b64(secret).ok_or_else(|| "is not valid base64".to_string()),
        Key::Whsec => parse::b64(secret.trim().strip_prefix("whsec_").unwrap_or(secret))
            .ok_or_else(|| "is not whsec_ followed by base64".to_string()),
        Key::NoKeyPrefix => Ok(secret
            .strip_prefix("sk_")
            .or_else(|| secret.strip_prefix("pk_"))
            .unwrap_or(secret)
            .as_bytes()
            .to_vec()),
    }
}

fn message(
    t: &Template,
    c: &Capture,
    ts: Option<&str>,
    id: Option<&str>,
    url: Option<&str>,
) -> Vec<u8> {
    let mut m = Vec::with_capacity(c.body.len() + 128);
    for part in t.msg {
        match part {
            Part::Lit(s) => m.extend_from_slice(s.as_bytes()),
            Part::Body => m.extend_from_slice(&c.body),
            Part::Ts => m.extend_from_slice(ts.unwrap_or("").as_bytes()),
            Part::Id => m.extend_from_slice(id.unwrap_or("").as_bytes()),
            Part::Url => m.extend_from_slice(url.unwrap_or("").as_bytes()),
        }
    }
    m
}

pub(crate) fn verify(
    id: &'static str,
    t: &Template,
    c: &Capture,
    secrets: &[String],
    ctx: &Context,
) -> Signature {
    let present = |s: &&'static SigSource| !values(c, s.header).is_empty();
    let mut note = String::new();
    let mut srcs: Vec<&'static SigSource> = t
        .sigs
        .iter()
        .filter(|s| s.role != Role::Legacy)
        .filter(present)
        .collect();
    if srcs.is_empty() {
        srcs = t
            .sigs
            .iter()
            .filter(|s| s.role == Role::Legacy)
            .filter(present)
            .collect();
        let Some(first) = srcs.first() else {
            let h = t.sigs.first().map_or("signature", |s| s.header);
            return out(id, Verdict::Unsigned, format!("no {h} header"));
        };
        note = format!("; only the legacy {} header was sent", first.header);
    }

    let (mut cands, mut others, mut problems) = (Vec::new(), Vec::new(), Vec::new());
    for src in &srcs {
        for value in values(c, src.header) {
            parse_source(src, value, t, &mut cands, &mut others, &mut problems);
        }
    }
    if cands.is_empty() {
        if !problems.is_empty() {
            return out(id, Verdict::Malformed, problems.join("; "));
        }
        others.dedup();
        return out(
            id,
            Verdict::Invalid,
            format!(
                "no {} signature in {} (only {})",
                srcs[0].label,
                srcs[0].header,
                others.join(", ")
            ),
        );
    }

    let id_text = match t.id_headers.first() {
        None => None,
        Some(first) => match t.id_headers.iter().find_map(|h| c.header(h)) {
            Some(v) => Some(v.trim()),
            None => return out(id, Verdict::Malformed, format!("no {first} header")),
        },
    };

    // The timestamp text each candidate was signed with, and its value in ms.
    let shared_ts: Option<String> = match t.ts.map(|s| s.src) {
        Some(TsSrc::Header(hs)) => match hs.iter().find_map(|h| c.header(h)) {
            Some(v) => Some(v.trim().to_string()),
            None => {
                return out(
                    id,
                    Verdict::Malformed,
                    format!("no {} header", hs.first().unwrap_or(&"timestamp")),
                );
            }
        },
        Some(TsSrc::HeaderOrBody(h, field)) => c
            .header(h)
            .map(|v| v.trim().to_string())
            .or_else(|| parse::json_text(&c.body, &[field])),
        _ => None,
    };
    let mut stamped: Vec<(Cand, Option<&str>, Option<i64>)> = Vec::with_capacity(cands.len());
    for cand in cands {
        let text = cand.ts.or(shared_ts.as_deref());
        let ms = match (t.ts, text) {
            (Some(st), Some(text)) => match window::parse(text, st.unit) {
                Some(ms) if ms >= st.min_ms => Some(ms),
                Some(_) => {
                    return out(
                        id,
                        Verdict::Malformed,
                        format!("{} {text} is before 2021: not in milliseconds", st.name),
                    );
                }
                None => {
                    return out(
                        id,
                        Verdict::Malformed,
                        format!("{} {text:?} is not a {:?} timestamp", st.name, st.unit),
                    );
                }
            },
            _ => None,
        };
        stamped.push((cand, text, ms));
    }

    for (h, want) in t.require {
        let got = c.header(h).unwrap_or("").trim();
        if got != *want {
            return out(
                id,
                Verdict::Invalid,
                format!("{h} is {got:?}; the SDK accepts only {want}"),
            );
        }
    }

    let age = stamped
        .first()
        .and_then(|(_, _, ms)| *ms)
        .map(|ms| window::age_ms(ctx.now, ms));
    let ts_name = t.ts.map_or("timestamp", |s| s.name);
    let age_text = age
        .map(|a| format!(", {ts_name} is {}", window::describe_age(a)))
        .unwrap_or_default();
    if secrets.is_empty() {
        let n = stamped.len();
        let what = if n == 1 {
            format!("signed ({})", stamped[0].0.version)
        } else {
            format!("{n} signatures")
        };
        return no_secret(id, &format!("{what}{age_text}"));
    }

    let needs_url = t.msg.contains(&Part::Url);
    let mut urls = if needs_url {
        super::signed_urls(c, ctx.public_url)
    } else {
        Vec::new()
    };
    if needs_url && urls.is_empty() {
        urls.push(super::SignedUrl {
            url: c.url.clone(),
            guessed: true,
        });
    }
    let url_opts: Vec<Option<&super::SignedUrl>> = if needs_url {
        urls.iter().map(Some).collect()
    } else {
        vec![None]
    };

    let mut first_miss: Option<(String, String, &str)> = None;
    let mut bad_keys = Vec::new();
    for (si, secret) in secrets.iter().enumerate() {
        let ed_key = t.ed25519.and_then(|_| asym::standard_public_key(secret));
        let key = if ed_key.is_some() {
            None
        } else {
            match derive_key(t.key, secret) {
                Ok(k) => Some(k),
                Err(e) => {
                    bad_keys.push(format!("secret #{} {e}", si + 1));
                    continue;
                }
            }
        };
        for u in &url_opts {
            for (cand, ts_text, ts_ms) in &stamped {
                let msg = message(t, c, *ts_text, id_text, u.map(|u| u.url.as_str()));
                let ok = if t.ed25519 == Some(cand.version) {
                    ed_key
                        .as_ref()
                        .is_some_and(|pk| asym::ed25519_verify(pk, &msg, parse::b64(cand.sig)))
                } else if let Some(k) = &key {
                    let m = mac(cand.src.hash, k, &[&msg]);
                    if first_miss.is_none() {
                        first_miss = Some((
                            cand.src.label.to_string(),
                            encode(cand.src.enc, &m),
                            cand.sig,
                        ));
                    }
                    decode(cand.src.enc, cand.sig).is_some_and(|got| ct_eq(&got, &m))
                } else {
                    false
                };
                if !ok {
                    continue;
                }
                let mut extra = super::which_secret(si, secrets.len());
                if let Some(u) = u.filter(|u| u.guessed) {
                    extra.push_str(&format!(", signed URL taken as {}", u.url));
                }
                let label = cand.version;
                let (Some(st), Some(ms)) = (t.ts, ts_ms) else {
                    return out(id, Verdict::Valid, format!("{label} matched{extra}{note}"));
                };
                let age = window::age_ms(ctx.now, *ms);
                let age_s = window::describe_age(age);
                let name = st.name;
                return match st.window.check(age) {
                    Ok(()) => {
                        let lenient = window::lenient_note(st.window, age);
                        let detail =
                            format!("{label} matched, {name} is {age_s}{lenient}{extra}{note}");
                        out(id, Verdict::Valid, detail)
                    }
                    Err(why) => out(
                        id,
                        Verdict::Expired,
                        format!(
                            "{label} matched but {name} is {age_s} ({why}; {id} allows {}){extra}",
                            st.window.describe()
                        ),
                    ),
                };
            }
        }
    }

    let mut detail = match first_miss {
        Some((label, expected, got)) => format!(
            "expected {label}={}, got {}",
            parse::short(&expected),
            parse::short(got)
        ),
        None if !bad_keys.is_empty() => "no usable secret".to_string(),
        None => format!(
            "only {} signatures; give the whpk_ public key",
            t.ed25519.unwrap_or("asymmetric")
        ),
    };
    if stamped.len() > 1 || secrets.len() > 1 {
        detail.push_str(&format!(
            " ({} signatures × {} secrets tried)",
            stamped.len(),
            secrets.len()
        ));
    }
    if !bad_keys.is_empty() {
        detail.push_str(&format!("; {}", bad_keys.join(", ")));
    }
    detail.push_str(&age_text);
    if needs_url {
        detail.push_str(&super::url_hint(&urls));
    }
    detail.push_str(&note);
    out(id, Verdict::Invalid, detail)
}

/// A fresh message id in the provider's usual shape (Twitch: a UUID; others: `msg_…`).
fn fresh_msg_id(header: &str, c: &Capture, now: i64) -> String {
    let b = super::fresh_id(c, now);
    if header.starts_with("twitch") {
        let h = hex::encode(b);
        format!(
            "{}-{}-4{}-a{}-{}",
            &h[..8],
            &h[8..12],
            &h[13..16],
            &h[17..20],
            &h[20..32]
        )
    } else {
        format!("msg_{}", &hex::encode(b)[..24])
    }
}

pub(crate) fn sign(
    id: &'static str,
    t: &Template,
    secret: &str,
    c: &mut Capture,
    now: i64,
    public_url: Option<&str>,
) -> Result<(), String> {
    // Keys first, so a bad secret leaves the capture untouched.
    let ed_seed = t.ed25519.and_then(|_| asym::standard_secret_key(secret));
    let key = match ed_seed {
        Some(_) => None,
        None => Some(derive_key(t.key, secret).map_err(|e| format!("the {id} secret {e}"))?),
    };
    let names: Vec<String> = t.sigs.iter().map(|s| clear(c, s.header)).collect();
    for h in t.id_headers {
        c.remove_header(h);
    }
    let ts_header = match t.ts.map(|s| s.src) {
        Some(TsSrc::Header(hs)) => {
            hs.iter().for_each(|h| c.remove_header(h));
            hs.first().copied()
        }
        Some(TsSrc::HeaderOrBody(h, _)) => {
            c.remove_header(h);
            Some(h)
        }
        _ => None,
    };
    let ts_text = t.ts.map(|st| window::format(now, st.unit));
    let id_text = t.id_headers.first().map(|h| fresh_msg_id(h, c, now));
    let url = t
        .msg
        .contains(&Part::Url)
        .then(|| super::sign_url(c, public_url));
    let msg = message(t, c, ts_text.as_deref(), id_text.as_deref(), url.as_deref());

    for (src, name) in t.sigs.iter().zip(&names) {
        if src.role == Role::Alternate {
            continue;
        }
        let (version, sig) = match (&ed_seed, &key) {
            (Some(seed), _) => (
                t.ed25519.unwrap_or("v1a"),
                encode(Enc::Base64, &asym::ed25519_sign(seed, &msg)),
            ),
            (None, Some(k)) => (src.label, encode(src.enc, &mac(src.hash, k, &[&msg]))),
            (None, None) => return Err(format!("the {id} secret is unusable")),
        };
        let ts = ts_text.as_deref().unwrap_or("");
        let value = match src.layout {
            Layout::Whole { prefix } | Layout::List { prefix, .. } => format!("{prefix}{sig}"),
            Layout::Kv {
                ts_key,
                sig_key,
                sign_sep,
                ..
            } => format!("{ts_key}={ts}{sign_sep}{sig_key}={sig}"),
            Layout::Versioned { version: v } => {
                format!("{},{sig}", if ed_seed.is_some() { version } else { v })
            }
            Layout::Positional { sep } => format!("{ts}{sep}{sig}"),
        };
        c.set_header(name, value);
    }
    if let (Some(h), Some(ts)) = (ts_header, &ts_text) {
        c.set_header(h, ts.clone());
    }
    if let (Some(h), Some(v)) = (t.id_headers.first(), id_text) {
        c.set_header(h, v);
    }
    for (h, v) in t.require {
        c.set_header(h, *v);
    }
    Ok(())
}
