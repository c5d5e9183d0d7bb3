//! One test event of the catalog as read from its file, before rendering, and where it
//! came from.

use super::json::Json;
use std::path::PathBuf;

/// Where an event came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Builtin,
    User(PathBuf),
}

/// One test event: its templates, not yet rendered.
#[derive(Debug, Clone)]
pub struct Event {
    /// Canonical provider id.
    pub provider: String,
    pub name: String,
    /// What `{{type}}` stands for in headers (GitHub's `pull_request` for `pull_request.opened`).
    pub kind: String,
    pub description: String,
    /// Only this event's own headers; the provider's set is in [`Catalog::headers`].
    pub headers: Vec<(String, String)>,
    pub body: Json,
    /// Sent as `application/x-www-form-urlencoded` (Twilio, Slack commands) instead of JSON.
    pub form: bool,
    pub source: Source,
}
