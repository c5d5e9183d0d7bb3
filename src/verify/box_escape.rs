//! Box with its SDK's second try: when the signature over the body as received does not
//! match, box-typescript-sdk-gen 1.19 `validateMessage` computes it again over the body
//! with every character from U+007F up written as a `\uXXXX` escape (per UTF-16 unit,
//! lower-case hex) and every `/` not already after a backslash written `\/`, as PHP's
//! `json_encode` writes them (`jsonStringifyWithEscapedUnicode` in src/internal/utilsNode.ts),
//! and accepts either. The table row does the rest.

use super::base::{Context, set_body};
use super::hmac_concat::BOX;
use super::provider::{Provider, ProviderInfo};
use crate::capture::{Capture, Signature, Verdict};

/// Box: the `BOX` row, plus the escaped-body retry.
pub(crate) struct BoxSdk;

impl Provider for BoxSdk {
    fn info(&self) -> &ProviderInfo {
        BOX.info()
    }
    fn detect(&self) -> &'static [&'static str] {
        BOX.detect()
    }
    fn verify(&self, c: &Capture, secrets: &[String], ctx: &Context) -> Signature {
        let first = BOX.verify(c, secrets, ctx);
        if first.verdict != Verdict::Invalid {
            return first;
        }
        let Some(escaped) = escape_non_ascii(&c.body) else {
            return first;
        };
        let mut e = c.clone();
        set_body(&mut e, escaped);
        let mut second = BOX.verify(&e, secrets, ctx);
        match second.verdict {
            Verdict::Valid | Verdict::Expired => {
                second.detail.push_str(
                    " (over the body with non-ASCII escaped as \\uXXXX and / as \\/, as the SDK retries)",
                );
                second
            }
            _ => first,
        }
    }
    fn sign(&self, secret: &str, c: &mut Capture, ctx: &Context) -> Result<(), String> {
        BOX.sign(secret, c, ctx)
    }
}

/// The body with each UTF-16 unit from U+007F up as `\uXXXX`, then each `/` not preceded
/// by a backslash as `\/`; `None` when nothing would change or the body is not UTF-8 (the
/// SDK works on text).
pub(crate) fn escape_non_ascii(body: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(body).ok()?;
    let mut unicode = String::with_capacity(text.len() + 16);
    for ch in text.chars() {
        if (ch as u32) < 0x7f {
            unicode.push(ch);
            continue;
        }
        let mut units = [0u16; 2];
        for u in ch.encode_utf16(&mut units) {
            unicode.push_str(&format!("\\u{:04x}", u));
        }
    }
    let mut out = String::with_capacity(unicode.len() + 8);
    let mut prev = None;
    for ch in unicode.chars() {
        if ch == '/' && prev != Some('\\') {
            out.push('\\');
        }
        out.push(ch);
        prev = Some(ch);
    }
    (out != text).then(|| out.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::escape_non_ascii;

    #[test]
    fn escapes_per_utf16_unit_in_lower_case() {
        let got = escape_non_ascii("é 😀 a\u{7f}".as_bytes()).unwrap();
        assert_eq!(
            String::from_utf8(got).unwrap(),
            "\\u00e9 \\ud83d\\ude00 a\\u007f"
        );
        assert!(escape_non_ascii(b"plain").is_none());
        // Slashes too, unless already escaped (the SDK's `(?<!\\)\/`).
        let got = escape_non_ascii(br#"{"u":"a/b\/c"}"#).unwrap();
        assert_eq!(String::from_utf8(got).unwrap(), r#"{"u":"a\/b\/c"}"#);
        assert!(escape_non_ascii(b"\xff").is_none());
    }
}
