//! The inspector's routes: the page, the list in pages, one capture, the live stream, and
//! the actions (replay, edit-then-replay, curl, downloads), each through the same code the
//! TUI and the command line use.

use super::state::{Oops, State, blocking, capture, internal, oops, store};
use super::view;
use crate::filter::Filter;
use crate::store::window::From;
use axum::Json;
use axum::extract::{Path, Query, State as Shared};
use axum::http::{StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::{Value, json};
use std::sync::Arc;

const INDEX: &str = include_str!("assets/index.html");
// One script: the diff and JSON tree helpers first, then the page that uses them.
const SCRIPT: &str = concat!(
    include_str!("assets/diff.js"),
    include_str!("assets/tree.js"),
    include_str!("assets/app.js")
);
const STYLE: &str = include_str!("assets/app.css");

/// Rows per page unless asked otherwise, and the most a page may ask for.
const PAGE: usize = 200;
const PAGE_MAX: usize = 1000;

type Shared_ = Shared<Arc<State>>;

pub fn router(state: Arc<State>) -> axum::Router {
    axum::Router::new()
        .route("/", get(index))
        .route(
            "/app.js",
            get(|| async { asset("text/javascript; charset=utf-8", SCRIPT) }),
        )
        .route(
            "/app.css",
            get(|| async { asset("text/css; charset=utf-8", STYLE) }),
        )
        .route("/api/captures", get(list))
        .route("/api/captures/{id}", get(one))
        .route("/api/captures/{id}/curl", get(curl))
        .route("/api/captures/{id}/body", get(raw_body))
        .route("/api/captures/{id}/export", get(export))
        .route("/api/events", get(events))
        .route("/api/replay", post(super::actions::replay))
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&state),
            super::guard::check,
        ))
        .with_state(state)
}

fn asset(kind: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

async fn index(Shared(s): Shared_) -> Response {
    // The token is hex, so it cannot break out of the attribute it goes in.
    let page = INDEX.replace("{{TOKEN}}", &s.token);
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        page,
    )
        .into_response()
}

fn parse_filter(expr: Option<&str>) -> Result<Option<Filter>, Oops> {
    match expr.map(str::trim).filter(|e| !e.is_empty()) {
        None => Ok(None),
        Some(e) => Filter::parse(e)
            .map(Some)
            .map_err(|why| oops(StatusCode::BAD_REQUEST, format!("bad filter: {why}"))),
    }
}

#[derive(Deserialize)]
struct ListQuery {
    filter: Option<String>,
    /// Rows older than this id (the next page down).
    before: Option<String>,
    limit: Option<usize>,
}

/// Newest first, one page: the page asks for the next one as it scrolls. A page before an id
/// is read by `Store::page` from that id down, so a deep page costs what a first one does.
async fn list(Shared(s): Shared_, Query(q): Query<ListQuery>) -> Response {
    let filter = match parse_filter(q.filter.as_deref()) {
        Ok(f) => f,
        Err(r) => return r.into_response(),
    };
    if let Some(b) = &q.before
        && crate::id::check_id(b).is_err()
    {
        return oops(StatusCode::BAD_REQUEST, "before: not a capture id").into_response();
    }
    let limit = q.limit.unwrap_or(PAGE).clamp(1, PAGE_MAX);
    let out = blocking(&s, move |s| {
        let store = store(s)?;
        let from = q.before.map_or(From::Newest, From::Before);
        // One more than asked says whether another page follows.
        let mut page = store
            .page(filter.as_ref(), &from, limit + 1)
            .map_err(internal)?;
        page.reverse();
        let more = page.len() > limit;
        page.truncate(limit);
        let rows: Vec<Value> = page.iter().map(|c| view::row_of_capture(c, true)).collect();
        let total = store.count().map_err(internal)?;
        Ok(json!({ "rows": rows, "more": more, "total": total }))
    })
    .await;
    out.map_or_else(IntoResponse::into_response, |v| Json(v).into_response())
}

async fn one(Shared(s): Shared_, Path(id): Path<String>) -> Response {
    match capture(&s, id).await {
        Ok(c) => Json(view::detail(&c)).into_response(),
        Err(r) => r.into_response(),
    }
}

async fn curl(Shared(s): Shared_, Path(id): Path<String>) -> Response {
    let c = match capture(&s, id).await {
        Ok(c) => c,
        Err(r) => return r.into_response(),
    };
    let targets = super::actions::targets(&s, &c, None).unwrap_or_default();
    let url = match (targets.first(), &s.listen_url) {
        (Some(t), _) => t.join(&c.url),
        (None, Some(base)) => format!("{base}{}", c.url),
        (None, None) => format!("http://localhost{}", c.url),
    };
    let text = crate::export::curl_command(&crate::redact::masked(&c), &url);
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response()
}

fn attachment(kind: &'static str, name: String, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, kind.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// The whole body, however large, as the sender sent it.
async fn raw_body(Shared(s): Shared_, Path(id): Path<String>) -> Response {
    match capture(&s, id).await {
        Ok(c) => {
            let name =
                crate::id::check_id(&c.id).map_or("capture.body".into(), |i| i.file_name("body"));
            attachment("application/octet-stream", name, c.body.to_vec())
        }
        Err(r) => r.into_response(),
    }
}

#[derive(Deserialize)]
struct ExportQuery {
    format: Option<String>,
}

/// The capture as hookcli JSON or a HAR log, credentials masked like every export.
async fn export(
    Shared(s): Shared_,
    Path(id): Path<String>,
    Query(q): Query<ExportQuery>,
) -> Response {
    let c = match capture(&s, id).await {
        Ok(c) => c,
        Err(r) => return r.into_response(),
    };
    let m = crate::redact::masked(&c).into_owned();
    let id = crate::id::check_id(&m.id).map_err(|_| ());
    match q.format.as_deref().unwrap_or("json") {
        "har" => {
            let har = crate::interchange::to_har(std::slice::from_ref(&m));
            let name = id.map_or("capture.har".into(), |i| i.file_name("har"));
            let text = serde_json::to_vec_pretty(&har).unwrap_or_default();
            attachment("application/json", name, text)
        }
        "json" => {
            let name = id.map_or("capture.json".into(), |i| i.file_name("json"));
            attachment("application/json", name, m.to_json().into_bytes())
        }
        other => oops(
            StatusCode::BAD_REQUEST,
            format!("unknown format {other:?} (json or har)"),
        )
        .into_response(),
    }
}

#[derive(Deserialize)]
struct EventsQuery {
    filter: Option<String>,
}

/// New and updated captures as they are stored, one `row` event each (filtered like the
/// list, on the server).
async fn events(Shared(s): Shared_, Query(q): Query<EventsQuery>) -> Response {
    let filter = match parse_filter(q.filter.as_deref()) {
        Ok(f) => f,
        Err(r) => return r.into_response(),
    };
    let rx = s.live.subscribe();
    let stream = futures_util::stream::unfold((rx, filter), |(mut rx, filter)| async move {
        loop {
            match rx.recv().await {
                Ok(c) => {
                    if filter.as_ref().is_some_and(|f| !f.matches(&c)) {
                        continue;
                    }
                    let row: Value = view::row_of_capture(&crate::redact::masked(&c), true);
                    let ev = Event::default().event("row").data(row.to_string());
                    return Some((Ok::<_, std::convert::Infallible>(ev), (rx, filter)));
                }
                // Fell behind: tell the page to reload its first page.
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {
                    let ev = Event::default().event("reload").data("lagged");
                    return Some((Ok(ev), (rx, filter)));
                }
                Err(tokio::sync::broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}
