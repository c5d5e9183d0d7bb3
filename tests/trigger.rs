//! `hookcli trigger` through the real binary, against a real dev server on 127.0.0.1: each
//! signature is checked twice, by hookcli's own `verify` and by an HMAC recomputed here.

mod common;

use assert_cmd::Command;
use base64::Engine as _;
use common::{DevServer, Seen};
use hmac::{Hmac, Mac as _};
use sha2::Sha256;
use std::path::{Path, PathBuf};
use std::process::Output;

/// A private working dir, home, config dir and store, and no HOOKCLI_* from outside.
struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Sandbox {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("config")).unwrap();
        Sandbox { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::cargo_bin("hookcli").unwrap();
        for (k, _) in std::env::vars() {
            if k.starts_with("HOOKCLI_") {
                c.env_remove(k);
            }
        }
        c.current_dir(self.path())
            .env("HOME", self.path())
            .env("XDG_CONFIG_HOME", self.path().join("config"))
            .env("HOOKCLI_HOME", self.path().join("store"))
            .args(args);
        c
    }

    fn write(&self, rel: &str, text: &str) -> PathBuf {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p
    }
}

/// Run off the async runtime, so the dev server keeps serving meanwhile.
async fn run(mut c: Command) -> Output {
    tokio::task::spawn_blocking(move || c.output().unwrap())
        .await
        .unwrap()
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn header<'a>(s: &'a Seen, name: &str) -> &'a str {
    s.headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no {name} header in {:?}", s.headers))
}

fn hmac256(key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    let mut m = Hmac::<Sha256>::new_from_slice(key).unwrap();
    for p in parts {
        m.update(p);
    }
    m.finalize().into_bytes().to_vec()
}

/// Trigger one event at the dev server, then have `hookcli verify` judge the stored copy.
async fn trigger_and_verify(
    sb: &Sandbox,
    dev: &mut DevServer,
    provider: &str,
    event: &str,
    secret: &str,
) -> Seen {
    let pair = format!("{provider}={secret}");
    let to = dev.url();
    let out = run(sb.cmd(&["trigger", provider, event, "--to", &to, "--secret", &pair])).await;
    let line = ok(&out);
    assert!(line.contains(event) && line.contains("signed"), "{line}");
    let seen = dev.next().await;
    let out = run(sb.cmd(&["verify", "last", "--secret", &pair])).await;
    let verdict = ok(&out);
    assert!(verdict.contains("valid"), "{verdict}");
    seen
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stripe_github_slack_shopify_events_pass_hookcli_and_an_independent_hmac() {
    let sb = Sandbox::new();
    let mut dev = DevServer::start().await;

    let s = trigger_and_verify(
        &sb,
        &mut dev,
        "stripe",
        "payment_intent.succeeded",
        "whsec_test",
    )
    .await;
    let sig = header(&s, "stripe-signature");
    let t = sig.split(',').find_map(|p| p.strip_prefix("t=")).unwrap();
    let v1 = sig.split(',').find_map(|p| p.strip_prefix("v1=")).unwrap();
    assert_eq!(
        v1,
        hex::encode(hmac256(b"whsec_test", &[t.as_bytes(), b".", &s.body]))
    );
    let body: serde_json::Value = serde_json::from_slice(&s.body).unwrap();
    assert_eq!(body["type"], "payment_intent.succeeded");
    assert!(body["id"].as_str().unwrap().starts_with("evt_"));
    assert_eq!(body["data"]["object"]["object"], "payment_intent");
    assert!(header(&s, "user-agent").starts_with("Stripe/"));

    let s = trigger_and_verify(&sb, &mut dev, "github", "push", "gh-secret").await;
    assert_eq!(
        header(&s, "x-hub-signature-256"),
        format!("sha256={}", hex::encode(hmac256(b"gh-secret", &[&s.body])))
    );
    assert_eq!(header(&s, "x-github-event"), "push");
    assert_eq!(header(&s, "x-github-delivery").len(), 36);
    assert!(header(&s, "user-agent").starts_with("GitHub-Hookshot/"));

    let s = trigger_and_verify(&sb, &mut dev, "github", "pull_request.opened", "gh-secret").await;
    assert_eq!(
        header(&s, "x-github-event"),
        "pull_request",
        "the header names the event, not the action"
    );

    let s = trigger_and_verify(&sb, &mut dev, "slack", "app_mention", "slack-secret").await;
    let ts = header(&s, "x-slack-request-timestamp");
    let base = [b"v0:", ts.as_bytes(), b":", &s.body[..]];
    assert_eq!(
        header(&s, "x-slack-signature"),
        format!("v0={}", hex::encode(hmac256(b"slack-secret", &base)))
    );

    let s = trigger_and_verify(&sb, &mut dev, "shopify", "orders/create", "shop-secret").await;
    assert_eq!(
        header(&s, "x-shopify-hmac-sha256"),
        base64::engine::general_purpose::STANDARD.encode(hmac256(b"shop-secret", &[&s.body]))
    );
    assert_eq!(header(&s, "x-shopify-topic"), "orders/create");
    assert!(header(&s, "x-shopify-webhook-id").len() == 36);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fresh_ids_each_time_and_the_capture_is_origin_trigger() {
    let sb = Sandbox::new();
    let mut dev = DevServer::start().await;
    let a = trigger_and_verify(&sb, &mut dev, "github", "issues.opened", "s").await;
    let b = trigger_and_verify(&sb, &mut dev, "github", "issues.opened", "s").await;
    assert_ne!(
        header(&a, "x-github-delivery"),
        header(&b, "x-github-delivery")
    );
    let out = run(sb.cmd(&["show", "last"])).await;
    let shown: serde_json::Value = serde_json::from_str(&ok(&out)).unwrap();
    assert_eq!(shown["origin"], "trigger");
}

#[test]
fn list_shows_at_least_60_events_over_12_providers() {
    let sb = Sandbox::new();
    let out = sb.cmd(&["trigger", "--list"]).output().unwrap();
    let text = ok(&out);
    let rows: Vec<(&str, &str)> = text
        .lines()
        .map(|l| {
            let mut w = l.split_whitespace();
            (w.next().unwrap(), w.next().unwrap())
        })
        .collect();
    let mut providers: Vec<&str> = rows.iter().map(|r| r.0).collect();
    providers.dedup();
    assert!(rows.len() >= 60, "{} events", rows.len());
    assert!(providers.len() >= 12, "{providers:?}");
    for want in [
        "stripe",
        "github",
        "gitlab",
        "slack",
        "shopify",
        "twilio",
        "svix",
        "standard-webhooks",
        "paddle",
        "linear",
        "discord",
        "sendgrid",
        "square",
    ] {
        assert!(providers.contains(&want), "{want} missing");
    }
    assert!(rows.contains(&("shopify", "orders/create")));
    let one = ok(&sb.cmd(&["trigger", "--list", "stripe"]).output().unwrap());
    assert!(one.lines().all(|l| l.starts_with("stripe ")), "{one}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn set_changes_a_field_and_body_file_replaces_the_body() {
    let sb = Sandbox::new();
    let mut dev = DevServer::start().await;
    let to = dev.url();
    let out = run(sb.cmd(&[
        "trigger",
        "stripe",
        "payment_intent.succeeded",
        "--to",
        &to,
        "--no-store",
        "--set",
        "data.object.amount=5000",
        "--set",
        "data.object.metadata.order=A-17",
    ]))
    .await;
    ok(&out);
    let s = dev.next().await;
    let body: serde_json::Value = serde_json::from_slice(&s.body).unwrap();
    assert_eq!(body["data"]["object"]["amount"], 5000);
    assert_eq!(body["data"]["object"]["metadata"]["order"], "A-17");

    let file = sb.write("mine.json", "{\"hello\": \"exactly these bytes\"}\n");
    let at = format!("@{}", file.display());
    let out = run(sb.cmd(&[
        "trigger",
        "github",
        "push",
        "--to",
        &to,
        "--no-store",
        "--body",
        &at,
        "--secret",
        "github=k",
    ]))
    .await;
    ok(&out);
    let s = dev.next().await;
    assert_eq!(&s.body[..], b"{\"hello\": \"exactly these bytes\"}\n");
    assert_eq!(header(&s, "x-github-event"), "push");
    assert_eq!(
        header(&s, "x-hub-signature-256"),
        format!("sha256={}", hex::encode(hmac256(b"k", &[&s.body])))
    );

    let out = run(sb.cmd(&[
        "trigger",
        "stripe",
        "payment_intent.succeeded",
        "--to",
        &to,
        "--set",
        "data.object.payment_method_types.5=x",
    ]))
    .await;
    assert_eq!(
        out.status.code(),
        Some(2),
        "a bad --set path is a usage error"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_event_file_joins_the_catalog() {
    let sb = Sandbox::new();
    sb.write(
        ".hookcli/events/billing.json",
        r#"{"provider": "stripe", "events": [{"event": "acme.invoice.finalized",
            "description": "our own", "headers": {"x-acme": "{{uuid}}"},
            "body": {"id": "{{id:evt_}}", "type": "{{event}}", "created": "{{now}}"}}]}"#,
    );
    let listed = ok(&run(sb.cmd(&["trigger", "--list", "stripe"])).await);
    assert!(
        listed.contains("acme.invoice.finalized") && listed.contains("billing.json"),
        "{listed}"
    );
    let mut dev = DevServer::start().await;
    let s = trigger_and_verify(&sb, &mut dev, "stripe", "acme.invoice.finalized", "whsec_u").await;
    let body: serde_json::Value = serde_json::from_slice(&s.body).unwrap();
    assert_eq!(body["type"], "acme.invoice.finalized");
    assert!(body["created"].is_u64());
    assert_eq!(header(&s, "x-acme").len(), 36);
    assert!(
        header(&s, "user-agent").starts_with("Stripe/"),
        "the provider's headers still apply"
    );

    sb.write(
        ".hookcli/events/broken.json",
        "{\"provider\": \"stripe\", \"event\": 7}",
    );
    let out = run(sb.cmd(&["trigger", "--list"])).await;
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        err.starts_with("hookcli: error: bad event file") && err.contains("broken.json"),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_to_it_goes_to_the_configured_listen_port_signed_from_config() {
    let sb = Sandbox::new();
    let mut dev = DevServer::start().await;
    sb.write(
        ".hookcli.toml",
        &format!(
            "[listen]\nport = {}\n\n[secrets]\nshopify = \"from-config\"\n",
            dev.addr.port()
        ),
    );
    let out = run(sb.cmd(&["trigger", "shopify", "products/create", "--no-store"])).await;
    ok(&out);
    let s = dev.next().await;
    assert_eq!(
        header(&s, "x-shopify-hmac-sha256"),
        base64::engine::general_purpose::STANDARD.encode(hmac256(b"from-config", &[&s.body]))
    );
    // `sign` finds the same secret, and adds the provider's other headers.
    let out = run(sb.cmd(&["sign", "--provider", "shopify", "--event", "orders/paid"])).await;
    let c: serde_json::Value = serde_json::from_str(&ok(&out)).unwrap();
    let headers = c["headers"].as_array().unwrap();
    let has = |k: &str, v: &str| {
        headers
            .iter()
            .any(|h| h[0] == k && (v.is_empty() || h[1] == v))
    };
    assert!(has("x-shopify-topic", "orders/paid"), "{headers:?}");
    assert!(has("x-shopify-hmac-sha256", ""));
    let out = run(sb.cmd(&["sign", "--provider", "shopify", "--no-extra-headers"])).await;
    assert!(!ok(&out).contains("x-shopify-topic"));
}

#[test]
fn a_svix_secret_that_is_not_base64_fails_at_startup_in_one_line() {
    let sb = Sandbox::new();
    let bad = "svix=whsec_this is not base64!";
    for args in [
        vec![
            "trigger",
            "svix",
            "user.signup",
            "--to",
            "127.0.0.1:9",
            "--secret",
            bad,
        ],
        vec!["listen", "--port", "0", "--no-tui", "--secret", bad],
    ] {
        let out = sb.cmd(&args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with("hookcli: error: the svix secret"), "{err}");
        assert!(err.contains("whsec_") && err.contains("base64"), "{err}");
        assert!(
            !err.contains("not base64!"),
            "the secret is never echoed: {err}"
        );
    }
    let out = sb
        .cmd(&["send", "--provider", "svix", "--to", "127.0.0.1:9"])
        .env("HOOKCLI_SECRET_SVIX", "whsec_%%%")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.starts_with("hookcli: error: the svix secret"), "{err}");
}

/// Every built-in event of a shared-secret provider, signed as `trigger` signs it, is
/// `valid` to hookcli's verify (URL-signing providers told the URL they signed).
#[test]
fn every_builtin_event_signs_and_verifies() {
    use hookcli::capture::{Capture, Origin, Verdict};
    use hookcli::trigger::{Catalog, render};
    use hookcli::verify::{Context, Secrets};
    let catalog = Catalog::builtin();
    let now = time::OffsetDateTime::now_utc();
    let public = "http://127.0.0.1:9999";
    let mut checked = 0;
    for ev in &catalog.events {
        let (seed, public_key) = key_pair(&ev.provider);
        let secret = match ev.provider.as_str() {
            "discord" | "sendgrid" => seed.as_str(),
            p if hookcli::secret_form::expected(p).is_some_and(|f| f.contains("whsec_")) => {
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
            }
            _ => "a-shared-secret",
        };
        let r = render::render(ev, catalog.headers(&ev.provider), &[], now).unwrap();
        let mut c = Capture::new(Origin::Trigger, "POST", "/hooks/in");
        c.headers = r.headers;
        c.body_size = r.body.len() as u64;
        c.body = r.body.into();
        hookcli::verify::sign(
            &ev.provider,
            secret,
            &mut c,
            now.unix_timestamp(),
            Some(public),
        )
        .unwrap();
        let mut secrets = Secrets::new();
        secrets.add(&ev.provider, public_key.as_deref().unwrap_or(secret));
        let ctx = Context {
            now: now.unix_timestamp(),
            public_url: Some(public),
            provider: Some(&ev.provider),
        };
        let sig = hookcli::verify::verify(&c, &secrets, &ctx).unwrap();
        assert_eq!(
            sig.verdict,
            Verdict::Valid,
            "{} {}: {sig:?}",
            ev.provider,
            ev.name
        );
        checked += 1;
    }
    assert!(checked >= 90, "{checked}");
}

/// Key-pair providers sign with a private key and verify with its public one:
/// (the private key as `trigger --secret` takes it, the public key as `listen` does).
fn key_pair(provider: &str) -> (String, Option<String>) {
    match provider {
        "discord" => {
            let k = ed25519_dalek::SigningKey::from_bytes(&[0x11; 32]);
            (
                hex::encode([0x11; 32]),
                Some(hex::encode(k.verifying_key().to_bytes())),
            )
        }
        "sendgrid" => {
            use p256::pkcs8::EncodePublicKey as _;
            let k = p256::SecretKey::from_slice(&[0x22; 32]).unwrap();
            let der = k.public_key().to_public_key_der().unwrap();
            let b64 = base64::engine::general_purpose::STANDARD.encode(der.as_bytes());
            (hex::encode([0x22; 32]), Some(b64))
        }
        _ => (String::new(), None),
    }
}
