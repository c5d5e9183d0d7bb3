//! The real binary, as a user or a script runs it.

use assert_cmd::Command;
use predicates::prelude::*;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::process::{Child, Stdio};

fn hookcli() -> Command {
    Command::cargo_bin("hookcli").unwrap()
}

/// Start `hookcli listen` and read the port from its first stderr line.
fn spawn_listen(
    args: &[&str],
    store: &std::path::Path,
) -> (Child, u16, BufReader<std::process::ChildStderr>) {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("hookcli"))
        .args(["listen", "--port", "0", "--store"])
        .arg(store)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut first = String::new();
    err.read_line(&mut first).unwrap();
    let port = first
        .trim()
        .strip_prefix("hookcli: listening on http://127.0.0.1:")
        .unwrap_or_else(|| panic!("unexpected first line {first:?}"))
        .parse()
        .unwrap();
    (child, port, err)
}

/// A minimal HTTP/1.1 POST over a plain socket; returns the raw answer.
fn post(port: u16, path: &str, body: &str) -> String {
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "POST {path} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n\
         content-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

#[test]
fn help_lists_the_commands() {
    hookcli()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("listen").and(predicate::str::contains("show")));
    hookcli()
        .args(["listen", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--forward"));
}

#[test]
fn bad_flags_are_usage_errors_with_exit_2() {
    hookcli().arg("--nope").assert().code(2);
    hookcli()
        .args(["listen", "--forward", "ftp://x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unsupported scheme"));
    hookcli()
        .args(["listen", "--route", "nothing"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("PREFIX=URL"));
    hookcli()
        .args(["listen", "--max-body", "lots"])
        .assert()
        .code(2);
}

#[test]
fn listen_json_prints_one_ndjson_line_per_capture() {
    let store = tempfile::tempdir().unwrap();
    let (mut child, port, _err) = spawn_listen(&["--json"], store.path());
    let answer = post(port, "/webhooks/test?a=1", r#"{"hello":"world"}"#);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    let v: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(v["method"], "POST");
    assert_eq!(v["url"], "/webhooks/test?a=1");
    assert_eq!(v["body"], r#"{"hello":"world"}"#);
    assert_eq!(v["origin"], "local");
    assert_eq!(v["response_status"], 200);
    assert_eq!(v["id"].as_str().unwrap().len(), 26);
}

#[test]
fn list_and_show_find_captures_by_prefix_and_last() {
    let store = tempfile::tempdir().unwrap();
    let (mut child, port, _err) =
        spawn_listen(&["--json", "--respond-status", "204"], store.path());
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut ids = Vec::new();
    for path in ["/first", "/second"] {
        post(port, path, "{}");
        let mut line = String::new();
        out.read_line(&mut line).unwrap();
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        ids.push(v["id"].as_str().unwrap().to_string());
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let dir = store.path().to_str().unwrap();

    hookcli()
        .args(["list", "--store", dir])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("/first")
                .and(predicate::str::contains("/second"))
                .and(predicate::str::contains("204")),
        );
    let listed = hookcli()
        .args(["list", "--json", "--store", dir])
        .output()
        .unwrap();
    let arr: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(arr.as_array().unwrap().len(), 2);
    assert_eq!(arr[0]["id"], ids[0].as_str(), "oldest first");

    hookcli()
        .args(["show", "last", "--store", dir])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"url\": \"/second\""));
    // A unique prefix: the first id differs from the second by its tail.
    let common = ids[0]
        .bytes()
        .zip(ids[1].bytes())
        .take_while(|(a, b)| a == b)
        .count();
    let prefix = &ids[0][..(common + 1).max(4)];
    hookcli()
        .args(["show", prefix, "--format", "http", "--store", dir])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("POST /first HTTP/1.1\r\n"));
    hookcli()
        .args(["show", "ZZZZZZZZ", "--store", dir])
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with(
            "hookcli: error: no capture matches",
        ));
}

#[test]
fn port_in_use_is_one_error_line_with_a_hint() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    hookcli()
        .args(["listen", "--no-store", "--port", &port])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("hookcli: error: cannot listen on 127.0.0.1:")
                .and(predicate::str::contains("hint: try --port 0")),
        );
}

#[test]
fn list_into_a_closed_pipe_exits_quietly() {
    let store = tempfile::tempdir().unwrap();
    {
        let s = hookcli::store::Store::open(store.path()).unwrap();
        for i in 0..2000 {
            s.append(&hookcli::capture::Capture::new(
                hookcli::capture::Origin::Import,
                "POST",
                format!("/n/{i}"),
            ))
            .unwrap();
        }
    }
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("hookcli"))
        .args(["list", "--store"])
        .arg(store.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    drop(out); // like `| head -1`
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(status.success(), "exit {status:?}, stderr {err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn no_subcommand_panics_on_bad_input() {
    let store = tempfile::tempdir().unwrap();
    let dir = store.path().to_str().unwrap();
    let junk = store.path().join("junk.json");
    std::fs::write(&junk, b"\xff\xfe{not json at all\x00").unwrap();
    let junk = junk.to_str().unwrap();
    let cases: Vec<Vec<&str>> = vec![
        vec!["listen", "--port", "99999"],
        vec![
            "listen",
            "--host",
            "not a host",
            "--port",
            "0",
            "--no-store",
        ],
        vec![
            "listen",
            "--respond-body",
            "@/nonexistent/file",
            "--no-store",
        ],
        vec!["list", "--store", dir, "--limit", "x"],
        vec!["list", "--store", "/proc/version"],
        vec!["show", "", "--store", dir],
        vec!["show", "zz", "--store", dir],
        vec!["replay", junk, "--store", dir],
        vec!["replay", "last", "--store", dir, "--to", "::::"],
        vec!["export", "--store", dir, "--format", "xml"],
        vec!["export", "--store", dir, "-o", "/nonexistent/dir/out.har"],
        vec!["import", junk, "--store", dir],
        vec!["import", "/nonexistent", "--store", dir],
        vec!["verify", junk],
        vec!["verify", "--provider", "nope", junk],
        vec!["sign", "--provider", "discord", "--secret", "not-a-key"],
        vec![
            "sign",
            "--provider",
            "stripe",
            "--secret",
            "s",
            "--body",
            "@/nonexistent",
        ],
        vec![
            "send",
            "--provider",
            "stripe",
            "--secret",
            "s",
            "--to",
            "127.0.0.1:1",
        ],
        vec!["providers", "--bogus"],
        vec!["completions", "tcsh"],
    ];
    for args in cases {
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("hookcli"))
            .args(&args)
            .env("HOOKCLI_HOME", dir)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{args:?} panicked: {err}");
        assert!(!out.status.success(), "{args:?} should fail");
        assert!(
            err.starts_with("hookcli: error: "),
            "{args:?}: error line expected, got {err}"
        );
        assert!(
            matches!(out.status.code(), Some(1 | 2)),
            "{args:?}: {:?}",
            out.status
        );
    }
}

#[test]
fn a_second_listener_on_a_taken_port_is_refused_and_the_first_serves_every_connection() {
    // The listener's per-core sockets share their port; another hookcli must not join them.
    let store = tempfile::tempdir().unwrap();
    let (mut first, port, _err) = spawn_listen(&["--no-tui"], store.path());
    let other = tempfile::tempdir().unwrap();
    hookcli()
        .args(["listen", "--host", "127.0.0.1", "--port", &port.to_string()])
        .arg("--store")
        .arg(other.path())
        // Were the port shared, it would serve on: fail instead of hanging.
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .failure()
        .stderr(predicate::str::contains("address already in use"));
    // Whichever per-core socket takes a connection, it is answered.
    for i in 0..16 {
        let answer = post(port, &format!("/n/{i}"), "{}");
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    }
    let _ = first.kill();
    let _ = first.wait();
}
