//! Who may talk to the inspector: only the page it served, from this machine.
//!
//! A web page open in the same browser can send requests to `127.0.0.1:4040`. Three checks
//! keep it out: the `Host` must name loopback (a DNS-rebound name is refused), a request
//! from another origin is refused (`Origin`, `Sec-Fetch-Site`), and every API call carries
//! the per-run token that only the served page holds.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// The header the page sends its token in (EventSource and downloads use `?token=`).
pub const TOKEN_HEADER: &str = "x-hookcli-token";

pub async fn check(
    State(state): State<Arc<super::state::State>>,
    req: Request,
    next: Next,
) -> Response {
    if let Err(why) = allowed(req.headers(), req.uri(), &state.token) {
        return (StatusCode::FORBIDDEN, format!("hookcli inspector: {why}\n")).into_response();
    }
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    // The page never runs in a frame, never sniffs types, and loads nothing from elsewhere.
    h.insert("x-frame-options", header::HeaderValue::from_static("DENY"));
    h.insert(
        "x-content-type-options",
        header::HeaderValue::from_static("nosniff"),
    );
    h.insert(
        "referrer-policy",
        header::HeaderValue::from_static("no-referrer"),
    );
    h.insert(
        "content-security-policy",
        header::HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
        ),
    );
    res
}

/// Why a request is refused, if it is.
pub fn allowed(headers: &HeaderMap, uri: &axum::http::Uri, token: &str) -> Result<(), String> {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if !loopback_host(host) {
        return Err(format!(
            "refused Host {host:?}: open the inspector by a loopback address"
        ));
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or("?");
        if origin != format!("http://{host}") {
            return Err(format!("refused a request from origin {origin:?}"));
        }
    }
    let path = uri.path();
    // A link from elsewhere may open the page; only its own scripts may call the API.
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok())
        && path.starts_with("/api/")
        && !matches!(site, "same-origin" | "none")
    {
        return Err(format!("refused a {site} request"));
    }
    if path.starts_with("/api/") && !token_ok(headers, uri, token) {
        return Err("refused: missing or wrong token (reload the page)".into());
    }
    Ok(())
}

/// `localhost`, `127.x.y.z` or `[::1]`, with or without a port.
pub fn loopback_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        match rest.split_once(']') {
            Some((ip, tail)) if tail.is_empty() || tail.starts_with(':') => ip,
            _ => return false,
        }
    } else {
        host.rsplit_once(':').map_or(host, |(h, _)| h)
    };
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    name.parse::<std::net::IpAddr>()
        .is_ok_and(|ip| ip.is_loopback())
}

fn token_ok(headers: &HeaderMap, uri: &axum::http::Uri, token: &str) -> bool {
    use subtle::ConstantTimeEq as _;
    let given = headers
        .get(TOKEN_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or_else(|| {
            uri.query()?
                .split('&')
                .find_map(|kv| kv.strip_prefix("token=").map(str::to_string))
        });
    given.is_some_and(|g| g.as_bytes().ct_eq(token.as_bytes()).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_names_pass_and_others_do_not() {
        for ok in [
            "127.0.0.1:4040",
            "localhost:4040",
            "[::1]:4040",
            "127.0.0.2",
            "LOCALHOST",
        ] {
            assert!(loopback_host(ok), "{ok}");
        }
        for bad in [
            "evil.example:4040",
            "",
            "10.0.0.1:4040",
            "[::1]x",
            "localhost.evil:1",
        ] {
            assert!(!loopback_host(bad), "{bad}");
        }
    }

    fn req(pairs: &[(&str, &str)], uri: &str) -> Result<(), String> {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(
                header::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        allowed(&h, &uri.parse().unwrap(), "t0k")
    }

    #[test]
    fn api_needs_the_token_and_the_same_origin() {
        let host = ("host", "127.0.0.1:4040");
        assert!(req(&[host], "/").is_ok());
        assert!(req(&[host], "/api/captures").is_err());
        assert!(req(&[host, (TOKEN_HEADER, "t0k")], "/api/captures").is_ok());
        assert!(req(&[host], "/api/events?token=t0k").is_ok());
        assert!(req(&[host, (TOKEN_HEADER, "nope")], "/api/captures").is_err());
        let evil = ("origin", "http://evil.example");
        assert!(req(&[host, evil, (TOKEN_HEADER, "t0k")], "/api/replay").is_err());
        let same = ("origin", "http://127.0.0.1:4040");
        assert!(req(&[host, same, (TOKEN_HEADER, "t0k")], "/api/replay").is_ok());
        let cross = ("sec-fetch-site", "cross-site");
        assert!(req(&[host, cross, (TOKEN_HEADER, "t0k")], "/api/replay").is_err());
        assert!(req(&[("host", "rebound.example:4040")], "/").is_err());
    }
}
