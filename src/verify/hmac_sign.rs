//! The generic signer: writes what any table row's `Template` describes, so every data
//! row signs as well as it verifies (`sign → verify` is a round-trip test over the table).

use super::base;
use super::hmac::message;
use super::keys;
use super::mac::{derive_key, encode, mac};
use super::parse;
use super::sources::numbered;
use super::template::{Enc, Layout, Part, Role, Template, TsSrc};
use super::window;
use crate::capture::Capture;

/// Remove a signature header (every numbered one for a `*` name); return the name to write.
fn clear(c: &mut Capture, header: &'static str) -> String {
    match header.strip_suffix('*') {
        Some(prefix) => {
            c.headers.retain(|(k, _)| !numbered(k, prefix));
            format!("{prefix}1")
        }
        None => {
            c.remove_header(header);
            header.to_string()
        }
    }
}

/// A fresh message id in the provider's usual shape (Twitch: a UUID; others: `msg_…`).
fn fresh_msg_id(header: &str, c: &Capture, now: i64) -> String {
    let b = base::fresh_id(c, now);
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

/// Sign `c` with the template `t` of provider `id`: every current and legacy signature
/// header, the timestamp and message id headers, and the required ones.
pub(crate) fn sign(
    id: &str,
    t: &Template,
    secret: &str,
    c: &mut Capture,
    now: i64,
    public_url: Option<&str>,
) -> Result<(), String> {
    // Keys first, so a bad secret leaves the capture untouched.
    let ed_seed = t.ed25519.and_then(|_| keys::standard_secret_key(secret));
    let key = match ed_seed {
        Some(_) => None,
        None => Some(derive_key(t.key, secret).map_err(|e| format!("the {id} secret {e}"))?),
    };
    let names: Vec<String> = t.sigs.iter().map(|s| clear(c, s.header)).collect();
    // A provider's retry keeps the message id of the first attempt (that is how receivers
    // tell a redelivery from a new event); anything else signed afresh gets a new one.
    let kept_id = (c.origin == crate::capture::Origin::Retry)
        .then(|| {
            t.id_headers
                .iter()
                .find_map(|h| c.header(h))
                .map(String::from)
        })
        .flatten();
    for h in t.id_headers {
        c.remove_header(h);
    }
    let ts_header = match t.ts.map(|s| s.src) {
        Some(TsSrc::Header(hs)) => {
            hs.iter().for_each(|h| c.remove_header(h));
            hs.first().copied()
        }
        Some(TsSrc::BodyOrHeader(field, h)) => {
            c.remove_header(h);
            // The SDK prefers the body's field: a re-signed body must carry the new time.
            if let Some(st) = t.ts {
                let stamp = window::format(now, st.unit);
                if let Some(body) = parse::replace_json_number(&c.body, field, &stamp) {
                    base::set_body(c, body);
                }
            }
            Some(h)
        }
        _ => None,
    };
    let ts_text = t.ts.map(|st| window::format(now, st.unit));
    let id_text =
        (t.id_headers.first()).map(|h| kept_id.unwrap_or_else(|| fresh_msg_id(h, c, now)));
    let url = t
        .msg
        .contains(&Part::Url)
        .then(|| base::sign_url(c, public_url));
    let msg = message(t, c, ts_text.as_deref(), id_text.as_deref(), url.as_deref());

    for (src, name) in t.sigs.iter().zip(&names) {
        if src.role == Role::Alternate {
            continue;
        }
        let (version, sig) = match (&ed_seed, &key) {
            (Some(seed), _) => (
                t.ed25519.unwrap_or("v1a"),
                encode(Enc::Base64, &keys::ed25519_sign(seed, &msg)),
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
            Layout::Versioned { version: v, .. } => {
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
