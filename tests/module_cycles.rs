//! The shape of `src/verify/` that review asks for, checked from the source text: its files
//! import each other without a cycle, no file is over 500 lines except the data tables, and
//! no function is over 100 lines.
//!
//! A file's imports are its `super::x` and `crate::verify::x` paths (outside its
//! `#[cfg(test)]` module, where `super` is the file itself): `x` is the sibling file `x.rs`
//! when there is one, else an item of `mod.rs`. `mod.rs` depends on every file it declares,
//! so a file that imports an item from `mod.rs` closes a cycle.

use std::collections::BTreeMap;
use std::path::Path;

/// Files allowed past 500 lines: one row per provider, with at most a few short hooks.
const DATA_TABLES: &[&str] = &["hmac_body"];

/// Every `.rs` file of a module directory: stem (`mod` for mod.rs) → text.
fn sources(dir: &Path) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(dir).expect("reading the module directory") {
        let path = entry.expect("a directory entry").path();
        if path.extension().is_some_and(|e| e == "rs") {
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&path).expect("reading a source file");
            files.insert(stem, text);
        }
    }
    files
}

/// The code of a file without comments and without its test module.
fn code(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or("");
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The first path segment of each item of a `{a::b, c, d::{e, f}}` group.
fn group_heads(group: &str) -> Vec<String> {
    let (mut depth, mut item, mut heads) = (0, String::new(), Vec::new());
    for ch in group.chars() {
        match ch {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => heads.push(std::mem::take(&mut item)),
            _ if depth == 0 => item.push(ch),
            _ => {}
        }
    }
    heads.push(item);
    heads
        .iter()
        .filter_map(|i| i.trim().split("::").next().map(|h| h.trim().to_string()))
        .filter(|h| !h.is_empty())
        .collect()
}

/// The names a file reaches through `prefix` (`super::`, `crate::verify::`).
fn reached(code: &str, prefix: &str) -> Vec<String> {
    let mut names = Vec::new();
    for (at, _) in code.match_indices(prefix) {
        let rest = &code[at + prefix.len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = matching_brace(group);
            names.extend(group_heads(&group[..end]));
        } else {
            let ident: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            names.push(ident);
        }
    }
    names
}

/// The index of the `}` closing a group whose `{` was just consumed.
fn matching_brace(s: &str) -> usize {
    let mut depth = 1;
    for (i, ch) in s.char_indices() {
        match ch {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    s.len()
}

/// file → the files it imports.
fn graph(files: &BTreeMap<String, String>) -> BTreeMap<String, Vec<String>> {
    let mut edges: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, text) in files {
        let code = code(text);
        let mut to: Vec<String> = Vec::new();
        if name == "mod" {
            for line in code.lines() {
                let line = line.trim();
                let decl = line.strip_prefix("pub ").unwrap_or(line);
                if let Some(m) = decl.strip_prefix("mod ").and_then(|m| m.strip_suffix(';')) {
                    to.push(m.trim().to_string());
                }
            }
        } else {
            for target in reached(&code, "super::")
                .into_iter()
                .chain(reached(&code, "crate::verify::"))
            {
                let file = if files.contains_key(&target) && target != "mod" {
                    target
                } else {
                    "mod".to_string()
                };
                to.push(file);
            }
        }
        to.retain(|t| t != name);
        to.sort();
        to.dedup();
        edges.insert(name.clone(), to);
    }
    edges
}

/// A cycle in the graph, as the files along it, if there is one.
fn find_cycle(edges: &BTreeMap<String, Vec<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        edges: &BTreeMap<String, Vec<String>>,
        state: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        match state.get(node) {
            Some(2) => return None,
            Some(1) => {
                let start = path.iter().position(|p| p == node).unwrap_or(0);
                let mut cycle = path[start..].to_vec();
                cycle.push(node.to_string());
                return Some(cycle);
            }
            _ => {}
        }
        state.insert(node.to_string(), 1);
        path.push(node.to_string());
        for next in edges.get(node).into_iter().flatten() {
            if let Some(c) = visit(next, edges, state, path) {
                return Some(c);
            }
        }
        path.pop();
        state.insert(node.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    edges
        .keys()
        .find_map(|n| visit(n, edges, &mut state, &mut Vec::new()))
}

fn verify_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src/verify")
}

#[test]
fn verify_files_import_without_a_cycle() {
    let files = sources(&verify_dir());
    assert!(files.len() > 20, "src/verify has its files");
    let edges = graph(&files);
    if let Some(cycle) = find_cycle(&edges) {
        panic!("import cycle in src/verify: {}", cycle.join(" → "));
    }
    // The facade depends on everything; nothing depends on the facade.
    assert!(edges["mod"].len() + 1 >= files.len());
    for (file, to) in &edges {
        assert!(
            !to.contains(&"mod".to_string()),
            "{file}.rs imports from mod.rs"
        );
    }
}

#[test]
fn the_checker_sees_cycles_and_grouped_imports() {
    let files: BTreeMap<String, String> = [
        ("mod", "mod a;\nmod b;\nmod c;\n"),
        ("a", "use super::{b::{X, Y}, c};\n"),
        ("b", "use super::c::Z;\n"),
        (
            "c",
            "fn f() { super::a::g(); }\n#[cfg(test)]\nmod tests { use super::*; }\n",
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let edges = graph(&files);
    assert_eq!(edges["a"], ["b", "c"]);
    assert_eq!(edges["c"], ["a"]);
    let cycle = find_cycle(&edges).expect("a → c → a is a cycle");
    assert!(cycle.contains(&"a".to_string()) && cycle.contains(&"c".to_string()));

    let mut fixed = files.clone();
    fixed.insert("c".into(), "// super::a::g() is gone\nfn f() {}\n".into());
    assert_eq!(find_cycle(&graph(&fixed)), None);
    // An item of mod.rs counts as mod.rs, which depends on everything.
    fixed.insert("b".into(), "use super::Context;\n".into());
    assert!(find_cycle(&graph(&fixed)).is_some());
}

#[test]
fn verify_files_and_functions_stay_short() {
    for (file, text) in sources(&verify_dir()) {
        let lines = text.lines().count();
        if !DATA_TABLES.contains(&file.as_str()) {
            assert!(lines <= 500, "src/verify/{file}.rs has {lines} lines");
        }
        // rustfmt closes a function with `}` at the indentation that opened it.
        let all: Vec<&str> = text.lines().collect();
        for (i, line) in all.iter().enumerate() {
            let body = line.trim_start();
            let indent = &line[..line.len() - body.len()];
            let body = body.strip_prefix("pub(crate) ").unwrap_or(body);
            let body = body.strip_prefix("pub ").unwrap_or(body);
            if !body.starts_with("fn ") || line.ends_with(';') {
                continue;
            }
            let close = format!("{indent}}}");
            let end = all[i..].iter().position(|l| *l == close).unwrap_or(0);
            assert!(
                end < 100,
                "src/verify/{file}.rs:{}: a function of {} lines",
                i + 1,
                end + 1
            );
        }
    }
}
