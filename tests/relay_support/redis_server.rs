//! A real `redis-server` for the shared-relay tests: on a free loopback port, in a temp dir,
//! ready when it says so. Tests skip (with a printed notice) only when it is not installed.

use std::io::BufRead as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

pub struct RedisServer {
    child: Child,
    pub port: u16,
    dir: PathBuf,
    aof: bool,
}

/// Is `redis-server` on PATH? Prints why a test is skipped when it is not.
pub fn available(test: &str) -> bool {
    let found = std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join("redis-server").is_file()));
    // CI installs it (.ci/run), so there a missing server is a failure, never a skip.
    assert!(
        found || std::env::var_os("CI").is_none(),
        "{test}: redis-server is not on PATH, and CI must run this test"
    );
    if !found {
        eprintln!("skipping {test}: redis-server is not on PATH (.ci/run installs it)");
    }
    found
}

/// A port nobody listens on right now (bound, then released).
pub fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

impl RedisServer {
    /// Start one in `dir`: no snapshots; with `aof`, every write fsynced before it is answered
    /// (`appendonly yes`, `appendfsync always`: what survives a crash of Redis itself).
    pub fn start(dir: &Path, aof: bool) -> RedisServer {
        for _ in 0..5 {
            if let Some(r) = RedisServer::try_start(dir, free_port(), aof) {
                return r;
            }
        }
        panic!("redis-server did not start on any of 5 free ports");
    }

    fn try_start(dir: &Path, port: u16, aof: bool) -> Option<RedisServer> {
        let yes_no = if aof { "yes" } else { "no" };
        let mut child = Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .args([
                "--save",
                "",
                "--appendonly",
                yes_no,
                "--appendfsync",
                "always",
            ])
            .arg("--dir")
            .arg(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("cannot run redis-server");
        // Its log goes to stdout: wait for "Ready to accept connections" (or its exit).
        let out = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(out).lines() {
                let Ok(line) = line else { return };
                if line.contains("Ready to accept connections") {
                    let _ = tx.send(());
                }
            }
        });
        if rx.recv_timeout(Duration::from_secs(15)).is_ok() {
            return Some(RedisServer {
                child,
                port,
                dir: dir.to_path_buf(),
                aof,
            });
        }
        let _ = child.kill();
        let _ = child.wait();
        None
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/0", self.port)
    }

    /// SIGKILL: Redis gets no chance to write anything more.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Start again on the same port and directory (the AOF, if any, is read back).
    pub fn restart(&mut self) {
        self.kill();
        let again = RedisServer::try_start(&self.dir, self.port, self.aof)
            .expect("redis-server did not come back on its port");
        *self = again;
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
