//! Header, body and URL parsers: plain functions over text and bytes that never panic.
//!
//! Everything here is fed attacker-controlled input on the hot path, so nothing indexes
//! blindly, nothing unwraps, and every decoder answers `None` instead of failing loudly
//! (a fuzz-style test in this file feeds them random bytes).

use base64::Engine as _;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

/// Standard alphabet; padding optional because several senders drop it.
const B64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);
/// URL-safe alphabet (JWTs, Sanity); padding optional.
const B64URL: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);
/// Encoders: standard with padding, URL-safe without.
pub const B64_OUT: GeneralPurpose =
    GeneralPurpose::new(&alphabet::STANDARD, GeneralPurposeConfig::new());
pub const B64URL_OUT: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new().with_encode_padding(false),
);

pub fn b64(s: &str) -> Option<Vec<u8>> {
    B64.decode(s.trim()).ok()
}

pub fn b64url(s: &str) -> Option<Vec<u8>> {
    B64URL.decode(s.trim()).ok()
}

pub fn hex(s: &str) -> Option<Vec<u8>> {
    hex::decode(s.trim()).ok()
}

/// Split `a=1,b=2` style lists on any of `seps`; items are trimmed and split at the first
/// `=`. Items without `=` are skipped (the SDKs ignore what they cannot read).
pub fn kv_items<'a>(s: &'a str, seps: &'a str) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
    s.split(move |ch: char| seps.contains(ch))
        .map(str::trim)
        .filter_map(|item| item.split_once('='))
        .map(|(k, v)| (k.trim(), v.trim()))
}

/// A non-negative decimal integer, digits only (no sign, no spaces inside).
pub fn int(s: &str) -> Option<i64> {
    let s = s.trim();
    if s.is_empty() || s.len() > 18 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// RFC 3339 text to unix milliseconds (nanoseconds are cut, not rounded).
pub fn rfc3339_ms(s: &str) -> Option<i64> {
    let t = crate::capture::parse_time(s.trim())?;
    let ms = t.unix_timestamp_nanos() / 1_000_000;
    i64::try_from(ms).ok()
}

/// `%XX` decoding (and `+` as space for form bodies); invalid escapes stay as written,
/// invalid UTF-8 becomes U+FFFD, as browsers and web frameworks do.
pub fn percent_decode(s: &[u8], plus_as_space: bool) -> String {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        let b = s[i];
        if b == b'%' {
            let hi = s.get(i + 1).and_then(|c| (*c as char).to_digit(16));
            let lo = s.get(i + 2).and_then(|c| (*c as char).to_digit(16));
            if let (Some(hi), Some(lo)) = (hi, lo) {
                out.push((hi * 16 + lo) as u8);
                i += 3;
                continue;
            }
        }
        out.push(if plus_as_space && b == b'+' { b' ' } else { b });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `application/x-www-form-urlencoded` pairs, decoded, in order, repeats kept.
pub fn form_pairs(body: &[u8]) -> Vec<(String, String)> {
    body.split(|b| *b == b'&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = match p.iter().position(|b| *b == b'=') {
                Some(i) => (&p[..i], &p[i + 1..]),
                None => (p, &[][..]),
            };
            (percent_decode(k, true), percent_decode(v, true))
        })
        .collect()
}

/// The first value of a query parameter in a URL (or bare query), decoded.
pub fn query_param(url: &str, name: &str) -> Option<String> {
    let query = url.split_once('?').map_or("", |(_, q)| q);
    let query = query.split('#').next().unwrap_or("");
    form_pairs(query.as_bytes())
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

/// Is this body form-encoded, going by the content type?
pub fn is_form(content_type: Option<&str>) -> bool {
    content_type.is_some_and(|ct| {
        ct.trim_start()
            .get(..33)
            .is_some_and(|p| p.eq_ignore_ascii_case("application/x-www-form-urlencoded"))
    })
}

/// Split `scheme://authority/rest` into its three parts; `None` without a scheme.
pub fn split_url(url: &str) -> Option<(&str, &str, &str)> {
    let (scheme, rest) = url.split_once("://")?;
    let cut = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(cut);
    Some((scheme, authority, tail))
}

/// A hash or signature shortened for a detail line: the first 8 characters and `…`.
pub fn short(s: &str) -> String {
    let s = s.trim();
    match s.char_indices().nth(8) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// A JSON string (or number, as text) found by a path of object keys, e.g.
/// `["signature", "token"]`. `None` when the body is not JSON or the path is absent.
pub fn json_text(body: &[u8], path: &[&str]) -> Option<String> {
    match super::json_path::at(body, path)? {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `body` with the number after the first `"field":` replaced by `value`, other bytes
/// untouched; `None` when the field is absent or not followed by a number.
pub fn replace_json_number(body: &[u8], field: &str, value: &str) -> Option<Vec<u8>> {
    let key = format!("\"{field}\"");
    let at = memchr::memmem::find(body, key.as_bytes())? + key.len();
    let skip_ws = |mut i: usize| {
        while body.get(i).is_some_and(|b| b.is_ascii_whitespace()) {
            i += 1;
        }
        i
    };
    let colon = skip_ws(at);
    if body.get(colon) != Some(&b':') {
        return None;
    }
    let start = skip_ws(colon + 1);
    let mut end = start;
    while body.get(end).is_some_and(|b| b.is_ascii_digit()) {
        end += 1;
    }
    if end == start {
        return None;
    }
    Some([&body[..start], value.as_bytes(), &body[end..]].concat())
}

/// Cheap byte search used to skip JSON parsing on bodies that cannot match.
pub fn contains(hay: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(hay, needle).is_some()
}

/// Node's `encodeURI`: escape everything but unreserved and reserved URI characters.
pub fn encode_uri(s: &str) -> String {
    escape(s, b";,/?:@&=+$-_.!~*'()#")
}

/// Node's `querystring.escape` (encodeURIComponent): escape all but unreserved characters.
pub fn encode_uri_component(s: &str) -> String {
    escape(s, b"-_.!~*'()")
}

fn escape(s: &str, keep: &[u8]) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || keep.contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// xorshift64*: a tiny deterministic PRNG so the fuzz test needs no dev-dependency.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }
        fn bytes(&mut self) -> Vec<u8> {
            let len = (self.next() % 96) as usize;
            // Bias towards the characters the parsers split on, so they get exercised.
            const ALPHABET: &[u8] = b"=,; .:%+&?/tv1sha256=\xff\xc3\x28";
            (0..len)
                .map(|_| match self.next() % 3 {
                    0 => ALPHABET[(self.next() % ALPHABET.len() as u64) as usize],
                    _ => self.next() as u8,
                })
                .collect()
        }
    }

    #[test]
    fn parsers_never_panic_on_random_input() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..20_000 {
            let raw = rng.bytes();
            let s = String::from_utf8_lossy(&raw);
            let _ = kv_items(&s, ", ;").count();
            let _ = (b64(&s), b64url(&s), hex(&s), int(&s), rfc3339_ms(&s));
            let _ = percent_decode(&raw, true);
            let _ = form_pairs(&raw);
            let _ = query_param(&s, "bodySHA256");
            let _ = split_url(&s);
            let _ = short(&s);
            let _ = json_text(&raw, &["signature", "token"]);
            let _ = (encode_uri(&s), encode_uri_component(&s), is_form(Some(&s)));
        }
    }

    #[test]
    fn kv_lists() {
        let items: Vec<_> = kv_items("t=1, v1=ab,v0=cd,junk", ",").collect();
        assert_eq!(items, vec![("t", "1"), ("v1", "ab"), ("v0", "cd")]);
    }

    #[test]
    fn numbers_and_times() {
        assert_eq!(int(" 1700000000 "), Some(1_700_000_000));
        assert_eq!(int("-1"), None);
        assert_eq!(int("1e9"), None);
        assert_eq!(int("99999999999999999999"), None);
        assert_eq!(
            rfc3339_ms("2020-01-01T00:00:00-07:00"),
            Some(1_577_862_000_000)
        );
        assert_eq!(
            rfc3339_ms("2023-11-14T22:13:20.123456789Z"),
            Some(1_700_000_000_123)
        );
    }

    #[test]
    fn forms_urls_and_escapes() {
        let pairs = form_pairs(b"a=%2B1&b=x+y&c&a=2");
        assert_eq!(pairs[0], ("a".into(), "+1".into()));
        assert_eq!(pairs[1], ("b".into(), "x y".into()));
        assert_eq!(pairs[2], ("c".into(), "".into()));
        assert_eq!(
            query_param("/x?a=1&challenge=h%20i", "challenge").as_deref(),
            Some("h i")
        );
        assert_eq!(
            split_url("https://h:443/p?q"),
            Some(("https", "h:443", "/p?q"))
        );
        assert_eq!(short("0123456789abcdef"), "01234567…");
        assert_eq!(encode_uri_component("a=1&b"), "a%3D1%26b");
        assert_eq!(encode_uri("/a b?c=%"), "/a%20b?c=%25");
        assert!(is_form(Some(
            "application/x-www-form-urlencoded; charset=utf-8"
        )));
        assert!(!is_form(Some("application/json")));
    }
}
