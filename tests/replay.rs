//! Replay, sign, send, verify, export and import through the real binary, against a real
//! dev server on 127.0.0.1.

mod common;

use common::{DevServer, noise};
use hookcli::capture::{Capture, Origin, Verdict};
use hookcli::store::Store;
use std::path::Path;
use std::process::Output;

/// Run the binary off the async runtime (the dev server keeps serving meanwhile).
async fn run(args: Vec<String>, stdin: Option<Vec<u8>>, env: Vec<(String, String)>) -> Output {
    tokio::task::spawn_blocking(move || {
        use std::io::Write as _;
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_hookcli"));
        cmd.args(&args)
            .env_remove("VISUAL")
            .env_remove("EDITOR")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().unwrap();
        let mut input = child.stdin.take().unwrap();
        if let Some(data) = stdin {
            input.write_all(&data).unwrap();
        }
        drop(input);
        child.wait_with_output().unwrap()
    })
    .await
    .unwrap()
}

fn args(list: &[&str], store: &Path) -> Vec<String> {
    let mut v: Vec<String> = list.iter().map(|s| s.to_string()).collect();
    v.push("--store".into());
    v.push(store.display().to_string());
    v
}

fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        o.status,
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A stored capture as if it had been forwarded to `dev` when it arrived.
fn seed(store: &Path, dev: &DevServer, url: &str, body: &[u8]) -> Capture {
    let mut c = Capture::new(Origin::Local, "POST", url);
    c.headers = vec![
        ("content-type".into(), "application/octet-stream".into()),
        ("x-seed".into(), "1".into()),
    ];
    c.body = bytes::Bytes::copy_from_slice(body);
    c.body_size = body.len() as u64;
    c.forwards.push(hookcli::capture::Forward {
        target: format!("http://{}{url}", dev.url()),
        status: Some(201),
        ..Default::default()
    });
    Store::open(store).unwrap().append(&c).unwrap();
    c
}

#[tokio::test(flavor = "multi_thread")]
async fn replay_by_id_prefix_last_file_and_stdin_is_byte_exact() {
    let mut dev = DevServer::start().await;
    let store = tempfile::tempdir().unwrap();
    let body = noise(70_000, 3);
    let c = seed(store.path(), &dev, "/hooks/bin?x=1", &body);

    for key in [c.id.clone(), c.id[..].to_lowercase(), "last".into()] {
        let out = ok(&run(args(&["replay", &key], store.path()), None, vec![]).await);
        assert!(out.contains("→ 201"), "{out}");
        let seen = dev.next().await;
        assert_eq!(seen.uri, "/hooks/bin?x=1");
        assert!(seen.body == body, "replayed body differs");
        assert!(seen.headers.contains(&("x-seed".into(), "1".into())));
    }
    // From a file and from stdin, to an explicit target.
    let file = store.path().join("one.json");
    std::fs::write(&file, c.to_json()).unwrap();
    let to = dev.url();
    ok(&run(
        args(
            &["replay", file.to_str().unwrap(), "--to", &to],
            store.path(),
        ),
        None,
        vec![],
    )
    .await);
    assert!(dev.next().await.body == body);
    ok(&run(
        args(&["replay", "-", "--to", &to], store.path()),
        Some(c.to_json().into_bytes()),
        vec![],
    )
    .await);
    assert!(dev.next().await.body == body);

    // Every replay is itself a stored capture pointing back at what it replayed (`last`
    // was the previous replay by then).
    let all = Store::open(store.path())
        .unwrap()
        .load(None)
        .unwrap()
        .captures;
    assert_eq!(all.len(), 6);
    assert!(all[1..].iter().all(|r| r.origin == Origin::Replay));
    assert_eq!(all[1].replay_of.as_deref(), Some(c.id.as_str()));
    assert_eq!(all[2].replay_of.as_deref(), Some(c.id.as_str()));
    assert_eq!(all[3].replay_of.as_deref(), Some(all[2].id.as_str()));
}

#[tokio::test(flavor = "multi_thread")]
async fn header_method_and_body_edits_apply() {
    let mut dev = DevServer::start().await;
    let store = tempfile::tempdir().unwrap();
    seed(store.path(), &dev, "/e", b"old body");
    let out = run(
        args(
            &[
                "replay",
                "last",
                "-H",
                "x-seed: 2",
                "-H",
                "x-new: y",
                "--method",
                "put",
                "--body",
                "new body!",
            ],
            store.path(),
        ),
        None,
        vec![],
    )
    .await;
    ok(&out);
    let seen = dev.next().await;
    assert_eq!(seen.method, "PUT");
    assert_eq!(seen.body, "new body!");
    assert!(seen.headers.contains(&("x-seed".into(), "2".into())));
    assert!(seen.headers.contains(&("x-new".into(), "y".into())));
    assert!(
        seen.headers
            .contains(&("content-length".into(), "9".into())),
        "length follows the edit"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn edit_reopens_on_invalid_json_and_sends_the_fixed_request() {
    let mut dev = DevServer::start().await;
    let store = tempfile::tempdir().unwrap();
    seed(store.path(), &dev, "/edit", b"before");
    // A scripted editor: the first run breaks the JSON, the second fixes it and edits the body.
    let script = store.path().join("editor.sh");
    let count = store.path().join("count");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nf=\"$1\"\nif [ ! -e {c} ]; then touch {c}; echo '{{broken' > \"$f\"; exit 0; fi\n\
             grep -q '^// hookcli: not a valid capture' \"$f\" || exit 3\n\
             printf '%s\\n' '{{\"method\":\"PATCH\",\"url\":\"/edited\",\"body\":\"after\"}}' > \"$f\"\n",
            c = count.display()
        ),
    )
    .unwrap();
    let out = run(
        args(
            &["replay", "last", "--edit", "--to", &dev.url()],
            store.path(),
        ),
        None,
        vec![("EDITOR".into(), format!("sh {}", script.display()))],
    )
    .await;
    ok(&out);
    let seen = dev.next().await;
    assert_eq!(seen.method, "PATCH");
    assert_eq!(seen.uri, "/edited");
    assert_eq!(seen.body, "after");

    // An emptied file aborts: nothing is sent, exit 1.
    let empty = store.path().join("empty.sh");
    std::fs::write(&empty, "#!/bin/sh\n: > \"$1\"\n").unwrap();
    let out = run(
        args(
            &["replay", "last", "--edit", "--to", &dev.url()],
            store.path(),
        ),
        None,
        vec![("EDITOR".into(), format!("sh {}", empty.display()))],
    )
    .await;
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing sent"));
}

#[tokio::test(flavor = "multi_thread")]
async fn resign_makes_an_old_event_pass_verification_now() {
    for (provider, secret) in [
        ("stripe", "whsec_resign_test"),
        ("slack", "8f742231b10e8888abcd99yyyzzz85a5"),
        (
            "standard-webhooks",
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        ),
    ] {
        let mut dev = DevServer::start().await;
        let store = tempfile::tempdir().unwrap();
        let secret_arg = format!("{provider}={secret}");
        // Signed a day ago: a replay as is would be expired.
        let day_ago = (time::OffsetDateTime::now_utc().unix_timestamp() - 86_400).to_string();
        let signed = ok(&run(
            args(
                &[
                    "sign",
                    "--provider",
                    provider,
                    "--secret",
                    secret,
                    "--body",
                    r#"{"event":"x"}"#,
                    "--at",
                    &day_ago,
                ],
                store.path(),
            )
            .into_iter()
            .filter(|a| !a.starts_with("--store") && !a.starts_with('/'))
            .collect(),
            None,
            vec![],
        )
        .await);
        let old = Capture::from_json(signed.trim()).unwrap();
        let mut secrets = hookcli::verify::Secrets::new();
        secrets.add(provider, secret);
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let ctx = hookcli::verify::Context {
            now,
            ..Default::default()
        };
        assert_eq!(
            hookcli::verify::verify(&old, &secrets, &ctx)
                .unwrap()
                .verdict,
            Verdict::Expired,
            "{provider}"
        );

        ok(&run(
            args(
                &[
                    "replay",
                    "-",
                    "--to",
                    &dev.url(),
                    "--resign",
                    "--secret",
                    &secret_arg,
                ],
                store.path(),
            ),
            Some(signed.into_bytes()),
            vec![],
        )
        .await);
        let seen = dev.next().await;
        let mut got = Capture::new(Origin::Local, seen.method, seen.uri);
        got.headers = seen.headers;
        got.body = seen.body;
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let ctx = hookcli::verify::Context {
            now,
            ..Default::default()
        };
        let v = hookcli::verify::verify(&got, &secrets, &ctx).unwrap();
        assert_eq!(v.verdict, Verdict::Valid, "{provider}: {}", v.detail);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn sign_pipes_into_replay_and_send_delivers() {
    let mut dev = DevServer::start().await;
    let store = tempfile::tempdir().unwrap();
    let signed = ok(&run(
        vec![
            "sign".into(),
            "--provider".into(),
            "github".into(),
            "--secret".into(),
            "s3cret".into(),
            "--body".into(),
            r#"{"zen":"ok"}"#.into(),
        ],
        None,
        vec![],
    )
    .await);
    assert!(
        !signed.contains("s3cret"),
        "the secret never reaches the capture"
    );
    ok(&run(
        args(
            &["replay", "-", "--to", &format!("{}/gh", dev.url())],
            store.path(),
        ),
        Some(signed.into_bytes()),
        vec![],
    )
    .await);
    let seen = dev.next().await;
    assert_eq!(seen.uri, "/gh");
    assert!(
        seen.headers
            .iter()
            .any(|(k, v)| k == "x-hub-signature-256" && v.starts_with("sha256="))
    );

    let out = run(
        args(
            &[
                "send",
                "--provider",
                "stripe",
                "--secret",
                "whsec_x",
                "--to",
                &format!("{}/stripe", dev.url()),
                "--body",
                "{}",
            ],
            store.path(),
        ),
        None,
        vec![],
    )
    .await;
    ok(&out);
    let seen = dev.next().await;
    assert_eq!(seen.uri, "/stripe");
    assert!(seen.headers.iter().any(|(k, _)| k == "stripe-signature"));
    // `verify` agrees with what send stored, given the secret; and says no without it.
    let v = run(
        args(
            &["verify", "last", "--secret", "stripe=whsec_x"],
            store.path(),
        ),
        None,
        vec![],
    )
    .await;
    assert!(
        String::from_utf8_lossy(&v.stdout).contains("stripe valid"),
        "{v:?}"
    );
    let v = run(
        args(
            &["verify", "last", "--secret", "stripe=whsec_other"],
            store.path(),
        ),
        None,
        vec![],
    )
    .await;
    assert_eq!(v.status.code(), Some(1));
}

#[tokio::test(flavor = "multi_thread")]
async fn replay_without_a_target_names_both_ways_out() {
    let store = tempfile::tempdir().unwrap();
    Store::open(store.path())
        .unwrap()
        .append(&Capture::new(Origin::Local, "POST", "/x"))
        .unwrap();
    let out = run(args(&["replay", "last"], store.path()), None, vec![]).await;
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no recorded forward target") && err.contains("--to"),
        "{err}"
    );
    let out = run(args(&["replay"], store.path()), None, vec![]).await;
    assert_eq!(out.status.code(), Some(2));
}

#[tokio::test(flavor = "multi_thread")]
async fn har_export_import_export_is_stable_and_foreign_har_imports() {
    let dev = DevServer::start().await;
    let a = tempfile::tempdir().unwrap();
    seed(a.path(), &dev, "/one", b"{\"a\":1}");
    seed(a.path(), &dev, "/two", &[0, 255, 7]);
    let har1 = ok(&run(args(&["export", "--format", "har"], a.path()), None, vec![]).await);
    let b = tempfile::tempdir().unwrap();
    ok(&run(
        args(&["import", "-"], b.path()),
        Some(har1.clone().into_bytes()),
        vec![],
    )
    .await);
    let har2 = ok(&run(args(&["export", "--format", "har"], b.path()), None, vec![]).await);
    assert_eq!(har1, har2);
    let imported = Store::open(b.path()).unwrap().load(None).unwrap().captures;
    assert_eq!(imported.len(), 2);
    assert!(imported.iter().all(|c| c.origin == Origin::Import));
    assert_eq!(imported[1].body, &[0u8, 255, 7][..]);

    // A browser-style HAR (Chrome's shape, extra fields and all).
    let foreign = include_str!("fixtures/chrome.har");
    let c = tempfile::tempdir().unwrap();
    let out = run(
        args(&["import", "-"], c.path()),
        Some(foreign.as_bytes().to_vec()),
        vec![],
    )
    .await;
    ok(&out);
    let got = Store::open(c.path()).unwrap().load(None).unwrap().captures;
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].method, "POST");
    assert_eq!(got[0].url, "/api/hooks?src=chrome");
    assert_eq!(got[0].body, r#"{"ping":true}"#);
    assert_eq!(got[0].header("content-type"), Some("application/json"));
    assert_eq!(got[1].method, "GET");
    // NDJSON export round-trips too.
    let nd = ok(&run(args(&["export"], c.path()), None, vec![]).await);
    assert_eq!(nd.lines().count(), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn curl_export_run_by_sh_delivers_the_exact_body() {
    let mut dev = DevServer::start().await;
    let store = tempfile::tempdir().unwrap();
    let tricky = "{\"q\":\"it's \\\"quoted\\\"\",\n \"cost\":\"$HOME `id` $(id) \\\\ 100%\",\n \"ü\":\"✓\"}\r\n";
    let c = seed(store.path(), &dev, "/curl?a=1&b=2", tricky.as_bytes());
    let cmd = ok(&run(
        args(
            &["show", &c.id, "--format", "curl", "--to", &dev.url()],
            store.path(),
        ),
        None,
        vec![],
    )
    .await);
    assert!(cmd.starts_with("curl "), "{cmd}");
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("{} -s -o /dev/null", cmd.trim_end()))
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert!(
        out.status.success(),
        "sh ran curl: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let seen = dev.next().await;
    assert_eq!(seen.uri, "/curl?a=1&b=2");
    assert_eq!(
        seen.body,
        tricky.as_bytes(),
        "the body arrives byte for byte"
    );
    assert!(seen.headers.contains(&("x-seed".into(), "1".into())));
}

#[tokio::test(flavor = "multi_thread")]
async fn list_and_export_filter_with_one_grammar() {
    let dev = DevServer::start().await;
    let store = tempfile::tempdir().unwrap();
    seed(store.path(), &dev, "/stripe/a", b"alpha");
    seed(store.path(), &dev, "/github/b", b"beta");
    let listed = ok(&run(
        args(
            &["list", "--json", "--filter", "path:/github"],
            store.path(),
        ),
        None,
        vec![],
    )
    .await);
    let arr: serde_json::Value = serde_json::from_str(&listed).unwrap();
    assert_eq!(arr.as_array().unwrap().len(), 1);
    assert_eq!(arr[0]["url"], "/github/b");
    let nd = ok(&run(
        args(&["export", "--filter", "alpha"], store.path()),
        None,
        vec![],
    )
    .await);
    assert_eq!(nd.lines().count(), 1);
    assert!(nd.contains("/stripe/a"));
    let bad = run(
        args(&["list", "--filter", "status:"], store.path()),
        None,
        vec![],
    )
    .await;
    assert_eq!(bad.status.code(), Some(2));
}
