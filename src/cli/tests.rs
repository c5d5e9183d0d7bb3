use super::parse::*;
use super::*;
use clap::CommandFactory as _;
use std::time::Duration;

#[test]
fn relay_without_a_scheme_is_ws_on_loopback_and_wss_elsewhere() {
    let scheme = |s: &str| parse_relay(s).unwrap().scheme;
    for local in [
        "127.0.0.1:8080",
        "localhost:8080",
        "[::1]:80",
        ":8080",
        "127.0.0.2",
    ] {
        assert_eq!(scheme(local), "ws", "{local}");
    }
    for remote in [
        "hooks.example.com",
        "10.0.0.1:8080",
        "localhost.example.com:1",
    ] {
        assert_eq!(scheme(remote), "wss", "{remote}");
    }
    assert_eq!(scheme("https://127.0.0.1:1"), "wss");
    assert_eq!(scheme("ws://hooks.example.com"), "ws");
}

#[test]
fn listen_relay_takes_a_comma_list_and_repeats() {
    let cli = Cli::try_parse_from([
        "hookcli",
        "listen",
        "--relay",
        "127.0.0.1:1,127.0.0.1:2",
        "--relay",
        "ws://127.0.0.1:3",
        "--channel",
        "alice",
    ])
    .unwrap();
    let Command::Listen(args) = cli.command else {
        panic!("not listen");
    };
    let nodes: Vec<_> = args.relay.iter().map(|t| t.authority.as_str()).collect();
    assert_eq!(nodes, ["127.0.0.1:1", "127.0.0.1:2", "127.0.0.1:3"]);
}

#[test]
fn clap_definition_is_consistent() {
    Cli::command().debug_assert();
}

#[test]
fn sizes_timeouts_and_headers_parse() {
    assert_eq!(parse_size("25MiB").unwrap(), 25 << 20);
    assert_eq!(parse_size("512k").unwrap(), 512 << 10);
    assert_eq!(parse_size("100").unwrap(), 100);
    assert!(parse_size("1 parsec").is_err());
    assert_eq!(parse_timeout("none").unwrap(), Timeout(None));
    assert_eq!(
        parse_timeout("1.5").unwrap().0,
        Some(Duration::from_millis(1500))
    );
    assert!(parse_timeout("-1").is_err());
    assert_eq!(
        parse_header("X-A: b c").unwrap(),
        ("X-A".into(), "b c".into())
    );
    assert!(parse_header("no colon").is_err());
    assert!(parse_header("bad name: x").is_err());
}
