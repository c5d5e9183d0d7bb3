//! The one list of providers, lookup by id or alias, and the public listing.
//!
//! Every provider is one line of [`ALL`]. Its order is also precedence: when a request
//! carries the own headers of two providers, when several providers without headers could
//! claim a body (`by_secret`), and when several would answer a challenge, the earlier wins.

use super::provider::{Provider, ProviderInfo};
use super::{
    asymmetric, basic_auth, box_escape, cert, cloudinary, fields, hmac_body, hmac_concat,
    hmac_shared_header, hmac_stripe_style, hmac_versioned, hygraph, jwt, pusher, shared_token,
    standard_webhooks, twilio, url_canonical, url_form, vonage,
};
use std::sync::LazyLock;

/// Every provider, most specific first where it matters (see the module doc).
pub(crate) static ALL: &[&dyn Provider] = &[
    // E: other concatenations (Trello first: its HEAD probe answers any HEAD)
    &hmac_concat::TRELLO,
    &hmac_concat::TWITCH,
    &box_escape::BoxSdk,
    &hmac_concat::SQUARE,
    &hmac_concat::ZENDESK,
    // B: Stripe-style t=,v1= pairs
    &hmac_stripe_style::STRIPE,
    &hmac_stripe_style::MUX,
    &hmac_stripe_style::CALENDLY,
    &hmac_stripe_style::PERSONA,
    &hmac_stripe_style::WORKOS,
    &hmac_stripe_style::SANITY,
    &hmac_stripe_style::TIKTOK,
    &hmac_stripe_style::RECURLY,
    &hmac_stripe_style::LOB,
    // C: versioned strings
    &hmac_versioned::SLACK,
    &hmac_versioned::ZOOM,
    &hmac_versioned::FRAMEIO,
    &hmac_versioned::PADDLE,
    &hmac_versioned::ORB,
    &hmac_versioned::CUSTOMER_IO,
    // D: Standard Webhooks and its senders
    &standard_webhooks::STANDARD_WEBHOOKS,
    &standard_webhooks::SVIX,
    &standard_webhooks::CLERK,
    &standard_webhooks::RESEND,
    &standard_webhooks::REPLICATE,
    &standard_webhooks::OPENAI,
    &standard_webhooks::BREX,
    &standard_webhooks::POLAR,
    // A: HMAC over the body
    &hmac_body::SENTRY,
    &hmac_body::ALCHEMY,
    &hmac_body::ASANA,
    &hmac_body::DROPBOX,
    &hmac_body::COINBASE_COMMERCE,
    &hmac_body::LINEAR,
    &hmac_body::PAGERDUTY,
    &hmac_body::SHOPIFY,
    &hmac_body::XERO,
    &hmac_body::BOLT,
    &hmac_body::TYPEFORM,
    &hmac_body::AIRTABLE,
    &hmac_body::VERCEL,
    &hmac_body::CASTLE,
    &hmac_body::CHARGIFY,
    &hmac_body::RAZORPAY,
    &hmac_body::PAYSTACK,
    &hmac_body::CHECKOUT_COM,
    &hmac_body::CREEM,
    &hmac_body::AFTERSHIP,
    &hmac_body::WOOCOMMERCE,
    &hmac_body::SURVEYMONKEY,
    &hmac_body::CIRCLECI,
    &hmac_body::HEROKU,
    &hmac_body::LAUNCHDARKLY,
    &hmac_body::SONATYPE_NEXUS,
    &hmac_body::TERRAFORM,
    &hmac_body::GITEA,
    &hmac_body::AUTODESK,
    &hmac_body::DOCUSIGN,
    &hmac_body::TWITTER,
    &hmac_body::WEBEX,
    &hmac_body::WORLDLINE,
    &hmac_body::CLEARBIT,
    &hmac_body::NYLAS,
    &hmac_body::NOTION,
    &hmac_body::HOOKDECK,
    // A: shared headers
    &hmac_shared_header::GITHUB,
    &hmac_shared_header::META,
    &hmac_shared_header::BITBUCKET,
    &hmac_shared_header::JIRA,
    &hmac_shared_header::INTERCOM,
    &hmac_shared_header::LEMONSQUEEZY,
    &hmac_shared_header::SEGMENT,
    &hmac_shared_header::MODERN_TREASURY,
    &hmac_shared_header::CLICKUP,
    &hmac_shared_header::GOCARDLESS,
    &hmac_shared_header::MSTEAMS_OUTGOING,
    // F: URL + sorted params
    &twilio::Twilio,
    &url_form::Mandrill,
    &url_form::Plivo,
    // E/H: canonical requests
    &url_canonical::HubSpot,
    &url_canonical::Contentful,
    // E: key pairs
    &asymmetric::Discord,
    &asymmetric::SendGrid,
    &asymmetric::Telnyx,
    // G: JWT
    &jwt::Plaid,
    &jwt::Netlify,
    &jwt::Monday,
    // E, A, K: one-provider schemes
    &hygraph::Hygraph,
    &pusher::Pusher,
    &cloudinary::Cloudinary,
    // J: certificates
    &cert::AmazonSns,
    &cert::PayPal,
    // L: fields in the request (also recognised by their body)
    &fields::Mailgun,
    &fields::Adyen,
    &fields::Braintree,
    // I: shared tokens
    &shared_token::GitLab,
    &shared_token::Buildkite,
    &shared_token::Flutterwave,
    &shared_token::MsGraph,
    &shared_token::Figma,
    // L/G: Vonage (its body check matches loosely, so after the others)
    &vonage::Vonage,
    // I: Basic credentials, then Okta, which claims any Authorization header
    &basic_auth::POSTMARK,
    &basic_auth::CHARGEBEE,
    &basic_auth::VMWARE_WORKSPACE_ONE,
    &shared_token::Okta,
];

pub(crate) fn all() -> impl Iterator<Item = &'static dyn Provider> {
    ALL.iter().copied()
}

static INFOS: LazyLock<Vec<ProviderInfo>> = LazyLock::new(|| {
    let mut v: Vec<ProviderInfo> = all().map(|p| *p.info()).collect();
    v.sort_by_key(|p| p.id);
    v
});

/// Every supported provider, sorted by id.
pub fn providers() -> &'static [ProviderInfo] {
    &INFOS
}

/// Other spellings people type for a provider.
const ALIASES: &[(&str, &str)] = &[
    ("standardwebhooks", "standard-webhooks"),
    ("standard", "standard-webhooks"),
    ("lemon-squeezy", "lemonsqueezy"),
    ("coinbase", "coinbase-commerce"),
    ("frame-io", "frameio"),
    ("frame.io", "frameio"),
    ("msteams", "msteams-outgoing"),
    ("teams", "msteams-outgoing"),
    ("ms-graph", "msgraph"),
    ("graph", "msgraph"),
    ("facebook", "meta"),
    ("whatsapp", "meta"),
    ("instagram", "meta"),
    ("twilio-sendgrid", "sendgrid"),
    ("hub-spot", "hubspot"),
    ("work-os", "workos"),
];

/// Lower case, trimmed, `_` as `-` (environment variable names use `_`).
pub(crate) fn normalise(id: &str) -> String {
    id.trim().to_ascii_lowercase().replace('_', "-")
}

/// The provider an id (or alias) names.
pub(crate) fn find(id: &str) -> Option<&'static dyn Provider> {
    let id = normalise(id);
    let id = ALIASES
        .iter()
        .find(|(alias, _)| *alias == id)
        .map_or(id.as_str(), |(_, canon)| *canon);
    all().find(|p| p.info().id == id)
}

/// Is this exactly a registered id? (No allocation, unlike [`find`].)
pub(crate) fn is_id(id: &str) -> bool {
    // Asked on the request path (secret look-ups): a set, not a scan of every provider.
    static IDS: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    IDS.get_or_init(|| all().map(|p| p.info().id).collect())
        .contains(id)
}

/// Look a provider up by id (or a common alias).
pub fn provider(id: &str) -> Option<&'static ProviderInfo> {
    find(id).map(|p| p.info())
}

/// Ids close to a mistyped one, for error messages.
pub(crate) fn close_ids(id: &str) -> Vec<&'static str> {
    let id = normalise(id);
    let mut scored: Vec<(usize, &'static str)> = all()
        .map(|p| p.info().id)
        .filter_map(|cand| {
            let d = edit_distance(&id, cand);
            let related = !id.is_empty() && (cand.contains(id.as_str()) || id.contains(cand));
            (d <= 2 || related).then_some((d, cand))
        })
        .collect();
    scored.sort();
    scored.into_iter().take(5).map(|(_, c)| c).collect()
}

/// The message for an id that names no provider, with close matches.
pub(crate) fn unknown_provider(id: &str) -> String {
    let close = close_ids(id);
    if close.is_empty() {
        format!("unknown provider {id:?} (see `hookcli providers`)")
    } else {
        format!(
            "unknown provider {id:?} (did you mean {}?)",
            close.join(", ")
        )
    }
}

pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_lower_case_and_documented() {
        let ids: Vec<_> = providers().iter().map(|p| p.id).collect();
        let mut dedup = ids.clone();
        dedup.dedup();
        assert_eq!(ids, dedup, "duplicate provider id");
        for p in providers() {
            assert_eq!(p.id, p.id.to_ascii_lowercase());
            assert!(!p.id.contains('_') && !p.id.contains(' '), "{}", p.id);
            // Only schemes that sign inside the body have no header of their own.
            let in_body = p.family.contains("in the body");
            assert_eq!(p.headers.is_empty(), in_body, "{}: headers vs family", p.id);
            for h in p.headers {
                assert_eq!(*h, h.to_ascii_lowercase(), "{}: header {h}", p.id);
            }
            for field in [p.name, p.algorithm, p.secret_form, p.family, p.notes] {
                assert!(!field.is_empty(), "{} has an empty field", p.id);
            }
        }
    }

    /// The orderings `ALL` must keep (its order is precedence).
    #[test]
    fn precedence_where_claims_overlap() {
        let pos = |id: &str| ALL.iter().position(|p| p.info().id == id).unwrap();
        // Trello answers every HEAD, so it must be asked first.
        assert_eq!(pos("trello"), 0);
        // Twitch's challenge body {"challenge":…} is also monday.com's.
        assert!(pos("twitch") < pos("monday"));
        // Okta claims any Authorization header; Basic senders are more specific.
        for basic in ["postmark", "chargebee", "vmware-workspace-one"] {
            assert!(pos(basic) < pos("okta"), "{basic}");
        }
        // Vonage's body check (a `sig` substring) also matches their `signature` fields.
        for body in ["mailgun", "braintree"] {
            assert!(pos(body) < pos("vonage"), "{body}");
        }
        assert_eq!(ALL.len(), providers().len());
    }

    #[test]
    fn lookup_by_alias_and_suggestions() {
        assert_eq!(
            provider("Lemon_Squeezy").map(|p| p.id),
            Some("lemonsqueezy")
        );
        assert_eq!(provider("STRIPE").map(|p| p.id), Some("stripe"));
        assert!(provider("nope").is_none());
        assert!(close_ids("strip").contains(&"stripe"));
        assert!(close_ids("githib").contains(&"github"));
    }
}
