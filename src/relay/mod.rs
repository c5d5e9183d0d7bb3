//! The tunnel: a self-hosted relay (`hookcli relay`) and its client (`listen --relay`).
//!
//! Providers call the relay's public URL; the relay buffers each request on disk and sends
//! it down a WebSocket to the developer's `hookcli listen`, which runs it through the same
//! pipeline as a local request and sends the answer back up. See [`protocol`] for the wire
//! format and [`buffer`] for the delivery guarantee.

pub mod auth;
pub mod buffer;
pub mod client;
mod client_options;
mod conn;
mod ctx;
mod ingress;
pub mod limits;
pub mod protocol;
mod registry;
pub mod server;
pub mod tls;
mod worker;
