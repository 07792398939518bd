//! `--format short`: `FILE:LINE:COL: SEVERITY[RULE] MESSAGE`, one line per finding.

use std::fmt::Write;

use crate::check::CheckResult;

pub fn render(result: &CheckResult) -> String {
    let mut out = String::new();
    for (source, f) in result.findings() {
        let _ = writeln!(
            out,
            "{}:{}:{}: {}[{}] {}",
            source.name, f.span.start.line, f.span.start.column, f.severity, f.rule, f.message
        );
    }
    out
}
