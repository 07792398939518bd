//! `--format github`: GitHub Actions workflow commands, one annotation per finding:
//! `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=RULE::MESSAGE`.
//!
//! Values are escaped as GitHub documents: in the message (data) `%`, `\r` and `\n`; in
//! properties also `:` and `,`. Columns count Unicode characters, as everywhere else, and
//! `endColumn` is exclusive. GitHub only honours columns on a one-line range, so `endColumn` is
//! left out when the finding spans several lines (`col` stays: it still marks where it starts).

use std::fmt::Write;

use crate::check::{CheckResult, FileResult};
use crate::finding::{describe_via, Severity};

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

/// Every finding of a finished result.
pub fn render(result: &CheckResult) -> String {
    result.files.iter().map(render_file).collect()
}

/// One file's annotations.
pub fn render_file(file: &FileResult) -> String {
    let mut out = String::new();
    let source = &file.source;
    for f in &file.findings {
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
        if let Some(via) = describe_via(&f.via) {
            message.push_str(&format!(" ({via})"));
        }
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
    use crate::finding::Finding;
    use crate::source::{SourceFile, Span};

    fn result_with(name: &str, text: &str, start: usize, end: usize) -> CheckResult {
        let source = SourceFile::new(name, text);
        let span = Span::new(source.pos_from_offset(start), source.pos_from_offset(end));
        let finding =
            Finding::new(&crate::rules::schema::RULE, span, "bad: 100%, really").help("fix it");
        CheckResult {
            files: vec![FileResult::new(source, vec![finding])],
            path_errors: Vec::new(),
        }
    }

    #[test]
    fn one_line_findings_carry_both_columns() {
        // `x` is the 11th character but its 12th byte: columns count characters.
        let out = render(&result_with("a,b:c.stream.yaml", "stream: é x\n", 11, 12));
        assert_eq!(
            out,
            "::error file=a%2Cb%3Ac.stream.yaml,line=1,col=11,endLine=1,endColumn=12,\
             title=schema::bad: 100%25, really%0Ahelp: fix it\n"
        );
    }

    #[test]
    fn multi_line_findings_leave_out_the_end_column() {
        let out = render(&result_with("s.stream.yaml", "a: 1\nb: 2\n", 0, 8));
        assert!(
            out.starts_with("::error file=s.stream.yaml,line=1,col=1,endLine=2,title=schema::"),
            "{out}"
        );
    }

    #[test]
    fn escapes_as_github_documents() {
        assert_eq!(escape_data("100%\r\nok: a,b"), "100%25%0D%0Aok: a,b");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
