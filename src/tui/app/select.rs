//! The list's view of the rows: arrivals, the filter, the selection and its scrolling, and
//! the per-row totals the header shows.

use super::{App, Counts};
use crate::capture::Capture;
use crate::filter::Filter;
use crate::tui::layout::{Focus, Tab, details_height, list_rows};
use bytes::Bytes;
use std::sync::Arc;

impl App {
    pub(super) fn arrive(&mut self, capture: Arc<Capture>, complete: bool, json: Option<Bytes>) {
        self.note_health(&capture);
        let known = self.rows.find(&capture.id);
        if known.is_none() && !self.newest_done {
            // The window is not at the newest end: the store keeps it for when it is.
            return;
        }
        if let Some(i) = known {
            self.uncount(i);
            self.rows.replace(i, capture, json.as_deref(), complete);
            self.count(i);
            self.refilter_one(i);
        } else {
            let i = self.rows.push(capture, json.as_deref(), complete);
            self.count(i);
            if let (Some(v), Some((_, f))) = (self.view.as_mut(), self.filter.as_ref())
                && self.rows.matches(i, f)
            {
                v.push(i);
            }
            self.bound_window(true);
        }
        if self.follow {
            self.select_last();
        } else if self.selected.is_none() && self.view_len() > 0 {
            self.select(0);
        }
    }

    /// Keep a filtered view right when a capture changes (a pending forward completes).
    pub(super) fn refilter_one(&mut self, i: usize) {
        let (Some(view), Some((_, f))) = (self.view.as_mut(), self.filter.as_ref()) else {
            return;
        };
        let wanted = self.rows.matches(i, f);
        match (view.binary_search(&i), wanted) {
            (Ok(pos), false) => {
                view.remove(pos);
                if let Some(s) = self.selected.as_mut()
                    && *s > pos
                {
                    *s -= 1;
                }
            }
            (Err(pos), true) => {
                view.insert(pos, i);
                if let Some(s) = self.selected.as_mut()
                    && *s >= pos
                {
                    *s += 1;
                }
            }
            _ => {}
        }
        self.clamp_selection();
    }

    pub(super) fn prepend_history(&mut self, list: Vec<Capture>) {
        let keep = self.selected.map(|p| self.view_row(p));
        let n = self.rows.prepend(list);
        if n == 0 {
            return;
        }
        let keep = keep.map(|row| row + n);
        self.counts = Counts::default();
        for i in 0..self.rows.len() {
            self.count(i);
        }
        let filter = self.filter.take();
        self.set_filter(filter);
        match keep {
            Some(row) if !self.follow => self.select_row(row),
            _ if self.follow => self.select_last(),
            _ => self.select(0),
        }
    }

    pub(super) fn set_filter(&mut self, filter: Option<(String, Filter)>) {
        let keep = self.selected.map(|p| self.view_row(p));
        self.view = filter.as_ref().map(|(_, f)| {
            (0..self.rows.len())
                .filter(|&i| self.rows.matches(i, f))
                .collect()
        });
        self.filter = filter;
        match keep {
            _ if self.follow => self.select_last(),
            Some(row) => self.select_row(row),
            None => self.select(0),
        }
    }

    pub(super) fn view_row(&self, pos: usize) -> usize {
        self.view.as_ref().map_or(pos, |v| v[pos])
    }

    /// Select a row, or the nearest one after it in the view when it is filtered out.
    pub(super) fn select_row(&mut self, row: usize) {
        let pos = match &self.view {
            None => row,
            Some(v) => v.binary_search(&row).unwrap_or_else(|p| p),
        };
        self.select(pos);
    }

    pub(super) fn select(&mut self, pos: usize) {
        let len = self.view_len();
        let new = (len > 0).then(|| pos.min(len - 1));
        if new != self.selected {
            self.detail_scroll = 0;
        }
        self.selected = new;
        // Unpacked now, not while drawing: a frame never parses JSON.
        let cut = self.rows.hold(new.map(|p| self.view_row(p)));
        if let (Some(id), Some(load)) = (cut, &self.loader)
            && let Some(c) = load(&id)
        {
            self.rows.held_whole(c);
        }
        self.keep_in_view();
    }

    pub(super) fn select_last(&mut self) {
        self.select(self.view_len().saturating_sub(1));
    }

    pub(super) fn clamp_selection(&mut self) {
        if let Some(s) = self.selected {
            self.select(s);
        } else if self.view_len() > 0 {
            self.select_last();
        }
    }

    /// Moving by hand stops following, unless it lands on the newest capture.
    pub(super) fn move_by(&mut self, by: isize) {
        let len = self.view_len();
        if len == 0 {
            return;
        }
        let cur = self.selected.unwrap_or(len - 1) as isize;
        let to = (cur + by).clamp(0, len as isize - 1) as usize;
        self.follow = to == len - 1 && by > 0;
        self.select(to);
    }

    pub(super) fn scroll_details(&mut self, by: isize) {
        self.detail_scroll = self.detail_scroll.saturating_add_signed(by);
        let height = usize::from(details_height(self.size, self.focus)).max(1);
        self.refresh_details();
        let max = self.details.as_ref().map_or(0, |d| d.lines().len());
        let max = max.saturating_sub(height);
        self.detail_scroll = self.detail_scroll.min(max);
    }

    pub(super) fn set_tab(&mut self, tab: Tab) {
        self.focus = Focus::Details;
        self.tab = tab;
        self.detail_scroll = 0;
    }

    /// Visible list rows for the current terminal size.
    pub fn page(&self) -> usize {
        list_rows(self.size)
    }

    /// Scroll the list just enough that the selection is on screen.
    pub(super) fn keep_in_view(&mut self) {
        let page = self.page().max(1);
        let len = self.view_len();
        let Some(s) = self.selected else {
            self.offset = 0;
            return;
        };
        if s < self.offset {
            self.offset = s;
        } else if s >= self.offset + page {
            self.offset = s + 1 - page;
        }
        self.offset = self.offset.min(len.saturating_sub(page));
    }

    pub(super) fn note_health(&mut self, c: &Capture) {
        for f in &c.forwards {
            let hit = (self.targets.iter_mut())
                .filter(|t| f.target.starts_with(&t.prefix))
                .max_by_key(|t| t.prefix.len());
            if let Some(t) = hit {
                t.ok = Some(f.error.is_none() && f.status.is_some_and(|s| s < 500));
            }
        }
    }

    pub(super) fn contribution(&self, i: usize) -> Counts {
        let r = &self.rows[i];
        Counts {
            older: usize::from(r.older),
            bad_signatures: usize::from(r.bad_signature()),
            failed: usize::from(r.failed),
        }
    }

    pub(super) fn count(&mut self, i: usize) {
        let c = self.contribution(i);
        self.counts.older += c.older;
        self.counts.bad_signatures += c.bad_signatures;
        self.counts.failed += c.failed;
    }

    pub(super) fn uncount(&mut self, i: usize) {
        let c = self.contribution(i);
        self.counts.older -= c.older;
        self.counts.bad_signatures -= c.bad_signatures;
        self.counts.failed -= c.failed;
    }
}
