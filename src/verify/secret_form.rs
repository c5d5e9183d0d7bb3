//! Secrets that cannot be right for their provider (a Svix secret that is not base64 after
//! `whsec_`, a Discord key that is not 64 hex): the form each provider's key decoding
//! depends on, beside the providers themselves. "As text" secrets take anything.
//! `ProviderInfo::secret_fits` and `ProviderInfo::secret_form_required` ask it.

use base64::Engine as _;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

/// Standard base64, padding optional: what the key decoders accept.
const B64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Providers that decode `whsec_` + base64 (Standard Webhooks / Svix senders).
pub(crate) const WHSEC: &[&str] = &["svix", "clerk", "resend", "replicate"];

/// The form a provider's secret must have, when it has one: `None` = any text.
pub(crate) fn expected(provider: &str) -> Option<&'static str> {
    Some(match provider {
        p if WHSEC.contains(&p) => "`whsec_` followed by base64",
        "standard-webhooks" => "`whsec_` followed by base64 (or `whpk_`/`whsk_` + base64 for v1a)",
        "gitlab" => "any text, or `whsec_` followed by base64 for a signing token",
        "openai" => "`whsec_` followed by base64 (any other text is used as the key itself)",
        "airtable" | "brex" | "msteams-outgoing" => "base64",
        "telnyx" => "base64 of 32 bytes",
        "discord" => "64 hex digits (the public key to verify, the private seed to sign)",
        "adyen" => "hex (the HMAC key from the Customer Area)",
        "sendgrid" => "base64 DER, PEM, or a 64-hex private scalar",
        "amazon-sns" => "PEM (a certificate or public key to verify, a private key to sign)",
        _ => return None,
    })
}

/// Whether `secret` can be right for `provider`.
pub(crate) fn fits(provider: &str, secret: &str) -> bool {
    let s = secret.trim();
    let b64 = |t: &str| !t.is_empty() && B64.decode(t).is_ok();
    let hex64 = |t: &str| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit());
    let pem = |t: &str| t.starts_with("-----BEGIN ");
    match provider {
        p if WHSEC.contains(&p) => b64(s.strip_prefix("whsec_").unwrap_or(s)),
        "standard-webhooks" => ["whsec_", "whpk_", "whsk_"]
            .iter()
            .find_map(|pre| s.strip_prefix(pre))
            .map_or_else(|| b64(s), b64),
        "gitlab" | "openai" => s.strip_prefix("whsec_").is_none_or(b64),
        "airtable" | "brex" | "msteams-outgoing" => b64(s),
        "telnyx" => B64.decode(s).is_ok_and(|k| k.len() == 32),
        "discord" => hex64(s),
        "adyen" => {
            !s.is_empty() && s.len().is_multiple_of(2) && s.bytes().all(|b| b.is_ascii_hexdigit())
        }
        "sendgrid" => pem(s) || hex64(s) || b64(s),
        "amazon-sns" => pem(s),
        _ => true,
    }
}
