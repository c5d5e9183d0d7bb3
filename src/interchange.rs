//! Captures to and from files: one capture JSON, a JSON array, NDJSON, or HAR 1.2.
//!
//! HAR is what browsers, mitmproxy and HTTP Toolkit export; reading it lets a request seen
//! anywhere be replayed here. Writing it carries every field HAR 1.2 requires.

use crate::capture::{Capture, Forward, Origin, decode_body, encode_body, format_time, parse_time};
use anyhow::{Context as _, Result, bail};
use bytes::Bytes;
use serde_json::{Value, json};

/// Why a capture could not be saved as a file.
#[derive(Debug)]
pub enum SaveError {
    /// Its id is not a ULID, so it cannot name a file (a relayed or imported id could be a
    /// path like `../x`).
    BadId(String),
    /// Writing the file failed.
    Write(std::path::PathBuf, std::io::Error),
}

/// Write `c` as pretty JSON to `<id>.json` in `dir`; the path written.
pub fn save_as_file(c: &Capture, dir: &std::path::Path) -> Result<std::path::PathBuf, SaveError> {
    // Only a checked id names a file.
    let id = crate::id::check_id(&c.id).map_err(|e| SaveError::BadId(e.to_string()))?;
    let path = dir.join(id.file_name("json"));
    let text = serde_json::to_string_pretty(c).unwrap_or_default() + "\n";
    std::fs::write(&path, text).map_err(|e| SaveError::Write(path.clone(), e))?;
    Ok(path)
}

/// Read every capture in `text`, whatever of the four forms it is. Ids come from outside
/// here, so each is checked: one that is not a ULID is replaced (and a warning says so).
pub fn parse_many(text: &str) -> Result<Vec<Capture>> {
    let mut captures = parse_any(text)?;
    for c in &mut captures {
        if let Some(w) = check_ids(c) {
            eprintln!("hookcli: warning: {}", crate::output::escape(&w));
        }
    }
    Ok(captures)
}

/// Make `c.id` a checked ULID: a bad one is replaced by an id derived from it and the
/// capture's time (the same file read twice gives the same ids). A `replay_of` that is not an
/// id names nothing and is dropped. Returns what to tell the user, if anything.
pub fn check_ids(c: &mut Capture) -> Option<String> {
    if c.replay_of
        .as_deref()
        .is_some_and(|r| crate::id::check_id(r).is_err())
    {
        c.replay_of = None;
    }
    match crate::id::check_id(&c.id) {
        Ok(id) => {
            c.id = id.into();
            None
        }
        Err(e) => {
            let new = crate::id::replacement(&c.id, c.received_at);
            let msg = format!("capture id {:?} is not a ULID ({e}); using {new}", c.id);
            c.id = new.into();
            Some(msg)
        }
    }
}

fn parse_any(text: &str) -> Result<Vec<Capture>> {
    let trimmed = text.trim_start();
    if trimmed.is_empty() {
        bail!("no captures in the input (it is empty)");
    }
    if trimmed.starts_with('[') {
        let arr: Vec<Capture> =
            serde_json::from_str(trimmed).context("not a JSON array of captures")?;
        return Ok(arr);
    }
    // One JSON document: a capture or a HAR log.
    if let Ok(v) = serde_json::from_str::<Value>(trimmed) {
        if v.get("log").is_some() {
            return from_har(&v);
        }
        return Ok(vec![
            serde_json::from_value(v).context("not a capture JSON object")?,
        ]);
    }
    // NDJSON: one capture a line; blank lines are fine.
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let c = Capture::from_json(line)
            .with_context(|| format!("line {} is not a capture JSON object", i + 1))?;
        out.push(c);
    }
    Ok(out)
}

/// Every capture in a byte stream, one at a time: NDJSON, capture JSON objects one after
/// another (pretty-printed, as `--save` writes them, concatenated), arrays, HAR logs. Only
/// one top-level JSON value is held at once, so a large stream reads in flat memory.
pub fn stream<R: std::io::Read + 'static>(
    reader: R,
    name: String,
) -> impl Iterator<Item = Result<Capture>> {
    let values =
        serde_json::Deserializer::from_reader(std::io::BufReader::new(reader)).into_iter::<Value>();
    values.flat_map(move |v| -> Vec<Result<Capture>> {
        let v = match v {
            Ok(v) => v,
            Err(e) => {
                return vec![Err(
                    anyhow::Error::new(e).context(format!("{name} does not hold captures"))
                )];
            }
        };
        let one = |v: Value| {
            serde_json::from_value::<Capture>(v)
                .with_context(|| format!("{name} holds something that is not a capture"))
        };
        match v {
            Value::Array(items) => items.into_iter().map(one).collect(),
            v if v.get("log").is_some() => match from_har(&v) {
                Ok(cs) => cs.into_iter().map(Ok).collect(),
                Err(e) => vec![Err(e.context(format!("{name} is not a usable HAR file")))],
            },
            v => vec![one(v)],
        }
    })
}

/// The URL a HAR entry names: the sender's Host and the captured path and query.
fn absolute_url(c: &Capture) -> String {
    if c.url.starts_with("http://") || c.url.starts_with("https://") {
        return c.url.clone();
    }
    let host = c.header("host").unwrap_or("localhost");
    format!("http://{host}{}", c.url)
}

/// HAR headers. HAR has no encoding for a header value that is not UTF-8, so such a value is
/// written as base64 with a custom `"_encoding": "base64"` field (HAR allows `_` fields), and
/// read back the same way.
fn pairs(h: &[(String, String)]) -> Vec<Value> {
    use base64::Engine as _;
    h.iter()
        .map(|(k, v)| {
            if crate::headers::is_text(v) {
                json!({"name": k, "value": v})
            } else {
                let b64 =
                    base64::engine::general_purpose::STANDARD.encode(crate::headers::to_bytes(v));
                json!({"name": k, "value": b64, "_encoding": "base64"})
            }
        })
        .collect()
}

fn query_pairs(c: &Capture) -> Vec<Value> {
    c.query()
        .map(|q| {
            q.split('&')
                .filter(|p| !p.is_empty())
                .map(|p| {
                    let (k, v) = p.split_once('=').unwrap_or((p, ""));
                    json!({"name": k, "value": v})
                })
                .collect()
        })
        .unwrap_or_default()
}

fn head_size(first_line: usize, h: &[(String, String)]) -> usize {
    first_line + 2 + h.iter().map(|(k, v)| k.len() + v.len() + 4).sum::<usize>() + 2
}

/// One HAR entry for a capture (the first forward, if any, is its response).
pub fn har_entry(c: &Capture) -> Value {
    let (body, encoding) = encode_body(&c.body);
    let mime = c.header("content-type").unwrap_or("").to_string();
    let mut post = json!({"mimeType": mime, "text": body});
    if encoding == "base64" {
        post["encoding"] = json!("base64");
    }
    let request_line = c.method.len() + c.url.len() + c.http_version.len() + 2;
    let mut request = json!({
        "method": c.method,
        "url": absolute_url(c),
        "httpVersion": c.http_version,
        "cookies": [],
        "headers": pairs(&c.headers),
        "queryString": query_pairs(c),
        "headersSize": head_size(request_line, &c.headers),
        "bodySize": c.body.len(),
    });
    if !c.body.is_empty() {
        request["postData"] = post;
    }
    let (response, wait) = match c.forwards.first() {
        Some(f) => (har_response(f), f.duration_ms),
        None => (
            json!({
                "status": c.response_status.unwrap_or(0),
                "statusText": "",
                "httpVersion": "HTTP/1.1",
                "cookies": [],
                "headers": [],
                "content": {"size": 0, "mimeType": ""},
                "redirectURL": "",
                "headersSize": -1,
                "bodySize": -1,
            }),
            0.0,
        ),
    };
    json!({
        "startedDateTime": format_time(c.received_at),
        "time": wait,
        "request": request,
        "response": response,
        "cache": {},
        "timings": {"send": 0, "wait": wait, "receive": 0},
    })
}

fn har_response(f: &Forward) -> Value {
    let (body, encoding) = encode_body(&f.body);
    let mime = f
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        .map_or("", |(_, v)| v.as_str());
    let mut content = json!({"size": f.body_size, "mimeType": mime, "text": body});
    if encoding == "base64" {
        content["encoding"] = json!("base64");
    }
    let status = f.status.unwrap_or(0);
    let reason = f
        .status
        .and_then(|s| http::StatusCode::from_u16(s).ok())
        .and_then(|s| s.canonical_reason())
        .unwrap_or("");
    let mut r = json!({
        "status": status,
        "statusText": reason,
        "httpVersion": "HTTP/1.1",
        "cookies": [],
        "headers": pairs(&f.headers),
        "content": content,
        "redirectURL": "",
        "headersSize": if f.status.is_some() { head_size(13 + reason.len(), &f.headers) as i64 } else { -1 },
        "bodySize": if f.status.is_some() { f.body.len() as i64 } else { -1 },
    });
    if let Some(e) = &f.error {
        r["_error"] = json!(e);
    }
    r
}

/// A whole HAR 1.2 document.
pub fn to_har(captures: &[Capture]) -> Value {
    json!({
        "log": {
            "version": "1.2",
            "creator": {"name": "hookcli", "version": env!("CARGO_PKG_VERSION")},
            "entries": captures.iter().map(har_entry).collect::<Vec<_>>(),
        }
    })
}

fn har_pairs(v: &Value) -> Vec<(String, String)> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|h| {
                    let k = h.get("name")?.as_str()?;
                    let v = h.get("value")?.as_str().unwrap_or("");
                    let bytes = match h.get("_encoding").and_then(Value::as_str) {
                        Some("base64") => decode_body(v, "base64").ok()?,
                        _ => Bytes::copy_from_slice(v.as_bytes()),
                    };
                    let v = crate::headers::from_bytes(&bytes).into_owned();
                    Some((k.to_ascii_lowercase(), v))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Captures from a HAR log (`origin: import`, fresh ids).
pub fn from_har(v: &Value) -> Result<Vec<Capture>> {
    let entries = v["log"]["entries"]
        .as_array()
        .context("HAR has no log.entries array")?;
    let mut out = Vec::with_capacity(entries.len());
    for (i, e) in entries.iter().enumerate() {
        let req = &e["request"];
        let method = req["method"]
            .as_str()
            .with_context(|| format!("HAR entry {i} has no request.method"))?;
        let url = req["url"]
            .as_str()
            .with_context(|| format!("HAR entry {i} has no request.url"))?;
        let path = match url.split_once("://") {
            Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
            None => url,
        };
        let mut c = Capture::new(Origin::Import, method, path);
        if let Some(t) = e["startedDateTime"].as_str().and_then(parse_time) {
            c.received_at = t;
        }
        if let Some(v) = req["httpVersion"]
            .as_str()
            .filter(|v| v.starts_with("HTTP/"))
        {
            c.http_version = v.to_string();
        }
        c.headers = har_pairs(&req["headers"]);
        if let Some(post) = req.get("postData") {
            let text = post["text"].as_str().unwrap_or("");
            let enc = post["encoding"].as_str().unwrap_or("utf8");
            c.body = decode_body(text, enc)
                .map_err(anyhow::Error::msg)
                .with_context(|| format!("HAR entry {i}: bad postData"))?;
        }
        c.body_size = c.body.len() as u64;
        let resp = &e["response"];
        if let Some(status) = resp["status"].as_u64().filter(|s| *s > 0) {
            let content = &resp["content"];
            let text = content["text"].as_str().unwrap_or("");
            let enc = content["encoding"].as_str().unwrap_or("utf8");
            let body =
                decode_body(text, enc).unwrap_or_else(|_| Bytes::copy_from_slice(text.as_bytes()));
            // The response is kept to look at, but the HAR's host is not a target of ours:
            // replaying an import must never send a production request back to production.
            c.forwards.push(Forward {
                target: String::new(),
                status: u16::try_from(status).ok(),
                headers: har_pairs(&resp["headers"]),
                body_size: content["size"].as_u64().unwrap_or(body.len() as u64),
                body,
                duration_ms: e["time"].as_f64().unwrap_or(0.0),
                error: resp["_error"].as_str().map(String::from),
            });
            c.response_status = u16::try_from(status).ok();
        }
        out.push(c);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Capture {
        let mut c = Capture::new(Origin::Local, "POST", "/hooks/x?a=1&b=2");
        c.headers = vec![
            ("host".into(), "127.0.0.1:9999".into()),
            ("content-type".into(), "application/json".into()),
        ];
        c.body = Bytes::from_static(b"{\"k\":1}");
        c.body_size = 7;
        c
    }

    #[test]
    fn reads_object_array_and_ndjson() {
        let a = sample();
        let b = sample();
        assert_eq!(parse_many(&a.to_json()).unwrap().len(), 1);
        let arr = serde_json::to_string(&vec![a.clone(), b.clone()]).unwrap();
        assert_eq!(parse_many(&arr).unwrap().len(), 2);
        let nd = format!("{}\n\n{}\n", a.to_json(), b.to_json());
        let got = parse_many(&nd).unwrap();
        assert_eq!(got[1].id, b.id);
        assert!(parse_many("").is_err());
        assert!(parse_many("{\"id\": 1").is_err());
    }

    #[test]
    fn har_has_required_fields_and_round_trips_stably() {
        let mut c = sample();
        c.forwards.push(Forward {
            target: "http://localhost:3000/hooks/x?a=1&b=2".into(),
            status: Some(200),
            headers: vec![("content-type".into(), "text/plain".into())],
            body: Bytes::from_static(b"ok"),
            body_size: 2,
            duration_ms: 3.5,
            error: None,
        });
        let mut bin = sample();
        bin.body = Bytes::from_static(&[0xff, 0, 1]);
        let har = to_har(&[c.clone(), bin.clone()]);
        let e = &har["log"]["entries"][0];
        for k in [
            "startedDateTime",
            "time",
            "request",
            "response",
            "cache",
            "timings",
        ] {
            assert!(e.get(k).is_some(), "entry lacks {k}");
        }
        for k in [
            "method",
            "url",
            "httpVersion",
            "cookies",
            "headers",
            "queryString",
            "headersSize",
            "bodySize",
        ] {
            assert!(e["request"].get(k).is_some(), "request lacks {k}");
        }
        for k in [
            "status",
            "statusText",
            "httpVersion",
            "cookies",
            "headers",
            "content",
            "redirectURL",
            "headersSize",
            "bodySize",
        ] {
            assert!(e["response"].get(k).is_some(), "response lacks {k}");
        }
        assert_eq!(e["request"]["url"], "http://127.0.0.1:9999/hooks/x?a=1&b=2");
        assert_eq!(e["request"]["queryString"][1]["name"], "b");
        let back = from_har(&har).unwrap();
        assert_eq!(back[0].url, c.url);
        assert_eq!(back[0].body, c.body);
        assert_eq!(back[1].body, bin.body);
        assert_eq!(back[0].origin, Origin::Import);
        assert_eq!(to_har(&back), har, "export → import → export is stable");
    }
}
