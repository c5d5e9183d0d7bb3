//! All the list's rows, packed ([`Row`]), with the few captures that are kept whole: the
//! newest (a busy listener updates them, and they are on screen while following) and the
//! selected one (so drawing never parses JSON). Everything else is unpacked on demand.

use crate::capture::Capture;
use crate::filter::Filter;
pub use crate::tui::packed::{First, Row};
use std::collections::{HashMap, VecDeque};
use std::ops::Index;
use std::sync::Arc;

/// How many of the newest captures stay whole: a busy listener's updates and the rows on
/// screen while following then never need unpacking.
pub const RECENT: usize = 256;

/// Capture ids to rows. Canonical ULIDs (every id hookcli makes) are kept as their 16 bytes
/// rather than as a 26-character string on the heap.
#[derive(Debug, Default)]
struct Ids {
    ulid: HashMap<[u8; 16], u32>,
    other: HashMap<Box<str>, u32>,
}

impl Ids {
    /// The 16 bytes of `id` when that is a ULID written the one way hookcli writes them.
    fn ulid(id: &str) -> Option<[u8; 16]> {
        let u = ulid::Ulid::from_string(id).ok()?;
        let mut buf = [0; ulid::ULID_LEN];
        (u.array_to_str(&mut buf) == id).then(|| u.to_bytes())
    }

    fn get(&self, id: &str) -> Option<usize> {
        let i = match Ids::ulid(id) {
            Some(k) => self.ulid.get(&k),
            None => self.other.get(id),
        };
        i.map(|&i| i as usize)
    }

    fn contains(&self, id: &str) -> bool {
        self.get(id).is_some()
    }

    fn insert(&mut self, id: &str, i: usize) {
        // More than 4 billion rows would not fit in memory anyway.
        let i = u32::try_from(i).unwrap_or(u32::MAX);
        match Ids::ulid(id) {
            Some(k) => self.ulid.insert(k, i),
            None => self.other.insert(id.into(), i),
        };
    }

    /// Keep the rows in `keep`, renumbered from its start.
    fn keep(&mut self, keep: &std::ops::Range<usize>) {
        let (from, to) = (keep.start as u32, keep.end as u32);
        let at = |i: &mut u32| {
            let inside = (from..to).contains(i);
            *i = i.wrapping_sub(from);
            inside
        };
        self.ulid.retain(|_, i| at(i));
        self.other.retain(|_, i| at(i));
    }

    /// Every row moved down by `n`.
    fn shift(&mut self, n: usize) {
        let n = u32::try_from(n).unwrap_or(u32::MAX);
        for i in self.ulid.values_mut().chain(self.other.values_mut()) {
            *i = i.saturating_add(n);
        }
    }
}

/// All rows, oldest first, with the id index and the captures held whole.
#[derive(Debug, Default)]
pub struct Rows {
    rows: Vec<Row>,
    ids: Ids,
    /// The statuses of rows with several forwards (`status:` looks at all of them); rare, so
    /// kept here rather than in every row.
    several: HashMap<usize, Box<[Option<u16>]>>,
    /// The newest captures whole, oldest first; they line up with the last rows.
    recent: VecDeque<Arc<Capture>>,
    /// The selected capture whole, with its row.
    held: Option<(usize, Arc<Capture>)>,
    /// Keep no capture whole but the selected one (tests: every row drawn from its packing).
    pack_all: bool,
    /// With a store to read them back from, bodies larger than this are not kept in rows:
    /// the selected capture's body is loaded from the store when it is selected.
    pub body_limit: Option<usize>,
}

/// The body size above which a store-backed list keeps only the body's size.
pub use crate::store::window::BODY_LIMIT;

/// How many stored captures the list shows at start, and the size of each page after.
pub const HISTORY: usize = 1000;

/// The most rows the list holds: memory stays flat whatever arrives or is scrolled over.
pub const WINDOW: usize = 3 * HISTORY;

impl Index<usize> for Rows {
    type Output = Row;
    fn index(&self, i: usize) -> &Row {
        &self.rows[i]
    }
}

impl Rows {
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter()
    }

    /// The row of a capture id.
    pub fn find(&self, id: &str) -> Option<usize> {
        self.ids.get(id)
    }

    #[cfg(test)]
    pub fn pack_all(&mut self) {
        self.pack_all = true;
        self.recent.clear();
    }

    /// The capture of row `i` when it is held whole.
    fn full(&self, i: usize) -> Option<&Arc<Capture>> {
        let start = self.rows.len() - self.recent.len();
        match i.checked_sub(start) {
            Some(k) => self.recent.get(k),
            None => self.held.as_ref().filter(|(r, _)| *r == i).map(|(_, c)| c),
        }
    }

    /// The capture of row `i`, unpacked if need be.
    pub fn capture(&self, i: usize) -> Arc<Capture> {
        match self.full(i) {
            Some(c) => Arc::clone(c),
            None => Arc::new(self.rows[i].unpack()),
        }
    }

    /// Keep row `i`'s capture whole from now on (the selection), letting the last one go.
    /// Returns the capture's id when its body was left in the store and must be loaded.
    pub fn hold(&mut self, i: Option<usize>) -> Option<String> {
        match i {
            None => self.held = None,
            Some(i) if self.held.as_ref().is_some_and(|(r, _)| *r == i) => {}
            Some(i) => {
                let c = self.capture(i);
                let cut = c.body.is_empty() && c.body_size > 0 && self.body_limit.is_some();
                let id = cut.then(|| c.id.clone());
                self.held = Some((i, c));
                return id;
            }
        }
        None
    }

    /// The selected capture read back whole from the store (its body was left there).
    pub fn held_whole(&mut self, c: Capture) {
        if let Some((_, held)) = &mut self.held
            && held.id == c.id
        {
            *held = Arc::new(c);
        }
    }

    /// `c` as the list keeps it: without its body when that is large and the store has it.
    fn lite(&self, c: Arc<Capture>) -> Arc<Capture> {
        match self.body_limit {
            Some(limit) if c.body.len() > limit => {
                let mut lite = (*c).clone();
                lite.body = bytes::Bytes::new();
                Arc::new(lite)
            }
            _ => c,
        }
    }

    /// The capture held for the selection.
    pub fn held(&self) -> Option<&Arc<Capture>> {
        self.held.as_ref().map(|(_, c)| c)
    }

    /// Whether `f` matches row `i`.
    pub fn matches(&self, i: usize, f: &Filter) -> bool {
        let several = || self.several.get(&i).map_or(&[][..], |s| &s[..]);
        self.rows[i].matches(f, several, self.full(i).map(|c| &**c))
    }

    /// Row `i` is now `c`.
    fn set(&mut self, i: usize, c: &Capture, json: Option<&[u8]>, complete: bool) -> Row {
        if c.forwards.len() > 1 {
            self.several
                .insert(i, c.forwards.iter().map(|f| f.status).collect());
        } else {
            self.several.remove(&i);
        }
        Row::new(c, json, complete)
    }

    /// A new capture at the end; returns its row.
    pub fn push(&mut self, c: Arc<Capture>, json: Option<&[u8]>, complete: bool) -> usize {
        let c = self.lite(c);
        let json = json.filter(|_| self.body_limit.is_none());
        let i = self.rows.len();
        let row = self.set(i, &c, json, complete);
        self.rows.push(row);
        self.ids.insert(&c.id, i);
        self.recent.push_back(c);
        if self.recent.len() > if self.pack_all { 0 } else { RECENT } {
            // Its row keeps the JSON line; if it is selected, `held` keeps it whole.
            self.recent.pop_front();
        }
        i
    }

    /// A newer state of the capture in row `i` (a forward finished): it is live again.
    pub fn replace(&mut self, i: usize, c: Arc<Capture>, json: Option<&[u8]>, complete: bool) {
        let c = self.lite(c);
        let json = json.filter(|_| self.body_limit.is_none());
        self.rows[i] = self.set(i, &c, json, complete);
        if let Some((r, held)) = &mut self.held
            && *r == i
        {
            let body = (c.body.is_empty() && c.body_size > 0).then(|| held.body.clone());
            *held = match body {
                // Its body was loaded for the selection: keep it.
                Some(body) if !body.is_empty() => Arc::new(Capture {
                    body,
                    ..(*c).clone()
                }),
                _ => Arc::clone(&c),
            };
        }
        let start = self.rows.len() - self.recent.len();
        if let Some(k) = i.checked_sub(start) {
            self.recent[k] = c;
        }
    }

    /// Forget every row (a new window is loaded).
    pub fn clear(&mut self) {
        let (pack_all, body_limit) = (self.pack_all, self.body_limit);
        *self = Rows {
            pack_all,
            body_limit,
            ..Rows::default()
        };
    }

    /// Keep only the rows in `keep` (the window moved): the rest are dropped, to be read
    /// from the store again if scrolled back to.
    pub fn keep(&mut self, keep: std::ops::Range<usize>) {
        let len = self.rows.len();
        let keep = keep.start.min(len)..keep.end.min(len);
        // `recent` lines up with the last rows: drop those past the end, then any left
        // in front of the new first row.
        let cut = (len - keep.end).min(self.recent.len());
        self.recent.truncate(self.recent.len() - cut);
        let kept_len = keep.end - keep.start;
        while self.recent.len() > kept_len {
            self.recent.pop_front();
        }
        self.ids.keep(&keep);
        self.several = (std::mem::take(&mut self.several).into_iter())
            .filter(|(i, _)| keep.contains(i))
            .map(|(i, s)| (i - keep.start, s))
            .collect();
        self.held = (self.held.take())
            .filter(|(r, _)| keep.contains(r))
            .map(|(r, c)| (r - keep.start, c));
        self.rows.truncate(keep.end);
        self.rows.drain(..keep.start);
    }

    /// Stored captures in front of the live ones, all packed (they are old, and mostly
    /// never looked at); ids already shown are skipped. Returns how many went in.
    pub fn prepend(&mut self, list: Vec<Capture>) -> usize {
        let fresh: Vec<Capture> = (list.into_iter())
            .filter(|c| !self.ids.contains(&c.id))
            .collect();
        let n = fresh.len();
        if n == 0 {
            return 0;
        }
        self.ids.shift(n);
        self.several = (std::mem::take(&mut self.several).into_iter())
            .map(|(i, s)| (i + n, s))
            .collect();
        if let Some((r, _)) = &mut self.held {
            *r += n;
        }
        let live = std::mem::take(&mut self.rows);
        self.rows.reserve_exact(n + live.len());
        for (i, c) in fresh.into_iter().enumerate() {
            let c = self.lite(Arc::new(c));
            let mut row = self.set(i, &c, None, true);
            row.older = true;
            self.rows.push(row);
            self.ids.insert(&c.id, i);
        }
        self.rows.extend(live);
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::{Forward, Origin, Signature, Verdict};
    use bytes::Bytes;

    fn cap(n: u32, body: &[u8]) -> Capture {
        let mut c = Capture::new(Origin::Local, "POST", format!("/hooks/{n}?q=\"x\""));
        c.body = Bytes::copy_from_slice(body);
        c.body_size = body.len() as u64;
        c.headers = vec![("x-body".into(), r#""body":"nope""#.into())];
        c
    }

    #[test]
    fn packed_rows_unpack_to_the_capture_and_filter_like_it() {
        let mut c = cap(3, b"{\"type\":\"Invoice.Paid\",\"note\":\"a\\tb\"}");
        // What the JSON line keeps (microseconds), so the unpacked capture compares equal.
        c.received_at = crate::capture::parse_time("2026-11-27T12:04:31.120481Z").unwrap();
        c.signature = Some(Signature {
            provider: "stripe".into(),
            verdict: Verdict::Expired,
            detail: String::new(),
        });
        for status in [Some(200), Some(503), None] {
            c.forwards.push(Forward {
                target: "http://localhost:3000/x".into(),
                status,
                error: status.is_none().then(|| "refused".into()),
                duration_ms: 1.5,
                ..Forward::default()
            });
        }
        let mut rows = Rows::default();
        rows.push(Arc::new(c.clone()), None, true);
        for n in 0..RECENT {
            rows.push(Arc::new(cap(10 + n as u32, b"")), None, true);
        }
        assert!(rows.full(0).is_none(), "the oldest is packed");
        assert_eq!(*rows.capture(0), c);
        assert!(rows[0].bad_signature() && rows[0].failed);
        for expr in [
            "invoice.paid",
            "type",
            "\"a\\tb\" origin:local",
            "a\\tb",
            "t",
            "hooks/3 status:503",
            "status:200 status:error status:none",
            "status:4xx",
            "verdict:expired provider:STRIPE since:2026-11-27",
            "path:/hooks/3 method:post origin:local",
            "origin:replay",
            "nope",
        ] {
            let f = Filter::parse(expr).unwrap();
            assert_eq!(rows.matches(0, &f), f.matches(&c), "{expr}");
        }
    }

    #[test]
    fn the_selection_stays_whole_after_it_leaves_the_newest() {
        let mut rows = Rows::default();
        rows.push(Arc::new(cap(1, b"{}")), None, false);
        rows.hold(Some(0));
        let held = Arc::clone(rows.held().unwrap());
        for n in 0..RECENT {
            rows.push(Arc::new(cap(10 + n as u32, b"")), None, true);
        }
        assert!(
            Arc::ptr_eq(rows.held().unwrap(), &held),
            "not unpacked again"
        );
        let mut done = (*held).clone();
        done.response_status = Some(200);
        rows.replace(0, Arc::new(done.clone()), None, true);
        assert_eq!(**rows.held().unwrap(), done);
        assert_eq!(
            rows.prepend(vec![cap(0, b""), done]),
            1,
            "known ids skipped"
        );
        assert_eq!(rows.find(&held.id), Some(1));
        assert_eq!(rows.held().map(|c| c.id.as_str()), Some(held.id.as_str()));
        assert!(rows[0].older && !rows[1].older);
        rows.hold(Some(0));
        assert_eq!(rows.held().unwrap().url, "/hooks/0?q=\"x\"");
    }

    #[test]
    fn ids_find_their_rows_whether_or_not_they_are_ulids() {
        let mut rows = Rows::default();
        let ulid = crate::capture::new_id();
        let ids = [
            ulid.clone(),
            ulid.to_lowercase(),
            "evt_1".into(),
            String::new(),
        ];
        for id in &ids {
            let mut c = cap(1, b"");
            c.id = id.clone();
            rows.push(Arc::new(c), None, true);
        }
        assert_eq!(rows.ids.ulid.len(), 1, "only the canonical form is packed");
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(rows.find(id), Some(i), "{id:?}");
        }
        assert_eq!(rows.find(&crate::capture::new_id()), None);
    }
}
