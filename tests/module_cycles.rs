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

// ---- The whole of `src/` ----------------------------------------------------------------
//
// Every file of the library is a module (`src/a/b.rs` and `src/a/b/mod.rs` are `a::b`). A
// file depends on the file of each module its paths name: `crate::a::b::C` is the longest
// prefix that is a module (`a::b`), `super::`/`self::` count from the file's own module, and
// a bare `child::x` names a child module the file declares. A `mod x;` declaration alone is
// not an import. Test modules (`#[cfg(test)] mod …`, inline or in their own file) may reach
// anything and are left out.

/// Imports left out of the check, each with its reason (none today).
const KNOWN_EDGES: &[(&str, &str)] = &[];

/// Files that are not modules of the library: the binary's entry and the build script.
const NOT_LIBRARY: &[&str] = &["main.rs", "build.rs"];

/// One module of the library: its path from the crate root and its text.
struct Module {
    path: Vec<String>,
    file: String,
    text: String,
}

fn library_modules() -> Vec<Module> {
    fn walk(dir: &Path, rel: &[String], out: &mut Vec<Module>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .expect("reading a source directory")
            .map(|e| e.expect("a directory entry").path())
            .collect();
        entries.sort();
        for path in entries {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                let mut sub = rel.to_vec();
                sub.push(name);
                walk(&path, &sub, out);
                continue;
            }
            let Some(stem) = name.strip_suffix(".rs") else {
                continue;
            };
            if rel.is_empty() && NOT_LIBRARY.contains(&name.as_str()) {
                continue;
            }
            let mut module = rel.to_vec();
            if stem != "mod" && stem != "lib" {
                module.push(stem.to_string());
            }
            let mut file = rel.join("/");
            if !file.is_empty() {
                file.push('/');
            }
            file.push_str(&name);
            let text = std::fs::read_to_string(&path).expect("reading a source file");
            out.push(Module {
                path: module,
                file,
                text,
            });
        }
    }
    let mut out = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &[],
        &mut out,
    );
    out
}

/// The text without comment lines and without `#[cfg(test)]` modules; and the names of the
/// test modules declared as files (`#[cfg(test)] mod x;`).
fn library_code(text: &str) -> (String, Vec<String>) {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect();
    let (mut out, mut test_files, mut i) = (Vec::new(), Vec::new(), 0);
    while i < lines.len() {
        let line = lines[i].trim();
        let next = lines.get(i + 1).map(|l| l.trim()).unwrap_or("");
        let next = next.strip_prefix("pub(crate) ").unwrap_or(next);
        let next = next.strip_prefix("pub ").unwrap_or(next);
        if line == "#[cfg(test)]" && next.starts_with("mod ") {
            if let Some(name) = next.strip_prefix("mod ").and_then(|n| n.strip_suffix(';')) {
                test_files.push(name.trim().to_string());
                i += 2;
                continue;
            }
            // An inline test module: skip to the `}` at its own indentation.
            let indent = &lines[i + 1][..lines[i + 1].len() - lines[i + 1].trim_start().len()];
            let close = format!("{indent}}}");
            let end = lines[i + 1..]
                .iter()
                .position(|l| *l == close)
                .map_or(lines.len(), |e| i + 1 + e);
            i = end + 1;
            continue;
        }
        out.push(lines[i]);
        i += 1;
    }
    (out.join("\n"), test_files)
}

/// The full paths of a use tree written after a prefix: `a::b::C` gives `[a, b, C]`,
/// `{a::B, c::{D, E}}` gives `[a, B]`, `[c, D]`, `[c, E]`.
fn use_paths(rest: &str) -> Vec<Vec<String>> {
    let mut segments = Vec::new();
    let mut s = rest;
    loop {
        if let Some(group) = s.strip_prefix('{') {
            let end = matching_brace(group);
            let inner = &group[..end];
            let (mut depth, mut start, mut items) = (0, 0, Vec::new());
            for (i, ch) in inner.char_indices() {
                match ch {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        items.push(&inner[start..i]);
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            items.push(&inner[start..]);
            let mut out = Vec::new();
            // A trailing comma leaves an empty item: it names nothing.
            for item in items.into_iter().filter(|i| !i.trim().is_empty()) {
                for tail in use_paths(item.trim_start()) {
                    let mut p = segments.clone();
                    p.extend(tail);
                    out.push(p);
                }
            }
            return out;
        }
        let ident: String = s
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if ident.is_empty() {
            break;
        }
        s = &s[ident.len()..];
        if ident != "self" {
            segments.push(ident);
        }
        match s.trim_start().strip_prefix("::") {
            Some(after) => s = after.trim_start(),
            None => break,
        }
    }
    vec![segments]
}

/// module path → file of the library, and the set of test-only modules.
fn library_graph(modules: &[Module]) -> BTreeMap<String, Vec<String>> {
    let by_path: BTreeMap<Vec<String>, &Module> =
        modules.iter().map(|m| (m.path.clone(), m)).collect();
    let mut tests: Vec<Vec<String>> = Vec::new();
    let mut code_of = BTreeMap::new();
    for m in modules {
        let (code, test_files) = library_code(&m.text);
        for t in test_files {
            let mut p = m.path.clone();
            p.push(t);
            tests.push(p);
        }
        code_of.insert(m.file.clone(), code);
    }
    let is_test = |p: &[String]| tests.iter().any(|t| p.starts_with(t));
    let resolve = |base: &[String], tail: &[String]| -> Option<String> {
        let mut full = base.to_vec();
        let mut found = None;
        for seg in tail {
            full.push(seg.clone());
            match by_path.get(&full) {
                Some(m) => found = Some(m.file.clone()),
                None => break,
            }
        }
        found.or_else(|| by_path.get(base).map(|m| m.file.clone()))
    };
    let test_files: Vec<String> = (modules.iter())
        .filter(|m| is_test(&m.path))
        .map(|m| m.file.clone())
        .collect();
    let mut edges = BTreeMap::new();
    for m in modules.iter().filter(|m| !is_test(&m.path)) {
        let code = &code_of[&m.file];
        let children: Vec<&String> = modules
            .iter()
            .filter(|c| c.path.len() == m.path.len() + 1 && c.path.starts_with(&m.path))
            .map(|c| c.path.last().unwrap())
            .collect();
        let mut to = Vec::new();
        for (at, _) in code.match_indices("::") {
            // The identifier before this `::`, when it starts a path.
            let start = code[..at]
                .rfind(|c: char| !(c.is_alphanumeric() || c == '_'))
                .map_or(0, |s| s + 1);
            let head = &code[start..at];
            let before = code[..start].trim_end();
            if head.is_empty() || before.ends_with("::") {
                continue;
            }
            let rest = code[at + 2..].trim_start();
            let (base, tail) = match head {
                "crate" => (Vec::new(), use_paths(rest)),
                "self" => (m.path.clone(), use_paths(rest)),
                "super" => {
                    let mut base = m.path.clone();
                    base.pop();
                    let mut rest = rest;
                    while let Some(r) = rest.strip_prefix("super::") {
                        base.pop();
                        rest = r.trim_start();
                    }
                    (base, use_paths(rest))
                }
                h if children.iter().any(|c| *c == h) => {
                    let mut paths = use_paths(rest);
                    for p in &mut paths {
                        p.insert(0, h.to_string());
                    }
                    (m.path.clone(), paths)
                }
                _ => continue,
            };
            for path in tail {
                if let Some(file) = resolve(&base, &path)
                    && !test_files.contains(&file)
                {
                    to.push(file);
                }
            }
        }
        to.retain(|t| *t != m.file && !KNOWN_EDGES.contains(&(m.file.as_str(), t.as_str())));
        to.sort();
        to.dedup();
        edges.insert(m.file.clone(), to);
    }
    edges
}

#[test]
fn library_files_import_without_a_cycle() {
    let modules = library_modules();
    assert!(modules.len() > 100, "src/ has its files");
    let edges = library_graph(&modules);
    let groups = tangles(&edges);
    if std::env::var_os("SHOW_EDGES").is_some() {
        for g in &groups {
            for f in g {
                let inside: Vec<&String> = edges[f].iter().filter(|t| g.contains(t)).collect();
                eprintln!("{f} -> {inside:?}");
            }
        }
    }
    assert!(
        groups.is_empty(),
        "files of src/ that import each other in a cycle:\n{}",
        groups
            .iter()
            .map(|g| format!("  {}", g.join(", ")))
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert_eq!(find_cycle(&edges), None);
}

/// The groups of files that reach each other (strongly connected, more than one file).
fn tangles(edges: &BTreeMap<String, Vec<String>>) -> Vec<Vec<String>> {
    let reach = |from: &str| {
        let mut seen = std::collections::BTreeSet::new();
        let mut todo = vec![from.to_string()];
        while let Some(n) = todo.pop() {
            for next in edges.get(&n).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    todo.push(next.clone());
                }
            }
        }
        seen
    };
    let reaches: BTreeMap<&String, _> = edges.keys().map(|k| (k, reach(k))).collect();
    let mut groups: Vec<Vec<String>> = Vec::new();
    for (node, from) in &reaches {
        if groups.iter().any(|g| g.contains(node)) || !from.contains(*node) {
            continue;
        }
        let group = from
            .iter()
            .filter(|other| reaches.get(other).is_some_and(|r| r.contains(*node)))
            .cloned()
            .collect();
        groups.push(group);
    }
    groups
}

/// `src/` files allowed past 500 lines: data tables (one row per provider).
const LIBRARY_DATA_TABLES: &[&str] = &["verify/hmac_body.rs"];

/// The line of each function over 100 lines, and its length. rustfmt closes a function with
/// `}` at the indentation that opened it; `pub(…)`, `async`, `const` and `unsafe` are skipped.
fn long_functions(text: &str) -> Vec<(usize, usize)> {
    let all: Vec<&str> = text.lines().collect();
    let mut long = Vec::new();
    for (i, line) in all.iter().enumerate() {
        let mut body = line.trim_start();
        let indent = &line[..line.len() - body.len()];
        if let Some(rest) = body.strip_prefix("pub") {
            body = match rest.strip_prefix('(') {
                Some(r) => r.split_once(')').map_or(r, |(_, after)| after),
                None => rest,
            }
            .trim_start();
        }
        for word in ["const ", "async ", "unsafe "] {
            body = body.strip_prefix(word).unwrap_or(body);
        }
        if !body.starts_with("fn ") || line.ends_with(';') {
            continue;
        }
        let close = format!("{indent}}}");
        let end = all[i..].iter().position(|l| *l == close).unwrap_or(0);
        if end >= 100 {
            long.push((i + 1, end + 1));
        }
    }
    long
}

#[test]
fn library_files_and_functions_stay_short() {
    let mut problems = Vec::new();
    for m in library_modules() {
        let lines = m.text.lines().count();
        if lines > 500 && !LIBRARY_DATA_TABLES.contains(&m.file.as_str()) {
            problems.push(format!("src/{} has {lines} lines", m.file));
        }
        for (at, len) in long_functions(&m.text) {
            problems.push(format!("src/{}:{at}: a function of {len} lines", m.file));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_length_check_sees_async_and_restricted_functions() {
    let body = "    x();\n".repeat(100);
    for head in [
        "fn f() {",
        "pub(super) async fn f() {",
        "pub async fn f() {",
    ] {
        let text = format!("{head}\n{body}}}\n");
        assert_eq!(long_functions(&text), [(1, 102)], "{head}");
    }
    let short = format!("async fn f() {{\n{}}}\n", "    x();\n".repeat(98));
    assert!(long_functions(&short).is_empty());
}
