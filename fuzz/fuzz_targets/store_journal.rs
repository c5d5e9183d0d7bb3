//! Fuzz target: see `harness::store_journal`.
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::store_journal(data));
