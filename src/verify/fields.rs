//! Family L: signatures over fields carried in the request rather than the raw body, so a
//! re-serialised body still verifies: Adyen notification items, Braintree's `bt_payload`,
//! Vonage signed SMS parameters. (Adyen's header variant signs the body and lives here too.)

use super::hmac_generic::{encode, mac};
use super::registry::{Enc, Hash};
use super::{ct_eq, no_secret, out, parse, which_secret};
use crate::capture::{Capture, Signature, Verdict};
use serde_json::Value;
use sha1::Digest as _;

// ---- Adyen ----

const ADYEN_HEADER: &str = "hmacsignature";

/// A JSON scalar as Adyen's SDK joins it: strings as they are, numbers and booleans as text,
/// absent as empty.
fn scalar(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

/// `psp:orig:merchant:ref:value:currency:event:success`, joined without escaping.
fn adyen_string(item: &Value) -> String {
    let f = |k: &str| scalar(item.get(k));
    let amount = item.get("amount");
    [
        f("pspReference"),
        f("originalReference"),
        f("merchantAccountCode"),
        f("merchantReference"),
        scalar(amount.and_then(|a| a.get("value"))),
        scalar(amount.and_then(|a| a.get("currency"))),
        f("eventCode"),
        f("success"),
    ]
    .join(":")
}

fn adyen_items(body: &mut Value) -> Vec<&mut Value> {
    body.get_mut("notificationItems")
        .and_then(Value::as_array_mut)
        .map(|items| {
            items
                .iter_mut()
                .filter_map(|i| i.get_mut("NotificationRequestItem"))
                .collect()
        })
        .unwrap_or_default()
}

pub(crate) fn adyen_verify(id: &str, c: &Capture, secrets: &[String]) -> Signature {
    let keys: Vec<Option<Vec<u8>>> = secrets.iter().map(|s| parse::hex(s)).collect();
    if let Some(sig) = c.header(ADYEN_HEADER) {
        if secrets.is_empty() {
            return no_secret(id, "signed (HmacSignature header over the body)");
        }
        let got = parse::b64(sig);
        for (i, key) in keys.iter().enumerate() {
            let Some(k) = key else { continue };
            if got
                .as_ref()
                .is_some_and(|g| ct_eq(g, &mac(Hash::Sha256, k, &[&c.body])))
            {
                let which = which_secret(i, secrets.len());
                return out(id, Verdict::Valid, format!("HmacSignature matched{which}"));
            }
        }
        return out(id, Verdict::Invalid, adyen_miss(&keys, "HmacSignature"));
    }
    let mut body: Value = match serde_json::from_slice(&c.body) {
        Ok(v) => v,
        Err(_) => {
            return out(
                id,
                Verdict::Unsigned,
                "no HmacSignature header, body not JSON",
            );
        }
    };
    let items = adyen_items(&mut body);
    let signed = items
        .iter()
        .filter(|i| i.pointer("/additionalData/hmacSignature").is_some())
        .count();
    if signed == 0 {
        return out(
            id,
            Verdict::Unsigned,
            "no HmacSignature header and no additionalData.hmacSignature in notificationItems",
        );
    }
    if secrets.is_empty() {
        return no_secret(id, &format!("{signed} of {} items signed", items.len()));
    }
    // Every item must carry a signature that one configured key verifies.
    for (n, item) in items.iter().enumerate() {
        let Some(sig) = item
            .pointer("/additionalData/hmacSignature")
            .and_then(Value::as_str)
        else {
            return out(id, Verdict::Invalid, format!("item {} is unsigned", n + 1));
        };
        let text = adyen_string(item);
        let got = parse::b64(sig);
        let ok = keys.iter().flatten().any(|k| {
            got.as_ref()
                .is_some_and(|g| ct_eq(g, &mac(Hash::Sha256, k, &[text.as_bytes()])))
        });
        if !ok {
            let what = format!("item {} hmacSignature", n + 1);
            return out(id, Verdict::Invalid, adyen_miss(&keys, &what));
        }
    }
    out(
        id,
        Verdict::Valid,
        format!("hmacSignature matched on all {} items", items.len()),
    )
}

fn adyen_miss(keys: &[Option<Vec<u8>>], what: &str) -> String {
    if keys.iter().all(Option::is_none) {
        "no secret is a hex HMAC key".into()
    } else {
        format!("{what} does not match the configured HMAC key")
    }
}

pub(crate) fn adyen_sign(secret: &str, c: &mut Capture) -> Result<(), String> {
    let key = parse::hex(secret).ok_or("the adyen secret must be the hex HMAC key")?;
    if let Ok(mut body) = serde_json::from_slice::<Value>(&c.body) {
        let mut items = adyen_items(&mut body);
        if !items.is_empty() {
            for item in &mut items {
                let sig = encode(
                    Enc::Base64,
                    &mac(Hash::Sha256, &key, &[adyen_string(item).as_bytes()]),
                );
                if !item.get("additionalData").is_some_and(Value::is_object) {
                    item["additionalData"] = Value::Object(Default::default());
                }
                item["additionalData"]["hmacSignature"] = Value::String(sig);
            }
            super::set_body(c, body.to_string().into_bytes());
            return Ok(());
        }
    }
    let sig = encode(Enc::Base64, &mac(Hash::Sha256, &key, &[&c.body]));
    c.set_header(ADYEN_HEADER, sig);
    Ok(())
}

// ---- Braintree ----

/// hex(HMAC-SHA1(key = raw SHA-1 of the private key, msg)), as braintree's `Crypto`.
pub(crate) fn braintree_mac(private_key: &str, msg: &[u8]) -> String {
    let key = sha1::Sha1::digest(private_key.as_bytes());
    hex::encode(mac(Hash::Sha1, &key, &[msg]))
}

/// A field of a form-encoded body (as the web framework hands it to the SDK).
fn form_field(c: &Capture, name: &str) -> Option<String> {
    if !parse::is_form(c.header("content-type")) {
        return None;
    }
    parse::form_pairs(&c.body)
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

pub(crate) fn braintree_verify(id: &str, c: &Capture, secrets: &[String]) -> Signature {
    let (Some(sigs), Some(payload)) = (form_field(c, "bt_signature"), form_field(c, "bt_payload"))
    else {
        return out(
            id,
            Verdict::Unsigned,
            "no bt_signature and bt_payload fields",
        );
    };
    // The SDK refuses payloads with characters outside base64 and newlines.
    if !payload
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"+=/\n".contains(&b))
    {
        return out(
            id,
            Verdict::Malformed,
            "bt_payload has non-base64 characters",
        );
    }
    if secrets.is_empty() {
        return no_secret(id, "signed (bt_signature)");
    }
    let pairs: Vec<(&str, &str)> = sigs.split('&').filter_map(|p| p.split_once('|')).collect();
    let mut seen_public = false;
    for (i, secret) in secrets.iter().enumerate() {
        let Some((public, private)) = secret.split_once(':') else {
            continue;
        };
        for (_, sig) in pairs.iter().filter(|(p, _)| *p == public) {
            seen_public = true;
            let plain = braintree_mac(private, payload.as_bytes());
            let with_lf = braintree_mac(private, format!("{payload}\n").as_bytes());
            let got = sig.trim().to_ascii_lowercase();
            if ct_eq(got.as_bytes(), plain.as_bytes()) || ct_eq(got.as_bytes(), with_lf.as_bytes())
            {
                let which = which_secret(i, secrets.len());
                return out(id, Verdict::Valid, format!("bt_signature matched{which}"));
            }
        }
    }
    let detail = if !secrets.iter().any(|s| s.contains(':')) {
        "the braintree secret must be public_key:private_key".to_string()
    } else if seen_public {
        "bt_signature does not match bt_payload".to_string()
    } else {
        let named: Vec<&str> = pairs.iter().map(|(p, _)| *p).collect();
        format!(
            "no bt_signature pair for the configured public key (pairs for: {})",
            named.join(", ")
        )
    };
    out(id, Verdict::Invalid, detail)
}

pub(crate) fn braintree_sign(secret: &str, c: &mut Capture) -> Result<(), String> {
    let (public, private) = secret
        .split_once(':')
        .ok_or("the braintree secret must be public_key:private_key")?;
    // Re-sign an existing notification's payload; otherwise wrap the body as the payload.
    let payload = form_field(c, "bt_payload")
        .unwrap_or_else(|| encode(Enc::Base64, &c.body).replace('\r', ""));
    let sig = braintree_mac(private, payload.as_bytes());
    let body = format!(
        "bt_signature={}&bt_payload={}",
        parse::encode_uri_component(&format!("{public}|{sig}")),
        parse::encode_uri_component(&payload)
    );
    super::set_body(c, body.into_bytes());
    c.set_header("content-type", "application/x-www-form-urlencoded");
    Ok(())
}

// ---- Vonage signed SMS ----

/// The request's parameters: the query, then a form or flat JSON body.
fn vonage_params(c: &Capture) -> Vec<(String, String)> {
    let query = c.query().unwrap_or("");
    let mut params = parse::form_pairs(query.as_bytes());
    if parse::is_form(c.header("content-type")) {
        params.extend(parse::form_pairs(&c.body));
    } else if let Ok(Value::Object(m)) = serde_json::from_slice::<Value>(&c.body) {
        params.extend(m.iter().map(|(k, v)| (k.clone(), scalar(Some(v)))));
    }
    params
}

/// `&k=v` for every parameter but `sig`, sorted, with `&` and `=` in values as `_`.
fn vonage_string(params: &[(String, String)]) -> String {
    let mut p: Vec<&(String, String)> = params.iter().filter(|(k, _)| k != "sig").collect();
    p.sort();
    p.iter()
        .map(|(k, v)| format!("&{k}={}", v.replace(['&', '='], "_")))
        .collect()
}

/// The candidate hex signatures for a given length: HMAC by digest size; 32 hex may also be
/// the older plain `md5hash` (MD5 of the string followed by the secret).
fn vonage_candidates(len: usize, secret: &str, text: &str) -> Vec<(&'static str, String)> {
    let h = |hash| hex::encode(mac(hash, secret.as_bytes(), &[text.as_bytes()]));
    match len {
        32 => vec![
            ("hmac-md5", h(Hash::Md5)),
            (
                "md5hash",
                hex::encode(md5::Md5::digest(format!("{text}{secret}").as_bytes())),
            ),
        ],
        40 => vec![("hmac-sha1", h(Hash::Sha1))],
        64 => vec![("hmac-sha256", h(Hash::Sha256))],
        128 => vec![("hmac-sha512", h(Hash::Sha512))],
        _ => Vec::new(),
    }
}

/// `None` when the request carries no `sig` parameter (then it may be a JWT webhook).
pub(crate) fn vonage_sms_verify(id: &str, c: &Capture, secrets: &[String]) -> Option<Signature> {
    let params = vonage_params(c);
    let sig = params
        .iter()
        .find(|(k, _)| k == "sig")?
        .1
        .to_ascii_lowercase();
    if secrets.is_empty() {
        return Some(no_secret(id, "signed SMS (sig parameter)"));
    }
    let text = vonage_string(&params);
    for (i, secret) in secrets.iter().enumerate() {
        for (method, want) in vonage_candidates(sig.len(), secret, &text) {
            if ct_eq(sig.as_bytes(), want.as_bytes()) {
                let which = which_secret(i, secrets.len());
                // The SDK does not bound the timestamp parameter; show it for the reader.
                let ts = params
                    .iter()
                    .find(|(k, _)| k == "timestamp")
                    .map(|(_, v)| format!(", timestamp {v}"))
                    .unwrap_or_default();
                return Some(out(
                    id,
                    Verdict::Valid,
                    format!("sig matched ({method}){ts}{which}"),
                ));
            }
        }
    }
    let detail = match sig.len() {
        32 | 40 | 64 | 128 => "sig does not match the signature secret".to_string(),
        n => format!("sig has {n} characters: not an md5/sha1/sha256/sha512 hex digest"),
    };
    Some(out(id, Verdict::Invalid, detail))
}

/// Sign as Vonage's SMS API does, with HMAC-SHA256: `sig` joins the form body, or the query
/// of a bodiless request.
pub(crate) fn vonage_sms_sign(secret: &str, c: &mut Capture, now: i64) {
    let in_body = parse::is_form(c.header("content-type"));
    let (path, query) = c.url.split_once('?').unwrap_or((c.url.as_str(), ""));
    let keep = |src: &[u8]| -> Vec<(String, String)> {
        parse::form_pairs(src)
            .into_iter()
            .filter(|(k, _)| k != "sig")
            .collect()
    };
    let mut params = if in_body {
        keep(&c.body)
    } else {
        keep(query.as_bytes())
    };
    if !params.iter().any(|(k, _)| k == "timestamp") {
        params.push(("timestamp".into(), now.to_string()));
    }
    let mut all = if in_body {
        keep(query.as_bytes())
    } else {
        Vec::new()
    };
    all.extend(params.iter().cloned());
    let sig = hex::encode(mac(
        Hash::Sha256,
        secret.as_bytes(),
        &[vonage_string(&all).as_bytes()],
    ));
    params.push(("sig".into(), sig));
    let text: Vec<String> = params
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                parse::encode_uri_component(k),
                parse::encode_uri_component(v)
            )
        })
        .collect();
    if in_body {
        super::set_body(c, text.join("&").into_bytes());
    } else {
        c.url = format!("{path}?{}", text.join("&"));
    }
}
