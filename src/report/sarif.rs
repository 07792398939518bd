//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.
//!
//! One run; every rule of the registry is listed in `tool.driver.rules` (so viewers can show a
//! rule's documentation even for rules that found nothing), and each result points back at its
//! rule by `ruleId` and `ruleIndex`. Locations are relative URIs against `%SRCROOT%` (the checkout
//! root for GitHub), with `/` separators; columns count Unicode code points and end columns are
//! exclusive, as SARIF's `unicodeCodePoints` column kind says. Labels become related locations.
//! `partialFingerprints` carries a hash of file, rule, card and message (not the line), so a
//! finding keeps its identity when lines move above it.

use serde_json::{json, Value};

use super::{push_indented, ArrayWriter};
use crate::check::{CheckResult, FileResult, PathError};
use crate::finding::{Finding, Severity};
use crate::rules::{self, Rule};
use crate::source::{SourceFile, Span};

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Longest region text (bytes) copied into `snippet`.
const MAX_SNIPPET: usize = 400;

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// A file name as a URI reference: `/` kept, everything outside RFC 3986's unreserved set
/// percent-encoded (so `<stdin>` or a space cannot break the URI). Absolute paths become `file:`
/// URIs.
pub fn file_uri(name: &str) -> (String, bool) {
    let mut out = String::with_capacity(name.len());
    for b in name.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    if name.starts_with('/') {
        (format!("file://{out}"), true)
    } else {
        (out, false)
    }
}

fn region(source: &SourceFile, span: Span) -> Value {
    let (start, end) = (span.start, span.end);
    let end_line = end.line.max(start.line).max(1);
    let end_column = if end.line == start.line {
        end.column.max(start.column)
    } else {
        end.column
    };
    let mut region = json!({
        "startLine": start.line.max(1),
        "startColumn": start.column.max(1),
        "endLine": end_line,
        "endColumn": end_column.max(1),
    });
    // The text under the span, unless it is long (a finding on a whole mapping): the viewer
    // has the file anyway, and the log stays small.
    if let Some(text) = source.text.get(start.offset as usize..end.offset as usize) {
        if !text.is_empty() && text.len() <= MAX_SNIPPET {
            region["snippet"] = json!({ "text": text });
        }
    }
    region
}

fn physical_location(source: &SourceFile, span: Span) -> Value {
    json!({ "artifactLocation": artifact(&source.name), "region": region(source, span) })
}

fn artifact(name: &str) -> Value {
    let (uri, absolute) = file_uri(name);
    if absolute {
        json!({ "uri": uri })
    } else {
        json!({ "uri": uri, "uriBaseId": "%SRCROOT%" })
    }
}

/// A place in another file than the result's (an embedding `flow` card): its region without a
/// snippet (the report does not hold that file's text here).
fn other_file_location(name: &str, span: Span) -> Value {
    let (start, end) = (span.start, span.end);
    let mut region = json!({
        "startLine": start.line.max(1),
        "startColumn": start.column.max(1),
    });
    if end.line == start.line && end.column > start.column {
        region["endLine"] = json!(end.line);
        region["endColumn"] = json!(end.column);
    }
    json!({ "artifactLocation": artifact(name), "region": region })
}

/// FNV-1a, 64 bits: stable across builds and platforms (unlike `std`'s hasher).
fn fnv1a(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in part.as_bytes().iter().chain(&[0u8]) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

fn rule_descriptor(rule: &Rule) -> Value {
    let doc = rule.documentation();
    let what = rule
        .section("What it checks")
        .unwrap_or_else(|| rule.summary.to_string());
    let mut descriptor = json!({
        "id": rule.name,
        "shortDescription": { "text": rule.summary },
        "fullDescription": { "text": what },
        "help": { "text": doc, "markdown": doc },
        "defaultConfiguration": { "level": level(rule.default_severity) },
        "properties": { "tags": [rule.category.title().to_lowercase()] },
    });
    // SARIF wants `name` to differ from `id`; one-word ids (`syntax`) go without.
    let name = pascal_case(rule.name);
    if !name.eq_ignore_ascii_case(rule.name) {
        descriptor["name"] = json!(name);
    }
    descriptor
}

/// `live-chat-not-last` -> `LiveChatNotLast`, SARIF's convention for `reportingDescriptor.name`.
fn pascal_case(name: &str) -> String {
    name.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// The line-independent identity of a finding: file, rule, card and message, plus which
/// occurrence of that combination it is in the file (two identical messages stay two alerts).
fn fingerprint(source: &SourceFile, f: &Finding, occurrence: usize) -> String {
    let mut parts = vec![
        source.name.as_str(),
        f.rule,
        f.card.as_deref().unwrap_or(""),
        &f.message,
    ];
    // A flow's finding found through a stream: the stream is part of its identity (the same
    // problem found through two streams is two alerts).
    if let Some(stream) = f.via_stream() {
        parts.push(stream);
    }
    let hash = fnv1a(&parts);
    format!("{hash}:{occurrence}")
}

fn result(source: &SourceFile, f: &Finding, fingerprint: String) -> Value {
    let rule_index = rules::ALL
        .iter()
        .position(|r| r.name == f.rule)
        .expect("every finding's rule is registered");
    let mut result = json!({
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": level(f.severity),
        "message": { "text": f.message },
        "locations": [{ "physicalLocation": physical_location(source, f.span) }],
        "partialFingerprints": {
            "streamlint/v1": fingerprint,
        },
    });
    let mut related: Vec<Value> = Vec::new();
    if let Some(label) = &f.label {
        related.push(json!({
            "id": 1,
            "physicalLocation": physical_location(source, f.span),
            "message": { "text": label },
        }));
    }
    for l in &f.related {
        let location = match &l.file {
            Some(other) => other_file_location(other, l.span),
            None => physical_location(source, l.span),
        };
        related.push(json!({
            "id": related.len() + 1,
            "physicalLocation": location,
            "message": { "text": l.message },
        }));
    }
    // The chain of `flow` cards that embed the flow the result is in, outermost first.
    for (depth, v) in f.via.iter().enumerate() {
        let text = if depth == 0 {
            format!("embedded by {}", v.position())
        } else {
            format!("which embeds {}", v.position())
        };
        related.push(json!({
            "id": related.len() + 1,
            "physicalLocation": other_file_location(&v.file, v.span),
            "message": { "text": text },
        }));
    }
    if !related.is_empty() {
        result["relatedLocations"] = Value::Array(related);
    }
    let mut properties = serde_json::Map::new();
    if let Some(help) = &f.help {
        properties.insert("help".into(), json!(help));
    }
    if let Some(card) = &f.card {
        properties.insert("card".into(), json!(card));
    }
    if let Some(path) = &f.path {
        properties.insert("path".into(), json!(path));
    }
    if let Some(stream) = f.via_stream() {
        properties.insert("embeddedBy".into(), json!(stream));
    }
    if !properties.is_empty() {
        result["properties"] = Value::Object(properties);
    }
    result
}

/// Whether the run could check every path; paths it could not read are notifications.
fn invocation(path_errors: &[PathError]) -> Value {
    let mut invocation = json!({ "executionSuccessful": path_errors.is_empty() });
    if !path_errors.is_empty() {
        let notifications: Vec<Value> = path_errors
            .iter()
            .map(|e| {
                let (uri, absolute) = file_uri(&e.path);
                let mut artifact = json!({ "uri": uri });
                if !absolute {
                    artifact["uriBaseId"] = json!("%SRCROOT%");
                }
                json!({
                    "level": "error",
                    "message": { "text": format!("{}: {}", e.path, e.message) },
                    "locations": [{ "physicalLocation": { "artifactLocation": artifact } }],
                })
            })
            .collect();
        invocation["toolExecutionNotifications"] = Value::Array(notifications);
    }
    invocation
}

fn results(result: &CheckResult) -> Vec<Value> {
    result.files.iter().flat_map(file_results).collect()
}

/// One file's results, made one at a time. Fingerprints hold the file's name, so the count of
/// each is per file.
fn file_results(file: &FileResult) -> impl Iterator<Item = Value> + '_ {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let source = &*file.source;
    file.findings.iter().map(move |f| {
        let n = seen.entry(fingerprint(source, f, 0)).or_default();
        *n += 1;
        self::result(source, f, fingerprint(source, f, *n))
    })
}

/// The SARIF log as a JSON value (tests validate it against the official schema).
pub fn to_value(result: &CheckResult) -> Value {
    with_results(&result.path_errors, Value::Array(results(result)))
}

/// The log with `results` as given. `invocations` follows `results`: whether every path could
/// be checked is known only at the end of a run whose results are written as files finish.
fn with_results(path_errors: &[PathError], results: Value) -> Value {
    let mut driver = json!({
        "name": "streamlint",
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
    });
    // Set once the package names its repository in Cargo.toml.
    let repository = env!("CARGO_PKG_REPOSITORY");
    if !repository.is_empty() {
        driver["informationUri"] = json!(repository);
    }
    driver["rules"] = rules::ALL.iter().map(|r| rule_descriptor(r)).collect();
    json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": driver },
            "columnKind": "unicodeCodePoints",
            "results": results,
            "invocations": [invocation(path_errors)],
        }]
    })
}

/// Stands for the results in the rendered log until they are written in.
const RESULTS_PLACEHOLDER: &str = "\"streamlint:results\"";

/// Indentation of one result: `results` is at depth 4 of the pretty-printed log.
const RESULT_INDENT: &str = "        ";

/// The log with the placeholder for the results, split around it.
fn skeleton(path_errors: &[PathError]) -> (String, String) {
    let skeleton = with_results(path_errors, json!("streamlint:results"));
    let mut head = serde_json::to_string_pretty(&skeleton).expect("SARIF serialises");
    // The first occurrence: what precedes `results` is the tool's own text, and a path error's
    // message (which could hold the placeholder's text) comes after it.
    let at = head
        .find(RESULTS_PLACEHOLDER)
        .expect("the placeholder is in the log");
    let tail = head.split_off(at + RESULTS_PLACEHOLDER.len());
    head.truncate(at);
    (head, tail)
}

/// What the log starts with, up to the results array.
pub fn head() -> String {
    skeleton(&[]).0
}

/// The results array writer (see [`ArrayWriter`]).
pub fn results_array() -> ArrayWriter {
    ArrayWriter::new("      ")
}

/// One file's results as array elements, joined by `,\n` (empty for none). Each is made,
/// printed and dropped in turn (a run with a million findings held tens of gigabytes of values).
pub fn file_items(file: &FileResult) -> String {
    let mut out = String::new();
    for (i, value) in file_results(file).enumerate() {
        if i > 0 {
            out.push_str(",\n");
        }
        let text = serde_json::to_string_pretty(&value).expect("SARIF serialises");
        push_indented(&mut out, &text, RESULT_INDENT);
    }
    out
}

/// What follows the results array: the invocation (the paths that could not be checked).
pub fn tail(path_errors: &[PathError]) -> String {
    let mut tail = skeleton(path_errors).1;
    tail.push('\n');
    tail
}

/// The pretty-printed log, the same text as `to_string_pretty(&to_value(..))`, written file
/// by file.
pub fn render(result: &CheckResult) -> String {
    let mut out = head();
    let mut array = results_array();
    for file in &result.files {
        let items = file_items(file);
        out.push_str(array.before(&items));
        out.push_str(&items);
    }
    out.push_str(&array.close());
    out.push_str(&tail(&result.path_errors));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(file_uri("a b/<stdin>.yaml").0, "a%20b/%3Cstdin%3E.yaml");
        assert_eq!(
            file_uri("/tmp/x.stream.yaml"),
            ("file:///tmp/x.stream.yaml".to_string(), true)
        );
        assert_eq!(file_uri("café").0, "caf%C3%A9");
    }

    #[test]
    fn rendering_result_by_result_prints_the_same_text_as_the_whole_value() {
        use crate::check::{check_source, CheckResult, PathError};
        use crate::rules::RuleSet;
        use crate::source::SourceFile;
        let stream = "stream: s\ncards:\n  - type: live_chat\n    route: round_robin\n  - type: message\n    text: \"Hi {{lead.FirstName}}\"\n  - type: message\n    text: \"Hi {{lead.FirstName}}\"\n";
        let clean = "stream: s\ncards:\n  - type: message\n    text: Hi\n";
        for (files, errors) in [
            (vec![stream], vec![]),
            (vec![clean], vec![]),
            (vec![stream, clean, stream], vec!["streamlint:results"]),
        ] {
            let result = CheckResult {
                files: files
                    .iter()
                    .enumerate()
                    .map(|(i, text)| {
                        check_source(
                            SourceFile::new(format!("s{i}.stream.yaml"), *text),
                            None,
                            &RuleSet::all(),
                        )
                    })
                    .collect(),
                path_errors: errors
                    .iter()
                    .map(|p| PathError {
                        path: p.to_string(),
                        message: "gone".into(),
                    })
                    .collect(),
            };
            let whole = serde_json::to_string_pretty(&to_value(&result)).unwrap() + "\n";
            assert_eq!(render(&result), whole);
        }
    }

    #[test]
    fn rule_names_are_pascal_case() {
        assert_eq!(pascal_case("live-chat-not-last"), "LiveChatNotLast");
    }
}
