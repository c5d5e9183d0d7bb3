//! The web inspector in a real browser: headless Chromium driven through chromedriver
//! (both from the system's packages; `.ci/run` installs them), from Rust with fantoccini.

mod common;

use common::{DevServer, Hook, forwarding, send};
use fantoccini::{Client, ClientBuilder, Locator};
use std::io::{BufRead as _, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// chromedriver on a free port, stopped when dropped.
struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    fn start() -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .unwrap();
        let mut child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect(
                "chromedriver is missing: apt-get install chromium chromium-driver (see .ci/run)",
            );
        // It says so on stdout once it accepts sessions.
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        while !line.contains("started successfully") {
            line.clear();
            assert!(out.read_line(&mut line).unwrap() > 0, "chromedriver exited");
        }
        std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
        Driver { child, port }
    }

    async fn browser(&self, profile: &std::path::Path) -> Client {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--window-size=1400,900",
                    format!("--user-data-dir={}", profile.display()),
                ],
            }),
        );
        ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .expect("cannot start headless chromium")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn inspector(hook: &Hook) -> SocketAddr {
    let l = hookcli::web::bind(Some("127.0.0.1:0"))
        .await
        .unwrap()
        .unwrap();
    let addr = l.local_addr().unwrap();
    hookcli::web::spawn(
        l,
        std::sync::Arc::clone(&hook.pipeline),
        Some(hook.url("")),
        std::future::pending(),
    );
    addr
}

async fn wait_css(b: &Client, css: &str) -> fantoccini::elements::Element {
    b.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css} did not appear: {e}"))
}

async fn wait_text(b: &Client, css: &str, want: &str) -> String {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        // A live update may redraw the element between finding and reading it.
        let text = wait_css(b, css).await.text().await.unwrap_or_default();
        if text.contains(want) {
            return text;
        }
        if tokio::time::Instant::now() > deadline {
            let status = b.find(Locator::Id("status")).await.unwrap().text().await;
            panic!("{css} says {text:?}, not {want:?} (status line: {status:?})");
        }
        tokio::task::yield_now().await;
    }
}

/// Send a capture like curl would and wait until the listener completed it.
async fn capture(hook: &mut Hook, dev: &mut DevServer, path: &str, body: &str) -> String {
    send(
        "POST",
        &hook.url(path),
        &[
            ("content-type", "application/json"),
            ("user-agent", "curl/8.5.0"),
        ],
        body.to_string(),
    )
    .await;
    dev.next().await;
    // The page's replays complete on the same pipeline: skip them.
    loop {
        let c = hook.complete().await;
        if c.replay_of.is_none() && c.url == path {
            return c.id.clone();
        }
    }
}

async fn open(b: &Client, addr: SocketAddr) {
    b.goto(&format!("http://{addr}/")).await.unwrap();
    wait_css(b, "body[data-ready='1']").await;
}

async fn select(b: &Client, id: &str, tab: &str) {
    wait_css(b, &format!("#rows tr[data-id='{id}']"))
        .await
        .click()
        .await
        .unwrap();
    // The tabs show once the capture's details are in (they are hidden until then).
    wait_css(b, &format!("#tabs:not([hidden]) button[data-tab='{tab}']"))
        .await
        .click()
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_follows_shows_and_replays_captures() {
    let mut dev = DevServer::start().await;
    let mut hook = Hook::start(forwarding(&[dev.url()])).await;
    let addr = inspector(&hook).await;
    let driver = Driver::start();
    let profile = tempfile::tempdir().unwrap();
    let b = driver.browser(profile.path()).await;
    open(&b, addr).await;

    // A capture sent now appears without a reload; clicking it shows its body.
    let id = capture(
        &mut hook,
        &mut dev,
        "/hooks/stripe",
        r#"{"hello":"browser","n":1}"#,
    )
    .await;
    let row = wait_css(&b, &format!("#rows tr[data-id='{id}']")).await;
    let lag = b
        .execute(
            "const r = arguments[0]; return Number(r.dataset.shown) - Date.parse(r.dataset.time);",
            vec![serde_json::to_value(&row).unwrap()],
        )
        .await
        .unwrap();
    println!("figure: capture on screen {lag} ms after it arrived (target ≤ 200 ms)");
    select(&b, &id, "body").await;
    // A JSON body shows as a tree; its raw pretty text is one click away.
    wait_text(&b, ".json-tree", "hello: \"browser\"").await;
    wait_css(&b, "#body-text-toggle")
        .await
        .click()
        .await
        .unwrap();
    let body = wait_text(&b, "#body-text", "browser").await;
    assert!(
        body.contains("\"hello\": \"browser\""),
        "pretty JSON: {body}"
    );

    // Replay reaches the dev server.
    wait_css(&b, "#replay").await.click().await.unwrap();
    let seen = dev.next().await;
    assert_eq!(
        (seen.uri.as_str(), &seen.body[..]),
        ("/hooks/stripe", &br#"{"hello":"browser","n":1}"#[..])
    );
    wait_text(&b, "#status", "replayed").await;

    // Edit-then-replay delivers the edited body.
    wait_css(&b, "#edit").await.click().await.unwrap();
    let area = wait_css(&b, "#edit-body").await;
    area.clear().await.unwrap();
    area.send_keys("edited in the browser").await.unwrap();
    wait_css(&b, "#edit-send").await.click().await.unwrap();
    let seen = dev.next().await;
    assert_eq!(&seen.body[..], b"edited in the browser");
    wait_text(&b, "#status", "replayed").await;

    // Markup in a body is shown as text, never run.
    let evil = r#"<script>document.title="pwned"</script><b id="injected">bold</b><img src=x onerror="document.title='pwned'">"#;
    let id = capture(&mut hook, &mut dev, "/x", evil).await;
    select(&b, &id, "body").await;
    let shown = wait_text(&b, "#body-text", "<script>").await;
    assert_eq!(shown, evil);
    let injected = b.execute("return [document.querySelectorAll('#injected, #pane script, #pane img').length, document.title];", vec![]).await.unwrap();
    assert_eq!(injected, serde_json::json!([0, "hookcli inspector"]));

    let shot = b.screenshot().await.unwrap();
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("inspector.png");
    std::fs::write(&path, shot).unwrap();
    println!("screenshot: {}", path.display());
    b.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_is_ready_quickly_over_100_000_captures() {
    let dev = DevServer::start().await;
    let hook = Hook::start(forwarding(&[dev.url()])).await;
    let store = hookcli::store::Store::open(hook.store_dir.path()).unwrap();
    let template = {
        let mut c =
            hookcli::capture::Capture::new(hookcli::capture::Origin::Local, "POST", "/hooks/bulk");
        c.body = bytes::Bytes::from_static(br#"{"type":"invoice.paid"}"#);
        c.body_size = c.body.len() as u64;
        c
    };
    let n = store
        .bulk_insert((0..100_000).map(|_| {
            let mut c = template.clone();
            c.id = hookcli::capture::new_id();
            c
        }))
        .unwrap();
    assert_eq!(n, 100_000);
    let addr = inspector(&hook).await;
    let driver = Driver::start();
    let profile = tempfile::tempdir().unwrap();
    let b = driver.browser(profile.path()).await;
    open(&b, addr).await;
    let ready = b
        .execute("return window.hookcliReady;", vec![])
        .await
        .unwrap();
    let rows = b
        .execute(
            "return document.querySelectorAll('#rows tr').length;",
            vec![],
        )
        .await
        .unwrap();
    println!(
        "figure: page ready {ready} ms after navigation with 100000 stored captures, {rows} rows loaded (target ≤ 500 ms)"
    );
    // Only a page was loaded, and scrolling to the end of the list loads the next one.
    assert_eq!(rows, 200);
    b.execute(
        "const l = document.getElementById('list'); l.scrollTop = l.scrollHeight;",
        vec![],
    )
    .await
    .unwrap();
    wait_css(&b, "#rows tr:nth-child(201)").await;
    wait_text(&b, "#count", "100000 stored").await;
    b.close().await.unwrap();
}

/// What the compare table shows: `[section, op, left, right]` for each line.
async fn compare_rows(b: &Client) -> Vec<[String; 4]> {
    wait_css(b, "table.compare tr").await;
    let v = b
        .execute(
            "return [...document.querySelectorAll('table.compare tr[data-op]')].map((r) =>
               [r.dataset.section, r.dataset.op, r.children[1].textContent, r.children[2].textContent]);",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(v).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn compare_marks_changed_added_and_removed_lines_by_a_line_diff() {
    let mut dev = DevServer::start().await;
    let mut hook = Hook::start(forwarding(&[dev.url()])).await;
    let addr = inspector(&hook).await;
    let driver = Driver::start();
    let profile = tempfile::tempdir().unwrap();
    let b = driver.browser(profile.path()).await;
    open(&b, addr).await;
    // The second body loses "a" at the top: by position every line would differ.
    let one = capture(
        &mut hook,
        &mut dev,
        "/hooks/one",
        r#"{"a":0,"b":1,"c":2,"d":3}"#,
    )
    .await;
    let two = capture(
        &mut hook,
        &mut dev,
        "/hooks/two",
        r#"{"b":1,"c":9,"d":3,"e":40}"#,
    )
    .await;
    select(&b, &one, "body").await;
    wait_css(&b, "#mark").await.click().await.unwrap();
    select(&b, &two, "body").await;
    wait_css(&b, "#compare:not([disabled])")
        .await
        .click()
        .await
        .unwrap();
    let rows = compare_rows(&b).await;
    let op = |left: &str, right: &str| {
        rows.iter()
            .find(|r| r[2] == left && r[3] == right)
            .unwrap_or_else(|| panic!("no line {left:?} | {right:?} in {rows:#?}"))[1]
            .clone()
    };
    assert_eq!(op("POST /hooks/one", "POST /hooks/two"), "chg");
    assert_eq!(op("  \"b\": 1,", "  \"b\": 1,"), "same");
    assert_eq!(op("  \"a\": 0,", ""), "del");
    assert_eq!(op("  \"c\": 2,", "  \"c\": 9,"), "chg");
    assert_eq!(op("  \"d\": 3", "  \"d\": 3,"), "chg");
    assert_eq!(op("", "  \"e\": 40"), "add");
    assert_eq!(op("}", "}"), "same");
    // Headers are diffed as lines too: the same user agent is unchanged, the length changed.
    assert_eq!(
        op("user-agent: curl/8.5.0", "user-agent: curl/8.5.0"),
        "same"
    );
    let lengths: Vec<_> = rows
        .iter()
        .filter(|r| r[0] == "headers" && r[2].starts_with("content-length"))
        .collect();
    assert_eq!(lengths.len(), 1, "{rows:#?}");
    assert_eq!(lengths[0][1], "chg");
    // A changed line is painted as changed, an unchanged one is not.
    let painted = b
        .execute(
            "const rs = [...document.querySelectorAll('table.compare tr[data-op]')];
             return [rs.find((r) => r.dataset.op === 'chg').className,
                     rs.find((r) => r.dataset.op === 'same').className];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(painted, serde_json::json!(["diff chg", ""]));
    // Past the cap, two 5,000-line bodies are lined up by position instead, and say so.
    let capped = b
        .execute(
            "const a = [...Array(5000).keys()].map(String);
             const r = lineDiff(a, a.slice().reverse());
             return [r.capped, r.length, lineDiff(['x'], ['x']).capped];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(capped, serde_json::json!([true, 5000, false]));
    b.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_json_body_is_a_tree_whose_objects_fold() {
    let mut dev = DevServer::start().await;
    let mut hook = Hook::start(forwarding(&[dev.url()])).await;
    let addr = inspector(&hook).await;
    let driver = Driver::start();
    let profile = tempfile::tempdir().unwrap();
    let b = driver.browser(profile.path()).await;
    open(&b, addr).await;
    let id = capture(
        &mut hook,
        &mut dev,
        "/hooks/tree",
        r#"{"data":{"object":{"id":"in_1","amount":42}},"tags":["a","<b>x</b>"]}"#,
    )
    .await;
    select(&b, &id, "body").await;
    let shown = |path: &'static str| {
        let b = b.clone();
        async move {
            wait_css(&b, &format!(".json-tree [data-path='{path}']"))
                .await
                .is_displayed()
                .await
                .unwrap()
        }
    };
    // Everything starts unfolded, each value under its key.
    assert!(shown("data.object.amount").await);
    wait_text(&b, ".json-tree", "amount: 42").await;
    // A markup-looking string stays text.
    wait_text(&b, ".json-tree", "1: \"<b>x</b>\"").await;
    let injected = b
        .execute(
            "return document.querySelectorAll('.json-tree b').length;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(injected, 0);
    // Folding an object hides its children, and only those.
    let fold = "details[data-path='data.object'] > summary";
    wait_css(&b, fold).await.click().await.unwrap();
    assert!(!shown("data.object.amount").await);
    assert!(!shown("data.object.id").await);
    assert!(
        shown("data.object").await,
        "the folded object's own line stays"
    );
    assert!(shown("tags.0").await);
    // Unfolding shows them again; folding the root hides everything below it.
    wait_css(&b, fold).await.click().await.unwrap();
    assert!(shown("data.object.amount").await);
    wait_css(&b, "details[data-path=''] > summary")
        .await
        .click()
        .await
        .unwrap();
    assert!(!shown("tags.1").await);
    assert!(!shown("data").await);
    // The raw view is still there.
    wait_css(&b, "#body-text-toggle")
        .await
        .click()
        .await
        .unwrap();
    let raw = wait_text(&b, "#body-text", "in_1").await;
    assert!(raw.contains("\"amount\": 42"), "{raw}");
    assert!(!shown("data").await);
    b.close().await.unwrap();
}
