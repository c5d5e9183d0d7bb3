//! Issue 15, cases 3, 4, 5, 7 and 8, as a user meets them: hand-made capture and HAR files,
//! the real binary, a raw-socket dev server, and a real terminal where it matters.

mod raw;

use hookcli::capture::{Capture, Origin};
use hookcli::store::Store;
use raw::{RawDev, assert_terminal_safe, hookcli, text};
use std::path::Path;

fn capture(id: &str, method: &str, url: &str) -> Capture {
    let mut c = Capture::new(Origin::Local, method, url);
    c.id = id.into();
    c.headers = vec![("content-type".into(), "text/plain".into())];
    c.body = bytes::Bytes::from_static(b"hello");
    c.body_size = 5;
    c
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

/// Case 3: an id that is a path never becomes one. `replay --edit` writes its temporary file
/// inside its own temporary folder, named by a checked id.
#[test]
fn replay_edit_of_a_capture_whose_id_is_a_path_stays_in_its_folder() {
    let dev = RawDev::start(raw::ok);
    let home = tempfile::tempdir().unwrap();
    let tmp = home.path().join("a").join("b");
    std::fs::create_dir_all(&tmp).unwrap();
    let rec = home.path().join("edited-path");
    let file = write(
        home.path(),
        "evil.json",
        &capture("../../x", "POST", "/e").to_json(),
    );
    // The "editor" records the path it was given and changes nothing.
    let editor = format!("printf %s >{} ", rec.display());
    let out = hookcli(
        &["replay", &file, "--edit", "--to", &dev.url(), "--no-store"],
        home.path(),
        b"",
        &[("EDITOR", &editor), ("TMPDIR", tmp.to_str().unwrap())],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let edited = std::fs::read_to_string(&rec).unwrap();
    let edited = Path::new(&edited);
    assert!(edited.starts_with(&tmp), "{}", edited.display());
    assert!(
        !edited.display().to_string().contains(".."),
        "{}",
        edited.display()
    );
    assert!(!home.path().join("a").join("x.json").exists());
    assert!(
        text(&out.stderr).contains("is not a ULID"),
        "{}",
        text(&out.stderr)
    );
    assert!(text(&dev.next()).starts_with("POST /e "));
}

/// Case 3, `--save DIR`: a capture whose id is not a ULID (as a relay or an old import may
/// bring) is not written under a path made from it.
#[tokio::test]
async fn save_dir_never_writes_a_file_named_by_an_unchecked_id() {
    use hookcli::event::Event;
    use hookcli::pipeline::{Config, Pipeline};
    let home = tempfile::tempdir().unwrap();
    let save = home.path().join("saves");
    std::fs::create_dir_all(&save).unwrap();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let config = Config {
        save_dir: Some(save.clone()),
        ..Config::default()
    };
    let forwarder = hookcli::forward::Forwarder::new(Default::default()).unwrap();
    let pipeline = Pipeline::new(config, forwarder, None, tx);
    pipeline.complete(capture("../escaped", "POST", "/s"));
    let good = Capture::new(Origin::Local, "POST", "/s");
    pipeline.complete(good.clone());
    assert!(!home.path().join("escaped.json").exists());
    assert!(save.join(format!("{}.json", good.id)).exists());
    let warned = std::iter::from_fn(|| rx.try_recv().ok())
        .any(|e| matches!(e, Event::Warning(w) if w.contains("not saving capture")));
    assert!(warned);
}

/// Case 4: ids with non-ASCII characters (from a file, stdin, an old store or the command
/// line) never panic `verify`, `replay`, `list` or `show`.
#[test]
fn non_ascii_ids_never_panic() {
    let dev = RawDev::start(raw::ok);
    let home = tempfile::tempdir().unwrap();
    let odd = "ééééééééééééééé-ünïcödé-ïd";
    let file = write(
        home.path(),
        "odd.json",
        &capture(odd, "POST", "/n").to_json(),
    );
    for args in [
        vec!["verify", file.as_str()],
        vec!["replay", file.as_str(), "--to", &dev.url()],
        vec!["replay", "-", "--to", &dev.url()],
    ] {
        let stdin = std::fs::read(&file).unwrap();
        let out = hookcli(&args, home.path(), &stdin, &[]);
        assert_ne!(
            out.status.code(),
            Some(101),
            "{args:?} panicked: {}",
            text(&out.stderr)
        );
        assert!(
            text(&out.stderr).contains("is not a ULID"),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
    dev.next();
    dev.next();
    // A store written before ids were checked holds such a record: list and show still work.
    let store = Store::open(home.path()).unwrap();
    store.append(&capture(odd, "POST", "/old")).unwrap();
    let list = hookcli(&["list"], home.path(), b"", &[]);
    assert!(list.status.success(), "{}", text(&list.stderr));
    assert!(text(&list.stdout).contains("/old"));
    let show = hookcli(&["show", "ééééé"], home.path(), b"", &[]);
    assert_eq!(show.status.code(), Some(1), "{}", text(&show.stderr));
    assert!(text(&show.stderr).starts_with("hookcli: error: "));
}

/// Case 5: control characters in an imported method, URL or header are shown escaped in
/// `list`, `replay`'s result and error lines, `verify`, and `show` (JSON, and raw HTTP on a
/// terminal).
#[test]
fn terminal_control_sequences_from_files_are_escaped_everywhere() {
    let dev = RawDev::start(raw::ok);
    let home = tempfile::tempdir().unwrap();
    let mut c = capture(
        "01JDX3K7Q9ZC4T5W6Y8B2N1M0P",
        "POST",
        "/a\x1b[2J\x1b]52;c;aGk=\x07\r\x1b[K\u{9b}31m",
    );
    c.headers.push(("x-c1".into(), "a\u{9b}b\x7f".into()));
    let file = write(home.path(), "evil.ndjson", &(c.to_json() + "\n"));
    let mut bad_method = c.clone();
    bad_method.method = "GET\x1b[2J".into();
    let bad_file = write(home.path(), "bad.json", &bad_method.to_json());

    let import = hookcli(&["import", &file], home.path(), b"", &[]);
    assert!(import.status.success(), "{}", text(&import.stderr));
    let list = hookcli(&["list"], home.path(), b"", &[]);
    assert_terminal_safe("list", &list.stdout);
    assert!(
        text(&list.stdout).contains(r"/a\x1b[2J"),
        "{}",
        text(&list.stdout)
    );

    // No such URL can go out; both the result line and the error line say so, escaped.
    let replay = hookcli(
        &["replay", &file, "--to", &dev.url()],
        home.path(),
        b"",
        &[],
    );
    assert_terminal_safe("replay line", &replay.stdout);
    assert_terminal_safe("replay error", &replay.stderr);
    assert!(
        text(&replay.stdout).contains(r"/a\x1b[2J"),
        "{}",
        text(&replay.stdout)
    );
    assert!(
        text(&replay.stderr).contains("bad URL"),
        "{}",
        text(&replay.stderr)
    );
    let failed = hookcli(
        &["replay", &bad_file, "--to", &dev.url()],
        home.path(),
        b"",
        &[],
    );
    assert_terminal_safe("replay error", &failed.stderr);
    assert!(
        text(&failed.stderr).contains("hookcli: error: "),
        "{}",
        text(&failed.stderr)
    );
    let verify = hookcli(&["verify", &bad_file], home.path(), b"", &[]);
    assert_terminal_safe("verify", &verify.stdout);
    assert_terminal_safe("verify", &verify.stderr);

    let show = hookcli(&["show", "last"], home.path(), b"", &[]);
    assert_terminal_safe("show", &show.stdout);
    let back = Capture::from_json(&text(&show.stdout)).unwrap();
    assert_eq!(
        back.header("x-c1"),
        Some("a\u{9b}b\x7f"),
        "escaped, not changed"
    );
    let http = raw::on_terminal(&["show", "last", "--format", "http"], home.path());
    let http = text(&http).replace("\r\n", "\n");
    assert_terminal_safe("show --format http on a terminal", http.as_bytes());
    assert!(http.contains(r"x-c1: a\u{9b}b\x7f"), "{http}");
}

fn secret_capture() -> Capture {
    let mut c = capture("01JDX3K7Q9ZC4T5W6Y8B2N1M0P", "POST", "/hooks/gitlab");
    c.headers = vec![
        ("host".into(), "127.0.0.1:9999".into()),
        ("authorization".into(), "Bearer SECRET-BEARER-1".into()),
        ("x-gitlab-token".into(), "SECRET-GITLAB-2".into()),
        ("cookie".into(), "sid=SECRET-COOKIE-3; theme=dark".into()),
        ("x-gitlab-event".into(), "Push Hook".into()),
    ];
    c
}

fn assert_masked(what: &str, out: &[u8]) {
    let t = text(out);
    assert!(!t.contains("SECRET-"), "{what} shows a credential: {t}");
}

/// Case 7: credential headers are kept in the store (replay still authenticates) but masked
/// in `show` (every format), `list --json`, exports and NDJSON lines, unless `--reveal`.
#[test]
fn credentials_are_masked_unless_revealed_and_still_replayed() {
    let dev = RawDev::start(raw::ok);
    let home = tempfile::tempdir().unwrap();
    Store::open(home.path())
        .unwrap()
        .append(&secret_capture())
        .unwrap();
    for format in ["json", "curl", "har", "http"] {
        let out = hookcli(&["show", "last", "--format", format], home.path(), b"", &[]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert_masked(format, &out.stdout);
        assert!(
            text(&out.stdout).contains("Push Hook"),
            "other headers stay"
        );
        let revealed = hookcli(
            &["show", "last", "--format", format, "--reveal"],
            home.path(),
            b"",
            &[],
        );
        assert!(
            text(&revealed.stdout).contains("SECRET-GITLAB-2"),
            "{format} --reveal"
        );
    }
    let json = text(&hookcli(&["show", "last"], home.path(), b"", &[]).stdout);
    assert!(
        json.contains("Bearer ****") && json.contains("sid=****; theme=****"),
        "{json}"
    );
    for args in [
        vec!["export"],
        vec!["export", "--format", "har"],
        vec!["list", "--json"],
    ] {
        assert_masked(
            &args.join(" "),
            &hookcli(&args, home.path(), b"", &[]).stdout,
        );
    }
    let full = hookcli(&["export", "--reveal"], home.path(), b"", &[]);
    assert!(text(&full.stdout).contains("SECRET-BEARER-1"));

    // A replay sends the real credential; its own NDJSON line is masked.
    let replay = hookcli(
        &["replay", "last", "--to", &dev.url(), "--json"],
        home.path(),
        b"",
        &[],
    );
    assert!(replay.status.success(), "{}", text(&replay.stderr));
    assert_masked("replay --json", &replay.stdout);
    let seen = text(&dev.next());
    assert!(
        seen.contains("authorization: Bearer SECRET-BEARER-1\r\n"),
        "{seen}"
    );
    assert!(
        seen.contains("x-gitlab-token: SECRET-GITLAB-2\r\n"),
        "{seen}"
    );

    // listen --json masks its lines; the store behind it keeps the value.
    let store = home.path().to_str().unwrap();
    let hook = raw::Listen::start(&["--store", store, "--json"]);
    raw::raw_request(
        hook.port,
        b"POST /in HTTP/1.1\r\nhost: x\r\nauthorization: Basic SECRET-BASIC-4\r\n\
          content-length: 0\r\nconnection: close\r\n\r\n",
    );
    let line = hook.line();
    assert!(line.contains(r#"["authorization","Basic ****"]"#), "{line}");
    let stored = hookcli(&["show", "last", "--reveal"], home.path(), b"", &[]);
    assert!(text(&stored.stdout).contains("SECRET-BASIC-4"));
}

/// Case 7, `config`: a credential header and a password inside a URL are masked.
#[test]
fn config_masks_credential_headers_and_url_passwords() {
    let project = tempfile::tempdir().unwrap();
    let empty = tempfile::tempdir().unwrap();
    std::fs::write(
        project.path().join(".hookcli.toml"),
        "[listen]\nheader = [\"authorization: Bearer SECRET-CFG-1\", \"x-env: dev\"]\n\
         forward = \"http://deploy:SECRET-CFG-2@localhost:3000/in\"\n",
    )
    .unwrap();
    let out = std::process::Command::new(raw::BIN)
        .arg("config")
        .current_dir(project.path())
        .env("XDG_CONFIG_HOME", empty.path())
        .env("HOME", empty.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let t = text(&out.stdout);
    assert_masked("config", &out.stdout);
    assert!(t.contains("authorization: Bearer ****"), "{t}");
    assert!(t.contains("x-env: dev"), "{t}");
    assert!(t.contains("http://deploy:****@localhost:3000/in"), "{t}");
}

/// Case 8: a HAR import has no forward target: `replay` without `--to` refuses and sends
/// nothing to the host in the file; with `--to` it goes where it is told.
#[test]
fn imported_har_is_never_replayed_to_the_host_in_the_file() {
    let dev = RawDev::start(raw::ok);
    let home = tempfile::tempdir().unwrap();
    let har = serde_json::json!({"log": {"version": "1.2", "entries": [{
        "startedDateTime": "2026-11-27T12:04:31.120Z",
        "time": 12.0,
        "request": {
            "method": "POST",
            "url": format!("http://{}/prod", dev.url()),
            "httpVersion": "HTTP/1.1",
            "headers": [{"name": "cookie", "value": "sid=SECRET-PROD"}],
            "postData": {"mimeType": "text/plain", "text": "x"},
        },
        "response": {"status": 200, "headers": [], "content": {"size": 2, "text": "ok"}},
    }]}});
    let file = write(home.path(), "prod.har", &har.to_string());
    let import = hookcli(&["import", &file], home.path(), b"", &[]);
    assert!(import.status.success(), "{}", text(&import.stderr));
    for source in ["last", file.as_str()] {
        let out = hookcli(&["replay", source], home.path(), b"", &[]);
        assert_eq!(out.status.code(), Some(1), "{source}");
        let err = text(&out.stderr);
        assert!(err.contains("imported") && err.contains("--to"), "{err}");
    }
    // The first request the dev server ever sees is the one sent with --to, at its path.
    let to = format!("{}/via-to", dev.url());
    let ok = hookcli(&["replay", "last", "--to", &to], home.path(), b"", &[]);
    assert!(ok.status.success(), "{}", text(&ok.stderr));
    assert!(text(&dev.next()).starts_with("POST /via-to "));
}
