//! Reusable flows (`flow` cards, docs/flows.md): embedded flows are checked and simulated as
//! part of the conversation that embeds them, and findings inside them point into the flow file
//! with the chain of embedding cards. Fixtures live in `fixtures/flows/`, one folder per case.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

const ROSTER: &str = "fixtures/demo/roster.yaml";

fn streamlint(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("streamlint")
        .unwrap()
        .arg("--color")
        .arg("never")
        .args(args)
        .env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_STEP_SUMMARY")
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Writes one file of a test's scratch folder.
fn write(dir: &tempfile::TempDir, name: &str, text: &str) {
    std::fs::write(dir.path().join(name), text).unwrap();
}

fn check_json(paths: &[&str]) -> (i32, Value) {
    let mut args = vec!["check", "--format", "json"];
    args.extend(paths);
    let (code, out, _) = streamlint(&args);
    (code, serde_json::from_str(&out).expect("valid JSON"))
}

fn diagnostics(v: &Value) -> Vec<Value> {
    v["diagnostics"].as_array().unwrap().clone()
}

/// (file, rule, line, column, first `via` file or "")
fn keys(v: &Value) -> Vec<(String, String, u64, u64, String)> {
    diagnostics(v)
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["rule"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["via"][0]["file"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn a_live_chat_ending_a_flow_followed_by_the_streams_cards_is_not_last() {
    let (code, v) = check_json(&["fixtures/flows/embedded/pricing.stream.yaml"]);
    assert_eq!(code, 1);
    let d = diagnostics(&v);
    // Embedded twice by the stream, both times followed by a card: one finding.
    assert_eq!(d.len(), 1, "{d:#?}");
    let f = &d[0];
    assert_eq!(f["rule"], "live-chat-not-last");
    assert_eq!(f["file"], "fixtures/flows/embedded/qualify.flow.yaml");
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(13), Some(11))
    );
    assert_eq!(
        f["via"],
        serde_json::json!([{
            "file": "fixtures/flows/embedded/pricing.stream.yaml",
            "line": 12,
            "column": 19
        }])
    );
    // The flow file was reached, so it is checked too.
    assert_eq!(v["files"], 2);
}

#[test]
fn the_same_flow_embedded_by_two_streams_gives_one_finding_per_stream_problem() {
    let (code, v) = check_json(&["fixtures/flows/embedded"]);
    assert_eq!(code, 1);
    let flow = "fixtures/flows/embedded/qualify.flow.yaml".to_string();
    assert_eq!(
        keys(&v),
        vec![
            (
                flow.clone(),
                "live-chat-not-last".into(),
                13,
                11,
                "fixtures/flows/embedded/pricing.stream.yaml".into()
            ),
            (
                flow,
                "live-chat-without-question".into(),
                13,
                11,
                "fixtures/flows/embedded/support.stream.yaml".into()
            ),
        ]
    );
    assert_eq!(v["files"], 3);
}

#[test]
fn the_flow_alone_is_clean_the_path_rules_are_judged_where_it_is_embedded() {
    let (code, v) = check_json(&["fixtures/flows/embedded/qualify.flow.yaml"]);
    assert_eq!(code, 0);
    assert!(diagnostics(&v).is_empty());
}

#[test]
fn nested_flows_are_spliced_and_clean() {
    let (code, v) = check_json(&["fixtures/flows/nested/main.stream.yaml"]);
    assert_eq!(code, 0, "{v:#}");
    // main, outer and shared/inner, each named relative to where the run found it.
    assert_eq!(v["files"], 3);
}

#[test]
fn a_nested_flow_problem_is_reported_once_with_the_shortest_chain() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join(".git")).unwrap();
    std::fs::write(
        root.join("main.stream.yaml"),
        "stream: Main\ncards:\n  - type: question\n    text: Chat?\n    answers:\n      - label: Yes\n        cards:\n          - type: flow\n            flow: outer.flow.yaml\n      - label: No\n        cards: [{ type: message, text: Bye }]\n",
    )
    .unwrap();
    // The inner flow's live chat is followed by the outer flow's message: a problem of the outer
    // flow itself, whoever embeds it.
    std::fs::write(
        root.join("outer.flow.yaml"),
        "stream: Outer\nkind: flow\ncards:\n  - type: flow\n    flow: inner.flow.yaml\n  - type: message\n    text: Bye\n",
    )
    .unwrap();
    std::fs::write(
        root.join("inner.flow.yaml"),
        "stream: Inner\nkind: flow\ncards:\n  - type: info_capture\n    fields:\n      - attribute: name\n      - attribute: email\n  - type: live_chat\n    route: round_robin\n",
    )
    .unwrap();
    let out = Command::cargo_bin("streamlint")
        .unwrap()
        .current_dir(root)
        .args(["check", "--format", "json", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = diagnostics(&v);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0]["rule"], "live-chat-not-last");
    assert_eq!(d[0]["file"], "inner.flow.yaml");
    assert_eq!(
        d[0]["via"],
        serde_json::json!([{ "file": "outer.flow.yaml", "line": 5, "column": 11 }])
    );
}

#[test]
fn a_missing_flow_is_an_error_at_the_flow_value_with_a_near_miss() {
    let (code, v) = check_json(&["fixtures/flows/missing/contact.stream.yaml"]);
    assert_eq!(code, 1);
    let d = diagnostics(&v);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0]["rule"], "flow-not-found");
    assert_eq!(d[0]["file"], "fixtures/flows/missing/contact.stream.yaml");
    assert_eq!(
        (d[0]["line"].as_u64(), d[0]["column"].as_u64()),
        (Some(10), Some(19))
    );
    assert_eq!(d[0]["help"], "did you mean `qualify.flow.yaml`?");
}

#[test]
fn a_three_file_cycle_is_one_error_naming_each_file_once() {
    let (code, v) = check_json(&["fixtures/flows/cycle"]);
    assert_eq!(code, 1);
    let d = diagnostics(&v);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0]["rule"], "flow-cycle");
    assert_eq!(d[0]["file"], "fixtures/flows/cycle/c.flow.yaml");
    assert_eq!(
        (d[0]["line"].as_u64(), d[0]["column"].as_u64()),
        (Some(7), Some(11))
    );
    let message = d[0]["message"].as_str().unwrap();
    for f in ["a.flow.yaml", "b.flow.yaml", "c.flow.yaml"] {
        assert_eq!(message.matches(f).count(), 1, "{message}");
    }
    // Whichever file the run starts from, the same cycle is the same finding.
    for start in [
        "fixtures/flows/cycle/start.stream.yaml",
        "fixtures/flows/cycle/b.flow.yaml",
        "fixtures/flows/cycle/c.flow.yaml",
    ] {
        let (code, w) = check_json(&[start]);
        assert_eq!(code, 1);
        assert_eq!(keys(&w), keys(&v), "from {start}");
    }
}

#[test]
fn a_self_embedding_flow_is_a_cycle() {
    let (code, v) = check_json(&["fixtures/flows/self"]);
    assert_eq!(code, 1);
    let d = diagnostics(&v);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0]["rule"], "flow-cycle");
    assert_eq!(
        d[0]["message"],
        "flow fixtures/flows/self/loop.flow.yaml embeds itself"
    );
    assert_eq!(
        (d[0]["line"].as_u64(), d[0]["column"].as_u64()),
        (Some(8), Some(11))
    );
}

#[test]
fn paths_that_are_absolute_or_leave_the_repository_are_refused() {
    let (code, v) = check_json(&["fixtures/flows/outside"]);
    assert_eq!(code, 1);
    let messages: Vec<String> = diagnostics(&v)
        .iter()
        .map(|d| {
            assert_eq!(d["rule"], "flow-not-found");
            d["message"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(
        messages,
        [
            "flow path `../../../../../../etc/qualify.flow.yaml` leaves the repository root",
            "flow path `/etc/qualify.flow.yaml` is absolute",
        ]
    );
}

#[test]
fn a_dialogue_named_as_a_flow_is_not_a_flow() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir, "a.stream.yaml", "stream: A\ncards:\n  - type: message\n    text: Hi\n  - type: flow\n    flow: b.stream.yaml\n");
    write(
        &dir,
        "b.stream.yaml",
        "stream: B\ncards:\n  - type: message\n    text: Hello\n",
    );
    let (code, v) = check_json(&[dir.path().join("a.stream.yaml").to_str().unwrap()]);
    assert_eq!(code, 1);
    let d = diagnostics(&v);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0]["rule"], "flow-not-found");
    assert_eq!(
        d[0]["message"],
        "`b.stream.yaml` is not a flow: it has no `kind: flow`"
    );
}

#[test]
fn an_invalid_flow_file_is_reported_in_its_own_file() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir, "a.stream.yaml", "stream: A\ncards:\n  - type: message\n    text: Hi\n  - type: flow\n    flow: broken.flow.yaml\n");
    write(
        &dir,
        "broken.flow.yaml",
        "stream: Broken\nkind: flow\ncards:\n  - type: mesage\n",
    );
    let (code, v) = check_json(&[dir.path().join("a.stream.yaml").to_str().unwrap()]);
    assert_eq!(code, 1);
    let d = diagnostics(&v);
    assert!(
        d.iter()
            .all(|d| d["rule"] == "schema"
                && d["file"].as_str().unwrap().ends_with("broken.flow.yaml")),
        "{d:#?}"
    );
    assert!(!d.is_empty());
}

#[test]
fn a_suppression_in_the_flow_file_applies_to_findings_reached_through_a_stream() {
    let (code, out, _) = streamlint(&["check", "--format", "short", "fixtures/flows/suppress"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(out, "0 errors, 0 warnings in 2 files\n");
    // Without the comment the same check fails, pointing into the flow.
    let dir = tempfile::tempdir().unwrap();
    for f in ["demo.stream.yaml", "quick.flow.yaml"] {
        let text = std::fs::read_to_string(Path::new("fixtures/flows/suppress").join(f)).unwrap();
        let text: String = text
            .lines()
            .filter(|l| !l.contains("streamlint:"))
            .map(|l| format!("{l}\n"))
            .collect();
        std::fs::write(dir.path().join(f), text).unwrap();
    }
    let (code, v) = check_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    let d = diagnostics(&v);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0]["rule"], "live-chat-not-last");
    assert!(d[0]["file"].as_str().unwrap().ends_with("quick.flow.yaml"));
}

#[test]
fn a_baseline_names_flow_findings_by_their_file() {
    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("baseline.json");
    let baseline = baseline.to_str().unwrap();
    let (code, _, _) = streamlint(&[
        "check",
        "fixtures/flows/embedded",
        "--write-baseline",
        baseline,
    ]);
    assert_eq!(code, 0);
    let written = std::fs::read_to_string(baseline).unwrap();
    assert!(written.contains("qualify.flow.yaml"), "{written}");
    assert!(!written.contains("pricing.stream.yaml\""), "{written}");
    let (code, out, _) = streamlint(&[
        "check",
        "--format",
        "short",
        "fixtures/flows/embedded",
        "--baseline",
        baseline,
    ]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn the_roster_rules_see_routes_inside_flows() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir, "a.stream.yaml", "stream: A\ncards:\n  - type: question\n    text: Chat?\n    answers:\n      - label: Yes\n        cards:\n          - type: flow\n            flow: f.flow.yaml\n      - label: No\n        cards: [{ type: message, text: Bye }]\n");
    write(&dir, "f.flow.yaml", "stream: F\nkind: flow\ncards:\n  - type: info_capture\n    fields:\n      - attribute: name\n      - attribute: email\n  - type: live_chat\n    route: { team: nobody }\n");
    let roster = std::fs::canonicalize(ROSTER).unwrap();
    let (code, v) = check_json(&[
        dir.path().join("a.stream.yaml").to_str().unwrap(),
        "--roster",
        roster.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    let d = diagnostics(&v);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0]["rule"], "unknown-team");
    assert!(d[0]["file"].as_str().unwrap().ends_with("f.flow.yaml"));
}

#[test]
fn chains_deeper_than_the_limit_stop_with_a_finding() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    write(
        &dir,
        "s.stream.yaml",
        "stream: S\ncards:\n  - type: flow\n    flow: f0.flow.yaml\n",
    );
    for i in 0..20 {
        std::fs::write(
            dir.path().join(format!("f{i}.flow.yaml")),
            format!(
                "stream: F{i}\nkind: flow\ncards:\n  - type: message\n    text: Step {i}\n  - type: flow\n    flow: f{}.flow.yaml\n",
                i + 1
            ),
        )
        .unwrap();
    }
    write(
        &dir,
        "f20.flow.yaml",
        "stream: End\nkind: flow\ncards:\n  - type: message\n    text: The end\n",
    );
    let (code, v) = check_json(&[dir.path().join("s.stream.yaml").to_str().unwrap()]);
    assert_eq!(code, 1);
    let d = diagnostics(&v);
    assert!(!d.is_empty());
    assert!(
        d.iter().all(|d| d["rule"] == "flow-cycle"
            && d["message"].as_str().unwrap().contains("deeper than 16")),
        "{d:#?}"
    );
}

#[test]
fn a_flow_embedded_exponentially_often_stops_at_the_card_budget_quickly() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    write(
        &dir,
        "s.stream.yaml",
        "stream: S\ncards:\n  - type: flow\n    flow: f0.flow.yaml\n",
    );
    // Each flow embeds the next one eight times: 8^15 cards if nothing stopped it.
    for i in 0..15 {
        let mut text = format!("stream: F{i}\nkind: flow\ncards:\n");
        for _ in 0..8 {
            text.push_str(&format!("  - type: flow\n    flow: f{}.flow.yaml\n", i + 1));
        }
        std::fs::write(dir.path().join(format!("f{i}.flow.yaml")), text).unwrap();
    }
    write(
        &dir,
        "f15.flow.yaml",
        "stream: End\nkind: flow\ncards:\n  - type: message\n    text: The end\n",
    );
    let started = std::time::Instant::now();
    let (code, v) = check_json(&[dir.path().join("s.stream.yaml").to_str().unwrap()]);
    assert!(started.elapsed().as_secs() < 60);
    assert_eq!(code, 1);
    assert!(diagnostics(&v).iter().any(|d| d["message"]
        .as_str()
        .unwrap()
        .contains("larger than 20000 cards")));
}

#[test]
fn simulate_lists_the_cards_of_embedded_flows() {
    let (code, out, err) = streamlint(&[
        "simulate",
        "fixtures/flows/nested/main.stream.yaml",
        "--roster",
        ROSTER,
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v["paths"][0]["cards"],
        serde_json::json!([
            "wants-sales",
            "#2",
            "outer.flow.yaml#1",
            "outer.flow.yaml#2",
            "inner.flow.yaml#1",
            "inner.flow.yaml#2"
        ])
    );
    assert_eq!(v["paths"][0]["outcome"]["type"], "agent");
    assert_eq!(v["paths"][1]["outcome"]["type"], "end");
}

#[test]
fn simulate_refuses_a_stream_whose_flows_cannot_be_spliced() {
    let (code, out, err) = streamlint(&[
        "simulate",
        "fixtures/flows/cycle/start.stream.yaml",
        "--roster",
        ROSTER,
    ]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(err.contains("flow-cycle"), "{err}");
    assert!(err.contains("cannot all be spliced in"), "{err}");
}

/// The main cases in every format, as users read them.
#[test]
fn snapshots_in_every_format() {
    for (name, paths) in [
        ("embedded", vec!["fixtures/flows/embedded"]),
        ("cycle", vec!["fixtures/flows/cycle"]),
        ("missing", vec!["fixtures/flows/missing"]),
    ] {
        for format in ["human", "short", "json", "sarif", "github"] {
            let mut args = vec!["check", "--format", format];
            args.extend(&paths);
            let (code, out, _) = streamlint(&args);
            assert_eq!(code, 1, "{name} {format}");
            let out = if format == "sarif" {
                let mut v: Value = serde_json::from_str(&out).unwrap();
                // The rule list (documentation) is snapshotted elsewhere; keep the results.
                v["runs"][0]["tool"]["driver"]["rules"] = Value::Null;
                v["runs"][0]["tool"]["driver"]["version"] = Value::Null;
                v["runs"][0]["tool"]["driver"]["semanticVersion"] = Value::Null;
                serde_json::to_string_pretty(&v).unwrap()
            } else {
                out
            };
            insta::assert_snapshot!(format!("{name}__{format}"), out);
        }
    }
}

#[test]
fn sarif_with_flows_is_valid_against_the_official_schema() {
    let (_, out, _) = streamlint(&["check", "--format", "sarif", "fixtures/flows"]);
    let log: Value = serde_json::from_str(&out).unwrap();
    let schema: Value =
        serde_json::from_str(include_str!("schemas/sarif-2.1.0.json")).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // Results inside flows name the embedding card as a related location in the stream file.
    let results = log["runs"][0]["results"].as_array().unwrap();
    let not_last = results
        .iter()
        .find(|r| r["ruleId"] == "live-chat-not-last")
        .unwrap();
    let related = not_last["relatedLocations"].as_array().unwrap();
    assert!(related.iter().any(|l| l["message"]["text"]
        .as_str()
        .unwrap()
        .starts_with("embedded by fixtures/flows/embedded/pricing.stream.yaml:12:19")));
}

/// Every command in docs/flows.md's ```sh blocks runs with the exit code it documents (`# exit
/// N`, else 0).
#[test]
fn the_commands_in_docs_flows_md_work() {
    let doc = std::fs::read_to_string("docs/flows.md").unwrap();
    let mut in_sh = false;
    let mut ran = 0;
    for line in doc.lines() {
        match line.trim() {
            "```sh" => in_sh = true,
            "```" => in_sh = false,
            command if in_sh && command.starts_with("streamlint ") => {
                let (command, expected) = match command.split_once("# exit ") {
                    Some((c, n)) => (c.trim(), n.trim().parse::<i32>().unwrap()),
                    None => (command, 0),
                };
                let args: Vec<&str> = command.split_whitespace().skip(1).collect();
                let (code, out, err) = streamlint(&args);
                assert_eq!(code, expected, "`{command}`:\n{out}\n{err}");
                ran += 1;
            }
            _ => {}
        }
    }
    assert_eq!(ran, 5);
}

#[test]
fn ids_are_per_file_a_flow_may_reuse_an_id_of_the_stream() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir, "a.stream.yaml", "stream: A\ncards:\n  - type: message\n    id: hello\n    text: Hi\n  - type: flow\n    flow: f.flow.yaml\n");
    write(
        &dir,
        "f.flow.yaml",
        "stream: F\nkind: flow\ncards:\n  - type: message\n    id: hello\n    text: Hello again\n",
    );
    let (code, v) = check_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{v:#}");
}

#[test]
fn a_stream_on_standard_input_resolves_flows_from_the_current_directory() {
    let out = Command::cargo_bin("streamlint")
        .unwrap()
        .current_dir("fixtures/flows/embedded")
        .args([
            "check",
            "--format",
            "short",
            "-",
            "--stdin-filename",
            "piped.stream.yaml",
        ])
        .write_stdin(std::fs::read("fixtures/flows/embedded/pricing.stream.yaml").unwrap())
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.starts_with("qualify.flow.yaml:13:11: error[live-chat-not-last] live chat card is not the last card of its branch (embedded by piped.stream.yaml:12:19)"),
        "{stdout}"
    );
}

#[test]
fn poke_belongs_to_the_first_card_the_visitor_sees_across_the_boundary() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir,
        "hello.flow.yaml",
        "stream: Hello\nkind: flow\ncards:\n  - type: message\n    text: Hi!\n    poke: true\n",
    );
    // Starting with the flow: its poke is on the first card.
    write(&dir, "first.stream.yaml", "stream: First\ncards:\n  - type: flow\n    flow: hello.flow.yaml\n  - type: message\n    text: Welcome\n");
    // Embedding it after a card: the poke is not on the first card, reported in the flow.
    write(&dir, "later.stream.yaml", "stream: Later\ncards:\n  - type: message\n    text: Welcome\n  - type: flow\n    flow: hello.flow.yaml\n");
    let (code, v) = check_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    let d = diagnostics(&v);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0]["rule"], "poke-not-first");
    assert!(d[0]["file"].as_str().unwrap().ends_with("hello.flow.yaml"));
    assert!(d[0]["via"][0]["file"]
        .as_str()
        .unwrap()
        .ends_with("later.stream.yaml"));
}

#[test]
fn an_answer_without_follow_up_at_the_end_of_a_flow_ending_the_stream_is_reported_there() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir, "ask.flow.yaml", "stream: Ask\nkind: flow\ncards:\n  - type: question\n    text: Newsletter?\n    answers:\n      - label: Sure\n      - label: No\n");
    // Followed by a card: fine. Ending the stream: the answers end the conversation silently.
    write(&dir, "mid.stream.yaml", "stream: Mid\ncards:\n  - type: flow\n    flow: ask.flow.yaml\n  - type: message\n    text: Thanks\n");
    write(&dir, "end.stream.yaml", "stream: End\ncards:\n  - type: message\n    text: Hi\n  - type: flow\n    flow: ask.flow.yaml\n");
    let (code, v) = check_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 0);
    let d = diagnostics(&v);
    assert_eq!(d.len(), 2, "{d:#?}");
    for f in &d {
        assert_eq!(f["rule"], "answer-without-follow-up");
        assert!(f["file"].as_str().unwrap().ends_with("ask.flow.yaml"));
        assert!(f["via"][0]["file"]
            .as_str()
            .unwrap()
            .ends_with("end.stream.yaml"));
    }
}

#[test]
fn a_flow_checked_alone_does_not_call_suppressions_of_embedding_rules_unused() {
    let (code, out, _) = streamlint(&[
        "check",
        "--format",
        "short",
        "fixtures/flows/suppress/quick.flow.yaml",
    ]);
    assert_eq!(code, 0);
    assert_eq!(out, "0 errors, 0 warnings in 1 file\n");
}

#[test]
fn graph_draws_nested_flows_as_nested_groups_and_marks_flow_findings() {
    let (code, out, _) = streamlint(&["graph", "fixtures/flows/nested/main.stream.yaml"]);
    assert_eq!(code, 0);
    let outer = out
        .find("subgraph g0[\"flow fixtures/flows/nested/outer.flow.yaml\"]")
        .expect(&out);
    let inner = out
        .find("subgraph g1[\"flow fixtures/flows/nested/shared/inner.flow.yaml\"]")
        .expect(&out);
    assert!(outer < inner, "{out}");
    // The live chat inside qualify.flow.yaml is not last where pricing embeds it.
    let (code, out, _) = streamlint(&["graph", "fixtures/flows/embedded/pricing.stream.yaml"]);
    assert_eq!(code, 1, "{out}");
    // Both occurrences of the flow's live chat are marked.
    assert!(
        out.contains(
            "n3([\"<b>live_chat</b> connect<br><i>route: team enterprise</i><br><b>ERROR</b>\"])"
        ),
        "{out}"
    );
    assert!(out.contains("class n3,n7 error"), "{out}");
}

#[test]
fn the_same_stream_problem_through_two_streams_is_one_finding_per_stream() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir, "end.flow.yaml", "stream: End\nkind: flow\ncards:\n  - type: info_capture\n    fields:\n      - attribute: name\n      - attribute: email\n  - type: live_chat\n    route: round_robin\n");
    for s in ["a", "b"] {
        std::fs::write(
            dir.path().join(format!("{s}.stream.yaml")),
            "stream: S\ncards:\n  - type: question\n    text: Chat?\n    answers:\n      - label: Yes\n        cards:\n          - type: flow\n            flow: end.flow.yaml\n          - type: message\n            text: Bye\n      - label: No\n        cards: [{ type: message, text: Bye }]\n",
        )
        .unwrap();
    }
    let (code, v) = check_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    let streams: Vec<String> = keys(&v)
        .into_iter()
        .map(|(file, rule, _, _, via)| {
            assert!(file.ends_with("end.flow.yaml"));
            assert_eq!(rule, "live-chat-not-last");
            via.rsplit('/').next().unwrap().to_string()
        })
        .collect();
    assert_eq!(streams, ["a.stream.yaml", "b.stream.yaml"]);
}

#[test]
fn a_capture_in_the_stream_is_judged_with_the_live_chat_in_the_flow() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir,
        "chat.flow.yaml",
        "stream: Chat\nkind: flow\ncards:\n  - type: live_chat\n    route: round_robin\n",
    );
    write(&dir, "s.stream.yaml", "stream: S\ncards:\n  - type: question\n    text: Chat?\n    answers:\n      - label: Yes\n        cards:\n          - type: info_capture\n            fields:\n              - attribute: first_name\n          - type: flow\n            flow: chat.flow.yaml\n      - label: No\n        cards: [{ type: message, text: Bye }]\n");
    let (code, v) = check_json(&[dir.path().join("s.stream.yaml").to_str().unwrap()]);
    assert_eq!(code, 1);
    let d = diagnostics(&v);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0]["rule"], "info-capture-missing-name-email");
    assert!(d[0]["file"].as_str().unwrap().ends_with("s.stream.yaml"));
    assert_eq!(d[0]["path"], serde_json::json!(["Yes"]));
    // The human report names the live chat in the flow file as a note.
    let (_, out, _) = streamlint(&["check", dir.path().join("s.stream.yaml").to_str().unwrap()]);
    assert!(out.contains("chat.flow.yaml:4:11: the live chat"), "{out}");
    assert!(out.contains("reaches the live chat at "), "{out}");
}

#[test]
fn a_flow_path_naming_a_directory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sub.flow.yaml")).unwrap();
    write(&dir, "s.stream.yaml", "stream: S\ncards:\n  - type: message\n    text: Hi\n  - type: flow\n    flow: sub.flow.yaml\n");
    let (code, v) = check_json(&[dir.path().join("s.stream.yaml").to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(
        diagnostics(&v)[0]["message"],
        "flow file `sub.flow.yaml` is a directory"
    );
}
