//! The details pane's text, one tab at a time, and the cache the state keeps of it for the
//! selected capture: formatting a large body is the one costly thing on screen, so it
//! happens once per selection, not per frame.

use crate::capture::{Capture, Verdict, format_time};
use crate::output::{human_size, millis};
use crate::tui::body;
use crate::tui::layout::Tab;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use std::sync::Arc;

/// Formatted lines of one capture's tab, valid while the capture (by pointer) is the same.
/// The state keeps one for the selected capture; drawing only reads it.
pub struct Cache {
    capture: Arc<Capture>,
    complete: bool,
    tab: Tab,
    width: u16,
    lines: Vec<Line<'static>>,
}

impl Cache {
    pub fn new(
        capture: &Arc<Capture>,
        complete: bool,
        tab: Tab,
        width: u16,
        now: time::OffsetDateTime,
    ) -> Cache {
        Cache {
            capture: Arc::clone(capture),
            complete,
            tab,
            width,
            lines: build(capture, complete, tab, width, now),
        }
    }

    /// Whether these lines are the ones for this capture, tab and width.
    pub fn fits(&self, capture: &Arc<Capture>, complete: bool, tab: Tab, width: u16) -> bool {
        Arc::ptr_eq(&self.capture, capture)
            && self.complete == complete
            && self.tab == tab
            && self.width == width
    }

    pub fn lines(&self) -> &[Line<'static>] {
        &self.lines
    }
}

fn label() -> Style {
    Style::default().add_modifier(Modifier::DIM)
}

fn bold() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}

fn field(name: &str, value: impl Into<String>) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{name:<10}"), label()),
        Span::raw(value.into()),
    ])
}

/// A status code colored by class, as in the list.
pub fn status_style(status: u16) -> Style {
    Style::default().fg(match status {
        200..=299 => Color::Green,
        300..=399 => Color::Cyan,
        400..=499 => Color::Yellow,
        _ => Color::Red,
    })
}

fn headers(out: &mut Vec<Line<'static>>, title: &str, hs: &[(String, String)]) {
    out.push(Line::styled(format!("{title} ({})", hs.len()), bold()));
    let w = hs.iter().map(|(k, _)| k.len()).max().unwrap_or(0).min(28);
    for (k, v) in hs {
        out.push(Line::from(vec![
            Span::styled(format!("{k:<w$}"), Style::default().fg(Color::Cyan)),
            Span::raw("  "),
            Span::raw(v.clone()),
        ]));
    }
}

pub fn build(
    c: &Capture,
    complete: bool,
    tab: Tab,
    width: u16,
    now: time::OffsetDateTime,
) -> Vec<Line<'static>> {
    match tab {
        Tab::Request => request(c, now),
        Tab::Body => body::lines(&c.body, &c.headers, width),
        Tab::Response => response(c, complete),
        Tab::Signature => signature(c),
    }
}

fn request(c: &Capture, now: time::OffsetDateTime) -> Vec<Line<'static>> {
    let mut out = vec![
        Line::from(vec![
            Span::styled(c.method.clone(), bold()),
            Span::raw(" "),
            Span::raw(c.url.clone()),
            Span::styled(format!(" {}", c.http_version), label()),
        ]),
        Line::raw(""),
        field("id", c.id.clone()),
        field("received", format_time(c.received_at)),
        field("age", crate::output::ago(c.received_at, now)),
    ];
    let from = c
        .remote_addr
        .as_deref()
        .map(|a| format!(" from {a}"))
        .unwrap_or_default();
    out.push(field("origin", format!("{}{from}", origin(c))));
    if let Some(id) = &c.replay_of {
        out.push(field("replay of", id.clone()));
    }
    let mut size = human_size(c.body_size);
    if c.truncated() {
        size.push_str(&format!(
            " (only the first {} kept)",
            human_size(c.body.len() as u64)
        ));
    }
    out.push(field("body", size));
    if let Some(s) = c.response_status {
        out.push(Line::from(vec![
            Span::styled(format!("{:<10}", "answered"), label()),
            Span::styled(s.to_string(), status_style(s)),
        ]));
    }
    if let Some(h) = &c.handshake {
        out.push(field("handshake", h.clone()));
    }
    if let Some(d) = crate::verify::delivery::details(c) {
        out.push(field("delivery", d));
    }
    for m in crate::verify::delivery::marks(c) {
        out.push(field("", m));
    }
    out.push(Line::raw(""));
    headers(&mut out, "Headers", &c.headers);
    out
}

fn origin(c: &Capture) -> &'static str {
    match c.origin {
        crate::capture::Origin::Local => "local",
        crate::capture::Origin::Relay => "relay",
        crate::capture::Origin::Replay => "replay",
        crate::capture::Origin::Import => "import",
        crate::capture::Origin::Sign => "sign",
        crate::capture::Origin::Trigger => "trigger",
        crate::capture::Origin::Retry => "retry",
    }
}

fn response(c: &Capture, complete: bool) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    if c.forwards.is_empty() {
        let answer = c
            .response_status
            .map_or("not answered".into(), |s| format!("answered {s}"));
        out.push(Line::styled(format!("not forwarded; {answer}"), label()));
        if let Some(h) = &c.handshake {
            out.push(field("handshake", h.clone()));
        }
    }
    for (n, f) in c.forwards.iter().enumerate() {
        if n > 0 {
            out.push(Line::raw(""));
        }
        let mut head = vec![Span::styled("→ ", label()), Span::raw(f.target.clone())];
        match (f.status, &f.error) {
            (_, Some(e)) => head.push(Span::styled(
                format!("  ✗ {e}"),
                Style::default().fg(Color::Red),
            )),
            (Some(s), None) => {
                let reason = http::StatusCode::from_u16(s)
                    .ok()
                    .and_then(|s| s.canonical_reason())
                    .unwrap_or("");
                head.push(Span::styled(format!("  {s} {reason}"), status_style(s)));
            }
            (None, None) => head.push(Span::styled("  …", label())),
        }
        head.push(Span::styled(
            format!("  {}", millis(f.duration_ms)),
            label(),
        ));
        out.push(Line::from(head));
        if f.error.is_some() {
            continue;
        }
        headers(&mut out, "Headers", &f.headers);
        out.push(Line::raw(""));
        let mut size = human_size(f.body_size);
        if f.body_size > f.body.len() as u64 {
            size.push_str(&format!(
                " (first {} kept)",
                human_size(f.body.len() as u64)
            ));
        }
        out.push(Line::styled(format!("Body ({size})"), bold()));
        out.extend(body::lines(&f.body, &f.headers, 80));
    }
    if !complete {
        out.push(Line::styled("more forwards in flight…", label()));
    }
    out
}

fn signature(c: &Capture) -> Vec<Line<'static>> {
    let Some(s) = &c.signature else {
        return vec![Line::styled(
            "no provider recognised: no known signature header on this request",
            label(),
        )];
    };
    let (mark, color) = match s.verdict {
        Verdict::Valid => ("✓", Color::Green),
        Verdict::Unsigned | Verdict::NoSecret => ("–", Color::Gray),
        _ => ("✗", Color::Red),
    };
    let mut out = vec![
        field("provider", s.provider.clone()),
        Line::from(vec![
            Span::styled(format!("{:<10}", "verdict"), label()),
            Span::styled(
                format!("{mark} {}", s.verdict.as_str()),
                Style::default().fg(color).add_modifier(Modifier::BOLD),
            ),
        ]),
    ];
    if !s.detail.is_empty() {
        out.push(field("detail", s.detail.clone()));
    }
    if s.verdict == Verdict::NoSecret {
        out.push(Line::raw(""));
        out.push(Line::styled(
            format!("pass --secret {}=… to check it", s.provider),
            label(),
        ));
    }
    out
}
