//! The generic verifier: runs any table row's `Template` (one per HMAC provider); its
//! signing half is `hmac_sign`.
//!
//! `verify` reads in phases, each ending the check with a verdict when it must: which
//! signature headers decide, the candidates they carry, the message id and timestamps,
//! the headers the SDK requires, then every secret against every candidate.

use super::base::{self, Context, SignedUrl, no_secret, out};
use super::keys;
use super::mac::{derive_key, encode, mac};
use super::sdk_rules::{compare, retired_only, retired_verdict};
use super::sources::{Cand, Found, values};
use super::template::{Part, Role, SigSource, Stamp, Template, TsSrc};
use super::{parse, window};
use crate::capture::{Capture, Signature, Verdict};

/// The signed bytes: the template's parts with this request's values.
pub(crate) fn message(
    t: &Template,
    c: &Capture,
    ts: Option<&str>,
    id: Option<&str>,
    url: Option<&str>,
) -> Vec<u8> {
    let mut m = Vec::with_capacity(c.body.len() + 128);
    for part in t.msg {
        match part {
            Part::Lit(s) => m.extend_from_slice(s.as_bytes()),
            Part::Body => m.extend_from_slice(&c.body),
            Part::Ts => m.extend_from_slice(ts.unwrap_or("").as_bytes()),
            Part::Id => m.extend_from_slice(id.unwrap_or("").as_bytes()),
            Part::Url => m.extend_from_slice(url.unwrap_or("").as_bytes()),
        }
    }
    m
}

/// A candidate with the timestamp text it was signed with and that time in ms.
struct Stamped<'a> {
    cand: Cand<'a>,
    ts_text: Option<&'a str>,
    ts_ms: Option<i64>,
}

/// Verify `c` against the template `t` of provider `id`.
pub(crate) fn verify(
    id: &str,
    t: &Template,
    c: &Capture,
    secrets: &[String],
    ctx: &Context,
) -> Signature {
    let sig = match verify_phases(id, t, c, secrets, ctx) {
        Ok(sig) | Err(sig) => sig,
    };
    match retired_only(t, c) {
        Some(src) => retired_verdict(id, t, src, sig),
        None => sig,
    }
}

fn verify_phases(
    id: &str,
    t: &Template,
    c: &Capture,
    secrets: &[String],
    ctx: &Context,
) -> Result<Signature, Signature> {
    let (srcs, note) = deciding_sources(id, t, c)?;
    let cands = candidates(id, t, c, &srcs)?;
    let id_text = message_id(id, t, c)?;
    let shared_ts = shared_timestamp(id, t, c)?;
    let stamped = stamp(id, t, cands, shared_ts.as_deref())?;
    required_headers(id, t, c)?;

    let age_text = stamped
        .first()
        .and_then(|s| s.ts_ms)
        .map(|ms| {
            let name = t.ts.map_or("timestamp", |s| s.name);
            let age = window::age_ms(ctx.now, ms);
            format!(", {name} is {}", window::describe_age(age))
        })
        .unwrap_or_default();
    if secrets.is_empty() {
        let what = match stamped.as_slice() {
            [one] => format!("signed ({})", one.cand.version),
            many => format!("{} signatures", many.len()),
        };
        return Ok(no_secret(id, &format!("{what}{age_text}")));
    }

    let urls = signed_urls(t, c, ctx);
    let attempt = Attempt {
        id,
        t,
        c,
        secrets,
        stamped: &stamped,
        id_text,
        note: &note,
        now: ctx.now,
    };
    let miss = attempt.each_secret(&urls)?;
    Ok(attempt.invalid(miss, &urls, &age_text))
}

/// The sources that decide: current and alternate headers when any is present, else the
/// legacy ones (with a note saying so). No header at all is `unsigned`.
fn deciding_sources(
    id: &str,
    t: &Template,
    c: &Capture,
) -> Result<(Vec<&'static SigSource>, String), Signature> {
    let present = |s: &&'static SigSource| !values(c, s.header).is_empty();
    let srcs: Vec<&'static SigSource> = t
        .sigs
        .iter()
        .filter(|s| matches!(s.role, Role::Current | Role::Alternate))
        .filter(present)
        .collect();
    if !srcs.is_empty() {
        return Ok((srcs, String::new()));
    }
    let legacy: Vec<&'static SigSource> = t
        .sigs
        .iter()
        .filter(|s| matches!(s.role, Role::Legacy | Role::Retired))
        .filter(present)
        .collect();
    match legacy.first() {
        Some(first) => {
            let note = format!("; only the legacy {} header was sent", first.header);
            Ok((legacy, note))
        }
        None => {
            let h = t.sigs.first().map_or("signature", |s| s.header);
            Err(out(id, Verdict::Unsigned, format!("no {h} header")))
        }
    }
}

/// Every signature the deciding headers carry; none readable is `malformed`, none of the
/// template's version `invalid`.
fn candidates<'a>(
    id: &str,
    t: &Template,
    c: &'a Capture,
    srcs: &[&'static SigSource],
) -> Result<Vec<Cand<'a>>, Signature> {
    let mut found = Found::default();
    for src in srcs {
        for value in values(c, src.header) {
            found.read(src, value, t);
        }
    }
    if !found.cands.is_empty() {
        return Ok(found.cands);
    }
    if !found.problems.is_empty() {
        return Err(out(id, Verdict::Malformed, found.problems.join("; ")));
    }
    let mut others = found.others;
    others.dedup();
    Err(out(
        id,
        Verdict::Invalid,
        format!(
            "no {} signature in {} (only {})",
            srcs[0].label,
            srcs[0].header,
            others.join(", ")
        ),
    ))
}

/// The message id, for templates that sign one (first present of the id headers).
fn message_id<'a>(id: &str, t: &Template, c: &'a Capture) -> Result<Option<&'a str>, Signature> {
    let Some(first) = t.id_headers.first() else {
        return Ok(None);
    };
    match t.id_headers.iter().find_map(|h| c.header(h)) {
        Some(v) => Ok(Some(v.trim())),
        None => Err(out(id, Verdict::Malformed, format!("no {first} header"))),
    }
}

/// The timestamp every candidate shares, when it comes from a header (or the body).
fn shared_timestamp(id: &str, t: &Template, c: &Capture) -> Result<Option<String>, Signature> {
    match t.ts.map(|s| s.src) {
        Some(TsSrc::Header(hs)) => match hs.iter().find_map(|h| c.header(h)) {
            Some(v) => Ok(Some(v.trim().to_string())),
            None => Err(out(
                id,
                Verdict::Malformed,
                format!("no {} header", hs.first().unwrap_or(&"timestamp")),
            )),
        },
        Some(TsSrc::BodyOrHeader(field, h)) => {
            if serde_json::from_slice::<serde_json::Value>(&c.body).is_err() {
                return Err(out(
                    id,
                    Verdict::Invalid,
                    "the body is not JSON, and the SDK parses it before checking anything",
                ));
            }
            Ok(parse::json_text(&c.body, &[field])
                .or_else(|| c.header(h).map(|v| v.trim().to_string())))
        }
        _ => Ok(None),
    }
}

/// Each candidate with its timestamp read in the template's unit; unreadable is `malformed`.
fn stamp<'a>(
    id: &str,
    t: &Template,
    cands: Vec<Cand<'a>>,
    shared: Option<&'a str>,
) -> Result<Vec<Stamped<'a>>, Signature> {
    let mut stamped = Vec::with_capacity(cands.len());
    for cand in cands {
        let ts_text = cand.ts.or(shared);
        let ts_ms = match (t.ts, ts_text) {
            (Some(st), Some(text)) => Some(read_stamp(id, st, text)?),
            _ => None,
        };
        stamped.push(Stamped {
            cand,
            ts_text,
            ts_ms,
        });
    }
    Ok(stamped)
}

fn read_stamp(id: &str, st: Stamp, text: &str) -> Result<i64, Signature> {
    match window::parse(text, st.unit) {
        Some(ms) if ms >= st.min_ms => Ok(ms),
        Some(_) => Err(out(
            id,
            Verdict::Malformed,
            format!("{} {text} is before 2021: not in milliseconds", st.name),
        )),
        None => Err(out(
            id,
            Verdict::Malformed,
            format!("{} {text:?} is not a {:?} timestamp", st.name, st.unit),
        )),
    }
}

/// Headers the SDK requires to hold exactly one value (Box's version and algorithm).
fn required_headers(id: &str, t: &Template, c: &Capture) -> Result<(), Signature> {
    for (h, want) in t.require {
        let got = c.header(h).unwrap_or("").trim();
        if got != *want {
            return Err(out(
                id,
                Verdict::Invalid,
                format!("{h} is {got:?}; the SDK accepts only {want}"),
            ));
        }
    }
    Ok(())
}

/// The URLs to try for templates that sign one; empty when the template does not.
fn signed_urls(t: &Template, c: &Capture, ctx: &Context) -> Vec<SignedUrl> {
    if t.msg.contains(&Part::Url) {
        base::urls_or_path(c, ctx.public_url)
    } else {
        Vec::new()
    }
}

/// What a failed search leaves for the `invalid` detail.
#[derive(Default)]
struct Miss<'a> {
    /// The first expected MAC: (label, expected, got).
    first: Option<(String, String, &'a str)>,
    /// Secrets that could not become a key.
    bad_keys: Vec<String>,
    /// A hex signature that matched only ignoring case, where the SDK compares text.
    case_only: bool,
}

/// One request being checked against every configured secret.
struct Attempt<'a, 'c> {
    id: &'a str,
    t: &'a Template,
    c: &'c Capture,
    secrets: &'a [String],
    stamped: &'a [Stamped<'c>],
    id_text: Option<&'c str>,
    note: &'a str,
    now: i64,
}

impl<'a, 'c> Attempt<'a, 'c> {
    /// Every secret × URL × candidate: `Err` carries the verdict of the first match.
    fn each_secret(&self, urls: &[SignedUrl]) -> Result<Miss<'c>, Signature> {
        let url_opts: Vec<Option<&SignedUrl>> = if urls.is_empty() {
            vec![None]
        } else {
            urls.iter().map(Some).collect()
        };
        let mut miss = Miss::default();
        for (si, secret) in self.secrets.iter().enumerate() {
            let ed_key = self
                .t
                .ed25519
                .and_then(|_| keys::standard_public_key(secret));
            let key = match ed_key {
                Some(_) => None,
                None => match derive_key(self.t.key, secret) {
                    Ok(k) => Some(k),
                    Err(e) => {
                        miss.bad_keys.push(format!("secret #{} {e}", si + 1));
                        continue;
                    }
                },
            };
            for u in &url_opts {
                for s in self.stamped {
                    let url = u.map(|u| u.url.as_str());
                    let msg = message(self.t, self.c, s.ts_text, self.id_text, url);
                    let ok = if self.t.ed25519 == Some(s.cand.version) {
                        ed_key.as_ref().is_some_and(|pk| {
                            keys::ed25519_verify(pk, &msg, parse::b64(s.cand.sig))
                        })
                    } else if let Some(k) = &key {
                        let m = mac(s.cand.src.hash, k, &[&msg]);
                        miss.first.get_or_insert_with(|| {
                            let want = encode(s.cand.src.enc, &m);
                            (s.cand.src.label.to_string(), want, s.cand.sig)
                        });
                        let (ok, case_only) = compare(s.cand.src, s.cand.sig, &m);
                        miss.case_only |= case_only;
                        ok
                    } else {
                        false
                    };
                    if ok {
                        return Err(self.matched(s, *u, si));
                    }
                }
            }
        }
        Ok(miss)
    }

    /// The verdict for a candidate that matched: `valid`, or `expired` outside the window.
    fn matched(&self, s: &Stamped, u: Option<&SignedUrl>, si: usize) -> Signature {
        let (id, note) = (self.id, self.note);
        let mut extra = base::which_secret(si, self.secrets.len());
        if let Some(u) = u.filter(|u| u.guessed) {
            extra.push_str(&format!(", signed URL taken as {}", u.url));
        }
        let label = s.cand.version;
        let (Some(st), Some(ms)) = (self.t.ts, s.ts_ms) else {
            return out(id, Verdict::Valid, format!("{label} matched{extra}{note}"));
        };
        let age = window::age_ms(self.now, ms);
        let age_s = window::describe_age(age);
        let name = st.name;
        match st.window.check(age) {
            Ok(()) => {
                let lenient = window::lenient_note(st.window, age);
                let detail = format!("{label} matched, {name} is {age_s}{lenient}{extra}{note}");
                out(id, Verdict::Valid, detail)
            }
            Err(why) => out(
                id,
                Verdict::Expired,
                format!(
                    "{label} matched but {name} is {age_s} ({why}; {id} allows {}){extra}",
                    st.window.describe()
                ),
            ),
        }
    }

    /// The `invalid` verdict when nothing matched: what was expected, what was tried.
    fn invalid(&self, miss: Miss, urls: &[SignedUrl], age_text: &str) -> Signature {
        let (n_sigs, n_secrets) = (self.stamped.len(), self.secrets.len());
        let mut detail = match miss.first {
            Some((label, expected, got)) => format!(
                "expected {label}={}, got {}",
                parse::short(&expected),
                parse::short(got)
            ),
            None if !miss.bad_keys.is_empty() => "no usable secret".to_string(),
            None => format!(
                "only {} signatures; give the whpk_ public key",
                self.t.ed25519.unwrap_or("asymmetric")
            ),
        };
        if n_sigs > 1 || n_secrets > 1 {
            detail.push_str(&format!(
                " ({n_sigs} signatures × {n_secrets} secrets tried)"
            ));
        }
        if !miss.bad_keys.is_empty() {
            detail.push_str(&format!("; {}", miss.bad_keys.join(", ")));
        }
        if miss.case_only {
            detail.push_str(
                "; the signature matches only when case is ignored, and the SDK compares \
                 lower-case hex text",
            );
        }
        detail.push_str(age_text);
        if self.t.msg.contains(&Part::Url) {
            detail.push_str(&base::url_hint(urls));
        }
        detail.push_str(self.note);
        out(self.id, Verdict::Invalid, detail)
    }
}
