//! What every scheme shares: the verification context, verdict builders, constant-time
//! comparison, the URLs a provider may have signed, fresh ids, and the age of a timestamp.

use super::parse;
use super::window::{self, Window};
use crate::capture::{Capture, Signature, Verdict};
use sha2::Digest as _;

/// What a verification may know besides the request itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    /// "Now", in unix seconds (verify never reads the clock).
    pub now: i64,
    /// scheme://host[/prefix] the provider called, for schemes that sign the URL.
    pub public_url: Option<&'a str>,
    /// A provider id forced by the user instead of detection.
    pub provider: Option<&'a str>,
}

/// A verdict for provider `id`.
pub(crate) fn out(id: &str, verdict: Verdict, detail: impl Into<String>) -> Signature {
    Signature {
        provider: id.to_string(),
        verdict,
        detail: detail.into(),
    }
}

/// The detail of a `no_secret` verdict: what was seen, and how to supply the secret.
pub(crate) fn no_secret(id: &str, seen: &str) -> Signature {
    let env = id.to_ascii_uppercase().replace('-', "_");
    out(
        id,
        Verdict::NoSecret,
        format!("{seen}; no secret for {id} (--secret {id}=… or HOOKCLI_SECRET_{env})"),
    )
}

/// A URL the provider may have signed; `guessed` when it was not built from --public-url.
pub(crate) struct SignedUrl {
    pub url: String,
    pub guessed: bool,
}

/// The URLs a provider may have signed, most likely first: `--public-url` + the captured
/// path and query; without it, the forwarded host (tunnels set it) and the Host header.
pub(crate) fn signed_urls(c: &Capture, public_url: Option<&str>) -> Vec<SignedUrl> {
    let path = if c.url.starts_with('/') {
        c.url.clone()
    } else {
        format!("/{}", c.url)
    };
    if let Some(base) = public_url {
        let base = base.trim().trim_end_matches('/');
        return vec![SignedUrl {
            url: format!("{base}{path}"),
            guessed: false,
        }];
    }
    let mut urls = Vec::new();
    if let Some(host) = c.header("x-forwarded-host") {
        let proto = c.header("x-forwarded-proto").unwrap_or("https");
        let proto = proto.split(',').next().unwrap_or("https").trim();
        urls.push(format!("{proto}://{}{path}", host.trim()));
    }
    if let Some(host) = c.header("host") {
        urls.push(format!("http://{}{path}", host.trim()));
        urls.push(format!("https://{}{path}", host.trim()));
    }
    urls.dedup();
    urls.into_iter()
        .map(|url| SignedUrl { url, guessed: true })
        .collect()
}

/// [`signed_urls`], or the bare captured path when no host is known (still worth a try).
pub(crate) fn urls_or_path(c: &Capture, public_url: Option<&str>) -> Vec<SignedUrl> {
    let mut urls = signed_urls(c, public_url);
    if urls.is_empty() {
        urls.push(SignedUrl {
            url: c.url.clone(),
            guessed: true,
        });
    }
    urls
}

/// The URL `sign` uses: the first of [`signed_urls`], or the bare path without a host.
pub(crate) fn sign_url(c: &Capture, public_url: Option<&str>) -> String {
    signed_urls(c, public_url)
        .into_iter()
        .next()
        .map_or_else(|| c.url.clone(), |u| u.url)
}

/// What to add to an `invalid` detail when the URL was only guessed.
pub(crate) fn url_hint(urls: &[SignedUrl]) -> String {
    match urls.first() {
        None => " (no Host header: pass --public-url)".into(),
        Some(u) if u.guessed => {
            format!(
                " (signed URL guessed as {}: pass --public-url if the provider called another)",
                u.url
            )
        }
        Some(_) => String::new(),
    }
}

/// A fresh message id derived from the capture, the time and the body: unique per signing
/// without a random source, and reproducible in tests.
pub(crate) fn fresh_id(c: &Capture, now: i64) -> [u8; 16] {
    use sha2::Digest as _;
    let mut h = sha2::Sha256::new();
    h.update(c.id.as_bytes());
    h.update(now.to_be_bytes());
    h.update(&c.body);
    let d = h.finalize();
    let mut out = [0u8; 16];
    out.copy_from_slice(&d[..16]);
    out
}

/// Constant-time equality of two byte strings (length is not secret).
pub(crate) fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq as _;
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

/// `secret #2 of 3` when several were configured, else nothing.
pub(crate) fn which_secret(index: usize, total: usize) -> String {
    if total > 1 {
        format!(", secret #{} of {total}", index + 1)
    } else {
        String::new()
    }
}

/// Replace the body (schemes that sign inside it), keeping `body_size` in step.
pub(crate) fn set_body(c: &mut Capture, body: Vec<u8>) {
    c.body = body.into();
    c.body_size = c.body.len() as u64;
}

/// The form fields of a form-encoded body, decoded, in order (as a web framework hands
/// them to the SDK); none for other bodies.
pub(crate) fn form_fields(c: &Capture) -> Vec<(String, String)> {
    if parse::is_form(c.header("content-type")) {
        parse::form_pairs(&c.body)
    } else {
        Vec::new()
    }
}

/// Hex SHA-256 of the body, as body-hash claims carry it (Plaid, Netlify, Vonage, Twilio).
pub(crate) fn body_sha256(c: &Capture) -> String {
    hex::encode(sha2::Sha256::digest(&c.body))
}

/// A required unix-seconds timestamp header: its text and value in ms, or `malformed`.
pub(crate) fn secs_header<'a>(
    id: &str,
    c: &'a Capture,
    name: &str,
) -> Result<(&'a str, i64), Signature> {
    let Some(ts) = c.header(name).map(str::trim) else {
        return Err(out(id, Verdict::Malformed, format!("no {name} header")));
    };
    match window::parse(ts, window::Unit::Secs) {
        Some(ms) => Ok((ts, ms)),
        None => Err(out(
            id,
            Verdict::Malformed,
            format!("{name} {ts:?} is not unix seconds"),
        )),
    }
}

/// Which configured secret equals `got` (a shared token, not a signature), in constant time.
pub(crate) fn matching_secret(secrets: &[String], got: &[u8]) -> Option<usize> {
    secrets.iter().position(|s| ct_eq(s.as_bytes(), got))
}

/// `valid` / `expired` for a signature that matched at `ts_ms`, with the age in the detail.
pub(crate) fn aged(
    id: &str,
    what: &str,
    ts_ms: i64,
    w: Window,
    now: i64,
    extra: &str,
) -> Signature {
    let age = window::age_ms(now, ts_ms);
    let age_s = window::describe_age(age);
    match w.check(age) {
        Ok(()) => out(
            id,
            Verdict::Valid,
            format!(
                "{what} matched, timestamp is {age_s}{}{extra}",
                window::lenient_note(w, age)
            ),
        ),
        Err(why) => out(
            id,
            Verdict::Expired,
            format!(
                "{what} matched but timestamp is {age_s} ({why}; {id} allows {}){extra}",
                w.describe()
            ),
        ),
    }
}

/// `, timestamp is 3 s old` for a unix-seconds timestamp no SDK bounds (only reported).
pub(crate) fn reported_age(ts: &str, now: i64) -> String {
    window::parse(ts, window::Unit::Secs)
        .map(|ms| {
            let age = window::age_ms(now, ms);
            let note = window::lenient_note(Window::NONE, age);
            format!(", timestamp is {}{note}", window::describe_age(age))
        })
        .unwrap_or_default()
}
