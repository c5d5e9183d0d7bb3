//! Signatures over fields carried in the request rather than the raw body alone (family L,
//! and Mailgun's E): Adyen notification items, Braintree's `bt_payload`, Mailgun's
//! timestamp+token. (Adyen's header variant signs the body and lives here too.)

use super::base::{
    Context, ct_eq, form_fields, fresh_id, no_secret, out, reported_age, set_body, which_secret,
};
use super::challenge::{self, Challenge};
use super::mac::{encode, mac};
use super::parse;
use super::provider::{Provider, ProviderInfo};
use super::template::{Enc, Hash};
use super::window;
use crate::capture::{Capture, Signature, Verdict};
use serde_json::Value;
use sha1::Digest as _;

/// Mailgun: the signature travels inside the body.
pub(crate) struct Mailgun;

impl Provider for Mailgun {
    fn info(&self) -> &ProviderInfo {
        &MAILGUN_INFO
    }
    fn by_secret(&self, c: &Capture) -> bool {
        parse::contains(&c.body, b"signature") && parse::contains(&c.body, b"token")
    }
    fn verify(&self, c: &Capture, secrets: &[String], ctx: &Context) -> Signature {
        mailgun_verify(MAILGUN_INFO.id, c, secrets, ctx)
    }
    fn sign(&self, secret: &str, c: &mut Capture, ctx: &Context) -> Result<(), String> {
        mailgun_sign(secret, c, ctx.now)
    }
}

/// Adyen notifications (HMAC per item, or the HmacSignature header).
pub(crate) struct Adyen;

impl Provider for Adyen {
    fn info(&self) -> &ProviderInfo {
        &ADYEN_INFO
    }
    fn detect(&self) -> &'static [&'static str] {
        &[ADYEN_HEADER]
    }
    fn by_secret(&self, c: &Capture) -> bool {
        parse::contains(&c.body, b"hmacSignature")
    }
    fn verify(&self, c: &Capture, secrets: &[String], _ctx: &Context) -> Signature {
        adyen_verify(ADYEN_INFO.id, c, secrets)
    }
    fn sign(&self, secret: &str, c: &mut Capture, _ctx: &Context) -> Result<(), String> {
        adyen_sign(secret, c)
    }
}

/// Braintree: `bt_signature` over `bt_payload`.
pub(crate) struct Braintree;

impl Provider for Braintree {
    fn info(&self) -> &ProviderInfo {
        &BRAINTREE_INFO
    }
    fn by_secret(&self, c: &Capture) -> bool {
        parse::contains(&c.body, b"bt_signature")
    }
    fn verify(&self, c: &Capture, secrets: &[String], _ctx: &Context) -> Signature {
        braintree_verify(BRAINTREE_INFO.id, c, secrets)
    }
    fn sign(&self, secret: &str, c: &mut Capture, _ctx: &Context) -> Result<(), String> {
        braintree_sign(secret, c)
    }
    /// `public_key|hex(HMAC-SHA1(SHA1(private_key), challenge))` for `GET ?bt_challenge=`;
    /// the secret is `public_key:private_key`.
    fn handshake(&self, c: &Capture, secrets: &[String]) -> Option<Challenge> {
        let ch = challenge::get_param(c, "bt_challenge")?;
        let answer = secrets
            .first()
            .and_then(|s| s.split_once(':'))
            .map(|(public, private)| {
                let m = braintree_mac(private, ch.as_bytes());
                challenge::text("braintree bt_challenge", format!("{public}|{m}"))
            });
        Some(answer.map_or(Challenge::Pass, Challenge::Answer))
    }
}

const MAILGUN_INFO: ProviderInfo = ProviderInfo {
    id: "mailgun",
    vectors: "published",
    name: "Mailgun",
    headers: &[],
    algorithm: "HMAC-SHA256 over `{timestamp}{token}`, hex, all three inside the body (JSON `signature` object or form fields)",
    secret_form: "the HTTP webhook signing key, as text",
    family: "E: other concatenation (fields in the body)",
    notes: "mailgun-python's SecurityGuard.verify_webhook rejects |now − timestamp| > 300 s (its max_age_seconds default) and compares the hex signature as text (upper case: rejected); mailgun-php 4.5 and mailgun.js 14 have no window. Detected by a mailgun user agent, or by its body fields when a mailgun secret is configured. Multipart bodies are not parsed.",
    sdk: "mailgun-python mailgun/security.py SecurityGuard.verify_webhook (±300 s, hex text); mailgun-php 4.5.1 src/Api/Webhook.php has no window",
};

const ADYEN_INFO: ProviderInfo = ProviderInfo {
    id: "adyen",
    vectors: "published",
    name: "Adyen",
    headers: &["hmacsignature"],
    algorithm: "HMAC-SHA256, base64, keyed by the hex-decoded HMAC key: over `psp:orig:merchant:ref:value:currency:event:success` per notification item (additionalData.hmacSignature), or over the body (HmacSignature header)",
    secret_form: "the 64-hex HMAC key from the Customer Area",
    family: "L: fields inside the body (A: header variant)",
    notes: "Every NotificationRequestItem must carry a matching hmacSignature; fields are joined unescaped, missing ones empty, as Adyen.util.is_valid_hmac_notification. The HmacSignature header name is [K]. [S] vectors pass.",
    sdk: "adyen-node-api-library 32.0.0 src/utils/hmacValidator.ts: validateHMAC (items: psp:orig:merchant:ref:value:currency:event:success, hex-decoded key) and validateHMACSignature (HmacSignature header over the body); both base64-decode and compare bytes (secureCompare), no timestamp; an item without hmacSignature throws",
};

const BRAINTREE_INFO: ProviderInfo = ProviderInfo {
    id: "braintree",
    vectors: "published+derived",
    name: "Braintree",
    headers: &[],
    algorithm: "HMAC-SHA1 keyed by SHA-1(private key) over the form field bt_payload (or bt_payload + LF), hex, in bt_signature as `public_key|sig` pairs",
    secret_form: "`public_key:private_key`",
    family: "L: fields in the body",
    notes: "The pair for the configured public key decides; payloads with characters outside base64 and LF are refused, as braintree_python. The GET ?bt_challenge= check is answered by `listen`. [S] in the reference.",
    sdk: "braintree_node 3.39.0 lib/braintree/webhook_notification_gateway.js parse/validateSignature: payload must match [A-Za-z0-9+=/\\n]; the first public|signature pair for the configured public key decides; hex HMAC-SHA1 keyed by SHA-1(private key) over the payload or payload+LF, compared as text (Digest.secureCompare over char codes, case matters); no timestamp",
};

// ---- Adyen ----

const ADYEN_HEADER: &str = "hmacsignature";

/// A JSON scalar as Adyen's SDK joins it: strings as they are, numbers and booleans as text,
/// absent as empty.
pub(crate) fn scalar(v: Option<&Value>) -> String {
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

fn adyen_verify(id: &str, c: &Capture, secrets: &[String]) -> Signature {
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

fn adyen_sign(secret: &str, c: &mut Capture) -> Result<(), String> {
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
            set_body(c, body.to_string().into_bytes());
            return Ok(());
        }
    }
    let sig = encode(Enc::Base64, &mac(Hash::Sha256, &key, &[&c.body]));
    c.set_header(ADYEN_HEADER, sig);
    Ok(())
}

// ---- Braintree ----

/// hex(HMAC-SHA1(key = raw SHA-1 of the private key, msg)), as braintree's `Crypto`.
fn braintree_mac(private_key: &str, msg: &[u8]) -> String {
    let key = sha1::Sha1::digest(private_key.as_bytes());
    hex::encode(mac(Hash::Sha1, &key, &[msg]))
}

/// A field of a form-encoded body.
fn form_field(c: &Capture, name: &str) -> Option<String> {
    form_fields(c)
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

fn braintree_verify(id: &str, c: &Capture, secrets: &[String]) -> Signature {
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
        // braintree_node compares only the first pair for its public key, as text.
        if let Some((_, sig)) = pairs.iter().find(|(p, _)| *p == public) {
            seen_public = true;
            let plain = braintree_mac(private, payload.as_bytes());
            let with_lf = braintree_mac(private, format!("{payload}\n").as_bytes());
            let got = sig.trim();
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
        "bt_signature does not match bt_payload (compared as lower-case hex text, first pair \
         for the public key only, as braintree_node)"
            .to_string()
    } else {
        let named: Vec<&str> = pairs.iter().map(|(p, _)| *p).collect();
        format!(
            "no bt_signature pair for the configured public key (pairs for: {})",
            named.join(", ")
        )
    };
    out(id, Verdict::Invalid, detail)
}

fn braintree_sign(secret: &str, c: &mut Capture) -> Result<(), String> {
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
    set_body(c, body.into_bytes());
    c.set_header("content-type", "application/x-www-form-urlencoded");
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

fn mailgun_verify(id: &str, c: &Capture, secrets: &[String], ctx: &Context) -> Signature {
    let Some((ts, token, sig)) = mailgun_fields(c) else {
        return out(
            id,
            Verdict::Unsigned,
            "no signature timestamp/token/signature in the body",
        );
    };
    let age = reported_age(&ts, ctx.now);
    if secrets.is_empty() {
        return no_secret(id, &format!("signed in the body{age}"));
    }
    let Some(ts_ms) = window::parse(&ts, window::Unit::Secs) else {
        return out(
            id,
            Verdict::Malformed,
            format!("timestamp {ts:?} is not an integer (the SDK refuses it)"),
        );
    };
    let msg = [ts.as_bytes(), token.as_bytes()].concat();
    let mut case_only = false;
    for (i, s) in secrets.iter().enumerate() {
        let expected = hex::encode(mac(Hash::Sha256, s.as_bytes(), &[&msg]));
        // hmac.compare_digest over the two hex strings: text, so case matters.
        if !ct_eq(expected.as_bytes(), sig.as_bytes()) {
            case_only |= expected.eq_ignore_ascii_case(&sig);
            continue;
        }
        let which = which_secret(i, secrets.len());
        let age_ms = window::age_ms(ctx.now, ts_ms);
        return match MAILGUN_WINDOW.check(age_ms) {
            Ok(()) => out(id, Verdict::Valid, format!("signature matched{age}{which}")),
            Err(why) => out(
                id,
                Verdict::Expired,
                format!(
                    "signature matched but timestamp is {} ({why}; mailgun-python allows {}){which}",
                    window::describe_age(age_ms),
                    MAILGUN_WINDOW.describe()
                ),
            ),
        };
    }
    let expected = hex::encode(mac(Hash::Sha256, secrets[0].as_bytes(), &[&msg]));
    let case = if case_only {
        "; it matches only when case is ignored, and the SDK compares lower-case hex text"
    } else {
        ""
    };
    out(
        id,
        Verdict::Invalid,
        format!(
            "expected signature {}, got {}{case}{age}",
            parse::short(&expected),
            parse::short(&sig)
        ),
    )
}

/// mailgun-python `SecurityGuard.verify_webhook(max_age_seconds=300)`: `abs(now - ts) > 300`
/// fails, so the window is symmetric.
const MAILGUN_WINDOW: window::Window = window::Window::sym(300);

fn mailgun_sign(secret: &str, c: &mut Capture, now: i64) -> Result<(), String> {
    let ts = now.to_string();
    let token =
        hex::encode(fresh_id(c, now)) + &hex::encode(&fresh_id(c, now.wrapping_add(1))[..9]);
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
