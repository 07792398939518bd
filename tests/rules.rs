//! Every rule has a failing and a passing fixture under `fixtures/rules/<rule>/`. This test runs
//! `check` on each (with `--roster` when the folder holds a `roster.yaml`, or a `fail.roster.yaml`
//! / `pass.roster.yaml` for rules about the roster itself), asserts that the
//! failing one reports the rule and the passing one reports nothing at all, and snapshots the
//! human (colour off) and JSON outputs.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn run(file: &str, roster: Option<&str>, format: &str) -> (String, i32) {
    let mut cmd = Command::cargo_bin("streamlint").unwrap();
    cmd.args(["--color", "never", "check", "--format", format, file]);
    if let Some(roster) = roster {
        cmd.args(["--roster", roster]);
    }
    let out = cmd.env_remove("GITHUB_ACTIONS").output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap(),
    )
}

fn rules_in(json: &str) -> Vec<String> {
    let v: Value = serde_json::from_str(json).expect("valid JSON");
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_string())
        .collect()
}

/// A rule about visitors files (stale routing tests) is reported by `simulate --visitors`, on
/// standard error: its folder holds `stream.stream.yaml`, `roster.yaml` and
/// `fail.visitors.yaml` / `pass.visitors.yaml`.
fn check_visitors_rule(rule: &streamlint::rules::Rule, dir: &str) -> usize {
    for kind in ["fail", "pass"] {
        let out = Command::cargo_bin("streamlint")
            .unwrap()
            .args(["--color", "never", "simulate"])
            .arg(format!("{dir}/stream.stream.yaml"))
            .arg("--roster")
            .arg(format!("{dir}/roster.yaml"))
            .arg("--visitors")
            .arg(format!("{dir}/{kind}.visitors.yaml"))
            .output()
            .unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        let code = out.status.code().unwrap();
        if kind == "fail" {
            assert!(
                stderr.lines().any(|l| l.trim() == rule.name),
                "{dir}/fail.visitors.yaml: expected `{}`, got {stderr}",
                rule.name
            );
            let expected = i32::from(rule.default_severity == streamlint::finding::Severity::Error);
            assert_eq!(code, expected, "{dir}/fail.visitors.yaml: exit code");
        } else {
            assert_eq!(stderr, "", "{dir}/pass.visitors.yaml: expected no findings");
            assert_eq!(code, 0, "{dir}/pass.visitors.yaml: exit code");
        }
        insta::assert_snapshot!(format!("{}__{kind}_human", rule.name), stderr);
    }
    2
}

#[test]
fn every_rule_fires_on_its_failing_fixture_and_not_on_its_passing_one() {
    let mut checked = 0;
    for rule in streamlint::rules::ALL {
        // No file makes streamlint panic on purpose: `internal-error` is tested by fault
        // injection in tests/hostile.rs (`panic_while_checking_one_file_...`).
        if rule.name == streamlint::rules::internal_error::RULE.name {
            continue;
        }
        let dir = format!("fixtures/rules/{}", rule.name);
        assert!(
            Path::new(&dir).is_dir(),
            "rule `{}` has no fixtures in {dir}",
            rule.name
        );
        if Path::new(&format!("{dir}/fail.visitors.yaml")).exists() {
            checked += check_visitors_rule(rule, &dir);
            continue;
        }
        for kind in ["fail", "pass"] {
            let roster = [
                format!("{dir}/{kind}.roster.yaml"),
                format!("{dir}/roster.yaml"),
            ]
            .into_iter()
            .find(|p| Path::new(p).exists());
            let roster = roster.as_deref();
            let file = format!("{dir}/{kind}.stream.yaml");
            let (json, _) = run(&file, roster, "json");
            let fired = rules_in(&json);
            if kind == "fail" {
                assert!(
                    fired.iter().any(|r| r == rule.name),
                    "{file}: expected `{}`, got {fired:?}",
                    rule.name
                );
            } else {
                assert!(
                    fired.is_empty(),
                    "{file}: expected no findings, got {fired:?}"
                );
            }
            let (human, code) = run(&file, roster, "human");
            let expected_code = if kind == "pass" {
                0
            } else if rule.default_severity == streamlint::finding::Severity::Error {
                1
            } else {
                0
            };
            assert_eq!(code, expected_code, "{file}: exit code");
            insta::assert_snapshot!(format!("{}__{kind}_human", rule.name), human);
            insta::assert_snapshot!(format!("{}__{kind}_json", rule.name), json);
            checked += 1;
        }
    }
    assert!(checked >= 28);
}
