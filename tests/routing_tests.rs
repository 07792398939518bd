//! Routing tests as a product (the spec's testing.md): `simulate --coverage`,
//! `--min-coverage`, `--junit` and `--write-visitors`, from the command line.

use assert_cmd::Command;

const DEMO: &str = "fixtures/demo";

fn simulate(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("streamlint")
        .unwrap()
        .args(["--color", "never", "simulate"])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn demo(extra: &[&str]) -> (i32, String, String) {
    let stream = format!("{DEMO}/pricing.stream.yaml");
    let roster = format!("{DEMO}/roster.yaml");
    let mut args = vec![stream.as_str(), "--roster", roster.as_str()];
    args.extend_from_slice(extra);
    simulate(&args)
}

#[test]
fn coverage_lists_exactly_what_the_demo_visitors_leave_out() {
    let visitors = format!("{DEMO}/visitors.yaml");
    let (code, out, _) = demo(&["--visitors", &visitors, "--coverage"]);
    assert_eq!(code, 0, "{out}");
    let report = &out[out.find("coverage\n").unwrap()..];
    insta::assert_snapshot!(report);
}

#[test]
fn coverage_json_has_the_contract_shape() {
    let visitors = format!("{DEMO}/visitors.yaml");
    let (code, out, _) = demo(&["--visitors", &visitors, "--coverage", "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v["coverage"]["paths"],
        serde_json::json!({"covered": 3, "total": 4})
    );
    assert_eq!(
        v["coverage"]["answers"],
        serde_json::json!({"covered": 2, "total": 2})
    );
    assert_eq!(v["visitors"].as_array().unwrap().len(), 3);
    let first = &v["uncovered"][0];
    assert_eq!(first["kind"], "path");
    assert_eq!(first["file"], "fixtures/demo/pricing.stream.yaml");
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(28), Some(19))
    );
    assert_eq!(
        first["example"]["answers"],
        serde_json::json!(["Yes, connect me"])
    );
    assert_eq!(first["example"]["reproduces"], true);
}

#[test]
fn min_coverage_fails_below_the_threshold_and_passes_at_it() {
    let visitors = format!("{DEMO}/visitors.yaml");
    let (code, _, err) = demo(&["--visitors", &visitors, "--min-coverage", "100"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("path coverage is 75.0%, below --min-coverage path=100%"),
        "{err}"
    );
    let (code, _, _) = demo(&[
        "--visitors",
        &visitors,
        "--min-coverage",
        "75",
        "--min-coverage",
        "answers=100",
    ]);
    assert_eq!(code, 0);
    let (code, _, err) = demo(&["--visitors", &visitors, "--min-coverage", "decisions=51"]);
    assert_eq!(code, 1, "{err}");
    let (code, _, err) = demo(&["--visitors", &visitors, "--min-coverage", "routes=10"]);
    assert_eq!(code, 2);
    assert!(err.contains("is not a coverage kind"), "{err}");
}

#[test]
fn recorded_visitors_pass_with_full_path_coverage() {
    let dir = tempfile::tempdir().unwrap();
    let recorded = dir.path().join("recorded.yaml");
    let recorded = recorded.to_str().unwrap();
    let (code, _, err) = demo(&["--write-visitors", recorded]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("wrote 4 visitors"), "{err}");
    let text = std::fs::read_to_string(recorded).unwrap();
    insta::assert_snapshot!(text);
    let (code, out, _) = demo(&[
        "--visitors",
        recorded,
        "--min-coverage",
        "100",
        "--coverage",
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("paths      4/4 (100.0%)"), "{out}");
    assert!(out.contains("4 visitors, 4 ok, 0 failed"), "{out}");
}

#[test]
fn coverage_counts_exactly_when_classes_are_too_many_to_list() {
    let visitors = "fixtures/simulate/visitors-forty-questions.yaml";
    let (code, out, _) = simulate(&[
        "fixtures/simulate/forty-questions.stream.yaml",
        "--roster",
        "fixtures/simulate/roster.yaml",
        "--visitors",
        visitors,
        "--coverage",
        "--limit",
        "2",
    ]);
    assert_eq!(code, 0, "{out}");
    // 3 × 2^40 classes: one covered, two uncovered listed, the rest counted.
    assert!(out.contains("paths      1/3298534883328 (0.0%)"), "{out}");
    assert!(
        out.contains("... and 3298534883325 more uncovered path classes not listed (--limit)"),
        "{out}"
    );
}

/// The JUnit report has the structure the common JUnit schema (Jenkins' junit-10.xsd, read by
/// Jenkins, GitLab, Azure and the GitHub test reporters) requires: `testsuites` holding one
/// `testsuite` with `name`, `tests`, `failures` and `errors`, one `testcase` per visitor with a
/// `name`, and a `failure` with a message for an unmet expectation.
#[test]
fn junit_has_one_test_case_per_visitor_and_the_failure_with_expected_and_actual() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("junit.xml");
    let (code, _, _) = simulate(&[
        "fixtures/simulate/pricing.stream.yaml",
        "--roster",
        "fixtures/simulate/roster.yaml",
        "--visitors",
        "fixtures/simulate/visitors-wrong.yaml",
        "--junit",
        report.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    let xml = std::fs::read_to_string(&report).unwrap();
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites "));
    assert_eq!(xml.matches("<testsuite ").count(), 1);
    assert_eq!(xml.matches("<testcase ").count(), 3);
    assert_eq!(xml.matches("</testcase>").count(), 3);
    assert_eq!(xml.matches("<failure ").count(), 1);
    assert!(
        xml.contains("<testsuite name=\"Pricing page\" tests=\"3\" failures=\"1\" errors=\"0\"")
    );
    assert!(xml.contains("<testcase name=\"big-company\""));
    assert!(xml.contains("message=\"expected agent luca, got: live chat with maria (rule &quot;Enterprise&quot;, team enterprise)\""));
    assert!(xml.trim_end().ends_with("</testsuites>"));
    // Well-formed and valid where the tools are at hand (xmllint, and an XSD named by
    // STREAMLINT_JUNIT_XSD); CI without them still has the structural checks above.
    if let Some(xsd) = std::env::var_os("STREAMLINT_JUNIT_XSD") {
        let status = std::process::Command::new("xmllint")
            .arg("--noout")
            .arg("--schema")
            .arg(xsd)
            .arg(&report)
            .status()
            .expect("xmllint runs");
        assert!(status.success());
    }
    // A visitor the stream refuses is an error, not a failure.
    let (code, _, _) = simulate(&[
        "fixtures/simulate/pricing.stream.yaml",
        "--roster",
        "fixtures/simulate/roster.yaml",
        "--visitors",
        "fixtures/simulate/visitors-bad-answer.yaml",
        "--junit",
        report.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    let xml = std::fs::read_to_string(&report).unwrap();
    assert!(xml.contains("<error type=\"visitor-error\""), "{xml}");
}

fn diff(args: &[&str], dir: Option<&std::path::Path>) -> (i32, String, String) {
    let mut cmd = Command::cargo_bin("streamlint").unwrap();
    if let Some(dir) = dir {
        cmd.current_dir(dir);
    }
    let out = cmd
        .args(["--color", "never", "diff"])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn diff_reports_exactly_the_class_the_edited_rule_decides() {
    let args = [
        "fixtures/demo/pricing.stream.yaml",
        "fixtures/diff/pricing-west-coast-to-maria.stream.yaml",
        "--roster",
        "fixtures/demo/roster.yaml",
    ];
    let (code, out, _) = diff(&args, None);
    assert_eq!(code, 1);
    insta::assert_snapshot!("diff_human", out);
    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    let (code, out, _) = diff(&json_args, None);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v["counts"],
        serde_json::json!({"added": 0, "removed": 0, "changed": 1, "unchanged": 3})
    );
    assert_eq!(v["changed"][0]["rules"], serde_json::json!(["West coast"]));
    assert_eq!(
        v["changed"][0]["answers"],
        serde_json::json!(["Yes, connect me"])
    );
    assert_eq!(v["changed"][0]["before"]["agent"], "john");
    assert_eq!(v["changed"][0]["after"]["agent"], "maria");
    let mut md_args = args.to_vec();
    md_args.extend(["--format", "markdown", "--exit-zero"]);
    let (code, out, _) = diff(&md_args, None);
    assert_eq!(code, 0);
    insta::assert_snapshot!("diff_markdown", out);
    // A version against itself: nothing changed, exit 0.
    let (code, out, _) = diff(
        &[
            "fixtures/demo/pricing.stream.yaml",
            "fixtures/demo/pricing.stream.yaml",
            "--roster",
            "fixtures/demo/roster.yaml",
        ],
        None,
    );
    assert_eq!(code, 0);
    assert!(
        out.contains("0 changed, 0 added, 0 removed, 4 unchanged"),
        "{out}"
    );
}

fn many_questions(n: usize, west: &str) -> String {
    let mut text = String::from("stream: Many questions\ncards:\n");
    for i in 0..n {
        text.push_str(&format!(
            "  - type: question\n    text: Question {i}?\n    answers: [{{label: \"Yes\"}}, {{label: \"No\"}}]\n"
        ));
    }
    text.push_str(&format!(
        "  - type: live_chat\n    route:\n      rules:\n        - name: West coast\n          when: {{ attribute: inferred_state, is: [CA, OR, WA] }}\n          to: {{ agent: {west} }}\n"
    ));
    text
}

#[test]
fn diff_of_two_to_the_forty_classes_is_structural_and_fast() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.stream.yaml");
    let new = dir.path().join("new.stream.yaml");
    std::fs::write(&old, many_questions(40, "john")).unwrap();
    std::fs::write(&new, many_questions(40, "maria")).unwrap();
    let start = std::time::Instant::now();
    let (code, out, err) = diff(
        &[
            old.to_str().unwrap(),
            new.to_str().unwrap(),
            "--roster",
            "fixtures/demo/roster.yaml",
            "--format",
            "json",
            "--limit",
            "3",
        ],
        None,
    );
    let took = start.elapsed();
    assert_eq!(code, 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["counts"]["changed"], 1u64 << 40);
    assert_eq!(v["counts"]["unchanged"], 1u64 << 40);
    assert_eq!(v["changed"].as_array().unwrap().len(), 3);
    // Debug build, process start included; the comparison itself is microseconds.
    assert!(took < std::time::Duration::from_secs(2), "{took:?}");
}

#[test]
fn diff_reads_rev_path_through_git() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::env::current_dir().unwrap();
    let git = |args: &[&str]| {
        let ok = std::process::Command::new("git")
            .args([
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@example.com",
                "-c",
                "commit.gpgsign=false",
            ])
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap()
            .status
            .success();
        assert!(ok, "git {args:?}");
    };
    let stream = dir.path().join("pricing.stream.yaml");
    std::fs::copy(root.join("fixtures/demo/pricing.stream.yaml"), &stream).unwrap();
    git(&["init", "-q"]);
    git(&["add", "pricing.stream.yaml"]);
    git(&["commit", "-q", "-m", "one"]);
    std::fs::copy(
        root.join("fixtures/diff/pricing-west-coast-to-maria.stream.yaml"),
        &stream,
    )
    .unwrap();
    let roster = root.join("fixtures/demo/roster.yaml");
    let (code, out, err) = diff(
        &[
            "HEAD:pricing.stream.yaml",
            "pricing.stream.yaml",
            "--roster",
            roster.to_str().unwrap(),
        ],
        Some(dir.path()),
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        out.contains("1 changed, 0 added, 0 removed, 3 unchanged"),
        "{out}"
    );
    let (code, _, err) = diff(
        &[
            "HEAD:missing.stream.yaml",
            "pricing.stream.yaml",
            "--roster",
            roster.to_str().unwrap(),
        ],
        Some(dir.path()),
    );
    assert_eq!(code, 2);
    assert!(err.contains("git show failed"), "{err}");
}

#[test]
fn update_rewrites_only_the_expectations_that_no_longer_hold_and_keeps_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("visitors.yaml");
    let mut text = std::fs::read_to_string("fixtures/simulate/visitors-wrong.yaml").unwrap();
    text.push_str(
        "  # a new visitor, without expect yet\n  - id: newcomer   # keep this comment\n    attributes: { company_size: 10 }\n    answers: [\"Just browsing\"]\n  - id: block-style\n    answers: [\"Yes, connect me\"]\n    attributes: { inferred_state: WA }\n    expect:\n      team: enterprise\n",
    );
    std::fs::write(&file, &text).unwrap();
    let args = |extra: &[&str]| {
        let mut a = vec![
            "fixtures/simulate/pricing.stream.yaml".to_string(),
            "--roster".to_string(),
            "fixtures/simulate/roster.yaml".to_string(),
            "--visitors".to_string(),
            file.to_str().unwrap().to_string(),
        ];
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    let a = args(&["--update"]);
    let (code, out, err) = simulate(&a.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("visitor big-company: expect agent luca -> { agent: maria }"),
        "{out}"
    );
    assert!(out.contains("3 of 5 visitors updated"), "{out}");
    let updated = std::fs::read_to_string(&file).unwrap();
    insta::assert_snapshot!(updated);
    // Everything but the three expectations is as it was, byte for byte.
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| !l.contains("expect") && !l.contains("team: enterprise"))
        .collect();
    let now: Vec<&str> = updated
        .lines()
        .filter(|l| !l.contains("expect") && !l.contains("{ agent: john }"))
        .collect();
    assert_eq!(kept, now);
    // Recorded: the run passes.
    let a = args(&[]);
    let (code, out, _) = simulate(&a.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(code, 0, "{out}");
    // Nothing left to update: the file is not rewritten.
    let a = args(&["--update"]);
    let (code, out, _) = simulate(&a.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(code, 0);
    assert!(out.contains("0 of 5 visitors updated"), "{out}");
}

/// Every `streamlint` command in the `sh` blocks of docs/testing.md (and the one this work added
/// to docs/routing.md) runs from the repository root with the exit code the docs give
/// (`# exit N`, else 0), in order: recording comes before replaying.
#[test]
fn the_commands_in_docs_testing_md_run_as_documented() {
    let mut ran = 0;
    for doc in ["docs/testing.md", "docs/routing.md"] {
        let text = std::fs::read_to_string(doc).unwrap();
        let mut in_sh = false;
        for line in text.lines() {
            if line.starts_with("```") {
                in_sh = line == "```sh";
                continue;
            }
            let Some(command) = line.strip_prefix("streamlint ").filter(|_| in_sh) else {
                continue;
            };
            let (command, expected) = match command.split_once("# exit ") {
                Some((c, code)) => (c, code.trim().parse::<i32>().unwrap()),
                None => (command, 0),
            };
            let out = Command::cargo_bin("streamlint")
                .unwrap()
                .args(["--color", "never"])
                .args(command.split_whitespace())
                .output()
                .unwrap();
            assert_eq!(
                out.status.code(),
                Some(expected),
                "{doc}: streamlint {command}\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
            ran += 1;
        }
    }
    assert!(ran >= 9, "only {ran} commands found");
}

#[test]
fn diff_refuses_what_it_cannot_count_exactly_and_walks_deep_streams() {
    let dir = tempfile::tempdir().unwrap();
    let huge = dir.path().join("huge.stream.yaml");
    std::fs::write(&huge, many_questions(130, "john")).unwrap();
    let huge = huge.to_str().unwrap();
    let (code, _, err) = diff(&[huge, huge, "--roster", "fixtures/demo/roster.yaml"], None);
    assert_eq!(code, 2);
    assert!(err.contains("more than 2^128 path classes"), "{err}");
    // One class, 6,000 cards deep: the walk does not exhaust the stack.
    let mut text = String::from("stream: Deep\ncards:\n");
    for i in 0..3000 {
        text.push_str(&format!(
            "  - type: question\n    text: Q{i}?\n    answers: [{{label: A}}]\n  - type: message\n    text: M{i}\n"
        ));
    }
    let old = dir.path().join("old.stream.yaml");
    let new = dir.path().join("new.stream.yaml");
    std::fs::write(
        &old,
        format!("{text}  - type: live_chat\n    route: round_robin\n"),
    )
    .unwrap();
    std::fs::write(
        &new,
        format!("{text}  - type: live_chat\n    route: {{ agent: maria }}\n"),
    )
    .unwrap();
    let (code, out, err) = diff(
        &[
            old.to_str().unwrap(),
            new.to_str().unwrap(),
            "--roster",
            "fixtures/demo/roster.yaml",
            "--limit",
            "1",
        ],
        None,
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        out.contains("1 changed, 0 added, 0 removed, 0 unchanged"),
        "{out}"
    );
}

/// A stream that embeds `qualify.flow.yaml`; the flow's live chat goes to `route`.
fn write_version(dir: &std::path::Path, route: &str) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(
        dir.join("pricing.stream.yaml"),
        "stream: Pricing\ncards:\n  - type: question\n    text: Talk to sales?\n    answers:\n      - label: \"Yes\"\n        cards:\n          - type: flow\n            flow: qualify.flow.yaml\n      - label: \"No\"\n        cards:\n          - type: message\n            text: Bye\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("qualify.flow.yaml"),
        format!("stream: Qualify\nkind: flow\ncards:\n  - type: info_capture\n    fields:\n      - attribute: email\n        input: email\n        prompt: Your work email?\n  - type: live_chat\n    route: {route}\n"),
    )
    .unwrap();
}

#[test]
fn diff_splices_the_flows_each_version_embeds() {
    let dir = tempfile::tempdir().unwrap();
    write_version(&dir.path().join("old"), "{ agent: john }");
    write_version(&dir.path().join("new"), "{ agent: maria }");
    let roster = std::env::current_dir()
        .unwrap()
        .join("fixtures/demo/roster.yaml");
    let (code, out, err) = diff(
        &[
            "old/pricing.stream.yaml",
            "new/pricing.stream.yaml",
            "--roster",
            roster.to_str().unwrap(),
        ],
        Some(dir.path()),
    );
    // Only the flow changed: the class through it changes, the other stays.
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("1 changed, 0 added, 0 removed, 1 unchanged"),
        "{out}"
    );
    assert!(out.contains("john") && out.contains("maria"), "{out}");

    // A flow that cannot be found is refused with its finding, not compared as a plain card.
    std::fs::remove_file(dir.path().join("new/qualify.flow.yaml")).unwrap();
    let (code, _, err) = diff(
        &[
            "old/pricing.stream.yaml",
            "new/pricing.stream.yaml",
            "--roster",
            roster.to_str().unwrap(),
        ],
        Some(dir.path()),
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("flow-not-found"), "{err}");
    assert!(err.contains("cannot all be spliced in"), "{err}");
}

#[test]
fn diff_refuses_a_git_revision_that_embeds_flows() {
    let dir = tempfile::tempdir().unwrap();
    write_version(dir.path(), "{ agent: john }");
    let git = |args: &[&str]| {
        let ok = std::process::Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(["-c", "commit.gpgsign=false"])
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap()
            .status
            .success();
        assert!(ok, "git {args:?}");
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "one"]);
    let roster = std::env::current_dir()
        .unwrap()
        .join("fixtures/demo/roster.yaml");
    let (code, out, err) = diff(
        &[
            "HEAD:pricing.stream.yaml",
            "pricing.stream.yaml",
            "--roster",
            roster.to_str().unwrap(),
        ],
        Some(dir.path()),
    );
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("HEAD:pricing.stream.yaml embeds flows"),
        "{err}"
    );
    assert!(out.is_empty(), "{out}");
}

#[test]
fn an_attribute_read_only_inside_an_embedded_flow_is_not_a_stale_test() {
    let dir = tempfile::tempdir().unwrap();
    write_version(
        dir.path(),
        "{ rules: [ { name: West coast, when: { attribute: inferred_state, is: [CA] }, to: { agent: john } } ] }",
    );
    std::fs::write(
        dir.path().join("visitors.yaml"),
        "visitors:\n  - id: west\n    attributes: { inferred_state: CA, shoe_size: 9 }\n    answers: [\"Yes\"]\n    fills: { email: ana@example.com }\n    expect: { agent: john }\n",
    )
    .unwrap();
    let roster = std::env::current_dir()
        .unwrap()
        .join("fixtures/demo/roster.yaml");
    let stream = dir.path().join("pricing.stream.yaml");
    let visitors = dir.path().join("visitors.yaml");
    let (code, out, err) = simulate(&[
        stream.to_str().unwrap(),
        "--roster",
        roster.to_str().unwrap(),
        "--visitors",
        visitors.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    // The flow's rule reads inferred_state; nothing reads shoe_size.
    assert!(!err.contains("attribute `inferred_state`"), "{err}");
    assert!(err.contains("attribute `shoe_size`"), "{err}");
}

#[test]
fn coverage_names_the_flow_file_of_what_a_flow_leaves_uncovered() {
    let dir = tempfile::tempdir().unwrap();
    let visitors = dir.path().join("v.yaml");
    std::fs::write(
        &visitors,
        "visitors:\n  - id: later\n    answers: [\"Maybe later\"]\n    expect: { agent: maria }\n",
    )
    .unwrap();
    let (code, out, err) = simulate(&[
        "fixtures/flows/embedded/pricing.stream.yaml",
        "--roster",
        "fixtures/demo/roster.yaml",
        "--visitors",
        visitors.to_str().unwrap(),
        "--coverage",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    // The question's answer is in the stream; the flow's live chat decision is in the flow.
    assert!(
        out.contains("fixtures/flows/embedded/pricing.stream.yaml:9:16: answer \"Yes, connect me\" of wants-sales"),
        "{out}"
    );
    assert!(
        out.contains("fixtures/flows/embedded/qualify.flow.yaml:15:12: decision"),
        "{out}"
    );
    assert!(!out.contains("pricing.stream.yaml:15:12"), "{out}");
}
