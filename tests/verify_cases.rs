//! Specific behaviours: current vs legacy headers, ambiguity settled by secrets, the
//! Ed25519 Standard Webhooks variant, GitLab's signing token, malformed headers, the public
//! URL, handshakes that need a secret, and a never-panic run of `verify` on random input.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use bytes::Bytes;
use hookcli::capture::{Capture, Origin, Verdict};
use hookcli::verify::{self, Context, Secrets};

const T: i64 = 1_700_000_000;

fn cap(headers: &[(&str, &str)], body: &str) -> Capture {
    let mut c = Capture::new(Origin::Local, "POST", "/in?x=1");
    c.headers = headers
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    c.body = Bytes::copy_from_slice(body.as_bytes());
    c
}

fn with(pairs: &[(&str, &str)]) -> Secrets {
    let mut s = Secrets::new();
    pairs.iter().for_each(|(p, v)| s.add(p, v));
    s
}

fn check(c: &Capture, s: &Secrets, provider: Option<&str>) -> (Verdict, String, String) {
    let ctx = Context {
        now: T,
        public_url: None,
        provider,
    };
    let sig = verify::verify(c, s, &ctx).expect("a provider applies");
    (sig.verdict, sig.provider, sig.detail)
}

#[test]
fn the_current_github_header_decides_and_legacy_alone_is_noted() {
    let mut c = cap(&[("x-github-event", "push")], "{}");
    verify::sign("github", "gh-secret", &mut c, T, None).unwrap();
    let legacy = c.header("x-hub-signature").unwrap().to_string();
    // A wrong current signature is invalid even though the legacy one is right.
    c.set_header("x-hub-signature-256", format!("sha256={}", "0".repeat(64)));
    let (v, _, d) = check(&c, &with(&[("github", "gh-secret")]), None);
    assert_eq!(v, Verdict::Invalid, "{d}");
    // Only the legacy header: @octokit/webhooks 14.2 reads only x-hub-signature-256, so
    // the SDK rejects it (issue 16; this used to be valid with a note). The detail says the
    // SHA-1 would have matched.
    c.remove_header("x-hub-signature-256");
    assert_eq!(c.header("x-hub-signature"), Some(legacy.as_str()));
    let (v, p, d) = check(&c, &with(&[("github", "gh-secret")]), None);
    assert_eq!((v, p.as_str()), (Verdict::Invalid, "github"), "{d}");
    assert!(
        d.contains("x-hub-signature") && d.contains("matches"),
        "{d}"
    );
}

#[test]
fn shared_headers_are_settled_by_the_secret_that_matches() {
    let mut c = cap(&[], r#"{"object":"page"}"#);
    verify::sign("meta", "app-secret", &mut c, T, None).unwrap();
    assert_eq!(verify::detect(&c), Some("github"));
    let both = with(&[("github", "other"), ("meta", "app-secret")]);
    let (v, p, _) = check(&c, &both, None);
    assert_eq!((v, p.as_str()), (Verdict::Valid, "meta"));
    // Neither matches: the verdict is the likelier provider's, invalid.
    let neither = with(&[("github", "x"), ("meta", "y")]);
    assert_eq!(check(&c, &neither, None).0, Verdict::Invalid);
    // No secret at all: no_secret, and the detail names the alternative.
    let (v, p, d) = check(&c, &Secrets::new(), None);
    assert_eq!((v, p.as_str()), (Verdict::NoSecret, "github"));
    assert!(d.contains("meta"), "{d}");
}

#[test]
fn standard_webhooks_ed25519_signs_with_whsk_and_verifies_with_whpk() {
    let seed = [3u8; 32];
    let public = ed25519_dalek::SigningKey::from_bytes(&seed)
        .verifying_key()
        .to_bytes();
    let (sk, pk) = (
        format!("whsk_{}", B64.encode(seed)),
        format!("whpk_{}", B64.encode(public)),
    );
    let mut c = cap(&[], r#"{"type":"user.created"}"#);
    verify::sign("standard-webhooks", &sk, &mut c, T, None).unwrap();
    assert!(c.header("webhook-signature").unwrap().starts_with("v1a,"));
    let (v, p, d) = check(&c, &with(&[("standard-webhooks", &pk)]), None);
    assert_eq!(
        (v, p.as_str()),
        (Verdict::Valid, "standard-webhooks"),
        "{d}"
    );
    assert!(d.starts_with("v1a matched"), "{d}");
    c.body = Bytes::from_static(br#"{"type":"user.deleted"}"#);
    assert_eq!(
        check(&c, &with(&[("standard-webhooks", &pk)]), None).0,
        Verdict::Invalid
    );
    // An HMAC secret cannot check a v1a signature: invalid, saying what is missing.
    let hmac = format!("whsec_{}", B64.encode([1u8; 32]));
    let (v, _, d) = check(&c, &with(&[("standard-webhooks", &hmac)]), None);
    assert_eq!(v, Verdict::Invalid);
    assert!(d.contains("whpk_"), "{d}");
}

#[test]
fn gitlab_token_and_signing_token() {
    let mut c = cap(
        &[("x-gitlab-event", "Push Hook")],
        r#"{"object_kind":"push"}"#,
    );
    verify::sign("gitlab", "plain-token", &mut c, T, None).unwrap();
    assert_eq!(
        check(&c, &with(&[("gitlab", "plain-token")]), None).0,
        Verdict::Valid
    );
    let whsec = format!("whsec_{}", B64.encode([9u8; 32]));
    let mut c = cap(
        &[("x-gitlab-event", "Push Hook")],
        r#"{"object_kind":"push"}"#,
    );
    verify::sign("gitlab", &whsec, &mut c, T, None).unwrap();
    assert!(c.header("x-gitlab-token").is_none() && c.header("webhook-id").is_some());
    assert_eq!(verify::detect(&c), Some("gitlab"));
    let (v, p, d) = check(&c, &with(&[("gitlab", &whsec)]), None);
    assert_eq!((v, p.as_str()), (Verdict::Valid, "gitlab"), "{d}");
}

#[test]
fn unparsable_headers_are_malformed() {
    let s = with(&[
        ("stripe", "k"),
        ("slack", "k"),
        ("standard-webhooks", "whsec_AAAA"),
        ("sanity", "k"),
    ]);
    let cases: &[(&[(&str, &str)], &str)] = &[
        (&[("stripe-signature", "garbage")], "stripe"),
        (&[("stripe-signature", "v1=abcd")], "stripe"),
        (&[("stripe-signature", "t=soon,v1=abcd")], "stripe"),
        (
            &[
                ("x-slack-signature", "v0=ab"),
                ("x-slack-request-timestamp", "yesterday"),
            ],
            "slack",
        ),
        (&[("x-slack-signature", "ab")], "slack"),
        (&[("x-slack-signature", "v0=ab")], "slack"),
        (
            &[("webhook-signature", "v1,AAAA"), ("webhook-timestamp", "1")],
            "standard-webhooks",
        ),
        (
            &[
                ("webhook-signature", "nocomma"),
                ("webhook-id", "m"),
                ("webhook-timestamp", "1"),
            ],
            "standard-webhooks",
        ),
        (
            &[("sanity-webhook-signature", "t=1633519811,v1=abc")],
            "sanity",
        ),
    ];
    for (headers, want) in cases {
        let (v, p, d) = check(&cap(headers, "{}"), &s, None);
        assert_eq!(
            (v, p.as_str()),
            (Verdict::Malformed, *want),
            "{headers:?}: {d}"
        );
    }
    // Known structure, unknown versions only: invalid, not malformed.
    let (v, _, d) = check(&cap(&[("stripe-signature", "t=1,v0=ab")], "{}"), &s, None);
    assert_eq!(v, Verdict::Invalid, "{d}");
}

#[test]
fn url_signing_schemes_use_the_public_url_and_say_when_they_guessed() {
    let mut c = cap(
        &[("host", "127.0.0.1:9999")],
        r#"{"type":"payment.updated"}"#,
    );
    c.url = "/square?x=1".into();
    verify::sign(
        "square",
        "sq-key",
        &mut c,
        T,
        Some("https://abc.tunnel.example/prefix"),
    )
    .unwrap();
    let s = with(&[("square", "sq-key")]);
    let ctx = |public_url| Context {
        now: T,
        public_url,
        provider: None,
    };
    let good = verify::verify(&c, &s, &ctx(Some("https://abc.tunnel.example/prefix/"))).unwrap();
    assert_eq!(good.verdict, Verdict::Valid, "{}", good.detail);
    let guessed = verify::verify(&c, &s, &ctx(None)).unwrap();
    assert_eq!(guessed.verdict, Verdict::Invalid);
    assert!(
        guessed.detail.contains("--public-url"),
        "{}",
        guessed.detail
    );
    // Signed against the Host header: found without --public-url, and the detail says how.
    let mut c = cap(&[("host", "hooks.example.test")], r#"{"a":1}"#);
    verify::sign("trello", "tr", &mut c, T, None).unwrap();
    let sig = verify::verify(&c, &with(&[("trello", "tr")]), &ctx(None)).unwrap();
    assert_eq!(sig.verdict, Verdict::Valid);
    assert!(
        sig.detail.contains("http://hooks.example.test/in?x=1"),
        "{}",
        sig.detail
    );
}

#[test]
fn twilio_form_posts_sign_their_sorted_parameters() {
    let mut c = cap(
        &[
            ("host", "example.com"),
            ("content-type", "application/x-www-form-urlencoded"),
        ],
        "To=%2B1555&From=%2B1666&Body=hi+there",
    );
    verify::sign(
        "twilio",
        "auth-token",
        &mut c,
        T,
        Some("https://example.com"),
    )
    .unwrap();
    assert_eq!(c.url, "/in?x=1", "form posts carry no bodySHA256");
    let s = with(&[("twilio", "auth-token")]);
    let ctx = Context {
        now: T,
        public_url: Some("https://example.com:443"),
        provider: None,
    };
    let sig = verify::verify(&c, &s, &ctx).unwrap();
    assert_eq!(
        sig.verdict,
        Verdict::Valid,
        "the default port is tried removed: {}",
        sig.detail
    );
    c.body = Bytes::from_static(b"To=%2B1555&From=%2B1777&Body=hi+there");
    assert_eq!(
        verify::verify(&c, &s, &ctx).unwrap().verdict,
        Verdict::Invalid
    );
}

#[test]
fn discord_and_xero_handshakes_check_the_signature_when_they_can() {
    let seed = [5u8; 32];
    let public = hex::encode(
        ed25519_dalek::SigningKey::from_bytes(&seed)
            .verifying_key()
            .to_bytes(),
    );
    let mut ping = cap(&[], r#"{"type":1}"#);
    verify::sign("discord", &hex::encode(seed), &mut ping, T, None).unwrap();
    let keyed = with(&[("discord", &public)]);
    let h = verify::handshake(&ping, &keyed).unwrap();
    assert_eq!((h.status, &h.body[..]), (200, &br#"{"type":1}"#[..]));
    ping.set_header("x-signature-timestamp", "1");
    assert_eq!(verify::handshake(&ping, &keyed).unwrap().status, 401);
    let mut itr = cap(&[], r#"{"events":[],"firstEventSequence":0}"#);
    verify::sign("xero", "xero-key", &mut itr, T, None).unwrap();
    assert_eq!(
        verify::handshake(&itr, &with(&[("xero", "xero-key")]))
            .unwrap()
            .status,
        200
    );
    assert_eq!(
        verify::handshake(&itr, &with(&[("xero", "other")]))
            .unwrap()
            .status,
        401
    );
    assert!(verify::handshake(&itr, &Secrets::new()).is_none());
}

/// xorshift64*: deterministic randomness without a dev-dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn text(&mut self, like: &str) -> String {
        let mut b = like.as_bytes().to_vec();
        for _ in 0..=(self.next() % 4) {
            let i = (self.next() as usize) % (b.len() + 1);
            match self.next() % 3 {
                0 if i < b.len() => b[i] = self.next() as u8,
                1 if i < b.len() => {
                    b.truncate(i);
                }
                _ => b.insert(i.min(b.len()), b",=; .:%v1"[(self.next() % 9) as usize]),
            }
        }
        String::from_utf8_lossy(&b).into_owned()
    }
}

#[test]
fn verify_and_handshake_never_panic_on_mangled_requests() {
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    for p in verify::providers() {
        let secret = match p.id {
            "discord" | "sendgrid" | "plaid" | "adyen" => "07".repeat(32),
            "airtable" | "msteams-outgoing" | "telnyx" | "brex" => B64.encode([1u8; 32]),
            "pusher" | "braintree" => "key:secret".into(),
            "amazon-sns" => include_str!("fixtures/rsa7.key.pem").into(),
            "paypal" => serde_json::json!({
                "webhook_id": "WH-1",
                "private_key_pem": include_str!("fixtures/rsa7.key.pem"),
            })
            .to_string(),
            id if p.secret_form.contains("whsec_") && id != "stripe" => {
                format!("whsec_{}", B64.encode([1u8; 32]))
            }
            _ => "k".into(),
        };
        let mut good = cap(
            &[("host", "h.test"), ("content-type", "application/json")],
            r#"{"value":[{"a":1}]}"#,
        );
        verify::sign(p.id, &secret, &mut good, T, None).unwrap_or_else(|e| panic!("{}: {e}", p.id));
        let s = with(&[(p.id, &secret)]);
        for _ in 0..150 {
            let mut c = good.clone();
            for (_, v) in c.headers.iter_mut() {
                if rng.next().is_multiple_of(2) {
                    *v = rng.text(v);
                }
            }
            let body = String::from_utf8_lossy(&c.body).into_owned();
            c.body = Bytes::from(rng.text(&body));
            for provider in [Some(p.id), None] {
                let ctx = Context {
                    now: T,
                    public_url: None,
                    provider,
                };
                let _ = verify::verify(&c, &s, &ctx);
            }
            let _ = verify::handshake(&c, &s);
            let _ = verify::detect(&c);
        }
    }
}

#[test]
fn plivo_v3_covers_form_fields_and_vonage_signs_sms_parameters() {
    let form = [("content-type", "application/x-www-form-urlencoded")];
    let public = Some("https://hooks.example.test");
    for id in ["plivo", "vonage"] {
        let mut c = cap(&form, "From=15550001&Text=hi+there&To=15550002");
        verify::sign(id, "tok-123", &mut c, T, public).unwrap();
        let s = with(&[(id, "tok-123")]);
        let ctx = Context {
            now: T,
            public_url: public,
            provider: Some(id),
        };
        let sig = verify::verify(&c, &s, &ctx).unwrap();
        assert_eq!(sig.verdict, Verdict::Valid, "{id}: {}", sig.detail);
        let text = String::from_utf8(c.body.to_vec()).unwrap();
        c.body = Bytes::from(text.replacen("15550001", "15550009", 1));
        let sig = verify::verify(&c, &s, &ctx).unwrap();
        assert_eq!(sig.verdict, Verdict::Invalid, "{id}: {}", sig.detail);
    }
}
