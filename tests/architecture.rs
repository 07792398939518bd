//! The crate's layers (docs/design.md "Layers"): the top-level modules import each other in one
//! direction only. This reads `src/**/*.rs`, collects the `crate::<module>` paths each top-level
//! module uses (code only: comments and doc links are not imports; tests inside the module count),
//! and fails on any cycle, printing it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src is readable") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The text without `//` comments (line and doc comments, which may link anywhere).
fn code_only(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("//") {
            Some(i) => &line[..i],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The identifiers following `prefix` in `code` (`crate::graph::Graph` gives `graph`).
fn modules_after(code: &str, prefix: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = code;
    while let Some(i) = rest.find(prefix) {
        let before = rest[..i].chars().next_back();
        rest = &rest[i + prefix.len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // `$crate::` is the same crate, handled with `crate::`; skip `foocrate::`
        }
        let ident: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if !ident.is_empty() {
            out.insert(ident);
        }
    }
    out
}

/// Top-level module -> the other top-level modules it uses.
fn import_graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let module_of = |path: &Path| -> Option<String> {
        let rel = path.strip_prefix(&src).ok()?;
        let first = rel.components().next()?.as_os_str().to_str()?.to_string();
        let name = first.strip_suffix(".rs").unwrap_or(&first).to_string();
        (name != "lib" && name != "main").then_some(name)
    };
    let modules: BTreeSet<String> = files.iter().filter_map(|f| module_of(f)).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = modules
        .iter()
        .map(|m| (m.clone(), BTreeSet::new()))
        .collect();
    for file in &files {
        let Some(module) = module_of(file) else {
            continue;
        };
        let code = code_only(&std::fs::read_to_string(file).expect("source is readable"));
        let mut used = modules_after(&code, "crate::");
        // `super::x` in a top-level file (or a directory module's mod.rs) names the crate root.
        let top_level = file.parent() == Some(src.as_path())
            || (file.parent().and_then(|p| p.parent()) == Some(src.as_path())
                && file.file_name().is_some_and(|n| n == "mod.rs"));
        if top_level {
            used.extend(modules_after(&code, "super::"));
        }
        for other in used {
            if other != module && modules.contains(&other) {
                graph.get_mut(&module).unwrap().insert(other);
            }
        }
    }
    graph
}

/// A cycle through `start`, if there is one: the modules in order, `start` first.
fn cycle_through(graph: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    // Depth-first search for a path from `start`'s successors back to `start`.
    let mut stack: Vec<(String, Vec<String>)> = vec![(start.to_string(), vec![start.to_string()])];
    let mut seen = BTreeSet::new();
    while let Some((node, path)) = stack.pop() {
        for next in &graph[&node] {
            if next == start {
                return Some(path);
            }
            if seen.insert(next.clone()) {
                let mut longer = path.clone();
                longer.push(next.clone());
                stack.push((next.clone(), longer));
            }
        }
    }
    None
}

#[test]
fn the_module_import_graph_has_no_cycle() {
    let graph = import_graph();
    assert!(graph.len() > 10, "the source tree was found: {graph:?}");
    let cycles: Vec<String> = graph
        .keys()
        .filter_map(|m| cycle_through(&graph, m))
        .map(|c| format!("{} -> {}", c.join(" -> "), c[0]))
        .collect();
    assert!(
        cycles.is_empty(),
        "a lower layer imports a higher one (docs/design.md, Layers):\n{}",
        cycles.join("\n")
    );
}

#[test]
fn the_leaf_modules_import_nothing_above_them() {
    let graph = import_graph();
    assert_eq!(
        graph["rule_meta"],
        BTreeSet::new(),
        "rule_meta is the bottom"
    );
    for low in ["source", "finding", "shape", "model"] {
        for high in [
            "rules", "graph", "parse", "check", "cli", "config", "policy", "report",
        ] {
            assert!(
                !graph[low].contains(high),
                "`{low}` must not import `{high}`"
            );
        }
    }
}

#[test]
fn only_the_yaml_loader_runs_the_yaml_parser() {
    // One parse per file: every later pass reads the loader's document.
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let users: Vec<String> = files
        .iter()
        .filter(|f| code_only(&std::fs::read_to_string(f).unwrap()).contains("saphyr_parser"))
        .map(|f| f.strip_prefix(&src).unwrap().display().to_string())
        .collect();
    assert_eq!(users, ["parse/yaml.rs"]);
}

#[test]
fn the_detector_finds_a_cycle() {
    // The checker itself: a made-up graph with a cycle is caught, an acyclic one is not.
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    graph.insert("a".into(), ["b".to_string()].into());
    graph.insert("b".into(), ["c".to_string()].into());
    graph.insert("c".into(), BTreeSet::new());
    assert_eq!(cycle_through(&graph, "a"), None);
    graph.get_mut("c").unwrap().insert("a".into());
    assert_eq!(
        cycle_through(&graph, "a"),
        Some(vec!["a".to_string(), "b".to_string(), "c".to_string()])
    );
    assert_eq!(
        modules_after(
            "use crate::graph::{Graph};\nx = crate::model::Y;",
            "crate::"
        ),
        ["graph".to_string(), "model".to_string()].into()
    );
}
