//! What the inspector's handlers share: the state, the JSON error they answer with, and
//! reading the store off the async threads.

use crate::capture::Capture;
use crate::pipeline::Pipeline;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use std::sync::Arc;

/// What the handlers share.
pub struct State {
    pub pipeline: Arc<Pipeline>,
    /// The per-run secret every API call carries; only the page served here knows it.
    pub token: String,
    /// The listener's own URL, for `copy as curl` (None for `hookcli inspect`).
    pub listen_url: Option<String>,
    pub live: super::live::Live,
}

/// A JSON error the page shows in its status line.
pub struct Oops(StatusCode, String);

impl IntoResponse for Oops {
    fn into_response(self) -> Response {
        (self.0, Json(json!({ "error": self.1 }))).into_response()
    }
}

pub fn oops(status: StatusCode, msg: impl Into<String>) -> Oops {
    Oops(status, msg.into())
}

/// Run store work off the async threads.
pub async fn blocking<T: Send + 'static>(
    s: &Arc<State>,
    f: impl FnOnce(&State) -> Result<T, Oops> + Send + 'static,
) -> Result<T, Oops> {
    let s = Arc::clone(s);
    tokio::task::spawn_blocking(move || f(&s))
        .await
        .unwrap_or_else(|_| {
            Err(oops(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the store read failed",
            ))
        })
}

pub fn store(s: &State) -> Result<&crate::store::Store, Oops> {
    s.pipeline
        .store
        .as_ref()
        .ok_or_else(|| oops(StatusCode::NOT_FOUND, "no store (listen --no-store)"))
}

pub fn internal(e: anyhow::Error) -> Oops {
    oops(StatusCode::INTERNAL_SERVER_ERROR, format!("{e:#}"))
}

/// The capture `id` names, whole (unmasked: callers mask what they show).
pub async fn capture(s: &Arc<State>, id: String) -> Result<Capture, Oops> {
    if crate::id::check_id(&id).is_err() {
        return Err(oops(StatusCode::BAD_REQUEST, "not a capture id"));
    }
    blocking(s, move |s| {
        store(s)?
            .get(&id)
            .map_err(internal)?
            .ok_or_else(|| oops(StatusCode::NOT_FOUND, format!("no capture {id}")))
    })
    .await
}
