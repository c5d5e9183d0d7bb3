//! The SQLite store through the real binary: several processes writing one store at once,
//! views that follow it, a paused `--json` reader, import, the old journal's migration, and
//! databases hookcli cannot use. Real processes and sockets on 127.0.0.1; waits are on
//! lines and counts, with generous hang guards.

use hookcli::store::Store;
use std::collections::HashSet;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_hookcli");
const WAIT: Duration = Duration::from_secs(30);

fn lines_of(r: impl std::io::Read + Send + 'static) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(r).lines() {
            let Ok(line) = line else { return };
            if tx.send(line).is_err() {
                return;
            }
        }
    });
    rx
}

/// A `listen --port 0` process; its stdout is left to the test.
struct Listen {
    child: Child,
    port: u16,
    stdout: Option<ChildStdout>,
    stderr: mpsc::Receiver<String>,
}

impl Drop for Listen {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn listen(store: &Path, args: &[&str]) -> Listen {
    spawn_listen(Command::new(BIN), store, args, Stdio::piped())
}

/// `listen` on `store` run by `cmd`: hookcli itself (with an environment of the test's), or
/// a wrapper that runs it.
fn spawn_listen(mut cmd: Command, store: &Path, args: &[&str], stdout: Stdio) -> Listen {
    let mut child = cmd
        .args(["listen", "--port", "0", "--store"])
        .arg(store)
        .args(args)
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take();
    let stderr = lines_of(child.stderr.take().unwrap());
    let first = stderr.recv_timeout(WAIT).unwrap();
    assert!(first.contains("listening on"), "{first}");
    let port = first.rsplit(':').next().unwrap().parse().unwrap();
    Listen {
        child,
        port,
        stdout,
        stderr,
    }
}

/// One POST on its own connection; the status code (0 when the connection broke).
fn post(port: u16, path: &str, body: &[u8]) -> u16 {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
        return 0;
    };
    let head = format!(
        "POST {path} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    );
    if s.write_all(head.as_bytes())
        .and_then(|()| s.write_all(body))
        .is_err()
    {
        return 0;
    }
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    out.get(9..12).and_then(|c| c.parse().ok()).unwrap_or(0)
}

fn hookcli(args: &[&str], store: &Path) -> Output {
    Command::new(BIN)
        .args(args)
        .arg("--store")
        .arg(store)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn stored_urls(store: &Path) -> Vec<String> {
    Store::open(store)
        .unwrap()
        .load(None)
        .unwrap()
        .captures
        .into_iter()
        .map(|c| c.url)
        .collect()
}

#[test]
fn two_listeners_and_replays_write_one_store_and_each_view_shows_all() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let mut a = listen(&store, &["--json"]);
    let b = listen(&store, &["--json"]);
    let a_out = lines_of(a.stdout.take().unwrap());
    let source = dir.path().join("source.json");
    std::fs::write(
        &source,
        r#"{"method":"POST","url":"/replayed","body":"{}"}"#,
    )
    .unwrap();

    let mut senders = Vec::new();
    for (i, port) in [a.port, b.port, a.port, b.port].into_iter().enumerate() {
        senders.push(std::thread::spawn(move || {
            (0..40)
                .filter(|n| post(port, &format!("/c{i}/{n}"), b"{}") == 200)
                .map(|n| format!("/c{i}/{n}"))
                .collect::<Vec<_>>()
        }));
    }
    let to = format!("127.0.0.1:{}", a.port);
    let replays: Vec<Child> = (0..4)
        .map(|_| {
            Command::new(BIN)
                .args(["replay", source.to_str().unwrap(), "--to", &to, "--store"])
                .arg(&store)
                .stdout(Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut answered: Vec<String> = senders
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    for mut r in replays {
        assert!(r.wait().unwrap().success());
    }
    assert_eq!(answered.len(), 160, "every request was answered 200");

    // In the store: every answered request, each replay and what each replay delivered.
    let urls = stored_urls(&store);
    let held: HashSet<&String> = urls.iter().collect();
    assert!(answered.iter().all(|u| held.contains(u)));
    assert_eq!(urls.iter().filter(|u| *u == "/replayed").count(), 8);
    assert_eq!(urls.len(), 168);

    // Listener A's NDJSON follows the store: it shows B's captures and the replays too.
    answered.push("/replayed".into());
    let mut missing: HashSet<String> = answered.into_iter().collect();
    let deadline = Instant::now() + WAIT;
    while !missing.is_empty() {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = a_out
            .recv_timeout(left)
            .unwrap_or_else(|_| panic!("A never showed {} captures", missing.len()));
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        missing.remove(v["url"].as_str().unwrap());
    }
    drop(b);
}

fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[cfg(target_os = "linux")]
#[test]
fn json_into_a_paused_reader_holds_memory_flat_and_loses_no_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut hook = listen(dir.path(), &["--json"]);
    let stdout = hook.stdout.take().unwrap(); // not read until every request was answered
    let body = vec![b'x'; 1 << 20];
    let sent = 160;
    for n in 0..sent {
        let json = format!(
            "{{\"n\":{n},\"pad\":\"{}\"}}",
            std::str::from_utf8(&body).unwrap()
        );
        assert_eq!(post(hook.port, &format!("/big/{n}"), json.as_bytes()), 200);
    }
    // 160 MiB went out while nobody read: the listener kept a batch, not the backlog.
    let rss = rss_kib(hook.child.id());
    assert!(
        rss < 64 * 1024,
        "listener RSS {rss} KiB with a paused reader"
    );

    let lines = lines_of(stdout);
    let mut seen = HashSet::new();
    while seen.len() < sent {
        let line = lines
            .recv_timeout(WAIT)
            .unwrap_or_else(|_| panic!("only {} of {sent} lines arrived", seen.len()));
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert!(seen.insert(v["url"].as_str().unwrap().to_string()));
    }
}

#[test]
fn importing_the_same_files_twice_stores_each_capture_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let saved = dir.path().join("saved");
    std::fs::create_dir(&saved).unwrap();
    // What `--save` writes (one pretty capture a file), and the same concatenated in a stream.
    let mut stream = String::new();
    for n in 0..3 {
        let c = format!(
            "{{\n  \"id\": \"01JDX3K7Q9ZC4T5W6Y8B2N1M{n}P\",\n  \"received_at\": \"2026-11-27T12:04:3{n}.120481Z\",\n  \"method\": \"POST\",\n  \"url\": \"/saved/{n}\",\n  \"body\": \"{{}}\"\n}}\n"
        );
        std::fs::write(saved.join(format!("{n}.json")), &c).unwrap();
        stream.push_str(&c);
    }
    let file = dir.path().join("stream.json");
    std::fs::write(&file, &stream).unwrap();
    let import = || {
        hookcli(
            &["import", saved.to_str().unwrap(), file.to_str().unwrap()],
            &store,
        )
    };
    let first = import();
    assert!(first.status.success(), "{first:?}");
    let said = String::from_utf8_lossy(&first.stderr);
    assert!(said.contains("imported 3 captures"), "{said}");
    let second = import();
    let said = String::from_utf8_lossy(&second.stderr);
    assert!(
        said.contains("imported 0 captures") && said.contains("6 already there"),
        "{said}"
    );
    let ids: Vec<String> = Store::open(&store)
        .unwrap()
        .load(None)
        .unwrap()
        .captures
        .into_iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(ids.len(), 3);
    assert!(
        ids[0].starts_with("01JDX3K7Q9ZC4T5W6Y8B2N1M0P"),
        "ids are kept: {ids:?}"
    );
}

#[test]
fn a_journal_of_the_previous_version_is_imported_once_and_left_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("journal");
    std::fs::create_dir(&journal).unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/legacy-journal");
    let mut want = Vec::new();
    for e in std::fs::read_dir(&fixtures).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, journal.join(p.file_name().unwrap())).unwrap();
        let text = std::fs::read_to_string(&p).unwrap();
        want.extend(text.lines().map(|l| l.to_string()));
    }
    want.sort();

    let hook = listen(dir.path(), &["--no-tui"]);
    let notice = hook.stderr.recv_timeout(WAIT).unwrap();
    assert!(
        notice.contains("imported 5 records of the old journal")
            && notice.contains("left in place"),
        "{notice}"
    );
    drop(hook);
    assert_eq!(
        std::fs::read_dir(&journal).unwrap().count(),
        2,
        "old files stay"
    );

    // What went in comes out identical, byte for byte, as the capture JSON.
    let out = hookcli(&["export"], dir.path());
    let mut got: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    got.sort();
    assert_eq!(got, want);
    // Opened again: nothing imported twice, nothing said (the inspector's line aside).
    let again = listen(dir.path(), &["--no-tui", "--no-inspect"]);
    assert!(
        again
            .stderr
            .recv_timeout(Duration::from_millis(500))
            .is_err()
    );
    assert_eq!(stored_urls(dir.path()).len(), 5);
}

fn error_lines(out: &Output) -> Vec<String> {
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn a_newer_or_damaged_database_is_one_error_line_and_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(hookcli::store::DB_FILE);
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    let lines = error_lines(&hookcli(&["list"], dir.path()));
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].starts_with("hookcli: error: "), "{lines:?}");
    assert!(lines[0].contains(&db.display().to_string()) && lines[0].contains("newer"));
    assert!(lines[1].contains("upgrade hookcli"), "{lines:?}");

    // A database cut short by hand.
    let good = tempfile::tempdir().unwrap();
    let out = hookcli(&["import", "-"], good.path());
    assert_eq!(out.status.code(), Some(1), "empty stdin is no captures");
    Store::open(good.path()).unwrap();
    let db = good.path().join(hookcli::store::DB_FILE);
    let bytes = std::fs::read(&db).unwrap();
    std::fs::write(&db, &bytes[..bytes.len().min(100)]).unwrap();
    for args in [&["list"][..], &["show", "last"]] {
        let lines = error_lines(&hookcli(args, good.path()));
        assert!(lines[0].starts_with("hookcli: error: "), "{lines:?}");
        assert!(lines[0].contains("damaged"), "{lines:?}");
        assert!(lines.iter().any(|l| l.contains(".broken")), "{lines:?}");
        assert!(!lines.iter().any(|l| l.contains("panicked")));
    }
}

#[test]
fn a_locked_database_delays_nothing_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(BIN);
    cmd.env("HOOKCLI_STORE_BUSY_MS", "200");
    let l = spawn_listen(cmd, dir.path(), &["--json", "--no-inspect"], Stdio::null());
    let (port, stderr) = (l.port, &l.stderr);
    assert_eq!(post(port, "/before", b"{}"), 200);

    // Another process holds the database's write lock longer than hookcli waits for it:
    // the sender is still answered (the capture is safe in the spool) and told nothing else.
    let db = dir.path().join(hookcli::store::DB_FILE);
    let other = rusqlite::Connection::open(&db).unwrap();
    other.execute_batch("BEGIN EXCLUSIVE").unwrap();
    assert_eq!(post(port, "/while-locked", b"{}"), 200);
    let warning = stderr.recv_timeout(WAIT).unwrap();
    assert!(warning.contains("wait in its spool"), "{warning}");
    other.execute_batch("ROLLBACK").unwrap();

    assert_eq!(post(port, "/after", b"{}"), 200);
    // A reader waits for what the listener acknowledged to reach the database.
    assert_eq!(
        stored_urls(dir.path()),
        ["/before", "/while-locked", "/after"]
    );
}

/// `prlimit` caps the files the listener may write (as a full disk would) and lifts the cap.
#[cfg(target_os = "linux")]
#[test]
fn while_the_store_cannot_be_written_senders_get_503_and_then_it_recovers() {
    let dir = tempfile::tempdir().unwrap();
    // SIGXFSZ ignored, so a write past the cap fails with an error instead of killing.
    let mut cmd = Command::new("prlimit");
    cmd.arg("--fsize=1000000:unlimited").args([
        "--",
        "sh",
        "-c",
        "trap '' XFSZ; exec \"$0\" \"$@\"",
        BIN,
    ]);
    let l = spawn_listen(cmd, dir.path(), &["--json", "--no-inspect"], Stdio::null());
    let (port, stderr) = (l.port, &l.stderr);
    assert_eq!(post(port, "/before", b"{}"), 200);
    let pad = |n: usize| format!("{{\"pad\":\"{}\"}}", "x".repeat(n)).into_bytes();
    assert_eq!(post(port, "/fill", &pad(600_000)), 200);
    assert_eq!(post(port, "/refused", &pad(500_000)), 503);
    let warning = stderr.recv_timeout(WAIT).unwrap();
    assert!(warning.contains("cannot store capture"), "{warning}");

    // Room again: the listener stores again, by itself.
    let lifted = Command::new("prlimit")
        .arg(format!("--pid={}", l.child.id()))
        .arg("--fsize=unlimited:unlimited")
        .status()
        .unwrap();
    assert!(lifted.success());
    assert_eq!(post(port, "/after", &pad(500_000)), 200);
    assert_eq!(stored_urls(dir.path()), ["/before", "/fill", "/after"]);
}

#[test]
fn a_running_listener_moves_in_what_a_killed_one_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let mut a = listen(&store, &["--json", "--no-inspect"]);
    let a_out = lines_of(a.stdout.take().unwrap());
    let mut b = listen(&store, &["--json", "--no-inspect"]);

    // While another process holds the database, B acknowledges from its spool alone; then
    // B dies before its writer could move anything into the database.
    let db = store.join(hookcli::store::DB_FILE);
    let other = rusqlite::Connection::open(&db).unwrap();
    other.execute_batch("BEGIN EXCLUSIVE").unwrap();
    for n in 0..5 {
        assert_eq!(post(b.port, &format!("/from-b/{n}"), b"{}"), 200);
    }
    b.child.kill().unwrap();
    b.child.wait().unwrap();
    other.execute_batch("ROLLBACK").unwrap();

    // A, which stored nothing itself, finds B's spool and shows every capture B answered.
    let mut missing: HashSet<String> = (0..5).map(|n| format!("/from-b/{n}")).collect();
    let deadline = Instant::now() + WAIT;
    while !missing.is_empty() {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = a_out
            .recv_timeout(left)
            .unwrap_or_else(|_| panic!("A never showed {missing:?}"));
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        missing.remove(v["url"].as_str().unwrap());
    }
}
