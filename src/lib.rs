//! hookcli: catch, inspect, verify, forward, store and replay webhooks.

pub mod capture;
pub mod verify;
