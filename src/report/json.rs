//! `--format json`: the stable shape of the spec's cli.md.
//!
//! Written file by file as files are checked (see [`head`], [`file_items`], [`tail`]): the
//! counts follow `diagnostics`, since they are only known once the last file is reported (key
//! order is not part of the contract; docs/ci.md says so). `skipped` (paths found in directories
//! and not checked, by reason) is there only when something was skipped.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{push_indented, ArrayWriter, Totals};
use crate::check::{CheckResult, FileResult};
use crate::finding::{Finding, Severity};
use crate::source::SourceFile;

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    /// Stands for the diagnostics, which are written in place of it.
    diagnostics: &'static str,
    files: usize,
    errors: usize,
    warnings: usize,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    skipped: &'a BTreeMap<&'static str, usize>,
}

/// The placeholder's text in the printed skeleton.
const DIAGNOSTICS_PLACEHOLDER: &str = "\"streamlint:diagnostics\"";

/// Indentation of one diagnostic (the array is at depth 1).
const DIAGNOSTIC_INDENT: &str = "    ";

/// The report with the placeholder for the diagnostics, split around it.
fn skeleton(totals: &Totals) -> (String, String) {
    let report = JsonReport {
        version: 1,
        diagnostics: "streamlint:diagnostics",
        files: totals.files,
        errors: totals.errors,
        warnings: totals.warnings,
        skipped: &totals.skipped,
    };
    let mut head = serde_json::to_string_pretty(&report).expect("report serialises");
    let at = head
        .find(DIAGNOSTICS_PLACEHOLDER)
        .expect("the placeholder is in the report");
    let tail = head.split_off(at + DIAGNOSTICS_PLACEHOLDER.len());
    head.truncate(at);
    (head, tail)
}

/// What the report starts with, up to the diagnostics array.
pub fn head() -> String {
    skeleton(&Totals::default()).0
}

/// The diagnostics array writer (see [`ArrayWriter`]).
pub fn diagnostics_array() -> ArrayWriter {
    ArrayWriter::new("  ")
}

/// One file's diagnostics as array elements, joined by `,\n` (empty for none).
pub fn file_items(file: &FileResult) -> String {
    let mut out = String::new();
    for (i, f) in file.findings.iter().enumerate() {
        if i > 0 {
            out.push_str(",\n");
        }
        let text = serde_json::to_string_pretty(&JsonDiagnostic::new(&file.source, f))
            .expect("diagnostic serialises");
        push_indented(&mut out, &text, DIAGNOSTIC_INDENT);
    }
    out
}

/// What follows the diagnostics array: the counts.
pub fn tail(totals: &Totals) -> String {
    let mut tail = skeleton(totals).1;
    tail.push('\n');
    tail
}

#[derive(Serialize)]
pub struct JsonDiagnostic<'a> {
    pub file: &'a str,
    pub rule: &'a str,
    pub severity: Severity,
    pub message: &'a str,
    pub help: Option<&'a str>,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub card: Option<&'a str>,
    pub path: Option<&'a [String]>,
    /// For a finding inside an embedded flow: the `flow` cards that embed it, outermost first.
    /// Left out otherwise.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub via: Vec<JsonVia<'a>>,
}

/// One embedding `flow` card: its file and the position of its `flow:` value.
#[derive(Serialize)]
pub struct JsonVia<'a> {
    pub file: &'a str,
    pub line: u32,
    pub column: u32,
}

impl<'a> JsonDiagnostic<'a> {
    pub fn new(source: &'a SourceFile, f: &'a Finding) -> Self {
        JsonDiagnostic {
            file: &source.name,
            rule: f.rule,
            severity: f.severity,
            message: &f.message,
            help: f.help.as_deref(),
            line: f.span.start.line,
            column: f.span.start.column,
            end_line: f.span.end.line,
            end_column: f.span.end.column,
            card: f.card.as_deref(),
            path: f.path.as_deref(),
            via: f
                .via
                .iter()
                .map(|v| JsonVia {
                    file: &v.file,
                    line: v.span.start.line,
                    column: v.span.start.column,
                })
                .collect(),
        }
    }
}

/// The whole report of a finished result (nothing skipped).
pub fn render(result: &CheckResult) -> String {
    let mut out = head();
    let mut array = diagnostics_array();
    for file in &result.files {
        let items = file_items(file);
        out.push_str(array.before(&items));
        out.push_str(&items);
    }
    out.push_str(&array.close());
    out.push_str(&tail(&Totals::of(result)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::check_source;
    use crate::rules::RuleSet;

    #[test]
    fn the_report_written_file_by_file_is_the_whole_value_printed() {
        let findings = "stream: s\ncards:\n  - type: live_chat\n    route: round_robin\n  - type: message\n    text: \"Hi {{lead.FirstName}}\"\n";
        let clean = "stream: s\ncards:\n  - type: message\n    text: Hi\n";
        for texts in [
            vec![],
            vec![clean],
            vec![findings],
            vec![clean, findings, clean, findings],
        ] {
            let result = CheckResult {
                files: texts
                    .iter()
                    .enumerate()
                    .map(|(i, t)| {
                        check_source(
                            SourceFile::new(format!("s{i}.stream.yaml"), *t),
                            None,
                            &RuleSet::all(),
                        )
                    })
                    .collect(),
                path_errors: Vec::new(),
            };
            let text = render(&result);
            let value: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
            assert_eq!(text, serde_json::to_string_pretty(&value).unwrap() + "\n");
            assert_eq!(value["files"], texts.len());
            let count = result.findings().count();
            assert_eq!(value["diagnostics"].as_array().unwrap().len(), count);
            assert_eq!(
                value["errors"].as_u64().unwrap() + value["warnings"].as_u64().unwrap(),
                count as u64
            );
            assert!(value.get("skipped").is_none());
        }
    }
}
