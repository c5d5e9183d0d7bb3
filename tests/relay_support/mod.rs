//! Real `hookcli` processes for the relay tests: lines as they come, and what `/proc` says
//! about a process (open files, memory).
#![allow(dead_code)]

pub mod redis_server;

use std::process::{Command, Stdio};
use std::time::Duration;
use tokio::sync::mpsc;

pub const WAIT: Duration = Duration::from_secs(15);

/// A running binary whose stderr and stdout lines arrive on channels.
pub struct Proc {
    pub child: std::process::Child,
    pub err: mpsc::UnboundedReceiver<String>,
    pub out: mpsc::UnboundedReceiver<String>,
}

impl Proc {
    pub fn spawn(args: &[&str]) -> Proc {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_hookcli"));
        cmd.args(args);
        Proc::spawn_cmd(cmd)
    }

    /// `hookcli ARGS` run by `sh -c` after the shell lines in `prelude` (`ulimit`, `trap`);
    /// `exec` keeps the pid, so `/proc/PID` and signals reach hookcli itself.
    pub fn spawn_sh(prelude: &str, args: &[&str]) -> Proc {
        let mut script = format!("{prelude}\nexec \"$0\"");
        for i in 1..=args.len() {
            script.push_str(&format!(" \"${{{i}}}\""));
        }
        let mut cmd = Command::new("sh");
        cmd.arg("-c")
            .arg(script)
            .arg(env!("CARGO_BIN_EXE_hookcli"))
            .args(args);
        Proc::spawn_cmd(cmd)
    }

    pub fn spawn_cmd(mut cmd: Command) -> Proc {
        use std::io::BufRead as _;
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let lines = |r: Box<dyn std::io::Read + Send>| {
            let (tx, rx) = mpsc::unbounded_channel();
            std::thread::spawn(move || {
                for line in std::io::BufReader::new(r).lines() {
                    let Ok(line) = line else { return };
                    if tx.send(line).is_err() {
                        return;
                    }
                }
            });
            rx
        };
        let err = lines(Box::new(child.stderr.take().unwrap()));
        let out = lines(Box::new(child.stdout.take().unwrap()));
        Proc { child, err, out }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub async fn line(rx: &mut mpsc::UnboundedReceiver<String>) -> String {
        tokio::time::timeout(WAIT, rx.recv())
            .await
            .expect("no line in time")
            .expect("stream closed")
    }

    /// Stderr lines until one contains `needle` (that one included).
    pub async fn err_until(&mut self, needle: &str) -> Vec<String> {
        let mut seen = Vec::new();
        loop {
            let line = tokio::time::timeout(WAIT, self.err.recv())
                .await
                .unwrap_or_else(|_| panic!("no {needle:?} on stderr in time: {seen:?}"))
                .unwrap_or_else(|| panic!("stderr closed before {needle:?}: {seen:?}"));
            let hit = line.contains(needle);
            seen.push(line);
            if hit {
                return seen;
            }
        }
    }

    /// The address in `hookcli: … listening on http://ADDR`.
    pub async fn listening(&mut self) -> String {
        let l = Proc::line(&mut self.err).await;
        assert!(l.contains("listening on http"), "{l}");
        l.rsplit("://").next().unwrap().to_string()
    }

    /// Wait for the exit (fails the test after [`WAIT`]); returns the code and the rest of stderr.
    pub async fn exit(&mut self) -> (Option<i32>, Vec<String>) {
        let deadline = tokio::time::Instant::now() + WAIT;
        let mut rest = Vec::new();
        while let Ok(Some(line)) = tokio::time::timeout_at(deadline, self.err.recv()).await {
            rest.push(line);
        }
        let status = self.child.wait().unwrap();
        (status.code(), rest)
    }

    pub fn signal(&self, sig: &str) {
        let ok = Command::new("kill")
            .args([&format!("-{sig}"), &self.pid().to_string()])
            .status()
            .unwrap();
        assert!(ok.success());
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Open file descriptors of a process (sockets, files) right now.
pub fn open_files(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd"))
        .map(|d| d.count())
        .unwrap_or(0)
}

/// A `/proc/PID/status` field in KiB (`VmHWM`: peak resident memory, `VmRSS`: now).
pub fn status_kib(pid: u32, field: &str) -> u64 {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or_else(|| panic!("no {field} in /proc/{pid}/status"))
}

/// Poll a `/proc` reading until `ok` holds (there is no signal for "the kernel closed a
/// socket"); fails the test after [`WAIT`] with the last reading.
pub async fn until<T: std::fmt::Debug>(mut read: impl FnMut() -> T, ok: impl Fn(&T) -> bool) -> T {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let v = read();
        if ok(&v) {
            return v;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "condition not reached in {WAIT:?}; last reading {v:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A relay binary on 127.0.0.1:0 with `extra` flags; returns it and its address.
pub async fn relay(store: &std::path::Path, extra: &[&str]) -> (Proc, String) {
    let store = store.to_str().unwrap();
    let mut args = vec!["relay", "--listen", "127.0.0.1:0", "--store", store];
    args.extend_from_slice(extra);
    let mut p = Proc::spawn(&args);
    let addr = p.listening().await;
    (p, addr)
}
