//! Reading signature headers into candidates, for every `Layout` in the registry: whole
//! values, `prefix<sig>` lists, `t=…,v1=…` pairs (with rotation groups) and Standard
//! Webhooks `version,sig` lists. What cannot be read becomes a problem text (malformed).

use super::parse;
use super::template::{Layout, SigSource, Template, TsSrc};

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

/// Read one header value into candidates; what cannot be read goes to `problems`.
pub(crate) fn parse_source<'a>(
    src: &'static SigSource,
    value: &'a str,
    t: &Template,
    cands: &mut Vec<Cand<'a>>,
    others: &mut Vec<&'a str>,
    problems: &mut Vec<String>,
) {
    let value = value.trim();
    let h = src.header;
    if value.is_empty() {
        problems.push(format!("{h} is empty"));
        return;
    }
    let cand = |version, sig, ts| Cand {
        src,
        version,
        sig,
        ts,
    };
    match src.layout {
        Layout::Whole { prefix } => match strip_prefix_ci(value, prefix) {
            Some(sig) => cands.push(cand(src.label, sig.trim(), None)),
            None => problems.push(format!("{h} does not start with {prefix}")),
        },
        Layout::List { seps, prefix } => {
            let items: Vec<&str> = value
                .split(|c: char| seps.contains(c))
                .map(str::trim)
                .collect();
            for item in &items {
                match strip_prefix_ci(item, prefix) {
                    Some(sig) => cands.push(cand(src.label, sig, None)),
                    None => others.push(item.split('=').next().unwrap_or(item)),
                }
            }
            if !items.iter().any(|i| i.contains('=')) {
                problems.push(format!("{h} is not a list of {prefix}<sig> entries"));
            }
        }
        Layout::Kv {
            seps,
            group,
            ts_key,
            sig_key,
            ..
        } => {
            let groups: Vec<&str> = match group {
                Some(g) => value.split(g).filter(|s| !s.trim().is_empty()).collect(),
                None => vec![value],
            };
            for g in groups {
                let ts = parse::kv_items(g, seps)
                    .find(|(k, _)| *k == ts_key)
                    .map(|(_, v)| v);
                if ts.is_none() && matches!(t.ts.map(|s| s.src), Some(TsSrc::Kv)) {
                    problems.push(format!("no {ts_key}= in {h}"));
                    continue;
                }
                for (k, v) in parse::kv_items(g, seps).filter(|(k, _)| *k != ts_key) {
                    if k == sig_key {
                        cands.push(cand(src.label, v, ts));
                    } else {
                        others.push(k);
                    }
                }
            }
        }
        Layout::Positional { sep } => {
            let mut items = value.split(sep).map(str::trim);
            let ts = items.next().filter(|t| !t.is_empty());
            let before = cands.len();
            cands.extend(
                items
                    .filter(|s| !s.is_empty())
                    .map(|sig| cand(src.label, sig, ts)),
            );
            if cands.len() == before {
                problems.push(format!("{h} is not <timestamp>{sep}<signature>"));
            }
        }
        Layout::Versioned { version } => {
            let mut any = false;
            for (v, sig) in parse::versioned_items(value) {
                any = true;
                if v == version || Some(v) == t.ed25519 {
                    cands.push(cand(v, sig, None));
                } else {
                    others.push(v);
                }
            }
            if !any {
                problems.push(format!("{h} has no version,signature entry"));
            }
        }
    }
}
