//! `action.yml` (the GitHub Action) stays in step with itself and with the binary: every input
//! it uses is declared and every declared input is used, every environment variable a step sets
//! is read by its script, and every `streamlint COMMAND --flag` its scripts run exists.
//!
//! The file is read with streamlint's own YAML layer, so positions and structure are exact.

use std::collections::BTreeSet;
use std::path::Path;

use assert_cmd::Command;
use streamlint::parse::yaml::{self, Document, NodeId, Value};
use streamlint::source::SourceFile;

fn action() -> Document {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("action.yml");
    let text = std::fs::read_to_string(&path).expect("action.yml at the repository root");
    yaml::load(&SourceFile::new("action.yml", text)).expect("action.yml is valid YAML")
}

fn scalar(doc: &Document, id: NodeId) -> Option<&str> {
    match doc.value(doc.resolve(id)) {
        Value::Scalar { text, .. } => Some(text),
        _ => None,
    }
}

fn get(doc: &Document, map: NodeId, key: &str) -> Option<NodeId> {
    match doc.value(doc.resolve(map)) {
        Value::Map(entries) => entries
            .iter()
            .find(|(k, _)| scalar(doc, *k) == Some(key))
            .map(|(_, v)| v),
        _ => None,
    }
}

fn entries(doc: &Document, map: NodeId) -> Vec<(NodeId, NodeId)> {
    match doc.value(doc.resolve(map)) {
        Value::Map(entries) => entries.iter().collect(),
        _ => Vec::new(),
    }
}

fn items(doc: &Document, seq: NodeId) -> Vec<NodeId> {
    match doc.value(doc.resolve(seq)) {
        Value::Seq(items) => items.to_vec(),
        _ => Vec::new(),
    }
}

/// Every scalar below `id` (keys and values).
fn scalars<'a>(doc: &'a Document, id: NodeId, out: &mut Vec<&'a str>) {
    match doc.value(doc.resolve(id)) {
        Value::Scalar { text, .. } => out.push(text),
        Value::Seq(items) => items.iter().for_each(|i| scalars(doc, i, out)),
        Value::Map(entries) => entries.iter().for_each(|(k, v)| {
            scalars(doc, k, out);
            scalars(doc, v, out);
        }),
        Value::Alias(_) => {}
    }
}

/// The names `inputs.NAME` refers to inside `${{ ... }}` expressions of `text`.
fn inputs_referenced(text: &str, out: &mut BTreeSet<String>) {
    let mut rest = text;
    while let Some(start) = rest.find("${{") {
        let after = &rest[start + 3..];
        let end = after.find("}}").expect("an expression is closed with }}");
        let expression = &after[..end];
        for (at, _) in expression.match_indices("inputs.") {
            let name: String = expression[at + "inputs.".len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            out.insert(name);
        }
        rest = &after[end..];
    }
}

fn root_and_steps(doc: &Document) -> (NodeId, Vec<NodeId>) {
    let root = doc.root.expect("action.yml is not empty");
    let runs = get(doc, root, "runs").expect("action.yml has `runs`");
    assert_eq!(
        get(doc, runs, "using").and_then(|u| scalar(doc, u)),
        Some("composite")
    );
    let steps = get(doc, runs, "steps").expect("`runs.steps`");
    (root, items(doc, steps))
}

#[test]
fn every_input_used_is_declared_and_every_declared_input_is_used() {
    let doc = action();
    let (root, _) = root_and_steps(&doc);
    let inputs = get(&doc, root, "inputs").expect("action.yml declares inputs");
    let declared: BTreeSet<String> = entries(&doc, inputs)
        .iter()
        .map(|(k, _)| scalar(&doc, *k).unwrap().to_string())
        .collect();
    for (name, input) in entries(&doc, inputs) {
        let name = scalar(&doc, name).unwrap();
        let description = get(&doc, input, "description").and_then(|d| scalar(&doc, d));
        assert!(
            description.is_some_and(|d| !d.is_empty()),
            "input `{name}` has no description"
        );
    }

    let mut texts = Vec::new();
    scalars(&doc, get(&doc, root, "runs").unwrap(), &mut texts);
    let mut used = BTreeSet::new();
    for text in texts {
        inputs_referenced(text, &mut used);
    }
    assert!(
        used.contains("paths") && used.contains("roster") && used.contains("format"),
        "{used:?}"
    );
    let undeclared: Vec<_> = used.difference(&declared).collect();
    assert!(
        undeclared.is_empty(),
        "used but not declared: {undeclared:?}"
    );
    let unused: Vec<_> = declared.difference(&used).collect();
    assert!(unused.is_empty(), "declared but never used: {unused:?}");
}

#[test]
fn every_environment_variable_a_step_sets_is_read_by_its_script() {
    let doc = action();
    let (_, steps) = root_and_steps(&doc);
    for step in steps {
        let (Some(env), Some(run)) = (get(&doc, step, "env"), get(&doc, step, "run")) else {
            continue;
        };
        let run = scalar(&doc, run).unwrap();
        for (name, _) in entries(&doc, env) {
            let name = scalar(&doc, name).unwrap();
            assert!(
                run.contains(&format!("${name}")) || run.contains(&format!("${{{name}")),
                "`{name}` is set but the step's script never reads it:\n{run}"
            );
        }
    }
}

/// `streamlint` invocations in a script: (command, or `None` for a top-level flag; its flags).
fn invocations(script: &str) -> Vec<(Option<String>, Vec<String>)> {
    let mut found = Vec::new();
    for line in script.lines() {
        for (at, _) in line.match_indices("streamlint") {
            let before = line[..at].chars().next_back();
            if !matches!(before, None | Some(' ' | '/' | '(')) {
                continue; // e.g. `$STREAMLINT_…`, or a word that only ends in it
            }
            let rest = line[at + "streamlint".len()..].trim_start_matches('"');
            if !rest.starts_with(' ') {
                continue; // `streamlint-venv`, `streamlint.sarif`: a path, not the binary
            }
            let mut words = rest.split_whitespace();
            let first = words.next().unwrap_or_default();
            let command = (!first.starts_with('-')).then(|| first.to_string());
            let flags = std::iter::once(first)
                .chain(words)
                .filter_map(|word| {
                    let at = word.find("--")?;
                    let flag: String = word[at..]
                        .chars()
                        .take_while(|c| *c == '-' || c.is_ascii_alphanumeric())
                        .collect();
                    (flag.len() > 2).then_some(flag)
                })
                .collect();
            found.push((command, flags));
        }
    }
    found
}

#[test]
fn every_streamlint_command_and_flag_the_action_runs_exists() {
    let doc = action();
    let (_, steps) = root_and_steps(&doc);
    let mut all = Vec::new();
    for step in steps {
        if let Some(run) = get(&doc, step, "run") {
            all.extend(invocations(scalar(&doc, run).unwrap()));
        }
    }
    let checks: Vec<_> = all
        .iter()
        .filter(|(c, _)| c.as_deref() == Some("check"))
        .collect();
    assert!(!checks.is_empty(), "the action runs `streamlint check`");
    assert!(
        checks
            .iter()
            .all(|(_, flags)| flags.contains(&"--format".to_string())
                && flags.contains(&"--roster".to_string())),
        "{checks:?}"
    );
    assert!(
        all.iter()
            .any(|(c, f)| c.is_none() && f == &["--version".to_string()]),
        "the install step prints `streamlint --version`: {all:?}"
    );
    for (command, flags) in &all {
        let mut cmd = Command::cargo_bin("streamlint").unwrap();
        cmd.args(command.iter()).arg("--help");
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "`streamlint {command:?} --help` fails"
        );
        let help = String::from_utf8(out.stdout).unwrap();
        for flag in flags {
            let documented = help.match_indices(flag.as_str()).any(|(at, _)| {
                let next = help[at + flag.len()..].chars().next();
                !matches!(next, Some(c) if c == '-' || c.is_ascii_alphanumeric())
            });
            assert!(
                documented,
                "`streamlint {} {flag}`: no such flag",
                command.as_deref().unwrap_or("")
            );
        }
    }
}

#[test]
fn the_default_format_is_one_check_accepts() {
    let doc = action();
    let (root, _) = root_and_steps(&doc);
    let format = get(&doc, root, "inputs")
        .and_then(|i| get(&doc, i, "format"))
        .and_then(|f| get(&doc, f, "default"))
        .and_then(|d| scalar(&doc, d))
        .expect("the `format` input has a default");
    // Empty means no `--format` (the report GitHub Actions gets by default).
    let format_flag = if format.is_empty() {
        vec![]
    } else {
        vec!["--format", format]
    };
    Command::cargo_bin("streamlint")
        .unwrap()
        .arg("check")
        .args(format_flag)
        .args(["--", "fixtures/demo"])
        .assert()
        .code(0);
}

#[test]
fn the_scanner_finds_invocations_and_skips_look_alikes() {
    let found = invocations(
        "\"$venv/bin/streamlint\" --version\n\
         echo \"$RUNNER_TEMP/streamlint-venv\" $STREAMLINT_PATHS\n\
         streamlint check --format sarif ${R:+--roster \"$R\"} -- a b > x.sarif",
    );
    assert_eq!(
        found,
        vec![
            (None, vec!["--version".to_string()]),
            (
                Some("check".to_string()),
                vec!["--format".to_string(), "--roster".to_string()]
            ),
        ]
    );
}
