//! How each provider delivers, as data beside its signature scheme: how long it waits for an
//! answer (its time budget), what counts as success, when it tries again, and where a
//! delivery's id lives, each fact with its source. Used to mark slow handlers and repeated
//! deliveries, and by `listen --retries` to deliver again as the provider would.
//!
//! A provider not in [`TABLE`], or a fact a provider does not publish, falls back to
//! [`GENERIC`]: success is any 2xx, no budget is judged, no delivery id is known, and
//! `--retries` follows the Standard Webhooks schedule (the one published, vendor-neutral
//! recommendation).

use crate::capture::Capture;

/// Where a delivery's id is found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdAt {
    /// The first of these headers present (lower case).
    Header(&'static [&'static str]),
    /// A member of the JSON body's top object, e.g. Stripe's `id` (shown as the JSON
    /// pointer `/id`).
    Body(&'static str),
    /// The provider sends no id that stays the same across its retries.
    Unknown,
}

/// When a provider delivers again after a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retries {
    /// It never retries by itself.
    Never,
    /// Seconds to wait before each retry, in order (the first delivery is not counted).
    After(&'static [u64]),
    /// It retries, but the intervals are not published: what it says, in words.
    Unstated(&'static str),
}

/// One provider's delivery facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Delivery {
    pub provider: &'static str,
    /// How long it waits for an answer before counting the delivery failed; `None`: unknown.
    pub budget_ms: Option<u64>,
    /// What counts as delivered.
    pub success: &'static str,
    pub retries: Retries,
    pub id: IdAt,
    /// Where these facts come from (docs URL or SDK source).
    pub source: &'static str,
}

/// The Standard Webhooks / Svix schedule: after the immediate first attempt, 5 s, 5 min,
/// 30 min, 2 h, 5 h, 10 h, 10 h.
const SVIX_SCHEDULE: &[u64] = &[5, 300, 1800, 7200, 18000, 36000, 36000];
const SVIX_SOURCE: &str = "https://docs.svix.com/retries";
const SVIX_IDS: &[&str] = &["webhook-id", "svix-id"];

/// What applies where a provider's facts are unknown.
pub const GENERIC: Delivery = Delivery {
    provider: "(generic)",
    budget_ms: None,
    success: "2xx",
    retries: Retries::After(SVIX_SCHEDULE),
    id: IdAt::Unknown,
    source: "hookcli default: Standard Webhooks schedule (https://www.standardwebhooks.com/)",
};

const fn svix_like(provider: &'static str) -> Delivery {
    Delivery {
        provider,
        budget_ms: Some(15_000),
        success: "2xx within 15 s (3xx is a failure)",
        retries: Retries::After(SVIX_SCHEDULE),
        id: IdAt::Header(SVIX_IDS),
        source: SVIX_SOURCE,
    }
}

/// Every provider whose delivery facts are known, by id.
pub static TABLE: &[Delivery] = &[
    Delivery {
        provider: "github",
        budget_ms: Some(10_000),
        success: "2xx within 10 s",
        retries: Retries::Never,
        id: IdAt::Header(&["x-github-delivery"]),
        source: "https://docs.github.com/en/webhooks/using-webhooks/handling-failed-webhook-deliveries",
    },
    Delivery {
        provider: "shopify",
        budget_ms: Some(5_000),
        success: "2xx within 5 s (1 s to connect)",
        retries: Retries::Unstated("8 times over 4 h, exponential backoff"),
        id: IdAt::Header(&["x-shopify-webhook-id"]),
        source: "https://shopify.dev/changelog/updates-to-webhook-retry-mechanism",
    },
    Delivery {
        provider: "slack",
        budget_ms: Some(3_000),
        success: "2xx within 3 s",
        retries: Retries::After(&[0, 60, 300]),
        id: IdAt::Body("event_id"),
        source: "https://docs.slack.dev/apis/events-api/#retries",
    },
    Delivery {
        provider: "stripe",
        budget_ms: None,
        success: "2xx",
        retries: Retries::Unstated(
            "live: up to 3 days, exponential backoff; test: 3 times over a few hours",
        ),
        id: IdAt::Body("id"),
        source: "https://docs.stripe.com/webhooks#retries",
    },
    svix_like("standard-webhooks"),
    svix_like("svix"),
    svix_like("clerk"),
    svix_like("resend"),
];

/// The facts for `provider`, or [`GENERIC`].
pub fn for_provider(provider: Option<&str>) -> &'static Delivery {
    provider
        .and_then(|p| TABLE.iter().find(|d| d.provider.eq_ignore_ascii_case(p)))
        .unwrap_or(&GENERIC)
}

impl Delivery {
    /// Whether this row is the generic fallback.
    pub fn is_generic(&self) -> bool {
        self.provider == GENERIC.provider
    }

    /// The seconds before each retry `--retries` makes: the published schedule, else the
    /// generic one; none for a provider that never retries.
    pub fn schedule(&self) -> &'static [u64] {
        match self.retries {
            Retries::Never => &[],
            Retries::After(s) => s,
            Retries::Unstated(_) => SVIX_SCHEDULE,
        }
    }

    /// The delivery id of `c`, where this provider puts it.
    pub fn delivery_id(&self, c: &Capture) -> Option<String> {
        match self.id {
            IdAt::Header(names) => names
                .iter()
                .find_map(|n| c.header(n))
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty()),
            IdAt::Body(key) => match super::json_path::at(&c.body, &[key])? {
                serde_json::Value::String(s) if !s.is_empty() => Some(s.clone()),
                serde_json::Value::Number(n) => Some(n.to_string()),
                _ => None,
            },
            IdAt::Unknown => None,
        }
    }

    /// The budget as a person reads it: `3 s`, `unknown`.
    pub fn budget_text(&self) -> String {
        self.budget_ms.map_or_else(|| "unknown".into(), seconds)
    }

    /// The retry schedule as a person reads it.
    pub fn retries_text(&self) -> String {
        match self.retries {
            Retries::Never => "none automatic".into(),
            Retries::Unstated(s) => format!("{s} (intervals unpublished)"),
            Retries::After(s) => s
                .iter()
                .map(|&d| if d == 0 { "at once".into() } else { span(d) })
                .collect::<Vec<_>>()
                .join(", "),
        }
    }

    /// Where the delivery id lives, as a person reads it.
    pub fn id_text(&self) -> String {
        match self.id {
            IdAt::Header(names) => names.join(" / "),
            IdAt::Body(p) => format!("body `/{p}`"),
            IdAt::Unknown => "unknown".into(),
        }
    }
}

/// Set `c`'s `delivery_id` and `budget_ms` from its provider (its signature's); `attempt` is
/// the caller's, who knows what else was stored.
pub fn stamp(c: &mut Capture) {
    let d = for_provider(c.signature.as_ref().map(|s| s.provider.as_str()));
    c.delivery_id = d.delivery_id(c);
    c.budget_ms = d.budget_ms;
}

/// Whether the first forward took longer than the provider waits.
pub fn slow(c: &Capture) -> bool {
    match (c.budget_ms, c.forwards.first()) {
        (Some(b), Some(f)) => f.duration_ms > b as f64,
        _ => false,
    }
}

/// What a person should notice about how `c` was delivered: a handler slower than the
/// provider's budget (`⏱ 3.4 s > slack 3 s: Slack would retry`) and a repeated delivery
/// (`↻ 2nd delivery of <id>`).
pub fn marks(c: &Capture) -> Vec<String> {
    let mut out = Vec::new();
    let provider = c.signature.as_ref().map(|s| s.provider.as_str());
    if slow(c)
        && let (Some(p), Some(budget), Some(f)) = (provider, c.budget_ms, c.forwards.first())
    {
        let d = for_provider(Some(p));
        let name = super::registry::find(p).map_or(p, |x| x.info().name);
        let then = if d.schedule().is_empty() {
            format!("{name} records a failed delivery")
        } else {
            format!("{name} would retry")
        };
        let took = seconds(f.duration_ms.round() as u64);
        out.push(format!("⏱ {took} > {p} {}: {then}", seconds(budget)));
    }
    if let (Some(id), Some(n)) = (&c.delivery_id, c.attempt)
        && n > 1
    {
        out.push(format!("↻ {} delivery of {id}", ordinal(n)));
    }
    out
}

/// The delivery line of the details: the id and attempt, or, for a signed request whose
/// provider sends no delivery id, that duplicates cannot be told apart (said once, here).
pub fn details(c: &Capture) -> Option<String> {
    if let Some(id) = &c.delivery_id {
        let n = c.attempt.unwrap_or(1);
        return Some(format!("{id} ({} attempt)", ordinal(n)));
    }
    let p = c.signature.as_ref()?.provider.as_str();
    (for_provider(Some(p)).id == IdAt::Unknown)
        .then(|| format!("{p} sends no delivery id: repeated deliveries cannot be detected"))
}

/// `2` → `2nd`.
pub fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// `3000` → `3 s`, `3400` → `3.4 s`.
pub fn seconds(ms: u64) -> String {
    if ms.is_multiple_of(1000) {
        format!("{} s", ms / 1000)
    } else {
        format!("{:.1} s", ms as f64 / 1000.0)
    }
}

/// Seconds as the docs write them: `5 s`, `5 min`, `2 h`.
fn span(s: u64) -> String {
    if s >= 3600 && s.is_multiple_of(3600) {
        format!("{} h", s / 3600)
    } else if s >= 60 && s.is_multiple_of(60) {
        format!("{} min", s / 60)
    } else {
        format!("{s} s")
    }
}

/// The README table: one row per provider with known facts, then the generic default.
pub fn markdown_table() -> String {
    let mut out = String::from(
        "| provider | budget | retries after a failure | delivery id | source |\n|---|---|---|---|---|\n",
    );
    for d in TABLE.iter().chain(std::iter::once(&GENERIC)) {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            d.provider,
            d.budget_text(),
            d.retries_text(),
            d.id_text(),
            d.source
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::Origin;

    #[test]
    fn every_row_names_a_registered_provider_and_a_source() {
        for d in TABLE {
            assert!(
                super::super::registry::find(d.provider).is_some(),
                "{} is no provider",
                d.provider
            );
            assert!(d.source.starts_with("https://"), "{} source", d.provider);
        }
    }

    #[test]
    fn ids_come_from_headers_or_the_body() {
        let mut c = Capture::new(Origin::Local, "POST", "/");
        c.headers = vec![("svix-id".into(), "msg_1".into())];
        assert_eq!(
            for_provider(Some("clerk")).delivery_id(&c).as_deref(),
            Some("msg_1")
        );
        c.body = bytes::Bytes::from_static(br#"{"id":"evt_9","object":"event"}"#);
        assert_eq!(
            for_provider(Some("stripe")).delivery_id(&c).as_deref(),
            Some("evt_9")
        );
        assert_eq!(for_provider(Some("twilio")).delivery_id(&c), None);
        assert!(for_provider(None).is_generic());
    }

    #[test]
    fn schedules_read_as_the_docs_write_them() {
        assert_eq!(
            for_provider(Some("svix")).retries_text(),
            "5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h"
        );
        assert_eq!(for_provider(Some("github")).schedule(), &[] as &[u64]);
        assert_eq!(seconds(3400), "3.4 s");
    }
}
