//! The screen's parts, which the state (scrolling limits, page size) and the drawing both
//! need: which pane has focus, the details tabs, and where each part goes at a size.

use ratatui::layout::{Constraint, Layout, Rect};

/// Which pane the keys move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Details,
}

/// The details pane's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Request,
    Body,
    Response,
    Signature,
}

impl Tab {
    pub const ALL: [Tab; 4] = [Tab::Request, Tab::Body, Tab::Response, Tab::Signature];

    pub fn title(self) -> &'static str {
        match self {
            Tab::Request => "Request",
            Tab::Body => "Body",
            Tab::Response => "Response",
            Tab::Signature => "Signature",
        }
    }

    pub fn step(self, by: isize) -> Tab {
        let i = Tab::ALL.iter().position(|t| *t == self).unwrap_or(0) as isize;
        Tab::ALL[(i + by).rem_euclid(Tab::ALL.len() as isize) as usize]
    }
}

/// Below this width the list and the details take turns instead of sharing the screen.
const SPLIT_MIN_WIDTH: u16 = 100;

/// List rows visible at this terminal size (header, status line and borders taken off).
pub fn list_rows(size: (u16, u16)) -> usize {
    size.1.saturating_sub(4) as usize
}

/// Where each part of the screen goes.
pub struct Areas {
    pub header: Rect,
    pub list: Option<Rect>,
    pub details: Option<Rect>,
    pub status: Rect,
}

pub fn areas(focus: Focus, area: Rect) -> Areas {
    let [header, main, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    let (list, details) = if area.width >= SPLIT_MIN_WIDTH {
        let [l, d] = Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)])
            .areas(main);
        (Some(l), Some(d))
    } else if focus == Focus::Details {
        (None, Some(main))
    } else {
        (Some(main), None)
    };
    Areas {
        header,
        list,
        details,
        status,
    }
}

/// Inner width of the details pane (for layouts that depend on it, like hex dumps).
pub fn details_width(size: (u16, u16), focus: Focus) -> u16 {
    let area = Rect::new(0, 0, size.0, size.1);
    let a = areas(focus, area);
    let d = a.details.or(a.list).unwrap_or(area);
    d.width.saturating_sub(2)
}

/// Inner height of the details pane: `G` stops where the last line is at the bottom.
pub fn details_height(size: (u16, u16), focus: Focus) -> u16 {
    let area = Rect::new(0, 0, size.0, size.1);
    let a = areas(focus, area);
    let d = a.details.or(a.list).unwrap_or(area);
    d.height.saturating_sub(2)
}
