use super::*;

#[test]
fn utf8_and_binary_bodies_round_trip() {
    for body in [
        &b"{\"id\":\"evt_1\",\"name\":\"J\xc3\xbcrgen\"}"[..],
        &[0, 159, 146, 150, 255],
    ] {
        let mut c = Capture::new(Origin::Local, "POST", "/x?y=1");
        c.body = Bytes::copy_from_slice(body);
        c.body_size = body.len() as u64;
        c.headers = vec![("x-a".into(), "1".into()), ("x-a".into(), "2".into())];
        let json = c.to_json();
        assert!(
            json.starts_with(&format!("{{\"id\":\"{}\"", c.id)),
            "id leads: {json}"
        );
        let back = Capture::from_json(&json).unwrap();
        assert_eq!(back.body, c.body);
        assert_eq!(back.headers, c.headers);
        assert_eq!(back.id, c.id);
        assert_eq!(format_time(back.received_at), format_time(c.received_at));
    }
}

#[test]
fn binary_body_is_base64_and_text_is_utf8() {
    let mut c = Capture::new(Origin::Local, "POST", "/");
    c.body = Bytes::from_static(&[0xff, 0x00]);
    let v: serde_json::Value = serde_json::from_str(&c.to_json()).unwrap();
    assert_eq!(v["body_encoding"], "base64");
    assert_eq!(v["body"], "/wA=");
    c.body = Bytes::from_static(b"hi");
    let v: serde_json::Value = serde_json::from_str(&c.to_json()).unwrap();
    assert_eq!(v["body_encoding"], "utf8");
    assert_eq!(v["signature"], serde_json::Value::Null);
}

#[test]
fn time_has_microseconds_and_z() {
    let t = parse_time("2026-11-27T12:04:31.120481Z").unwrap();
    assert_eq!(format_time(t), "2026-11-27T12:04:31.120481Z");
    // Every field keeps its width, and another offset is written as UTC.
    let t = parse_time("0987-01-02T03:04:05.000006+01:00").unwrap();
    assert_eq!(format_time(t), "0987-01-02T02:04:05.000006Z");
}

#[test]
fn set_header_replaces_first_and_drops_repeats() {
    let mut c = Capture::new(Origin::Local, "POST", "/");
    c.headers = vec![
        ("a".into(), "1".into()),
        ("B".into(), "2".into()),
        ("b".into(), "3".into()),
    ];
    c.set_header("b", "9");
    assert_eq!(
        c.headers,
        vec![("a".into(), "1".into()), ("B".into(), "9".into())]
    );
    c.set_header("C", "x");
    assert_eq!(c.header("c"), Some("x"));
}
