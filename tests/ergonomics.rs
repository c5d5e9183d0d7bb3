//! Issue 20, as a new user meets it: each test runs the real binary and checks the exact
//! words on the screen.

use assert_cmd::Command;
use hookcli::capture::{Capture, Origin};
use std::io::{BufRead as _, BufReader, Write as _};
use std::path::Path;
use std::process::{Child, Stdio};

fn hookcli(home: &Path) -> Command {
    let mut c = Command::cargo_bin("hookcli").unwrap();
    c.current_dir(home)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("HOOKCLI_HOME", home.join("store"))
        .env("NO_COLOR", "1")
        .env_remove("HOOKCLI_SECRET_STRIPE");
    c
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `n` captures received `ago` before now, one second apart, imported into the home's store.
fn import(home: &Path, n: usize, ago: time::Duration, status: u16) -> Vec<String> {
    let now = time::OffsetDateTime::now_utc();
    let mut text = String::new();
    let mut ids = Vec::new();
    for i in 0..n {
        let mut c = Capture::new(Origin::Local, "POST", format!("/hooks/{i}"));
        c.received_at = now - ago + time::Duration::seconds(i as i64);
        c.response_status = Some(status);
        c.body = bytes::Bytes::from_static(b"{}");
        c.body_size = 2;
        ids.push(c.id.clone());
        text.push_str(&c.to_json());
        text.push('\n');
    }
    let file = home.join("in.ndjson");
    std::fs::write(&file, text).unwrap();
    let out = hookcli(home)
        .args(["import", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    ids
}

/// `hookcli listen --no-tui` on 127.0.0.1:0 with this home's store; returns its port.
fn listen(home: &Path, extra: &[&str]) -> (Child, u16) {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("hookcli"))
        .args(["listen", "--port", "0"])
        .args(extra)
        .current_dir(home)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("HOOKCLI_HOME", home.join("store"))
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
    // Keep draining stderr so the listener never blocks on it.
    std::thread::spawn(move || for _ in err.lines() {});
    (child, port)
}

fn stop(mut child: Child) {
    child.kill().unwrap();
    child.wait().unwrap();
}

// 1. Usage errors keep their details; a bad value lists the allowed ones.
#[test]
fn usage_errors_name_what_is_missing_and_what_is_allowed() {
    let home = tempfile::tempdir().unwrap();
    let cases: [(&[&str], &str); 5] = [
        (
            &["send", "--provider", "stripe"],
            "hookcli: error: the following required arguments were not provided: --to <URL>",
        ),
        (
            &["completions"],
            "hookcli: error: the following required arguments were not provided: <SHELL>",
        ),
        (
            &["listen", "--relay", "ws://127.0.0.1:1", "--token", "t"],
            "hookcli: error: the following required arguments were not provided: --channel <NAME>",
        ),
        (
            &["show", "last", "--format", "yaml"],
            "hookcli: error: invalid value 'yaml' for '--format <FORMAT>'; possible values: json, http, curl, har",
        ),
        (
            &["--color", "sometimes", "list"],
            "hookcli: error: invalid value 'sometimes' for '--color <COLOR>'; possible values: auto, always, never",
        ),
    ];
    for (args, first) in cases {
        let out = hookcli(home.path()).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&out).lines().next(), Some(first), "{args:?}");
    }
}

// 2. A filter that matches nothing says so; a mistyped key is caught.
#[test]
fn filters_say_no_match_and_catch_mistyped_keys() {
    let home = tempfile::tempdir().unwrap();
    import(home.path(), 2, time::Duration::minutes(5), 200);
    let store = home.path().join("store");
    let out = hookcli(home.path())
        .args(["list", "--filter", "status:404"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!(
            "hookcli: no captures match the filter (2 in {})\n",
            store.display()
        )
    );
    let out = hookcli(home.path())
        .args(["export", "--filter", "status:404"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no captures match the filter (2 in"));
    let out = hookcli(home.path())
        .args(["list", "--filter", "stauts:500"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).lines().next(),
        Some(
            "hookcli: error: bad --filter \"stauts:500\" (unknown filter key \"stauts\" (did you mean status:?))"
        )
    );
    // Near-looking words that are not typos of a key stay free text.
    let out = hookcli(home.path())
        .args(["list", "--filter", "data:x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

// 8 and 10. A bare list stops at 50 and says how many it left out; ages beside times;
// --since/--until.
#[test]
fn list_has_a_default_limit_origin_and_age_columns_and_time_shorthands() {
    let home = tempfile::tempdir().unwrap();
    import(
        home.path(),
        55,
        time::Duration::minutes(3) + time::Duration::seconds(55),
        200,
    );
    let out = hookcli(home.path()).arg("list").output().unwrap();
    assert!(out.status.success());
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 51, "{text}");
    let head: Vec<&str> = lines[0].split_whitespace().collect();
    assert_eq!(
        head,
        [
            "TIME",
            "AGE",
            "ID",
            "ORIGIN",
            "METHOD",
            "PATH",
            "SIZE",
            "SIGNATURE",
            "STATUS",
            "MS"
        ]
    );
    assert!(lines[1].contains("3 min ago"), "{}", lines[1]);
    assert!(
        lines[1].contains(" import ") || lines[1].contains(" local "),
        "{}",
        lines[1]
    );
    assert!(lines[50].contains("/hooks/54"), "{}", lines[50]);
    assert_eq!(
        stderr(&out),
        "hookcli: 5 older captures not shown (use -n N or --all)\n"
    );
    let out = hookcli(home.path())
        .args(["list", "--all"])
        .output()
        .unwrap();
    assert_eq!(stdout(&out).lines().count(), 56);
    assert_eq!(stderr(&out), "");
    // Free text is counted on the walk that finds the rows: /hooks/5 and /hooks/50 to 54.
    let out = hookcli(home.path())
        .args(["list", "-n", "2", "--filter", "hooks/5"])
        .output()
        .unwrap();
    let text = stdout(&out);
    let rows: Vec<&str> = text.lines().skip(1).collect();
    assert_eq!(rows.len(), 2, "{text}");
    assert!(
        rows[0].contains("/hooks/53") && rows[1].contains("/hooks/54"),
        "{text}"
    );
    assert_eq!(
        stderr(&out),
        "hookcli: 4 older captures not shown (use -n N or --all)\n"
    );

    // All arrived between 3 and 4 minutes ago.
    let out = hookcli(home.path())
        .args(["list", "--until", "3m", "--all"])
        .output()
        .unwrap();
    assert_eq!(stdout(&out).lines().count(), 56, "{}", stdout(&out));
    let out = hookcli(home.path())
        .args(["list", "--until", "5m"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let out = hookcli(home.path())
        .args(["list", "--since", "1m"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).starts_with("hookcli: no captures match the filter (55 in"));
    let out = hookcli(home.path())
        .args(["list", "--since", "yesterday"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("hookcli: error: bad --since \"yesterday\" (since:yesterday is not a time (use 30s, 10m, 2h, 7d, 11:30, 2026-11-27 or an RFC 3339 time))"),
        "{}",
        stderr(&out)
    );

    let out = hookcli(home.path())
        .args(["show", "last"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(stderr(&out).contains(" (3 min ago)\n"), "{}", stderr(&out));
}

// 5. `send` to your own listener stores the event once, as the listener's capture.
#[test]
fn send_to_your_own_listener_stores_it_once() {
    let home = tempfile::tempdir().unwrap();
    let (child, port) = listen(home.path(), &["--no-tui"]);
    let out = hookcli(home.path())
        .args([
            "send",
            "--provider",
            "stripe",
            "--secret",
            "whsec_ergo",
            "--body",
            r#"{"id":"evt_once"}"#,
            "--to",
            &format!("127.0.0.1:{port}/webhooks/stripe"),
        ])
        .output()
        .unwrap();
    stop(child);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("(stored by the listener as "),
        "{}",
        stdout(&out)
    );
    let out = hookcli(home.path()).arg("list").output().unwrap();
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 2, "one capture, not two:\n{text}");
    assert!(text.lines().nth(1).unwrap().contains(" local "), "{text}");
}

// 6. `replay --to` with a path sends to that path, and the line says so.
#[test]
fn replay_to_a_path_sends_to_exactly_that_path() {
    let dev = tempfile::tempdir().unwrap();
    let (mut child, port) = listen(dev.path(), &["--json"]);
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("c.json");
    std::fs::write(
        &file,
        r#"{"method":"POST","url":"/webhooks/stripe?x=1","body":"{}"}"#,
    )
    .unwrap();
    let out = hookcli(home.path())
        .args([
            "replay",
            file.to_str().unwrap(),
            "--no-store",
            "--to",
            &format!(":{port}/slack/events"),
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("POST /slack/events?x=1"),
        "{}",
        stdout(&out)
    );
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    stop(child);
    let v: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(v["url"], "/slack/events?x=1");
}

// 7. Config: every listen flag by its long name; a wrong key stops only `listen`, with a
// "did you mean".
#[test]
fn config_takes_max_connections_and_a_typo_stops_only_listen() {
    let home = tempfile::tempdir().unwrap();
    std::fs::write(
        home.path().join(".hookcli.toml"),
        "[listen]\nmax-connections = 7\nprot = 1\n",
    )
    .unwrap();
    let out = hookcli(home.path()).arg("list").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let first = stderr(&out).lines().next().unwrap_or_default().to_string();
    assert!(
        first.starts_with("hookcli: warning: bad config file ")
            && first.contains(
                "(line 3, key \"prot\": unknown key in [listen]; did you mean \"port\"?; known: "
            )
            && first.ends_with("); ignored"),
        "{first}"
    );
    let out = hookcli(home.path())
        .args(["listen", "--no-tui"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("hookcli: error: bad config file ")
            && stderr(&out).contains("did you mean \"port\"?"),
        "{}",
        stderr(&out)
    );

    std::fs::write(
        home.path().join(".hookcli.toml"),
        "[listen]\nmax-connections = 7\n",
    )
    .unwrap();
    let out = hookcli(home.path()).arg("config").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let row = stdout(&out)
        .lines()
        .find(|l| l.contains("listen.max-connections"))
        .unwrap_or_default()
        .to_string();
    assert!(
        row.contains(" 7 ") && row.contains(".hookcli.toml"),
        "{row}"
    );
}

// 9. A dev server that is down is named once; `--json --no-tui` is allowed.
#[test]
fn a_down_dev_server_is_named_once_and_json_with_no_tui_is_allowed() {
    let home = tempfile::tempdir().unwrap();
    // A port nobody listens on: bind, learn it, close.
    let down = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let (child, port) = listen(
        home.path(),
        &[
            "--json",
            "--no-tui",
            "--forward",
            &format!("127.0.0.1:{down}/down"),
        ],
    );
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "POST /x HTTP/1.1\r\nhost: a\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{{}}"
    )
    .unwrap();
    let mut answer = String::new();
    std::io::Read::read_to_string(&mut s, &mut answer).unwrap();
    stop(child);
    assert!(answer.starts_with("HTTP/1.1 502"), "{answer}");
    let body = answer.split("\r\n\r\n").nth(1).unwrap_or_default();
    assert_eq!(
        body,
        format!("hookcli: cannot forward to http://127.0.0.1:{down}/down/x (connection refused)\n")
    );
}
