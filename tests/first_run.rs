//! What a new user meets in the first minutes: positions that agree across formats, a mistyped
//! path, files of the wrong kind.

use assert_cmd::Command;
use serde_json::Value;

fn streamlint() -> Command {
    let mut cmd = Command::cargo_bin("streamlint").unwrap();
    cmd.env_remove("GITHUB_ACTIONS")
        .env_remove("CLICOLOR_FORCE")
        .env("NO_COLOR", "1");
    cmd
}

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

/// The human report's `file:line:column` counts characters, like JSON, short and SARIF.
#[test]
fn the_human_column_counts_characters_like_every_other_format() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        &dir,
        "u.stream.yaml",
        "stream: x\ncards:\n  - { type: message, text: \"é😀\" }\n  - { type: message, text: \"é😀 hello\", poke: true }\n",
    );
    let out = streamlint()
        .args(["check", "--format", "json", &path])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &report["diagnostics"][0];
    assert_eq!(d["rule"], "poke-not-first");
    let (line, column) = (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap());
    let out = streamlint().args(["check", &path]).output().unwrap();
    let human = String::from_utf8(out.stdout).unwrap();
    assert!(
        human.contains(&format!("u.stream.yaml:{line}:{column}]")),
        "human report shows {line}:{column}:\n{human}"
    );
}

/// A mistyped path: the error alone, no "0 errors in 0 files" and no roster note beside it.
#[test]
fn a_missing_path_alone_prints_only_its_error() {
    let out = streamlint().args(["check", "nope.yaml"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: nope.yaml: no such file or directory\n"
    );
    // With a file that was checked, the summary and the note are still there.
    let out = streamlint()
        .args(["check", "nope.yaml", "fixtures/pricing.stream.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).contains("in 1 file"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("routing rules skipped"));
}

/// The README's rules table is one table (no blank line splits it) naming every rule.
#[test]
fn the_readme_rules_table_lists_every_rule_in_one_table() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme
        .find("| rule | default | what it catches |")
        .expect("README has a rules table");
    let table: Vec<&str> = readme[start..]
        .lines()
        .take_while(|l| l.starts_with('|'))
        .collect();
    for rule in streamlint::rules::ALL {
        assert!(
            table
                .iter()
                .any(|row| row.starts_with(&format!("| `{}` |", rule.name))),
            "rule `{}` missing from the README's rules table (or after a blank line)",
            rule.name
        );
    }
}

/// A suppression written just under the line it meant says where that finding is.
#[test]
fn an_unused_suppression_points_at_the_finding_it_could_have_meant_above_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        &dir,
        "s.stream.yaml",
        "stream: x\ncards:\n  - type: question\n    text: Talk?\n    answers:\n      - label: \"Yes\"\n        cards:\n          - type: info_capture\n            fields:\n            # streamlint: ignore[info-capture-missing-name-email] -- job title is enough\n              - attribute: job_title\n          - type: live_chat\n            route: round_robin\n      - label: \"No\"\n        cards: [{ type: message, text: Bye }]\n",
    );
    let out = streamlint()
        .args(["check", "--format", "json", &path])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let unused = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "unused-suppression")
        .expect("the suppression is unused");
    assert_eq!(unused["line"], 10);
    assert_eq!(
        unused["help"],
        "`info-capture-missing-name-email` reports on line 9: move the comment to the end of that \
         line, or alone just above it"
    );
}
