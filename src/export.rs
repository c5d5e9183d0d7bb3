//! Captures in other people's formats: raw HTTP (and, as they land, curl, HAR, NDJSON).

use crate::capture::Capture;

/// The request as it went over the wire (HTTP/1.1 form), body bytes untouched.
pub fn raw_http(c: &Capture) -> Vec<u8> {
    let version = if c.http_version.starts_with("HTTP/2") {
        "HTTP/1.1" // HTTP/2 has no text form; show the equivalent HTTP/1.1 request
    } else {
        c.http_version.as_str()
    };
    let mut out = Vec::with_capacity(c.body.len() + 64 * (c.headers.len() + 1));
    out.extend_from_slice(format!("{} {} {version}\r\n", c.method, c.url).as_bytes());
    for (k, v) in &c.headers {
        out.extend_from_slice(format!("{k}: {v}\r\n").as_bytes());
    }
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(&c.body);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::Origin;

    #[test]
    fn raw_http_keeps_header_order_and_body_bytes() {
        let mut c = Capture::new(Origin::Local, "POST", "/a?b=1");
        c.headers = vec![
            ("host".into(), "x".into()),
            ("x-r".into(), "1".into()),
            ("x-r".into(), "2".into()),
        ];
        c.body = bytes::Bytes::from_static(&[0, 1, 2]);
        assert_eq!(
            raw_http(&c),
            b"POST /a?b=1 HTTP/1.1\r\nhost: x\r\nx-r: 1\r\nx-r: 2\r\n\r\n\x00\x01\x02".to_vec()
        );
    }
}
