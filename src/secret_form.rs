//! Secrets that cannot be right for their provider (a Svix secret that is not base64 after
//! `whsec_`, a Discord key that is not 64 hex) are refused when a command starts, naming the
//! provider and the form it takes, rather than turning every request into a puzzling ✗.
//!
//! Only forms the provider's key decoding depends on are checked; "as text" secrets take
//! anything. (Kept outside `verify/` for now; it belongs beside the registry rows.)

use base64::Engine as _;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

/// Standard base64, padding optional: what the key decoders accept.
const B64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Providers that decode `whsec_` + base64 (Standard Webhooks / Svix senders).
const WHSEC: &[&str] = &["svix", "clerk", "resend", "replicate", "openai"];

/// The form a provider's secret must have, when it has one: `None` = any text.
pub fn expected(provider: &str) -> Option<&'static str> {
    Some(match provider {
        p if WHSEC.contains(&p) => "`whsec_` followed by base64",
        "standard-webhooks" => "`whsec_` followed by base64 (or `whpk_`/`whsk_` + base64 for v1a)",
        "gitlab" => "any text, or `whsec_` followed by base64 for a signing token",
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
pub fn fits(provider: &str, secret: &str) -> bool {
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
        "gitlab" => s.strip_prefix("whsec_").is_none_or(b64),
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

/// The one-line error for a secret of the wrong form (the secret itself is never shown).
pub fn check(provider: &str, secret: &str) -> anyhow::Result<()> {
    if fits(provider, secret) {
        return Ok(());
    }
    let form = expected(provider).unwrap_or("a different form");
    Err(crate::error::fail(format!(
        "the {provider} secret cannot be right (a {provider} secret is {form}; see `hookcli providers`)"
    )))
}

/// Check every configured secret.
pub fn check_all(secrets: &crate::verify::Secrets) -> anyhow::Result<()> {
    for p in secrets.providers() {
        for s in secrets.get(p) {
            check(p, s)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_are_checked_per_provider() {
        assert!(fits("svix", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
        assert!(!fits("svix", "whsec_not base64!"));
        assert!(!fits("clerk", "whsec_"));
        assert!(fits(
            "standard-webhooks",
            "whsk_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
        ));
        assert!(!fits("standard-webhooks", "whsec_%%%"));
        assert!(fits("gitlab", "any old token"));
        assert!(!fits("gitlab", "whsec_***"));
        assert!(fits("discord", &"ab".repeat(32)));
        assert!(!fits("discord", "abc"));
        assert!(fits("stripe", "whsec_anything at all"));
        assert!(fits("github", "x"));
        let e = check("svix", "whsec_bad!").unwrap_err().to_string();
        assert!(
            e.contains("svix") && e.contains("base64") && !e.contains("bad!"),
            "{e}"
        );
    }

    #[test]
    fn every_whsec_provider_in_the_registry_is_checked() {
        for p in crate::verify::providers() {
            if p.secret_form.starts_with("`whsec_` + base64") {
                assert!(
                    expected(p.id).is_some(),
                    "{} takes whsec_ but is not checked",
                    p.id
                );
            }
            assert!(
                expected(p.id).is_none() || crate::verify::provider(p.id).is_some(),
                "{}",
                p.id
            );
        }
        for id in WHSEC {
            assert!(
                crate::verify::provider(id).is_some(),
                "{id} is not a provider"
            );
        }
    }
}
