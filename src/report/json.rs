//! `--format json`: the stable shape of the spec's cli.md.

use serde::Serialize;

use crate::check::CheckResult;
use crate::finding::{Finding, Severity};
use crate::source::SourceFile;

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    files: usize,
    errors: usize,
    warnings: usize,
    diagnostics: Vec<JsonDiagnostic<'a>>,
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

pub fn render(result: &CheckResult) -> String {
    let report = JsonReport {
        version: 1,
        files: result.files.len(),
        errors: result.count(Severity::Error),
        warnings: result.count(Severity::Warning),
        diagnostics: result
            .findings()
            .map(|(s, f)| JsonDiagnostic::new(s, f))
            .collect(),
    };
    let mut out = serde_json::to_string_pretty(&report).expect("report serialises");
    out.push('\n');
    out
}
