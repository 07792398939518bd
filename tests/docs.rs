//! House style of the rules' documentation, and `docs/rules.md` kept in step with the registry.
//! `UPDATE_DOCS=1 cargo test --test docs` rewrites `docs/rules.md`.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;
use streamlint::report::rule_list;
use streamlint::rules::{self, ALL};

const SECTIONS: &[&str] = &[
    "What it checks",
    "Why it matters",
    "What the visitor experiences",
    "Example",
    "Use instead",
];

#[test]
fn docs_rules_md_is_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let generated = rule_list::markdown();
    if std::env::var_os("UPDATE_DOCS").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == generated,
        "docs/rules.md is stale: run `UPDATE_DOCS=1 cargo test --test docs` and commit it"
    );
}

#[test]
fn the_markdown_command_prints_docs_rules_md() {
    let out = Command::cargo_bin("streamlint")
        .unwrap()
        .args(["rules", "--markdown"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        rule_list::markdown()
    );
}

#[test]
fn every_rule_documents_the_five_sections_in_order() {
    for rule in ALL {
        let doc = rule.documentation();
        let headings: Vec<&str> = doc.lines().filter_map(|l| l.strip_prefix("## ")).collect();
        assert_eq!(headings, SECTIONS, "sections of `{}`", rule.name);
        for section in SECTIONS {
            let body = rule.section(section).unwrap();
            assert!(!body.is_empty(), "`{}`: empty `## {section}`", rule.name);
        }
        for section in ["Example", "Use instead"] {
            assert!(
                rule.section(section).unwrap().contains("```yaml"),
                "`{}`: `## {section}` shows YAML",
                rule.name
            );
        }
    }
}

fn house_style(what: &str, text: &str) {
    let first = text.chars().next().unwrap_or(' ');
    assert!(
        !first.is_uppercase() && !first.is_whitespace(),
        "{what} starts lower-case: {text:?}"
    );
    assert!(
        !text.ends_with('.'),
        "{what} has no trailing period: {text:?}"
    );
}

#[test]
fn summaries_are_lower_case_without_a_trailing_period() {
    for rule in ALL {
        house_style(&format!("summary of `{}`", rule.name), rule.summary);
        assert!(!rule.summary.contains('\n'), "one line: `{}`", rule.name);
    }
}

/// Every message and help text that the fixtures produce follows the house style.
#[test]
fn messages_are_lower_case_without_a_trailing_period() {
    let out = Command::cargo_bin("streamlint")
        .unwrap()
        .args(["check", "--format", "json", "fixtures"])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert!(diagnostics.len() >= 10, "the fixtures produce findings");
    for d in diagnostics {
        let rule = d["rule"].as_str().unwrap();
        house_style(
            &format!("message of `{rule}`"),
            d["message"].as_str().unwrap(),
        );
        if let Some(help) = d["help"].as_str() {
            house_style(&format!("help of `{rule}`"), help);
        }
    }
}

#[test]
fn rules_are_grouped_by_category() {
    let out = Command::cargo_bin("streamlint")
        .unwrap()
        .arg("rules")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for (category, rules) in rule_list::by_category() {
        let at = text
            .lines()
            .position(|l| l == category.title())
            .unwrap_or_else(|| panic!("no heading for {}", category.title()));
        for (i, rule) in rules.iter().enumerate() {
            let line = text.lines().nth(at + 1 + i).unwrap();
            assert!(line.trim_start().starts_with(rule.name), "{line}");
        }
    }
}

#[test]
fn explain_prints_the_documentation_and_suggests_on_a_typo() {
    let out = Command::cargo_bin("streamlint")
        .unwrap()
        .args(["explain", "live-chat-not-last"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(&rules::find("live-chat-not-last").unwrap().documentation()));

    let out = Command::cargo_bin("streamlint")
        .unwrap()
        .args(["explain", "live-chat-not-lats"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("did you mean `live-chat-not-last`?"), "{err}");
}
