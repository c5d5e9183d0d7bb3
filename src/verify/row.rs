//! A provider that is data: a table row (an HMAC `Template`, run by `hmac`), with an
//! optional hook for the endpoint challenge some senders make before signing anything.

use super::base::Context;
use super::challenge::Challenge;
use super::provider::{Provider, ProviderInfo};
use super::template::Template;
use super::{hmac, hmac_sign};
use crate::capture::{Capture, Signature};

/// A provider's challenge answer, given the request and the provider's secrets.
pub(crate) type Handshaker = fn(&Capture, &[String]) -> Option<Challenge>;

/// One table row: everything about a provider whose scheme is an HMAC template.
pub(crate) struct Row {
    pub info: ProviderInfo,
    /// Headers that name this provider by themselves (see `Provider::detect`).
    pub detect: &'static [&'static str],
    pub template: Template,
    pub handshake: Option<Handshaker>,
}

impl Provider for Row {
    fn info(&self) -> &ProviderInfo {
        &self.info
    }
    fn detect(&self) -> &'static [&'static str] {
        self.detect
    }
    fn verify(&self, c: &Capture, secrets: &[String], ctx: &Context) -> Signature {
        hmac::verify(self.info.id, &self.template, c, secrets, ctx)
    }
    fn sign(&self, secret: &str, c: &mut Capture, ctx: &Context) -> Result<(), String> {
        hmac_sign::sign(
            self.info.id,
            &self.template,
            secret,
            c,
            ctx.now,
            ctx.public_url,
        )
    }
    fn handshake(&self, c: &Capture, secrets: &[String]) -> Option<Challenge> {
        self.handshake.and_then(|h| h(c, secrets))
    }
}
