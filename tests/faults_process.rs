//! The real binary under `kill -9`, and the places a secret could leak to. Real processes and
//! sockets on 127.0.0.1; waits are on signals (lines, counts), with generous hang guards.

use hookcli::capture::{Capture, Origin};
use hookcli::store::Store;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_hookcli");

/// `hookcli listen --port 0 …` with its stdout and stderr drained by threads into channels.
struct Listen {
    child: Child,
    port: u16,
    stdout: mpsc::Receiver<String>,
    stderr: mpsc::Receiver<String>,
}

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

fn listen(args: &[&str]) -> Listen {
    let mut child = Command::new(BIN)
        .args(["listen", "--port", "0"])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = lines_of(child.stdout.take().unwrap());
    let stderr = lines_of(child.stderr.take().unwrap());
    let first = stderr.recv_timeout(Duration::from_secs(20)).unwrap();
    let port = first
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("unexpected first line {first:?}"));
    Listen {
        child,
        port,
        stdout,
        stderr,
    }
}

/// One HTTP/1.1 request on its own connection; the raw answer, or None if it broke.
fn request(port: u16, head: &str, body: &[u8]) -> Option<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    let mut req = head.as_bytes().to_vec();
    req.extend_from_slice(
        format!(
            "content-length: {}\r\nconnection: close\r\n\r\n",
            body.len()
        )
        .as_bytes(),
    );
    req.extend_from_slice(body);
    s.write_all(&req).ok()?;
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    (!out.is_empty()).then_some(out)
}

#[test]
fn every_answered_capture_survives_kill_9_mid_burst() {
    kill_9_mid_burst(&[]);
}

/// `--durable` takes another path to the answer (an fdatasync shared by the waiting
/// requests, off the runtime threads): it keeps the same promise.
#[test]
fn every_answered_capture_survives_kill_9_mid_burst_when_durable() {
    kill_9_mid_burst(&["--durable"]);
}

fn kill_9_mid_burst(extra: &[&str]) {
    let store = tempfile::tempdir().unwrap();
    let mut args = vec!["--store", store.path().to_str().unwrap(), "--json"];
    args.extend_from_slice(extra);
    let mut hook = listen(&args);
    let port = hook.port;
    let acked = Arc::new(Mutex::new(Vec::<String>::new()));
    let count = Arc::new(AtomicUsize::new(0));
    let (enough_tx, enough) = mpsc::channel::<()>();
    let mut clients = Vec::new();
    for client in 0..8 {
        let (acked, count, enough_tx) = (acked.clone(), count.clone(), enough_tx.clone());
        clients.push(std::thread::spawn(move || {
            for n in 0.. {
                let marker = format!("mark-{client}-{n}");
                // Bodies of several sizes, so a kill can land in the middle of a long write.
                let body = format!(
                    "{{\"marker\":\"{marker}\",\"pad\":\"{}\"}}",
                    "p".repeat(n % 7 * 9000)
                );
                let head = format!(
                    "POST /burst/{client} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n"
                );
                let Some(answer) = request(port, &head, body.as_bytes()) else {
                    return; // the listener is gone
                };
                if answer.starts_with("HTTP/1.1 2") {
                    acked.lock().unwrap().push(marker);
                    if count.fetch_add(1, Ordering::SeqCst) + 1 == 300 {
                        let _ = enough_tx.send(());
                    }
                }
            }
        }));
    }
    enough
        .recv_timeout(Duration::from_secs(60))
        .expect("300 answers within 60 s");
    hook.child.kill().unwrap(); // SIGKILL, while the eight clients are still sending
    hook.child.wait().unwrap();
    for c in clients {
        c.join().unwrap();
    }
    let acked = acked.lock().unwrap().clone();
    assert!(acked.len() >= 300);

    let loaded = Store::open(store.path()).unwrap().load(None).unwrap();
    let bodies: std::collections::HashSet<String> = loaded
        .captures
        .iter()
        .filter_map(|c| {
            let v: serde_json::Value = serde_json::from_slice(&c.body).ok()?;
            Some(v["marker"].as_str()?.to_string())
        })
        .collect();
    let missing: Vec<&String> = acked.iter().filter(|m| !bodies.contains(*m)).collect();
    assert!(missing.is_empty(), "answered but not stored: {missing:?}");
    // The store opens for the CLI too, torn tail or not.
    let out = Command::new(BIN)
        .args(["list", "--json", "--store"])
        .arg(store.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let listed: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(listed.len(), loaded.captures.len());
}

#[test]
fn default_bind_is_loopback_and_every_interface_gets_a_warning() {
    let empty = tempfile::tempdir().unwrap();
    let store = empty.path().to_str().unwrap();
    let mut local = listen(&["--store", store, "--json"]);
    let all = Command::new(BIN)
        .args([
            "listen", "--port", "0", "--host", "0.0.0.0", "--store", store, "--json",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut all = Guard(all);
    let mut err = BufReader::new(all.0.stderr.take().unwrap());
    let (mut first, mut second) = (String::new(), String::new());
    err.read_line(&mut first).unwrap();
    err.read_line(&mut second).unwrap();
    assert!(
        first.starts_with("hookcli: listening on http://0.0.0.0:"),
        "{first}"
    );
    assert!(
        second.starts_with("hookcli: warning: listening on every interface"),
        "{second}"
    );
    // The loopback listener printed no such warning (its next line, if any, is not one).
    assert!(!matches!(local.stderr.try_recv(), Ok(l) if l.contains("every interface")));
    local.child.kill().unwrap();
    local.child.wait().unwrap();
}

/// Kills the child when the test ends, pass or fail.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

const SECRET: &str = "whsec_LEAKCHECK7f3a9c2e1b8d4056";

/// Every file under `dir`, recursively.
fn files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files(&p));
        } else {
            out.push(p);
        }
    }
    out
}

fn assert_clean(what: &str, bytes: &[u8]) {
    let hay = String::from_utf8_lossy(bytes);
    assert!(!hay.contains(SECRET), "the secret leaked into {what}");
    // Nor any recognisable piece of it (a prefix of the secret part, or its base64 form).
    assert!(
        !hay.contains("LEAKCHECK"),
        "part of the secret leaked into {what}"
    );
}

#[test]
fn the_secret_never_reaches_store_saves_exports_or_output() {
    let store = tempfile::tempdir().unwrap();
    let save = tempfile::tempdir().unwrap();
    let secret_flag = format!("stripe={SECRET}");
    let mut hook = listen(&[
        "--store",
        store.path().to_str().unwrap(),
        "--save",
        save.path().to_str().unwrap(),
        "--secret",
        &secret_flag,
        "--json",
    ]);
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let mut signed = Capture::new(Origin::Local, "POST", "/stripe");
    signed.body = bytes::Bytes::from_static(b"{\"id\":\"evt_1\",\"type\":\"charge.succeeded\"}");
    hookcli::verify::sign("stripe", SECRET, &mut signed, now, None).unwrap();
    let sig = signed.header("stripe-signature").unwrap().to_string();
    let cases: [(&str, &[u8]); 4] = [
        (&sig, signed.body.as_ref()),                               // valid
        (&sig, b"{\"id\":\"evt_1\",\"type\":\"charge.refunded\"}"), // tampered body
        ("t=1,v1=deadbeef", b"{}"),                                 // wrong signature, expired
        ("garbage,,=", b"{}"),                                      // malformed
    ];
    for (header, body) in cases {
        let head = format!("POST /stripe HTTP/1.1\r\nhost: x\r\nstripe-signature: {header}\r\n");
        let answer = request(hook.port, &head, body).expect("an answer");
        assert_clean("an answer", answer.as_bytes());
    }
    let mut verdicts = Vec::new();
    for _ in 0..4 {
        let line = hook.stdout.recv_timeout(Duration::from_secs(20)).unwrap();
        assert_clean("listen's stdout", line.as_bytes());
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        verdicts.push(v["signature"]["verdict"].as_str().unwrap().to_string());
    }
    assert_eq!(verdicts[..2], ["valid", "invalid"], "{verdicts:?}");
    assert_eq!(verdicts[3], "malformed", "{verdicts:?}");
    hook.child.kill().unwrap();
    hook.child.wait().unwrap();
    while let Ok(line) = hook.stderr.try_recv() {
        assert_clean("listen's stderr", line.as_bytes());
    }
    for f in files(store.path()).into_iter().chain(files(save.path())) {
        assert_clean(&f.display().to_string(), &std::fs::read(&f).unwrap());
    }
    let st = store.path().to_str().unwrap();
    let runs: [&[&str]; 8] = [
        &["export", "--store", st],
        &["export", "--format", "har", "--store", st],
        &["list", "--json", "--store", st],
        &["show", "last", "--format", "curl", "--store", st],
        &["show", "last", "--format", "http", "--store", st],
        &["show", "last", "--format", "har", "--store", st],
        &["verify", "--secret", &secret_flag, "-"],
        // Bad flags next to a secret: the usage error must not echo it.
        &["listen", "--secret", &secret_flag, "--port", "nope"],
    ];
    let export = Command::new(BIN)
        .args(["export", "--store", st])
        .output()
        .unwrap();
    for args in runs {
        let mut child = Command::new(BIN)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let _ = child.stdin.take().unwrap().write_all(&export.stdout);
        let out = child.wait_with_output().unwrap();
        assert_clean(&format!("{args:?} stdout"), &out.stdout);
        assert_clean(&format!("{args:?} stderr"), &out.stderr);
    }
    // An unknown provider next to the secret: still not echoed.
    let out = Command::new(BIN)
        .args(["listen", "--secret", &format!("strpe={SECRET}")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_clean("a usage error", &out.stderr);
}
