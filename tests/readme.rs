//! The README's provider table is generated from the registry; this fails when it is stale.
//! Regenerate with `UPDATE_README=1 cargo test --test readme`.

const START: &str = "<!-- providers:start -->\n";
const END: &str = "<!-- providers:end -->";

#[test]
fn readme_provider_table_matches_the_registry() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(path).unwrap();
    let (head, rest) = readme
        .split_once(START)
        .expect("README lacks the providers:start marker");
    let (_, tail) = rest
        .split_once(END)
        .expect("README lacks the providers:end marker");
    let table = hookcli::commands::providers::markdown_table();
    let fresh = format!("{head}{START}{table}{END}{tail}");
    if std::env::var_os("UPDATE_README").is_some() {
        std::fs::write(path, &fresh).unwrap();
        return;
    }
    assert!(
        fresh == readme,
        "README provider table is stale: run UPDATE_README=1 cargo test --test readme"
    );
    assert!(
        table.lines().count() >= 102,
        "at least 100 providers listed"
    );
}
