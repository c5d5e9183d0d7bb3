//! Fuzz target: see `harness::verify_headers`.
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::verify_headers(data));
