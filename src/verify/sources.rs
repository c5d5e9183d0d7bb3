//! Reading signature headers into candidates, for every `Layout` in the registry: whole
//! values, `prefix<sig>` lists, `t=…,v1=…` pairs (with rotation groups) and Standard
//! Webhooks `version,sig` lists. What cannot be read becomes a problem text (malformed).

use super::parse;
use super::template::{Cmp, Layout, SigSource, Template, TsSrc};
use crate::capture::Capture;

/// The values of a signature header; a name ending in `*` matches every header that starts
/// with the rest (DocuSign numbers one header per active key).
pub(crate) fn values<'a>(c: &'a Capture, header: &'a str) -> Vec<&'a str> {
    match header.strip_suffix('*') {
        Some(prefix) => c
            .headers
            .iter()
            .filter(|(k, _)| numbered(k, prefix))
            .map(|(_, v)| v.as_str())
            .collect(),
        None => c.header_all(header).collect(),
    }
}

pub(crate) fn numbered(name: &str, prefix: &str) -> bool {
    name.len() > prefix.len()
        && name
            .get(..prefix.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(prefix))
}

/// One signature found in a header, with the timestamp text that goes with it.
pub(crate) struct Cand<'a> {
    pub src: &'static SigSource,
    pub version: &'a str,
    pub sig: &'a str,
    pub ts: Option<&'a str>,
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// What reading a template's signature headers found.
#[derive(Default)]
pub(crate) struct Found<'a> {
    pub cands: Vec<Cand<'a>>,
    /// Versions or keys present that the template does not use (`v0`, `h2`).
    pub others: Vec<&'a str>,
    /// Why a header could not be read at all (the verdict is then `malformed`).
    pub problems: Vec<String>,
}

impl<'a> Found<'a> {
    /// Read one header value of `src` into candidates, others and problems.
    pub(crate) fn read(&mut self, src: &'static SigSource, value: &'a str, t: &Template) {
        let value = value.trim();
        if value.is_empty() {
            self.problems.push(format!("{} is empty", src.header));
            return;
        }
        match src.layout {
            Layout::Whole { prefix } => match strip_prefix_ci(value, prefix) {
                // An SDK comparing text compares the prefix too (`sha256=`, `v0=`): in
                // another case it is a different string, so the whole value is the
                // candidate and cannot match.
                Some(_) if src.cmp == Cmp::Text && !value.starts_with(prefix) => {
                    self.push(src, src.label, value, None)
                }
                Some(sig) => self.push(src, src.label, sig.trim(), None),
                None => self
                    .problems
                    .push(format!("{} does not start with {prefix}", src.header)),
            },
            Layout::List { seps, prefix } => self.list(src, value, seps, prefix),
            Layout::Kv { .. } => {
                let ts_in_pairs = matches!(t.ts.map(|s| s.src), Some(TsSrc::Kv));
                self.pairs(src, value, ts_in_pairs);
            }
            Layout::Positional { sep } => self.positional(src, value, sep),
            Layout::Versioned { version, bare } => {
                self.versioned(src, value, (version, bare), t.ed25519)
            }
        }
    }

    fn push(
        &mut self,
        src: &'static SigSource,
        version: &'a str,
        sig: &'a str,
        ts: Option<&'a str>,
    ) {
        self.cands.push(Cand {
            src,
            version,
            sig,
            ts,
        });
    }

    /// `prefix<sig>` items split on any of `seps`; other items are ignored.
    fn list(&mut self, src: &'static SigSource, value: &'a str, seps: &str, prefix: &str) {
        let items: Vec<&'a str> = value
            .split(|c: char| seps.contains(c))
            .map(str::trim)
            .collect();
        for item in &items {
            match strip_prefix_ci(item, prefix) {
                Some(sig) => self.push(src, src.label, sig, None),
                None => self.others.push(item.split('=').next().unwrap_or(item)),
            }
        }
        if !items.iter().any(|i| i.contains('=')) {
            let h = src.header;
            self.problems
                .push(format!("{h} is not a list of {prefix}<sig> entries"));
        }
    }

    /// `t=…,v1=…` pairs, in rotation groups when the layout has them (Persona).
    fn pairs(&mut self, src: &'static SigSource, value: &'a str, ts_in_pairs: bool) {
        let Layout::Kv {
            seps,
            group,
            ts_key,
            sig_key,
            ..
        } = src.layout
        else {
            return;
        };
        let before = self.cands.len();
        let groups: Vec<&'a str> = match group {
            Some(g) => value.split(g).filter(|s| !s.trim().is_empty()).collect(),
            None => vec![value],
        };
        for g in groups {
            let ts = parse::kv_items(g, seps)
                .find(|(k, _)| *k == ts_key)
                .map(|(_, v)| v);
            if ts.is_none() && ts_in_pairs {
                self.problems
                    .push(format!("no {ts_key}= in {}", src.header));
                continue;
            }
            for (k, v) in parse::kv_items(g, seps).filter(|(k, _)| *k != ts_key) {
                if k == sig_key {
                    self.push(src, src.label, v, ts);
                } else {
                    self.others.push(k);
                }
            }
        }
        if src.only_last && self.cands.len() > before + 1 {
            let last = self.cands.len() - 1;
            self.cands.drain(before..last);
        }
    }

    /// `<timestamp><sep><sig>[<sep><sig>…]` (Recurly).
    fn positional(&mut self, src: &'static SigSource, value: &'a str, sep: char) {
        let mut items = value.split(sep).map(str::trim);
        let ts = items.next().filter(|t| !t.is_empty());
        let before = self.cands.len();
        for sig in items.filter(|s| !s.is_empty()) {
            self.push(src, src.label, sig, ts);
        }
        if self.cands.len() == before {
            let h = src.header;
            self.problems
                .push(format!("{h} is not <timestamp>{sep}<signature>"));
        }
    }

    /// Space-separated `version,sig` entries (Standard Webhooks); `ed25519` names the
    /// asymmetric version accepted beside the template's own. With `bare`, an entry with
    /// no comma counts as the template's version (openai-node).
    fn versioned(
        &mut self,
        src: &'static SigSource,
        value: &'a str,
        (version, bare): (&'static str, bool),
        ed25519: Option<&str>,
    ) {
        let mut any = false;
        for entry in value.split_ascii_whitespace() {
            let (v, sig) = match entry.split_once(',') {
                Some(pair) => pair,
                None if bare => (version, entry),
                None => continue,
            };
            any = true;
            if v == version || Some(v) == ed25519 {
                self.push(src, v, sig, None);
            } else {
                self.others.push(v);
            }
        }
        if !any {
            let h = src.header;
            self.problems
                .push(format!("{h} has no version,signature entry"));
        }
    }
}
