//! Build script: stamp `hookcli --version` with the git commit when built from a checkout.

use std::process::Command;

fn main() {
    let hash = Command::new("git")
        .args(["rev-parse", "--short=9", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
    let suffix = hash.map_or_else(String::new, |h| format!(" ({h})"));
    println!("cargo:rustc-env=HOOKCLI_GIT_SUFFIX={suffix}");
    // A new commit changes HEAD (a branch ref) or the ref it points at.
    for p in [".git/HEAD", ".git/refs/heads"] {
        if std::path::Path::new(p).exists() {
            println!("cargo:rerun-if-changed={p}");
        }
    }
    println!("cargo:rerun-if-changed=src/build.rs");
}
