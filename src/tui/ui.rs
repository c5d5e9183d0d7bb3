//! Drawing: a pure function of the [`App`]. Only the visible list rows are built, so a frame
//! costs the same with ten captures or a hundred thousand.

use crate::capture::Origin;
use crate::output::{human_size, millis};
use crate::tui::app::{App, Row};
use crate::tui::details::status_style;
use crate::tui::keys::{FILTER_HELP, KEYS};
use crate::tui::layout::{Focus, Tab, areas};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

fn dim() -> Style {
    Style::default().add_modifier(Modifier::DIM)
}

pub fn render(f: &mut Frame, app: &App) {
    let a = areas(app.focus, f.area());
    header(f, app, a.header);
    if let Some(r) = a.list {
        list(f, app, r);
    }
    if let Some(r) = a.details {
        details_pane(f, app, r);
    }
    status(f, app, a.status);
    if app.help {
        help(f, f.area());
    }
}

/// `1234567` → `1,234,567`.
fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// `1 capture`, `1,042 captures`.
fn captures(n: u64) -> String {
    format!("{} capture{}", thousands(n), if n == 1 { "" } else { "s" })
}

fn header(f: &mut Frame, app: &App, area: Rect) {
    let mut left = vec![
        Span::styled(" hookcli ", Style::default().add_modifier(Modifier::BOLD)),
        Span::raw(app.listen_url.clone()),
    ];
    if let Some(r) = &app.relay {
        let (color, state) = match r.up {
            Some(true) => (Color::Green, "connected"),
            Some(false) => (Color::Yellow, "reconnecting"),
            None => (Color::Red, "stopped"),
        };
        left.push(Span::styled("  ⇄ ", dim()));
        left.push(Span::styled("● ", Style::default().fg(color)));
        if !r.url.is_empty() {
            left.push(Span::raw(format!("{} ", r.url)));
        }
        left.push(Span::styled(format!("relay {state}"), dim()));
    }
    if app.targets.is_empty() {
        left.push(Span::styled("  (not forwarding)", dim()));
    }
    for t in &app.targets {
        let color = match t.ok {
            Some(true) => Color::Green,
            Some(false) => Color::Red,
            None => Color::DarkGray,
        };
        left.push(Span::styled("  → ", dim()));
        left.push(Span::styled("● ", Style::default().fg(color)));
        left.push(Span::raw(t.label.clone()));
    }
    let (all, bad_signatures, failed) = app.header_totals();
    let total = captures(all);
    let mut right = vec![Span::raw(total.clone())];
    if bad_signatures > 0 {
        right.push(Span::styled(
            format!(" · {} ✗ sig", thousands(bad_signatures)),
            Style::default().fg(Color::Red),
        ));
    }
    if failed > 0 {
        right.push(Span::styled(
            format!(" · {} failed", thousands(failed)),
            Style::default().fg(Color::Red),
        ));
    }
    right.push(Span::raw(" "));
    let mut right = Line::from(right);
    // On a narrow screen the URL and targets matter more than the totals.
    let left_width: usize = left.iter().map(Span::width).sum();
    if left_width + right.width() > area.width as usize {
        right = Line::from(total + " ");
        if left_width + right.width() > area.width as usize {
            right = Line::default();
        }
    }
    let [l, r] = Layout::horizontal([Constraint::Min(0), Constraint::Length(right.width() as u16)])
        .areas(area);
    f.render_widget(Paragraph::new(Line::from(left)), l);
    f.render_widget(Paragraph::new(right), r);
}

fn pane(title: Line<'static>, focused: bool) -> Block<'static> {
    let color = if focused {
        Color::Cyan
    } else {
        Color::DarkGray
    };
    Block::default()
        .borders(Borders::ALL)
        .border_style(Style::default().fg(color))
        .title(title)
}

fn list(f: &mut Frame, app: &App, area: Rect) {
    let shown = app.view_len();
    let mut title = vec![Span::styled(
        " Captures ",
        Style::default().add_modifier(Modifier::BOLD),
    )];
    match &app.filter {
        Some((text, _)) => {
            title.push(Span::raw(format!(
                "{} of {} ",
                thousands(shown as u64),
                thousands(app.total() as u64)
            )));
            title.push(Span::styled(
                format!("/{text} "),
                Style::default().fg(Color::Yellow),
            ));
        }
        // The list is a window over the store: its count is the store's, not the window's.
        None => title.push(Span::raw(format!(
            "{} ",
            thousands(app.header_totals().0.max(shown as u64))
        ))),
    }
    let mut block = pane(Line::from(title), app.focus == Focus::List);
    if app.follow {
        block = block.title(Line::styled(" ▼ follow ", dim()).right_aligned());
    }
    let inner = block.inner(area);
    f.render_widget(block, area);
    if shown == 0 {
        let msg = if app.total() == 0 {
            vec![
                Line::styled("waiting for webhooks…", dim()),
                Line::raw(""),
                Line::styled(
                    format!("try: curl -d '{{}}' {}/hook", app.listen_url),
                    dim(),
                ),
            ]
        } else {
            vec![Line::styled(
                "nothing matches the filter (Esc clears it)",
                dim(),
            )]
        };
        f.render_widget(Paragraph::new(msg).wrap(Wrap { trim: false }), inner);
        return;
    }
    let height = inner.height as usize;
    // The stored offset was computed for the last known size; clamp so the selection shows.
    let sel = app.selected_pos().unwrap_or(0);
    let mut top = app.offset.min(shown.saturating_sub(height));
    if sel < top {
        top = sel;
    } else if sel >= top + height {
        top = sel + 1 - height;
    }
    // One column goes to a cursor mark, so the selection shows without color too.
    // The badge column is as wide as the widest badge on screen: none when nothing is signed.
    let visible = top..shown.min(top + height);
    let badge = (visible.clone())
        .map(|pos| app.row_at(pos).badge().0.chars().count())
        .max()
        .unwrap_or(0)
        .min(10);
    let cols = Cols::fit((inner.width as usize).saturating_sub(1), badge);
    let lines: Vec<Line> = visible
        .map(|pos| {
            let mut line = row_line(app, app.row_at(pos), &cols);
            if Some(pos) == app.selected_pos() {
                let bg = if app.focus == Focus::List {
                    Color::Blue
                } else {
                    Color::DarkGray
                };
                line.spans.insert(0, Span::raw("▶"));
                line.style(Style::default().bg(bg))
            } else {
                line.spans.insert(0, Span::raw(" "));
                line
            }
        })
        .collect();
    f.render_widget(Paragraph::new(lines), inner);
}

/// Which list columns fit, dropped in order of least use when the pane is narrow.
struct Cols {
    time: usize,
    size: bool,
    ms: bool,
    badge: usize,
    path: usize,
}

impl Cols {
    fn fit(width: usize, badge: usize) -> Cols {
        const METHOD: usize = 7;
        const STATUS: usize = 5;
        const PATH_MIN: usize = 18;
        let layouts = [
            (12, true, true, badge),
            (8, true, true, badge),
            (8, false, true, badge),
            (8, false, false, badge),
            (8, false, false, badge.min(1)),
        ];
        for (time, size, ms, badge) in layouts {
            let fixed = time
                + 1
                + METHOD
                + usize::from(size) * 8
                + badge
                + 1
                + STATUS
                + usize::from(ms) * 8;
            if width >= fixed + PATH_MIN {
                return Cols {
                    time,
                    size,
                    ms,
                    badge,
                    path: width - fixed,
                };
            }
        }
        Cols {
            time: 8,
            size: false,
            ms: false,
            badge: badge.min(1),
            path: width.saturating_sub(24).max(4),
        }
    }
}

/// Pad or cut to exactly `w` columns (cut text ends in `…`).
fn fit(s: &str, w: usize) -> String {
    let n = s.chars().count();
    if n <= w {
        format!("{s:<w$}")
    } else if w == 0 {
        String::new()
    } else {
        let mut out: String = s.chars().take(w - 1).collect();
        out.push('…');
        out
    }
}

fn row_line(app: &App, row: &Row, cols: &Cols) -> Line<'static> {
    let base = if row.older { dim() } else { Style::default() };
    let mut time = (app.clock)(row.received_at);
    time.truncate(cols.time);
    let mut spans = vec![
        Span::styled(format!("{time} "), dim()),
        Span::styled(
            fit(&row.method(), 6) + " ",
            base.add_modifier(Modifier::BOLD),
        ),
    ];
    let path = if row.origin == Origin::Replay {
        format!("↻ {}", row.url())
    } else {
        row.url().into_owned()
    };
    spans.push(Span::styled(
        fit(&path, cols.path.saturating_sub(1)) + " ",
        base,
    ));
    if cols.size {
        spans.push(Span::styled(
            format!("{:>7} ", human_size(row.body_size)),
            dim(),
        ));
    }
    let (b, ok) = row.badge();
    let b = if cols.badge <= 1 {
        b.chars().take(1).collect()
    } else {
        b
    };
    let color = match ok {
        Some(true) => Style::default().fg(Color::Green),
        Some(false) => Style::default().fg(Color::Red),
        None => dim(),
    };
    spans.push(Span::styled(fit(&b, cols.badge) + " ", color));
    let first = row.first();
    let (status, style) = match first {
        Some(f) if f.error => ("ERR".to_string(), Style::default().fg(Color::Red)),
        Some(f) => match f.status {
            Some(s) => (s.to_string(), status_style(s)),
            None => ("…".into(), dim()),
        },
        None if !row.complete => ("…".into(), dim()),
        None => match row.response_status {
            // Answered by hookcli itself, not by a target: shown, but quietly.
            Some(s) => (s.to_string(), dim()),
            None => ("–".into(), dim()),
        },
    };
    spans.push(Span::styled(format!("{status:>4} "), style));
    if cols.ms {
        let ms = first.filter(|f| f.status.is_some()).map(|f| millis(f.ms));
        spans.push(Span::styled(
            format!("{:>8}", ms.unwrap_or_default()),
            dim(),
        ));
    }
    Line::from(spans)
}

fn details_pane(f: &mut Frame, app: &App, area: Rect) {
    let mut title = vec![Span::raw(" ")];
    for (i, t) in Tab::ALL.iter().enumerate() {
        if i > 0 {
            title.push(Span::styled(" │ ", dim()));
        }
        let style = if *t == app.tab {
            Style::default()
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        } else {
            dim()
        };
        title.push(Span::styled(t.title(), style));
    }
    title.push(Span::raw(" "));
    let block = pane(Line::from(title), app.focus == Focus::Details);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let drawn = app.details_lines(inner.width).map(|lines| {
        // Every line takes at least one row, so a screenful of lines from the scroll position
        // is all a frame can show: no need to hand the whole (possibly huge) body over.
        let from = app.detail_scroll.min(lines.len());
        let to = lines.len().min(from + inner.height as usize);
        let p = Paragraph::new(lines[from..to].to_vec()).wrap(Wrap { trim: false });
        f.render_widget(p, inner);
    });
    if drawn.is_none() {
        f.render_widget(
            Paragraph::new(Line::styled("no capture selected", dim())),
            inner,
        );
    }
}

fn status(f: &mut Frame, app: &App, area: Rect) {
    let line = if let Some(input) = &app.input {
        // A filter that does not parse keeps the prompt open with the reason beside it.
        let hint = match &app.status {
            Some((msg, true)) => Span::styled(format!("   {msg}"), Style::default().fg(Color::Red)),
            _ => Span::styled("   Enter apply · Esc clear", dim()),
        };
        Line::from(vec![
            Span::styled("/", Style::default().fg(Color::Yellow)),
            Span::raw(input.clone()),
            Span::styled("█", dim()),
            hint,
        ])
    } else if let Some((msg, error)) = &app.status {
        let style = if *error {
            Style::default().fg(Color::Red)
        } else {
            Style::default()
        };
        Line::styled(format!(" {msg}"), style)
    } else {
        Line::styled(
            " ? help  / filter  r replay  e edit  c curl  s save  f follow  q quit",
            dim(),
        )
    };
    f.render_widget(Paragraph::new(line), area);
}

fn help(f: &mut Frame, area: Rect) {
    let mut lines = vec![];
    for (k, what) in KEYS {
        lines.push(Line::from(vec![
            Span::styled(format!(" {k:<17}"), Style::default().fg(Color::Cyan)),
            Span::raw(*what),
        ]));
    }
    // No blank line between the halves: at 80×24 every line of both has to fit.
    lines.push(Line::styled(
        " Filter (/): words must all match",
        Style::default().add_modifier(Modifier::BOLD),
    ));
    for (k, what) in FILTER_HELP {
        lines.push(Line::from(vec![
            Span::styled(format!(" {k:<18}"), Style::default().fg(Color::Yellow)),
            Span::styled(*what, dim()),
        ]));
    }
    let w = 78.min(area.width);
    let h = (lines.len() as u16 + 2).min(area.height);
    let r = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    f.render_widget(Clear, r);
    let block = pane(
        Line::styled(
            " Keys · Esc closes ",
            Style::default().add_modifier(Modifier::BOLD),
        ),
        true,
    );
    f.render_widget(Paragraph::new(lines).block(block), r);
}
