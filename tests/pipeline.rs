//! The pipeline half of `check`, end to end: config file, suppression comments, `--select` /
//! `--ignore`, baselines, GitHub Actions mode and colour.
//!
//! Every command runs with the colour and CI variables removed, so outputs are the same on a
//! terminal, in a pipe and inside GitHub Actions.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn streamlint(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_streamlint"));
    for var in [
        "NO_COLOR",
        "CLICOLOR_FORCE",
        "GITHUB_ACTIONS",
        "GITHUB_STEP_SUMMARY",
    ] {
        cmd.env_remove(var);
    }
    cmd.current_dir(dir);
    cmd
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().expect("streamlint runs");
    Run {
        code: out.status.code().expect("exit code"),
        stdout: String::from_utf8(out.stdout).expect("utf-8 stdout"),
        // The note that routing rules are skipped without a roster is tested in routing_rules.rs;
        // these tests are about other stderr lines.
        stderr: String::from_utf8(out.stderr)
            .expect("utf-8 stderr")
            .replace(
                "note: routing rules skipped: no roster given (use --roster FILE)\n",
                "",
            ),
    }
}

fn check(dir: &Path, args: &[&str]) -> Run {
    run(streamlint(dir).arg("check").args(args))
}

/// A temporary directory holding copies of fixture files: `(fixture path, name in the dir)`.
fn sandbox(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (from, to) in files {
        let to = dir.path().join(to);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(fixtures().join(from), to).unwrap();
    }
    dir
}

mod suppressions {
    use super::*;

    #[test]
    fn each_suppression_silences_exactly_its_rule_at_its_place() {
        let r = check(&fixtures().join("suppress"), &["--format", "short"]);
        insta::assert_snapshot!(r.stdout, @r#"
        file-level.stream.yaml:18:16: warning[answer-without-follow-up] answer "No" has no follow-up: the conversation ends silently
        misplaced.stream.yaml:9:32: warning[unused-suppression] `info-capture-missing-name-email` reports nothing on the next line: the suppression is unused
        misplaced.stream.yaml:11:13: error[info-capture-missing-name-email] info capture before a live chat does not collect a name or an email
        mixed.stream.yaml:7:11: warning[token-without-default] token `{{lead.FirstName}}` has no default
        mixed.stream.yaml:14:19: error[live-chat-not-last] live chat card is not the last card of its branch
        mixed.stream.yaml:20:48: warning[unused-suppression] `poke-not-first` reports nothing on this line: the suppression is unused
        2 errors, 4 warnings in 3 files
        "#);
        assert_eq!(r.code, 1);
    }

    #[test]
    fn without_the_comments_every_finding_is_back() {
        let text = std::fs::read_to_string(fixtures().join("suppress/mixed.stream.yaml")).unwrap();
        let stripped: String = text
            .lines()
            .map(|l| match l.find("# streamlint:") {
                Some(i) => l[..i].trim_end(),
                None => l,
            })
            .collect::<Vec<_>>()
            .join("\n");
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("mixed.stream.yaml"), stripped).unwrap();
        let r = check(dir.path(), &["--format", "short"]);
        insta::assert_snapshot!(r.stdout, @r"
        mixed.stream.yaml:5:11: warning[token-without-default] token `{{lead.FirstName}}` has no default
        mixed.stream.yaml:7:11: warning[token-without-default] token `{{lead.FirstName}}` has no default
        mixed.stream.yaml:14:19: error[live-chat-not-last] live chat card is not the last card of its branch
        mixed.stream.yaml:14:19: warning[live-chat-without-info-capture] live chat is reachable without an info capture card
        1 error, 3 warnings in 1 file
        ");
    }

    #[test]
    fn the_rule_fixtures_fail_and_pass() {
        for rule in [
            "unknown-rule",
            "unused-suppression",
            "suppression-without-reason",
        ] {
            let dir = fixtures().join("rules").join(rule);
            let fail = check(&dir, &["--format", "json", "fail.stream.yaml"]);
            let json: serde_json::Value = serde_json::from_str(&fail.stdout).unwrap();
            let rules: Vec<&str> = json["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["rule"].as_str().unwrap())
                .collect();
            assert!(rules.contains(&rule), "{rule}: {rules:?}");
            let pass = check(&dir, &["--format", "short", "pass.stream.yaml"]);
            assert_eq!(pass.stdout, "0 errors, 0 warnings in 1 file\n", "{rule}");
            assert_eq!(pass.code, 0);
        }
    }

    #[test]
    fn a_stale_suppression_is_reported_in_full() {
        let dir = fixtures().join("rules/unused-suppression");
        let r = check(&dir, &["--color", "never", "fail.stream.yaml"]);
        insta::assert_snapshot!(r.stdout);
        assert_eq!(r.code, 0);
    }

    #[test]
    fn an_unknown_rule_in_a_comment_is_reported_in_full() {
        let dir = fixtures().join("rules/unknown-rule");
        let r = check(&dir, &["--color", "never", "fail.stream.yaml"]);
        insta::assert_snapshot!(r.stdout);
    }

    #[test]
    fn a_suppression_without_reason_is_reported_in_full() {
        let dir = fixtures().join("rules/suppression-without-reason");
        let r = check(&dir, &["--color", "never", "fail.stream.yaml"]);
        insta::assert_snapshot!(r.stdout);
    }

    #[test]
    fn in_a_file_the_rules_could_not_read_nothing_is_unused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.stream.yaml"),
            "stream: x\ncards:\n  - type: message\n    txt: hi # streamlint: ignore[schema, poke-not-first] -- r\n",
        )
        .unwrap();
        let r = check(dir.path(), &["--format", "short"]);
        insta::assert_snapshot!(r.stdout, @r"
        a.stream.yaml:4:5: error[schema] unknown field `txt` in a `message` card
        a.stream.yaml:4:34: warning[unused-suppression] `schema` findings cannot be suppressed
        1 error, 1 warning in 1 file
        ");
    }

    #[test]
    fn in_a_flow_file_path_rule_suppressions_are_not_judged() {
        // The path rules do not run on a flow checked on its own, so a suppression of one
        // cannot be called unused there; other rules' suppressions still are.
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("connect.flow.yaml"),
            "stream: Connect\nkind: flow\ncards:\n  \
             # streamlint: ignore[live-chat-without-info-capture] -- embedded after a capture\n  \
             - type: live_chat # streamlint: ignore[poke-not-first] -- stale\n    \
             route: round_robin\n",
        )
        .unwrap();
        let r = check(dir.path(), &["--format", "short"]);
        insta::assert_snapshot!(r.stdout, @r"
        connect.flow.yaml:5:42: warning[unused-suppression] `poke-not-first` reports nothing on this line: the suppression is unused
        0 errors, 1 warning in 1 file
        ");
    }

    #[test]
    fn a_misplaced_suppression_says_where_the_finding_is() {
        let dir = fixtures().join("suppress");
        let r = check(&dir, &["--format", "json", "misplaced.stream.yaml"]);
        let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        let unused = &json["diagnostics"][0];
        assert_eq!(unused["rule"], "unused-suppression");
        assert_eq!(
            unused["help"],
            "`info-capture-missing-name-email` reports on line 11: move the comment to the end \
             of that line, or alone just above it"
        );
        assert_eq!(json["diagnostics"][1]["line"], 11);
    }

    #[test]
    fn stdin_is_suppressed_too() {
        let text =
            std::fs::read(fixtures().join("rules/unused-suppression/pass.stream.yaml")).unwrap();
        let r = run(streamlint(&fixtures())
            .args(["check", "--format", "short", "-"])
            .write_stdin(text));
        assert_eq!(r.stdout, "0 errors, 0 warnings in 1 file\n");
    }
}

mod config {
    use super::*;

    fn project() -> PathBuf {
        fixtures().join("config/project")
    }

    #[test]
    fn found_in_the_current_directory() {
        let r = check(&project(), &["--format", "short"]);
        insta::assert_snapshot!(r.stdout, @r#"
        .streamlint.yaml:9:3: warning[unknown-rule] there is no rule named `live-chat-not-lsat`
        streams/pricing.stream.yaml:4:11: error[token-without-default] token `{{lead.FirstName}}` has no default
        streams/pricing.stream.yaml:12:16: warning[answer-without-follow-up] answer "No" has no follow-up: the conversation ends silently
        1 error, 2 warnings in 4 files; 2 paths skipped (2 excluded)
        "#);
        assert_eq!(r.code, 1);
    }

    #[test]
    fn found_in_the_nearest_parent() {
        let r = check(
            &project().join("streams/nested"),
            &["--format", "short", ".."],
        );
        insta::assert_snapshot!(r.stdout, @r#"
        ../../.streamlint.yaml:9:3: warning[unknown-rule] there is no rule named `live-chat-not-lsat`
        ../pricing.stream.yaml:4:11: error[token-without-default] token `{{lead.FirstName}}` has no default
        ../pricing.stream.yaml:12:16: warning[answer-without-follow-up] answer "No" has no follow-up: the conversation ends silently
        1 error, 2 warnings in 4 files; 1 path skipped (1 excluded)
        "#);
    }

    #[test]
    fn named_with_the_config_flag() {
        // From outside the project, without the flag: defaults (the warning stays a warning,
        // the live chat without info capture is reported, the excluded files are checked).
        let r = check(
            &fixtures().join("config"),
            &["--format", "short", "project/streams"],
        );
        assert!(
            r.stdout.contains("warning[token-without-default]"),
            "{}",
            r.stdout
        );
        assert!(r.stdout.contains("live-chat-without-info-capture"));
        assert!(r.stdout.contains("idea.wip.stream.yaml"));
        let r = check(
            &fixtures().join("config"),
            &[
                "--config",
                "project/.streamlint.yaml",
                "--format",
                "short",
                "project/streams",
            ],
        );
        assert!(
            r.stdout.contains("error[token-without-default]"),
            "{}",
            r.stdout
        );
        assert!(!r.stdout.contains("live-chat-without-info-capture"));
        assert!(!r.stdout.contains("idea.wip.stream.yaml"));
        assert!(r
            .stdout
            .starts_with("project/.streamlint.yaml:9:3: warning[unknown-rule]"));
    }

    #[test]
    fn exclude_prunes_discovery_but_not_named_files() {
        // A directory named on the command line is searched with the exclusions applied.
        let r = check(&project(), &["--format", "short", "drafts"]);
        assert_eq!(r.code, 0, "{}", r.stdout);
        assert!(!r.stdout.contains("drafts/"), "{}", r.stdout);
        // A file named on the command line is always checked.
        let r = check(
            &project(),
            &["--format", "short", "drafts/broken.stream.yaml"],
        );
        assert!(
            r.stdout
                .contains("drafts/broken.stream.yaml:4:11: error[syntax]"),
            "{}",
            r.stdout
        );
    }

    #[test]
    fn an_invalid_config_is_exit_2_with_diagnostics_in_it() {
        let r = check(&fixtures().join("config/invalid"), &["--color", "never"]);
        assert_eq!(r.code, 2);
        assert_eq!(r.stdout, "");
        insta::assert_snapshot!(r.stderr);
    }

    #[test]
    fn a_config_that_is_not_yaml_or_not_a_mapping_is_exit_2() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".streamlint.yaml"), "rules: {a: \"off}\n").unwrap();
        let r = check(dir.path(), &["--format", "json"]);
        assert_eq!(r.code, 2);
        assert_eq!(r.stdout, "");
        assert!(r.stderr.contains("syntax"), "{}", r.stderr);
        assert!(r.stderr.contains("╭─[.streamlint.yaml:"), "{}", r.stderr);
        std::fs::write(dir.path().join(".streamlint.yaml"), "- rules\n").unwrap();
        let r = check(dir.path(), &[]);
        assert_eq!(r.code, 2);
        assert!(
            r.stderr.contains("expected a config file, found a list"),
            "{}",
            r.stderr
        );
    }

    #[test]
    fn a_missing_config_file_is_exit_2() {
        let r = check(&project(), &["--config", "nope.yaml"]);
        assert_eq!(r.code, 2);
        assert_eq!(
            r.stderr,
            "error: config file nope.yaml: no such file or directory\n"
        );
    }

    #[test]
    fn deny_warnings_from_the_config() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(
            fixtures().join("rules/suppression-without-reason/fail.stream.yaml"),
            dir.path().join("a.stream.yaml"),
        )
        .unwrap();
        assert_eq!(check(dir.path(), &["--format", "short"]).code, 0);
        std::fs::write(dir.path().join(".streamlint.yaml"), "deny_warnings: true\n").unwrap();
        assert_eq!(check(dir.path(), &["--format", "short"]).code, 1);
    }

    #[test]
    fn severities_and_off_apply_to_suppression_findings_too() {
        let dir = sandbox(&[("suppress/mixed.stream.yaml", "mixed.stream.yaml")]);
        std::fs::write(
            dir.path().join(".streamlint.yaml"),
            "rules:\n  unused-suppression: error\n  token-without-default: off\n",
        )
        .unwrap();
        let r = check(dir.path(), &["--format", "short"]);
        insta::assert_snapshot!(r.stdout, @r"
        mixed.stream.yaml:14:19: error[live-chat-not-last] live chat card is not the last card of its branch
        mixed.stream.yaml:20:48: error[unused-suppression] `poke-not-first` reports nothing on this line: the suppression is unused
        2 errors, 0 warnings in 1 file
        ");
    }
}

mod select_ignore {
    use super::*;

    #[test]
    fn select_runs_only_those_rules() {
        let dir = fixtures().join("suppress");
        let r = check(
            &dir,
            &[
                "--format",
                "short",
                "--select",
                "live-chat-not-last,unused-suppression",
            ],
        );
        insta::assert_snapshot!(r.stdout, @r"
        misplaced.stream.yaml:9:32: warning[unused-suppression] `info-capture-missing-name-email` reports nothing on the next line: the suppression is unused
        mixed.stream.yaml:14:19: error[live-chat-not-last] live chat card is not the last card of its branch
        mixed.stream.yaml:20:48: warning[unused-suppression] `poke-not-first` reports nothing on this line: the suppression is unused
        1 error, 2 warnings in 3 files
        ");
    }

    #[test]
    fn ignore_skips_those_rules_and_wins_over_select() {
        let dir = fixtures().join("suppress");
        let r = check(
            &dir,
            &[
                "--format",
                "short",
                "--ignore",
                "live-chat-not-last",
                "--select",
                "live-chat-not-last",
                "--select",
                "token-without-default",
            ],
        );
        insta::assert_snapshot!(r.stdout, @r"
        mixed.stream.yaml:7:11: warning[token-without-default] token `{{lead.FirstName}}` has no default
        0 errors, 1 warning in 3 files
        ");
        assert_eq!(r.code, 0);
    }

    #[test]
    fn unknown_names_are_exit_2_with_a_suggestion() {
        let r = check(
            &fixtures().join("suppress"),
            &["--select", "live-chat-not-lats"],
        );
        assert_eq!(r.code, 2);
        assert_eq!(r.stdout, "");
        insta::assert_snapshot!(r.stderr, @r"
        error: there is no rule named `live-chat-not-lats` (in `--select`)
        help: did you mean `live-chat-not-last`?
        ");
        let r = check(&fixtures().join("suppress"), &["--ignore", "schema"]);
        assert_eq!(r.code, 2);
        assert!(r.stderr.contains("`schema` cannot be ignored"));
    }
}

mod baseline {
    use super::*;

    const STREAM: &str = "demo.stream.yaml";

    fn put(dir: &Path, version: &str) {
        std::fs::copy(fixtures().join("baseline").join(version), dir.join(STREAM)).unwrap();
    }

    fn recorded() -> tempfile::TempDir {
        let dir = sandbox(&[("baseline/v1.stream.yaml", STREAM)]);
        let r = check(
            dir.path(),
            &["--write-baseline", "streamlint-baseline.json"],
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(
            r.stderr,
            "note: wrote 5 baseline entries to streamlint-baseline.json\n"
        );
        dir
    }

    #[test]
    fn the_file_records_card_ids_card_paths_and_multiplicity() {
        let dir = recorded();
        let text = std::fs::read_to_string(dir.path().join("streamlint-baseline.json")).unwrap();
        insta::assert_snapshot!(text);
        // Written atomically: no temporary file left behind.
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[test]
    fn unchanged_findings_pass() {
        let dir = recorded();
        let r = check(dir.path(), &["--baseline", "streamlint-baseline.json"]);
        assert_eq!(r.code, 0);
        assert_eq!(r.stdout, "0 errors, 0 warnings in 1 file\n");
        assert_eq!(
            r.stderr,
            "note: 5 known findings hidden by the baseline streamlint-baseline.json\n"
        );
    }

    #[test]
    fn inserting_lines_above_old_findings_changes_nothing() {
        let dir = recorded();
        put(dir.path(), "v2-lines-inserted.stream.yaml");
        let r = check(
            dir.path(),
            &["--baseline", "streamlint-baseline.json", "--deny-warnings"],
        );
        assert_eq!(r.code, 0, "{}", r.stdout);
        assert_eq!(r.stdout, "0 errors, 0 warnings in 1 file\n");
    }

    #[test]
    fn inserting_a_card_before_id_less_cards_changes_nothing() {
        let dir = recorded();
        put(dir.path(), "v6-card-inserted.stream.yaml");
        let r = check(
            dir.path(),
            &["--baseline", "streamlint-baseline.json", "--deny-warnings"],
        );
        assert_eq!(r.code, 0, "{}", r.stdout);
        assert_eq!(
            r.stderr,
            "note: 5 known findings hidden by the baseline streamlint-baseline.json\n"
        );
    }

    #[test]
    fn a_new_finding_fails_and_is_the_only_one_shown() {
        let dir = recorded();
        put(dir.path(), "v3-new-error.stream.yaml");
        let r = check(
            dir.path(),
            &[
                "--baseline",
                "streamlint-baseline.json",
                "--format",
                "short",
            ],
        );
        assert_eq!(r.code, 1);
        insta::assert_snapshot!(r.stdout, @r"
        demo.stream.yaml:28:13: error[poke-not-first] `poke` is set on a card that is not the first
        1 error, 0 warnings in 1 file
        ");
    }

    #[test]
    fn a_third_copy_of_a_twice_recorded_finding_is_new() {
        let dir = recorded();
        put(dir.path(), "v4-third-copy.stream.yaml");
        let r = check(
            dir.path(),
            &[
                "--baseline",
                "streamlint-baseline.json",
                "--format",
                "short",
                "--deny-warnings",
            ],
        );
        assert_eq!(r.code, 1);
        assert_eq!(r.stdout.lines().count(), 2, "{}", r.stdout);
        assert!(
            r.stdout.contains("warning[token-without-default]"),
            "{}",
            r.stdout
        );
    }

    #[test]
    fn fixed_entries_are_counted() {
        let dir = recorded();
        put(dir.path(), "v5-one-fixed.stream.yaml");
        let r = check(dir.path(), &["--baseline", "streamlint-baseline.json"]);
        assert_eq!(r.code, 0);
        insta::assert_snapshot!(r.stderr, @r"
        note: 4 known findings hidden by the baseline streamlint-baseline.json
        note: 1 baseline entry is fixed and can be dropped: run `streamlint check --write-baseline streamlint-baseline.json`
        ");
    }

    #[test]
    fn file_names_are_relative_to_the_baseline_not_the_working_directory() {
        let dir = recorded();
        let parent = dir.path().parent().unwrap();
        let name = dir.path().file_name().unwrap().to_str().unwrap();
        let r = check(
            parent,
            &[
                "--baseline",
                &format!("{name}/streamlint-baseline.json"),
                &format!("{name}/{STREAM}"),
            ],
        );
        assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
        assert!(r.stdout.starts_with("0 errors, 0 warnings in 1 file"));
    }

    #[test]
    fn entries_of_files_not_checked_are_not_fixed() {
        let dir = recorded();
        std::fs::write(
            dir.path().join("other.stream.yaml"),
            "stream: Other\ncards:\n  - type: message\n    text: Hi!\n",
        )
        .unwrap();
        let r = check(
            dir.path(),
            &[
                "--baseline",
                "streamlint-baseline.json",
                "other.stream.yaml",
            ],
        );
        assert_eq!(r.code, 0);
        assert_eq!(r.stderr, "");
    }

    #[test]
    fn entries_of_rules_not_run_are_not_fixed() {
        let dir = recorded();
        let r = check(
            dir.path(),
            &[
                "--baseline",
                "streamlint-baseline.json",
                "--select",
                "live-chat-not-last",
            ],
        );
        assert_eq!(r.code, 0);
        assert_eq!(
            r.stderr,
            "note: 1 known finding hidden by the baseline streamlint-baseline.json\n"
        );
    }

    #[test]
    fn a_broken_baseline_is_exit_2() {
        let dir = sandbox(&[("baseline/v1.stream.yaml", STREAM)]);
        std::fs::write(dir.path().join("b.json"), "[]").unwrap();
        let r = check(dir.path(), &["--baseline", "b.json"]);
        assert_eq!(r.code, 2);
        assert!(
            r.stderr
                .starts_with("error: b.json: not a streamlint baseline"),
            "{}",
            r.stderr
        );
        let r = check(dir.path(), &["--baseline", "missing.json"]);
        assert_eq!(r.code, 2);
        assert_eq!(r.stderr, "error: missing.json: no such file or directory\n");
    }

    #[test]
    fn write_and_read_together_are_refused() {
        let dir = sandbox(&[("baseline/v1.stream.yaml", STREAM)]);
        let r = check(
            dir.path(),
            &["--baseline", "a.json", "--write-baseline", "b.json"],
        );
        assert_eq!(r.code, 2);
    }
}

mod github {
    use super::*;

    #[test]
    fn annotations_and_a_step_summary_when_no_format_is_given() {
        let dir = sandbox(&[("suppress/mixed.stream.yaml", "streams/mixed.stream.yaml")]);
        let summary = dir.path().join("summary.md");
        std::fs::write(&summary, "# Earlier step\n\n").unwrap();
        let r = run(streamlint(dir.path())
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_STEP_SUMMARY", &summary)
            .args(["check", "--color", "never"]));
        assert_eq!(r.code, 1);
        let (human, annotations) = r
            .stdout
            .split_once("::")
            .map(|(h, a)| (h, format!("::{a}")))
            .unwrap();
        assert!(human.contains("live-chat-not-last"));
        assert!(
            human.ends_with("1 error, 2 warnings in 1 file\n"),
            "{human}"
        );
        insta::assert_snapshot!(annotations, @r#"
        ::warning file=streams/mixed.stream.yaml,line=7,col=11,endLine=7,endColumn=46,title=token-without-default::token `{{lead.FirstName}}` has no default%0Ahelp: add a default: `{{lead.FirstName:"..."}}`
        ::error file=streams/mixed.stream.yaml,line=14,col=19,endLine=14,endColumn=28,title=live-chat-not-last::live chat card is not the last card of its branch%0Ahelp: move the cards after it before it, or into another branch
        ::warning file=streams/mixed.stream.yaml,line=20,col=48,endLine=20,endColumn=62,title=unused-suppression::`poke-not-first` reports nothing on this line: the suppression is unused%0Ahelp: remove the comment
        "#);
        let text = std::fs::read_to_string(&summary).unwrap();
        assert!(
            text.starts_with("# Earlier step\n\n### streamlint"),
            "{text}"
        );
        insta::assert_snapshot!("step_summary", text);
    }

    #[test]
    fn an_explicit_format_means_no_annotations() {
        let dir = sandbox(&[("suppress/mixed.stream.yaml", "mixed.stream.yaml")]);
        let summary = dir.path().join("summary.md");
        let r = run(streamlint(dir.path())
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_STEP_SUMMARY", &summary)
            .args(["check", "--format", "human"]));
        assert!(!r.stdout.contains("::"), "{}", r.stdout);
        assert!(!summary.exists());
    }

    #[test]
    fn outside_github_actions_nothing_is_added() {
        let r = check(&fixtures().join("suppress"), &[]);
        assert!(!r.stdout.contains("::"));
    }

    #[test]
    fn properties_and_messages_are_escaped() {
        let dir = tempfile::tempdir().unwrap();
        // A file name with a comma and a colon, and a message with a percent sign.
        std::fs::write(
            dir.path().join("a,b:c.stream.yaml"),
            "stream: x\ncards:\n  - type: message\n    text: \"100% {{lead.X}}\"\n",
        )
        .unwrap();
        let r = run(streamlint(dir.path())
            .env("GITHUB_ACTIONS", "true")
            .args(["check", "--color", "never"]));
        assert!(
            r.stdout
                .contains("::warning file=a%2Cb%3Ac.stream.yaml,line=4,"),
            "{}",
            r.stdout
        );
    }
}

mod color {
    use super::*;

    const ESC: &str = "\u{1b}[";

    fn broken() -> PathBuf {
        fixtures().join("rules/unknown-rule")
    }

    #[test]
    fn piped_output_has_no_escape_codes() {
        let r = check(&broken(), &["fail.stream.yaml"]);
        assert!(!r.stdout.contains(ESC));
        assert!(r.stdout.contains("unknown-rule"));
    }

    #[test]
    fn color_always_and_clicolor_force_turn_it_on() {
        let r = check(&broken(), &["--color", "always", "fail.stream.yaml"]);
        assert!(r.stdout.contains(ESC));
        let r = run(streamlint(&broken())
            .env("CLICOLOR_FORCE", "1")
            .args(["check", "fail.stream.yaml"]));
        assert!(r.stdout.contains(ESC));
    }

    #[test]
    fn no_color_and_color_never_win() {
        let r = run(streamlint(&broken())
            .env("CLICOLOR_FORCE", "1")
            .env("NO_COLOR", "1")
            .args(["check", "fail.stream.yaml"]));
        assert!(!r.stdout.contains(ESC));
        let r = run(streamlint(&broken()).env("CLICOLOR_FORCE", "1").args([
            "check",
            "--color",
            "never",
            "fail.stream.yaml",
        ]));
        assert!(!r.stdout.contains(ESC));
    }
}
