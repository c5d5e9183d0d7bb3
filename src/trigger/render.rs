//! Turning an event template into bytes: fresh ids and timestamps for the placeholders,
//! the user's `--set` overrides, and the body encoded as JSON or a form.
//!
//! Placeholders: `{{event}}`, `{{type}}`, `{{uuid}}`, `{{id:PREFIX}}` (PREFIX + 24 base62),
//! `{{hex:N}}`, `{{digits:N}}`, `{{now}}` (unix s), `{{now_ms}}`, `{{now_iso}}`,
//! `{{now_iso_ms}}`, `{{date}}`. The same placeholder text gives the same value within one
//! event (a `#label` suffix makes another one: `{{uuid#2}}`). A string that is just one
//! `now`/`now_ms`/`digits` placeholder becomes a JSON number.

use super::event::Event;
use super::json::Json;
use std::collections::HashMap;
use time::OffsetDateTime;

/// A rendered event: headers (provider's then the event's, lower case) and body bytes.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// Render `ev` with the provider's header set and `--set` overrides (`a.b.c`, value).
pub fn render(
    ev: &Event,
    provider_headers: &[(String, String)],
    sets: &[(String, String)],
    now: OffsetDateTime,
) -> Result<Rendered, String> {
    let mut fill = Filler::new(ev, now);
    let headers = headers(ev, provider_headers, &mut fill);
    let mut body = ev.body.clone();
    body.map_strings(&mut |s| fill.value(s));
    for (path, value) in sets {
        let value = Json::from_flag(value);
        if ev.form {
            // A form is flat: the whole path is the field name.
            body.set_path(&[path.as_str()], value)
        } else {
            let parts: Vec<&str> = path.split('.').collect();
            body.set_path(&parts, value)
        }
        .map_err(|e| format!("cannot --set {path} ({e})"))?;
    }
    let body = if ev.form {
        form_encode(&body).into_bytes()
    } else {
        body.to_text().into_bytes()
    };
    Ok(Rendered { headers, body })
}

/// The header set for `ev` alone (what `sign`/`send` add), rendered fresh.
pub fn headers_only(ev: &Event, provider_headers: &[(String, String)]) -> Vec<(String, String)> {
    let mut fill = Filler::new(ev, OffsetDateTime::now_utc());
    headers(ev, provider_headers, &mut fill)
}

fn headers(
    ev: &Event,
    provider_headers: &[(String, String)],
    fill: &mut Filler,
) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (k, v) in provider_headers.iter().chain(&ev.headers) {
        let v = fill.text(v);
        match out.iter_mut().find(|(old, _)| old == k) {
            Some(slot) => slot.1 = v,
            None => out.push((k.clone(), v)),
        }
    }
    if !out.iter().any(|(k, _)| k == "content-type") {
        let ct = if ev.form {
            "application/x-www-form-urlencoded"
        } else {
            "application/json"
        };
        out.push(("content-type".into(), ct.into()));
    }
    out
}

struct Filler {
    event: String,
    kind: String,
    now: OffsetDateTime,
    memo: HashMap<String, String>,
}

impl Filler {
    fn new(ev: &Event, now: OffsetDateTime) -> Filler {
        Filler {
            event: ev.name.clone(),
            kind: ev.kind.clone(),
            now,
            memo: HashMap::new(),
        }
    }

    /// A JSON string template → its value (a number when it is one numeric placeholder).
    fn value(&mut self, s: &str) -> Json {
        if let Some(key) = s.strip_prefix("{{").and_then(|r| r.strip_suffix("}}"))
            && !key.contains("{{")
        {
            let name = key.split(['#', ':']).next().unwrap_or("");
            if matches!(name, "now" | "now_ms" | "digits") {
                let text = self.one(key);
                if let Ok(n) = text.parse::<u64>() {
                    return Json::Num(n.into());
                }
            }
        }
        Json::Str(self.text(s))
    }

    /// Every placeholder in `s` replaced; unknown ones are left as written.
    fn text(&mut self, s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        let mut rest = s;
        while let Some(i) = rest.find("{{") {
            out.push_str(&rest[..i]);
            let after = &rest[i + 2..];
            match after.find("}}") {
                Some(j) => {
                    out.push_str(&self.one(&after[..j]));
                    rest = &after[j + 2..];
                }
                None => {
                    out.push_str(&rest[i..]);
                    rest = "";
                }
            }
        }
        out.push_str(rest);
        out
    }

    fn one(&mut self, key: &str) -> String {
        if let Some(v) = self.memo.get(key) {
            return v.clone();
        }
        let plain = key.split('#').next().unwrap_or(key);
        let (name, arg) = plain.split_once(':').unwrap_or((plain, ""));
        let n = arg.parse::<usize>().unwrap_or(0).clamp(1, 64);
        let v = match name {
            "event" => self.event.clone(),
            "type" => self.kind.clone(),
            "uuid" => uuid(),
            "id" => format!("{arg}{}", base62(24)),
            "hex" => random_chars(n, b"0123456789abcdef"),
            "digits" => {
                let mut d = random_chars(n, b"0123456789");
                d.replace_range(0..1, "1"); // no leading zero: it may become a number
                d
            }
            "now" => self.now.unix_timestamp().to_string(),
            "now_ms" => (self.now.unix_timestamp_nanos() / 1_000_000).to_string(),
            "now_iso" => iso(self.now, false),
            "now_iso_ms" => iso(self.now, true),
            "date" => iso(self.now, false)[..10].to_string(),
            _ => return format!("{{{{{key}}}}}"),
        };
        self.memo.insert(key.to_string(), v.clone());
        v
    }
}

fn iso(t: OffsetDateTime, millis: bool) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    let base = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    );
    if millis {
        format!("{base}.{:03}Z", t.millisecond())
    } else {
        format!("{base}Z")
    }
}

/// 128 random bits (ULIDs carry 80 random bits each; two make plenty for test ids).
fn random_u128() -> u128 {
    (ulid::Ulid::new().random() << 48) ^ ulid::Ulid::new().random()
}

fn random_chars(n: usize, alphabet: &[u8]) -> String {
    let mut out = String::with_capacity(n);
    let mut bits = random_u128();
    let mut left = 120u32;
    let base = alphabet.len() as u128;
    while out.len() < n {
        if left < 8 {
            bits = random_u128();
            left = 120;
        }
        out.push(char::from(alphabet[(bits % base) as usize]));
        bits /= base;
        left -= 7;
    }
    out
}

fn base62(n: usize) -> String {
    random_chars(
        n,
        b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
    )
}

/// A version-4-shaped UUID.
fn uuid() -> String {
    let b = random_u128().to_be_bytes();
    let h = hex::encode(b);
    let version = format!("4{}", &h[13..16]);
    let variant = ["8", "9", "a", "b"][usize::from(b[8] & 3)];
    format!(
        "{}-{}-{}-{}{}-{}",
        &h[0..8],
        &h[8..12],
        version,
        variant,
        &h[17..20],
        &h[20..32]
    )
}

/// `a=1&b=two+words`, fields in their order (values that are not text as JSON text).
fn form_encode(j: &Json) -> String {
    let Json::Obj(m) = j else {
        return String::new();
    };
    m.iter()
        .map(|(k, v)| {
            let v = match v {
                Json::Str(s) => s.clone(),
                other => other.to_text(),
            };
            format!("{}={}", form_escape(k), form_escape(&v))
        })
        .collect::<Vec<_>>()
        .join("&")
}

fn form_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => {
                out.push(char::from(b));
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(body: &str, form: bool) -> Event {
        Event {
            provider: "stripe".into(),
            name: "thing.done".into(),
            kind: "thing".into(),
            description: String::new(),
            headers: vec![("x-type".into(), "{{type}}".into())],
            body: serde_json::from_str(body).unwrap(),
            form,
            source: super::super::Source::Builtin,
        }
    }

    #[test]
    fn placeholders_fill_fresh_and_numbers_stay_numbers() {
        let ev = event(
            r#"{"id":"{{id:evt_}}","again":"{{id:evt_}}","other":"{{id:evt_#2}}","created":"{{now}}","at":"{{now_iso}}","u":"{{uuid}}","keep":"{{nope}}"}"#,
            false,
        );
        let now = OffsetDateTime::from_unix_timestamp(1_700_000_000).unwrap();
        let r = render(&ev, &[], &[], now).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
        let id = v["id"].as_str().unwrap();
        assert!(id.starts_with("evt_") && id.len() == 28, "{id}");
        assert_eq!(v["again"], v["id"]);
        assert_ne!(v["other"], v["id"]);
        assert_eq!(v["created"], 1_700_000_000);
        assert_eq!(v["at"], "2023-11-14T22:13:20Z");
        let u = v["u"].as_str().unwrap();
        assert_eq!((u.len(), &u[14..15]), (36, "4"), "{u}");
        assert_eq!(v["keep"], "{{nope}}");
        assert!(r.headers.contains(&("x-type".into(), "thing".into())));
        assert!(
            r.headers
                .contains(&("content-type".into(), "application/json".into()))
        );
    }

    #[test]
    fn sets_apply_to_json_paths_and_form_fields() {
        let ev = event(r#"{"data":{"object":{"amount":100}}}"#, false);
        let sets = [("data.object.amount".to_string(), "5000".to_string())];
        let r = render(&ev, &[], &sets, OffsetDateTime::now_utc()).unwrap();
        assert_eq!(r.body, br#"{"data":{"object":{"amount":5000}}}"#);
        let ev = event(r#"{"Body":"hi there","From":"+1555"}"#, true);
        let sets = [("Body".to_string(), "a&b=c".to_string())];
        let r = render(&ev, &[], &sets, OffsetDateTime::now_utc()).unwrap();
        assert_eq!(r.body, b"Body=a%26b%3Dc&From=%2B1555");
        assert!(
            r.headers
                .iter()
                .any(|(_, v)| v == "application/x-www-form-urlencoded")
        );
    }
}
