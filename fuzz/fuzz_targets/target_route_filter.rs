//! Fuzz target: see `harness::target_route_filter`.
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::target_route_filter(data));
