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
    // Every row has as many cells as the header names (a cell without a header is invisible
    // on most renderers). Escaped pipes inside a cell are not separators.
    let cells = |line: &str| line.replace("\\|", "").matches('|').count() - 1;
    let mut lines = table.lines();
    let header = cells(lines.next().unwrap());
    for line in lines {
        assert_eq!(cells(line), header, "row with another column count: {line}");
    }
    assert!(
        table.lines().count() >= 102,
        "at least 100 providers listed"
    );
}
