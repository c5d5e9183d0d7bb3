//! A capture as the database holds it: indexed columns for what lists and filters read,
//! and the rest of its JSON kept whole beside the body's raw bytes. What goes in comes
//! out identical: the JSON of a capture read back is the JSON of the capture written.

use crate::capture::{Capture, Forward, Signature, Verdict};
use anyhow::{Context as _, Result};
use bytes::Bytes;
use time::OffsetDateTime;

/// One capture, encoded for the `captures` and `details` tables.
#[derive(Debug, Clone)]
pub struct Record {
    pub id: String,
    pub received_at: i64,
    pub method: String,
    pub url: String,
    pub path: String,
    pub provider: Option<String>,
    pub verdict: Option<&'static str>,
    pub status: Option<u16>,
    /// Every status `status:` looks at, comma-fenced (`,200,502,`; `-` for none), so a
    /// filter is one GLOB.
    pub statuses: String,
    pub fwd_status: Option<u16>,
    pub fwd_ms: Option<f64>,
    pub fwd_error: bool,
    pub forwarded: bool,
    pub forward_error: bool,
    pub origin: String,
    pub body_size: i64,
    pub replay_of: Option<String>,
    pub complete: bool,
    /// For imported captures: a hash of their JSON without id and origin, so importing a
    /// capture again finds it even when it was stored under a fresh id.
    pub digest: Option<String>,
    pub delivery_id: Option<String>,
    pub attempt: Option<u32>,
    pub budget_ms: Option<i64>,
    /// The capture JSON with an empty body ([`Capture::shell_json`]). Rows written before
    /// version 0.2 kept `headers` and `forwards` apart; now both are empty and `meta` holds
    /// them, which spares an encode-decode-encode on every write.
    pub meta: String,
    pub headers: String,
    pub forwards: String,
    pub body: Bytes,
}

/// Microseconds since the epoch: the stored time (the JSON carries microseconds too).
pub fn micros(t: OffsetDateTime) -> i64 {
    i64::try_from(t.unix_timestamp_nanos() / 1000).unwrap_or(i64::MAX)
}

pub fn from_micros(us: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(us) * 1000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

impl Record {
    /// Encode `c`; `complete` once every forward has finished.
    pub fn of(c: &Capture, complete: bool) -> Result<Record> {
        Record::with_meta(c, complete, &c.shell_json())
    }

    /// [`Record::of`] with the capture's JSON without its body already encoded (what a
    /// spool frame holds): encoding it again cost the writer about a tenth of its time.
    pub fn with_meta(c: &Capture, complete: bool, meta: &[u8]) -> Result<Record> {
        let meta = std::str::from_utf8(meta)
            .context("cannot encode capture")?
            .to_string();
        let origin = serde_json::to_value(c.origin)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_else(|| "local".into());
        let statuses: Vec<String> = if c.forwards.is_empty() {
            vec![status_text(c.response_status)]
        } else {
            c.forwards.iter().map(|f| status_text(f.status)).collect()
        };
        let first = c.forwards.first();
        Ok(Record {
            id: c.id.clone(),
            received_at: micros(c.received_at),
            method: c.method.clone(),
            url: c.url.clone(),
            path: c.path().to_string(),
            provider: c.signature.as_ref().map(|s| s.provider.clone()),
            verdict: c.signature.as_ref().map(|s| s.verdict.as_str()),
            status: c.response_status,
            statuses: format!(",{},", statuses.join(",")),
            fwd_status: first.and_then(|f| f.status),
            fwd_ms: first.map(|f| f.duration_ms),
            fwd_error: first.is_some_and(|f| f.error.is_some()),
            forwarded: first.is_some(),
            forward_error: c.forwards.iter().any(|f| f.error.is_some()),
            origin,
            body_size: i64::try_from(c.body_size).unwrap_or(i64::MAX),
            replay_of: c.replay_of.clone(),
            complete,
            digest: None,
            delivery_id: c.delivery_id.clone(),
            attempt: c.attempt,
            budget_ms: c.budget_ms.map(|b| i64::try_from(b).unwrap_or(i64::MAX)),
            meta,
            headers: String::new(),
            forwards: String::new(),
            body: c.body.clone(),
        })
    }
}

/// The [`Record::digest`] of a capture.
pub fn digest(c: &Capture) -> String {
    use sha2::Digest as _;
    let mut same = c.clone();
    same.id = String::new();
    same.origin = crate::capture::Origin::Import;
    hex::encode(sha2::Sha256::digest(same.to_json().as_bytes()))
}

fn status_text(s: Option<u16>) -> String {
    s.map_or_else(|| "-".into(), |s| s.to_string())
}

/// Put a capture back together from its `details` row.
pub fn capture(meta: &str, headers: &str, forwards: &str, body: Bytes) -> Result<Capture> {
    if headers.is_empty() && forwards.is_empty() {
        let mut c: Capture = serde_json::from_str(meta).context("stored capture is damaged")?;
        c.body = body;
        return Ok(c);
    }
    let open = meta
        .strip_suffix('}')
        .context("stored capture is damaged (meta is not an object)")?;
    let sep = if open.trim_end().ends_with('{') {
        ""
    } else {
        ","
    };
    let json = format!("{open}{sep}\"headers\":{headers},\"forwards\":{forwards}}}");
    let mut c: Capture = serde_json::from_str(&json).context("stored capture is damaged")?;
    c.body = body;
    Ok(c)
}

/// What a list row shows, read from the indexed columns alone.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// The store position of its latest write.
    pub seq: i64,
    pub id: String,
    pub received_at: OffsetDateTime,
    pub method: String,
    pub url: String,
    pub provider: Option<String>,
    pub verdict: Option<Verdict>,
    pub status: Option<u16>,
    pub fwd_status: Option<u16>,
    pub fwd_ms: Option<f64>,
    pub fwd_error: bool,
    pub origin: String,
    pub body_size: u64,
    pub replay_of: Option<String>,
    pub complete: bool,
    pub delivery_id: Option<String>,
    pub attempt: Option<u32>,
    pub budget_ms: Option<u64>,
}

/// The columns a [`Summary`] is read from, in order.
pub const SUMMARY_COLUMNS: &str = "seq, id, received_at, method, url, provider, verdict, status, \
     fwd_status, fwd_ms, fwd_error, origin, body_size, replay_of, complete, delivery_id, attempt, \
     budget_ms";

impl Summary {
    pub fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Summary> {
        let verdict: Option<String> = r.get(6)?;
        Ok(Summary {
            seq: r.get(0)?,
            id: r.get(1)?,
            received_at: from_micros(r.get(2)?),
            method: r.get(3)?,
            url: r.get(4)?,
            provider: r.get(5)?,
            verdict: verdict.and_then(|v| parse_verdict(&v)),
            status: r.get(7)?,
            fwd_status: r.get(8)?,
            fwd_ms: r.get(9)?,
            fwd_error: r.get(10)?,
            origin: r.get(11)?,
            body_size: u64::try_from(r.get::<_, i64>(12)?).unwrap_or(0),
            replay_of: r.get(13)?,
            complete: r.get(14)?,
            delivery_id: r.get(15)?,
            attempt: r.get(16)?,
            budget_ms: r
                .get::<_, Option<i64>>(17)?
                .and_then(|b| u64::try_from(b).ok()),
        })
    }

    /// A capture carrying only what the summary knows (no headers, no body), for code that
    /// draws a row from a [`Capture`].
    pub fn sketch(&self) -> Capture {
        let mut c = Capture::new(crate::capture::Origin::Local, &self.method, &self.url);
        c.id = self.id.clone();
        c.received_at = self.received_at;
        c.origin = serde_json::from_value(serde_json::Value::String(self.origin.clone()))
            .unwrap_or_default();
        c.body_size = self.body_size;
        c.response_status = self.status;
        c.replay_of = self.replay_of.clone();
        c.delivery_id = self.delivery_id.clone();
        c.attempt = self.attempt;
        c.budget_ms = self.budget_ms;
        c.signature = match (&self.provider, self.verdict) {
            (Some(p), Some(v)) => Some(Signature {
                provider: p.clone(),
                verdict: v,
                detail: String::new(),
            }),
            _ => None,
        };
        if self.fwd_ms.is_some() {
            c.forwards.push(Forward {
                status: self.fwd_status,
                duration_ms: self.fwd_ms.unwrap_or_default(),
                error: self.fwd_error.then(String::new),
                ..Forward::default()
            });
        }
        c
    }
}

fn parse_verdict(v: &str) -> Option<Verdict> {
    serde_json::from_value(serde_json::Value::String(v.to_string())).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::Origin;

    #[test]
    fn a_capture_comes_back_identical() {
        let mut c = Capture::new(Origin::Replay, "POST", "/hook?x=1");
        c.headers = vec![("x-a".into(), "1".into()), ("x-a".into(), "2".into())];
        c.body = Bytes::from_static(&[0xff, 0, 1]);
        c.body_size = 10;
        c.replay_of = Some("01ABC".into());
        c.signature = Some(Signature {
            provider: "stripe".into(),
            verdict: Verdict::Expired,
            detail: "old".into(),
        });
        c.forwards.push(Forward {
            target: "http://x/hook".into(),
            status: Some(502),
            body: Bytes::from_static(b"bad"),
            body_size: 3,
            duration_ms: 1.5,
            ..Forward::default()
        });
        let r = Record::of(&c, true).unwrap();
        assert_eq!(r.statuses, ",502,");
        assert_eq!(r.origin, "replay");
        let back = capture(&r.meta, &r.headers, &r.forwards, r.body.clone()).unwrap();
        assert_eq!(back.to_json(), c.to_json());

        // A row of an earlier version: headers and forwards in columns of their own.
        let serde_json::Value::Object(mut meta) = serde_json::from_str(&r.meta).unwrap() else {
            panic!("meta is an object");
        };
        let headers = meta.remove("headers").unwrap().to_string();
        let forwards = meta.remove("forwards").unwrap().to_string();
        for k in ["body", "body_encoding", "body_truncated"] {
            meta.remove(k);
        }
        let meta = serde_json::Value::Object(meta).to_string();
        let back = capture(&meta, &headers, &forwards, r.body.clone()).unwrap();
        assert_eq!(back.to_json(), c.to_json());
    }
}
