//! The README's generated sections (provider table, delivery table, trigger catalog) come
//! from the code; each test fails when its section is stale. Regenerate them all with
//! `UPDATE_README=1 cargo test --test readme`.

/// Held from reading README.md to writing it: the tests run on parallel threads, and under
/// `UPDATE_README` each rewrites the whole file, so without it one test's write can drop
/// another's section (or its markers) mid-splice.
static README_LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Splice `table` between the `<!-- NAME:start -->` / `<!-- NAME:end -->` markers; write the
/// README under `UPDATE_README`, else fail when it differs.
fn check_section(name: &str, table: &str) {
    // A test that failed while holding the lock left the file whole (it writes once, at the
    // end), so a poisoned lock is still safe to take.
    let _guard = README_LOCK
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let start = format!("<!-- {name}:start -->\n");
    let end = format!("<!-- {name}:end -->");
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(path).unwrap();
    let (head, rest) = readme
        .split_once(&start)
        .unwrap_or_else(|| panic!("README lacks the {name}:start marker"));
    let (_, tail) = rest
        .split_once(&end)
        .unwrap_or_else(|| panic!("README lacks the {name}:end marker"));
    let fresh = format!("{head}{start}{table}{end}{tail}");
    if std::env::var_os("UPDATE_README").is_some() {
        std::fs::write(path, &fresh).unwrap();
        return;
    }
    assert!(
        fresh == readme,
        "README {name} section is stale: run UPDATE_README=1 cargo test --test readme"
    );
}

#[test]
fn readme_provider_table_matches_the_registry() {
    let table = hookcli::commands::providers::markdown_table();
    check_section("providers", &table);
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

#[test]
fn readme_delivery_table_matches_the_data() {
    let table = hookcli::verify::delivery::markdown_table();
    check_section("deliveries", &table);
    assert!(table.contains("| slack | 3 s | at once, 1 min, 5 min | body `/event_id` |"));
    assert!(table.contains("| github | 10 s | none automatic | x-github-delivery |"));
}

#[test]
fn readme_trigger_catalog_matches_the_files() {
    check_section(
        "trigger-catalog",
        &hookcli::commands::trigger::markdown_catalog(),
    );
}
