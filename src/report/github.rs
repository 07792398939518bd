//! GitHub workflow commands: one `::error`/`::warning` annotation per finding, which GitHub
//! shows on the pull request's changed lines.
//!
//! `file=F,line=L,col=C,endLine=L2,endColumn=C2,title=RULE::MESSAGE`, escaped as GitHub
//! documents: in the message `%`, `\r`, `\n`; in properties also `:` and `,`.

use std::fmt::Write;

use crate::check::CheckResult;
use crate::finding::Severity;

/// Escapes a workflow command's data (the message).
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value (file, title).
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One annotation line per finding, in report order.
pub fn render(result: &CheckResult) -> String {
    let mut out = String::new();
    for (source, f) in result.findings() {
        let command = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&source.name),
            f.span.start.line,
            f.span.start.column,
            f.span.end.line,
            f.span.end.column,
            escape_property(f.rule),
            escape_data(&f.message),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_github() {
        assert_eq!(escape_data("100% a\r\nb: c, d"), "100%25 a%0D%0Ab: c, d");
        assert_eq!(escape_property("dir:x,y%z\n"), "dir%3Ax%2Cy%25z%0A");
    }
}
