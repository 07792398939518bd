//! `streamlint init`: a starter stream that passes every rule, never overwriting a file.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

/// A fresh, empty directory for one test.
/// A fresh directory, removed when the guard is dropped.
fn scratch() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn streamlint(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::cargo_bin("streamlint")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn init_writes_a_stream_that_passes_every_rule() {
    let tmp = scratch();
    let dir = tmp.path().to_path_buf();
    let out = streamlint(&dir, &["init"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        entries(&dir),
        ["welcome.stream.yaml"],
        "no temporary file left"
    );
    let text = std::fs::read_to_string(dir.join("welcome.stream.yaml")).unwrap();
    assert!(text.starts_with("# yaml-language-server: $schema="));
    assert!(text.contains("streamlint schema stream"));

    let out = streamlint(&dir, &["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["files"], 1);
    assert_eq!(
        report["diagnostics"],
        Value::Array(vec![]),
        "no finding at all"
    );

    // It is valid against the schema it points editors at.
    let source = streamlint::source::SourceFile::new("welcome.stream.yaml", text);
    let doc = streamlint::parse::load_yaml(&source).unwrap();
    let schema = streamlint::schema::json_schema(streamlint::schema::Document::Stream);
    assert!(jsonschema::is_valid(
        &schema,
        &streamlint::schema::instance::to_json(&doc).unwrap()
    ));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn init_never_overwrites() {
    let tmp = scratch();
    let dir = tmp.path().to_path_buf();
    std::fs::write(dir.join("mine.stream.yaml"), "stream: Mine\n").unwrap();
    let out = streamlint(&dir, &["init", "mine.stream.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.join("mine.stream.yaml")).unwrap(),
        "stream: Mine\n"
    );
    assert_eq!(entries(&dir), ["mine.stream.yaml"]);

    let out = streamlint(&dir, &["init", "other.stream.yaml"]);
    assert_eq!(out.status.code(), Some(0));
    let out = streamlint(&dir, &["init", "other.stream.yaml"]);
    assert_eq!(out.status.code(), Some(2), "the second time, it exists");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn init_into_a_missing_directory_fails_cleanly() {
    let tmp = scratch();
    let dir = tmp.path().to_path_buf();
    let out = streamlint(&dir, &["init", "no/such/dir/x.stream.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(entries(&dir).is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

/// The editor set-up the starter's header comment gives works as written, in a fresh folder.
#[test]
fn the_schema_advice_in_the_header_works_as_written() {
    let tmp = scratch();
    let dir = tmp.path().to_path_buf();
    let advice: Vec<&str> = streamlint::init::STARTER
        .lines()
        .filter_map(|l| l.strip_prefix("#     "))
        .collect();
    assert_eq!(
        advice,
        [
            "mkdir -p .streamlint",
            "streamlint schema stream > .streamlint/stream.schema.json"
        ]
    );
    // Each step the way a shell runs it: the folder first, then the redirection, which fails
    // when the folder is missing.
    std::fs::create_dir_all(dir.join(".streamlint")).unwrap();
    let out = streamlint(&dir, &["schema", "stream"]);
    assert_eq!(out.status.code(), Some(0));
    std::fs::write(dir.join(".streamlint/stream.schema.json"), &out.stdout).unwrap();
    let schema: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(schema["properties"]["cards"].is_object());
    assert!(
        streamlint::init::STARTER.contains("docs/streams.md"),
        "the starter links the card reference"
    );
}
