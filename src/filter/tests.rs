use super::*;
use crate::capture::{Capture, Forward, Origin, Signature, Verdict, parse_time};
use bytes::Bytes;
use std::borrow::Cow;
use time::OffsetDateTime;

fn cap(method: &str, url: &str, body: &str) -> Capture {
    let mut c = Capture::new(Origin::Local, method, url);
    c.received_at = parse_time("2026-11-27T12:00:00Z").unwrap();
    c.body = Bytes::copy_from_slice(body.as_bytes());
    c
}

fn now() -> OffsetDateTime {
    parse_time("2026-11-27T12:30:00Z").unwrap()
}

fn m(expr: &str, c: &Capture) -> bool {
    Filter::parse_at(expr, now()).unwrap().matches(c)
}

#[test]
fn empty_matches_everything() {
    let f = Filter::parse("   ").unwrap();
    assert!(f.is_empty());
    assert!(f.matches(&cap("GET", "/", "")));
}

#[test]
fn free_text_searches_method_url_and_text_body_case_insensitively() {
    let c = cap("POST", "/hooks/Stripe?x=1", r#"{"type":"Invoice.Paid"}"#);
    assert!(m("stripe", &c));
    assert!(m("INVOICE.paid", &c));
    assert!(m("post", &c));
    assert!(m("x=1", &c));
    assert!(!m("github", &c));
    assert!(!m("stripe github", &c), "every term must match");
    let mut bin = cap("POST", "/b", "");
    bin.body = Bytes::from_static(b"\xff\xfeinvoice");
    assert!(!m("invoice", &bin), "binary bodies are not text-searched");
}

#[test]
fn method_path_and_origin_terms() {
    let mut c = cap("POST", "/webhooks/stripe?x=1", "");
    assert!(m("method:post", &c));
    assert!(m("method:GET,POST", &c));
    assert!(!m("method:GET", &c));
    assert!(m("path:/webhooks", &c));
    assert!(!m("path:/stripe", &c), "path is a prefix");
    assert!(
        !m("path:/webhooks/stripe?x", &c),
        "the query is not part of the path"
    );
    assert!(m("origin:local", &c));
    c.origin = Origin::Replay;
    assert!(m("origin:replay", &c));
    assert!(!m("origin:local", &c));
}

#[test]
fn status_terms_use_forwards_then_the_answer() {
    let mut c = cap("POST", "/", "");
    c.response_status = Some(200);
    assert!(m("status:200", &c));
    assert!(m("status:2xx", &c));
    assert!(!m("status:5xx", &c));
    c.forwards.push(Forward {
        status: Some(503),
        ..Forward::default()
    });
    assert!(m("status:5xx", &c));
    assert!(m("status:503", &c));
    assert!(!m("status:200", &c), "forwards decide once there are any");
    c.forwards[0] = Forward {
        error: Some("connection refused".into()),
        ..Forward::default()
    };
    assert!(m("status:error", &c));
    assert!(m("status:none", &c));
    assert!(!m("status:5xx", &c));
}

#[test]
fn provider_and_verdict_terms() {
    let mut c = cap("POST", "/", "");
    assert!(m("verdict:unsigned", &c), "no provider counts as unsigned");
    assert!(!m("provider:stripe", &c));
    c.signature = Some(Signature {
        provider: "stripe".into(),
        verdict: Verdict::Invalid,
        detail: String::new(),
    });
    assert!(m("provider:Stripe", &c));
    assert!(m("verdict:invalid", &c));
    assert!(m("verdict:expired,invalid", &c));
    assert!(!m("verdict:valid", &c));
    assert!(m("provider:stripe verdict:invalid method:POST", &c));
}

#[test]
fn since_takes_durations_dates_and_times() {
    let c = cap("POST", "/", ""); // 12:00, now is 12:30
    assert!(m("since:31m", &c));
    assert!(!m("since:10m", &c));
    assert!(m("since:1h", &c));
    assert!(m("since:2026-11-27", &c));
    assert!(!m("since:2026-11-28", &c));
    assert!(m("since:2026-11-27T11:59:59Z", &c));
    assert!(!m("since:2026-11-27T12:00:01Z", &c));
    // Found by fuzzing: a span past what `time` can hold panicked in the subtraction.
    for huge in ["since:100800080w", "since:9223372036854775807s"] {
        let err = Filter::parse(huge).unwrap_err();
        assert!(err.contains("before any date"), "{err}");
    }
}

#[test]
fn quotes_group_words_and_unknown_keys_are_text() {
    let c = cap("POST", "/", r#"{"note":"hello world","a:b":1}"#);
    assert!(m("\"hello world\"", &c));
    assert!(!m("\"hello  world\"", &c));
    assert!(m("a:b", &c), "an unknown key is searched as text");
    assert_eq!(
        Filter::parse("stauts:500").unwrap_err(),
        "unknown filter key \"stauts\" (did you mean status:?)"
    );
}

/// A capture held as its fields, its body as the inside of its JSON string (when text):
/// how the TUI holds old captures.
struct Held<'a> {
    c: &'a Capture,
    statuses: Vec<Option<u16>>,
    json: String,
}

impl<'a> Held<'a> {
    fn new(c: &'a Capture) -> Held<'a> {
        let statuses = if c.forwards.is_empty() {
            vec![c.response_status]
        } else {
            c.forwards.iter().map(|f| f.status).collect()
        };
        let json = serde_json::to_string(&String::from_utf8_lossy(&c.body)).unwrap();
        Held { c, statuses, json }
    }
}

impl Fields for Held<'_> {
    fn method(&self) -> Cow<'_, str> {
        Cow::Owned(self.c.method.clone())
    }
    fn url(&self) -> Cow<'_, str> {
        Cow::Owned(self.c.url.clone())
    }
    fn origin(&self) -> Origin {
        self.c.origin
    }
    fn received_at(&self) -> OffsetDateTime {
        self.c.received_at
    }
    fn verdict(&self) -> Option<Verdict> {
        self.c.signature.as_ref().map(|s| s.verdict)
    }
    fn provider(&self) -> Option<Cow<'_, str>> {
        (self.c.signature.as_ref()).map(|s| Cow::Owned(s.provider.clone()))
    }
    fn any_status(&self, f: impl FnMut(Option<u16>) -> bool) -> bool {
        self.statuses.iter().copied().any(f)
    }
    fn forward_error(&self) -> bool {
        self.c.forwards.iter().any(|f| f.error.is_some())
    }
    fn body(&self) -> Body<'_> {
        match std::str::from_utf8(&self.c.body) {
            Ok(_) => Body::Json(&self.json.as_bytes()[1..self.json.len() - 1]),
            Err(_) => Body::Binary,
        }
    }
    fn delivery(&self) -> (Option<Cow<'_, str>>, Option<u32>, bool) {
        self.c.delivery()
    }
}

#[test]
fn delivery_terms_match_id_attempt_and_slowness() {
    let mut c = cap("POST", "/gh", "{}");
    c.signature = Some(Signature {
        provider: "slack".into(),
        verdict: Verdict::Valid,
        detail: String::new(),
    });
    c.delivery_id = Some("Ev1".into());
    c.attempt = Some(2);
    c.budget_ms = Some(3000);
    c.forwards.push(crate::capture::Forward {
        status: Some(200),
        duration_ms: 3500.0,
        ..Default::default()
    });
    for (expr, want) in [
        ("delivery:Ev1", true),
        ("delivery:Ev2", false),
        ("attempt:>1", true),
        ("attempt:1", false),
        ("slow", true),
    ] {
        assert_eq!(Filter::parse(expr).unwrap().matches(&c), want, "{expr}");
    }
    c.forwards[0].duration_ms = 10.0;
    assert!(!Filter::parse("slow").unwrap().matches(&c));
    assert!(Filter::parse("attempt:x").is_err());
}

#[test]
fn parts_match_exactly_when_the_capture_does() {
    let mut c = cap("POST", "/hooks/Stripe?x=1", r#"{"type":"Invoice.Paid"}"#);
    c.signature = Some(Signature {
        provider: "stripe".into(),
        verdict: Verdict::Expired,
        detail: String::new(),
    });
    let exprs = [
        "stripe",
        "invoice.paid",
        "type",
        "post x=1",
        "github",
        "method:GET,POST path:/hooks",
        "provider:STRIPE verdict:expired",
        "verdict:unsigned",
        "origin:local since:1h",
        "since:10m",
        "status:200",
        "status:2xx",
        "status:5xx",
        "status:503",
        "status:error",
        "status:none",
    ];
    let check = |c: &Capture| {
        for expr in exprs {
            let f = Filter::parse_at(expr, now()).unwrap();
            assert_eq!(f.matches_fields(&Held::new(c)), f.matches(c), "{expr}");
        }
    };
    check(&c);
    c.response_status = Some(200);
    check(&c);
    for (status, error) in [
        (Some(503), None),
        (None, Some("refused")),
        (Some(200), None),
    ] {
        c.forwards.push(Forward {
            status,
            error: error.map(str::to_string),
            ..Forward::default()
        });
        check(&c);
    }
    c.signature = None;
    c.body = Bytes::from_static(b"\xff\xfeinvoice");
    check(&c);
}

#[test]
fn a_json_body_is_searched_as_the_text_it_stands_for() {
    // A quote, a backslash, a line break and a control character, all escaped in JSON.
    let c = cap("POST", "/", "say \"hi\"\\there\nnow\u{1f}end");
    let held = Held::new(&c);
    assert!(held.json.contains("\\u001f"), "{}", held.json);
    for (needle, want) in [
        ("hi", true),
        ("\\there", true),
        ("hi\\th", false), // the raw text has a quote between them
        ("u001f", false),
        ("001f", false),
        ("1fend", false),
        ("nnow", false), // `\nnow` in JSON, but a line break in the text
        ("now", true),
        ("end", true),
        ("SAY", true),
    ] {
        let f = Filter::parse_at(needle, now()).unwrap();
        assert_eq!(f.matches(&c), want, "{needle} in the capture");
        assert_eq!(f.matches_fields(&held), want, "{needle} in the JSON string");
    }
}

#[test]
fn bad_terms_are_errors_that_name_the_term() {
    for (expr, want) in [
        ("status:abc", "status:abc"),
        ("status:0xx", "status:0xx"),
        ("verdict:good", "verdict:good"),
        ("origin:mars", "origin:mars"),
        ("since:yesterday", "since:yesterday"),
        ("method:", "method:"),
        ("\"open", "unclosed quote"),
    ] {
        let err = Filter::parse_at(expr, now()).unwrap_err();
        assert!(err.contains(want), "{expr}: {err}");
    }
}
