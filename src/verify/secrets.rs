//! Secrets per provider: several each (rotation), parsed from `--secret P=S` and the
//! environment, and never printed (Debug shows only how many there are).

use super::registry;
use std::collections::BTreeMap;
use std::fmt;

#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secrets {
    by_provider: BTreeMap<String, Vec<String>>,
}

impl Secrets {
    pub fn new() -> Self {
        Self::default()
    }

    /// Add a secret; the provider id is normalised (lower case, `_` as `-`, aliases
    /// resolved). Repeats are kept once; order is kept (the first is used for handshakes).
    pub fn add(&mut self, provider: &str, secret: &str) {
        let id = canonical(provider);
        let list = self.by_provider.entry(id).or_default();
        if !list.iter().any(|s| s == secret) {
            list.push(secret.to_string());
        }
    }

    /// Parse `PROVIDER=SECRET` (the secret may itself contain `=`). The provider id comes back
    /// canonical; an unknown one is an error naming the close ids.
    pub fn parse_pair(s: &str) -> Result<(String, String), String> {
        let (p, secret) = s
            .split_once('=')
            .ok_or_else(|| "expected PROVIDER=SECRET (e.g. stripe=whsec_…)".to_string())?;
        let p = p.trim();
        if p.is_empty() {
            return Err("expected PROVIDER=SECRET: the provider is empty".into());
        }
        if secret.is_empty() {
            return Err(format!("the secret for {p} is empty"));
        }
        let info = registry::find(p).ok_or_else(|| registry::unknown_provider(p))?;
        Ok((info.info().id.to_string(), secret.to_string()))
    }

    /// `HOOKCLI_SECRET_<PROVIDER>` variables (upper case, `-` as `_`), e.g.
    /// `HOOKCLI_SECRET_COINBASE_COMMERCE`. The only function here that reads the environment.
    pub fn from_env() -> Self {
        let mut s = Self::new();
        for (k, v) in std::env::vars() {
            if let Some(p) = k.strip_prefix("HOOKCLI_SECRET_")
                && !v.is_empty()
            {
                s.add(p, &v);
            }
        }
        s
    }

    /// The secrets for a provider id (or alias); empty when none.
    pub fn get(&self, provider: &str) -> &[String] {
        // Verification asks once per provider for every request: with no secrets at all (the
        // common `listen` with none configured) the answer needs no lookup.
        if self.by_provider.is_empty() {
            return &[];
        }
        if let Some(v) = self.by_provider.get(provider) {
            return v;
        }
        // Canonical ids (what verify asks with, per request) need no normalising: no
        // allocation on the hot path. Only other spellings are normalised.
        if registry::is_id(provider) {
            return &[];
        }
        self.by_provider
            .get(&canonical(provider))
            .map_or(&[], Vec::as_slice)
    }

    pub fn is_empty(&self) -> bool {
        self.by_provider.values().all(Vec::is_empty)
    }

    /// Provider ids that have at least one secret.
    pub fn providers(&self) -> impl Iterator<Item = &str> {
        self.by_provider
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, _)| k.as_str())
    }
}

fn canonical(provider: &str) -> String {
    registry::find(provider).map_or_else(
        || registry::normalise(provider),
        |p| p.info().id.to_string(),
    )
}

impl fmt::Debug for Secrets {
    /// Masked: ids and counts only.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut m = f.debug_map();
        for (id, list) in &self.by_provider {
            m.entry(id, &format_args!("[{} masked]", list.len()));
        }
        m.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_keep_equals_in_secret_and_reject_unknown_ids() {
        assert_eq!(
            Secrets::parse_pair("Standard_Webhooks=whsec_abc=="),
            Ok(("standard-webhooks".into(), "whsec_abc==".into()))
        );
        let err = Secrets::parse_pair("strpe=x").unwrap_err();
        assert!(err.contains("stripe"), "{err}");
        assert!(Secrets::parse_pair("stripe").is_err());
        assert!(Secrets::parse_pair("=x").is_err());
        assert!(Secrets::parse_pair("stripe=").is_err());
    }

    #[test]
    fn add_get_and_masked_debug() {
        let mut s = Secrets::new();
        assert!(s.is_empty());
        s.add("STRIPE", "whsec_topsecret1");
        s.add("stripe", "whsec_topsecret2");
        s.add("stripe", "whsec_topsecret2");
        s.add("lemon_squeezy", "ls");
        assert_eq!(s.get("stripe").len(), 2);
        assert_eq!(s.get("Stripe").len(), 2);
        assert_eq!(s.get("lemonsqueezy"), ["ls".to_string()]);
        assert!(s.get("github").is_empty());
        let dbg = format!("{s:?}");
        assert!(
            !dbg.contains("topsecret") && !dbg.contains("\"ls\""),
            "{dbg}"
        );
        assert!(dbg.contains("stripe") && dbg.contains("2 masked"), "{dbg}");
    }
}
