//! `--format github`: GitHub Actions workflow commands, one annotation per finding:
//! `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=RULE::MESSAGE`.
//!
//! Values are escaped as GitHub documents: in the message (data) `%`, `\r` and `\n`; in
//! properties also `:` and `,`. Columns count Unicode characters, as everywhere else, and
//! `endColumn` is exclusive. GitHub only honours columns on a one-line range, so `endColumn` is
//! left out when the finding spans several lines (`col` stays: it still marks where it starts).

use std::fmt::Write;

use crate::check::CheckResult;
use crate::finding::Severity;

/// Escapes a workflow command's message.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(result: &CheckResult) -> String {
    let mut out = String::new();
    for (source, f) in result.findings() {
        let command = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let (start, end) = (f.span.start, f.span.end);
        let _ = write!(
            out,
            "::{command} file={},line={},col={},endLine={}",
            escape_property(&source.name),
            start.line,
            start.column,
            end.line.max(start.line),
        );
        if end.line == start.line {
            let _ = write!(out, ",endColumn={}", end.column.max(start.column));
        }
        let mut message = f.message.clone();
        if let Some(help) = &f.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        let _ = writeln!(
            out,
            ",title={}::{}",
            escape_property(f.rule),
            escape_data(&message)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_github_documents() {
        assert_eq!(escape_data("100%\r\nok: a,b"), "100%25%0D%0Aok: a,b");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
