//! `hookcli trigger`'s catalog: realistic test events per provider, built in (the JSON files
//! under `events/`) and joined by the user's own files in `.hookcli/events/`.
//!
//! A file holds one provider's header set (user agent, event type, delivery id: everything
//! but the signature, which `verify::sign` adds) and its events. Templates carry
//! placeholders (`{{uuid}}`, `{{now}}`, …) that `render` fills in fresh at send time.

pub mod args;
mod event;
pub mod json;
pub mod render;

pub use event::{Event, Source};

use anyhow::Context as _;
use json::Json;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The built-in files, one per provider.
const BUILTIN: &[(&str, &str)] = &[
    ("clerk.json", include_str!("events/clerk.json")),
    ("discord.json", include_str!("events/discord.json")),
    ("github.json", include_str!("events/github.json")),
    ("gitlab.json", include_str!("events/gitlab.json")),
    (
        "lemonsqueezy.json",
        include_str!("events/lemonsqueezy.json"),
    ),
    ("linear.json", include_str!("events/linear.json")),
    ("paddle.json", include_str!("events/paddle.json")),
    ("resend.json", include_str!("events/resend.json")),
    ("sendgrid.json", include_str!("events/sendgrid.json")),
    ("shopify.json", include_str!("events/shopify.json")),
    ("slack.json", include_str!("events/slack.json")),
    ("square.json", include_str!("events/square.json")),
    (
        "standard-webhooks.json",
        include_str!("events/standard-webhooks.json"),
    ),
    ("stripe.json", include_str!("events/stripe.json")),
    ("svix.json", include_str!("events/svix.json")),
    ("twilio.json", include_str!("events/twilio.json")),
    ("zoom.json", include_str!("events/zoom.json")),
];

/// Every event, in catalog order, and each provider's header set.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub events: Vec<Event>,
    providers: Vec<(String, Vec<(String, String)>)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDef {
    provider: String,
    headers: Option<Json>,
    events: Option<Vec<EventDef>>,
    // A file may also be a single event: these fields then sit at the top.
    event: Option<String>,
    description: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    body: Option<Json>,
    form: Option<Json>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EventDef {
    event: String,
    description: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    headers: Option<Json>,
    body: Option<Json>,
    form: Option<Json>,
}

impl Catalog {
    /// The built-in catalog alone.
    pub fn builtin() -> Catalog {
        let mut c = Catalog::default();
        for (name, text) in BUILTIN {
            c.add_file(text, Source::Builtin)
                .unwrap_or_else(|e| panic!("built-in event file {name} is broken: {e}"));
        }
        c
    }

    /// The built-in catalog joined by the user config dir's and then the project's event
    /// files (a later file's event of the same provider and name replaces the earlier one).
    pub fn load() -> anyhow::Result<Catalog> {
        let mut c = Catalog::builtin();
        for dir in user_dirs() {
            c.add_dir(&dir)?;
        }
        Ok(c)
    }

    /// Every `*.json` in `dir`, by name.
    pub fn add_dir(&mut self, dir: &Path) -> anyhow::Result<()> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .with_context(|| format!("cannot read the event directory {}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json") && p.is_file())
            .collect();
        files.sort();
        for f in files {
            let text = std::fs::read_to_string(&f)
                .with_context(|| format!("cannot read the event file {}", f.display()))?;
            self.add_file(&text, Source::User(f.clone()))
                .map_err(|e| crate::error::fail(format!("bad event file {} ({e})", f.display())))?;
        }
        Ok(())
    }

    fn add_file(&mut self, text: &str, source: Source) -> Result<(), String> {
        let def: FileDef = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let provider = crate::verify::provider(&def.provider)
            .ok_or_else(|| crate::verify::unknown_provider_message(&def.provider))?
            .id
            .to_string();
        let headers = header_pairs(def.headers.as_ref())?;
        self.merge_headers(&provider, headers);
        let defs = match (def.events, def.event) {
            (Some(list), None) => list,
            (None, Some(event)) => vec![EventDef {
                event,
                description: def.description,
                kind: def.kind,
                headers: None,
                body: def.body,
                form: def.form,
            }],
            (Some(_), Some(_)) => return Err("give either \"events\" or one \"event\"".into()),
            (None, None) => return Err("no \"events\" list and no \"event\"".into()),
        };
        for d in defs {
            let ev = event_from(&provider, d, &source)?;
            match self
                .events
                .iter_mut()
                .find(|e| e.provider == ev.provider && e.name == ev.name)
            {
                Some(old) => *old = ev,
                None => self.events.push(ev),
            }
        }
        Ok(())
    }

    fn merge_headers(&mut self, provider: &str, headers: Vec<(String, String)>) {
        let set = match self.providers.iter_mut().find(|(p, _)| p == provider) {
            Some((_, set)) => set,
            None => {
                self.providers.push((provider.to_string(), Vec::new()));
                &mut self.providers.last_mut().expect("just pushed").1
            }
        };
        for (k, v) in headers {
            match set.iter_mut().find(|(old, _)| *old == k) {
                Some(slot) => slot.1 = v,
                None => set.push((k, v)),
            }
        }
    }

    /// The provider's header templates (empty when the catalog does not know it).
    pub fn headers(&self, provider: &str) -> &[(String, String)] {
        self.providers
            .iter()
            .find(|(p, _)| p == provider)
            .map_or(&[], |(_, h)| h.as_slice())
    }

    /// Provider ids with at least one event, in catalog order.
    pub fn providers(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for e in &self.events {
            if !out.contains(&e.provider.as_str()) {
                out.push(&e.provider);
            }
        }
        out
    }

    pub fn events_of<'a>(&'a self, provider: &'a str) -> impl Iterator<Item = &'a Event> + 'a {
        self.events.iter().filter(move |e| e.provider == provider)
    }

    fn events_named<'a>(&'a self, provider: &str) -> Vec<&'a Event> {
        self.events
            .iter()
            .filter(|e| e.provider == provider)
            .collect()
    }

    pub fn find(&self, provider: &str, name: &str) -> Option<&Event> {
        self.events_named(provider)
            .into_iter()
            .find(|e| e.name == name)
    }

    /// The event named, or why not (with the names it does have).
    pub fn event(&self, provider: &str, name: &str) -> Result<&Event, String> {
        if let Some(e) = self.find(provider, name) {
            return Ok(e);
        }
        let names: Vec<&str> = self
            .events_named(provider)
            .into_iter()
            .map(|e| e.name.as_str())
            .collect();
        if names.is_empty() {
            return Err(format!(
                "no test events for {provider} (see `hookcli trigger --list`; add your own in \
                 .hookcli/events/, or give --body)"
            ));
        }
        Err(format!(
            "no {provider} event {name:?} (known: {}; or give --body)",
            names.join(", ")
        ))
    }

    /// The provider's non-signature headers for `sign`/`send`: those of `event` (the
    /// provider's first when none is named; a name the catalog lacks still fills `{{type}}`),
    /// rendered fresh, without content-type (the body decides) or signature headers.
    pub fn extra_headers(&self, provider: &str, event: Option<&str>) -> Vec<(String, String)> {
        let ev = match event {
            Some(name) => self
                .find(provider, name)
                .cloned()
                .unwrap_or_else(|| self.bare(provider, name)),
            None => match self.events_of(provider).next() {
                Some(e) => e.clone(),
                None => return Vec::new(),
            },
        };
        let signature: &[&str] = crate::verify::provider(provider).map_or(&[], |p| p.headers);
        render::headers_only(&ev, self.headers(provider))
            .into_iter()
            .filter(|(k, _)| k != "content-type" && !signature.contains(&k.as_str()))
            .collect()
    }

    /// A stand-in for an event the catalog lacks, when the user brings the body: the
    /// provider's headers with `{{type}}` as `name`.
    pub fn bare(&self, provider: &str, name: &str) -> Event {
        Event {
            provider: provider.to_string(),
            name: name.to_string(),
            kind: name.to_string(),
            description: String::new(),
            headers: Vec::new(),
            body: Json::Obj(Vec::new()),
            form: false,
            source: Source::Builtin,
        }
    }
}

fn event_from(provider: &str, d: EventDef, source: &Source) -> Result<Event, String> {
    if d.event.trim().is_empty() {
        return Err("an event has an empty name".into());
    }
    let (body, form) = match (d.body, d.form) {
        (Some(_), Some(_)) => {
            return Err(format!(
                "event {:?} has both \"body\" and \"form\"",
                d.event
            ));
        }
        (Some(b), None) => (b, false),
        (None, Some(f @ Json::Obj(_))) => (f, true),
        (None, Some(_)) => return Err(format!("event {:?}: \"form\" must be an object", d.event)),
        (None, None) => (Json::Obj(Vec::new()), false),
    };
    Ok(Event {
        provider: provider.to_string(),
        kind: d.kind.unwrap_or_else(|| d.event.clone()),
        name: d.event,
        description: d.description.unwrap_or_default(),
        headers: header_pairs(d.headers.as_ref())?,
        body,
        form,
        source: source.clone(),
    })
}

/// `{"User-Agent": "x"}` → `[("user-agent", "x")]`.
fn header_pairs(j: Option<&Json>) -> Result<Vec<(String, String)>, String> {
    match j {
        None => Ok(Vec::new()),
        Some(Json::Obj(m)) => m
            .iter()
            .map(|(k, v)| match v {
                Json::Str(s) => Ok((k.to_ascii_lowercase(), s.clone())),
                _ => Err(format!("header {k:?} must be a string")),
            })
            .collect(),
        Some(_) => Err("\"headers\" must be an object of strings".into()),
    }
}

/// The user's event directories that exist: the config dir's, then the project's (the
/// nearest `.hookcli/events` from the working directory upward), so the project wins.
pub fn user_dirs() -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Some(d) = dirs::config_dir().map(|d| d.join("hookcli").join("events"))
        && d.is_dir()
    {
        out.push(d);
    }
    let cwd = std::env::current_dir().unwrap_or_default();
    if let Some(d) = cwd
        .ancestors()
        .map(|a| a.join(".hookcli").join("events"))
        .find(|d| d.is_dir())
        && !out.contains(&d)
    {
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalog_is_big_enough_and_every_event_renders() {
        let c = Catalog::builtin();
        assert!(c.events.len() >= 60, "{} events", c.events.len());
        assert!(c.providers().len() >= 12, "{:?}", c.providers());
        let now = time::OffsetDateTime::now_utc();
        for e in &c.events {
            assert!(!e.description.is_empty(), "{} {}", e.provider, e.name);
            let r = render::render(e, c.headers(&e.provider), &[], now)
                .unwrap_or_else(|err| panic!("{} {}: {err}", e.provider, e.name));
            let text = String::from_utf8_lossy(&r.body);
            assert!(!text.contains("{{"), "{} {}: {text}", e.provider, e.name);
            for (k, v) in &r.headers {
                assert!(!v.contains("{{"), "{} {}: {k}: {v}", e.provider, e.name);
            }
        }
    }

    #[test]
    fn a_user_file_replaces_and_adds_events() {
        let mut c = Catalog::builtin();
        let n = c.events.len();
        c.add_file(
            r#"{"provider":"Stripe","event":"payment_intent.succeeded","description":"mine","body":{"x":1}}"#,
            Source::User("a.json".into()),
        )
        .unwrap();
        c.add_file(
            r#"{"provider":"stripe","events":[{"event":"my.thing","body":{}}]}"#,
            Source::User("b.json".into()),
        )
        .unwrap();
        assert_eq!(c.events.len(), n + 1);
        assert_eq!(
            c.find("stripe", "payment_intent.succeeded")
                .unwrap()
                .description,
            "mine"
        );
        assert!(
            c.add_file(r#"{"provider":"nope","event":"x"}"#, Source::Builtin)
                .is_err()
        );
        assert!(
            c.add_file(r#"{"provider":"stripe"}"#, Source::Builtin)
                .is_err()
        );
        assert!(
            c.add_file(
                r#"{"provider":"stripe","event":"x","extra":1}"#,
                Source::Builtin
            )
            .is_err()
        );
    }
}
