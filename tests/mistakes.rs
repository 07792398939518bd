//! The mistakes people make writing streams by hand, each in `fixtures/mistakes/` (a clean
//! stream with one mistake): exactly one finding, at the line of the mistake, in plain words,
//! with the fix. Each human report is a snapshot, read against the question "would a marketer
//! know exactly what to change?".

use assert_cmd::Command;
use serde_json::Value;

/// Each fixture and the line its mistake is on (where the finding must point, which is not
/// always where the YAML parser noticed it).
const CORPUS: &[(&str, u64)] = &[
    ("answer-read-as-a-card", 25),
    ("apostrophe-in-single-quotes", 15),
    ("asterisk-at-start-of-text", 4),
    ("at-sign-at-start-of-text", 4),
    ("backtick-at-start-of-text", 4),
    ("brackets-at-start-of-text", 4),
    ("card-indented-too-little", 19),
    ("card-read-as-an-answer", 25),
    ("colon-at-end-of-text", 4),
    ("colon-in-answer-label", 21),
    ("colon-in-text", 4),
    ("continuation-line-too-little-indented", 5),
    ("duplicate-goal-score", 22),
    ("duplicate-key", 5),
    ("equals-instead-of-colon", 4),
    ("key-one-space-too-far-left", 5),
    ("key-one-space-too-far-right", 5),
    ("missing-colon", 4),
    ("missing-colon-after-card-type", 19),
    ("missing-dash-before-second-answer", 21),
    ("no-space-after-colon", 4),
    ("no-space-after-dash", 21),
    ("quotes-inside-double-quotes", 4),
    ("second-answer-indented-too-far", 21),
    ("second-stream-in-one-file", 25),
    ("tab-before-list-item", 21),
    ("tab-indentation", 5),
    ("text-after-closing-quote", 4),
    ("token-at-start-of-text", 4),
    ("unclosed-bracket", 3),
    ("unclosed-double-quote", 4),
    ("unclosed-single-quote", 4),
];

/// The YAML parser's vocabulary, which a person writing a stream has no reason to know.
const JARGON: &[&str] = &[
    "scalar",
    "mapping",
    "sequence",
    "block collection",
    "indicator",
    "simple key",
    "document",
];

fn streamlint() -> Command {
    let mut cmd = Command::cargo_bin("streamlint").unwrap();
    cmd.env_remove("GITHUB_ACTIONS")
        .env_remove("CLICOLOR_FORCE")
        .env("NO_COLOR", "1");
    cmd
}

fn path(name: &str) -> String {
    format!("fixtures/mistakes/{name}.stream.yaml")
}

fn jargon_in(text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase();
    JARGON.iter().copied().find(|word| lower.contains(word))
}

#[test]
fn every_fixture_is_in_the_table_and_the_corpus_is_large_enough() {
    let mut on_disk: Vec<String> = std::fs::read_dir("fixtures/mistakes")
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".stream.yaml").map(String::from))
        .collect();
    on_disk.sort();
    let listed: Vec<&str> = CORPUS.iter().map(|(name, _)| *name).collect();
    assert_eq!(on_disk, listed, "fixtures/mistakes/ and CORPUS differ");
    assert!(CORPUS.len() >= 25);
}

#[test]
fn each_mistake_is_one_plain_finding_at_its_line_with_the_fix() {
    let mut problems = Vec::new();
    for &(name, line) in CORPUS {
        let out = streamlint()
            .args(["check", "--format", "json", &path(name)])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{name}");
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        let findings = report["diagnostics"].as_array().unwrap();
        if findings.len() != 1 {
            problems.push(format!("{name}: {} findings, not one", findings.len()));
        }
        for finding in findings {
            let rule = finding["rule"].as_str().unwrap();
            if rule != "syntax" && rule != "schema" {
                problems.push(format!("{name}: rule {rule}"));
            }
            if finding["line"] != line {
                problems.push(format!(
                    "{name}: at line {}, the mistake is on line {line}",
                    finding["line"]
                ));
            }
            let help = finding["help"].as_str().unwrap_or_default();
            if help.is_empty() {
                problems.push(format!("{name}: no help saying what to change"));
            }
            for text in [finding["message"].as_str().unwrap(), help] {
                if let Some(word) = jargon_in(text) {
                    problems.push(format!("{name}: says `{word}`: {text}"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn each_mistake_reads_like_this() {
    for &(name, _) in CORPUS {
        let out = streamlint()
            .args(["--color", "never", "check", &path(name)])
            .output()
            .unwrap();
        let human = String::from_utf8(out.stdout).unwrap();
        for word in JARGON {
            assert!(
                !human.to_lowercase().contains(word),
                "{name}: the report says `{word}`:\n{human}"
            );
        }
        insta::assert_snapshot!(name, human);
    }
}

fn findings(args: &[&str]) -> Vec<Value> {
    let out = streamlint()
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    report["diagnostics"].as_array().unwrap().clone()
}

/// A roster, visitors or config file given to `check` is named for what it is, with the flag
/// that takes it, in one finding.
#[test]
fn other_files_given_to_check_are_recognised() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("streamlint.yaml");
    std::fs::write(&config, "rules:\n  live-chat-not-last: warning\n").unwrap();
    for (file, kind, flag) in [
        ("fixtures/demo/roster.yaml", "a roster", "--roster"),
        (
            "fixtures/demo/visitors.yaml",
            "a visitors file",
            "--visitors",
        ),
        (
            config.to_str().unwrap(),
            "a streamlint config file",
            "--config",
        ),
    ] {
        let found = findings(&[file]);
        assert_eq!(found.len(), 1, "{file}: {found:?}");
        let message = found[0]["message"].as_str().unwrap();
        assert_eq!(message, format!("this looks like {kind}, not a stream"));
        assert!(found[0]["help"].as_str().unwrap().contains(flag), "{file}");
    }
}

/// A stream given to `--roster`, a roster given to `--visitors`: named, in one finding.
#[test]
fn files_swapped_between_flags_are_recognised() {
    let out = streamlint()
        .args([
            "check",
            "fixtures/demo",
            "--roster",
            "fixtures/demo/pricing.stream.yaml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("  × ").count(), 1, "{stderr}");
    assert!(
        stderr.contains("this looks like a stream, not a roster"),
        "{stderr}"
    );
    let out = streamlint()
        .args([
            "simulate",
            "fixtures/demo/pricing.stream.yaml",
            "--roster",
            "fixtures/demo/roster.yaml",
            "--visitors",
            "fixtures/demo/roster.yaml",
        ])
        .output()
        .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(all.matches("  × ").count(), 1, "{all}");
    assert!(
        all.contains("this looks like a roster, not a visitors file"),
        "{all}"
    );
    assert!(all.contains("pass it with `--roster`"), "{all}");
}

/// `attribute: Email` is not `email`: the finding says so instead of only "add an email".
#[test]
fn attribute_names_differing_only_by_case_get_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("case.stream.yaml");
    std::fs::write(
        &path,
        "stream: x\ncards:\n  - type: question\n    text: Talk?\n    answers:\n      - label: \"Yes\"\n        cards:\n          - type: info_capture\n            fields:\n              - attribute: first_name\n              - attribute: Email\n          - type: live_chat\n            route: round_robin\n",
    )
    .unwrap();
    let found = findings(&[path.to_str().unwrap()]);
    let finding = found
        .iter()
        .find(|f| f["rule"] == "info-capture-missing-name-email")
        .expect("the email is still missing");
    assert_eq!(
        finding["help"],
        "attribute names are case-sensitive: write `attribute: email`, not `Email` (line 11)"
    );
}

mod generated {
    //! Random edits of the corpus: whatever the mistake, the finding has no jargon, points inside
    //! the file, and says what to change.
    use proptest::prelude::*;
    use streamlint::check::check_bytes;
    use streamlint::rules::RuleSet;

    const SEEDS: &[&str] = &[
        include_str!("../fixtures/mistakes/colon-in-text.stream.yaml"),
        include_str!("../fixtures/docs/book-a-demo.stream.yaml"),
        include_str!("../fixtures/demo/roster.yaml"),
    ];
    const EDITS: &[&str] = &[
        ":", ": ", "- ", "-", " ", "  ", "\t", "\"", "'", "[", "{", "}", "*", "@", "`", "#", "=",
        "\n", "---\n", "é",
    ];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]
        #[test]
        fn syntax_findings_stay_plain(
            seed in 0..SEEDS.len(),
            edits in prop::collection::vec((any::<prop::sample::Index>(), 0..EDITS.len(), any::<bool>()), 1..4),
        ) {
            let mut text = SEEDS[seed].to_string();
            for (at, edit, delete) in edits {
                let mut i = at.index(text.len() + 1);
                while !text.is_char_boundary(i) {
                    i -= 1;
                }
                if delete && i < text.len() {
                    let end = (i + 1..=text.len()).find(|e| text.is_char_boundary(*e)).unwrap();
                    text.replace_range(i..end, "");
                } else {
                    text.insert_str(i, EDITS[edit]);
                }
            }
            let result = check_bytes(
                "gen.stream.yaml",
                text.clone().into_bytes(),
                None,
                &RuleSet::all(),
            );
            for f in result.findings.iter().filter(|f| f.rule == "syntax") {
                let help = f.help.clone().unwrap_or_default();
                prop_assert!(!help.is_empty(), "{f:?}");
                for words in [&f.message, &help] {
                    prop_assert!(super::jargon_in(words).is_none(), "{words}\n---\n{text}");
                }
                prop_assert!(f.span.end.offset as usize <= result.source.text.len());
            }
        }
    }
}
