//! Every reference vector (tests/vectors/, copied from shared/reference) as a table-driven
//! test: forced provider, detected provider, and the exact verdict for failing vectors.

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

/// What a failing vector must say: its id names the reason (stale, late, too-old → the
/// signature is right but old: expired; everything else is tampered or wrong: invalid).
fn expected(v: &Value) -> Verdict {
    let id = v["id"].as_str().unwrap_or("");
    if v["expected_valid"].as_bool() == Some(true) {
        Verdict::Valid
    } else if ["stale", "late", "too-old"].iter().any(|k| id.contains(k)) {
        Verdict::Expired
    } else {
        Verdict::Invalid
    }
}

/// Check one vector forced and detected; `Err` describes the mismatch.
fn check(v: &Value) -> Result<(), String> {
    let k = case(v);
    let want = expected(v);
    if v["variant"] == "url_validation_response" {
        let h =
            verify::handshake(&k.capture, &k.secrets).ok_or(format!("{}: no handshake", k.id))?;
        let got: Value = serde_json::from_slice(&h.body).map_err(|e| e.to_string())?;
        return (got == v["expected_response"])
            .then_some(())
            .ok_or(format!("{}: handshake body {got}", k.id));
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
fn supplementary_vectors_of_supported_providers_pass() {
    // signature_vectors_more.json covers 52 further providers that are not in the registry
    // yet; its vectors run as soon as their provider is added.
    let vectors = load("signature_vectors_more.json");
    let (supported, unsupported): (Vec<&Value>, Vec<&Value>) = vectors
        .iter()
        .partition(|v| verify::provider(v["provider"].as_str().unwrap_or("")).is_some());
    let failures: Vec<String> = supported.iter().filter_map(|v| check(v).err()).collect();
    println!(
        "signature_vectors_more.json: {} checked, {} failed, {} skipped (provider not supported)",
        supported.len(),
        failures.len(),
        unsupported.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(supported.len() + unsupported.len(), 134);
}

#[test]
fn every_provider_of_the_reference_is_registered() {
    let vectors = load("signature_vectors.json");
    let mut ids: Vec<&str> = vectors
        .iter()
        .filter_map(|v| v["provider"].as_str())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 50);
    for id in ids {
        assert_eq!(
            verify::provider(id).map(|p| p.id),
            Some(id),
            "{id} is not registered"
        );
    }
}
