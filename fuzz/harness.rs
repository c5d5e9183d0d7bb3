//! The fuzz harnesses, one function per target, shared by `fuzz/fuzz_targets/*` and by
//! `tests/fuzz_regressions.rs` (which replays every saved input on stable, in plain `cargo test`).
//!
//! Each takes arbitrary bytes and drives one reader of untrusted input. The only property
//! checked is the one that matters for a tool fed by strangers: no panic, no hang, and what
//! was read can be written and read again.

#![allow(dead_code)]

use bytes::Bytes;
use hookcli::capture::{Capture, Origin};
use hookcli::verify::{Context, Secrets};

/// A fixed "now" so runs are reproducible (2023-11-14).
const NOW: i64 = 1_700_000_000;

/// Split `data` at the first `sep`, or keep it whole.
fn split<'a>(data: &'a [u8], sep: &[u8]) -> (&'a [u8], &'a [u8]) {
    match data.windows(sep.len()).position(|w| w == sep) {
        Some(i) => (&data[..i], &data[i + sep.len()..]),
        None => (data, &[]),
    }
}

/// Signature header parsers: `verify` and `handshake` on a request built from the input.
///
/// Layout: one selector byte (which provider to force, or detection), then
/// `URL\nname: value\n...` up to a blank line, then the body up to `\n\n\n`, then a secret.
pub fn verify_headers(data: &[u8]) {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let (head, tail) = split(rest, b"\n\n");
    let (body, secret) = split(tail, b"\n\n\n");
    let head = String::from_utf8_lossy(head);
    let mut lines = head.lines();
    let url = lines.next().unwrap_or("/");
    let method = if sel & 0x80 == 0 { "POST" } else { "GET" };
    let mut c = Capture::new(Origin::Local, method, url);
    for l in lines {
        if let Some((k, v)) = l.split_once(':') {
            c.headers
                .push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    c.body = Bytes::copy_from_slice(body);
    c.body_size = body.len() as u64;
    let secret = String::from_utf8_lossy(secret);
    let secret = if secret.is_empty() {
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    } else {
        &*secret
    };

    let all = hookcli::verify::providers();
    let forced = all.get(usize::from(sel & 0x7f)).map(|p| p.id);
    let mut secrets = Secrets::new();
    match forced {
        Some(id) => secrets.add(id, secret),
        None => {
            for p in all {
                secrets.add(p.id, secret);
            }
        }
    }
    let ctx = Context {
        now: NOW,
        public_url: Some("https://hooks.example.com/in"),
        provider: forced,
    };
    let _ = hookcli::verify::verify(&c, &secrets, &ctx);
    let _ = hookcli::verify::verify(
        &c,
        &Secrets::new(),
        &Context {
            provider: None,
            ..ctx
        },
    );
    let _ = hookcli::verify::handshake(&c, &secrets);
    // Signing arbitrary requests with arbitrary keys must fail cleanly or give a request that
    // verifies without a panic.
    if let Some(id) = forced
        && hookcli::verify::sign(id, secret, &mut c, NOW, ctx.public_url).is_ok()
    {
        let _ = hookcli::verify::verify(&c, &secrets, &ctx);
    }
}

/// The capture reader behind `replay FILE`, `import`, `verify FILE`: JSON, array, NDJSON, HAR.
pub fn interchange(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(captures) = hookcli::interchange::parse_many(&text) {
        round_trip(&captures);
    }
}

/// The HAR importer on any JSON value, then HAR out and in again.
pub fn har(data: &[u8]) {
    let Ok(v) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    if let Ok(captures) = hookcli::interchange::from_har(&v) {
        round_trip(&captures);
    }
}

/// What was read must write out (NDJSON, HAR, curl, raw HTTP) and read back.
fn round_trip(captures: &[Capture]) {
    let ndjson: String = captures.iter().map(|c| c.to_json() + "\n").collect();
    if !ndjson.is_empty() {
        let again = hookcli::interchange::parse_many(&ndjson).expect("own NDJSON reads back");
        assert_eq!(again.len(), captures.len());
    }
    let har = hookcli::interchange::to_har(captures);
    let _ = hookcli::interchange::from_har(&har).expect("own HAR reads back");
    for c in captures.iter().take(4) {
        let _ = hookcli::export::raw_http(c);
        let _ = hookcli::export::curl_command(c, "http://localhost:3000");
    }
    readers(captures);
}

/// What every command that reads captures does with them: `verify`, `list`, `show` (each
/// format, masked and escaped), `replay --edit`'s parse, the lines output, the `--save` name.
fn readers(captures: &[Capture]) {
    use hookcli::output;
    colored::control::set_override(false);
    let ctx = Context {
        now: NOW,
        public_url: None,
        provider: None,
    };
    for c in captures {
        for cell in hookcli::output::table::row(c, 26) {
            assert!(!cell.contains('\x1b'), "a list cell carries a raw escape");
        }
    }
    for c in captures.iter().take(4) {
        // Ids from a file are checked on the way in, so each names a file safely.
        let id = hookcli::id::check_id(&c.id).expect("a read capture has a checked id");
        assert!(!id.file_name("json").contains('/'));
        let _ = hookcli::verify::verify(c, &Secrets::new(), &ctx);
        let _ = hookcli::verify::handshake(c, &Secrets::new());
        assert_safe(&output::line(c));
        assert_safe(&output::escape(&hookcli::id::short(&c.id, 12)));
        let shown = hookcli::redact::masked(c);
        let json = output::json_safe(serde_json::to_string_pretty(&*shown).expect("json"));
        let back = Capture::from_json(&json).expect("shown JSON reads back");
        assert_eq!(back.headers, shown.headers, "header bytes survive JSON");
        assert_eq!(back.body, c.body);
        let _ = hookcli::edit::parse_edited(&json).expect("an edit that changed nothing parses");
        let http = output::escape_lines(&hookcli::export::raw_http(&shown));
        assert_safe(&http.replace('\n', ""));
        let _ = hookcli::interchange::to_har(std::slice::from_ref(&*shown));
    }
}

/// No character a terminal would act on.
fn assert_safe(s: &str) {
    let bad = s
        .chars()
        .find(|c| c.is_control() || hookcli::headers::raw_byte(*c).is_some());
    assert!(bad.is_none(), "unescaped {bad:?} in {s:?}");
}

/// The id checks: whatever the string, a checked id is a safe file name, a replacement id
/// passes the check, and nothing panics on any Unicode.
pub fn ids(data: &[u8]) {
    let s = String::from_utf8_lossy(data);
    if let Ok(id) = hookcli::id::check_id(&s) {
        let name = id.file_name("json");
        assert!(!name.contains('/') && !name.contains("..") && name.is_ascii());
        assert_eq!(id.as_str().len(), 26);
        assert!(hookcli::id::is_prefix(id.short(8)));
    }
    let at = time::OffsetDateTime::from_unix_timestamp(NOW).expect("time");
    let replaced = hookcli::id::replacement(&s, at);
    assert!(hookcli::id::check_id(replaced.as_str()).is_ok());
    let _ = hookcli::id::is_prefix(&s);
    let _ = hookcli::id::short(&s, 12);
    let _ = hookcli::commands::setup::check_key(&s);
    let mut c = Capture::new(Origin::Local, "POST", "/");
    c.id = s.into_owned();
    let _ = hookcli::interchange::check_ids(&mut c);
    assert!(hookcli::id::check_id(&c.id).is_ok());
}

/// The escaping function and the header-byte mapping it shows: escaped text holds no
/// control character; JSON made terminal-safe means the same; header bytes round-trip.
pub fn escape(data: &[u8]) {
    use hookcli::output;
    let s = String::from_utf8_lossy(data);
    assert_safe(&output::escape(&s));
    assert_safe(&output::escape_lines(data).replace('\n', ""));
    let json = serde_json::to_string(&*s).expect("json");
    let safe = output::json_safe(json);
    assert!(!safe.chars().any(|c| c.is_control()));
    let back: String = serde_json::from_str(&safe).expect("safe JSON parses");
    assert_eq!(back, s);
    let kept = hookcli::headers::from_bytes(data);
    assert_eq!(hookcli::headers::to_bytes(&kept).as_ref(), data);
    assert_safe(&output::escape(&kept));
    let _ = hookcli::redact::mask_value("cookie", &kept);
    let _ = hookcli::redact::mask_value("authorization", &kept);
    let _ = hookcli::redact::mask_url(&s);
}

/// The old journal's import: the input is a segment file of an earlier version's store (as
/// a crash or a stranger left it); opening (which imports it), loading, finding and
/// appending must all work.
pub fn store_journal(data: &[u8]) {
    let dir = tempfile::tempdir().expect("temp dir");
    let journal = dir.path().join("journal");
    std::fs::create_dir_all(&journal).expect("journal dir");
    std::fs::write(journal.join("seg-01JDX3K7Q9ZC4T5W6Y8B2N1M0P.ndjson"), data).expect("seg");
    let store = hookcli::store::Store::open(dir.path()).expect("a store always opens");
    let loaded = store.load(None).expect("a store always loads");
    let _ = store.load(Some(1));
    let _ = store.find("last");
    // A key from the input itself: prefixes, odd characters, non-ASCII.
    let key = String::from_utf8_lossy(&data[..data.len().min(12)]).into_owned();
    let _ = store.find(&key);
    for c in loaded.captures.iter().take(2) {
        let found = store.find(&c.id);
        assert!(
            found.is_ok(),
            "a loaded id is found again: {} {found:?}",
            c.id
        );
    }
    let c = Capture::new(Origin::Local, "POST", "/after");
    store.append(&c).expect("append after any journal");
    let again = store.load(None).expect("loads after append");
    assert!(
        again.captures.iter().any(|x| x.id == c.id),
        "new capture lost"
    );
}

/// The small parsers of user-typed text: targets, routes, filters (then used once each).
pub fn target_route_filter(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (a, b) = text.split_once('\n').unwrap_or((&text, "/in/x?y=1"));
    if let Ok(t) = hookcli::target::Target::parse(a) {
        let _ = t.join(b);
        let _ = t.to_string();
        let _ = t.port();
    }
    if let Ok(r) = hookcli::target::Route::parse(a) {
        let _ = r.matches(b);
        let _ = hookcli::target::pick_route(std::slice::from_ref(&r), b);
    }
    if let Ok(f) = hookcli::filter::Filter::parse(a) {
        let mut c = Capture::new(Origin::Local, "POST", b);
        c.body = Bytes::copy_from_slice(b.as_bytes());
        c.response_status = Some(502);
        let _ = f.matches(&c);
    }
}
