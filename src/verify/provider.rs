//! The one interface every provider implements, data row or code: what `hookcli providers`
//! prints, how detection recognises it, and how it verifies, signs and answers a challenge.
//!
//! Adding a provider means one `impl Provider` (or one `Row` in a table file) and one line
//! in `registry::ALL`. Only `detect`'s rules for headers several providers share name
//! providers elsewhere.

use super::base::Context;
use super::challenge::Challenge;
use crate::capture::{Capture, Signature};
use serde::Serialize;

/// What `hookcli providers` prints about one provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ProviderInfo {
    /// Lower case with hyphens, as used by `--secret ID=…` and `--provider ID`.
    pub id: &'static str,
    pub name: &'static str,
    /// The headers that carry the signature (and its timestamp / id), lower case.
    pub headers: &'static [&'static str],
    pub algorithm: &'static str,
    /// What to pass as the secret, and in which encoding for key-pair schemes.
    pub secret_form: &'static str,
    /// Scheme family as in the reference (A–L).
    pub family: &'static str,
    /// Where its test vectors come from: `published` (the provider's SDK or docs),
    /// `derived` (computed from the documented algorithm), `published+derived`, or `none`.
    pub vectors: &'static str,
    /// SDK behaviour worth knowing: tolerance, rotation, what was confirmed and how.
    pub notes: &'static str,
    /// Which SDK, at which version, decides this provider's behaviour where the docs are
    /// silent (e.g. `stripe-python 12.0.0 webhook.py`); empty until audited.
    #[serde(skip_serializing_if = "unset")]
    pub sdk: &'static str,
}

impl ProviderInfo {
    /// Whether `secret` can be right for this provider: the form its key decoding needs
    /// (`whsec_` + base64, 64 hex, PEM, …); secrets used as text always fit.
    pub fn secret_fits(&self, secret: &str) -> bool {
        super::secret_form::fits(self.id, secret)
    }

    /// The form `secret_fits` requires, for an error message; `None` when any text fits.
    pub fn secret_form_required(&self) -> Option<&'static str> {
        super::secret_form::expected(self.id)
    }
}

fn unset(s: &&str) -> bool {
    s.is_empty()
}

/// Everything about one provider. The defaults suit most: no header of its own to detect
/// by, nothing to recognise in the body, no challenge to answer.
pub(crate) trait Provider: Sync {
    fn info(&self) -> &ProviderInfo;

    /// Headers that name this provider by themselves (lower case). Headers several
    /// providers share (X-Hub-Signature, Webhook-Signature, …) are told apart in `detect`.
    fn detect(&self) -> &'static [&'static str] {
        &[]
    }

    /// For a provider with no header of its own: could this request be its? Asked only
    /// when its secret is configured, so unrelated requests stay unverified.
    fn by_secret(&self, _c: &Capture) -> bool {
        false
    }

    /// Check `c` with this provider's `secrets` (possibly none: the verdict says so).
    fn verify(&self, c: &Capture, secrets: &[String], ctx: &Context) -> Signature;

    /// Set `c`'s signature (and timestamp / id) as the provider would; `secret` is not empty.
    /// `ctx.now` and `ctx.public_url` are what the provider would sign with.
    fn sign(&self, secret: &str, c: &mut Capture, ctx: &Context) -> Result<(), String>;

    /// The provider's endpoint-verification challenge, if `c` is one (see `handshake`).
    fn handshake(&self, _c: &Capture, _secrets: &[String]) -> Option<Challenge> {
        None
    }
}
