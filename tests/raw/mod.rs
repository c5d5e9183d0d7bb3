//! Raw-socket peers and the real binary, for the edge-case tests: a sender that writes exact
//! bytes, a dev server that records exact bytes and answers from a script, and `hookcli`
//! processes. Everything on 127.0.0.1; waits are on lines and sockets, with hang guards.
#![allow(dead_code)]

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

pub const BIN: &str = env!("CARGO_BIN_EXE_hookcli");
pub const WAIT: Duration = Duration::from_secs(20);

/// A dev server that speaks HTTP/1.1 by hand: it records each request's exact bytes and
/// answers with whatever `answer` returns for them.
pub struct RawDev {
    pub addr: SocketAddr,
    seen: mpsc::Receiver<Vec<u8>>,
}

impl RawDev {
    pub fn start(answer: fn(&[u8]) -> Vec<u8>) -> RawDev {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let (tx, seen) = mpsc::channel();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                let tx = tx.clone();
                std::thread::spawn(move || serve(stream, &tx, answer));
            }
        });
        RawDev { addr, seen }
    }

    pub fn url(&self) -> String {
        format!("127.0.0.1:{}", self.addr.port())
    }

    /// The next request's exact bytes (fails the test after 20 s).
    pub fn next(&self) -> Vec<u8> {
        self.seen
            .recv_timeout(WAIT)
            .expect("the dev server saw no request within 20 s")
    }
}

fn serve(mut s: TcpStream, tx: &mpsc::Sender<Vec<u8>>, answer: fn(&[u8]) -> Vec<u8>) {
    let mut buf = Vec::new();
    loop {
        let Some(req) = read_request(&mut s, &mut buf) else {
            return;
        };
        let reply = answer(&req);
        let _ = tx.send(req);
        if s.write_all(&reply).is_err() {
            return;
        }
    }
}

/// One request (head and a Content-Length body) off a connection.
fn read_request(s: &mut TcpStream, buf: &mut Vec<u8>) -> Option<Vec<u8>> {
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = find(buf, b"\r\n\r\n") {
            break i + 4;
        }
        let n = s.read(&mut chunk).ok().filter(|n| *n > 0)?;
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
    let len: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    while buf.len() < head_end + len {
        let n = s.read(&mut chunk).ok().filter(|n| *n > 0)?;
        buf.extend_from_slice(&chunk[..n]);
    }
    Some(buf.drain(..head_end + len).collect())
}

pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

pub fn contains(hay: &[u8], needle: &[u8]) -> bool {
    find(hay, needle).is_some()
}

/// `200 ok` for everything.
pub fn ok(_: &[u8]) -> Vec<u8> {
    b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok".to_vec()
}

/// Write `bytes` on a fresh connection and read the answer until the server closes.
pub fn raw_request(port: u16, bytes: &[u8]) -> Vec<u8> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    s.write_all(bytes).unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    out
}

/// `hookcli listen --port 0 …` with stdout and stderr drained into channels by threads.
pub struct Listen {
    pub child: Child,
    pub port: u16,
    pub first_line: String,
    pub stdout: mpsc::Receiver<String>,
    pub stderr: mpsc::Receiver<String>,
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

impl Listen {
    pub fn start(args: &[&str]) -> Listen {
        let mode: &[&str] = if args.contains(&"--json") {
            &[]
        } else {
            &["--no-tui"]
        };
        let mut child = Command::new(BIN)
            .args(["listen", "--port", "0"])
            .args(mode)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = lines_of(child.stdout.take().unwrap());
        let stderr = lines_of(child.stderr.take().unwrap());
        let first_line = stderr.recv_timeout(WAIT).unwrap();
        let port = first_line
            .strip_prefix("hookcli: listening on http://127.0.0.1:")
            .and_then(|p| p.parse().ok())
            .unwrap_or(0);
        assert!(port > 0 || !first_line.contains("error"), "{first_line}");
        Listen {
            child,
            port,
            first_line,
            stdout,
            stderr,
        }
    }

    /// The next line on stdout (one per completed capture).
    pub fn line(&self) -> String {
        self.stdout
            .recv_timeout(WAIT)
            .expect("listen printed no line within 20 s")
    }
}

impl Drop for Listen {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Run `hookcli ARGS` to completion with `stdin`, `$HOOKCLI_HOME` at `home`, and extra env.
pub fn hookcli(args: &[&str], home: &Path, stdin: &[u8], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .env("HOOKCLI_HOME", home)
        .env("NO_COLOR", "1")
        .env_remove("VISUAL")
        .env_remove("EDITOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    let mut input = child.stdin.take().unwrap();
    let _ = input.write_all(stdin);
    drop(input);
    child.wait_with_output().unwrap()
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// No byte a terminal would act on: C0 controls but `\n` and `\t`, DEL, ESC, and the UTF-8
/// form of a C1 control (`\xc2\x80`–`\xc2\x9f`).
pub fn assert_terminal_safe(what: &str, out: &[u8]) {
    for (i, &b) in out.iter().enumerate() {
        let c1 = b == 0xc2 && out.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n));
        let bad = (b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7f || c1;
        assert!(
            !bad,
            "{what}: raw control byte {b:#04x} at {i} in {:?}",
            text(out)
        );
    }
}

/// Run `hookcli ARGS` with stdout on a terminal (a pty), `$HOOKCLI_HOME` at `home`, and
/// return everything it wrote there.
pub fn on_terminal(args: &[&str], home: &Path) -> Vec<u8> {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 40,
            cols: 200,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(BIN);
    cmd.args(args);
    cmd.env("HOOKCLI_HOME", home);
    cmd.env("NO_COLOR", "1");
    let mut child = pty.slave.spawn_command(cmd).unwrap();
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut out = Vec::new();
        let mut buf = [0u8; 8192];
        // Ends with EOF or EIO once the child (the last holder of the terminal) is gone.
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
        }
        let _ = tx.send(out);
    });
    child.wait().unwrap();
    let out = rx.recv_timeout(WAIT).expect("terminal output within 20 s");
    drop(pty.master);
    out
}
