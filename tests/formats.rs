//! Every output format tells the same story: the same findings (file, rule, severity, line,
//! column) in human, short, json, sarif and github output, and the SARIF log is valid against the
//! official SARIF 2.1.0 schema (`tests/schemas/sarif-2.1.0.json`, from `@microsoft/sarif-multitool`).

use std::collections::BTreeSet;

use assert_cmd::Command;
use serde_json::Value;

const FIXTURES: &str = "fixtures/formats";

/// (file, rule, severity, line, column)
type Key = (String, String, String, u32, u32);

fn run(args: &[&str]) -> (String, i32) {
    let out = Command::cargo_bin("streamlint")
        .unwrap()
        .args(["--color", "never", "check", FIXTURES])
        .args(args)
        .env_remove("GITHUB_ACTIONS")
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap(),
    )
}

fn rule_names() -> Vec<&'static str> {
    streamlint::rules::ALL.iter().map(|r| r.name).collect()
}

fn from_json() -> Vec<Key> {
    let (out, code) = run(&["--format", "json"]);
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).unwrap();
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["rule"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap() as u32,
                d["column"].as_u64().unwrap() as u32,
            )
        })
        .collect()
}

fn from_short() -> Vec<Key> {
    let (out, _) = run(&["--format", "short", "--quiet"]);
    out.lines()
        .map(|line| {
            // FILE:LINE:COL: SEVERITY[RULE] MESSAGE (the file name may hold `:` only on Windows)
            let (loc, rest) = line.split_once(": ").unwrap();
            let mut parts = loc.rsplitn(3, ':');
            let col = parts.next().unwrap().parse().unwrap();
            let line_no = parts.next().unwrap().parse().unwrap();
            let file = parts.next().unwrap().to_string();
            let (severity, rest) = rest.split_once('[').unwrap();
            let (rule, _) = rest.split_once(']').unwrap();
            (file, rule.to_string(), severity.to_string(), line_no, col)
        })
        .collect()
}

fn unescape(s: &str) -> String {
    s.replace("%2C", ",")
        .replace("%3A", ":")
        .replace("%0A", "\n")
        .replace("%0D", "\r")
        .replace("%25", "%")
}

fn from_github() -> Vec<Key> {
    let (out, _) = run(&["--format", "github"]);
    out.lines()
        .map(|line| {
            let rest = line.strip_prefix("::").unwrap();
            let (command, rest) = rest.split_once(' ').unwrap();
            let (props, message) = rest.split_once("::").unwrap();
            assert!(!message.contains('\n'), "newlines are escaped");
            let get = |name: &str| {
                props
                    .split(',')
                    .find_map(|p| p.strip_prefix(&format!("{name}=")))
                    .map(unescape)
                    .unwrap_or_else(|| panic!("{name} missing in {line}"))
            };
            (
                get("file"),
                get("title"),
                command.to_string(),
                get("line").parse().unwrap(),
                get("col").parse().unwrap(),
            )
        })
        .collect()
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

fn sarif() -> Value {
    let (out, code) = run(&["--format", "sarif"]);
    assert_eq!(code, 1);
    serde_json::from_str(&out).unwrap()
}

fn from_sarif() -> Vec<Key> {
    let log = sarif();
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let rule = r["ruleId"].as_str().unwrap();
            let index = r["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[index]["id"], rule, "ruleIndex points at ruleId");
            let loc = &r["locations"][0]["physicalLocation"];
            (
                percent_decode(loc["artifactLocation"]["uri"].as_str().unwrap()),
                rule.to_string(),
                r["level"].as_str().unwrap().to_string(),
                loc["region"]["startLine"].as_u64().unwrap() as u32,
                loc["region"]["startColumn"].as_u64().unwrap() as u32,
            )
        })
        .collect()
}

fn from_human() -> Vec<Key> {
    let (out, _) = run(&["--format", "human", "--quiet"]);
    let names = rule_names();
    let lines: Vec<&str> = out.lines().collect();
    let mut keys = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if !names.contains(line) {
            continue;
        }
        let severity = lines[i + 1..]
            .iter()
            .find_map(|l| {
                let l = l.trim_start();
                if l.starts_with('×') {
                    Some("error")
                } else if l.starts_with('⚠') {
                    Some("warning")
                } else {
                    None
                }
            })
            .unwrap();
        let loc = lines[i + 1..]
            .iter()
            .find_map(|l| l.split_once("╭─[").map(|(_, rest)| rest))
            .unwrap()
            .trim_end_matches(']');
        let mut parts = loc.rsplitn(3, ':');
        let col = parts.next().unwrap().parse().unwrap();
        let line_no = parts.next().unwrap().parse().unwrap();
        let file = parts.next().unwrap().to_string();
        keys.push((file, line.to_string(), severity.to_string(), line_no, col));
    }
    keys
}

#[test]
fn every_format_reports_the_same_findings() {
    let json = from_json();
    let files: BTreeSet<&str> = json.iter().map(|k| k.0.as_str()).collect();
    let rules: BTreeSet<&str> = json.iter().map(|k| k.1.as_str()).collect();
    let severities: BTreeSet<&str> = json.iter().map(|k| k.2.as_str()).collect();
    assert!(files.len() >= 2, "the fixture spans several files");
    assert!(rules.len() >= 6, "the fixture exercises many rules");
    assert_eq!(severities.len(), 2, "errors and warnings");
    assert!(
        files.iter().any(|f| f.contains(", ")),
        "a file name that needs escaping"
    );
    assert_eq!(from_short(), json, "short");
    assert_eq!(from_github(), json, "github");
    assert_eq!(from_sarif(), json, "sarif");
    assert_eq!(from_human(), json, "human");
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    let schema: Value =
        serde_json::from_str(include_str!("schemas/sarif-2.1.0.json")).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let log = sarif();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The validator does bite: a level SARIF does not know is refused.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&broken));

    let run = &log["runs"][0];
    let mut fingerprints: Vec<&str> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["partialFingerprints"]["streamlint/v1"].as_str().unwrap())
        .collect();
    let n = fingerprints.len();
    fingerprints.sort();
    fingerprints.dedup();
    assert_eq!(fingerprints.len(), n, "fingerprints are unique");
    assert_eq!(run["tool"]["driver"]["name"], "streamlint");
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let listed: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        listed,
        rule_names(),
        "every rule is listed, in registry order"
    );
}

#[test]
fn sarif_of_a_clean_file_is_valid_and_empty() {
    let out = Command::cargo_bin("streamlint")
        .unwrap()
        .args([
            "check",
            "--format",
            "sarif",
            "fixtures/formats/clean.stream.yaml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    let schema: Value =
        serde_json::from_str(include_str!("schemas/sarif-2.1.0.json")).expect("schema is JSON");
    assert!(jsonschema::is_valid(&schema, &log));
    assert_eq!(log["runs"][0]["results"], Value::Array(vec![]));
}

#[test]
fn sarif_reports_unreadable_paths_as_a_failed_invocation() {
    let out = Command::cargo_bin("streamlint")
        .unwrap()
        .args([
            "check",
            "--format",
            "sarif",
            "fixtures/formats/clean.stream.yaml",
            "fixtures/formats/missing.stream.yaml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    let schema: Value =
        serde_json::from_str(include_str!("schemas/sarif-2.1.0.json")).expect("schema is JSON");
    assert!(jsonschema::is_valid(&schema, &log));
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let text = invocation["toolExecutionNotifications"][0]["message"]["text"]
        .as_str()
        .unwrap();
    assert!(text.contains("missing.stream.yaml"), "{text}");
}

#[test]
fn statistics_count_per_rule() {
    let (table, code) = run(&["--statistics", "--quiet"]);
    assert_eq!(code, 1, "the exit code still follows the findings");
    let json = from_json();
    let mut lines = table.lines();
    assert_eq!(
        lines.next().unwrap().split_whitespace().collect::<Vec<_>>(),
        ["count", "rule", "severity"]
    );
    let mut total = 0;
    for line in lines {
        let cols: Vec<&str> = line.split_whitespace().collect();
        let count: usize = cols[0].parse().unwrap();
        let expected = json
            .iter()
            .filter(|k| k.1 == cols[1] && k.2 == cols[2])
            .count();
        assert_eq!(count, expected, "{line}");
        total += count;
    }
    assert_eq!(total, json.len());

    let (out, _) = run(&["--statistics", "--format", "json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["version"], 1);
    let sum: u64 = v["statistics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["count"].as_u64().unwrap())
        .sum();
    assert_eq!(sum as usize, json.len());
    assert_eq!(
        v["errors"].as_u64().unwrap() + v["warnings"].as_u64().unwrap(),
        sum
    );
}

#[test]
fn statistics_refuse_sarif_and_github() {
    for format in ["sarif", "github"] {
        let (out, code) = run(&["--statistics", "--format", format]);
        assert_eq!(code, 2, "{format}");
        assert!(out.is_empty());
    }
}

/// The exact text of the line-oriented formats, for review.
#[test]
fn snapshots_of_github_and_statistics() {
    let (github, _) = run(&["--format", "github"]);
    insta::assert_snapshot!("github", github);
    let (table, _) = run(&["--statistics"]);
    insta::assert_snapshot!("statistics", table);
}
