//! Replay from the page: the capture as stored, or as edited there, through
//! [`crate::pipeline::Pipeline::replay`] like the TUI's `r` and `hookcli replay`.

use super::state::{State, capture, oops};
use crate::capture::Capture;
use crate::target::Target;
use axum::Json;
use axum::extract::State as Shared;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use serde::Deserialize;
use serde_json::json;
use std::sync::Arc;

#[derive(Deserialize)]
pub struct ReplayRequest {
    id: String,
    /// Send the stored bytes as they are, even when the secret to re-sign them is here.
    #[serde(default)]
    original: bool,
    /// Somewhere else than the capture's own targets.
    to: Option<String>,
    edit: Option<Edit>,
}

/// What the page's editor sends: the request line, headers in order, the raw body.
#[derive(Deserialize)]
pub struct Edit {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: String,
}

pub async fn replay(Shared(s): Shared<Arc<State>>, Json(req): Json<ReplayRequest>) -> Response {
    let mut c = match capture(&s, req.id).await {
        Ok(c) => c,
        Err(r) => return r.into_response(),
    };
    if let Some(edit) = req.edit
        && let Err(why) = apply(&mut c, edit)
    {
        return oops(StatusCode::BAD_REQUEST, why).into_response();
    }
    let to = match req.to.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        None => None,
        Some(t) => match Target::parse(t) {
            Ok(t) => Some(t),
            Err(e) => {
                return oops(StatusCode::BAD_REQUEST, format!("bad target {t:?}: {e}"))
                    .into_response();
            }
        },
    };
    let Some(targets) = targets(&s, &c, to) else {
        return oops(
            StatusCode::BAD_REQUEST,
            format!(
                "no forward target for {} (give one, or start listen with --forward)",
                c.path()
            ),
        )
        .into_response();
    };
    let resigned = !req.original && resign(&s, &mut c);
    let sent = s.pipeline.replay(&c, &targets).await;
    let f = sent.forwards.first();
    Json(json!({
        "id": sent.id,
        "resigned": resigned,
        "status": f.and_then(|f| f.status),
        "error": f.and_then(|f| f.error.clone()),
        "targets": targets.iter().map(|t| t.to_string()).collect::<Vec<_>>(),
    }))
    .into_response()
}

/// The page's edit on top of the stored capture. Header values the page showed masked
/// and the user left alone keep their stored value.
fn apply(c: &mut Capture, edit: Edit) -> Result<(), String> {
    let method = edit.method.trim().to_ascii_uppercase();
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(format!("bad method {:?}", edit.method));
    }
    if !edit.path.starts_with('/') || edit.path.chars().any(char::is_control) {
        return Err(format!("bad path {:?} (it starts with /)", edit.path));
    }
    let mut headers = Vec::with_capacity(edit.headers.len());
    for (k, v) in edit.headers {
        let name = k.trim().to_ascii_lowercase();
        if http::HeaderName::from_bytes(name.as_bytes()).is_err()
            || http::HeaderValue::from_str(&v).is_err()
        {
            return Err(format!("bad header {k:?}"));
        }
        let kept = c
            .header_all(&name)
            .find(|orig| crate::redact::mask_value(&name, orig) == v && *orig != v)
            .map(str::to_string);
        headers.push((name, kept.unwrap_or(v)));
    }
    c.method = method;
    c.url = edit.path;
    c.headers = headers;
    c.body = Bytes::from(edit.body.into_bytes());
    c.body_size = c.body.len() as u64;
    Ok(())
}

/// Sign `c` again when this process holds its provider's secret; whether it did.
fn resign(s: &State, c: &mut Capture) -> bool {
    let p = &s.pipeline;
    let provider = c
        .signature
        .as_ref()
        .map(|s| s.provider.clone())
        .or_else(|| p.config.provider.clone())
        .or_else(|| crate::verify::detect(c).map(String::from));
    let Some(provider) = provider else {
        return false;
    };
    let Some(secret) = p.config.secrets.get(&provider).first() else {
        return false;
    };
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    crate::verify::sign(&provider, secret, c, now, p.config.public_url.as_deref()).is_ok()
}

/// Where a replay goes: `to`, else the listener's forward or route for its path, else the
/// targets it was forwarded to when captured.
pub fn targets(s: &State, c: &Capture, to: Option<Target>) -> Option<Vec<Target>> {
    if let Some(t) = to {
        return Some(vec![t]);
    }
    let routed = s.pipeline.targets_for(c.path());
    if !routed.is_empty() {
        return Some(routed);
    }
    if c.origin == crate::capture::Origin::Import {
        return None; // its targets belong to another machine
    }
    let mut out: Vec<Target> = Vec::new();
    for f in c.forwards.iter().filter(|f| !f.target.is_empty()) {
        let base = f.target.strip_suffix(c.url.as_str()).unwrap_or(&f.target);
        if let Ok(t) = Target::parse(base)
            && !out.contains(&t)
        {
            out.push(t);
        }
    }
    (!out.is_empty()).then_some(out)
}
