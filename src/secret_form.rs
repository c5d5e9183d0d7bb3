//! Secrets that cannot be right for their provider are refused when a command starts,
//! naming the provider and the form it takes, rather than turning every request into a
//! puzzling ✗. The per-provider forms live in `verify` (`ProviderInfo::secret_fits`); this
//! module turns a misfit into the one-line error.

/// The form a provider's secret must have, when it has one: `None` = any text.
pub fn expected(provider: &str) -> Option<&'static str> {
    crate::verify::provider(provider).and_then(|p| p.secret_form_required())
}

/// Whether `secret` can be right for `provider` (an unknown provider takes anything).
pub fn fits(provider: &str, secret: &str) -> bool {
    crate::verify::provider(provider).is_none_or(|p| p.secret_fits(secret))
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
        for id in crate::verify::WHSEC_PROVIDERS {
            assert!(
                crate::verify::provider(id).is_some(),
                "{id} is not a provider"
            );
        }
    }
}
