//! `--format short`: `FILE:LINE:COL: SEVERITY[RULE] MESSAGE`, one line per finding; a finding
//! inside an embedded flow ends with `(embedded by FILE:LINE:COL -> ...)`.

use std::fmt::Write;

use crate::check::{CheckResult, FileResult};
use crate::finding::describe_via;

/// Every finding of a finished result.
pub fn render(result: &CheckResult) -> String {
    result.files.iter().map(render_file).collect()
}

/// One file's lines.
pub fn render_file(file: &FileResult) -> String {
    let mut out = String::new();
    let source = &file.source;
    for f in &file.findings {
        let _ = write!(
            out,
            "{}:{}:{}: {}[{}] {}",
            source.name, f.span.start.line, f.span.start.column, f.severity, f.rule, f.message
        );
        match describe_via(&f.via) {
            Some(via) => {
                let _ = writeln!(out, " ({via})");
            }
            None => out.push('\n'),
        }
    }
    out
}
