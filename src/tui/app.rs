//! The TUI's state and its one entry point, `update(Event) -> Vec<Effect>`: synchronous, no
//! I/O, no tokio, so whole sessions can be scripted in tests. The loop in `mod.rs` carries the
//! effects out and feeds their outcomes back in as events.

use crate::capture::Capture;
use crate::filter::Filter;
pub use crate::store::window::From;
use crate::target::Target;
use crate::tui::details::Cache;
use crate::tui::keys::{self, Action};
pub use crate::tui::layout::{Focus, Tab};
use crate::tui::layout::{details_height, details_width, list_rows};
pub use crate::tui::rows::Row;
use crate::tui::rows::Rows;
use bytes::Bytes;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEvent};
use ratatui::text::Line;
use std::borrow::Cow;
use std::sync::Arc;
use time::OffsetDateTime;

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
        }
        Vec::new()
    }

    fn relay_state(&mut self, r: crate::event::RelayState) {
        use crate::event::RelayState;
        let link = self.relay.get_or_insert(RelayLink {
            url: String::new(),
            up: Some(false),
        });
        match &r {
            RelayState::Connected { public_url, .. } => {
                link.url.clone_from(public_url);
                link.up = Some(true);
                self.say(r.to_string());
            }
            RelayState::Reconnecting { .. } => {
                link.up = Some(false);
                self.say_error(format!("warning: {r}"));
            }
            RelayState::AuthFailed { .. } => {
                link.up = None;
                self.say_error(r.to_string());
            }
        }
    }

    fn key(&mut self, k: KeyEvent) -> Vec<Effect> {
        if self.input.is_some() {
            return self.prompt_key(k);
        }
        match keys::action(k) {
            Some(a) => self.act(a),
            None => Vec::new(),
        }
    }

    /// Typing a filter: Enter applies, Esc clears, Ctrl-C still quits.
    fn prompt_key(&mut self, k: KeyEvent) -> Vec<Effect> {
        if matches!(k.code, KeyCode::Char(_) | KeyCode::Backspace)
            && matches!(self.status, Some((_, true)))
        {
            // The reason a filter was refused goes once the user starts fixing it.
            self.status = None;
        }
        let input = self.input.as_mut().expect("prompt is open");
        match k.code {
            KeyCode::Char('c') if k.modifiers.contains(KeyModifiers::CONTROL) => {
                return vec![Effect::Quit];
            }
            KeyCode::Char('u') if k.modifiers.contains(KeyModifiers::CONTROL) => input.clear(),
            KeyCode::Char(ch) => input.push(ch),
            KeyCode::Backspace => {
                input.pop();
            }
            KeyCode::Esc => {
                self.input = None;
                self.set_filter(None);
                self.say("filter cleared");
                return self.refetch();
            }
            KeyCode::Enter => {
                let text = input.trim().to_string();
                match Filter::parse(&text) {
                    Ok(f) if f.is_empty() => {
                        self.input = None;
                        self.set_filter(None);
                        self.status = None;
                        return self.refetch();
                    }
                    Ok(f) => {
                        self.input = None;
                        self.set_filter(Some((text, f)));
                        if self.pages {
                            self.say("searching the store…");
                            return self.refetch();
                        }
                        let n = self.view_len();
                        self.say(format!("{n} of {} match", self.total()));
                    }
                    Err(e) => self.say_error(e),
                }
            }
            _ => {}
        }
        Vec::new()
    }

    fn act(&mut self, a: Action) -> Vec<Effect> {
        if self.help {
            if matches!(a, Action::Back | Action::Help | Action::Quit) {
                self.help = false;
            }
            return Vec::new();
        }
        let page = self.page().max(1);
        let details = self.focus == Focus::Details;
        match a {
            Action::Up if details => self.scroll_details(-1),
            Action::Down if details => self.scroll_details(1),
            Action::PageUp if details => self.scroll_details(-(page as isize)),
            Action::PageDown if details => self.scroll_details(page as isize),
            Action::Top if details => self.detail_scroll = 0,
            Action::Bottom if details => self.scroll_details(isize::MAX / 2),
            Action::Up => {
                self.move_by(-1);
                return self.want_older();
            }
            Action::Down => {
                self.move_by(1);
                return self.want_newer();
            }
            Action::PageUp => {
                self.move_by(-(page as isize));
                return self.want_older();
            }
            Action::PageDown => {
                self.move_by(page as isize);
                return self.want_newer();
            }
            Action::Top => {
                self.follow = false;
                self.select(0);
                return self.want_oldest();
            }
            Action::Bottom => {
                self.follow = true;
                self.select_last();
                return self.want_newest();
            }
            Action::Next if !details => self.focus = Focus::Details,
            Action::Next => self.set_tab(self.tab.step(1)),
            Action::Prev => self.set_tab(self.tab.step(-1)),
            Action::Back if details => self.focus = Focus::List,
            Action::Back if self.filter.is_some() => {
                self.set_filter(None);
                self.say("filter cleared");
                return self.refetch();
            }
            Action::Back => self.status = None,
            Action::Follow => {
                self.follow = !self.follow;
                if self.follow {
                    self.select_last();
                }
                self.say(if self.follow {
                    "follow on"
                } else {
                    "follow off"
                });
                if self.follow {
                    return self.want_newest();
                }
            }
            Action::Filter => {
                let current = self.filter.as_ref().map(|(t, _)| t.clone());
                self.input = Some(current.unwrap_or_default());
                self.status = None;
            }
            Action::Help => self.help = true,
            Action::Quit => return vec![Effect::Quit],
            Action::Replay | Action::ReplayRaw | Action::Edit | Action::Copy | Action::Save => {
                return self.on_selected(a);
            }
        }
        Vec::new()
    }

    /// The actions that need a capture under the cursor.
    fn on_selected(&mut self, a: Action) -> Vec<Effect> {
        let Some(c) = self.selected_capture().map(Arc::clone) else {
            self.say_error("no capture selected");
            return Vec::new();
        };
        match a {
            Action::Replay => self.replay(c, "replaying", true),
            Action::ReplayRaw => self.replay(c, "replaying as captured", false),
            Action::Edit => vec![Effect::Edit(c)],
            Action::Save => vec![Effect::Save(c)],
            _ => {
                let url = match (self.router)(c.path()).first() {
                    Some(t) => t.join(&c.url),
                    None => format!("{}{}", self.listen_url, c.url),
                };
                self.say(format!(
                    "copied curl for {} (OSC 52)",
                    self.unique_id(&c.id)
                ));
                vec![Effect::Copy(crate::export::curl_command(&c, &url))]
            }
        }
    }

    fn replay(&mut self, c: Arc<Capture>, verb: &str, resign: bool) -> Vec<Effect> {
        let targets = (self.router)(c.path());
        if targets.is_empty() {
            self.say_error(format!(
                "no forward target for {} (start listen with --forward or --route)",
                c.path()
            ));
            return Vec::new();
        }
        let names: Vec<String> = targets.iter().map(|t| t.authority.clone()).collect();
        self.say(format!(
            "{verb} {} → {}…",
            self.unique_id(&c.id),
            names.join(", ")
        ));
        vec![Effect::Replay {
            capture: c,
            targets,
            resign,
        }]
    }

    /// The editor came back: replay what it left, unless that is empty or not a capture.
    fn edited(&mut self, r: Result<String, String>) -> Vec<Effect> {
        match r {
            Err(e) => self.say_error(format!("edit failed ({e}); nothing sent")),
            Ok(text) if text.trim().is_empty() => {
                self.say("edit aborted (empty file); nothing sent");
            }
            Ok(text) => match Capture::from_json(&text) {
                // Pipeline::replay makes content-length follow an edited body.
                Ok(c) => return self.replay(Arc::new(c), "replaying edited", true),
                Err(e) => {
                    self.say_error(format!("edited capture is not valid ({e}); nothing sent"))
                }
            },
        }
        Vec::new()
    }

    fn arrive(&mut self, capture: Arc<Capture>, complete: bool, json: Option<Bytes>) {
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
    fn refilter_one(&mut self, i: usize) {
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

    fn prepend_history(&mut self, list: Vec<Capture>) {
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

    fn set_filter(&mut self, filter: Option<(String, Filter)>) {
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

    fn view_row(&self, pos: usize) -> usize {
        self.view.as_ref().map_or(pos, |v| v[pos])
    }

    /// Select a row, or the nearest one after it in the view when it is filtered out.
    fn select_row(&mut self, row: usize) {
        let pos = match &self.view {
            None => row,
            Some(v) => v.binary_search(&row).unwrap_or_else(|p| p),
        };
        self.select(pos);
    }

    fn select(&mut self, pos: usize) {
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

    fn select_last(&mut self) {
        self.select(self.view_len().saturating_sub(1));
    }

    fn clamp_selection(&mut self) {
        if let Some(s) = self.selected {
            self.select(s);
        } else if self.view_len() > 0 {
            self.select_last();
        }
    }

    /// Moving by hand stops following, unless it lands on the newest capture.
    fn move_by(&mut self, by: isize) {
        let len = self.view_len();
        if len == 0 {
            return;
        }
        let cur = self.selected.unwrap_or(len - 1) as isize;
        let to = (cur + by).clamp(0, len as isize - 1) as usize;
        self.follow = to == len - 1 && by > 0;
        self.select(to);
    }

    fn scroll_details(&mut self, by: isize) {
        self.detail_scroll = self.detail_scroll.saturating_add_signed(by);
        let height = usize::from(details_height(self.size, self.focus)).max(1);
        self.refresh_details();
        let max = self.details.as_ref().map_or(0, |d| d.lines().len());
        let max = max.saturating_sub(height);
        self.detail_scroll = self.detail_scroll.min(max);
    }

    fn set_tab(&mut self, tab: Tab) {
        self.focus = Focus::Details;
        self.tab = tab;
        self.detail_scroll = 0;
    }

    /// Visible list rows for the current terminal size.
    pub fn page(&self) -> usize {
        list_rows(self.size)
    }

    /// Scroll the list just enough that the selection is on screen.
    fn keep_in_view(&mut self) {
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

    fn note_health(&mut self, c: &Capture) {
        for f in &c.forwards {
            let hit = (self.targets.iter_mut())
                .filter(|t| f.target.starts_with(&t.prefix))
                .max_by_key(|t| t.prefix.len());
            if let Some(t) = hit {
                t.ok = Some(f.error.is_none() && f.status.is_some_and(|s| s < 500));
            }
        }
    }

    fn contribution(&self, i: usize) -> Counts {
        let r = &self.rows[i];
        Counts {
            older: usize::from(r.older),
            bad_signatures: usize::from(r.bad_signature()),
            failed: usize::from(r.failed),
        }
    }

    fn count(&mut self, i: usize) {
        let c = self.contribution(i);
        self.counts.older += c.older;
        self.counts.bad_signatures += c.bad_signatures;
        self.counts.failed += c.failed;
    }

    fn uncount(&mut self, i: usize) {
        let c = self.contribution(i);
        self.counts.older -= c.older;
        self.counts.bad_signatures -= c.bad_signatures;
        self.counts.failed -= c.failed;
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
