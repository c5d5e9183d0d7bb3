//! The TUI's state and its one entry point, `update(Event) -> Vec<Effect>`: synchronous, no
//! I/O, no tokio, so whole sessions can be scripted in tests. The loop in `mod.rs` carries the
//! effects out and feeds their outcomes back in as events.

use crate::capture::Capture;
use crate::filter::Filter;
pub use crate::store::window::From;
use crate::target::Target;
use crate::tui::details::Cache;
use crate::tui::keys::{self};
use crate::tui::layout::details_width;
pub use crate::tui::layout::{Focus, Tab};
pub use crate::tui::rows::Row;
use crate::tui::rows::Rows;
use bytes::Bytes;
use crossterm::event::{KeyEvent, KeyEventKind, MouseEvent};
use ratatui::text::Line;
use std::borrow::Cow;
use std::sync::Arc;
use time::OffsetDateTime;

mod input;
mod select;
mod window;

/// Everything that can happen to the TUI.
#[derive(Debug)]
pub enum Event {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// From the pipeline; an id seen before updates its row in place. `json` is the capture's
    /// JSON line when the store wrote one (the row keeps a copy rather than encode again).
    Capture {
        capture: Arc<Capture>,
        complete: bool,
        json: Option<Bytes>,
    },
    /// The store's recent captures, oldest first, loaded after start.
    History(Vec<Capture>),
    /// A page of the store [`Effect::Page`] asked for, oldest first; `matched` is how many
    /// captures match the filter, when the store could count them.
    Page {
        from: From,
        captures: Vec<Capture>,
        matched: Option<u64>,
    },
    Warning(String),
    /// An [`Effect::Page`] could not be read: say why; the window stays where it was.
    PageFailed(String),
    /// The outcome of an effect, to show in the status line.
    Status(String),
    /// The text the editor left (or why there is none).
    Edited(Result<String, String>),
    /// The relay link (`listen --relay`) changed state.
    Relay(crate::event::RelayState),
    /// The store's own totals (every capture in it, not only the rows loaded).
    Stored(StoreTotals),
}

/// What the whole store holds, for the header: the list holds only a window of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoreTotals {
    pub captures: u64,
    /// Captures whose signature failed (invalid, expired, malformed), when the store could
    /// count them.
    pub bad_signatures: Option<u64>,
    /// Captures with a forward that failed (no answer or a 5xx), when the store counted them.
    pub failed: Option<u64>,
}

/// The relay link as the header shows it at all times: the channel's public URL and state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelayLink {
    /// Empty until the relay has said it.
    pub url: String,
    /// `Some(true)` connected, `Some(false)` reconnecting, `None` stopped for good.
    pub up: Option<bool>,
}

/// What the loop must do on the app's behalf.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Replay {
        capture: Arc<Capture>,
        targets: Vec<Target>,
        /// Sign it again for its provider, now, when the listener holds the secret (`r`, and
        /// after an edit); `false` sends the captured bytes untouched (`R`).
        resign: bool,
    },
    /// Open this capture as JSON in the editor; answer with [`Event::Edited`].
    Edit(Arc<Capture>),
    /// Put this text on the clipboard (OSC 52).
    Copy(String),
    /// Write this capture as `<id>.json` in the current directory.
    Save(Arc<Capture>),
    /// Load a page of the stored captures matching `filter` next to `from`; answer with
    /// [`Event::Page`]. The list is a window over the store, moved by these.
    Page {
        filter: Option<Filter>,
        from: From,
    },
    Quit,
}

/// A forward target in the header, with what its last forward said.
#[derive(Debug, Clone)]
pub struct TargetHealth {
    pub label: String,
    /// `scheme://authority/base`: forward URLs to this target start with it.
    prefix: String,
    /// `Some(true)` answered, `Some(false)` failed (no answer or 5xx), `None` not yet tried.
    pub ok: Option<bool>,
}

/// Totals for the header, kept up to date per event rather than recounted per frame.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub older: usize,
    pub bad_signatures: usize,
    pub failed: usize,
}

/// Reads a capture whole by id from the store.
pub type Loader = Box<dyn Fn(&str) -> Option<Capture> + Send>;

/// Which targets a path goes to (the pipeline's `targets_for`, injectable for tests).
pub type Router = Box<dyn Fn(&str) -> Vec<Target> + Send>;

pub struct App {
    pub listen_url: String,
    pub targets: Vec<TargetHealth>,
    rows: Rows,
    /// Row indices that pass the filter, ascending; `None` when nothing is filtered.
    view: Option<Vec<usize>>,
    pub filter: Option<(String, Filter)>,
    /// The filter being typed, while the prompt is open.
    pub input: Option<String>,
    /// Position in the view.
    pub(crate) selected: Option<usize>,
    /// First visible position of the list.
    pub(crate) offset: usize,
    pub follow: bool,
    pub focus: Focus,
    pub tab: Tab,
    pub detail_scroll: usize,
    pub help: bool,
    /// The last message, and whether it reports a problem.
    pub status: Option<(String, bool)>,
    pub size: (u16, u16),
    pub counts: Counts,
    /// The store's totals, when the list pages through one (see [`StoreTotals`]).
    pub stored: Option<StoreTotals>,
    pub relay: Option<RelayLink>,
    router: Router,
    /// How times are shown; injectable so snapshots do not depend on the time zone.
    pub clock: fn(OffsetDateTime) -> String,
    /// What "now" is for ages (`3 min ago`); injectable for the same reason.
    pub now: fn() -> OffsetDateTime,
    /// Details of the selected capture, formatted once rather than on every frame.
    details: Option<Cache>,
    /// The list pages back through a store: reaching its top asks for older captures.
    pub pages: bool,
    /// An older page was asked for and has not come yet.
    older_pending: bool,
    /// The store has nothing older than the top row.
    older_done: bool,
    /// Reads one capture whole from the store (a selected capture's large body).
    loader: Option<Loader>,
    /// The bottom row is the newest stored capture (that matches): arrivals go below it.
    /// When not, they are left in the store until the window is scrolled down to them.
    newest_done: bool,
}

impl App {
    pub fn new(listen_url: impl Into<String>, targets: &[Target], router: Router) -> App {
        App {
            listen_url: listen_url.into(),
            targets: targets
                .iter()
                .map(|t| TargetHealth {
                    label: t.authority.clone() + &t.base_path,
                    prefix: format!("{}://{}{}", t.scheme, t.authority, t.base_path),
                    ok: None,
                })
                .collect(),
            rows: Rows::default(),
            view: None,
            filter: None,
            input: None,
            selected: None,
            offset: 0,
            follow: true,
            focus: Focus::List,
            tab: Tab::Request,
            detail_scroll: 0,
            help: false,
            status: None,
            size: (100, 30),
            counts: Counts::default(),
            stored: None,
            relay: None,
            router,
            clock: crate::output::clock,
            now: OffsetDateTime::now_utc,
            details: None,
            pages: false,
            older_pending: false,
            older_done: false,
            newest_done: true,
            loader: None,
        }
    }

    /// Back the list by a store: a bounded window paged from it, large bodies left in it
    /// and read back through `loader` for the selected capture.
    pub fn use_store(&mut self, loader: Loader) {
        self.pages = true;
        self.rows.body_limit = Some(crate::tui::rows::BODY_LIMIT);
        self.loader = Some(loader);
    }

    /// How many captures pass the filter.
    pub fn view_len(&self) -> usize {
        self.view.as_ref().map_or(self.rows.len(), Vec::len)
    }

    pub fn total(&self) -> usize {
        self.rows.len()
    }

    /// The header's totals: captures, bad signatures, failed forwards. The store's own counts
    /// when it gave them; else (no store, or a count it could not make) the loaded rows'.
    pub fn header_totals(&self) -> (u64, u64, u64) {
        let rows = (
            self.rows.len() as u64,
            self.counts.bad_signatures as u64,
            self.counts.failed as u64,
        );
        match self.stored {
            Some(t) => (
                t.captures.max(rows.0),
                t.bad_signatures.unwrap_or(rows.1),
                t.failed.unwrap_or(rows.2),
            ),
            None => rows,
        }
    }

    /// The row at a view position.
    pub fn row_at(&self, pos: usize) -> &Row {
        let i = self.view.as_ref().map_or(pos, |v| v[pos]);
        &self.rows[i]
    }

    pub fn selected_pos(&self) -> Option<usize> {
        self.selected
    }

    pub fn selected(&self) -> Option<&Row> {
        self.selected.map(|p| self.row_at(p))
    }

    /// The selected capture, whole (kept unpacked while it is selected).
    pub fn selected_capture(&self) -> Option<&Arc<Capture>> {
        self.selected.and(self.rows.held())
    }

    /// Keep every capture packed but the selected one (for tests).
    #[cfg(test)]
    pub fn pack_all(&mut self) {
        self.rows.pack_all();
    }

    /// The shortest prefix of `id` (at least 8 characters) that tells it apart from the
    /// captures beside it, as `hookcli list` shows it and `show`/`replay` accept it. Ids are
    /// in time order, so the neighbours are the only ones that can share a longer prefix.
    pub fn unique_id(&self, id: &str) -> String {
        let mut len = 8;
        if let Some(i) = self.rows.find(id) {
            for j in [i.checked_sub(1), i.checked_add(1)].into_iter().flatten() {
                if j < self.rows.len() {
                    len = len.max(common_prefix(id, &self.rows.capture(j).id) + 1);
                }
            }
        }
        crate::id::short(id, len)
    }

    /// The capture at a view position, unpacked if need be.
    pub fn capture_at(&self, pos: usize) -> Arc<Capture> {
        self.rows.capture(self.view_row(pos))
    }

    pub fn update(&mut self, ev: Event) -> Vec<Effect> {
        let effects = self.apply(ev);
        self.refresh_details();
        effects
    }

    /// The selected capture's details lines at this width: the kept ones when they fit
    /// (they do after every [`App::update`]), else formatted now, without keeping them.
    pub fn details_lines(&self, width: u16) -> Option<Cow<'_, [Line<'static>]>> {
        let (row, capture) = (self.selected()?, self.selected_capture()?);
        match &self.details {
            Some(d) if d.fits(capture, row.complete, self.tab, width) => {
                Some(Cow::Borrowed(d.lines()))
            }
            _ => {
                let fresh = Cache::new(capture, row.complete, self.tab, width, (self.now)());
                Some(Cow::Owned(fresh.lines().to_vec()))
            }
        }
    }

    /// Format the selected capture's details for the pane's width, unless they are current.
    fn refresh_details(&mut self) {
        let width = details_width(self.size, self.focus);
        let (Some(row), Some(capture)) = (self.selected(), self.selected_capture()) else {
            self.details = None;
            return;
        };
        let complete = row.complete;
        if self
            .details
            .as_ref()
            .is_some_and(|d| d.fits(capture, complete, self.tab, width))
        {
            return;
        }
        let capture = Arc::clone(capture);
        self.details = Some(Cache::new(
            &capture,
            complete,
            self.tab,
            width,
            (self.now)(),
        ));
    }

    fn apply(&mut self, ev: Event) -> Vec<Effect> {
        match ev {
            Event::Key(k) if k.kind != KeyEventKind::Release => return self.key(k),
            Event::Key(_) => {}
            Event::Mouse(m) => {
                if let Some((a, n)) = keys::wheel(m) {
                    for _ in 0..n {
                        self.act(a);
                    }
                }
            }
            Event::Resize(w, h) => {
                self.size = (w, h);
                self.keep_in_view();
            }
            Event::Capture {
                capture,
                complete,
                json,
            } => self.arrive(capture, complete, json),
            Event::History(list) => {
                self.older_pending = false;
                // A short page is the last one: the store holds nothing older.
                self.older_done |= list.len() < crate::tui::rows::HISTORY;
                let n = list.len();
                let paging = self.pages && !self.rows.is_empty();
                self.prepend_history(list);
                self.bound_window(false);
                if paging && n > 0 {
                    self.say(format!("loaded {n} older captures"));
                }
            }
            Event::Page {
                from,
                captures,
                matched,
            } => self.page_came(&from, captures, matched),
            Event::Warning(w) => self.say_error(format!("warning: {w}")),
            Event::PageFailed(e) => {
                self.older_pending = false;
                self.say_error(e);
            }
            Event::Status(s) => self.say(s),
            Event::Edited(r) => return self.edited(r),
            Event::Relay(r) => self.relay_state(r),
            Event::Stored(t) => self.stored = Some(t),
        }
        Vec::new()
    }

    pub fn say(&mut self, msg: impl Into<String>) {
        self.status = Some((msg.into(), false));
    }

    pub fn say_error(&mut self, msg: impl Into<String>) {
        self.status = Some((msg.into(), true));
    }
}

/// Enough of a ULID to tell captures apart on screen (its random tail).
/// How many leading characters two ids share.
fn common_prefix(a: &str, b: &str) -> usize {
    a.bytes()
        .zip(b.bytes())
        .take_while(|(x, y)| x.eq_ignore_ascii_case(y))
        .count()
}
