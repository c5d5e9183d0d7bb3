//! The text a person edits a capture as: `METHOD URL`, one header a line, a blank line, the
//! body (JSON pretty, form fields one a line), and back to exact bytes on save.

use crate::capture::Capture;
use bytes::Bytes;

const PREFACE: &str = "\
# Edit the request, save and quit to send it; empty the file to cancel.
# First line METHOD URL, then one header a line, a blank line, then the body.
";

/// How a body is laid out for editing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// Pretty JSON; sent compact again when it came compact.
    Json { compact: bool },
    /// `a=1&b=2` as one field a line.
    Form,
    /// As it is.
    Text,
}

fn layout(c: &Capture, text: &str) -> Layout {
    let ctype = c.header("content-type").unwrap_or("").to_ascii_lowercase();
    if ctype.starts_with("application/x-www-form-urlencoded") && !text.contains('\n') {
        return Layout::Form;
    }
    if !text.trim().is_empty() && serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok() {
        return Layout::Json {
            compact: minify(text) == text,
        };
    }
    Layout::Text
}

/// The document for `c`, or `None` when its body is not text (edited as capture JSON then).
pub fn to_document(c: &Capture) -> Option<String> {
    let text = std::str::from_utf8(&c.body).ok()?;
    let mut out = String::from(PREFACE);
    out.push_str(&format!("{} {}\n", c.method, c.url));
    for (k, v) in &c.headers {
        out.push_str(&format!("{k}: {v}\n"));
    }
    out.push('\n');
    out.push_str(&shown_body(c, text));
    out.push('\n');
    Some(out)
}

fn shown_body(c: &Capture, text: &str) -> String {
    match layout(c, text) {
        Layout::Json { .. } => pretty(text),
        Layout::Form => text.split('&').collect::<Vec<_>>().join("\n"),
        Layout::Text => text.to_string(),
    }
}

/// `original` with what the edited document says. A body left as shown keeps its exact
/// bytes; an edited JSON body that came compact goes out compact.
pub fn from_document(original: &Capture, doc: &str) -> Result<Capture, String> {
    let mut lines = doc
        .split_inclusive('\n')
        .skip_while(|l| l.starts_with('#') || l.starts_with("//"));
    let first = lines.next().ok_or("the file is empty")?.trim_end();
    let (method, url) = first
        .split_once(' ')
        .filter(|(m, u)| !m.is_empty() && !u.trim().is_empty())
        .ok_or_else(|| format!("the first line must be METHOD URL, not {first:?}"))?;
    let mut c = original.clone();
    c.method = method.to_string();
    c.url = url.trim().to_string();
    c.headers.clear();
    for line in lines.by_ref() {
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            break;
        }
        let (k, v) = line
            .split_once(':')
            .ok_or_else(|| format!("header line {line:?} has no `:`"))?;
        c.headers
            .push((k.trim().to_ascii_lowercase(), v.trim_start().to_string()));
    }
    let rest: String = lines.collect();
    // The document ends the body with one newline of its own.
    let body = rest.strip_suffix('\n').unwrap_or(&rest);
    c.body = Bytes::from(body_bytes(original, body));
    c.body_size = c.body.len() as u64;
    Ok(c)
}

fn body_bytes(original: &Capture, edited: &str) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(&original.body) else {
        return edited.as_bytes().to_vec();
    };
    if shown_body(original, text) == edited {
        return original.body.to_vec();
    }
    match layout(original, text) {
        Layout::Json { compact: true } => minify(edited).into_bytes(),
        Layout::Form => edited
            .lines()
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("&")
            .into_bytes(),
        _ => edited.as_bytes().to_vec(),
    }
}

/// JSON text with the whitespace outside strings removed; every token kept exactly.
pub fn minify(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let (mut in_str, mut escaped) = (false, false);
    for ch in json.chars() {
        if in_str {
            out.push(ch);
            match (escaped, ch) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_str = false,
                _ => {}
            }
        } else if ch == '"' {
            in_str = true;
            out.push(ch);
        } else if !ch.is_whitespace() {
            out.push(ch);
        }
    }
    out
}

/// JSON text indented two spaces a level, every token kept exactly (numbers, escapes, key
/// order), so [`minify`] gives back a compact original byte for byte.
pub fn pretty(json: &str) -> String {
    let compact = minify(json);
    let mut out = String::with_capacity(compact.len() * 2);
    let mut depth = 0usize;
    let (mut in_str, mut escaped) = (false, false);
    let mut chars = compact.chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.push_str(&"  ".repeat(depth));
    };
    while let Some(ch) = chars.next() {
        if in_str {
            out.push(ch);
            match (escaped, ch) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_str = false,
                _ => {}
            }
            continue;
        }
        match ch {
            '"' => {
                in_str = true;
                out.push(ch);
            }
            '{' | '[' => {
                out.push(ch);
                if matches!(chars.peek(), Some('}' | ']')) {
                    out.extend(chars.next());
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(ch);
            }
            ',' => {
                out.push(ch);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            _ => out.push(ch),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::Origin;

    fn cap(ctype: &str, body: &str) -> Capture {
        let mut c = Capture::new(Origin::Local, "POST", "/hooks?x=1");
        c.headers = vec![
            ("content-type".into(), ctype.into()),
            ("stripe-signature".into(), "t=1,v1=ab".into()),
        ];
        c.body = Bytes::from(body.to_string());
        c
    }

    #[test]
    fn json_opens_pretty_and_comes_back_byte_exact() {
        let body = r#"{"id":"evt_1","n":1.50,"s":"a, b: {c}","e":[],"o":{"k":"\"q\""}}"#;
        let c = cap("application/json", body);
        let doc = to_document(&c).unwrap();
        assert!(doc.contains("POST /hooks?x=1\ncontent-type: application/json\n"));
        assert!(
            doc.contains("{\n  \"id\": \"evt_1\",\n  \"n\": 1.50,\n"),
            "{doc}"
        );
        assert_eq!(&from_document(&c, &doc).unwrap().body[..], body.as_bytes());
        let edited = doc.replace("evt_1", "evt_2");
        assert_eq!(
            &from_document(&c, &edited).unwrap().body[..],
            body.replace("evt_1", "evt_2").as_bytes()
        );
    }

    #[test]
    fn forms_are_fields_and_headers_are_lines() {
        let c = cap("application/x-www-form-urlencoded", "a=1&b=two%20words");
        let doc = to_document(&c).unwrap();
        assert!(doc.ends_with("\n\na=1\nb=two%20words\n"), "{doc}");
        let e = from_document(&c, &doc.replace("a=1", "a=9").replace("t=1,", "t=2,")).unwrap();
        assert_eq!(&e.body[..], b"a=9&b=two%20words");
        assert_eq!(e.header("stripe-signature"), Some("t=2,v1=ab"));
        assert_eq!(e.url, "/hooks?x=1");
        assert!(from_document(&c, "# only\nPOST\n").is_err());
    }
}
