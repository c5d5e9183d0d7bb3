//! The SDK audit, third pass (issue 16): cases where the verdict follows an official SDK
//! that is laxer than good sense (the detail says the rest), and the providers audited
//! last. Each request is built here, its MAC recomputed in the test itself.

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD as B64, URL_SAFE_NO_PAD as B64URL};
use hmac::{Hmac, Mac};
use hookcli::capture::Verdict;
use sha2::Digest as _;

mod verify_support;
use verify_support::{cap, check_at};

const T: i64 = 1_700_000_000;

fn hmac256(key: &[u8], msg: &[u8]) -> Vec<u8> {
    let mut m = Hmac::<sha2::Sha256>::new_from_slice(key).unwrap();
    m.update(msg);
    m.finalize().into_bytes().to_vec()
}

/// replicate-javascript 1.4.0 `validateWebhook` and replicate-python 1.0.7 `validate`
/// (tolerance None) check no timestamp: an hour old or an hour ahead is valid, and the
/// detail says it is outside Standard Webhooks' ±300 s. A wrong signature stays invalid.
#[test]
fn replicate_checks_no_timestamp_but_says_so() {
    let key = [5u8; 32];
    let secret = format!("whsec_{}", B64.encode(key));
    let body = r#"{"id":"pred_1","status":"succeeded"}"#;
    let ts = T.to_string();
    let sig = B64.encode(hmac256(&key, format!("msg_1.{ts}.{body}").as_bytes()));
    let entry = format!("v1,{sig}");
    let headers = [
        ("webhook-id", "msg_1"),
        ("webhook-timestamp", ts.as_str()),
        ("webhook-signature", entry.as_str()),
    ];
    let c = cap("/hook", &headers, body);
    let (v, d) = check_at("replicate", &c, &secret, T + 10);
    assert_eq!(v, Verdict::Valid, "{d}");
    assert!(!d.contains("±300"), "a fresh timestamp needs no note: {d}");
    for now in [T + 3600, T - 3600] {
        let (v, d) = check_at("replicate", &c, &secret, now);
        assert_eq!(v, Verdict::Valid, "{d}");
        assert!(d.contains("outside ±300 s"), "{d}");
    }
    let tampered = cap("/hook", &headers, &body.replace("pred_1", "pred_2"));
    assert_eq!(
        check_at("replicate", &tampered, &secret, T).0,
        Verdict::Invalid
    );
}

fn hs256_jwt(secret: &str, claims: &serde_json::Value) -> String {
    let head = B64URL.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let body = B64URL.encode(claims.to_string());
    let signing = format!("{head}.{body}");
    let sig = B64URL.encode(hmac256(secret.as_bytes(), signing.as_bytes()));
    format!("{signing}.{sig}")
}

/// @vonage/jwt 1.15.0 `verifySignature` runs jsonwebtoken over the Authorization JWT and
/// never reads `payload_hash`: a body that does not match it passes there, so it is valid
/// here, with the mismatch in the detail. A JWT signed with another secret is invalid.
#[test]
fn vonage_does_not_check_payload_hash_but_says_so() {
    let secret = "vonage-signature-secret-0123456789";
    let body = r#"{"message_uuid":"m-1","status":"delivered"}"#;
    let hash = hex::encode(sha2::Sha256::digest(body.as_bytes()));
    let claims = serde_json::json!({"iat": T, "jti": "j-1", "iss": "Vonage", "payload_hash": hash});
    let auth = format!("Bearer {}", hs256_jwt(secret, &claims));
    let headers = [
        ("content-type", "application/json"),
        ("authorization", auth.as_str()),
    ];
    let (v, d) = check_at("vonage", &cap("/hook", &headers, body), secret, T);
    assert_eq!(v, Verdict::Valid, "{d}");
    assert!(d.contains("payload_hash matched"), "{d}");
    let other = body.replace("delivered", "rejected");
    let (v, d) = check_at("vonage", &cap("/hook", &headers, &other), secret, T);
    assert_eq!(v, Verdict::Valid, "@vonage/jwt passes it: {d}");
    assert!(d.contains("does not match payload_hash"), "{d}");
    let wrong = format!("Bearer {}", hs256_jwt("another-secret-0123456789", &claims));
    let headers = [("authorization", wrong.as_str())];
    let (v, d) = check_at("vonage", &cap("/hook", &headers, body), secret, T);
    assert_eq!(v, Verdict::Invalid, "{d}");
}

/// docusign/connect-node-listener-aws `checkHmac`, DocuSign's own Connect listener: the
/// X-Authorization-Digest header must be exactly `HMACSHA256` before any signature is
/// read; the base64 HMAC-SHA256 of the body is then compared with `===`.
#[test]
fn docusign_requires_the_hmacsha256_digest_header() {
    let key = "connect-hmac-key-0001";
    let body = "{\"event\":\"envelope-completed\"}\r\n";
    let sig = B64.encode(hmac256(key.as_bytes(), body.as_bytes()));
    let with = |digest: Option<&str>| {
        let mut h = vec![("x-docusign-signature-1", sig.as_str())];
        if let Some(d) = digest {
            h.push(("x-authorization-digest", d));
        }
        check_at("docusign", &cap("/hook", &h, body), key, T)
    };
    assert_eq!(with(Some("HMACSHA256")).0, Verdict::Valid);
    for digest in [None, Some("HMACSHA1")] {
        let (v, d) = with(digest);
        assert_eq!(v, Verdict::Invalid, "{digest:?}: {d}");
        assert!(d.contains("HMACSHA256"), "{d}");
    }
}
