//! The README's delivery table (budget, retries, delivery id per provider) is generated from
//! `verify::delivery`; this fails when it is stale. Regenerate with
//! `UPDATE_README=1 cargo test --test readme_deliveries`.

const START: &str = "<!-- deliveries:start -->\n";
const END: &str = "<!-- deliveries:end -->";

#[test]
fn readme_delivery_table_matches_the_data() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(path).unwrap();
    let (head, rest) = readme
        .split_once(START)
        .expect("README lacks the deliveries:start marker");
    let (_, tail) = rest
        .split_once(END)
        .expect("README lacks the deliveries:end marker");
    let table = hookcli::verify::delivery::markdown_table();
    let fresh = format!("{head}{START}{table}{END}{tail}");
    if std::env::var_os("UPDATE_README").is_some() {
        std::fs::write(path, &fresh).unwrap();
        return;
    }
    assert!(
        fresh == readme,
        "README delivery table is stale: run UPDATE_README=1 cargo test --test readme_deliveries"
    );
    assert!(table.contains("| slack | 3 s | at once, 1 min, 5 min | body `/event_id` |"));
    assert!(table.contains("| github | 10 s | none automatic | x-github-delivery |"));
}
