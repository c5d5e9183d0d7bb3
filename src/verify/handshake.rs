//! The well-known challenges `listen` answers itself when it is not forwarding, so a
//! provider's "verify your endpoint" step passes against a bare listener.
//!
//! Checks run cheapest first (method, a header, a byte search) and JSON is parsed only when
//! a body can be a challenge, since this runs on every request.

use super::{Context, Secrets, hmac_generic, parse, registry};
use crate::capture::{Capture, Verdict};
use bytes::Bytes;
use serde_json::Value;

/// The response to send instead of the configured one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handshake {
    /// What was answered, e.g. `slack url_verification`.
    pub name: &'static str,
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Bytes,
}

fn reply(
    name: &'static str,
    status: u16,
    ctype: Option<&str>,
    body: impl Into<Bytes>,
) -> Handshake {
    let headers = ctype
        .map(|t| vec![("content-type".to_string(), t.to_string())])
        .unwrap_or_default();
    Handshake {
        name,
        status,
        headers,
        body: body.into(),
    }
}

fn text(name: &'static str, body: String) -> Handshake {
    reply(name, 200, Some("text/plain"), body)
}

fn json_body(c: &Capture, marker: &[u8]) -> Option<Value> {
    if !parse::contains(&c.body, marker) {
        return None;
    }
    serde_json::from_slice(&c.body).ok()
}

/// The challenge answer for this request, if it is one.
pub fn handshake(c: &Capture, secrets: &Secrets) -> Option<Handshake> {
    let method = c.method.as_str();
    if method.eq_ignore_ascii_case("HEAD") {
        // Trello probes the callback URL with HEAD when the webhook is created.
        return Some(reply("trello HEAD", 200, None, Bytes::new()));
    }
    if let Some(v) = c.header("x-okta-verification-challenge") {
        let body = serde_json::json!({ "verification": v }).to_string();
        return Some(reply(
            "okta verification",
            200,
            Some("application/json"),
            body,
        ));
    }
    if let Some(secret) = c.header("x-hook-secret") {
        let mut h = reply("asana X-Hook-Secret", 200, None, Bytes::new());
        h.headers.push(("x-hook-secret".into(), secret.to_string()));
        return Some(h);
    }
    if let Some(v) = c.header("x-gcs-webhooks-endpoint-verification") {
        return Some(text(
            "worldline endpoint verification",
            v.trim().to_string(),
        ));
    }
    let query = c.query().unwrap_or("");
    if !query.is_empty() {
        if let Some(token) = parse::query_param(&c.url, "validationToken") {
            return Some(text("msgraph validationToken", token));
        }
        if method.eq_ignore_ascii_case("GET") {
            if parse::query_param(&c.url, "hub.mode").as_deref() == Some("subscribe")
                && let Some(ch) = parse::query_param(&c.url, "hub.challenge")
            {
                return Some(text("meta hub.challenge", ch));
            }
            if let Some(token) = parse::query_param(&c.url, "crc_token") {
                return twitter_crc(&token, secrets);
            }
            if let Some(ch) = parse::query_param(&c.url, "bt_challenge") {
                return braintree_challenge(&ch, secrets);
            }
            if let Some(ch) = parse::query_param(&c.url, "challenge") {
                // Dropbox and Nylas both verify an endpoint this way.
                let mut h = text("dropbox/nylas challenge", ch);
                h.headers
                    .push(("x-content-type-options".into(), "nosniff".into()));
                return Some(h);
            }
        }
    }
    if let Some(kind) = c.header("twitch-eventsub-message-type")
        && kind.trim() == "webhook_callback_verification"
    {
        let v = json_body(c, b"challenge")?;
        return Some(text(
            "twitch webhook_callback_verification",
            v.get("challenge")?.as_str()?.to_string(),
        ));
    }
    if c.header("x-signature-ed25519").is_some() {
        return discord(c, secrets);
    }
    if c.header("x-xero-signature").is_some() {
        return xero(c, secrets);
    }
    if let Some(h) = more_json(c) {
        return Some(h);
    }
    if let Some(v) = json_body(c, b"url_verification")
        && v.get("type").and_then(Value::as_str) == Some("url_verification")
    {
        let ch = v.get("challenge")?.as_str()?.to_string();
        return Some(text("slack url_verification", ch));
    }
    if let Some(v) = json_body(c, b"endpoint.url_validation")
        && v.get("event").and_then(Value::as_str) == Some("endpoint.url_validation")
    {
        let plain = v.get("payload")?.get("plainToken")?.as_str()?;
        // Zoom wants proof of the secret: hex HMAC-SHA256(secret, plainToken).
        let secret = secrets.get("zoom").first()?;
        let enc = hex::encode(hmac_generic::mac(
            registry::Hash::Sha256,
            secret.as_bytes(),
            &[plain.as_bytes()],
        ));
        let body = serde_json::json!({ "plainToken": plain, "encryptedToken": enc }).to_string();
        return Some(reply(
            "zoom endpoint.url_validation",
            200,
            Some("application/json"),
            body,
        ));
    }
    None
}

/// Twitter/X CRC: `{"response_token":"sha256=<base64 HMAC-SHA256(consumer secret, token)>"}`.
/// Without the consumer secret nothing can be answered, so the request goes on as usual.
fn twitter_crc(token: &str, secrets: &Secrets) -> Option<Handshake> {
    let secret = secrets.get("twitter").first()?;
    let m = hmac_generic::mac(
        registry::Hash::Sha256,
        secret.as_bytes(),
        &[token.as_bytes()],
    );
    let b64 = hmac_generic::encode(registry::Enc::Base64, &m);
    let body = serde_json::json!({ "response_token": format!("sha256={b64}") }).to_string();
    Some(reply("twitter crc", 200, Some("application/json"), body))
}

/// Braintree: `public_key|hex(HMAC-SHA1(SHA1(private_key), challenge))`; the secret is
/// `public_key:private_key`.
fn braintree_challenge(challenge: &str, secrets: &Secrets) -> Option<Handshake> {
    let (public, private) = secrets.get("braintree").first()?.split_once(':')?;
    let m = super::fields::braintree_mac(private, challenge.as_bytes());
    Some(text("braintree bt_challenge", format!("{public}|{m}")))
}

/// JSON-bodied handshakes of the second reference file: Amazon SNS subscription (shown,
/// never visited: confirming is the user's decision) and monday.com's challenge echo.
fn more_json(c: &Capture) -> Option<Handshake> {
    if let Some(v) = json_body(c, b"SubscriptionConfirmation")
        && v.get("Type").and_then(Value::as_str) == Some("SubscriptionConfirmation")
    {
        let url = v.get("SubscribeURL").and_then(Value::as_str).unwrap_or("");
        let body = format!(
            "amazon-sns SubscriptionConfirmation: to confirm, visit the SubscribeURL yourself \
             (hookcli never does): {url}\n"
        );
        return Some(text(
            "amazon-sns SubscriptionConfirmation (visit SubscribeURL)",
            body,
        ));
    }
    let v = json_body(c, b"\"challenge\"")?;
    let obj = v.as_object()?;
    // monday.com's board webhooks post exactly {"challenge": …} and expect it echoed.
    (obj.len() == 1 && obj.get("challenge")?.is_string()).then(|| {
        reply(
            "monday challenge",
            200,
            Some("application/json"),
            v.to_string(),
        )
    })
}

/// Discord: PING gets `{"type":1}`; a bad signature gets the 401 Discord's probes expect.
fn discord(c: &Capture, secrets: &Secrets) -> Option<Handshake> {
    let keyed = !secrets.get("discord").is_empty();
    if keyed {
        let ctx = Context {
            now: 0,
            public_url: None,
            provider: None,
        };
        let sig = super::asym::discord_verify("discord", c, secrets.get("discord"), &ctx);
        if sig.verdict != Verdict::Valid {
            return Some(reply(
                "discord invalid signature",
                401,
                Some("text/plain"),
                "invalid request signature",
            ));
        }
    }
    let v = json_body(c, b"\"type\"")?;
    (v.get("type").and_then(Value::as_i64) == Some(1)).then(|| {
        reply(
            "discord PING",
            200,
            Some("application/json"),
            r#"{"type":1}"#,
        )
    })
}

/// Xero intent-to-receive: 200 with an empty body when the signature is right, 401 when not.
fn xero(c: &Capture, secrets: &Secrets) -> Option<Handshake> {
    let p = registry::find("xero")?;
    let registry::Scheme::Hmac(t) = &p.scheme else {
        return None;
    };
    let keys = secrets.get("xero");
    if keys.is_empty() {
        return None;
    }
    let ctx = Context {
        now: 0,
        public_url: None,
        provider: None,
    };
    let ok = hmac_generic::verify("xero", t, c, keys, &ctx).verdict == Verdict::Valid;
    Some(if ok {
        reply("xero intent to receive", 200, None, Bytes::new())
    } else {
        reply(
            "xero intent to receive (bad signature)",
            401,
            None,
            Bytes::new(),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::Origin;

    fn cap(method: &str, url: &str, headers: &[(&str, &str)], body: &str) -> Capture {
        let mut c = Capture::new(Origin::Local, method, url);
        c.headers = headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        c.body = Bytes::copy_from_slice(body.as_bytes());
        c
    }

    #[test]
    fn challenges_are_echoed() {
        let none = Secrets::new();
        let h = handshake(
            &cap(
                "POST",
                "/",
                &[],
                r#"{"type":"url_verification","challenge":"abc"}"#,
            ),
            &none,
        )
        .unwrap();
        assert_eq!(
            (h.name, h.status, &h.body[..]),
            ("slack url_verification", 200, &b"abc"[..])
        );
        let h = handshake(&cap("GET", "/d?challenge=x%20y", &[], ""), &none).unwrap();
        assert_eq!(&h.body[..], b"x y");
        assert!(
            h.headers
                .contains(&("x-content-type-options".into(), "nosniff".into()))
        );
        let h = handshake(
            &cap(
                "GET",
                "/m?hub.mode=subscribe&hub.challenge=42&hub.verify_token=t",
                &[],
                "",
            ),
            &none,
        )
        .unwrap();
        assert_eq!((h.name, &h.body[..]), ("meta hub.challenge", &b"42"[..]));
        let h = handshake(&cap("POST", "/g?validationToken=a%2Bb", &[], ""), &none).unwrap();
        assert_eq!(&h.body[..], b"a+b");
        let h = handshake(
            &cap("GET", "/", &[("x-okta-verification-challenge", "v1")], ""),
            &none,
        )
        .unwrap();
        assert_eq!(&h.body[..], br#"{"verification":"v1"}"#);
        let h = handshake(&cap("POST", "/", &[("x-hook-secret", "s3")], ""), &none).unwrap();
        assert!(h.headers.contains(&("x-hook-secret".into(), "s3".into())));
        let tw = [(
            "twitch-eventsub-message-type",
            "webhook_callback_verification",
        )];
        let h = handshake(&cap("POST", "/", &tw, r#"{"challenge":"pog"}"#), &none).unwrap();
        assert_eq!(
            (&h.body[..], h.headers[0].1.as_str()),
            (&b"pog"[..], "text/plain")
        );
        assert_eq!(
            handshake(&cap("HEAD", "/", &[], ""), &none).unwrap().status,
            200
        );
        assert!(handshake(&cap("POST", "/", &[], r#"{"id":1}"#), &none).is_none());
    }

    #[test]
    fn zoom_needs_its_secret_and_matches_the_reference_vector() {
        let body = r#"{"payload":{"plainToken":"qgg8vlPmX7TkqGZD3TdSaZ"},"event_ts":1700000000123,"event":"endpoint.url_validation"}"#;
        let c = cap("POST", "/", &[], body);
        assert!(handshake(&c, &Secrets::new()).is_none());
        let mut s = Secrets::new();
        s.add("zoom", "zoom_secret_token");
        let h = handshake(&c, &s).unwrap();
        let v: Value = serde_json::from_slice(&h.body).unwrap();
        assert_eq!(v["plainToken"], "qgg8vlPmX7TkqGZD3TdSaZ");
        assert_eq!(
            v["encryptedToken"],
            "ae8635322cd262d7d1e753d226e5b2b3e2241b607b9938d8e52d3c25498e2911"
        );
    }
}
