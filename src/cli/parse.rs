//! Value parsers of the command line: providers, secrets, timeouts, targets, relays,
//! channels, routes, headers, ages, sizes.

use crate::target::{Route, Target};
use std::time::Duration;

/// `--provider`: a known id; completion scripts offer every id.
#[derive(Clone, Debug)]
pub struct ProviderParser;

impl clap::builder::TypedValueParser for ProviderParser {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        let s = value.to_string_lossy();
        parse_provider(&s).map_err(|e| invalid(cmd, arg, &s, &e))
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(crate::verify::providers().iter().map(|p| {
            clap::builder::PossibleValue::new(p.id).help(p.name)
        })))
    }
}

/// `--secret PROVIDER=SECRET`: completion scripts offer `stripe=`, `github=`, …
#[derive(Clone, Debug)]
pub struct SecretParser;

impl clap::builder::TypedValueParser for SecretParser {
    type Value = (String, String);

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<(String, String), clap::Error> {
        // The secret itself is never echoed in the error.
        let s = value.to_string_lossy();
        let shown = s.split_once('=').map_or("…", |(p, _)| p);
        parse_secret(&s).map_err(|e| invalid(cmd, arg, shown, &e))
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(crate::verify::providers().iter().map(|p| {
            clap::builder::PossibleValue::new(format!("{}=", p.id)).help(p.secret_form)
        })))
    }
}

fn invalid(cmd: &clap::Command, arg: Option<&clap::Arg>, value: &str, why: &str) -> clap::Error {
    let name = arg.map_or_else(|| "...".to_string(), |a| a.to_string());
    let mut e = clap::Error::raw(
        clap::error::ErrorKind::ValueValidation,
        format!("invalid value '{value}' for '{name}': {why}\n"),
    );
    e = e.with_cmd(cmd);
    e
}

/// `PROVIDER=SECRET`, with a known provider id.
pub fn parse_secret(s: &str) -> Result<(String, String), String> {
    crate::verify::Secrets::parse_pair(s)
}

/// A known provider id.
pub fn parse_provider(s: &str) -> Result<String, String> {
    match crate::verify::provider(s) {
        Some(p) => Ok(p.id.to_string()),
        None => Err(crate::verify::unknown_provider_message(s)),
    }
}

/// `--timeout`: seconds, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeout(pub Option<Duration>);

pub fn parse_timeout(s: &str) -> Result<Timeout, String> {
    if s.eq_ignore_ascii_case("none") || s == "0" {
        return Ok(Timeout(None));
    }
    let secs: f64 = s
        .parse()
        .map_err(|_| format!("expected seconds or `none`, got {s:?}"))?;
    if !(secs.is_finite() && secs > 0.0) {
        return Err(format!("expected a positive number of seconds, got {s:?}"));
    }
    Ok(Timeout(Some(Duration::from_secs_f64(secs))))
}

pub fn parse_target(s: &str) -> Result<Target, String> {
    Target::parse(s)
}

/// `--relay`: a ws(s) URL, http(s) taken as ws(s). Without a scheme: `ws://` for a
/// loopback name (`localhost`, `127.x`, `::1`, `:port`), where TLS is rare, `wss://` otherwise.
pub fn parse_relay(s: &str) -> Result<Target, String> {
    let default = if s.contains("://") || !is_loopback(s) {
        "wss"
    } else {
        "ws"
    };
    let mut t = Target::parse_with(s, default)?;
    t.scheme = match t.scheme.as_str() {
        "http" | "ws" => "ws".into(),
        _ => "wss".into(),
    };
    Ok(t)
}

/// Does a scheme-less address name this machine?
fn is_loopback(s: &str) -> bool {
    if s.starts_with(':') {
        return true;
    }
    let authority = s.split('/').next().unwrap_or("");
    let host = match authority.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or(""),
        None => authority.rsplit_once(':').map_or(authority, |(h, _)| h),
    };
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// A relay channel name: 1-64 of letters, digits, `_`, `-`, `.`.
pub fn parse_channel(s: &str) -> Result<String, String> {
    if crate::relay::protocol::valid_channel(s) {
        Ok(s.to_string())
    } else {
        Err(format!(
            "bad channel name {s:?} (1-64 of letters, digits, _ - . ; not starting with .)"
        ))
    }
}

pub fn parse_route(s: &str) -> Result<Route, String> {
    Route::parse(s)
}

/// `K: V` (also `K:V`); the name must be a valid header name.
pub fn parse_header(s: &str) -> Result<(String, String), String> {
    let (k, v) = s
        .split_once(':')
        .ok_or_else(|| format!("expected 'Name: value', got {s:?}"))?;
    let k = k.trim();
    if k.is_empty() || http::header::HeaderName::from_bytes(k.as_bytes()).is_err() {
        return Err(format!("bad header name {k:?}"));
    }
    let v = v.trim();
    if http::header::HeaderValue::from_str(v).is_err() {
        return Err(format!("bad value for header {k:?}"));
    }
    Ok((k.to_string(), v.to_string()))
}

/// An age for `--keep-for`: a number and a unit (s, m, h, d, w).
pub fn parse_age(s: &str) -> Result<Duration, String> {
    let bad = || format!("{s:?} is not an age (use 30d, 12h, 90m, 2w)");
    let (num, unit) = crate::filter::split_age(s).ok_or_else(bad)?;
    let n: u64 = num.parse().map_err(|_| bad())?;
    n.checked_mul(u64::from(unit))
        .filter(|&secs| secs > 0)
        .map(Duration::from_secs)
        .ok_or_else(bad)
}

/// Sizes like `25MiB`, `512k`, `1mb`, `100` (bytes). K/M/G are binary (1024) multiples.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim().to_ascii_lowercase();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: f64 = num.parse().map_err(|_| format!("bad size {s:?}"))?;
    let mult: u64 = match unit.trim() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        _ => return Err(format!("bad size unit in {s:?} (use B, KiB, MiB or GiB)")),
    };
    Ok((n * mult as f64) as u64)
}
