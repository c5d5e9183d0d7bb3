//! Webhook signature verification and signing for every supported provider.
//!
//! Pure functions over a [`Capture`]: no clock (the caller passes `now`), no I/O (only
//! [`Secrets::from_env`] reads the environment). Most providers are one data row in the
//! registry run by one generic HMAC verifier; the exceptions are code in `twilio`,
//! `urlsigned`, `asym`, `jwt` and `token`, and for the second reference file in `cert`
//! (family J), `fields` (L), `more_code` (K and small cases), `jwt_hs`, `shared` and
//! `url_params`.

mod asym;
mod cert;
mod detect;
mod fields;
mod handshake;
mod hmac_generic;
mod jwt;
mod jwt_hs;
mod more_code;
mod parse;
mod registry;
mod secrets;
mod shared;
mod sources;
mod table_body;
mod table_code;
mod table_dev;
mod table_hub;
mod table_more;
mod table_pay;
mod table_saas;
mod table_stamped;
mod table_std;
mod table_timed;
mod token;
mod twilio;
mod url_params;
mod urlsigned;
mod window;

pub use cert::cert_url;
pub use detect::detect;
pub use handshake::{Handshake, handshake};
pub use registry::{ProviderInfo, provider, providers};
pub use secrets::Secrets;

use crate::capture::{Capture, Signature, Verdict};
use registry::{Code, Provider, Scheme};

/// What a verification may know besides the request itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    /// "Now", in unix seconds (verify never reads the clock).
    pub now: i64,
    /// scheme://host[/prefix] the provider called, for schemes that sign the URL.
    pub public_url: Option<&'a str>,
    /// A provider id forced by the user instead of detection.
    pub provider: Option<&'a str>,
}

/// Check a capture's signature. `None` when no provider applies: no signature header was
/// recognised, no provider was forced, and no body-signed provider has a secret configured.
pub fn verify(c: &Capture, secrets: &Secrets, ctx: &Context) -> Option<Signature> {
    if let Some(forced) = ctx.provider {
        return Some(match registry::find(forced) {
            Some(p) => verify_with(p, c, secrets.get(p.info.id), ctx),
            None => out(
                &registry::normalise(forced),
                Verdict::Malformed,
                format!("unknown provider {forced:?}"),
            ),
        });
    }
    let mut cands = detect::candidates(c);
    if cands.is_empty() {
        cands = detect::by_secret(c, secrets);
    }
    let first = registry::find(cands.first()?)?;
    let keyed: Vec<&'static Provider> = cands
        .iter()
        .filter_map(|id| registry::find(id))
        .filter(|p| !secrets.get(p.info.id).is_empty())
        .collect();
    match keyed.as_slice() {
        [] => {
            let mut sig = verify_with(first, c, &[], ctx);
            if cands.len() > 1 {
                sig.detail
                    .push_str(&format!(" (could also be {})", cands[1..].join(", ")));
            }
            Some(sig)
        }
        [only] => Some(verify_with(only, c, secrets.get(only.info.id), ctx)),
        several => {
            // Headers alone cannot tell these apart: the provider whose secret verifies wins.
            let results: Vec<Signature> = several
                .iter()
                .map(|p| verify_with(p, c, secrets.get(p.info.id), ctx))
                .collect();
            let best = results
                .iter()
                .position(|s| s.verdict == Verdict::Valid)
                .or_else(|| results.iter().position(|s| s.verdict == Verdict::Expired))
                .unwrap_or(0);
            results.into_iter().nth(best)
        }
    }
}

/// Run one provider's scheme.
fn verify_with(p: &'static Provider, c: &Capture, secrets: &[String], ctx: &Context) -> Signature {
    let id = p.info.id;
    match &p.scheme {
        Scheme::Hmac(t) => hmac_generic::verify(id, t, c, secrets, ctx),
        Scheme::Code(code) => match code {
            Code::Twilio => twilio::twilio_verify(id, c, secrets, ctx),
            Code::HubSpot => urlsigned::hubspot_verify(id, c, secrets, ctx),
            Code::Contentful => urlsigned::contentful_verify(id, c, secrets, ctx),
            Code::SendGrid => asym::sendgrid_verify(id, c, secrets, ctx),
            Code::Discord => asym::discord_verify(id, c, secrets, ctx),
            Code::Plaid => jwt::plaid_verify(id, c, secrets, ctx),
            Code::Netlify => jwt::netlify_verify(id, c, secrets),
            Code::Mailgun => token::mailgun_verify(id, c, secrets, ctx),
            Code::GitLab => token::gitlab_verify(id, c, secrets, ctx),
            Code::Postmark => token::postmark_verify(id, c, secrets),
            Code::Okta => token::okta_verify(id, c, secrets),
            Code::MsGraph => token::msgraph_verify(id, c, secrets),
            Code::AmazonSns => cert::sns_verify(id, c, secrets, ctx),
            Code::PayPal => cert::paypal_verify(id, c, secrets),
            Code::Cloudinary => more_code::cloudinary_verify(id, c, secrets, ctx),
            Code::Adyen => fields::adyen_verify(id, c, secrets),
            Code::Braintree => fields::braintree_verify(id, c, secrets),
            Code::VonageSms => jwt_hs::vonage_verify(id, c, secrets, ctx),
            Code::Monday => jwt_hs::monday_verify(id, c, secrets, ctx),
            Code::Mandrill => url_params::mandrill_verify(id, c, secrets, ctx),
            Code::Plivo => url_params::plivo_verify(id, c, secrets, ctx),
            Code::Buildkite => more_code::buildkite_verify(id, c, secrets, ctx),
            Code::Hygraph => more_code::hygraph_verify(id, c, secrets, ctx),
            Code::Pusher => more_code::pusher_verify(id, c, secrets, ctx),
            Code::Telnyx => more_code::telnyx_verify(id, c, secrets, ctx),
            Code::Flutterwave => shared::flutterwave_verify(id, c, secrets),
            Code::Figma => shared::figma_verify(id, c, secrets),
            Code::Basic => shared::basic_verify(id, c, secrets),
        },
    }
}

/// Sign `c` as `provider` would: set its signature headers (and timestamp / message-id
/// headers, fresh), replacing old ones. Mailgun and MS Graph carry the signature in the
/// body, and Twilio's JSON scheme in the URL (`bodySHA256`), so those change too.
/// Key-pair schemes take the private key here (see each provider's `secret_form`).
pub fn sign(
    provider: &str,
    secret: &str,
    c: &mut Capture,
    now: i64,
    public_url: Option<&str>,
) -> Result<(), String> {
    let p = registry::find(provider).ok_or_else(|| unknown_provider(provider))?;
    let id = p.info.id;
    if secret.is_empty() {
        return Err(format!("the {id} secret is empty"));
    }
    match &p.scheme {
        Scheme::Hmac(t) => hmac_generic::sign(id, t, secret, c, now, public_url),
        Scheme::Code(code) => match code {
            Code::Twilio => twilio::twilio_sign(secret, c, public_url),
            Code::HubSpot => urlsigned::hubspot_sign(secret, c, now, public_url),
            Code::Contentful => urlsigned::contentful_sign(secret, c, now, public_url),
            Code::SendGrid => asym::sendgrid_sign(secret, c, now),
            Code::Discord => asym::discord_sign(secret, c, now),
            Code::Plaid => jwt::plaid_sign(secret, c, now),
            Code::Netlify => jwt::netlify_sign(secret, c),
            Code::Mailgun => token::mailgun_sign(secret, c, now),
            Code::GitLab => token::gitlab_sign(secret, c, now),
            Code::Postmark => token::postmark_sign(secret, c),
            Code::Okta => token::okta_sign(secret, c),
            Code::MsGraph => token::msgraph_sign(secret, c),
            Code::AmazonSns => cert::sns_sign(secret, c, now),
            Code::PayPal => cert::paypal_sign(secret, c, now),
            Code::Cloudinary => more_code::cloudinary_sign(secret, c, now),
            Code::Adyen => fields::adyen_sign(secret, c),
            Code::Braintree => fields::braintree_sign(secret, c),
            Code::VonageSms => jwt_hs::vonage_sign(secret, c, now),
            Code::Monday => jwt_hs::monday_sign(secret, c, now, public_url),
            Code::Mandrill => url_params::mandrill_sign(secret, c, public_url),
            Code::Plivo => url_params::plivo_sign(secret, c, now, public_url),
            Code::Buildkite => more_code::buildkite_sign(secret, c, now),
            Code::Hygraph => more_code::hygraph_sign(secret, c, now),
            Code::Pusher => more_code::pusher_sign(secret, c, now),
            Code::Telnyx => more_code::telnyx_sign(secret, c, now),
            Code::Flutterwave => shared::flutterwave_sign(secret, c),
            Code::Figma => shared::figma_sign(secret, c),
            Code::Basic => shared::basic_sign(secret, c),
        },
    }
}

/// The message for an id that names no provider, with close matches.
pub fn unknown_provider_message(id: &str) -> String {
    unknown_provider(id)
}

pub(crate) fn unknown_provider(id: &str) -> String {
    let close = registry::close_ids(id);
    if close.is_empty() {
        format!("unknown provider {id:?} (see `hookcli providers`)")
    } else {
        format!(
            "unknown provider {id:?} (did you mean {}?)",
            close.join(", ")
        )
    }
}

pub(crate) fn out(id: &str, verdict: Verdict, detail: impl Into<String>) -> Signature {
    Signature {
        provider: id.to_string(),
        verdict,
        detail: detail.into(),
    }
}

/// The detail of a `no_secret` verdict: what was seen, and how to supply the secret.
pub(crate) fn no_secret(id: &str, seen: &str) -> Signature {
    let env = id.to_ascii_uppercase().replace('-', "_");
    out(
        id,
        Verdict::NoSecret,
        format!("{seen}; no secret for {id} (--secret {id}=… or HOOKCLI_SECRET_{env})"),
    )
}

/// A URL the provider may have signed; `guessed` when it was not built from --public-url.
pub(crate) struct SignedUrl {
    pub url: String,
    pub guessed: bool,
}

/// The URLs a provider may have signed, most likely first: `--public-url` + the captured
/// path and query; without it, the forwarded host (tunnels set it) and the Host header.
pub(crate) fn signed_urls(c: &Capture, public_url: Option<&str>) -> Vec<SignedUrl> {
    let path = if c.url.starts_with('/') {
        c.url.clone()
    } else {
        format!("/{}", c.url)
    };
    if let Some(base) = public_url {
        let base = base.trim().trim_end_matches('/');
        return vec![SignedUrl {
            url: format!("{base}{path}"),
            guessed: false,
        }];
    }
    let mut urls = Vec::new();
    if let Some(host) = c.header("x-forwarded-host") {
        let proto = c.header("x-forwarded-proto").unwrap_or("https");
        let proto = proto.split(',').next().unwrap_or("https").trim();
        urls.push(format!("{proto}://{}{path}", host.trim()));
    }
    if let Some(host) = c.header("host") {
        urls.push(format!("http://{}{path}", host.trim()));
        urls.push(format!("https://{}{path}", host.trim()));
    }
    urls.dedup();
    urls.into_iter()
        .map(|url| SignedUrl { url, guessed: true })
        .collect()
}

/// The URL `sign` uses: the first of [`signed_urls`], or the bare path without a host.
pub(crate) fn sign_url(c: &Capture, public_url: Option<&str>) -> String {
    signed_urls(c, public_url)
        .into_iter()
        .next()
        .map_or_else(|| c.url.clone(), |u| u.url)
}

/// What to add to an `invalid` detail when the URL was only guessed.
pub(crate) fn url_hint(urls: &[SignedUrl]) -> String {
    match urls.first() {
        None => " (no Host header: pass --public-url)".into(),
        Some(u) if u.guessed => {
            format!(
                " (signed URL guessed as {}: pass --public-url if the provider called another)",
                u.url
            )
        }
        Some(_) => String::new(),
    }
}

/// A fresh message id derived from the capture, the time and the body: unique per signing
/// without a random source, and reproducible in tests.
pub(crate) fn fresh_id(c: &Capture, now: i64) -> [u8; 16] {
    use sha2::Digest as _;
    let mut h = sha2::Sha256::new();
    h.update(c.id.as_bytes());
    h.update(now.to_be_bytes());
    h.update(&c.body);
    let d = h.finalize();
    let mut out = [0u8; 16];
    out.copy_from_slice(&d[..16]);
    out
}

/// Constant-time equality of two byte strings (length is not secret).
pub(crate) fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq as _;
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

/// `secret #2 of 3` when several were configured, else nothing.
pub(crate) fn which_secret(index: usize, total: usize) -> String {
    if total > 1 {
        format!(", secret #{} of {total}", index + 1)
    } else {
        String::new()
    }
}

/// Replace the body (schemes that sign inside it), keeping `body_size` in step.
pub(crate) fn set_body(c: &mut Capture, body: Vec<u8>) {
    c.body = body.into();
    c.body_size = c.body.len() as u64;
}
