//! One case per class where hookcli and the providers' official SDKs used to disagree
//! (issue 16). Each request is built here, its MAC recomputed in the test itself, and the
//! verdict is the one the SDK named in the test's comment reaches.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use hmac::{Hmac, Mac};
use hookcli::capture::{Capture, Verdict};
use hookcli::verify::{self, Context, Secrets};

// Only `cap`: these cases check with secrets lists and public URLs of their own.
#[allow(dead_code)]
mod verify_support;
use verify_support::cap;

const T: i64 = 1_700_000_000;

fn secrets(id: &str, list: &[&str]) -> Secrets {
    let mut s = Secrets::new();
    for v in list {
        s.add(id, v);
    }
    s
}

fn check_at(id: &str, c: &Capture, s: &Secrets, now: i64, url: Option<&str>) -> (Verdict, String) {
    let ctx = Context {
        now,
        public_url: url,
        provider: Some(id),
    };
    let sig = verify::verify(c, s, &ctx).expect("forced provider");
    (sig.verdict, sig.detail)
}

fn check(id: &str, c: &Capture, s: &Secrets) -> (Verdict, String) {
    check_at(id, c, s, T, None)
}

fn hmac256(key: &[u8], msg: &[u8]) -> Vec<u8> {
    let mut m = Hmac::<sha2::Sha256>::new_from_slice(key).unwrap();
    m.update(msg);
    m.finalize().into_bytes().to_vec()
}

// ---- Twilio: HMAC-SHA256 announced by x-twilio-webhooks-signature-settings ----

/// twilio-node: with the settings header the request is signed by the Setting's SharedKey
/// with the header's algorithm over the same URL + sorted params.
#[test]
fn twilio_sha256_from_a_webhook_setting_verifies() {
    let (token, shared) = ("auth-token-1", "shared-key-of-the-setting");
    let body = "To=%2B15550001111&Body=hi&From=%2B15552223333";
    let signed = "https://hooks.example.com/smsBodyhiFrom+15552223333To+15550001111";
    let sig = B64.encode(hmac256(shared.as_bytes(), signed.as_bytes()));
    let headers = |alg: &str| {
        vec![
            (
                "content-type".to_string(),
                "application/x-www-form-urlencoded".to_string(),
            ),
            ("x-twilio-signature".to_string(), sig.clone()),
            (
                "x-twilio-webhooks-signature-settings".to_string(),
                format!("key=WS0001,algorithm={alg}"),
            ),
        ]
    };
    let mut c = cap("/sms", &[], body);
    c.headers = headers("HMAC_SHA256");
    let url = Some("https://hooks.example.com");
    let both = secrets("twilio", &[token, shared]);
    let (v, d) = check_at("twilio", &c, &both, T, url);
    assert_eq!(v, Verdict::Valid, "{d}");
    assert!(d.contains("sha256 matched"), "{d}");
    // Only the auth token: the SDK needs the SharedKey; the detail says so.
    let (v, d) = check_at("twilio", &c, &secrets("twilio", &[token]), T, url);
    assert_eq!(v, Verdict::Invalid, "{d}");
    assert!(d.contains("SharedKey"), "{d}");
    // An algorithm the SDK does not know is refused.
    c.headers = headers("HMAC_MD5");
    let (v, d) = check_at("twilio", &c, &both, T, url);
    assert_eq!(v, Verdict::Invalid, "{d}");
    assert!(d.contains("HMAC_MD5"), "{d}");
}

// ---- Box: non-ASCII bodies also tried with \uXXXX escapes ----

/// box-typescript-sdk-gen 1.19.1 validateMessage: the signature over `{body}{timestamp}` is
/// also checked against the body with characters from U+007F up escaped as `\uXXXX` and
/// `/` as `\/` (PHP's json_encode, which Box signs with).
#[test]
fn box_body_with_non_ascii_matches_its_escaped_form() {
    let key = "box-primary-key";
    let ts = "2023-11-14T22:13:20Z"; // T
    let body = r#"{"source":{"name":"café ☕ 😀.txt","url":"https://app.box.com/f"}}"#;
    let escaped = r#"{"source":{"name":"caf\u00e9 \u2615 \ud83d\ude00.txt","url":"https:\/\/app.box.com\/f"}}"#;
    let sig = B64.encode(hmac256(key.as_bytes(), format!("{escaped}{ts}").as_bytes()));
    let c = cap(
        "/box",
        &[
            ("box-signature-primary", &sig),
            ("box-signature-version", "1"),
            ("box-signature-algorithm", "HmacSHA256"),
            ("box-delivery-timestamp", ts),
        ],
        body,
    );
    let (v, d) = check("box", &c, &secrets("box", &[key]));
    assert_eq!(v, Verdict::Valid, "{d}");
    assert!(d.contains("escaped"), "{d}");
    // The raw body's own signature still verifies without the retry.
    let raw = B64.encode(hmac256(key.as_bytes(), format!("{body}{ts}").as_bytes()));
    let mut c2 = c.clone();
    c2.set_header("box-signature-primary", raw);
    let (v, d) = check("box", &c2, &secrets("box", &[key]));
    assert_eq!(v, Verdict::Valid, "{d}");
    assert!(!d.contains("escaped"), "{d}");
    // A wrong key is still wrong both ways.
    assert_eq!(
        check("box", &c, &secrets("box", &["other"])).0,
        Verdict::Invalid
    );
}

// ---- Linear: the body's webhookTimestamp decides ----

fn linear(body: &str, header_ts: Option<i64>) -> Capture {
    let key = "lin_wh_secret";
    let sig = hex::encode(hmac256(key.as_bytes(), body.as_bytes()));
    let mut c = cap("/linear", &[("linear-signature", &sig)], body);
    if let Some(ms) = header_ts {
        c.set_header("linear-timestamp", ms.to_string());
    }
    c
}

/// @linear/sdk 88.3.0 LinearWebhookClient: `parsedBody.webhookTimestamp ?? header`,
/// ±60 s; no timestamp at all is not checked; the body is JSON-parsed first.
#[test]
fn linear_trusts_the_signed_body_timestamp_over_the_header() {
    let s = secrets("linear", &["lin_wh_secret"]);
    let now_ms = T * 1000;
    let fresh = format!(r#"{{"type":"Issue","webhookTimestamp":{now_ms}}}"#);
    // Stale header, fresh body field: valid.
    let (v, d) = check("linear", &linear(&fresh, Some(now_ms - 600_000)), &s);
    assert_eq!(v, Verdict::Valid, "{d}");
    // Fresh header, stale body field: expired (the header is not consulted).
    let stale = format!(
        r#"{{"type":"Issue","webhookTimestamp":{}}}"#,
        now_ms - 600_000
    );
    let (v, d) = check("linear", &linear(&stale, Some(now_ms)), &s);
    assert_eq!(v, Verdict::Expired, "{d}");
    // No body field: the header decides.
    let bare = r#"{"type":"Issue"}"#;
    let (v, d) = check("linear", &linear(bare, Some(now_ms - 600_000)), &s);
    assert_eq!(v, Verdict::Expired, "{d}");
    // Neither: the SDK checks no time, so the signature alone decides.
    assert_eq!(check("linear", &linear(bare, None), &s).0, Verdict::Valid);
    // A body that is not JSON: the SDK's JSON.parse throws before anything else.
    let (v, d) = check("linear", &linear("type=Issue", Some(now_ms)), &s);
    assert_eq!(v, Verdict::Invalid, "{d}");
    assert!(d.contains("not JSON"), "{d}");
}

/// Re-signing a Linear body moves its webhookTimestamp, which is what the SDK reads.
#[test]
fn linear_signing_refreshes_the_body_timestamp() {
    let mut c = cap(
        "/linear",
        &[],
        r#"{"type":"Issue","webhookTimestamp":1000}"#,
    );
    verify::sign("linear", "k", &mut c, T, None).unwrap();
    let body = String::from_utf8(c.body.to_vec()).unwrap();
    assert_eq!(
        body,
        format!(r#"{{"type":"Issue","webhookTimestamp":{}}}"#, T * 1000)
    );
    assert_eq!(
        check("linear", &c, &secrets("linear", &["k"])).0,
        Verdict::Valid
    );
}

// ---- Upper-case hex where the SDK compares text ----

fn upper_after_eq(v: &str) -> String {
    // `t=…,v1=<hex>`, `sha256=<hex>`, `v0=<hex>`: upper-case what follows the last '='.
    match v.rfind('=') {
        Some(i) => format!("{}{}", &v[..=i], v[i + 1..].to_ascii_uppercase()),
        None => v.to_ascii_uppercase(),
    }
}

/// stripe-node (secureCompare), @octokit/webhooks-methods node (timingSafeEqual over the
/// strings), @slack/bolt (tsscmp), @linear/sdk and @hubspot/api-client (===) compare the
/// hex text, so the same MAC in upper case is rejected.
#[test]
fn upper_case_hex_is_invalid_where_the_sdk_compares_text() {
    let cases: &[(&str, &str, &[&str])] = &[
        ("stripe", "whsec_test", &["stripe-signature"]),
        ("github", "gh", &["x-hub-signature-256"]),
        ("slack", "sl", &["x-slack-signature"]),
        ("linear", "lin", &["linear-signature"]),
        ("zoom", "zm", &["x-zm-signature"]),
    ];
    for (id, secret, headers) in cases {
        let mut c = cap("/h", &[("content-type", "application/json")], r#"{"a":1}"#);
        verify::sign(id, secret, &mut c, T, None).unwrap();
        let s = secrets(id, &[secret]);
        assert_eq!(check(id, &c, &s).0, Verdict::Valid, "{id} as signed");
        for h in *headers {
            let v = c.header(h).unwrap().to_string();
            c.set_header(h, upper_after_eq(&v));
        }
        let (v, d) = check(id, &c, &s);
        assert_eq!(v, Verdict::Invalid, "{id}: {d}");
        assert!(d.contains("case"), "{id}: {d}");
    }
}

/// discord-interactions verifyKey decodes the hex signature to bytes: case does not matter.
#[test]
fn upper_case_hex_is_fine_where_the_sdk_decodes_bytes() {
    let seed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    let public = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    let mut c = cap("/i", &[], r#"{"type":1}"#);
    verify::sign("discord", seed, &mut c, T, None).unwrap();
    let sig = c
        .header("x-signature-ed25519")
        .unwrap()
        .to_ascii_uppercase();
    c.set_header("x-signature-ed25519", sig);
    let (v, d) = check("discord", &c, &secrets("discord", &[public]));
    assert_eq!(v, Verdict::Valid, "{d}");
}

// ---- Mailgun: the SDK's ±300 s window and text comparison ----

fn mailgun(ts: i64, upper: bool) -> Capture {
    let key = "key-mailgun";
    let token = "5egbgr1vjgqxtrnp65xfznchgdccwh5d6i09vijqi3whgowmn6";
    let mut sig = hex::encode(hmac256(key.as_bytes(), format!("{ts}{token}").as_bytes()));
    if upper {
        sig = sig.to_ascii_uppercase();
    }
    let body = format!(
        r#"{{"signature":{{"timestamp":"{ts}","token":"{token}","signature":"{sig}"}},"event-data":{{"event":"delivered"}}}}"#
    );
    cap("/mg", &[("content-type", "application/json")], &body)
}

/// mailgun-python SecurityGuard.verify_webhook: `abs(now - ts) > 300` fails, and
/// `hmac.compare_digest` over the hex strings.
#[test]
fn mailgun_signatures_outside_the_sdk_window_are_expired() {
    let s = secrets("mailgun", &["key-mailgun"]);
    assert_eq!(
        check_at("mailgun", &mailgun(T, false), &s, T + 300, None).0,
        Verdict::Valid
    );
    let (v, d) = check_at("mailgun", &mailgun(T, false), &s, T + 301, None);
    assert_eq!(v, Verdict::Expired, "{d}");
    let (v, d) = check_at("mailgun", &mailgun(T + 301, false), &s, T, None);
    assert_eq!(v, Verdict::Expired, "{d}");
    let (v, d) = check("mailgun", &mailgun(T, true), &s);
    assert_eq!(v, Verdict::Invalid, "{d}");
    assert!(d.contains("case"), "{d}");
}

// ---- Square: the legacy SHA-1 header alone is not checked by the SDK ----

/// square-nodejs-sdk 44.1.0 WebhooksHelper.verifySignature reads only
/// x-square-hmacsha256-signature; the SHA-1 x-square-signature is never consulted.
#[test]
fn square_with_only_the_legacy_sha1_header_is_invalid() {
    let key = "square-signature-key";
    let url = "https://hooks.example.com/square";
    let body = r#"{"merchant_id":"M1","type":"payment.created"}"#;
    let mut m = Hmac::<sha1::Sha1>::new_from_slice(key.as_bytes()).unwrap();
    m.update(format!("{url}{body}").as_bytes());
    let sha1 = B64.encode(m.finalize().into_bytes());
    let c = cap("/square", &[("x-square-signature", &sha1)], body);
    let s = secrets("square", &[key]);
    let (v, d) = check_at("square", &c, &s, T, Some("https://hooks.example.com"));
    assert_eq!(v, Verdict::Invalid, "{d}");
    assert!(
        d.contains("retired")
            && d.contains("x-square-hmacsha256-signature")
            && d.contains("matches"),
        "{d}"
    );
    // With the SHA-256 header beside it, that one decides.
    let sha256 = B64.encode(hmac256(key.as_bytes(), format!("{url}{body}").as_bytes()));
    let mut both = c.clone();
    both.set_header("x-square-hmacsha256-signature", sha256);
    let (v, d) = check_at("square", &both, &s, T, Some("https://hooks.example.com"));
    assert_eq!(v, Verdict::Valid, "{d}");
}

/// Every provider names the SDK (and version where read) that decides, or what decides
/// where there is none; `providers --json` carries it.
#[test]
fn every_provider_names_what_decides() {
    for p in verify::providers() {
        assert!(!p.sdk.trim().is_empty(), "{} has no sdk", p.id);
    }
    let json = serde_json::to_value(verify::providers()).unwrap();
    assert!(json[0]["sdk"].is_string());
}

/// @octokit/webhooks-methods (node) compares the whole `sha256=<hex>` string, and
/// python slack_sdk the whole `v0=<hex>`: the prefix in another case is a mismatch too.
#[test]
fn the_prefix_is_part_of_the_text_the_sdk_compares() {
    for (id, secret, header) in [
        ("github", "gh", "x-hub-signature-256"),
        ("slack", "sl", "x-slack-signature"),
    ] {
        let mut c = cap("/h", &[("content-type", "application/json")], r#"{"a":1}"#);
        verify::sign(id, secret, &mut c, T, None).unwrap();
        let v = c.header(header).unwrap().to_string();
        let (prefix, hex) = v.split_once('=').unwrap();
        c.set_header(header, format!("{}={hex}", prefix.to_ascii_uppercase()));
        let (verdict, d) = check(id, &c, &secrets(id, &[secret]));
        assert_eq!(verdict, Verdict::Invalid, "{id}: {d}");
    }
}

/// @shopify/shopify-api 13.1.0 also validates Shopify Events, signed in
/// `shopify-hmac-sha256` with the same base64 HMAC of the body.
#[test]
fn shopify_events_header_verifies() {
    let body = r#"{"id":1,"topic":"orders/create"}"#;
    let sig = B64.encode(hmac256(b"shpss_secret", body.as_bytes()));
    let c = cap("/shop", &[("shopify-hmac-sha256", &sig)], body);
    let s = secrets("shopify", &["shpss_secret"]);
    let (v, d) = check("shopify", &c, &s);
    assert_eq!(v, Verdict::Valid, "{d}");
    let detected = verify::verify(
        &c,
        &s,
        &Context {
            now: T,
            public_url: None,
            provider: None,
        },
    )
    .expect("detected by its header");
    assert_eq!(detected.provider, "shopify");
    assert_eq!(
        check("shopify", &c, &secrets("shopify", &["other"])).0,
        Verdict::Invalid
    );
}

/// @paddle/paddle-node-sdk 3.8.0 WebhooksValidator: each `h1=` pair overwrites the one
/// before, so only the last h1 is compared (`===`, hex text); now > ts + 5 s fails.
#[test]
fn paddle_compares_only_the_last_h1() {
    let body = r#"{"event_type":"transaction.completed"}"#;
    let good = hex::encode(hmac256(b"pdl_ntfset_k", format!("{T}:{body}").as_bytes()));
    let bad = "0".repeat(64);
    let s = secrets("paddle", &["pdl_ntfset_k"]);
    let with = |h: String| cap("/p", &[("paddle-signature", &h)], body);
    let (v, d) = check("paddle", &with(format!("ts={T};h1={bad};h1={good}")), &s);
    assert_eq!(v, Verdict::Valid, "{d}");
    let (v, d) = check("paddle", &with(format!("ts={T};h1={good};h1={bad}")), &s);
    assert_eq!(v, Verdict::Invalid, "{d}");
    let (v, d) = check_at(
        "paddle",
        &with(format!("ts={T};h1={good}")),
        &s,
        T + 6,
        None,
    );
    assert_eq!(v, Verdict::Expired, "{d}");
}

/// go-pagerduty webhookv3 hex-decodes each `v1=` entry and compares bytes (hmac.Equal):
/// upper-case hex is valid there, unlike the text-comparing SDKs.
#[test]
fn pagerduty_decodes_hex_so_case_does_not_matter() {
    let body = r#"{"event":{"event_type":"incident.triggered"}}"#;
    let sig = hex::encode(hmac256(b"pd-secret", body.as_bytes())).to_ascii_uppercase();
    let header = format!("v1={},v1={}", "0".repeat(64), sig);
    let c = cap("/pd", &[("x-pagerduty-signature", &header)], body);
    let (v, d) = check("pagerduty", &c, &secrets("pagerduty", &["pd-secret"]));
    assert_eq!(v, Verdict::Valid, "{d}");
}

/// openai-node 7.5.0 verifyWebhookSignature: an entry without `v1,` is tried as is, the
/// signature is compared as decoded bytes, and a secret without `whsec_` is the key as text.
#[test]
fn openai_takes_bare_entries_and_text_secrets() {
    let body = r#"{"type":"response.completed"}"#;
    let msg = format!("wh_1.{T}.{body}");
    let text_key = "plain-text-secret";
    let sig = B64.encode(hmac256(text_key.as_bytes(), msg.as_bytes()));
    let ts = T.to_string();
    let c = cap(
        "/oa",
        &[
            ("webhook-id", "wh_1"),
            ("webhook-timestamp", &ts),
            ("webhook-signature", &sig),
        ],
        body,
    );
    let (v, d) = check("openai", &c, &secrets("openai", &[text_key]));
    assert_eq!(v, Verdict::Valid, "{d}");
    // The same request is not valid for a plain Standard Webhooks receiver.
    let std = check(
        "standard-webhooks",
        &c,
        &secrets("standard-webhooks", &["whsec_cGxhaW4="]),
    );
    assert_ne!(std.0, Verdict::Valid, "{}", std.1);
    let (_, d) = check_at("openai", &c, &secrets("openai", &[text_key]), T + 301, None);
    assert!(d.contains("matched but"), "{d}");
}
