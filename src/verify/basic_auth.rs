//! HTTP Basic credentials instead of a signature (family I): Postmark, Chargebee and
//! VMware Workspace ONE put `user:pass` in the webhook URL or settings, and the request
//! carries it in `Authorization: Basic …`, compared here in constant time.

use super::base::{Context, ct_eq, no_secret, out, which_secret};
use super::parse;
use super::provider::{Provider, ProviderInfo};
use crate::capture::{Capture, Signature, Verdict};
use base64::Engine as _;

/// A sender that authenticates with HTTP Basic credentials instead of signing.
pub(crate) struct Basic {
    info: ProviderInfo,
    /// How the `valid` detail names the sender ("Postmark does not sign").
    signer: &'static str,
    /// The SDK splits the header on one space and wants exactly `Basic` before it
    /// (chargebee-node `basicAuthValidator`); otherwise any case and spacing is read.
    exact_scheme: bool,
}

/// The decoded `user:pass` of an `Authorization: Basic …` value.
fn basic_credentials(value: &str) -> Option<Vec<u8>> {
    let v = value.trim();
    let b64 = v
        .get(..6)
        .filter(|p| p.eq_ignore_ascii_case("basic "))
        .map(|_| &v[6..])?;
    parse::b64(b64)
}

/// `user:pass` from a secret: given as is, as a whole `Basic …` value, or in ngrok's
/// VMware form `user::pass`.
fn secret_credentials(secret: &str) -> Vec<u8> {
    if let Some(creds) = basic_credentials(secret) {
        return creds;
    }
    match secret.split_once("::") {
        Some((u, p)) => format!("{u}:{p}").into_bytes(),
        None => secret.as_bytes().to_vec(),
    }
}

impl Provider for Basic {
    fn info(&self) -> &ProviderInfo {
        &self.info
    }
    fn by_secret(&self, c: &Capture) -> bool {
        c.header("authorization").is_some_and(|a| {
            a.trim_start()
                .get(..6)
                .is_some_and(|p| p.eq_ignore_ascii_case("basic "))
        })
    }
    fn verify(&self, c: &Capture, secrets: &[String], _ctx: &Context) -> Signature {
        let id = self.info.id;
        let Some(auth) = c.header("authorization") else {
            return out(id, Verdict::Unsigned, "no authorization header");
        };
        let Some(creds) = basic_credentials(auth) else {
            return out(
                id,
                Verdict::Malformed,
                "authorization is not Basic <base64>",
            );
        };
        if secrets.is_empty() {
            return no_secret(id, "Basic credentials present");
        }
        let mut parts = auth.split(' ');
        let exact =
            parts.next() == Some("Basic") && parts.next().is_some() && parts.next().is_none();
        if self.exact_scheme && !exact {
            return out(
                id,
                Verdict::Invalid,
                "authorization is not exactly `Basic <base64>` (one space, that case), which \
                 the SDK's validator requires",
            );
        }
        match secrets
            .iter()
            .position(|s| ct_eq(&secret_credentials(s), &creds))
        {
            Some(i) => out(
                id,
                Verdict::Valid,
                format!(
                    "Basic credentials match{} ({} does not sign)",
                    which_secret(i, secrets.len()),
                    self.signer
                ),
            ),
            None => out(
                id,
                Verdict::Invalid,
                "Basic credentials do not match the configured user:pass",
            ),
        }
    }
    fn sign(&self, secret: &str, c: &mut Capture, _ctx: &Context) -> Result<(), String> {
        let value = parse::B64_OUT.encode(secret_credentials(secret));
        c.set_header("authorization", format!("Basic {value}"));
        Ok(())
    }
}

pub(crate) static POSTMARK: Basic = Basic {
    exact_scheme: false,
    info: ProviderInfo {
        id: "postmark",
        vectors: "derived",
        name: "Postmark",
        headers: &["authorization"],
        algorithm: "none: HTTP Basic credentials from the webhook URL, compared in constant time",
        secret_form: "`user:pass` as put in the webhook URL",
        family: "I: shared token",
        notes: "Postmark does not sign; only Basic auth (and IP allowlists) protect the endpoint. Detected by a Postmark user agent, or by Basic auth when a postmark secret is configured. [K] in the reference.",
        sdk: "no signature and no verifier in postmark.js 4.0.7 (read: no webhook auth code); what decides is Postmark's documented protection: Basic auth credentials in the webhook URL (postmarkapp.com webhooks, protecting your webhook)",
    },
    signer: "Postmark",
};

pub(crate) static CHARGEBEE: Basic = Basic {
    exact_scheme: true,
    info: ProviderInfo {
        id: "chargebee",
        vectors: "derived",
        name: "Chargebee",
        headers: &["authorization"],
        algorithm: "none: HTTP Basic credentials set on the webhook, compared in constant time",
        secret_form: "`user:pass`",
        family: "I: shared token",
        notes: "Chargebee does not sign; its guidance is to re-fetch the event by id. Detected by Basic auth when a chargebee secret is configured. [K]/[T] in the reference.",
        sdk: "chargebee-node 3.31.0 src/resources/webhook/auth.ts basicAuthValidator: Authorization split on one space, exactly `Basic` then base64 of user:pass (split at the first colon), credentials checked by the caller's function; no signature",
    },
    signer: "chargebee",
};

pub(crate) static VMWARE_WORKSPACE_ONE: Basic = Basic {
    exact_scheme: false,
    info: ProviderInfo {
        id: "vmware-workspace-one",
        vectors: "derived",
        name: "VMware Workspace ONE UEM (event notifications)",
        headers: &["authorization"],
        algorithm: "none: HTTP Basic credentials from the console, compared in constant time",
        secret_form: "`user::pass` (ngrok's form) or `user:pass`",
        family: "I: shared token",
        notes: "Not signed. Detected by Basic auth when its secret is configured. [T] in the reference (ngrok docs).",
        sdk: "no signature: documented Basic auth (not re-read in source for issue 16)",
    },
    signer: "vmware-workspace-one",
};
