//! Every reference vector (tests/vectors/, copied from shared/reference) as a table-driven
//! test: forced provider, detected provider, the exact verdict for failing vectors, and the
//! handshake answer for challenge vectors. Both files run in full (95 + 134 = 229 vectors).

use bytes::Bytes;
use hookcli::capture::{Capture, Origin, Verdict};
use hookcli::verify::{self, Context, Secrets};
use serde_json::Value;

fn load(name: &str) -> Vec<Value> {
    let path = format!("{}/tests/vectors/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parsing {path}: {e}"))
}

/// A vector as a capture plus what to verify it with.
struct Case {
    id: String,
    provider: String,
    capture: Capture,
    secrets: Secrets,
    now: i64,
    public_url: Option<String>,
}

fn case(v: &Value) -> Case {
    let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    let provider = s("provider").expect("provider");
    let method = s("method").unwrap_or_else(|| "POST".into());
    // A vector's url is what the provider called: scheme+host become --public-url,
    // path+query become the captured url (as the listener would see them).
    let (public_url, path, host) = match s("url") {
        Some(u) => {
            let (scheme, rest) = u.split_once("://").expect("absolute url");
            let cut = rest.find('/').unwrap_or(rest.len());
            let (authority, path) = rest.split_at(cut);
            let path = if path.is_empty() {
                "/".to_string()
            } else {
                path.to_string()
            };
            (
                Some(format!("{scheme}://{authority}")),
                path,
                Some(authority.to_string()),
            )
        }
        None => (None, "/webhook".to_string(), None),
    };
    let mut c = Capture::new(Origin::Import, method, path);
    if let Some(obj) = v.get("headers").and_then(Value::as_object) {
        for (k, val) in obj {
            c.headers.push((
                k.to_ascii_lowercase(),
                val.as_str().unwrap_or("").to_string(),
            ));
        }
    }
    if let Some(h) = host {
        c.headers.push(("host".into(), h));
    }
    c.body = Bytes::from(s("body").unwrap_or_default());
    c.body_size = c.body.len() as u64;
    let mut secrets = Secrets::new();
    secrets.add(&provider, &s("secret").expect("secret"));
    if let Some(second) = s("secret_secondary") {
        secrets.add(&provider, &second);
    }
    let now = v
        .get("verify_at")
        .and_then(Value::as_i64)
        .or_else(|| match v.get("timestamp") {
            Some(Value::Number(n)) => n
                .as_i64()
                .map(|t| if t > 100_000_000_000 { t / 1000 } else { t }),
            Some(Value::String(t)) => hookcli::capture::parse_time(t).map(|t| t.unix_timestamp()),
            _ => None,
        })
        .unwrap_or(1_700_000_000);
    Case {
        id: s("id").expect("id"),
        provider,
        capture: c,
        secrets,
        now,
        public_url,
    }
}

/// What a failing vector must say: its id names the reason (stale, late, too-old, toonew → the
/// signature is right but outside the window: expired; anything else is wrong: invalid).
fn expected(v: &Value) -> Verdict {
    let id = v["id"].as_str().unwrap_or("");
    if v["expected_valid"].as_bool() == Some(true) {
        Verdict::Valid
    } else if ["stale", "late", "too-old", "toonew"]
        .iter()
        .any(|k| id.contains(k))
    {
        Verdict::Expired
    } else {
        Verdict::Invalid
    }
}

/// Check one vector forced and detected; `Err` describes the mismatch.
fn check(v: &Value) -> Result<(), String> {
    let k = case(v);
    let want = expected(v);
    // Handshake vectors: the answer `listen` gives, JSON compared as JSON, text as text.
    let handshakes = [
        "url_validation_response",
        "crc",
        "endpoint-verification",
        "challenge",
    ];
    if handshakes.iter().any(|h| v["variant"] == *h) {
        let h =
            verify::handshake(&k.capture, &k.secrets).ok_or(format!("{}: no handshake", k.id))?;
        let got: Value = match &v["expected_response"] {
            Value::String(_) => Value::String(String::from_utf8_lossy(&h.body).into_owned()),
            _ => serde_json::from_slice(&h.body).map_err(|e| format!("{}: {e}", k.id))?,
        };
        return (got == v["expected_response"] && h.status == 200)
            .then_some(())
            .ok_or(format!(
                "{}: handshake {} {} body {got}",
                k.id, h.name, h.status
            ));
    }
    let forced = Context {
        now: k.now,
        public_url: k.public_url.as_deref(),
        provider: Some(&k.provider),
    };
    let sig = verify::verify(&k.capture, &k.secrets, &forced)
        .ok_or(format!("{}: forced gave None", k.id))?;
    if sig.verdict != want || sig.provider != k.provider {
        return Err(format!(
            "{}: forced {} {:?} ({}), want {want:?}",
            k.id, sig.provider, sig.verdict, sig.detail
        ));
    }
    let detected = Context {
        provider: None,
        ..forced
    };
    let sig = verify::verify(&k.capture, &k.secrets, &detected)
        .ok_or(format!("{}: not detected", k.id))?;
    if sig.verdict != want || sig.provider != k.provider {
        return Err(format!(
            "{}: detected {} {:?} ({}), want {want:?}",
            k.id, sig.provider, sig.verdict, sig.detail
        ));
    }
    Ok(())
}

#[test]
fn every_reference_vector_gives_its_verdict() {
    let vectors = load("signature_vectors.json");
    assert_eq!(vectors.len(), 95, "the reference file has 95 vectors");
    let failures: Vec<String> = vectors.iter().filter_map(|v| check(v).err()).collect();
    let expired = vectors
        .iter()
        .filter(|v| expected(v) == Verdict::Expired)
        .count();
    println!(
        "signature_vectors.json: {} checked, {} passed, {} failed ({expired} expect expired)",
        vectors.len(),
        vectors.len() - failures.len(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} vectors failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(expired, 8, "the stale, late and too-old vectors");
}

#[test]
fn every_supplementary_vector_gives_its_verdict() {
    let vectors = load("signature_vectors_more.json");
    assert_eq!(vectors.len(), 134, "the supplementary file has 134 vectors");
    let failures: Vec<String> = vectors.iter().filter_map(|v| check(v).err()).collect();
    println!(
        "signature_vectors_more.json: {} checked, {} passed, {} failed",
        vectors.len(),
        vectors.len() - failures.len(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} vectors failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The provider ids of a vector file, sorted and unique.
fn ids(file: &str) -> Vec<String> {
    let mut ids: Vec<String> = load(file)
        .iter()
        .filter_map(|v| v["provider"].as_str().map(str::to_string))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

#[test]
fn every_provider_of_both_references_is_registered() {
    let (base, more) = (
        ids("signature_vectors.json"),
        ids("signature_vectors_more.json"),
    );
    assert_eq!((base.len(), more.len()), (50, 52));
    for id in base.iter().chain(&more) {
        assert_eq!(
            verify::provider(id).map(|p| p.id),
            Some(id.as_str()),
            "{id} is not registered"
        );
    }
    assert!(
        verify::providers().len() >= 102,
        "{}",
        verify::providers().len()
    );
}

#[test]
fn providers_lists_at_least_a_hundred() {
    assert!(verify::providers().len() >= 100);
}

/// `ProviderInfo::vectors` says where each provider's vectors come from, as the files do.
#[test]
fn vector_origins_match_the_files() {
    let mut origin: std::collections::BTreeMap<String, (bool, bool)> = Default::default();
    for file in ["signature_vectors.json", "signature_vectors_more.json"] {
        for v in load(file) {
            let e = origin
                .entry(v["provider"].as_str().unwrap_or("").to_string())
                .or_default();
            match v["vector_origin"].as_str().unwrap_or("") {
                o if o.starts_with("published") => e.0 = true,
                _ => e.1 = true,
            }
        }
    }
    for p in verify::providers() {
        let want = match origin.get(p.id) {
            None => "none",
            Some((true, true)) => "published+derived",
            Some((true, false)) => "published",
            Some(_) => "derived",
        };
        assert_eq!(p.vectors, want, "{}", p.id);
    }
}
