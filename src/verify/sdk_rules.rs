//! Where the SDKs' own rules differ from reading the scheme alone, for the template
//! verifier: how a signature is compared (text or decoded bytes) and what a request that
//! carries only a header the SDK no longer reads gets.

use super::base::{ct_eq, out};
use super::mac::{decode, encode};
use super::sources::values;
use super::template::{Cmp, Enc, Role, SigSource, Template};
use crate::capture::{Capture, Signature, Verdict};

/// The retired header, when it is the only signature header sent.
pub(crate) fn retired_only(t: &Template, c: &Capture) -> Option<&'static SigSource> {
    let present = |s: &&'static SigSource| !values(c, s.header).is_empty();
    let current = t
        .sigs
        .iter()
        .filter(|s| s.role != Role::Retired)
        .any(|s| present(&s));
    if current {
        return None;
    }
    t.sigs
        .iter()
        .filter(|s| s.role == Role::Retired)
        .find(present)
}

/// The SDK checks only the current header, so a request carrying only a retired one is
/// `invalid` whatever its signature; the detail says what that signature would have said.
pub(crate) fn retired_verdict(
    id: &str,
    t: &Template,
    src: &SigSource,
    sig: Signature,
) -> Signature {
    let current = t
        .sigs
        .iter()
        .find(|s| s.role == Role::Current)
        .map_or("signature", |s| s.header);
    let would = match sig.verdict {
        Verdict::Valid => format!("its {} signature matches", src.label),
        Verdict::NoSecret => "it was not checked (no secret)".to_string(),
        _ => format!("its {} check says: {}", src.label, sig.detail),
    };
    out(
        id,
        Verdict::Invalid,
        format!(
            "only the retired {} header was sent and the SDK checks only {current}, so it \
             rejects the request ({would})",
            src.header
        ),
    )
}

/// Whether `sig` is the MAC `m` as the SDK compares it, and whether it would be ignoring
/// case (hex compared as text: upper-case hex is a different string). Base64 compared as
/// text must be the canonical form the SDK writes (padded; base64url unpadded, as
/// @sanity/webhook rebuilds and compares the header).
pub(crate) fn compare(src: &SigSource, sig: &str, m: &[u8]) -> (bool, bool) {
    let as_bytes = decode(src.enc, sig).is_some_and(|got| ct_eq(&got, m));
    match src.cmp {
        Cmp::Text => {
            let ok = ct_eq(sig.as_bytes(), encode(src.enc, m).as_bytes());
            (ok, as_bytes && !ok && src.enc == Enc::Hex)
        }
        Cmp::Bytes => (as_bytes, false),
    }
}
