//! Issue 15, cases 1, 2 and 6, as a user meets them: the real `hookcli listen`, a raw-socket
//! sender that writes exact bytes, and a raw-socket dev server that records exact bytes.

mod raw;

use raw::{Listen, RawDev, contains, hookcli, raw_request, text};

/// Case 1: a header value that is not UTF-8 reaches the dev server, the store, `show` and a
/// replay byte for byte (before: `ef bf bd ef bf bd 41`, a lossy conversion).
#[test]
fn non_utf8_header_bytes_survive_forward_store_show_and_replay() {
    let dev = RawDev::start(raw::ok);
    let home = tempfile::tempdir().unwrap();
    let store = home.path().to_str().unwrap();
    let hook = Listen::start(&["--forward", &dev.url(), "--store", store, "--json"]);
    let sent = raw_request(
        hook.port,
        b"POST /h HTTP/1.1\r\nhost: x\r\nx-h: \xff\xfeA\r\nx-c1: a\xc2\x9bb\r\n\
          content-length: 2\r\nconnection: close\r\n\r\nhi",
    );
    assert!(text(&sent).starts_with("HTTP/1.1 200"), "{}", text(&sent));
    let seen = dev.next();
    assert!(
        contains(&seen, b"\r\nx-h: \xff\xfeA\r\n"),
        "{:?}",
        text(&seen)
    );
    assert!(
        contains(&seen, b"\r\nx-c1: a\xc2\x9bb\r\n"),
        "{:?}",
        text(&seen)
    );

    // The NDJSON line and the stored capture carry the bytes as base64 in a third element.
    let line = hook.line();
    assert!(line.contains(r#"["x-h","//5B","base64"]"#), "{line}");
    let shown = hookcli(&["show", "last"], home.path(), b"", &[]);
    let json = text(&shown.stdout);
    assert!(
        json.contains(r#""//5B","#) && json.contains(r#""base64""#),
        "{json}"
    );
    // The UTF-8 C1 control is text, but printed as an escape, never raw.
    raw::assert_terminal_safe("show", &shown.stdout);
    assert!(json.contains(r"a\u009bb"), "{json}");

    // Raw HTTP to a pipe is the exact bytes; a replay sends them again.
    let http = hookcli(&["show", "last", "--format", "http"], home.path(), b"", &[]);
    assert!(contains(&http.stdout, b"x-h: \xff\xfeA\r\n"));
    let replayed = hookcli(&["replay", "last"], home.path(), b"", &[]);
    assert!(replayed.status.success(), "{}", text(&replayed.stderr));
    let again = dev.next();
    assert!(
        contains(&again, b"\r\nx-h: \xff\xfeA\r\n"),
        "{:?}",
        text(&again)
    );
}

/// A dev server that sends `103 Early Hints` before its answer.
fn early_hints(_: &[u8]) -> Vec<u8> {
    b"HTTP/1.1 103 Early Hints\r\nlink: </a.css>; rel=preload\r\n\r\n\
      HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nfinal"
        .to_vec()
}

/// Case 2: hop-by-hop headers, including the ones `Connection` names, stay behind;
/// `OPTIONS *` goes out as `*`; `CONNECT` is answered 405 and never forwarded; a 103 from
/// the dev server is an interim answer, not a 502.
#[test]
fn hop_by_hop_asterisk_connect_and_interim_responses() {
    let dev = RawDev::start(raw::ok);
    let home = tempfile::tempdir().unwrap();
    let store = home.path().to_str().unwrap();
    let hook = Listen::start(&["--forward", &dev.url(), "--store", store, "--json"]);

    raw_request(
        hook.port,
        b"POST /hop HTTP/1.1\r\nhost: x\r\nconnection: keep-alive, X-Hop\r\nx-hop: 1\r\n\
          keep-alive: timeout=5\r\nx-end: 2\r\ncontent-length: 0\r\n\r\n",
    );
    let seen = text(&dev.next()).to_ascii_lowercase();
    assert!(seen.contains("x-end: 2\r\n"), "{seen}");
    assert!(!seen.contains("x-hop"), "{seen}");
    assert!(!seen.contains("keep-alive"), "{seen}");
    hook.line();

    let answer = raw_request(
        hook.port,
        b"OPTIONS * HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n",
    );
    assert!(
        text(&answer).starts_with("HTTP/1.1 200"),
        "{}",
        text(&answer)
    );
    let seen = text(&dev.next());
    assert!(seen.starts_with("OPTIONS * HTTP/1.1\r\n"), "{seen}");
    hook.line();

    let answer = text(&raw_request(
        hook.port,
        b"CONNECT example.com:443 HTTP/1.1\r\nhost: example.com:443\r\nconnection: close\r\n\r\n",
    ));
    assert!(answer.starts_with("HTTP/1.1 405"), "{answer}");
    assert!(
        answer.to_ascii_lowercase().contains("\r\nallow: "),
        "{answer}"
    );
    let body = answer.split("\r\n\r\n").nth(1).unwrap_or("");
    assert_eq!(body.lines().count(), 1, "one line: {body:?}");
    let line = hook.line();
    assert!(
        line.contains(r#""method":"CONNECT","url":"example.com:443""#),
        "{line}"
    );
    assert!(line.contains(r#""response_status":405"#), "{line}");
    // Not forwarded: the next request the dev server sees is the one after it.
    raw_request(
        hook.port,
        b"GET /after HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n",
    );
    assert!(text(&dev.next()).starts_with("GET /after "));
    hook.line();

    let hinting = RawDev::start(early_hints);
    let hook = Listen::start(&["--forward", &hinting.url(), "--store", store, "--json"]);
    let answer = text(&raw_request(
        hook.port,
        b"POST /hints HTTP/1.1\r\nhost: x\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
    ));
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.ends_with("final"), "{answer}");
    hinting.next();
}

/// Case 6: the first stderr line is the listening line even when the store needed repair;
/// the repair warning follows it.
#[test]
fn listening_line_comes_first_even_after_a_store_migration() {
    // An old NDJSON journal with a crashed writer's torn tail: the store imports it on first
    // open and says so, but only after the line scripts read.
    let home = tempfile::tempdir().unwrap();
    let journal = home.path().join("journal");
    std::fs::create_dir_all(&journal).unwrap();
    let fixtures =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/legacy-journal");
    for e in std::fs::read_dir(fixtures).unwrap().flatten() {
        std::fs::copy(e.path(), journal.join(e.file_name())).unwrap();
    }
    let seg = journal.join("seg-99999999999999999999999999.ndjson");
    std::fs::write(&seg, br#"{"id":"01JDX3K7Q9ZC4T5W6Y8B2N"#).unwrap();

    let store = home.path().to_str().unwrap();
    let hook = Listen::start(&["--store", store]);
    assert!(
        hook.first_line
            .starts_with("hookcli: listening on http://127.0.0.1:"),
        "{}",
        hook.first_line
    );
    let second = hook.stderr.recv_timeout(raw::WAIT).unwrap();
    assert!(second.contains("journal"), "{second}");
}
