//! `--format short`: `FILE:LINE:COL: SEVERITY[RULE] MESSAGE`, one line per finding; a finding
//! inside an embedded flow ends with `(embedded by FILE:LINE:COL -> ...)`.

use std::fmt::Write;

use crate::check::CheckResult;
use crate::finding::describe_via;

pub fn render(result: &CheckResult) -> String {
    let mut out = String::new();
    for (source, f) in result.findings() {
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
