//! Credentials in captures: which headers carry one, and how they are shown masked.
//!
//! The store keeps every header as it came, so a replay still authenticates. What leaves
//! hookcli for a person or a file (`show`, `list --json`, exports, curl, HAR, raw HTTP,
//! NDJSON lines) shows these headers masked unless the user passes `--reveal`.

use crate::capture::Capture;
use std::borrow::Cow;
use std::sync::LazyLock;

/// Headers that carry a credential whatever the provider.
const ALWAYS: [&str; 5] = [
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
    "x-api-key",
];

/// The headers of the providers whose "signature" is a shared token (scheme family I in the
/// registry: GitLab's `x-gitlab-token`, Flutterwave's `verif-hash`, Buildkite's token mode…):
/// for them the header *is* the secret. Signature headers are not credentials.
static TOKEN_HEADERS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut v: Vec<&'static str> = crate::verify::providers()
        .iter()
        .filter(|p| p.family.starts_with("I:") || p.family.contains("(I:"))
        .flat_map(|p| p.headers.iter().copied())
        .filter(|h| !h.contains("signature"))
        .collect();
    v.sort_unstable();
    v.dedup();
    v
});

/// Does a header of this name carry a credential?
pub fn is_credential(name: &str) -> bool {
    ALWAYS.iter().any(|h| name.eq_ignore_ascii_case(h))
        || TOKEN_HEADERS.iter().any(|h| name.eq_ignore_ascii_case(h))
}

/// Every header name [`is_credential`] holds true for, for the docs and tests.
pub fn credential_headers() -> Vec<&'static str> {
    let mut v: Vec<&'static str> = ALWAYS.to_vec();
    v.extend(TOKEN_HEADERS.iter().copied());
    v
}

/// The masked form of a credential header's value: the auth scheme and cookie names stay
/// (they help debugging and are not secret), every secret part becomes `****`.
pub fn mask_value(name: &str, value: &str) -> String {
    let name = name.to_ascii_lowercase();
    match name.as_str() {
        "authorization" | "proxy-authorization" => match value.trim().split_once(' ') {
            Some((scheme, _))
                if scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-') =>
            {
                format!("{scheme} ****")
            }
            _ => "****".into(),
        },
        "cookie" => value
            .split(';')
            .map(|pair| match pair.trim().split_once('=') {
                Some((k, _)) => format!("{k}=****"),
                None => "****".into(),
            })
            .collect::<Vec<_>>()
            .join("; "),
        "set-cookie" => {
            let (first, attrs) = value.split_once(';').unwrap_or((value, ""));
            let cookie = match first.split_once('=') {
                Some((k, _)) => format!("{}=****", k.trim()),
                None => "****".into(),
            };
            if attrs.is_empty() {
                cookie
            } else {
                format!("{cookie};{attrs}")
            }
        }
        _ => "****".into(),
    }
}

/// A URL with the password of its user part masked: `https://u:****@host/`.
pub fn mask_url(url: &str) -> Cow<'_, str> {
    let Some((scheme, rest)) = url.split_once("://") else {
        return Cow::Borrowed(url);
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let Some((userinfo, host)) = authority.rsplit_once('@') else {
        return Cow::Borrowed(url);
    };
    match userinfo.split_once(':') {
        Some((user, _)) => Cow::Owned(format!("{scheme}://{user}:****@{host}{tail}")),
        None => Cow::Borrowed(url),
    }
}

fn mask_pairs(pairs: &mut [(String, String)]) -> bool {
    let mut changed = false;
    for (k, v) in pairs.iter_mut() {
        if is_credential(k) {
            *v = mask_value(k, v);
            changed = true;
        }
    }
    changed
}

fn needs_mask(c: &Capture) -> bool {
    c.headers.iter().any(|(k, _)| is_credential(k))
        || c.forwards.iter().any(|f| {
            f.headers.iter().any(|(k, _)| is_credential(k))
                || matches!(mask_url(&f.target), Cow::Owned(_))
        })
}

/// The capture as it may be shown: credentials masked (request headers, each target's
/// response headers, passwords in target URLs). Borrowed when there is nothing to mask.
pub fn masked(c: &Capture) -> Cow<'_, Capture> {
    if !needs_mask(c) {
        return Cow::Borrowed(c);
    }
    let mut m = c.clone();
    mask_pairs(&mut m.headers);
    for f in &mut m.forwards {
        mask_pairs(&mut f.headers);
        f.target = mask_url(&f.target).into_owned();
    }
    Cow::Owned(m)
}

/// [`masked`] unless the user asked to see everything.
pub fn shown(c: &Capture, reveal: bool) -> Cow<'_, Capture> {
    if reveal { Cow::Borrowed(c) } else { masked(c) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::Origin;

    #[test]
    fn credential_headers_come_from_the_registry_too() {
        for h in ["Authorization", "cookie", "x-gitlab-token", "verif-hash"] {
            assert!(is_credential(h), "{h}");
        }
        for h in [
            "x-gitlab-event",
            "stripe-signature",
            "webhook-signature",
            "host",
        ] {
            assert!(!is_credential(h), "{h}");
        }
    }

    #[test]
    fn values_keep_their_shape_but_not_their_secret() {
        assert_eq!(mask_value("authorization", "Bearer abc.def"), "Bearer ****");
        assert_eq!(mask_value("authorization", "s3cr3t"), "****");
        assert_eq!(
            mask_value("cookie", "sid=1; theme=dark"),
            "sid=****; theme=****"
        );
        assert_eq!(
            mask_value("set-cookie", "sid=1; Path=/; HttpOnly"),
            "sid=****; Path=/; HttpOnly"
        );
        assert_eq!(mask_value("x-gitlab-token", "glpat-1"), "****");
        assert_eq!(mask_url("https://u:pw@h:1/p?q"), "https://u:****@h:1/p?q");
        assert_eq!(mask_url("http://h/a@b"), "http://h/a@b");
    }

    #[test]
    fn masked_copy_leaves_the_original_alone() {
        let mut c = Capture::new(Origin::Local, "POST", "/");
        c.headers = vec![
            ("x-gitlab-token".into(), "tok".into()),
            ("x-a".into(), "1".into()),
        ];
        let m = masked(&c);
        assert_eq!(m.header("x-gitlab-token"), Some("****"));
        assert_eq!(m.header("x-a"), Some("1"));
        assert_eq!(c.header("x-gitlab-token"), Some("tok"));
        c.headers.pop();
        c.headers.pop();
        assert!(matches!(masked(&c), Cow::Borrowed(_)));
    }
}
