//! Provider detection from headers: one pass, no allocation, on every request; and the
//! verification of what was detected.
//!
//! Most signature headers name their provider: each provider lists those as its `detect`
//! headers. A few are shared (X-Hub-Signature-256 is GitHub's and Meta's; webhook-signature
//! is every Standard Webhooks sender's): those are settled here from context headers, since
//! telling providers apart is no one provider's job. Detection returns a static list of
//! candidates, most likely first; [`verify_detected`] settles the rest by which configured
//! secret matches, and asks providers without headers (`by_secret`) when nothing matched.

use super::base::Context;
use super::provider::Provider;
use super::registry;
use super::secrets::Secrets;
use crate::capture::{Capture, Signature, Verdict};
use std::sync::LazyLock;

/// Headers that name providers by themselves, from each provider's `detect`, in registry
/// order (an earlier header wins when a request carries two); a header several providers
/// claim lists them all, most likely first (`svix-signature`: Svix, Clerk, Resend).
static DIRECT: LazyLock<Vec<(&'static str, Vec<&'static str>)>> = LazyLock::new(|| {
    let mut direct: Vec<(&'static str, Vec<&'static str>)> = Vec::new();
    for p in registry::all() {
        for &h in p.detect() {
            match direct.iter_mut().find(|(name, _)| *name == h) {
                Some((_, ids)) => ids.push(p.info().id),
                None => direct.push((h, vec![p.info().id])),
            }
        }
    }
    direct
});

/// What the single pass remembers about shared and context headers.
#[derive(Default)]
struct Seen<'a> {
    direct: Option<(usize, &'static [&'static str])>,
    hub256: bool,
    hub: Option<&'a str>,
    xsig: Option<&'a str>,
    auth: Option<&'a str>,
    webhook_sig: Option<&'a str>,
    docusign: bool,
    ua: Option<&'a str>,
    github: bool,
    bitbucket: bool,
    jira: bool,
    gitlab: bool,
    lemon: bool,
}

fn has_ci(hay: &str, needle: &str) -> bool {
    hay.as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// The candidate providers for a request, most likely first; empty when none applies.
pub(crate) fn candidates(c: &Capture) -> &'static [&'static str] {
    let mut s = Seen::default();
    for (name, value) in &c.headers {
        let n = name.as_str();
        if let Some(rank) = DIRECT.iter().position(|(h, _)| h.eq_ignore_ascii_case(n)) {
            if s.direct.is_none_or(|(r, _)| rank < r) {
                s.direct = Some((rank, DIRECT[rank].1.as_slice()));
            }
            continue;
        }
        let is = |h: &str| h.eq_ignore_ascii_case(n);
        if is("x-hub-signature-256") {
            s.hub256 = true;
        } else if is("x-hub-signature") {
            s.hub = Some(value);
        } else if is("x-signature") {
            s.xsig = Some(value);
        } else if is("authorization") {
            s.auth = Some(value);
        } else if is("webhook-signature") {
            s.webhook_sig = Some(value);
        } else if n.len() > 21 && n.as_bytes()[..21].eq_ignore_ascii_case(b"x-docusign-signature-")
        {
            s.docusign = true;
        } else if is("user-agent") {
            s.ua = Some(value);
        } else if is("x-github-event") || is("x-github-delivery") || is("x-github-hook-id") {
            s.github = true;
        } else if is("x-event-key") || is("x-hook-uuid") || is("x-request-uuid") {
            s.bitbucket = true;
        } else if is("x-atlassian-webhook-identifier") {
            s.jira = true;
        } else if is("x-gitlab-event") || is("x-gitlab-instance") {
            s.gitlab = true;
        } else if is("x-event-name") {
            s.lemon = true;
        }
    }
    resolve(&s)
}

/// The candidates for what one pass saw: a header naming its providers wins, then the
/// shared headers, each settled by the context headers that came with it.
fn resolve(s: &Seen) -> &'static [&'static str] {
    let ua = s.ua.unwrap_or("");
    if let Some((_, ids)) = s.direct {
        return ids;
    }
    if s.hub256 || s.hub.is_some() {
        return hub_signature(s, ua);
    }
    if s.docusign {
        return &["docusign"];
    }
    if let Some(v) = s.webhook_sig {
        let v = v.trim();
        // GoCardless puts a bare hex MAC where Standard Webhooks puts `v1,<b64>` entries.
        if v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()) {
            return &["gocardless"];
        }
        return if s.gitlab {
            &["gitlab"]
        } else {
            &[
                "standard-webhooks",
                "replicate",
                "openai",
                "brex",
                "polar",
                "gitlab",
            ]
        };
    }
    if let Some(v) = s.xsig {
        return match (s.lemon, v.trim().len()) {
            (true, _) => &["lemonsqueezy"],
            (_, 64) => &["lemonsqueezy", "modern-treasury", "clickup"],
            (_, 40) => &["segment"],
            _ => &["lemonsqueezy", "modern-treasury", "clickup", "segment"],
        };
    }
    if let Some(ids) = s.auth.and_then(|v| authorization(v.trim_start(), ua)) {
        return ids;
    }
    if has_ci(ua, "mailgun") {
        return &["mailgun"];
    }
    &[]
}

/// X-Hub-Signature-256 (GitHub, Meta) or X-Hub-Signature (their legacy SHA-1, Intercom's
/// SHA-1, Bitbucket's and Jira's SHA-256), told apart by user agent and event headers.
fn hub_signature(s: &Seen, ua: &str) -> &'static [&'static str] {
    let github = s.github || has_ci(ua, "github-hookshot");
    let meta = has_ci(ua, "facebook");
    if s.hub256 {
        return match (github, meta) {
            (true, _) => &["github"],
            (false, true) => &["meta"],
            _ => &["github", "meta"],
        };
    }
    let sha256 = s.hub.is_some_and(|v| {
        v.trim_start()
            .get(..7)
            .is_some_and(|p| p.eq_ignore_ascii_case("sha256="))
    });
    let bitbucket = s.bitbucket || has_ci(ua, "bitbucket");
    let jira = s.jira || has_ci(ua, "atlassian") || has_ci(ua, "jira");
    match (
        sha256,
        github,
        meta,
        bitbucket,
        jira,
        has_ci(ua, "intercom"),
    ) {
        (true, _, _, true, _, _) => &["bitbucket"],
        (true, _, _, _, true, _) => &["jira"],
        (true, ..) => &["bitbucket", "jira"],
        (false, true, ..) => &["github"],
        (false, _, true, ..) => &["meta"],
        (false, .., true) => &["intercom"],
        (false, ..) => &["github", "intercom", "meta"],
    }
}

/// An Authorization header: MS Teams' `HMAC …`, Postmark's or Okta's (by user agent), or a
/// JWT (base64url of `{"…`) that Vonage sends as a Bearer token and monday.com bare.
fn authorization(v: &str, ua: &str) -> Option<&'static [&'static str]> {
    if v.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("hmac ")) {
        return Some(&["msteams-outgoing"]);
    }
    if has_ci(ua, "postmark") {
        return Some(&["postmark"]);
    }
    if has_ci(ua, "okta") {
        return Some(&["okta"]);
    }
    if v.get(..9)
        .is_some_and(|p| p.eq_ignore_ascii_case("bearer ey"))
    {
        return Some(&["vonage"]);
    }
    if v.starts_with("eyJ") && v.bytes().filter(|b| *b == b'.').count() == 2 {
        return Some(&["monday"]);
    }
    None
}

/// The provider a request's headers point to, or `None`. Cheap: one pass over the headers,
/// no allocation; ambiguous headers give the likelier provider (see `verify` for the rest).
pub fn detect(c: &Capture) -> Option<&'static str> {
    candidates(c).first().copied()
}

/// Providers with no header of their own (signature in the body, or plain credentials),
/// considered only when their secret is configured so unrelated requests stay unverified;
/// the first in registry order whose `by_secret` recognises the request.
pub(crate) fn by_secret(c: &Capture, secrets: &Secrets) -> &'static [&'static str] {
    registry::all()
        .find(|p| !secrets.get(p.info().id).is_empty() && p.by_secret(c))
        .map_or(&[], |p| std::slice::from_ref(&p.info().id))
}

/// Verify with the detected provider. When headers cannot tell candidates apart, the one
/// whose configured secret verifies wins; without any secret, the likeliest one says so.
pub(crate) fn verify_detected(c: &Capture, secrets: &Secrets, ctx: &Context) -> Option<Signature> {
    let mut cands = candidates(c);
    if cands.is_empty() {
        cands = by_secret(c, secrets);
    }
    let first = registry::find(cands.first()?)?;
    let keyed: Vec<&'static dyn Provider> = cands
        .iter()
        .filter_map(|id| registry::find(id))
        .filter(|p| !secrets.get(p.info().id).is_empty())
        .collect();
    let run = |p: &dyn Provider| p.verify(c, secrets.get(p.info().id), ctx);
    match keyed.as_slice() {
        [] => {
            let mut sig = first.verify(c, &[], ctx);
            if cands.len() > 1 {
                sig.detail
                    .push_str(&format!(" (could also be {})", cands[1..].join(", ")));
            }
            Some(sig)
        }
        [only] => Some(run(*only)),
        several => {
            let results: Vec<Signature> = several.iter().map(|p| run(*p)).collect();
            let best = results
                .iter()
                .position(|s| s.verdict == Verdict::Valid)
                .or_else(|| results.iter().position(|s| s.verdict == Verdict::Expired))
                .unwrap_or(0);
            results.into_iter().nth(best)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::Origin;

    fn cap(headers: &[(&str, &str)]) -> Capture {
        let mut c = Capture::new(Origin::Local, "POST", "/");
        c.headers = headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        c
    }

    #[test]
    fn direct_and_ambiguous_headers() {
        assert_eq!(
            detect(&cap(&[("stripe-signature", "t=1,v1=a")])),
            Some("stripe")
        );
        assert_eq!(detect(&cap(&[("content-type", "application/json")])), None);
        let hub = [("x-hub-signature-256", "sha256=aa")];
        assert_eq!(candidates(&cap(&hub)), ["github", "meta"]);
        let fb = [hub[0], ("user-agent", "facebookexternalua")];
        assert_eq!(detect(&cap(&fb)), Some("meta"));
        let gh = [hub[0], ("x-github-event", "push")];
        assert_eq!(candidates(&cap(&gh)), ["github"]);
        let bb = [
            ("x-hub-signature", "sha256=aa"),
            ("x-event-key", "repo:push"),
        ];
        assert_eq!(detect(&cap(&bb)), Some("bitbucket"));
        assert_eq!(
            detect(&cap(&[("x-hub-signature", "sha1=aa")])),
            Some("github")
        );
        assert_eq!(
            detect(&cap(&[("x-signature", &"a".repeat(40))])),
            Some("segment")
        );
        assert_eq!(
            detect(&cap(&[("webhook-signature", "v1,x")])),
            Some("standard-webhooks")
        );
        let gl = [
            ("webhook-signature", "v1,x"),
            ("x-gitlab-event", "Push Hook"),
        ];
        assert_eq!(detect(&cap(&gl)), Some("gitlab"));
        assert_eq!(
            detect(&cap(&[("authorization", "HMAC abc")])),
            Some("msteams-outgoing")
        );
        assert_eq!(detect(&cap(&[("authorization", "Basic abc")])), None);
        assert_eq!(detect(&cap(&[("Svix-Signature", "v1,x")])), Some("svix"));
    }
}
