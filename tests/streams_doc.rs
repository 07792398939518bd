//! `docs/streams.md`, the card reference, tells the truth: every card type and field of the
//! schema tables is described, and every YAML example is checked. A complete stream must pass
//! every rule (with the demo roster); a card snippet, wrapped into a minimal stream, must at
//! least be a valid stream (no `syntax` or `schema` finding).

use assert_cmd::Command;
use serde_json::Value;
use streamlint::schema::stream::{
    ANSWER, CAPTURE_FIELD, CARDS, COMMON_CARD_FIELDS, CONDITIONAL_BRANCH, ROUTING_RULE, STREAM,
};

const DOC: &str = "docs/streams.md";
const ROSTER: &str = "fixtures/demo/roster.yaml";

fn doc() -> String {
    std::fs::read_to_string(DOC).unwrap()
}

/// The ```yaml blocks, with the line each starts on.
fn yaml_blocks(markdown: &str) -> Vec<(usize, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (i, line) in markdown.lines().enumerate() {
        match (&mut current, line.trim_start()) {
            (None, "```yaml") => current = Some((i + 2, String::new())),
            (Some(_), "```") => blocks.push(current.take().unwrap()),
            (Some((_, text)), _) => {
                text.push_str(line);
                text.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

/// `check --format json` of a text, with the demo roster: (exit code, findings).
fn check(text: &str) -> (i32, Vec<Value>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("example.stream.yaml");
    std::fs::write(&path, text).unwrap();
    let out = Command::cargo_bin("streamlint")
        .unwrap()
        .args(["check", "--format", "json", "--roster", ROSTER])
        .arg(&path)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    (
        out.status.code().unwrap(),
        report["diagnostics"].as_array().unwrap().clone(),
    )
}

#[test]
fn every_example_is_a_valid_stream_or_card() {
    let markdown = doc();
    let blocks = yaml_blocks(&markdown);
    assert!(blocks.len() >= 14, "{} examples", blocks.len());
    let mut problems = Vec::new();
    for (line, text) in blocks {
        if text.starts_with("stream:") {
            let (code, findings) = check(&text);
            if code != 0 || !findings.is_empty() {
                problems.push(format!(
                    "{DOC}:{line}: a complete stream with findings: {findings:#?}"
                ));
            }
        } else {
            assert!(
                text.starts_with("- type: "),
                "{DOC}:{line}: an example is a stream or a card list"
            );
            let wrapped = format!(
                "stream: Example\ncards:\n{}",
                text.lines().map(|l| format!("  {l}\n")).collect::<String>()
            );
            let (_, findings) = check(&wrapped);
            for f in findings {
                if f["rule"] == "syntax" || f["rule"] == "schema" {
                    problems.push(format!("{DOC}:{line}: {} {}", f["rule"], f["message"]));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The complete example is the fixture the doc's commands run.
#[test]
fn the_complete_example_is_the_fixture() {
    let markdown = doc();
    let complete = yaml_blocks(&markdown)
        .into_iter()
        .find(|(_, text)| text.starts_with("stream: Book a demo"))
        .expect("the complete example");
    let fixture = std::fs::read_to_string("fixtures/docs/book-a-demo.stream.yaml").unwrap();
    assert_eq!(complete.1, fixture);
    // It shows what the issue asks: question → meeting → goal; question → info capture → live
    // chat with custom rules.
    for needed in [
        "type: question",
        "type: meeting",
        "type: goal",
        "type: info_capture",
        "type: live_chat",
        "rules:",
    ] {
        assert!(fixture.contains(needed), "{needed}");
    }
}

/// The section of `## `title``, up to the next `## `.
fn section<'a>(markdown: &'a str, title: &str) -> &'a str {
    let heading = format!("\n## {title}");
    let start = markdown
        .find(&heading)
        .unwrap_or_else(|| panic!("{DOC} has no section `## {title}`"));
    let rest = &markdown[start + heading.len()..];
    &rest[..rest.find("\n## ").unwrap_or(rest.len())]
}

#[test]
fn every_card_type_and_field_is_described_with_an_example() {
    let markdown = doc();
    for card in CARDS {
        let body = section(&markdown, &format!("`{}`", card.name));
        assert!(
            body.contains(&format!("- type: {}", card.name)),
            "`{}` has an example",
            card.name
        );
        for field in card.fields {
            assert!(
                body.contains(&format!("`{}`", field.name)),
                "`{}`: field `{}` not described",
                card.name,
                field.name
            );
        }
    }
    let described = |title: &str, names: Vec<&str>| {
        let body = section(&markdown, title);
        for name in names {
            assert!(body.contains(&format!("`{name}`")), "{title}: `{name}`");
        }
    };
    described("The stream", STREAM.names());
    described(
        "Fields every card has",
        COMMON_CARD_FIELDS.iter().map(|f| f.name).collect(),
    );
    described("`question`", ANSWER.names());
    described("`info_capture`", CAPTURE_FIELD.names());
    described("`branch`", CONDITIONAL_BRANCH.names());
    described("Routes", ROUTING_RULE.names());
}

#[test]
fn the_reference_is_linked_from_the_readme_init_and_the_schema() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    assert!(readme.contains("(docs/streams.md)"));
    assert!(streamlint::init::STARTER.contains("docs/streams.md"));
    let schema = serde_json::to_string(&streamlint::schema::json_schema(
        streamlint::schema::Document::Stream,
    ))
    .unwrap();
    assert!(schema.contains("docs/streams.md"));
}
