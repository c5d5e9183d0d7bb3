//! The well-known challenges `listen` answers itself when it is not forwarding, so a
//! provider's "verify your endpoint" step passes against a bare listener.
//!
//! Each provider answers its own (`Provider::handshake`); this asks them in registry order
//! and the first that recognises the request decides. Every check starts cheap (method, a
//! header, a byte search) and JSON is parsed only when a body can be a challenge, since
//! this runs on every request.

use super::challenge::{Challenge, Handshake};
use super::registry;
use super::secrets::Secrets;
use crate::capture::Capture;

/// The challenge answer for this request, if it is one.
pub fn handshake(c: &Capture, secrets: &Secrets) -> Option<Handshake> {
    for p in registry::all() {
        match p.handshake(c, secrets.get(p.info().id)) {
            Some(Challenge::Answer(h)) => return Some(h),
            Some(Challenge::Pass) => return None,
            None => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::Origin;
    use bytes::Bytes;
    use serde_json::Value;

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
