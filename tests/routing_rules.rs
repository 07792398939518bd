//! The routing rules on their fixtures: `fixtures/rules/<rule>/{fail,pass}.stream.yaml`, each
//! checked with the `roster.yaml` beside them.

use assert_cmd::Command;

fn check(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("streamlint")
        .unwrap()
        .args(["--color", "never", "check"])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// (file, rule, line, column) of each finding, from the JSON report.
fn findings(rule_dir: &str, case: &str) -> Vec<(String, String, u64, u64)> {
    let roster = format!("fixtures/rules/{rule_dir}/roster.yaml");
    let stream = format!("fixtures/rules/{rule_dir}/{case}.stream.yaml");
    let (_, out, _) = check(&["--format", "json", "--roster", &roster, &stream]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["rule"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn primary_spans_point_where_rules_md_says() {
    // The value naming the agent / team.
    let agent = &findings("unknown-agent", "fail")[0];
    assert_eq!((agent.2, agent.3), (16, 29));
    assert_eq!(
        findings("unknown-team", "fail")[0],
        (
            "fixtures/rules/unknown-team/fail.stream.yaml".into(),
            "unknown-team".into(),
            16,
            28
        )
    );
    // The shadowed rule's `name` value.
    assert_eq!(findings("shadowed-rule", "fail")[0].2, 20);
    assert_eq!(findings("shadowed-rule", "fail")[0].3, 25);
    // The live chat card.
    assert_eq!(findings("unreachable-route", "fail")[0].2, 14);
    // The roster's first line when it has no `fallback` entry... or the entry itself.
    assert_eq!(
        findings("no-fallback-message", "fail")[0],
        (
            "fixtures/rules/no-fallback-message/roster.yaml".into(),
            "no-fallback-message".into(),
            4,
            1
        )
    );
}

#[test]
fn roster_findings_in_teams_and_accounts_point_into_the_roster() {
    let (code, out, _) = check(&[
        "--format",
        "short",
        "--roster",
        "tests/data/roster-unknown-members.yaml",
        "fixtures/rules/unknown-agent/pass.stream.yaml",
    ]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(out);
}

#[test]
fn without_a_roster_the_routing_rules_are_skipped_and_said_once() {
    let (code, out, err) = check(&[
        "fixtures/rules/unknown-agent/fail.stream.yaml",
        "fixtures/rules/unknown-team/fail.stream.yaml",
    ]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        err,
        "note: routing rules skipped: no roster given (use --roster FILE)\n"
    );
    let (_, _, err) = check(&[
        "--format",
        "json",
        "fixtures/rules/unknown-agent/fail.stream.yaml",
    ]);
    assert_eq!(err, "");
}

#[test]
fn an_invalid_roster_is_exit_2_with_its_diagnostic() {
    let (code, out, err) = check(&[
        "--roster",
        "fixtures/simulate/invalid-roster.yaml",
        "fixtures/rules/unknown-agent/pass.stream.yaml",
    ]);
    assert_eq!(code, 2);
    assert_eq!(out, "");
    insta::assert_snapshot!(err);
    let (code, _, err) = check(&[
        "--roster",
        "no/such/roster.yaml",
        "fixtures/rules/unknown-agent/pass.stream.yaml",
    ]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: no/such/roster.yaml: no such file or directory\n"
    );
}

#[test]
fn shadowing_follows_evaluation_order_and_conditions_name_teams_too() {
    let (code, out, _) = check(&[
        "--format",
        "short",
        "--roster",
        "fixtures/rules/shadowed-rule/roster.yaml",
        "tests/data/shadowed-priority.stream.yaml",
    ]);
    assert_eq!(code, 1);
    // Priority 1 is tried before priority 2 although written after it; an always-true condition
    // (`all: []`) shadows every rule after it, including one without a priority.
    assert_eq!(
        out,
        "tests/data/shadowed-priority.stream.yaml:17:51: error[unknown-team] team `salse` is not in the roster\n\
         tests/data/shadowed-priority.stream.yaml:23:33: warning[shadowed-rule] rule \"Written first\" can never decide the route\n\
         tests/data/shadowed-priority.stream.yaml:35:33: warning[shadowed-rule] rule \"Never decides\" can never decide the route\n\
         1 error, 2 warnings in 2 files\n"
    );
}
