//! Keyed digests and their encodings: HMAC over any of the hashes providers use, hex and
//! base64 in and out, and how a secret string becomes a key. Shared by every HMAC scheme.

use super::parse;
use super::template::{Enc, Hash, Key};
use base64::Engine as _;
use hmac::digest::KeyInit;
use hmac::{Hmac, Mac};

/// HMAC of the concatenated `parts` under `key`.
pub(crate) fn mac(hash: Hash, key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    match hash {
        Hash::Sha256 => keyed::<Hmac<sha2::Sha256>>(key, parts),
        Hash::Sha1 => keyed::<Hmac<sha1::Sha1>>(key, parts),
        Hash::Sha512 => keyed::<Hmac<sha2::Sha512>>(key, parts),
        Hash::Md5 => keyed::<Hmac<md5::Md5>>(key, parts),
    }
}

/// HMAC takes keys of any length, so `new_from_slice` cannot fail; an empty MAC never
/// compares equal to a decoded signature, so even that impossible path fails closed.
fn keyed<M: Mac + KeyInit>(key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    match <M as Mac>::new_from_slice(key) {
        Ok(mut m) => {
            parts.iter().for_each(|p| m.update(p));
            m.finalize().into_bytes().to_vec()
        }
        Err(_) => Vec::new(),
    }
}

/// A MAC as a provider writes it.
pub(crate) fn encode(enc: Enc, bytes: &[u8]) -> String {
    match enc {
        Enc::Hex => hex::encode(bytes),
        Enc::Base64 => parse::B64_OUT.encode(bytes),
        Enc::Base64Url => parse::B64URL_OUT.encode(bytes),
    }
}

/// A signature as sent, back to bytes; `None` when it is not in `enc`.
pub(crate) fn decode(enc: Enc, s: &str) -> Option<Vec<u8>> {
    match enc {
        Enc::Hex => parse::hex(s),
        Enc::Base64 => parse::b64(s),
        Enc::Base64Url => parse::b64url(s),
    }
}

/// The HMAC key a secret string stands for. The error never quotes the secret.
pub(crate) fn derive_key(key: Key, secret: &str) -> Result<Vec<u8>, String> {
    match key {
        Key::Text => Ok(secret.as_bytes().to_vec()),
        Key::Base64 => parse::b64(secret).ok_or_else(|| "is not valid base64".to_string()),
        Key::Whsec => parse::b64(secret.trim().strip_prefix("whsec_").unwrap_or(secret))
            .ok_or_else(|| "is not whsec_ followed by base64".to_string()),
        Key::WhsecOrText => match secret.trim().strip_prefix("whsec_") {
            Some(b64) => {
                parse::b64(b64).ok_or_else(|| "is not whsec_ followed by base64".to_string())
            }
            None => Ok(secret.as_bytes().to_vec()),
        },
        Key::NoKeyPrefix => Ok(secret
            .strip_prefix("sk_")
            .or_else(|| secret.strip_prefix("pk_"))
            .unwrap_or(secret)
            .as_bytes()
            .to_vec()),
    }
}
