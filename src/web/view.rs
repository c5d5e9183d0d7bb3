//! What the page shows of a capture, as JSON: list rows and the detail tabs. Bodies are
//! decoded (gzip), classified (JSON, form, text, binary) and cut when huge; the page puts
//! every string in with `textContent`, so nothing here is ever markup.

use crate::capture::{Capture, Forward};
use serde_json::{Value, json};
use std::io::Read as _;

/// Bodies longer than this are shown cut (the whole one is a download away).
pub const SHOW_MAX: usize = 256 * 1024;
/// Binary bodies are shown as hex up to this many bytes.
const HEX_MAX: usize = 16 * 1024;
/// A gzip body is inflated up to this many bytes.
const INFLATE_MAX: u64 = 32 << 20;

/// The same row from a whole capture (what the live stream carries).
pub fn row_of_capture(c: &Capture, complete: bool) -> Value {
    let first = c.forwards.first();
    json!({
        "id": c.id,
        "time": crate::capture::format_time(c.received_at),
        "method": c.method,
        "path": c.url,
        "size": c.body_size,
        "provider": c.signature.as_ref().map(|s| s.provider.clone()),
        "verdict": c.signature.as_ref().map(|s| s.verdict.as_str()),
        "status": c.response_status,
        "fwd_status": first.and_then(|f| f.status),
        "ms": first.map(|f| f.duration_ms),
        "origin": serde_json::to_value(c.origin).unwrap_or(Value::Null),
        "replay_of": c.replay_of,
        "complete": complete,
    })
}

/// Everything the detail tabs show; credentials masked.
pub fn detail(c: &Capture) -> Value {
    let m = crate::redact::masked(c);
    let encoding = m.header("content-encoding").map(str::to_ascii_lowercase);
    json!({
        "row": row_of_capture(&m, true),
        "http_version": m.http_version,
        "remote_addr": m.remote_addr,
        "handshake": m.handshake,
        "headers": m.headers,
        "body": body(&m.body, m.body_size, m.header("content-type"), encoding.as_deref()),
        "signature": m.signature.as_ref().map(|s| json!({
            "provider": s.provider, "verdict": s.verdict.as_str(), "detail": s.detail,
        })),
        "forwards": m.forwards.iter().map(forward).collect::<Vec<_>>(),
    })
}

fn forward(f: &Forward) -> Value {
    let ct = f
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        .map(|(_, v)| v.as_str());
    json!({
        "target": f.target,
        "status": f.status,
        "ms": f.duration_ms,
        "error": f.error,
        "headers": f.headers,
        "body": body(&f.body, f.body_size, ct, None),
    })
}

/// A body as the page shows it: `kind` is json, form, text, binary or empty.
pub fn body(raw: &[u8], size: u64, content_type: Option<&str>, encoding: Option<&str>) -> Value {
    let inflated = match encoding {
        Some("gzip" | "x-gzip") => inflate(raw),
        _ => None,
    };
    let gzip = inflated.is_some();
    let bytes: &[u8] = inflated.as_deref().unwrap_or(raw);
    let cut_at_capture = size > raw.len() as u64;
    let ct = content_type.unwrap_or("").to_ascii_lowercase();
    let mut v = if bytes.is_empty() {
        json!({"kind": "empty", "text": ""})
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        if let Some(pretty) = pretty_json(text) {
            json!({"kind": "json", "text": cut(&pretty)})
        } else if ct.starts_with("application/x-www-form-urlencoded") {
            json!({"kind": "form", "fields": form_fields(text), "text": cut(text)})
        } else {
            json!({"kind": "text", "text": cut(text)})
        }
    } else {
        json!({"kind": "binary", "text": hex_dump(&bytes[..bytes.len().min(HEX_MAX)])})
    };
    v["size"] = json!(size);
    v["length"] = json!(bytes.len());
    v["gzip"] = json!(gzip);
    let cut_here = v["text"].as_str().is_some_and(|t| t.ends_with(CUT_MARK))
        || (v["kind"] == "binary" && bytes.len() > HEX_MAX);
    v["cut"] = json!(cut_at_capture || cut_here);
    v
}

const CUT_MARK: &str = "\n… (cut)";

fn cut(s: &str) -> String {
    if s.len() <= SHOW_MAX {
        return s.to_string();
    }
    let mut end = SHOW_MAX;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}{CUT_MARK}", &s[..end])
}

fn pretty_json(text: &str) -> Option<String> {
    let t = text.trim_start();
    if !(t.starts_with('{') || t.starts_with('[')) {
        return None;
    }
    let v: Value = serde_json::from_str(text).ok()?;
    serde_json::to_string_pretty(&v).ok()
}

fn inflate(raw: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(raw)
        .take(INFLATE_MAX)
        .read_to_end(&mut out)
        .ok()?;
    Some(out)
}

/// `a=1&b=x+y` as decoded pairs, in order.
pub fn form_fields(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                let hex = std::str::from_utf8(&b[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(x) => {
                        out.push(x);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            x => out.push(x),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Classic hex dump: offset, 16 bytes, their printable ASCII.
pub fn hex_dump(b: &[u8]) -> String {
    let mut out = String::with_capacity(b.len() * 4);
    for (n, chunk) in b.chunks(16).enumerate() {
        out.push_str(&format!("{:08x}  ", n * 16));
        for i in 0..16 {
            match chunk.get(i) {
                Some(x) => out.push_str(&format!("{x:02x} ")),
                None => out.push_str("   "),
            }
        }
        out.push(' ');
        out.extend(chunk.iter().map(|&x| {
            if x.is_ascii_graphic() || x == b' ' {
                x as char
            } else {
                '.'
            }
        }));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_classified_and_decoded() {
        let j = body(br#"{"a":[1,2]}"#, 11, Some("application/json"), None);
        assert_eq!(j["kind"], "json");
        assert!(j["text"].as_str().unwrap().contains("\n  \"a\""));
        let f = body(
            b"a=1&b=x+y%21",
            12,
            Some("application/x-www-form-urlencoded"),
            None,
        );
        assert_eq!(f["fields"], json!([["a", "1"], ["b", "x y!"]]));
        let bin = body(&[0, 159, 255], 3, None, None);
        assert_eq!(bin["kind"], "binary");
        assert!(
            bin["text"]
                .as_str()
                .unwrap()
                .starts_with("00000000  00 9f ff")
        );
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, b"hello").unwrap();
        let gz = gz.finish().unwrap();
        let g = body(&gz, gz.len() as u64, Some("text/plain"), Some("gzip"));
        assert_eq!(
            (g["text"].as_str(), g["gzip"].as_bool()),
            (Some("hello"), Some(true))
        );
    }

    #[test]
    fn huge_bodies_are_cut_with_their_size() {
        let big = "x".repeat(SHOW_MAX * 2);
        let v = body(big.as_bytes(), big.len() as u64, None, None);
        assert_eq!(v["cut"], true);
        assert_eq!(v["size"], SHOW_MAX as u64 * 2);
        assert!(v["text"].as_str().unwrap().len() < SHOW_MAX + 20);
        let small = body(b"hi", 2, None, None);
        assert_eq!(small["cut"], false);
    }
}
