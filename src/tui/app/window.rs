//! The list as a bounded window over the store: it holds at most [`WINDOW`] rows around the
//! view, asks the store for the page next to either end as the selection reaches it, drops
//! rows far from the selection, and sends `/` to the store so the filter covers it all.

use super::{App, Effect, From};
use crate::capture::Capture;
use crate::tui::rows::{HISTORY, WINDOW};
use std::sync::Arc;

/// Rows a trim leaves, below [`WINDOW`] so a flood of arrivals trims in slices.
const TRIMMED: usize = WINDOW - HISTORY / 4;

impl App {
    /// How many rows the list holds now (never more than [`WINDOW`] with a store).
    pub fn window_len(&self) -> usize {
        self.rows.len()
    }

    fn ask(&mut self, from: From) -> Vec<Effect> {
        self.older_pending = true;
        vec![Effect::Page {
            filter: self.filter.as_ref().map(|(_, f)| f.clone()),
            from,
        }]
    }

    /// The window again from the newest end, for a new filter (or none).
    pub(super) fn refetch(&mut self) -> Vec<Effect> {
        if !self.pages {
            return Vec::new();
        }
        self.ask(From::Newest)
    }

    /// At the top of a list backed by a store: ask for the page before it.
    pub(super) fn want_older(&mut self) -> Vec<Effect> {
        if !self.pages || self.older_pending || self.older_done || self.selected != Some(0) {
            return Vec::new();
        }
        match self.edge_id(true) {
            Some(id) => self.ask(From::Before(id)),
            None => Vec::new(),
        }
    }

    /// At the bottom of a window that is not at the newest end: ask for the page after it.
    pub(super) fn want_newer(&mut self) -> Vec<Effect> {
        let last = self.view_len().checked_sub(1);
        if !self.pages || self.older_pending || self.newest_done || self.selected != last {
            return Vec::new();
        }
        match self.edge_id(false) {
            Some(id) => self.ask(From::After(id)),
            None => Vec::new(),
        }
    }

    /// `g`: the oldest stored capture, however far back.
    pub(super) fn want_oldest(&mut self) -> Vec<Effect> {
        if !self.pages || self.older_done || self.older_pending {
            return Vec::new();
        }
        self.ask(From::Oldest)
    }

    /// `G` or follow: the newest stored capture.
    pub(super) fn want_newest(&mut self) -> Vec<Effect> {
        if !self.pages || self.newest_done || self.older_pending {
            return Vec::new();
        }
        self.ask(From::Newest)
    }

    /// The id of the first (or last) row, which the next page is read next to.
    fn edge_id(&self, first: bool) -> Option<String> {
        let i = if first {
            0
        } else {
            self.rows.len().checked_sub(1)?
        };
        (!self.rows.is_empty()).then(|| self.rows.capture(i).id.clone())
    }

    /// A page came from the store: move the window.
    pub(super) fn page_came(&mut self, from: &From, list: Vec<Capture>, matched: Option<u64>) {
        self.older_pending = false;
        let short = list.len() < HISTORY;
        match from {
            From::Newest | From::Oldest => {
                self.rows.clear();
                self.rows.prepend(list);
                let oldest = *from == From::Oldest;
                self.older_done = short || oldest;
                self.newest_done = short || !oldest;
                self.follow = !oldest;
                self.rebuild(None);
                if oldest {
                    self.select(0);
                } else {
                    self.select_last();
                }
            }
            From::Before(id) => {
                if self.edge_id(true).as_ref() != Some(id) {
                    return; // the window moved since it was asked for
                }
                self.older_done |= short;
                self.prepend_history(list);
            }
            From::After(id) => {
                if self.edge_id(false).as_ref() != Some(id) {
                    return;
                }
                self.newest_done = short;
                let keep = self.selected.map(|p| self.view_row(p));
                for c in list {
                    self.rows.push(Arc::new(c), None, true);
                }
                self.rebuild(keep);
            }
        }
        self.bound_window(false);
        self.say_matched(from, matched);
    }

    fn say_matched(&mut self, from: &From, matched: Option<u64>) {
        let Some((text, _)) = &self.filter else {
            return;
        };
        if *from != From::Newest {
            return;
        }
        let msg = match matched {
            Some(n) => format!("{n} stored captures match {text}"),
            None if self.older_done => format!("{} stored captures match {text}", self.view_len()),
            None => format!("≥ {} stored captures match {text}", self.view_len()),
        };
        self.say(msg);
    }

    /// Counts and the filtered view again after the rows changed; select `row` (else the
    /// newest when following).
    fn rebuild(&mut self, row: Option<usize>) {
        self.counts = super::Counts::default();
        for i in 0..self.rows.len() {
            self.count(i);
        }
        self.view = self.filter.as_ref().map(|(_, f)| {
            (0..self.rows.len())
                .filter(|&i| self.rows.matches(i, f))
                .collect()
        });
        self.selected = None;
        match row {
            _ if self.follow => self.select_last(),
            Some(r) => self.select_row(r),
            None => self.select(0),
        }
    }

    /// Past [`WINDOW`] rows, drop those on the side away from the selection.
    pub(super) fn bound_window(&mut self, arrived: bool) {
        let len = self.rows.len();
        if !self.pages || len <= WINDOW {
            return;
        }
        let sel = self.selected.map(|p| self.view_row(p));
        let low = arrived && self.follow || sel.is_some_and(|r| r >= len / 2);
        let keep = if low {
            self.older_done = false;
            len - TRIMMED..len
        } else {
            self.newest_done = false;
            0..TRIMMED
        };
        let start = keep.start;
        self.rows.keep(keep);
        self.rebuild(sel.map(|r| r.saturating_sub(start)));
    }
}
