//! Deliveries as providers make them (issue 21): delivery ids and attempts, handlers slower
//! than the provider waits, and `--retries` against a real dev server that is slow, fails
//! twice then succeeds, or never succeeds, and counts what it got.

mod common;

use bytes::Bytes;
use common::{Hook, forwarding, send};
use hookcli::capture::{Capture, Origin};
use hookcli::event::Event;
use hookcli::pipeline::Config;
use http::{Request, Response, StatusCode};
use http_body_util::{BodyExt as _, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::mpsc;

const SVIX_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/// A dev server that answers by path: `/slow` after 3.5 s, `/flaky` 500 twice then 200,
/// `/fail` always 503, anything else 200. It counts requests and reports their headers.
struct Dev {
    port: u16,
    count: Arc<AtomicUsize>,
    seen: mpsc::UnboundedReceiver<Vec<(String, String)>>,
}

impl Dev {
    async fn start() -> Dev {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let count = Arc::new(AtomicUsize::new(0));
        let flaky = Arc::new(AtomicUsize::new(0));
        let (tx, seen) = mpsc::unbounded_channel();
        let c = Arc::clone(&count);
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (tx, c, flaky) = (tx.clone(), Arc::clone(&c), Arc::clone(&flaky));
                tokio::spawn(async move {
                    let svc = service_fn(move |req: Request<Incoming>| {
                        let (tx, c, flaky) = (tx.clone(), Arc::clone(&c), Arc::clone(&flaky));
                        async move {
                            let (parts, body) = req.into_parts();
                            let _ = body.collect().await;
                            c.fetch_add(1, Ordering::SeqCst);
                            let path = parts.uri.path().to_string();
                            let status = match path.as_str() {
                                "/slow" => {
                                    // The handler's own work, not synchronisation.
                                    tokio::time::sleep(Duration::from_millis(3500)).await;
                                    200
                                }
                                "/flaky" if flaky.fetch_add(1, Ordering::SeqCst) < 2 => 500,
                                "/fail" => 503,
                                _ => 200,
                            };
                            let _ = tx.send(hookcli::http::header_pairs(&parts.headers));
                            let mut resp = Response::new(Full::new(Bytes::from("ok")));
                            *resp.status_mut() = StatusCode::from_u16(status).unwrap();
                            Ok::<_, std::convert::Infallible>(resp)
                        }
                    });
                    let _ = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new())
                        .serve_connection(TokioIo::new(stream), svc)
                        .await;
                });
            }
        });
        Dev { port, count, seen }
    }

    fn url(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }
}

fn with_secret(dev: &Dev, provider: &str, secret: &str, speed: Option<u32>) -> Config {
    let mut config = forwarding(&[dev.url()]);
    config.secrets.add(provider, secret);
    config.retry_speed = speed;
    config
}

/// A request signed as `provider` at `at`, sent to `path` on the listener.
async fn deliver(hook: &Hook, provider: &str, secret: &str, path: &str, body: &str, at: i64) {
    let mut c = Capture::new(Origin::Local, "POST", path);
    c.headers = vec![("content-type".into(), "application/json".into())];
    c.body = Bytes::from(body.to_string());
    hookcli::verify::sign(provider, secret, &mut c, at, None).unwrap();
    if provider == "github" {
        c.set_header("x-github-delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958");
    }
    let headers: Vec<(&str, &str)> = c
        .headers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    send("POST", &hook.url(path), &headers, c.body.clone()).await;
}

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

#[tokio::test]
async fn two_deliveries_of_one_github_event_are_attempts_1_and_2() {
    let dev = Dev::start().await;
    let mut hook = Hook::start(with_secret(&dev, "github", "gh-secret", None)).await;
    let body = r#"{"action":"opened"}"#;
    deliver(&hook, "github", "gh-secret", "/gh", body, now()).await;
    let first = hook.complete().await;
    deliver(&hook, "github", "gh-secret", "/gh", body, now()).await;
    let second = hook.complete().await;
    let id = "72d3162e-cc78-11e3-81ab-4c9367dc0958";
    assert_eq!(first.delivery_id.as_deref(), Some(id));
    assert_eq!(second.delivery_id.as_deref(), Some(id));
    assert_eq!((first.attempt, second.attempt), (Some(1), Some(2)));
    assert_eq!(second.budget_ms, Some(10_000));
    assert_eq!(dev.count.load(Ordering::SeqCst), 2);
    colored::control::set_override(false);
    let line = hookcli::output::line(&second);
    assert!(line.contains(&format!("↻ 2nd delivery of {id}")), "{line}");
    assert!(!hookcli::output::line(&first).contains('↻'));
    // The store answers the same, and the filters find the repeat.
    let json: serde_json::Value = serde_json::from_str(&second.to_json()).unwrap();
    assert_eq!(json["attempt"], 2);
    assert_eq!(json["delivery_id"], id);
    let store = hookcli::store::Store::open(hook.store_dir.path()).unwrap();
    let f = hookcli::filter::Filter::parse(&format!("delivery:{id} attempt:>1")).unwrap();
    let found = store.newest(10, Some(&f)).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].id, second.id);
}

#[tokio::test]
async fn a_slack_request_answered_in_3_5_s_is_over_budget() {
    let dev = Dev::start().await;
    let mut hook = Hook::start(with_secret(&dev, "slack", "slack-secret", None)).await;
    let body = r#"{"type":"event_callback","event_id":"Ev01ABC"}"#;
    deliver(&hook, "slack", "slack-secret", "/slow", body, now()).await;
    let c = hook.complete().await;
    assert_eq!(c.delivery_id.as_deref(), Some("Ev01ABC"));
    assert_eq!(c.budget_ms, Some(3000));
    colored::control::set_override(false);
    let line = hookcli::output::line(&c);
    assert!(
        line.contains("⏱ 3.5 s > slack 3 s: Slack would retry"),
        "{line}"
    );
    assert!(hookcli::filter::Filter::parse("slow").unwrap().matches(&c));
    let store = hookcli::store::Store::open(hook.store_dir.path()).unwrap();
    let slow = hookcli::filter::Filter::parse("slow").unwrap();
    assert_eq!(store.newest(10, Some(&slow)).unwrap().len(), 1);
}

/// Complete captures until `n` arrived, and the warnings seen meanwhile.
async fn collect(hook: &mut Hook, n: usize) -> (Vec<Arc<Capture>>, Vec<String>) {
    let mut caps = Vec::new();
    let mut warnings = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while caps.len() < n || (n == 8 && warnings.is_empty()) {
        match tokio::time::timeout_at(deadline, hook.events.recv()).await {
            Ok(Some(Event::Capture {
                capture,
                complete: true,
                ..
            })) => caps.push(capture),
            Ok(Some(Event::Warning(w))) => warnings.push(w),
            Ok(Some(_)) => {}
            _ => panic!("only {} of {n} captures arrived: {warnings:?}", caps.len()),
        }
    }
    (caps, warnings)
}

#[tokio::test]
async fn retries_redeliver_a_standard_webhooks_request_until_it_succeeds() {
    let mut dev = Dev::start().await;
    let config = with_secret(&dev, "standard-webhooks", SVIX_SECRET, Some(1000));
    let mut hook = Hook::start(config).await;
    // Signed a minute ago: each retry must carry a signature of its own.
    deliver(
        &hook,
        "standard-webhooks",
        SVIX_SECRET,
        "/flaky",
        r#"{"type":"invoice.paid"}"#,
        now() - 60,
    )
    .await;
    let (caps, _) = collect(&mut hook, 3).await;
    let origins: Vec<Origin> = caps.iter().map(|c| c.origin).collect();
    assert_eq!(origins, [Origin::Local, Origin::Retry, Origin::Retry]);
    let ids: Vec<_> = caps
        .iter()
        .map(|c| c.delivery_id.clone().unwrap())
        .collect();
    assert!(ids.iter().all(|i| *i == ids[0]), "{ids:?}");
    let attempts: Vec<_> = caps.iter().map(|c| c.attempt.unwrap()).collect();
    assert_eq!(attempts, [1, 2, 3]);
    let statuses: Vec<_> = caps.iter().map(|c| c.forwards[0].status).collect();
    assert_eq!(statuses, [Some(500), Some(500), Some(200)]);
    // What the dev server got: one webhook-id, the retries signed afresh and valid.
    let mut seen = Vec::new();
    for _ in 0..3 {
        seen.push(dev.seen.recv().await.unwrap());
    }
    let get = |h: &Vec<(String, String)>, k: &str| {
        h.iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap()
    };
    let wid: Vec<_> = seen.iter().map(|h| get(h, "webhook-id")).collect();
    assert!(wid.iter().all(|w| *w == wid[0]));
    let sigs: Vec<_> = seen.iter().map(|h| get(h, "webhook-signature")).collect();
    assert_ne!(sigs[0], sigs[1]);
    assert_ne!(sigs[0], sigs[2]);
    for c in &caps[1..] {
        let s = c.signature.as_ref().unwrap();
        assert_eq!(s.verdict, hookcli::capture::Verdict::Valid, "{}", s.detail);
    }
    assert_eq!(dev.count.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn a_dev_server_that_never_succeeds_ends_the_schedule() {
    let dev = Dev::start().await;
    let config = with_secret(&dev, "standard-webhooks", SVIX_SECRET, Some(1_000_000));
    let mut hook = Hook::start(config).await;
    deliver(
        &hook,
        "standard-webhooks",
        SVIX_SECRET,
        "/fail",
        "{}",
        now(),
    )
    .await;
    // The first delivery and the seven retries of the schedule, then a word, then nothing.
    let (caps, warnings) = collect(&mut hook, 8).await;
    assert_eq!(caps.len(), 8);
    assert_eq!(caps[7].attempt, Some(8));
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("retry schedule ended") && w.contains(&caps[7].id)),
        "{warnings:?}"
    );
    assert_eq!(dev.count.load(Ordering::SeqCst), 8);
    assert_eq!(hook.pipeline.retrier.stop(), 0, "nothing left pending");
}

#[tokio::test]
async fn replay_times_3_concurrent_reaches_the_dev_server_three_times() {
    let dev = Dev::start().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.json");
    let mut c = Capture::new(Origin::Local, "POST", "/ok");
    c.body = Bytes::from_static(b"{\"id\":\"evt_1\"}");
    std::fs::write(&file, c.to_json()).unwrap();
    let to = dev.url();
    let file_arg = file.display().to_string();
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_hookcli"))
            .args([
                "replay",
                &file_arg,
                "--to",
                &to,
                "--times",
                "3",
                "--concurrent",
            ])
            .arg("--no-store")
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert_eq!(dev.count.load(Ordering::SeqCst), 3);
    for i in 1..=3 {
        assert!(stdout.contains(&format!("attempt {i}/3 → ")), "{stdout}");
    }
    assert!(
        stderr.contains("3 deliveries of") && stderr.contains("at once: every answer identical"),
        "{stderr}"
    );
}
