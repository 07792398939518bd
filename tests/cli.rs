//! The command line as users meet it: exit codes, paths, stdin, formats, hostile input.

use std::time::{Duration, Instant};

use assert_cmd::Command;
use serde_json::Value;

fn streamlint() -> Command {
    let mut cmd = Command::cargo_bin("streamlint").unwrap();
    cmd.env_remove("GITHUB_ACTIONS")
        .env_remove("CLICOLOR_FORCE")
        .env("NO_COLOR", "1");
    cmd
}

/// Runs `check --format json` and returns (exit code, report).
fn check_json(args: &[&str]) -> (i32, Value) {
    let out = streamlint()
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let json = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code().unwrap(), json)
}

fn rules_at(report: &Value) -> Vec<(String, u64)> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn clean_example_passes_and_broken_example_fails_at_the_right_lines() {
    let (code, report) = check_json(&["fixtures/pricing.stream.yaml"]);
    assert_eq!(code, 0);
    assert_eq!(report["diagnostics"].as_array().unwrap().len(), 0);

    let (code, report) = check_json(&["fixtures/broken.stream.yaml"]);
    assert_eq!(code, 1);
    assert_eq!(
        rules_at(&report),
        vec![
            ("info-capture-missing-name-email".into(), 7),
            ("live-chat-not-last".into(), 10),
            ("live-chat-without-question".into(), 10),
        ]
    );
    assert_eq!(report["errors"], 3);
    assert_eq!(report["files"], 1);
}

#[test]
fn demo_workspace_is_clean() {
    let out = streamlint()
        .args(["check", "fixtures/demo"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout, "0 errors, 0 warnings in 2 files\n");
}

#[test]
fn json_paths_name_the_answers_of_a_shortest_path() {
    let (_, report) =
        check_json(&["fixtures/rules/live-chat-without-info-capture/fail.stream.yaml"]);
    let d = &report["diagnostics"][0];
    assert_eq!(d["rule"], "live-chat-without-info-capture");
    assert_eq!(d["card"], "known-connect");
    assert_eq!(d["path"], serde_json::json!(["Yes", "email is not empty"]));
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(13), Some(27))
    );
    assert_eq!(
        (d["end_line"].as_u64(), d["end_column"].as_u64()),
        (Some(13), Some(36))
    );
}

#[test]
fn deny_warnings_turns_warnings_into_exit_1() {
    let file = "fixtures/rules/token-without-default/fail.stream.yaml";
    let (code, report) = check_json(&[file]);
    assert_eq!((code, report["warnings"].as_u64()), (0, Some(2)));
    let (code, _) = check_json(&["--deny-warnings", file]);
    assert_eq!(code, 1);
}

#[test]
fn a_missing_path_is_exit_2_but_other_files_are_still_checked() {
    let out = streamlint()
        .args([
            "check",
            "--format",
            "short",
            "no/such/file.stream.yaml",
            "fixtures/broken.stream.yaml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stdout.contains("fixtures/broken.stream.yaml:10:11: error[live-chat-not-last]"));
    assert!(
        stderr.contains("no/such/file.stream.yaml: no such file or directory"),
        "{stderr}"
    );
}

#[test]
fn stdin_is_checked_under_its_stdin_filename() {
    let text = std::fs::read("fixtures/broken.stream.yaml").unwrap();
    let out = streamlint()
        .args([
            "check",
            "--format",
            "short",
            "--stdin-filename",
            "streams/demo.stream.yaml",
            "-",
        ])
        .write_stdin(text)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with("streams/demo.stream.yaml:7:5: error[info-capture-missing-name-email]"),
        "{stdout}"
    );
}

#[test]
fn directories_are_searched_recursively_honouring_gitignore() {
    // Removed when `tmp` is dropped (one of these holds a 96 MB file).
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_path_buf();
    std::fs::create_dir_all(dir.join("streams/nested")).unwrap();
    std::fs::create_dir_all(dir.join("drafts")).unwrap();
    std::fs::copy(
        "fixtures/broken.stream.yaml",
        dir.join("streams/nested/a.stream.yml"),
    )
    .unwrap();
    std::fs::copy(
        "fixtures/pricing.stream.yaml",
        dir.join("streams/b.stream.yaml"),
    )
    .unwrap();
    std::fs::copy(
        "fixtures/broken.stream.yaml",
        dir.join("drafts/c.stream.yaml"),
    )
    .unwrap();
    std::fs::write(dir.join("streams/notes.yaml"), "not: a stream").unwrap();
    std::fs::write(dir.join(".gitignore"), "drafts/\n").unwrap();
    let out = streamlint()
        .current_dir(&dir)
        .args(["check", "--format", "short"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout.contains("streams/nested/a.stream.yml:10:11"),
        "{stdout}"
    );
    assert!(!stdout.contains("drafts"), "{stdout}");
    assert!(
        stdout.ends_with("3 errors, 0 warnings in 2 files\n"),
        "{stdout}"
    );
}

#[test]
fn a_file_that_is_not_yaml_gets_a_syntax_finding_with_a_position() {
    let (code, report) = check_json(&["fixtures/hostile/binary.stream.yaml", "Cargo.toml"]);
    assert_eq!(code, 1);
    let rules: Vec<_> = rules_at(&report);
    assert!(
        rules.iter().all(|(r, _)| r == "syntax" || r == "schema"),
        "{rules:?}"
    );
    assert_eq!(report["files"], 2);
}

/// Each hostile input: the finding expected, and that it comes fast.
#[test]
fn hostile_inputs_get_a_clear_finding_quickly() {
    let cases = [
        ("truncated.stream.yaml", "syntax", 4),
        ("tabs.stream.yaml", "syntax", 3),
        ("binary.stream.yaml", "syntax", 1),
        ("latin1.stream.yaml", "syntax", 1),
        ("empty.stream.yaml", "schema", 1),
        ("comment-only.stream.yaml", "schema", 1),
        ("card-alias-bomb.stream.yaml", "schema", 3),
    ];
    for (file, rule, line) in cases {
        let path = format!("fixtures/hostile/{file}");
        let start = Instant::now();
        let (code, report) = check_json(&[&path]);
        assert!(
            start.elapsed() < Duration::from_secs(2),
            "{file} took {:?}",
            start.elapsed()
        );
        assert_eq!(code, 1, "{file}");
        let found = rules_at(&report);
        assert!(
            found.contains(&(rule.to_string(), line)),
            "{file}: {found:?}"
        );
    }
}

#[test]
fn ten_thousand_levels_of_nesting_are_refused_without_overflow() {
    // Removed when `tmp` is dropped (one of these holds a 96 MB file).
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_path_buf();
    let mut block = String::from("stream: Deep\ncards:\n");
    for depth in 0..10_000 {
        block.push_str(&"  ".repeat(depth + 1));
        block.push_str("- \n");
    }
    let path = dir.join("deep.stream.yaml");
    std::fs::write(&path, &block).unwrap();
    let flow_path = dir.join("deep-flow.stream.yaml");
    std::fs::write(
        &flow_path,
        format!(
            "stream: Deep\ncards: {}{}\n",
            "[".repeat(10_000),
            "]".repeat(10_000)
        ),
    )
    .unwrap();
    for p in [&path, &flow_path] {
        let start = Instant::now();
        let (code, report) = check_json(&[p.to_str().unwrap()]);
        assert!(start.elapsed() < Duration::from_secs(2));
        assert_eq!(code, 1);
        assert_eq!(rules_at(&report)[0].0, "syntax");
    }
}

#[test]
fn columns_count_characters_after_multibyte_text() {
    // Removed when `tmp` is dropped (one of these holds a 96 MB file).
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_path_buf();
    let path = dir.join("u.stream.yaml");
    std::fs::write(
        &path,
        "stream: Über café\ncards:\n  - { type: message, text: \"héllo\" }\n  - { type: message, text: \"ünïcode\", poke: true }\n",
    )
    .unwrap();
    let (_, report) = check_json(&[path.to_str().unwrap()]);
    let d = &report["diagnostics"][0];
    assert_eq!(d["rule"], "poke-not-first");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(4), Some(39))
    );
    // In bytes the column would be 41: "ünïcode" holds two 2-byte characters.
}

#[test]
fn unknown_fields_suggest_the_closest_name_and_all_errors_are_reported() {
    let (code, report) = check_json(&["fixtures/rules/schema/fail.stream.yaml"]);
    assert_eq!(code, 1);
    let diags = report["diagnostics"].as_array().unwrap();
    assert!(diags.len() >= 9, "{diags:?}");
    let typo = diags
        .iter()
        .find(|d| d["message"] == "unknown field `anwsers` in a `question` card")
        .unwrap();
    assert_eq!(typo["help"], "did you mean `answers`?");
    assert_eq!(
        (typo["line"].as_u64(), typo["column"].as_u64()),
        (Some(9), Some(5))
    );
}

#[test]
fn rules_fire_through_aliases_once_per_source_location() {
    // Removed when `tmp` is dropped (one of these holds a 96 MB file).
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_path_buf();
    let path = dir.join("alias.stream.yaml");
    std::fs::write(
        &path,
        "stream: Alias\ncards:\n  - type: question\n    text: Q?\n    answers:\n      - label: A\n        cards: &chat\n          - type: live_chat\n            route: round_robin\n          - type: message\n            text: after\n      - label: B\n        cards: *chat\n",
    )
    .unwrap();
    let (_, report) = check_json(&[path.to_str().unwrap()]);
    let found = rules_at(&report);
    assert_eq!(
        found,
        vec![
            ("live-chat-not-last".to_string(), 8),
            ("live-chat-without-info-capture".to_string(), 8),
        ]
    );
}

#[test]
fn explain_and_rules_commands() {
    let out = streamlint()
        .args(["explain", "live-chat-not-last"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .contains("## Why it matters"));
    let out = streamlint()
        .args(["explain", "live-chat-not-lats"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("did you mean `live-chat-not-last`?"));
    let out = streamlint().arg("rules").output().unwrap();
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .contains("live-chat-not-last"));
}

#[test]
fn bad_flags_are_exit_2() {
    let out = streamlint()
        .args(["check", "--format", "xml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn readme_commands_work() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let commands: Vec<&str> = readme
        .lines()
        .filter(|l| l.starts_with("cargo "))
        .take(2)
        .collect();
    assert_eq!(
        commands.len(),
        2,
        "README must start with two set-up commands"
    );
    assert!(commands[0].starts_with("cargo run --release -- check fixtures/demo"));
    assert!(commands[1].starts_with("cargo test"));
    // The first command's job, run with the debug binary.
    let args: Vec<&str> = commands[0]
        .split_whitespace()
        .skip_while(|w| *w != "--")
        .skip(1)
        .collect();
    let out = streamlint().args(&args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{:?}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn simulate_takes_the_roster_from_the_config_file() {
    let out = streamlint()
        .current_dir("fixtures/config/project")
        .args([
            "simulate",
            "--format",
            "json",
            "streams/pricing.stream.yaml",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["summary"]["paths"], 2);
    // Without a config or --roster, simulate cannot route anyone.
    let out = streamlint()
        .current_dir(std::env::temp_dir())
        .args(["simulate", "no-such.stream.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("simulate needs a roster"));
}

/// The sample output in the README is real: every line of it appears in what the command prints.
#[test]
fn readme_sample_output_is_what_check_prints() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let start = readme
        .find("$ streamlint check fixtures/broken.stream.yaml\n")
        .expect("README shows a sample run");
    let block = &readme[start..];
    let block = &block[..block.find("```").unwrap()];
    let out = streamlint()
        .args(["--color", "never", "check", "fixtures/broken.stream.yaml"])
        .output()
        .unwrap();
    let actual = String::from_utf8(out.stdout).unwrap();
    for line in block.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        assert!(
            actual.contains(line),
            "README line not in the output: {line:?}\n{actual}"
        );
    }
}

/// A file named twice, or named and also found in a folder named beside it, is checked once
/// (its findings are not doubled) and the second path is counted as skipped.
#[test]
fn a_file_named_twice_is_checked_once() {
    let (code, report) = check_json(&[
        "fixtures/broken.stream.yaml",
        "./fixtures/broken.stream.yaml",
        "fixtures",
    ]);
    assert_eq!(code, 1);
    let broken: Vec<_> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"] == "fixtures/broken.stream.yaml")
        .collect();
    let (once_code, once) = check_json(&["fixtures/broken.stream.yaml"]);
    assert_eq!(once_code, 1);
    assert_eq!(broken.len(), once["diagnostics"].as_array().unwrap().len());
    let out = streamlint()
        .args([
            "check",
            "fixtures/broken.stream.yaml",
            "fixtures/broken.stream.yaml",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("in 1 file"), "{stdout}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("skipped"), "{stderr}");
}
