//! Config files, layered: flag > env > project (.hookcli.toml, searched upward) > user.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::path::Path;
use std::process::{Command, Stdio};

struct Env {
    home: tempfile::TempDir,
    project: tempfile::TempDir,
}

impl Env {
    fn new(user: &str, project: &str) -> Env {
        let home = tempfile::tempdir().unwrap();
        let cfg = home.path().join("config/hookcli");
        std::fs::create_dir_all(&cfg).unwrap();
        std::fs::write(cfg.join("config.toml"), user).unwrap();
        let project_dir = tempfile::tempdir().unwrap();
        std::fs::write(project_dir.path().join(".hookcli.toml"), project).unwrap();
        std::fs::create_dir_all(project_dir.path().join("deep/er")).unwrap();
        Env {
            home,
            project: project_dir,
        }
    }

    /// hookcli run from a subdirectory of the project, with this user config.
    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_hookcli"));
        c.args(args)
            .current_dir(self.project.path().join("deep/er"))
            .env("HOME", self.home.path())
            .env("XDG_CONFIG_HOME", self.home.path().join("config"))
            .env_remove("HOOKCLI_HOME")
            .env_remove("HOOKCLI_SECRET_STRIPE")
            .env_remove("HOOKCLI_SECRET_GITHUB");
        c
    }
}

/// Start listen, POST once, return the status line the sender got.
fn answer_status(mut cmd: Command, store: &Path) -> String {
    let mut child = cmd
        .args(["--port", "0", "--json", "--store"])
        .arg(store)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut first = String::new();
    err.read_line(&mut first).unwrap();
    let port: u16 = first
        .trim()
        .rsplit(':')
        .next()
        .unwrap()
        .parse()
        .unwrap_or_else(|_| panic!("{first}"));
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.write_all(b"POST /c HTTP/1.1\r\nhost: x\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
        .unwrap();
    let mut resp = String::new();
    s.read_to_string(&mut resp).unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    resp.lines().next().unwrap_or("").to_string()
}

#[test]
fn project_beats_user_and_flags_beat_both() {
    let env = Env::new(
        "[listen]\nrespond-status = 201\nrespond-body = \"user\"\n",
        "[listen]\nrespond-status = 202\n",
    );
    let store = tempfile::tempdir().unwrap();
    let mut listen = env.cmd(&["listen"]);
    listen.env("NO_COLOR", "1");
    assert!(
        answer_status(listen, store.path()).starts_with("HTTP/1.1 202"),
        "project over user"
    );
    let listen = env.cmd(&["listen", "--respond-status", "203"]);
    assert!(
        answer_status(listen, store.path()).starts_with("HTTP/1.1 203"),
        "flag over project"
    );
    // A key only the user file sets still applies.
    let out = env.cmd(&["config"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let body = text
        .lines()
        .find(|l| l.starts_with("listen.respond-body"))
        .unwrap();
    assert!(body.contains("user") && body.contains("# user "), "{body}");
    let status = text
        .lines()
        .find(|l| l.starts_with("listen.respond-status"))
        .unwrap();
    assert!(
        status.contains("202") && status.contains("# project "),
        "{status}"
    );
}

#[test]
fn env_beats_project_for_store_and_secrets() {
    let env = Env::new(
        "[secrets]\ngithub = \"gh_user_0123456789\"\n",
        "store = \"/nonexistent/project-store\"\n[secrets]\nstripe = \"whsec_project_0123456789\"\n",
    );
    let out = env.cmd(&["config"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("/nonexistent/project-store"), "{text}");
    let home = tempfile::tempdir().unwrap();
    let out = env
        .cmd(&["config"])
        .env("HOOKCLI_HOME", home.path())
        .env("HOOKCLI_SECRET_STRIPE", "whsec_from_env_0123")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let store = text.lines().find(|l| l.starts_with("store")).unwrap();
    assert!(store.contains("env HOOKCLI_HOME"), "{store}");
    let stripe = text
        .lines()
        .find(|l| l.starts_with("secrets.stripe"))
        .unwrap();
    assert!(stripe.contains("env HOOKCLI_SECRET_STRIPE"), "{stripe}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("secrets.github") && l.contains("# user "))
    );
    // Masked: no secret text appears anywhere in the output.
    for secret in [
        "whsec_project_0123456789",
        "gh_user_0123456789",
        "whsec_from_env_0123",
    ] {
        assert!(!text.contains(secret), "secret {secret} leaked: {text}");
    }
    assert!(stripe.contains("****"));
}

#[test]
fn project_secret_verifies_in_offline_verify() {
    let env = Env::new("", "[secrets]\nstripe = \"whsec_cfg\"\n");
    let signed = env
        .cmd(&["sign", "--provider", "stripe", "--secret", "whsec_cfg"])
        .output()
        .unwrap();
    let mut child = env
        .cmd(&["verify", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&signed.stdout)
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn bad_config_is_one_line_naming_file_line_and_key() {
    let env = Env::new("", "[listen]\nport = 1\nprot = 2\n");
    let out = env.cmd(&["listen", "--no-store"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains(".hookcli.toml") && err.contains("line 3") && err.contains("\"prot\""),
        "{err}"
    );
    // Commands that do not read [listen] warn and carry on.
    let out = env.cmd(&["providers"]).output().unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("hookcli: warning: bad config file") && err.contains("\"prot\""),
        "{err}"
    );

    let env = Env::new("", "[listen]\nforward = \"ftp://nope\"\n");
    let out = env.cmd(&["listen", "--no-store"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("listen.forward") && err.contains("ftp"),
        "{err}"
    );
    assert!(!err.contains("panicked"));
}
