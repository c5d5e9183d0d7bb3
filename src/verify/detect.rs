//! Provider detection from headers: one pass, no allocation, on every request.
//!
//! Most signature headers name their provider. A few are shared (X-Hub-Signature-256 is
//! GitHub's and Meta's; webhook-signature is every Standard Webhooks sender's), so
//! detection returns a static list of candidates, most likely first; `verify` settles the
//! rest by which configured secret matches.

use super::Secrets;
use super::parse;
use crate::capture::Capture;

/// Headers that name one provider by themselves.
const DIRECT: &[(&str, &[&str])] = &[
    ("stripe-signature", &["stripe"]),
    ("x-slack-signature", &["slack"]),
    ("svix-signature", &["svix", "clerk", "resend"]),
    ("x-shopify-hmac-sha256", &["shopify"]),
    ("x-twilio-signature", &["twilio"]),
    ("x-twilio-email-event-webhook-signature", &["sendgrid"]),
    ("x-signature-ed25519", &["discord"]),
    ("paddle-signature", &["paddle"]),
    ("x-square-hmacsha256-signature", &["square"]),
    ("x-square-signature", &["square"]),
    ("x-zm-signature", &["zoom"]),
    ("linear-signature", &["linear"]),
    ("x-gitlab-token", &["gitlab"]),
    ("twitch-eventsub-message-signature", &["twitch"]),
    ("x-hubspot-signature-v3", &["hubspot"]),
    ("x-hubspot-signature", &["hubspot"]),
    ("typeform-signature", &["typeform"]),
    ("calendly-webhook-signature", &["calendly"]),
    ("x-pagerduty-signature", &["pagerduty"]),
    ("sentry-hook-signature", &["sentry"]),
    ("x-vercel-signature", &["vercel"]),
    ("x-dropbox-signature", &["dropbox"]),
    ("x-cc-webhook-signature", &["coinbase-commerce"]),
    ("x-xero-signature", &["xero"]),
    ("mux-signature", &["mux"]),
    ("persona-signature", &["persona"]),
    ("plaid-verification", &["plaid"]),
    ("x-contentful-signature", &["contentful"]),
    ("sanity-webhook-signature", &["sanity"]),
    ("x-hook-signature", &["asana"]),
    ("box-signature-primary", &["box"]),
    ("box-signature-secondary", &["box"]),
    ("x-frameio-signature", &["frameio"]),
    ("workos-signature", &["workos"]),
    ("x-airtable-content-mac", &["airtable"]),
    ("x-trello-webhook", &["trello"]),
    ("x-alchemy-signature", &["alchemy"]),
    ("x-bolt-hmac-sha256", &["bolt"]),
    ("x-bolt-hmac-sha256-pending", &["bolt"]),
    ("x-webhook-signature", &["netlify"]),
    // The providers of signatures-more.md.
    ("x-castle-signature", &["castle"]),
    ("x-chargify-webhook-signature-hmac-sha-256", &["chargify"]),
    ("x-razorpay-signature", &["razorpay"]),
    ("x-paystack-signature", &["paystack"]),
    ("cko-signature", &["checkout-com"]),
    ("creem-signature", &["creem"]),
    ("aftership-hmac-sha256", &["aftership"]),
    ("x-wc-webhook-signature", &["woocommerce"]),
    ("sm-signature", &["surveymonkey"]),
    ("circleci-signature", &["circleci"]),
    ("heroku-webhook-hmac-sha256", &["heroku"]),
    ("x-ld-signature", &["launchdarkly"]),
    ("x-nexus-webhook-signature", &["sonatype-nexus"]),
    ("x-tfe-notification-signature", &["terraform"]),
    ("x-gitea-signature", &["gitea"]),
    ("x-forgejo-signature", &["gitea"]),
    ("x-gogs-signature", &["gitea"]),
    ("x-adsk-signature", &["autodesk"]),
    ("x-twitter-webhooks-signature", &["twitter"]),
    ("x-spark-signature", &["webex"]),
    ("x-gcs-signature", &["worldline"]),
    ("x-request-signature", &["clearbit"]),
    ("x-nylas-signature", &["nylas"]),
    ("x-notion-signature", &["notion"]),
    ("x-hookdeck-signature", &["hookdeck"]),
    ("x-hookdeck-signature-2", &["hookdeck"]),
    ("tiktok-signature", &["tiktok"]),
    ("recurly-signature", &["recurly"]),
    ("lob-signature", &["lob"]),
    ("x-orb-signature", &["orb"]),
    ("x-cio-signature", &["customer-io"]),
    ("x-zendesk-webhook-signature", &["zendesk"]),
    ("x-buildkite-signature", &["buildkite"]),
    ("x-buildkite-token", &["buildkite"]),
    ("gcms-signature", &["hygraph"]),
    ("x-mandrill-signature", &["mandrill"]),
    ("x-plivo-signature-v3", &["plivo"]),
    ("x-plivo-signature-v2", &["plivo"]),
    ("x-pusher-signature", &["pusher"]),
    ("paypal-transmission-sig", &["paypal"]),
    ("x-amz-sns-message-type", &["amazon-sns"]),
    ("telnyx-signature-ed25519", &["telnyx"]),
    ("x-cld-signature", &["cloudinary"]),
    ("verif-hash", &["flutterwave"]),
    ("hmacsignature", &["adyen"]),
];

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
                s.direct = Some((rank, DIRECT[rank].1));
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

fn resolve(s: &Seen) -> &'static [&'static str] {
    let ua = s.ua.unwrap_or("");
    let github = s.github || has_ci(ua, "github-hookshot");
    let meta = has_ci(ua, "facebook");
    if let Some((_, ids)) = s.direct {
        return ids;
    }
    if s.hub256 {
        return match (github, meta) {
            (true, _) => &["github"],
            (false, true) => &["meta"],
            _ => &["github", "meta"],
        };
    }
    if let Some(v) = s.hub {
        let sha256 = v
            .trim_start()
            .get(..7)
            .is_some_and(|p| p.eq_ignore_ascii_case("sha256="));
        let bitbucket = s.bitbucket || has_ci(ua, "bitbucket");
        let jira = s.jira || has_ci(ua, "atlassian") || has_ci(ua, "jira");
        return match (
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
        };
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
    if let Some(v) = s.auth {
        let v = v.trim_start();
        if v.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("hmac ")) {
            return &["msteams-outgoing"];
        }
        if has_ci(ua, "postmark") {
            return &["postmark"];
        }
        if has_ci(ua, "okta") {
            return &["okta"];
        }
        // A JWT (base64url of `{"…`): Vonage sends it as a Bearer token, monday.com bare.
        if v.get(..9)
            .is_some_and(|p| p.eq_ignore_ascii_case("bearer ey"))
        {
            return &["vonage"];
        }
        if v.starts_with("eyJ") && v.bytes().filter(|b| *b == b'.').count() == 2 {
            return &["monday"];
        }
    }
    if has_ci(ua, "mailgun") {
        return &["mailgun"];
    }
    &[]
}

/// The provider a request's headers point to, or `None`. Cheap: one pass over the headers,
/// no allocation; ambiguous headers give the likelier provider (see `verify` for the rest).
pub fn detect(c: &Capture) -> Option<&'static str> {
    candidates(c).first().copied()
}

/// Providers with no header of their own (signature in the body, or plain credentials),
/// considered only when their secret is configured so unrelated requests stay unverified.
pub(crate) fn by_secret(c: &Capture, secrets: &Secrets) -> &'static [&'static str] {
    let keyed = |id| !secrets.get(id).is_empty();
    if keyed("mailgun")
        && parse::contains(&c.body, b"signature")
        && parse::contains(&c.body, b"token")
    {
        return &["mailgun"];
    }
    if keyed("msgraph") && parse::contains(&c.body, b"\"clientState\"") {
        return &["msgraph"];
    }
    if keyed("adyen") && parse::contains(&c.body, b"hmacSignature") {
        return &["adyen"];
    }
    if keyed("braintree") && parse::contains(&c.body, b"bt_signature") {
        return &["braintree"];
    }
    if keyed("amazon-sns") && parse::contains(&c.body, b"SigningCertURL") {
        return &["amazon-sns"];
    }
    if keyed("figma") && parse::contains(&c.body, b"\"passcode\"") {
        return &["figma"];
    }
    if keyed("vonage") && (c.url.contains("sig=") || parse::contains(&c.body, b"sig")) {
        return &["vonage"];
    }
    if let Some(auth) = c.header("authorization") {
        let basic = auth
            .trim_start()
            .get(..6)
            .is_some_and(|p| p.eq_ignore_ascii_case("basic "));
        if basic && keyed("postmark") {
            return &["postmark"];
        }
        if basic && keyed("chargebee") {
            return &["chargebee"];
        }
        if basic && keyed("vmware-workspace-one") {
            return &["vmware-workspace-one"];
        }
        if keyed("okta") {
            return &["okta"];
        }
    }
    &[]
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
