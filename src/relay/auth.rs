//! Who may read which channel, and how fast a token's channels may be fed.
//!
//! Tokens are kept only as SHA-256 digests and compared in constant time against every
//! grant (no early exit, no length leak), so neither timing nor a log line gives them away.

use sha2::{Digest as _, Sha256};
use std::time::Instant;
use subtle::ConstantTimeEq as _;

/// One line of the tokens file: a token and the channels it opens.
#[derive(Clone)]
pub struct Grant {
    digest: [u8; 32],
    /// `None` means every channel (`*`).
    channels: Option<Vec<String>>,
}

impl std::fmt::Debug for Grant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the token, not even its digest.
        f.debug_struct("Grant")
            .field("channels", &self.channels)
            .finish_non_exhaustive()
    }
}

impl Grant {
    pub fn allows(&self, channel: &str) -> bool {
        match &self.channels {
            None => true,
            Some(list) => list.iter().any(|c| c == channel),
        }
    }
}

/// Every grant the relay knows, in file order (a grant's index names it in logs).
#[derive(Debug, Clone, Default)]
pub struct Grants(Vec<Grant>);

fn digest(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

impl Grants {
    /// `--token TOKEN`: one token for every channel.
    pub fn single(token: &str) -> Grants {
        Grants(vec![Grant {
            digest: digest(token),
            channels: None,
        }])
    }

    /// `--tokens FILE` text: `TOKEN CHANNEL [CHANNEL...]` a line, `*` for all, `#` comments.
    pub fn parse(text: &str) -> Result<Grants, String> {
        let mut grants = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let mut words = line.split_whitespace();
            let token = words.next().unwrap_or_default();
            let channels: Vec<String> = words.map(str::to_string).collect();
            if channels.is_empty() {
                return Err(format!("line {}: a token with no channel", n + 1));
            }
            if let Some(bad) = channels
                .iter()
                .find(|c| *c != "*" && !super::protocol::valid_channel(c))
            {
                return Err(format!("line {}: bad channel name {bad:?}", n + 1));
            }
            let all = channels.iter().any(|c| c == "*");
            grants.push(Grant {
                digest: digest(token),
                channels: (!all).then_some(channels),
            });
        }
        if grants.is_empty() {
            return Err("no tokens in it".into());
        }
        Ok(Grants(grants))
    }

    /// The grant a presented token matches. Looks at every grant whatever happens.
    pub fn check(&self, token: &str) -> Option<usize> {
        let d = digest(token);
        let mut found = None;
        for (i, g) in self.0.iter().enumerate() {
            if bool::from(g.digest.ct_eq(&d)) && found.is_none() {
                found = Some(i);
            }
        }
        found
    }

    pub fn get(&self, i: usize) -> &Grant {
        &self.0[i]
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Channels some token names explicitly (a `*` names none): they exist from the start.
    pub fn named(&self) -> impl Iterator<Item = &str> {
        self.0
            .iter()
            .filter_map(|g| g.channels.as_deref())
            .flatten()
            .map(String::as_str)
    }

    /// The grant a channel's ingress is charged to: the first naming it, else the first `*`.
    /// `None`: no token can read this channel, so it is not accepted at all.
    pub fn owner(&self, channel: &str) -> Option<usize> {
        self.0
            .iter()
            .position(|g| {
                g.channels
                    .as_ref()
                    .is_some_and(|l| l.iter().any(|c| c == channel))
            })
            .or_else(|| self.0.iter().position(|g| g.channels.is_none()))
    }
}

/// A token bucket: `rate` requests a second on average, bursts up to `burst`.
#[derive(Debug)]
pub struct Bucket {
    rate: f64,
    burst: f64,
    tokens: f64,
    last: Instant,
}

impl Bucket {
    pub fn new(rate: f64, burst: f64, now: Instant) -> Bucket {
        Bucket {
            rate,
            burst,
            tokens: burst,
            last: now,
        }
    }

    /// Take one token if there is one.
    pub fn take(&mut self, now: Instant) -> bool {
        let dt = now.saturating_duration_since(self.last).as_secs_f64();
        self.last = now;
        self.tokens = (self.tokens + dt * self.rate).min(self.burst);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn tokens_file_grants_channels() {
        let g = Grants::parse("# team\nalpha a b\n\nbeta *  # admin\ngamma c\n").unwrap();
        assert_eq!(g.check("alpha"), Some(0));
        assert_eq!(g.check("beta"), Some(1));
        assert_eq!(g.check("alph"), None);
        assert!(g.get(0).allows("b") && !g.get(0).allows("c"));
        assert!(g.get(1).allows("anything"));
        assert_eq!(g.owner("c"), Some(2));
        assert_eq!(g.owner("zzz"), Some(1));
        assert!(Grants::parse("lonely\n").is_err());
        assert!(Grants::parse("t ../x\n").is_err());
        assert!(Grants::parse("# nothing\n").is_err());
        assert_eq!(Grants::parse("t a\n").unwrap().owner("b"), None);
        assert!(!format!("{g:?}").contains("alpha"));
        assert_eq!(g.named().collect::<Vec<_>>(), ["a", "b", "c"]);
    }

    #[test]
    fn bucket_refills_at_its_rate() {
        let t0 = Instant::now();
        let mut b = Bucket::new(10.0, 2.0, t0);
        assert!(b.take(t0) && b.take(t0));
        assert!(!b.take(t0));
        assert!(b.take(t0 + Duration::from_millis(100)));
        assert!(!b.take(t0 + Duration::from_millis(100)));
    }
}
