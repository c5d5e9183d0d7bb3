//! URL arguments (`--forward`, `--route`, `--to`, `--relay`): `host:port`, `:port`, a bare
//! port, or a full URL, normalised once so every user of a target sees the same thing.

use std::fmt;

/// A place to send requests: scheme, authority and an optional path prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// `http`, `https`, `ws` or `wss`.
    pub scheme: String,
    /// `host:port` (port omitted when it is the scheme's default and the user omitted it).
    pub authority: String,
    /// A path prefix without a trailing slash; empty when none.
    pub base_path: String,
    /// A query that came with the target URL (kept and merged in front of the request's).
    pub base_query: Option<String>,
}

impl Target {
    /// Parse a user-written target, defaulting the scheme to `default_scheme`.
    pub fn parse_with(s: &str, default_scheme: &str) -> Result<Target, String> {
        let s = s.trim();
        if s.is_empty() {
            return Err("empty URL".into());
        }
        let (scheme, rest) = match s.split_once("://") {
            Some((scheme, rest)) => (scheme.to_ascii_lowercase(), rest),
            None => (default_scheme.to_string(), s),
        };
        if !matches!(scheme.as_str(), "http" | "https" | "ws" | "wss") {
            return Err(format!(
                "unsupported scheme {scheme:?} in {s:?} (use http or https)"
            ));
        }
        let (authority, path_query) = match rest.find(['/', '?']) {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        let authority = if let Some(port) = authority.strip_prefix(':') {
            format!("localhost:{port}")
        } else if !authority.is_empty() && authority.bytes().all(|b| b.is_ascii_digit()) {
            format!("localhost:{authority}")
        } else {
            authority.to_string()
        };
        if authority.is_empty() {
            return Err(format!("no host in {s:?}"));
        }
        if let Some((_, port)) = authority.rsplit_once(':')
            && !authority.ends_with(']')
            && port.parse::<u16>().is_err()
        {
            return Err(format!("bad port {port:?} in {s:?}"));
        }
        let uri = format!("{scheme}://{authority}/");
        uri.parse::<http::Uri>()
            .map_err(|e| format!("bad URL {s:?} ({e})"))?;
        let (path, query) = match path_query.split_once('?') {
            Some((p, q)) => (p, Some(q.to_string())),
            None => (path_query, None),
        };
        Ok(Target {
            scheme,
            authority,
            base_path: path.trim_end_matches('/').to_string(),
            base_query: query.filter(|q| !q.is_empty()),
        })
    }

    /// Parse an HTTP target (`http://` when no scheme is written).
    pub fn parse(s: &str) -> Result<Target, String> {
        Target::parse_with(s, "http")
    }

    /// The full URL for a request whose path and query are `url` (a path in the target is a prefix).
    ///
    /// ```
    /// use hookcli::target::Target;
    /// let t = Target::parse(":3000/api").unwrap();
    /// assert_eq!(t.join("/in/x?a=1"), "http://localhost:3000/api/in/x?a=1");
    /// ```
    pub fn join(&self, url: &str) -> String {
        let url = if url.is_empty() { "/" } else { url };
        let (path, query) = match url.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (url, None),
        };
        let mut out = String::with_capacity(
            self.scheme.len() + self.authority.len() + self.base_path.len() + url.len() + 8,
        );
        out.push_str(&self.scheme);
        out.push_str("://");
        out.push_str(&self.authority);
        out.push_str(&self.base_path);
        // `/` under a path prefix is the prefix itself (`:3000/hooks` + `/` → `/hooks`).
        if path != "/" || self.base_path.is_empty() {
            if !path.starts_with('/') {
                out.push('/');
            }
            out.push_str(path);
        }
        match (&self.base_query, query) {
            (Some(b), Some(q)) => {
                out.push('?');
                out.push_str(b);
                out.push('&');
                out.push_str(q);
            }
            (Some(b), None) => {
                out.push('?');
                out.push_str(b);
            }
            (None, Some(q)) => {
                out.push('?');
                out.push_str(q);
            }
            (None, None) => {}
        }
        out
    }

    /// The port, explicit or the scheme's default.
    pub fn port(&self) -> u16 {
        if let Some((_, p)) = self.authority.rsplit_once(':')
            && let Ok(p) = p.parse()
        {
            return p;
        }
        match self.scheme.as_str() {
            "https" | "wss" => 443,
            _ => 80,
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}{}", self.scheme, self.authority, self.base_path)?;
        if let Some(q) = &self.base_query {
            write!(f, "?{q}")?;
        }
        Ok(())
    }
}

/// `--route PREFIX=URL`: requests whose path starts with PREFIX go to URL instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub prefix: String,
    pub target: Target,
}

impl Route {
    pub fn parse(s: &str) -> Result<Route, String> {
        let (prefix, url) = s
            .split_once('=')
            .ok_or_else(|| format!("expected PREFIX=URL, got {s:?}"))?;
        if !prefix.starts_with('/') {
            return Err(format!("route prefix {prefix:?} must start with '/'"));
        }
        Ok(Route {
            prefix: prefix.trim_end_matches('/').to_string(),
            target: Target::parse(url)?,
        })
    }

    /// True when `path` is the prefix itself or lies below it (`/stripe` matches `/stripe/x`,
    /// not `/stripex`).
    pub fn matches(&self, path: &str) -> bool {
        match path.strip_prefix(self.prefix.as_str()) {
            Some(rest) => self.prefix.is_empty() || rest.is_empty() || rest.starts_with('/'),
            None => false,
        }
    }
}

/// The route with the longest matching prefix, if any.
pub fn pick_route<'a>(routes: &'a [Route], path: &str) -> Option<&'a Route> {
    routes
        .iter()
        .filter(|r| r.matches(path))
        .max_by_key(|r| r.prefix.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_forms_mean_localhost() {
        assert_eq!(
            Target::parse(":3000").unwrap().to_string(),
            "http://localhost:3000"
        );
        assert_eq!(
            Target::parse("3000").unwrap().to_string(),
            "http://localhost:3000"
        );
        assert_eq!(
            Target::parse("localhost:3000").unwrap().to_string(),
            "http://localhost:3000"
        );
        let t = Target::parse("https://example.com/api/").unwrap();
        assert_eq!(t.to_string(), "https://example.com/api");
        assert_eq!(t.port(), 443);
    }

    #[test]
    fn path_in_target_is_a_prefix() {
        let t = Target::parse("localhost:3000/api").unwrap();
        assert_eq!(t.join("/in/x?a=1"), "http://localhost:3000/api/in/x?a=1");
        let t = Target::parse("localhost:3000").unwrap();
        assert_eq!(t.join("/in/x"), "http://localhost:3000/in/x");
        assert_eq!(t.join(""), "http://localhost:3000/");
        let t = Target::parse("localhost:3000/hooks").unwrap();
        assert_eq!(t.join("/"), "http://localhost:3000/hooks");
        assert_eq!(t.join("/?a=1"), "http://localhost:3000/hooks?a=1");
        let t = Target::parse("localhost:3000/h?k=v").unwrap();
        assert_eq!(t.join("/a?b=c"), "http://localhost:3000/h/a?k=v&b=c");
    }

    #[test]
    fn bad_targets_are_refused() {
        assert!(Target::parse("").is_err());
        assert!(Target::parse("ftp://x").is_err());
        assert!(Target::parse("localhost:99999").is_err());
        assert!(Target::parse("http://").is_err());
    }

    #[test]
    fn longest_route_prefix_wins_on_segment_boundaries() {
        let routes = vec![
            Route::parse("/stripe=:4000").unwrap(),
            Route::parse("/stripe/connect=:4001").unwrap(),
        ];
        assert_eq!(
            pick_route(&routes, "/stripe/connect/x")
                .unwrap()
                .target
                .port(),
            4001
        );
        assert_eq!(pick_route(&routes, "/stripe").unwrap().target.port(), 4000);
        assert!(pick_route(&routes, "/stripex").is_none());
        assert!(Route::parse("stripe=:4000").is_err());
    }
}
