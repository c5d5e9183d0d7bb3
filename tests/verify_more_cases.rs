//! Behaviours of the second reference file's providers that the vectors do not pin down:
//! certificate URLs (trusted, untrusted, no pinned cert, never fetched), SNS SignatureVersion
//! 1, secrets with escaped newlines, and the new handshakes.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use bytes::Bytes;
use hookcli::capture::{Capture, Origin, Verdict};
use hookcli::verify::{self, Context, Secrets};
use rsa::pkcs8::DecodePrivateKey as _;
use rsa::signature::{SignatureEncoding as _, Signer as _};
use serde_json::{Value, json};

const T: i64 = 1_700_000_000;
const KEY: &str = include_str!("fixtures/rsa7.key.pem");
const CERT: &str = include_str!("fixtures/rsa7.cert.pem");

fn cap(method: &str, url: &str, headers: &[(&str, &str)], body: &str) -> Capture {
    let mut c = Capture::new(Origin::Local, method, url);
    c.headers = headers
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    c.body = Bytes::copy_from_slice(body.as_bytes());
    c.body_size = c.body.len() as u64;
    c
}

fn with(id: &str, secret: &str) -> Secrets {
    let mut s = Secrets::new();
    s.add(id, secret);
    s
}

fn check(id: &str, c: &Capture, s: &Secrets) -> (Verdict, String) {
    let ctx = Context {
        now: T,
        public_url: None,
        provider: Some(id),
    };
    let sig = verify::verify(c, s, &ctx).expect("forced");
    (sig.verdict, sig.detail)
}

fn sns_signed() -> Capture {
    let mut c = cap("POST", "/sns", &[], r#"{"id":"evt_1"}"#);
    verify::sign("amazon-sns", KEY, &mut c, T, None).unwrap();
    c
}

fn set_cert_url(c: &mut Capture, url: &str) {
    let mut v: Value = serde_json::from_slice(&c.body).unwrap();
    v["SigningCertURL"] = json!(url);
    c.body = Bytes::from(v.to_string());
}

#[test]
fn sns_certificates_are_pinned_never_fetched() {
    let c = sns_signed();
    let (_, url, trusted) = verify::cert_url(&c).unwrap();
    assert!(trusted && url.starts_with("https://sns.us-east-1.amazonaws.com/"));
    assert_eq!(
        check("amazon-sns", &c, &with("amazon-sns", CERT)).0,
        Verdict::Valid
    );
    // Trusted host, no pinned certificate: no_secret, naming the URL and the way to pin.
    let (v, d) = check("amazon-sns", &c, &Secrets::new());
    assert_eq!(v, Verdict::NoSecret, "{d}");
    assert!(
        d.contains(&url) && d.contains("--secret amazon-sns=@cert.pem"),
        "{d}"
    );
    // Hosts off sns.<region>.amazonaws.com, or plain http: invalid, secret or not.
    for bad in [
        "https://evil.example/cert.pem",
        "http://sns.us-east-1.amazonaws.com/cert.pem",
        "https://sns.us-east-1.amazonaws.com.evil.example/cert.pem",
        "https://user@sns.us-east-1.amazonaws.com/cert.pem",
    ] {
        let mut t = c.clone();
        set_cert_url(&mut t, bad);
        assert_eq!(verify::cert_url(&t).map(|x| x.2), Some(false), "{bad}");
        for s in [Secrets::new(), with("amazon-sns", CERT)] {
            let (v, d) = check("amazon-sns", &t, &s);
            assert_eq!(v, Verdict::Invalid, "{bad}: {d}");
            assert!(d.contains("untrusted certificate host"), "{d}");
        }
    }
    // A PEM pasted with literal \n (an environment variable) still reads.
    let escaped = CERT.trim().replace('\n', "\\n");
    assert_eq!(
        check("amazon-sns", &c, &with("amazon-sns", &escaped)).0,
        Verdict::Valid
    );
}

#[test]
fn sns_signature_version_1_is_sha1_with_rsa() {
    let text = "Message\nhi\nMessageId\nm1\nTimestamp\n2023-11-14T22:13:20Z\nTopicArn\narn:aws:sns:eu-west-1:1:t\nType\nNotification\n";
    let sk = rsa::RsaPrivateKey::from_pkcs8_pem(KEY).unwrap();
    let sig = rsa::pkcs1v15::SigningKey::<sha1::Sha1>::new(sk).sign(text.as_bytes());
    let body = json!({
        "Type": "Notification", "MessageId": "m1", "TopicArn": "arn:aws:sns:eu-west-1:1:t",
        "Message": "hi", "Timestamp": "2023-11-14T22:13:20Z", "SignatureVersion": "1",
        "Signature": B64.encode(sig.to_bytes()),
        "SigningCertURL": "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-x.pem",
    });
    let c = cap("POST", "/", &[], &body.to_string());
    let (v, d) = check("amazon-sns", &c, &with("amazon-sns", CERT));
    assert_eq!(v, Verdict::Valid, "{d}");
    assert!(d.contains("SHA1withRSA"), "{d}");
}

#[test]
fn paypal_cert_urls_off_paypal_are_refused() {
    let secret = json!({"webhook_id": "WH-1", "private_key_pem": KEY}).to_string();
    let pinned = json!({"webhook_id": "WH-1", "cert_pem": CERT}).to_string();
    let mut c = cap("POST", "/pp", &[], r#"{"id":"WH-evt"}"#);
    verify::sign("paypal", &secret, &mut c, T, None).unwrap();
    assert_eq!(
        check("paypal", &c, &with("paypal", &pinned)).0,
        Verdict::Valid
    );
    let (v, d) = check("paypal", &c, &Secrets::new());
    assert_eq!(v, Verdict::NoSecret, "{d}");
    assert!(
        d.contains("would have to be fetched from https://api.paypal.com/"),
        "{d}"
    );
    c.set_header("paypal-cert-url", "https://paypal.com.evil.example/cert");
    assert_eq!(
        verify::cert_url(&c),
        Some((
            "paypal",
            "https://paypal.com.evil.example/cert".to_string(),
            false
        ))
    );
    let (v, d) = check("paypal", &c, &with("paypal", &pinned));
    assert_eq!(v, Verdict::Invalid);
    assert!(d.contains("untrusted certificate host"), "{d}");
}

#[test]
fn new_handshakes() {
    let none = Secrets::new();
    // Twitter CRC and the Braintree challenge need the secret; without it nothing is answered.
    let crc = cap("GET", "/x?crc_token=abc", &[], "");
    assert!(verify::handshake(&crc, &none).is_none());
    let h = verify::handshake(&crc, &with("twitter", "consumer-secret")).unwrap();
    let v: Value = serde_json::from_slice(&h.body).unwrap();
    assert!(v["response_token"].as_str().unwrap().starts_with("sha256="));
    let bt = cap("GET", "/b?bt_challenge=20f9f8ed05f77439", &[], "");
    assert!(verify::handshake(&bt, &none).is_none());
    // SNS subscription: shown with its SubscribeURL, which hookcli never visits.
    let url = "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&Token=t1";
    let body = json!({"Type": "SubscriptionConfirmation", "SubscribeURL": url, "Token": "t1"});
    let h = verify::handshake(&cap("POST", "/", &[], &body.to_string()), &none).unwrap();
    assert!(h.name.contains("SubscribeURL"), "{}", h.name);
    assert!(String::from_utf8_lossy(&h.body).contains(url));
    // monday.com echoes the challenge JSON; Worldline echoes its header.
    let m = cap("POST", "/", &[], r#"{"challenge":"c-1"}"#);
    let h = verify::handshake(&m, &none).unwrap();
    assert_eq!(
        (h.name, &h.body[..]),
        ("monday challenge", &br#"{"challenge":"c-1"}"#[..])
    );
    let w = [("x-gcs-webhooks-endpoint-verification", "v-9")];
    let h = verify::handshake(&cap("GET", "/", &w, ""), &none).unwrap();
    assert_eq!(&h.body[..], b"v-9");
    // A JSON body with more than a challenge is not monday's handshake.
    let other = cap("POST", "/", &[], r#"{"challenge":"c","type":"x"}"#);
    assert!(verify::handshake(&other, &none).is_none());
}
