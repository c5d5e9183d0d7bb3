//! Header values as exact bytes inside `Capture.headers: Vec<(String, String)>`.
//!
//! HTTP lets a header value carry any byte but CTL (obs-text), so a value need not be UTF-8.
//! Every reader of a capture wants `&str`, and almost every value is text, so the type stays a
//! `String` and the bytes that are not UTF-8 are carried losslessly *inside* it: byte `b`
//! becomes the private-use character `U+10FF00 + b`. Valid UTF-8 is kept as it is, except that
//! those 256 characters themselves (which no real header holds) are written as their bytes in
//! the same way, so the mapping is one-to-one: [`from_bytes`] and [`to_bytes`] are exact
//! inverses for every byte string. The forwarder sends [`to_bytes`]; people see `\xff`
//! ([`crate::output::escape`]); the capture JSON writes such a value as
//! `["x-h", "<base64 of the bytes>", "base64"]` (a plain value stays `["x-h", "text"]`).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// The character that stands for raw byte 0.
const RAW_BASE: u32 = 0x10_FF00;

/// The byte a stand-in character carries, if it is one.
pub fn raw_byte(c: char) -> Option<u8> {
    let n = c as u32;
    (RAW_BASE..=RAW_BASE + 0xff)
        .contains(&n)
        .then(|| (n - RAW_BASE) as u8)
}

fn stand_in(b: u8) -> char {
    char::from_u32(RAW_BASE + u32::from(b)).unwrap_or(char::REPLACEMENT_CHARACTER)
}

/// Whether UTF-8 bytes may hold a stand-in (`F4 8F BC..BF ..`): a cheap pre-check.
fn may_hold_stand_in(b: &[u8]) -> bool {
    memchr::memchr_iter(0xF4, b)
        .any(|i| b.get(i + 1) == Some(&0x8F) && b.get(i + 2).is_some_and(|x| *x >= 0xBC))
}

/// A header value's bytes as the `String` a capture keeps (see the module doc).
pub fn from_bytes(b: &[u8]) -> Cow<'_, str> {
    if let Ok(s) = std::str::from_utf8(b)
        && !may_hold_stand_in(b)
    {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(b.len() + 8);
    for chunk in b.utf8_chunks() {
        for c in chunk.valid().chars() {
            if raw_byte(c).is_some() {
                let mut buf = [0u8; 4];
                out.extend(c.encode_utf8(&mut buf).bytes().map(stand_in));
            } else {
                out.push(c);
            }
        }
        out.extend(chunk.invalid().iter().copied().map(stand_in));
    }
    Cow::Owned(out)
}

/// The exact bytes a kept header value stands for.
pub fn to_bytes(s: &str) -> Cow<'_, [u8]> {
    if !may_hold_stand_in(s.as_bytes()) {
        return Cow::Borrowed(s.as_bytes());
    }
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        match raw_byte(c) {
            Some(b) => out.push(b),
            None => out.extend_from_slice(c.encode_utf8(&mut [0u8; 4]).as_bytes()),
        }
    }
    Cow::Owned(out)
}

/// True when the value is exactly UTF-8 text (no stand-ins).
pub fn is_text(s: &str) -> bool {
    !may_hold_stand_in(s.as_bytes()) || !s.chars().any(|c| raw_byte(c).is_some())
}

/// Header pairs in the capture JSON: `[name, text]`, or `[name, base64, "base64"]` for a
/// value that is not UTF-8.
pub(crate) struct HeadersOut<'a>(pub &'a [(String, String)]);

impl Serialize for HeadersOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq as _;
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for (k, v) in self.0 {
            if is_text(v) {
                seq.serialize_element(&(k, v))?;
            } else {
                seq.serialize_element(&(k, B64.encode(to_bytes(v)), "base64"))?;
            }
        }
        seq.end()
    }
}

/// One header pair as read from JSON (two or three elements).
#[derive(Deserialize)]
#[serde(untagged)]
pub(crate) enum HeaderIn {
    Text(String, String),
    Encoded(String, String, String),
}

/// Header pairs read from JSON into the kept form: names lower case, values exact.
pub(crate) fn headers_in(pairs: Vec<HeaderIn>) -> Result<Vec<(String, String)>, String> {
    pairs
        .into_iter()
        .map(|h| {
            let (k, v) = match h {
                HeaderIn::Text(k, v) => (k, from_bytes(v.as_bytes()).into_owned()),
                HeaderIn::Encoded(k, v, enc) => match enc.as_str() {
                    "utf8" | "" => (k, from_bytes(v.as_bytes()).into_owned()),
                    "base64" => {
                        let bytes = B64
                            .decode(v.trim())
                            .map_err(|e| format!("header {k:?} is not valid base64 ({e})"))?;
                        (k, from_bytes(&bytes).into_owned())
                    }
                    other => return Err(format!("header {k:?}: unknown encoding {other:?}")),
                },
            };
            Ok((k.to_ascii_lowercase(), v))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_byte_string_round_trips() {
        let cases: [&[u8]; 6] = [
            b"plain",
            b"\xff\xfeA",
            "caf\u{e9}".as_bytes(),
            // A real U+10FF41 in the input is kept as its bytes, not read as a stand-in.
            "x\u{10FF41}y".as_bytes(),
            b"\xf4\x8f\xbc",
            b"\xc2\x9b1m",
        ];
        for b in cases {
            let kept = from_bytes(b);
            assert_eq!(to_bytes(&kept).as_ref(), b, "{b:?}");
        }
        assert!(matches!(from_bytes(b"plain"), Cow::Borrowed(_)));
        assert!(is_text(&from_bytes("caf\u{e9}".as_bytes())));
        assert!(!is_text(&from_bytes(b"\xff")));
        assert!(!is_text(&from_bytes("\u{10FF41}".as_bytes())));
    }

    #[test]
    fn json_form_is_two_or_three_elements() {
        let pairs = vec![
            ("x-a".to_string(), "1".to_string()),
            ("x-h".to_string(), from_bytes(b"\xff").into_owned()),
        ];
        let json = serde_json::to_string(&HeadersOut(&pairs)).unwrap();
        assert_eq!(json, r#"[["x-a","1"],["x-h","/w==","base64"]]"#);
        let back: Vec<HeaderIn> = serde_json::from_str(&json).unwrap();
        assert_eq!(headers_in(back).unwrap(), pairs);
        let bad: Vec<HeaderIn> = serde_json::from_str(r#"[["x","1","rot13"]]"#).unwrap();
        assert!(headers_in(bad).is_err());
    }
}
