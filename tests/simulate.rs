//! `streamlint simulate` from the command line, on the fixtures under `fixtures/simulate/`.

use std::time::{Duration, Instant};

use assert_cmd::Command;

const F: &str = "fixtures/simulate";

fn simulate(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("streamlint")
        .unwrap()
        .arg("--color")
        .arg("never")
        .arg("simulate")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn json(stdout: &str) -> serde_json::Value {
    serde_json::from_str(stdout).unwrap()
}

fn pricing(extra: &[&str]) -> (i32, String, String) {
    let stream = format!("{F}/pricing.stream.yaml");
    let roster = format!("{F}/roster.yaml");
    let mut args = vec![stream.as_str(), "--roster", roster.as_str()];
    args.extend_from_slice(extra);
    simulate(&args)
}

#[test]
fn path_classes_human() {
    let (code, out, _) = pricing(&[]);
    assert_eq!(code, 0);
    insta::assert_snapshot!(out);
}

#[test]
fn path_classes_json_has_the_contract_shape() {
    let (code, out, _) = pricing(&["--format", "json"]);
    assert_eq!(code, 0);
    let v = json(&out);
    assert_eq!(v["summary"]["paths"], 4);
    assert_eq!(
        v["summary"]["outcomes"],
        serde_json::json!({"agent": 2, "fallback": 1, "end": 1})
    );
    insta::assert_snapshot!(out);
}

#[test]
fn explain_says_which_rules_were_tried_and_who_was_skipped() {
    let (code, out, _) = pricing(&["--explain", "--at", "2026-11-28T18:00:00Z"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("skipped john: off schedule at that time"),
        "{out}"
    );
    insta::assert_snapshot!(out);
}

#[test]
fn visitor_attributes_drop_the_classes_they_make_impossible() {
    let (_, out, _) = pricing(&["--format", "json", "--visitor", "inferred_state=ca"]);
    let v = json(&out);
    assert_eq!(v["summary"]["paths"], 2);
    assert_eq!(v["paths"][0]["outcome"]["rule"], "West coast");
    // Account routing applies with an email given.
    let (_, out, _) = pricing(&[
        "--format",
        "json",
        "--visitor",
        "company_size=20",
        "--visitor",
        "email=x@nowhere.example",
    ]);
    let v = json(&out);
    assert_eq!(v["summary"]["paths"], 3);
}

#[test]
fn the_limit_lists_fewer_but_the_summary_counts_all() {
    let (_, out, _) = pricing(&["--format", "json", "--limit", "1"]);
    let v = json(&out);
    assert_eq!(v["summary"]["paths"], 4);
    assert_eq!(v["paths"].as_array().unwrap().len(), 1);
}

#[test]
fn the_shared_example_visitors_pass_every_expectation() {
    let visitors = format!("{F}/visitors.yaml");
    let (code, out, _) = pricing(&["--visitors", &visitors]);
    assert_eq!(code, 0, "{out}");
    insta::assert_snapshot!(out);
    let (code, out, _) = pricing(&["--visitors", &visitors, "--format", "json"]);
    assert_eq!(code, 0);
    let v = json(&out);
    assert!(v.get("paths").is_none());
    assert_eq!(v["visitors"][0]["id"], "west-coast");
    assert_eq!(
        v["visitors"][0]["expected"],
        serde_json::json!({"agent": "john"})
    );
    assert_eq!(v["visitors"][0]["ok"], true);
    insta::assert_snapshot!(out);
}

#[test]
fn a_changed_expectation_fails_with_expected_and_actual() {
    let visitors = format!("{F}/visitors-wrong.yaml");
    let (code, out, _) = pricing(&["--visitors", &visitors]);
    assert_eq!(code, 1);
    assert!(out.contains("visitor big-company: FAILED"), "{out}");
    assert!(
        out.contains("  expected    live chat with Luca Bianchi (luca)\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "  actual      live chat with Maria Rossi (maria): rule \"Enterprise\", team enterprise\n"
        ),
        "{out}"
    );
    let (code, out, _) = pricing(&["--visitors", &visitors, "--format", "json"]);
    assert_eq!(code, 1);
    assert_eq!(json(&out)["visitors"][1]["ok"], false);
}

#[test]
fn an_answer_not_offered_is_an_error_naming_the_labels_and_running_out_is_dropped() {
    let visitors = format!("{F}/visitors-bad-answer.yaml");
    let (code, out, _) = pricing(&["--visitors", &visitors, "--format", "json"]);
    assert_eq!(code, 1);
    let v = json(&out);
    assert_eq!(
        v["visitors"][0]["error"],
        "answer \"Maybe later\" is not offered at question wants-sales, which offers \"Yes, connect me\", \"Just browsing\""
    );
    assert_eq!(v["visitors"][0]["outcome"], serde_json::Value::Null);
    assert_eq!(
        v["visitors"][1]["outcome"],
        serde_json::json!({"type": "dropped", "card": "wants-sales"})
    );
    assert_eq!(v["visitors"][1]["ok"], true);
}

/// The done-when case: round robin over a (max 1), b (unavailable), c (max 2).
#[test]
fn four_visitors_reach_a_c_c_then_the_fallback_every_time() {
    let run = || {
        simulate(&[
            &format!("{F}/capacity/support.stream.yaml"),
            "--roster",
            &format!("{F}/capacity/roster.yaml"),
            "--visitors",
            &format!("{F}/capacity/visitors.yaml"),
            "--format",
            "json",
        ])
    };
    let (code, first, _) = run();
    assert_eq!(code, 0, "{first}");
    let v = json(&first);
    let got: Vec<String> = v["visitors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            x["outcome"]["agent"]
                .as_str()
                .map_or_else(|| x["outcome"]["type"].to_string(), str::to_string)
        })
        .collect();
    assert_eq!(got, vec!["a", "c", "c", "\"fallback\""]);
    assert_eq!(v["visitors"][3]["outcome"]["reason"], "no_agent_available");
    for _ in 0..3 {
        assert_eq!(run().1, first);
    }
}

#[test]
fn forty_questions_are_counted_exactly_and_fast() {
    let start = Instant::now();
    let (code, out, _) = simulate(&[
        &format!("{F}/forty-questions.stream.yaml"),
        "--roster",
        &format!("{F}/roster.yaml"),
        "--format",
        "json",
        "--limit",
        "3",
    ]);
    let elapsed = start.elapsed();
    assert_eq!(code, 0);
    let v = json(&out);
    // 2^40 answer sequences times 3 at the live chat (two rules, or none).
    assert_eq!(v["summary"]["paths"].as_u64(), Some(3 * (1u64 << 40)));
    assert_eq!(v["summary"]["outcomes"]["agent"].as_u64(), Some(2 << 40));
    assert_eq!(v["paths"].as_array().unwrap().len(), 3);
    // Generous for a loaded CI machine; it takes milliseconds.
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
}

#[test]
fn bad_inputs_exit_with_the_documented_codes() {
    // No roster: exit 2.
    let (code, _, err) = simulate(&[&format!("{F}/pricing.stream.yaml")]);
    assert_eq!(code, 2);
    assert!(err.contains("needs a roster"), "{err}");
    // An invalid roster: exit 2, with the diagnostic pointing into it.
    let (code, _, err) = simulate(&[
        &format!("{F}/pricing.stream.yaml"),
        "--roster",
        &format!("{F}/invalid-roster.yaml"),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("invalid-roster.yaml:3:5"), "{err}");
    assert!(err.contains("did you mean `max_chats`?"), "{err}");
    // An invalid stream or visitors file: exit 1 with diagnostics.
    let (code, _, err) = simulate(&[
        &format!("{F}/invalid-roster.yaml"),
        "--roster",
        &format!("{F}/roster.yaml"),
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("is not a valid stream file"), "{err}");
    let (code, _, err) = pricing(&["--visitors", &format!("{F}/roster.yaml")]);
    assert_eq!(code, 1);
    assert!(
        err.contains("this looks like a roster, not a visitors file"),
        "{err}"
    );
    // A time without an offset is a usage error.
    let (code, _, _) = pricing(&["--at", "2026-11-25 10:00"]);
    assert_eq!(code, 2);
}

#[test]
fn a_meeting_card_books_and_the_conversation_goes_on() {
    let (code, out, _) = simulate(&[
        &format!("{F}/meeting.stream.yaml"),
        "--roster",
        &format!("{F}/roster.yaml"),
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let v = json(&out);
    // Agents are available, so the `otherwise` branch is impossible for the first visitor.
    assert_eq!(v["summary"]["paths"], 2);
    assert_eq!(
        v["paths"][0]["outcome"],
        serde_json::json!({"type": "meeting", "agent": "maria", "team": "enterprise", "rule": null, "route": "team"})
    );
    assert_eq!(
        v["paths"][0]["cards"],
        serde_json::json!(["open", "wants-demo", "book", "#4"])
    );
}

#[test]
fn explain_shows_conditions_decided_by_availability() {
    let (code, out, _) = simulate(&[
        &format!("{F}/meeting.stream.yaml"),
        "--roster",
        &format!("{F}/roster.yaml"),
        "--explain",
    ]);
    assert_eq!(code, 0);
    insta::assert_snapshot!(out);
}

#[test]
fn explain_for_visitors_names_each_agent_skipped_and_why() {
    let (code, out, _) = simulate(&[
        &format!("{F}/capacity/support.stream.yaml"),
        "--roster",
        &format!("{F}/capacity/roster.yaml"),
        "--visitors",
        &format!("{F}/capacity/visitors.yaml"),
        "--explain",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("at connect: skipped a: at capacity"), "{out}");
    assert!(out.contains("at connect: skipped b: unavailable"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn missed_chats_and_account_unavailable_stop_follow_the_roster_settings() {
    let dir = format!("{F}/misses");
    let (code, out, _) = simulate(&[
        &format!("{dir}/team.stream.yaml"),
        "--roster",
        &format!("{dir}/roster.yaml"),
        "--visitors",
        &format!("{dir}/visitors.yaml"),
        "--explain",
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("try 2: ana takes it (team sales)"), "{out}");
    assert!(
        out.contains("no more tries: at most 2 agents are tried"),
        "{out}"
    );
    assert!(out.contains("worst-case wait: 200 s"), "{out}");
    assert!(out.contains("routing.account_unavailable is stop"), "{out}");
    insta::assert_snapshot!(out);
}

/// A visitors file of more YAML values than one document may hold (200,000) is read one
/// visitor at a time: accepted, every visitor reported, the summary counted along the way and
/// written after them. A repeated id is still found, with both places.
#[test]
fn a_visitors_file_beyond_the_document_cap_is_played_one_visitor_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("visitors:\n");
    // 36 values per visitor: 216,000 in all.
    let fills = "{ a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9, j: 10 }";
    for i in 0..6_000 {
        text.push_str(&format!(
            "  - id: v{i}\n    attributes: {{ company_size: {i}, inferred_state: NY }}\n    answers: [\"Just browsing\"]\n    fills: {fills}\n    expect: {{ outcome: end }}\n"
        ));
    }
    let path = dir.path().join("many.yaml");
    std::fs::write(&path, &text).unwrap();
    let (code, out, err) = pricing(&["--visitors", path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    assert_eq!(v["visitors"].as_array().unwrap().len(), 6_000);
    assert_eq!(v["visitors"][5_999]["id"], "v5999");
    assert_eq!(
        v["summary"],
        serde_json::json!({"visitors": 6_000, "failed": 0, "outcomes": {"end": 6_000}})
    );
    assert!(out.rfind("\"summary\"") > out.rfind("\"v5999\""));
    // The same id twice, far apart: exit 1 before anything is simulated.
    text.push_str("  - id: v7\n");
    std::fs::write(&path, &text).unwrap();
    let (code, out, err) = pricing(&["--visitors", path.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("visitor id `v7` is used twice"), "{err}");
    assert!(err.contains("many.yaml:30002:9"), "{err}");
}
