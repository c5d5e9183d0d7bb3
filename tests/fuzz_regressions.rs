//! Every saved fuzz input (crashes found, plus a small seed corpus) replayed through the same
//! harness the fuzz targets run, on stable, in plain `cargo test`. A new crash goes into
//! `tests/fuzz_regressions/<target>/`; see `fuzz/README.md`.

#[path = "../fuzz/harness.rs"]
mod harness;

use std::path::PathBuf;

fn replay(target: &str, run: fn(&[u8])) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_regressions")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {} ({e})", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no inputs in {}", dir.display());
    for f in files {
        let data = std::fs::read(&f).unwrap();
        // One input at a time, so a panic names the file that caused it.
        let outcome = std::panic::catch_unwind(|| run(&data));
        assert!(outcome.is_ok(), "{} panicked on {}", target, f.display());
    }
}

#[test]
fn verify_headers() {
    replay("verify_headers", harness::verify_headers);
}

#[test]
fn interchange() {
    replay("interchange", harness::interchange);
}

#[test]
fn har() {
    replay("har", harness::har);
}

#[test]
fn store_journal() {
    replay("store_journal", harness::store_journal);
}

#[test]
fn target_route_filter() {
    replay("target_route_filter", harness::target_route_filter);
}

#[test]
fn ids() {
    replay("ids", harness::ids);
}

#[test]
fn escape() {
    replay("escape", harness::escape);
}
