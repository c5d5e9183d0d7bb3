//! Capture ids: the one check every id from outside goes through before it is trusted.
//!
//! An id is a ULID: 26 Crockford base32 characters, the first at most `7`. Only a checked id
//! ([`CaptureId`]) is ever turned into a file name, so a capture whose id is `../../x`, an
//! absolute path or anything but a ULID cannot make hookcli write outside its folder.
//! Nothing here slices a string by bytes: ids from files may hold any Unicode.

use sha2::{Digest as _, Sha256};
use std::fmt;
use time::OffsetDateTime;

/// Crockford base32 as ULIDs write it (no I, L, O, U).
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A capture id known to be a canonical (upper-case) ULID.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CaptureId(String);

/// Why a string is not a capture id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("an id has 26 characters, this one has {0}")]
    Length(usize),
    #[error("{0:?} is not a ULID character")]
    Char(char),
    #[error("a ULID starts with 0-7")]
    TooLarge,
}

impl CaptureId {
    /// A fresh id (time-sortable, strictly increasing within this process).
    pub fn fresh() -> CaptureId {
        CaptureId(crate::capture::new_id())
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `<id>.<ext>`: the only way hookcli names a file after a capture.
    pub fn file_name(&self, ext: &str) -> String {
        format!("{}.{ext}", self.0)
    }

    /// The first `n` characters, for tables and result lines.
    pub fn short(&self, n: usize) -> &str {
        &self.0[..n.min(self.0.len())] // ASCII by construction
    }
}

impl fmt::Display for CaptureId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<CaptureId> for String {
    fn from(id: CaptureId) -> String {
        id.0
    }
}

/// Check that `s` is a ULID; lower case is accepted and returned upper case.
pub fn check_id(s: &str) -> Result<CaptureId, IdError> {
    let n = s.chars().count();
    if n != 26 {
        return Err(IdError::Length(n));
    }
    let mut out = String::with_capacity(26);
    for ch in s.chars() {
        let up = ch.to_ascii_uppercase();
        if !up.is_ascii() || !ALPHABET.contains(&(up as u8)) {
            return Err(IdError::Char(ch));
        }
        out.push(up);
    }
    if out.as_bytes()[0] > b'7' {
        return Err(IdError::TooLarge);
    }
    Ok(CaptureId(out))
}

/// True when `s` is spelled like the start of a capture id (1 to 26 ULID characters): what
/// a lookup by prefix may be given. Whether it matches anything is the store's answer.
pub fn is_prefix(s: &str) -> bool {
    !s.is_empty()
        && s.chars().count() <= 26
        && s.chars()
            .all(|c| c.is_ascii() && ALPHABET.contains(&(c.to_ascii_uppercase() as u8)))
}

/// The id to use for a capture read from a file or stdin whose id is not a ULID. It is
/// derived from the bad id and the capture's time, so reading the same file twice gives the
/// same id (an import stays idempotent) and the id still sorts by time.
pub fn replacement(bad: &str, at: OffsetDateTime) -> CaptureId {
    let ms = (at.unix_timestamp_nanos() / 1_000_000).clamp(0, (1 << 48) - 1) as u128;
    let digest = Sha256::digest(bad.as_bytes());
    let mut random = [0u8; 16];
    random[6..].copy_from_slice(&digest[..10]);
    let value = (ms << 80) | u128::from_be_bytes(random);
    let mut out = String::with_capacity(26);
    for i in (0..26).rev() {
        out.push(ALPHABET[((value >> (5 * i)) & 31) as usize] as char);
    }
    CaptureId(out)
}

/// The first `n` characters of any string (never a byte slice of a maybe-multibyte string).
pub fn short(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ulids_pass_and_paths_do_not() {
        let fresh = CaptureId::fresh();
        assert_eq!(check_id(fresh.as_str()).unwrap(), fresh);
        assert_eq!(
            check_id("01jdx3k7q9zc4t5w6y8b2n1m0p").unwrap().as_str(),
            "01JDX3K7Q9ZC4T5W6Y8B2N1M0P"
        );
        for bad in [
            "",
            "../../x",
            "/etc/passwd",
            "01JDX3K7Q9ZC4T5W6Y8B2N1M0",
            "01JDX3K7Q9ZC4T5W6Y8B2N1M0PP",
            "81JDX3K7Q9ZC4T5W6Y8B2N1M0P",
            "01JDX3K7Q9ZC4T5W6Y8B2N1M0I",
            "01JDX3K7Q9ZC4T5W6Y8B2N1M0é",
            "01JDX3K7Q9ZC4T5W6Y8B2N1M/P",
        ] {
            assert!(check_id(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn replacement_is_a_stable_ulid_at_the_capture_time() {
        let at = crate::capture::parse_time("2026-11-27T12:04:31.120481Z").unwrap();
        let a = replacement("../../x", at);
        assert_eq!(check_id(a.as_str()).unwrap(), a);
        assert_eq!(replacement("../../x", at), a);
        assert_ne!(replacement("../../y", at), a);
        let u = ulid::Ulid::from_string(a.as_str()).unwrap();
        assert_eq!(
            u.timestamp_ms(),
            (at.unix_timestamp_nanos() / 1_000_000) as u64
        );
    }

    #[test]
    fn prefixes_and_short_forms() {
        assert!(is_prefix("01jd"));
        assert!(!is_prefix("é01J"));
        assert!(!is_prefix("../x"));
        assert!(!is_prefix(""));
        assert_eq!(short("ééééé", 3), "ééé");
    }
}
