//! What the SDK-audit tests share: a request as a provider sends it, and the verdict hookcli
//! reaches on it with one provider's secret at a given time.

use bytes::Bytes;
use hookcli::capture::{Capture, Origin, Verdict};
use hookcli::verify::{self, Context, Secrets};

pub fn cap(url: &str, headers: &[(&str, &str)], body: &str) -> Capture {
    let mut c = Capture::new(Origin::Local, "POST", url);
    c.headers = headers
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    c.body = Bytes::copy_from_slice(body.as_bytes());
    c.body_size = c.body.len() as u64;
    c
}

pub fn check_at(id: &str, c: &Capture, secret: &str, now: i64) -> (Verdict, String) {
    let mut s = Secrets::new();
    s.add(id, secret);
    let ctx = Context {
        now,
        public_url: None,
        provider: Some(id),
    };
    let sig = verify::verify(c, &s, &ctx).expect("forced provider");
    (sig.verdict, sig.detail)
}
