//! Captures in other people's formats: raw HTTP, curl (and, as they land, HAR, NDJSON).

use crate::capture::Capture;

/// The request as it went over the wire (HTTP/1.1 form), body bytes untouched.
pub fn raw_http(c: &Capture) -> Vec<u8> {
    let version = if c.http_version.starts_with("HTTP/2") {
        "HTTP/1.1" // HTTP/2 has no text form; show the equivalent HTTP/1.1 request
    } else {
        c.http_version.as_str()
    };
    let mut out = Vec::with_capacity(c.body.len() + 64 * (c.headers.len() + 1));
    out.extend_from_slice(format!("{} {} {version}\r\n", c.method, c.url).as_bytes());
    for (k, v) in &c.headers {
        out.extend_from_slice(k.as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(&crate::headers::to_bytes(v));
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(&c.body);
    out
}

/// One `curl` command that sends the capture to `url`, quoted for any POSIX shell.
///
/// Text bodies go inline with `--data-binary` (which, unlike `-d`, keeps newlines and bytes
/// as they are). A body that is not text (or holds a NUL, which no shell argument can, or a
/// control character a terminal would act on while showing the command) is read from
/// `<id>.body`, and a comment line in front says so. Headers curl computes or that belong to
/// the old connection (`host`, `content-length`, hop-by-hop) are left out.
pub fn curl_command(c: &Capture, url: &str) -> String {
    let text = std::str::from_utf8(&c.body)
        .ok()
        .filter(|s| shows_safely(s));
    // Only a checked id names a file: an id read from a file could be a path.
    let file = crate::id::check_id(&c.id)
        .map_or_else(|_| "capture.body".into(), |id| id.file_name("body"));
    let mut out = String::new();
    if text.is_none() && !c.body.is_empty() {
        out.push_str(&format!(
            "# the body is binary ({} bytes): curl reads it from {file}\n",
            c.body.len()
        ));
    }
    out.push_str("curl");
    // curl infers GET without a body and POST with one; name the method only when it differs.
    let inferred = if c.body.is_empty() { "GET" } else { "POST" };
    if c.method != inferred {
        out.push_str(" -X ");
        out.push_str(&shell_quote(&c.method));
    }
    out.push(' ');
    out.push_str(&shell_quote(url));
    for (k, v) in &c.headers {
        if crate::http::is_hop_by_hop(k) || k.eq_ignore_ascii_case("content-length") {
            continue;
        }
        out.push_str(" \\\n  -H ");
        if crate::headers::is_text(v) && shows_safely(v) {
            out.push_str(&shell_quote(&format!("{k}: {v}")));
        } else {
            // Bytes that are not UTF-8, or control characters a terminal would obey while
            // showing the command: POSIX printf writes them from octal escapes.
            let mut line = format!("{k}: ").into_bytes();
            line.extend_from_slice(&crate::headers::to_bytes(v));
            out.push_str(&format!("\"$(printf '{}')\"", printf_format(&line)));
        }
    }
    if !c.body.is_empty() {
        match text {
            // --data-binary would read a file for a body starting with `@`; --data-raw won't.
            Some(t) if t.starts_with('@') => {
                out.push_str(" \\\n  --data-raw ");
                out.push_str(&shell_quote(t));
            }
            Some(t) => {
                out.push_str(" \\\n  --data-binary ");
                out.push_str(&shell_quote(t));
            }
            None => {
                out.push_str(" \\\n  --data-binary ");
                out.push_str(&shell_quote(&format!("@{file}")));
            }
        }
    }
    out
}

/// Text a terminal shows as it is inside single quotes: no control character but tab and
/// line breaks (CR only as part of CRLF, so a multipart body stays inline).
fn shows_safely(s: &str) -> bool {
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let ok = match c {
            '\n' | '\t' => true,
            '\r' => chars.peek() == Some(&'\n'),
            c => !c.is_control(),
        };
        if !ok {
            return false;
        }
    }
    true
}

/// A printf format (inside single quotes) that prints exactly `bytes`.
fn printf_format(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        match b {
            b'%' => out.push_str("%%"),
            b'\\' => out.push_str("\\\\"),
            b' '..=b'~' if b != b'\'' => out.push(b as char),
            _ => out.push_str(&format!("\\{b:03o}")),
        }
    }
    out
}

/// POSIX single quotes: everything literal, a `'` written as `'\''`. Plain words stay bare.
pub fn shell_quote(s: &str) -> String {
    let plain = !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./:@%+=,".contains(&b));
    if plain {
        return s.to_string();
    }
    format!("'{}'", s.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::Origin;

    #[test]
    fn raw_http_keeps_header_order_and_body_bytes() {
        let mut c = Capture::new(Origin::Local, "POST", "/a?b=1");
        c.headers = vec![
            ("host".into(), "x".into()),
            ("x-r".into(), "1".into()),
            ("x-r".into(), "2".into()),
        ];
        c.body = bytes::Bytes::from_static(&[0, 1, 2]);
        assert_eq!(
            raw_http(&c),
            b"POST /a?b=1 HTTP/1.1\r\nhost: x\r\nx-r: 1\r\nx-r: 2\r\n\r\n\x00\x01\x02".to_vec()
        );
    }

    #[test]
    fn curl_quotes_for_posix_shells_and_skips_connection_headers() {
        let mut c = Capture::new(Origin::Local, "POST", "/hook?a=1&b=2");
        c.headers = vec![
            ("host".into(), "127.0.0.1:9999".into()),
            ("content-length".into(), "20".into()),
            ("content-type".into(), "application/json".into()),
            ("x-note".into(), "it's here".into()),
        ];
        c.body = bytes::Bytes::from_static(b"{\"msg\":\"it's\nok\"}");
        let cmd = curl_command(&c, "http://localhost:3000/hook?a=1&b=2");
        let want = r#"curl 'http://localhost:3000/hook?a=1&b=2' \
  -H 'content-type: application/json' \
  -H 'x-note: it'\''s here' \
  --data-binary '{"msg":"it'\''s
ok"}'"#;
        assert_eq!(cmd, want);
    }

    #[test]
    fn curl_names_the_method_only_when_curl_would_not_infer_it() {
        let mut c = Capture::new(Origin::Local, "GET", "/");
        assert_eq!(curl_command(&c, "http://h/"), "curl http://h/");
        c.method = "DELETE".into();
        assert_eq!(curl_command(&c, "http://h/"), "curl -X DELETE http://h/");
        c.method = "PUT".into();
        c.body = bytes::Bytes::from_static(b"x");
        assert!(curl_command(&c, "http://h/").starts_with("curl -X PUT http://h/ \\\n"));
    }

    #[test]
    fn curl_reads_a_binary_body_from_a_file() {
        let mut c = Capture::new(Origin::Local, "POST", "/b");
        c.body = bytes::Bytes::from_static(&[0x1f, 0x8b, 0, 0xff]);
        let id = c.id.clone();
        assert_eq!(
            curl_command(&c, "http://h/b"),
            format!(
                "# the body is binary (4 bytes): curl reads it from {id}.body\n\
                 curl http://h/b \\\n  --data-binary @{id}.body"
            )
        );
    }

    /// What a POSIX shell makes of the command: `curl` replaced by a function that prints
    /// each argument it gets, NUL-terminated.
    #[cfg(unix)]
    #[test]
    fn sh_hands_curl_exactly_the_captured_bytes() {
        let mut c = Capture::new(Origin::Local, "PATCH", "/a b?q='x'");
        c.headers = vec![("x-q".into(), r#"a'b"c\d $HOME `id`"#.into())];
        c.body = bytes::Bytes::from_static(b"line 1\n'quoted' \"dq\" $(id) \\ end\n");
        let cmd = curl_command(&c, "http://h/a b?q='x'");
        let script = format!("curl() {{ for a; do printf '%s\\0' \"$a\"; done; }}\n{cmd}");
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(script)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let args: Vec<&[u8]> = out
            .stdout
            .split(|b| *b == 0)
            .filter(|a| !a.is_empty())
            .collect();
        let want: Vec<&[u8]> = vec![
            b"-X",
            b"PATCH",
            b"http://h/a b?q='x'",
            b"-H",
            br#"x-q: a'b"c\d $HOME `id`"#,
            b"--data-binary",
            b"line 1\n'quoted' \"dq\" $(id) \\ end\n",
        ];
        assert_eq!(args, want);
    }

    #[test]
    fn control_characters_never_reach_the_terminal_raw() {
        let mut c = Capture::new(Origin::Local, "POST", "/");
        c.headers = vec![("x-e".into(), "a\x1b[2Jb".into())];
        c.body = bytes::Bytes::from_static(b"--b\r\nok\r\n");
        let cmd = curl_command(&c, "http://h/");
        assert!(cmd.contains(r#"-H "$(printf 'x-e: a\033[2Jb')""#), "{cmd}");
        assert!(
            cmd.contains("--data-binary '--b\r\nok\r\n'"),
            "CRLF stays inline"
        );
        c.body = bytes::Bytes::from_static(b"x\x1b]52;c;aGk=\x07");
        c.id = "../../x".into();
        let cmd = curl_command(&c, "http://h/");
        assert!(!cmd.contains('\x1b'), "{cmd}");
        assert!(cmd.contains("@capture.body"), "{cmd}");
    }

    /// A header that is not UTF-8, or holds ESC, `%`, `\\` and `'`, reaches curl exactly.
    #[cfg(unix)]
    #[test]
    fn sh_hands_curl_exact_header_bytes_through_printf() {
        let raw = b"\xff\xfe%s \\n 'q' \x1b[2J";
        let mut c = Capture::new(Origin::Local, "GET", "/");
        c.headers = vec![("x-h".into(), crate::headers::from_bytes(raw).into_owned())];
        let cmd = curl_command(&c, "http://h/");
        let script = format!("curl() {{ for a; do printf '%s\\0' \"$a\"; done; }}\n{cmd}");
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(script)
            .output()
            .unwrap();
        let args: Vec<&[u8]> = out.stdout.split(|b| *b == 0).collect();
        let mut want = b"x-h: ".to_vec();
        want.extend_from_slice(raw);
        assert_eq!(args[2], want.as_slice(), "{cmd}");
    }

    #[test]
    fn shell_quote_leaves_plain_words_alone() {
        assert_eq!(shell_quote("http://h:1/a"), "http://h:1/a");
        assert_eq!(shell_quote(""), "''");
        assert_eq!(shell_quote("a b"), "'a b'");
        assert_eq!(shell_quote("'"), r"''\'''");
    }
}
