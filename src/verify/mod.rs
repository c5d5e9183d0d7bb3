//! Webhook signature verification and signing for every supported provider.
//!
//! Pure functions over a [`Capture`]: no clock (the caller passes `now`), no I/O (only
//! [`Secrets::from_env`] reads the environment). The layout, like ripgrep's flags:
//!
//! - `registry` holds the one list of providers; `provider` the interface each implements
//!   (info, detection, verify, sign, challenge).
//! - Data rows: an HMAC `Template` (`template`) per provider, run by `hmac` (and
//!   `hmac_sign`; `sdk_rules` holds where SDKs compare text or retire a header), in tables by
//!   scheme family: `hmac_body` (A), `hmac_shared_header` (A, shared headers),
//!   `hmac_stripe_style` (B), `hmac_versioned` (C), `standard_webhooks` (D), `hmac_concat` (E).
//! - Code, by scheme: `twilio` and `url_form` (F), `url_canonical` (E/H), `asymmetric`
//!   (key pairs), `jwt` (G), `cert` (J), `fields` (L), `vonage`, `shared_token` and
//!   `basic_auth` (I), and the one-provider schemes `hygraph`, `pusher`, `cloudinary`;
//!   `box_escape` adds Box's SDK retry over an escaped body to its row.
//! - Shared bases: `base` (context, verdicts, signed URLs), `mac` and `keys` (crypto),
//!   `sources` (reading signature headers), `window` (timestamps), `parse`, `challenge`.
//! - `detect` and `handshake` ask the providers, in registry order; `secrets` holds keys;
//!   `secret_form` knows which secrets cannot be right (`ProviderInfo::secret_fits`).
//!
//! Files import only downward (bases ← schemes ← registry ← this facade); the test
//! `tests/module_cycles.rs` keeps the file graph acyclic.
//!
//! Adding a provider: an HMAC scheme is one `Row` in the table of its family (start from
//! a base such as `..BODY` or `..DOT` and state only what differs); anything else is one
//! `impl Provider` in the file of its scheme. Then one line in `registry::ALL`, placed by
//! precedence. Its `ProviderInfo` says what `hookcli providers` prints; `notes` holds what
//! was confirmed and how, and `sdk` names the SDK and version that decides (its file and
//! function, read in source), or what decides where no SDK exists. `tests/vectors/` gets its vectors; the round-trip test signs and
//! verifies every registered provider without further wiring.

mod asymmetric;
mod base;
mod basic_auth;
mod box_escape;
mod cert;
mod challenge;
mod cloudinary;
pub mod delivery;
mod detect;
mod fields;
mod handshake;
mod hmac;
mod hmac_body;
mod hmac_concat;
mod hmac_shared_header;
mod hmac_sign;
mod hmac_stripe_style;
mod hmac_versioned;
mod hygraph;
mod json_path;
mod jwt;
mod keys;
mod mac;
mod parse;
mod provider;
mod pusher;
mod registry;
pub(crate) use registry::edit_distance;
mod row;
mod rsa_cert;
mod sdk_rules;
mod secret_form;
mod secrets;
mod shared_token;
mod sources;
mod standard_webhooks;
mod template;
mod twilio;
mod url_canonical;
mod url_form;
mod vonage;
mod window;

pub use base::Context;
pub use challenge::Handshake;
pub use detect::detect;
pub use handshake::handshake;
pub use provider::ProviderInfo;
pub use registry::{provider, providers};
pub use rsa_cert::cert_url;
#[cfg(test)]
pub(crate) use secret_form::WHSEC as WHSEC_PROVIDERS;
pub use secrets::Secrets;

use crate::capture::{Capture, Signature, Verdict};

/// Check a capture's signature. `None` when no provider applies: no signature header was
/// recognised, no provider was forced, and no body-signed provider has a secret configured.
pub fn verify(c: &Capture, secrets: &Secrets, ctx: &Context) -> Option<Signature> {
    let Some(forced) = ctx.provider else {
        return detect::verify_detected(c, secrets, ctx);
    };
    Some(match registry::find(forced) {
        Some(p) => p.verify(c, secrets.get(p.info().id), ctx),
        None => base::out(
            &registry::normalise(forced),
            Verdict::Malformed,
            format!("unknown provider {forced:?}"),
        ),
    })
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
    let p = registry::find(provider).ok_or_else(|| registry::unknown_provider(provider))?;
    if secret.is_empty() {
        return Err(format!("the {} secret is empty", p.info().id));
    }
    let ctx = Context {
        now,
        public_url,
        provider: None,
    };
    p.sign(secret, c, &ctx)
}

/// The message for an id that names no provider, with close matches.
pub fn unknown_provider_message(id: &str) -> String {
    registry::unknown_provider(id)
}
