//! Bodies made readable: gzip undone for display, JSON pretty-printed and colored (keys in
//! their original order), forms as a table, text as is, anything else as a hex dump.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use std::io::Read as _;

/// More than this is not formatted: the screen shows a page, and a 25 MB body must not stall it.
const SHOW_LIMIT: usize = 256 * 1024;
const HEX_LIMIT: usize = 16 * 1024;

fn dim() -> Style {
    Style::default().add_modifier(Modifier::DIM)
}

/// The body as display lines. `width` picks how many bytes a hex line holds.
pub fn lines(body: &[u8], headers: &[(String, String)], width: u16) -> Vec<Line<'static>> {
    let header = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.to_ascii_lowercase())
            .unwrap_or_default()
    };
    if body.is_empty() {
        return vec![Line::styled("(empty body)", dim())];
    }
    let mut out = Vec::new();
    let gzip = header("content-encoding").contains("gzip") || body.starts_with(&[0x1f, 0x8b]);
    let decoded;
    let body = match gzip.then(|| gunzip(body)).flatten() {
        Some(d) => {
            out.push(Line::styled(
                format!(
                    "gzip: {} → {} decoded for display",
                    crate::output::human_size(body.len() as u64),
                    crate::output::human_size(d.len() as u64)
                ),
                dim(),
            ));
            decoded = d;
            &decoded[..]
        }
        None => body,
    };
    let ctype = header("content-type");
    let shown = &body[..body.len().min(SHOW_LIMIT)];
    match std::str::from_utf8(shown) {
        Ok(text)
            if looks_json(&ctype, text)
                && serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok() =>
        {
            out.extend(pretty_json(text));
        }
        Ok(text) if ctype.starts_with("application/x-www-form-urlencoded") => {
            out.extend(form(text));
        }
        Ok(text) => out.extend(text.lines().map(|l| Line::raw(l.replace('\t', "    ")))),
        Err(_) => out.extend(hex(&body[..body.len().min(HEX_LIMIT)], body.len(), width)),
    }
    let limit = if std::str::from_utf8(shown).is_ok() {
        SHOW_LIMIT
    } else {
        HEX_LIMIT
    };
    if body.len() > limit {
        out.push(Line::styled(
            format!("… {} more bytes not shown", body.len() - limit),
            dim(),
        ));
    }
    out
}

fn looks_json(ctype: &str, text: &str) -> bool {
    ctype.contains("json") || matches!(text.trim_start().as_bytes().first(), Some(b'{' | b'['))
}

/// Undo gzip, stopping past the display limit so a gzip bomb costs nothing.
fn gunzip(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(body)
        .take(SHOW_LIMIT as u64 + 1)
        .read_to_end(&mut out)
        .ok()?;
    Some(out)
}

/// Re-indent valid JSON token by token, so keys keep their order and numbers their spelling.
pub fn pretty_json(text: &str) -> Vec<Line<'static>> {
    let key = Style::default().fg(Color::Cyan);
    let string = Style::default().fg(Color::Green);
    let number = Style::default().fg(Color::Yellow);
    let literal = Style::default().fg(Color::Magenta);
    let punct = Style::default().fg(Color::Gray);

    let b = text.as_bytes();
    let mut lines = Vec::new();
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut depth = 0usize;
    let newline = |spans: &mut Vec<Span<'static>>, lines: &mut Vec<Line<'static>>, depth| {
        lines.push(Line::from(std::mem::take(spans)));
        if depth > 0 {
            spans.push(Span::raw("  ".repeat(depth)));
        }
    };
    let next_solid = |mut i: usize| {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        i
    };
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            open @ (b'{' | b'[') => {
                let close = if open == b'{' { b'}' } else { b']' };
                let j = next_solid(i + 1);
                if b.get(j) == Some(&close) {
                    spans.push(Span::styled(if open == b'{' { "{}" } else { "[]" }, punct));
                    i = j + 1;
                    continue;
                }
                spans.push(Span::styled((open as char).to_string(), punct));
                depth += 1;
                newline(&mut spans, &mut lines, depth);
            }
            close @ (b'}' | b']') => {
                depth = depth.saturating_sub(1);
                newline(&mut spans, &mut lines, depth);
                spans.push(Span::styled((close as char).to_string(), punct));
            }
            b',' => {
                spans.push(Span::styled(",", punct));
                newline(&mut spans, &mut lines, depth);
            }
            b':' => spans.push(Span::styled(": ", punct)),
            b'"' => {
                let mut j = i + 1;
                while j < b.len() && b[j] != b'"' {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                let end = (j + 1).min(b.len());
                let is_key = b.get(next_solid(end)) == Some(&b':');
                let style = if is_key { key } else { string };
                spans.push(Span::styled(text[i..end].to_string(), style));
                i = end;
                continue;
            }
            c if c.is_ascii_whitespace() => {}
            c => {
                let mut j = i;
                while j < b.len()
                    && !matches!(b[j], b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t')
                {
                    j += 1;
                }
                let style = if c == b'-' || c.is_ascii_digit() {
                    number
                } else {
                    literal
                };
                spans.push(Span::styled(text[i..j].to_string(), style));
                i = j;
                continue;
            }
        }
        i += 1;
    }
    if !spans.is_empty() {
        lines.push(Line::from(spans));
    }
    lines
}

/// `a=1&b=x+y` as an aligned two-column table, values percent-decoded.
fn form(text: &str) -> Vec<Line<'static>> {
    let pairs: Vec<(String, String)> = text
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect();
    let width = pairs
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0)
        .min(32);
    let mut out = vec![Line::styled("form fields", dim())];
    for (k, v) in pairs {
        out.push(Line::from(vec![
            Span::styled(format!("{k:<width$}"), Style::default().fg(Color::Cyan)),
            Span::raw("  "),
            Span::raw(v),
        ]));
    }
    out
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' => match (s.get(i + 1..i + 3))
                .filter(|h| h.bytes().all(|c| c.is_ascii_hexdigit()))
                .map(|h| u8::from_str_radix(h, 16))
            {
                Some(Ok(v)) => {
                    out.push(v);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `00000000  7b 22 69 64  …  |{"id…|`, 16 bytes a line when there is room, else 8.
/// `total` is the whole body's size: `body` may be only the part that is drawn.
pub fn hex(body: &[u8], total: usize, width: u16) -> Vec<Line<'static>> {
    let per = if width >= 78 { 16 } else { 8 };
    let mut out = vec![Line::styled(format!("binary, {total} bytes"), dim())];
    for (n, chunk) in body.chunks(per).enumerate() {
        let mut hex = String::with_capacity(per * 3);
        for (j, byte) in chunk.iter().enumerate() {
            if j == 8 {
                hex.push(' ');
            }
            hex.push_str(&format!("{byte:02x} "));
        }
        let pad = per * 3 + usize::from(per > 8) - hex.len();
        let ascii: String = chunk
            .iter()
            .map(|&c| {
                if c.is_ascii_graphic() || c == b' ' {
                    c as char
                } else {
                    '.'
                }
            })
            .collect();
        out.push(Line::from(vec![
            Span::styled(format!("{:08x}  ", n * per), dim()),
            Span::raw(hex),
            Span::raw(" ".repeat(pad)),
            Span::styled(format!("|{ascii}|"), Style::default().fg(Color::Yellow)),
        ]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(lines: &[Line]) -> Vec<String> {
        lines.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn json_keeps_key_order_and_number_spelling() {
        let out = plain(&pretty_json(r#"{"z":1.50,"a":[true,null,{}],"s":"x\"}"}"#));
        assert_eq!(
            out,
            [
                "{",
                "  \"z\": 1.50,",
                "  \"a\": [",
                "    true,",
                "    null,",
                "    {}",
                "  ],",
                "  \"s\": \"x\\\"}\"",
                "}"
            ]
        );
    }

    #[test]
    fn gzip_is_decoded_for_display() {
        use flate2::write::GzEncoder;
        use std::io::Write as _;
        let mut enc = GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(br#"{"ok":true}"#).unwrap();
        let gz = enc.finish().unwrap();
        let headers = [("content-encoding".to_string(), "gzip".to_string())];
        let out = plain(&lines(&gz, &headers, 80));
        assert!(out[0].starts_with("gzip:"), "{out:?}");
        assert_eq!(out[1..], ["{", "  \"ok\": true", "}"]);
    }

    #[test]
    fn forms_are_a_table_and_binary_is_hex() {
        let headers = [(
            "content-type".to_string(),
            "application/x-www-form-urlencoded".to_string(),
        )];
        let out = plain(&lines(b"name=J%C3%BCrgen+K&n=1&bad=%zz", &headers, 80));
        assert_eq!(
            out,
            ["form fields", "name  Jürgen K", "n     1", "bad   %zz"]
        );
        let out = plain(&lines(&[0, 0x41, 0xff], &[], 80));
        assert_eq!(out[0], "binary, 3 bytes");
        assert!(out[1].starts_with("00000000  00 41 ff "), "{out:?}");
        assert!(out[1].ends_with("|.A.|"), "{out:?}");
    }
}
