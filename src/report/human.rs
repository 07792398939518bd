//! `--format human`: rustc-style reports rendered by miette: rule code, message, labelled
//! snippet, help.

use std::fmt;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceSpan};
use rayon::prelude::*;

use super::snippet_source::IndexedSource;
use crate::check::{CheckResult, FileResult};
use crate::finding::{Finding, Severity};

/// A finding wrapped for miette, with its file's text.
struct Report<'a> {
    finding: &'a Finding,
    source: &'a IndexedSource<'a>,
    /// False when a line to show is too long to print (minified or hostile input): the report
    /// then names the position in its message instead.
    show_snippet: bool,
    message: String,
}

/// Lines longer than this are not printed as snippets.
const MAX_SNIPPET_LINE: usize = 400;

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report<'_> {}

fn source_span(span: crate::source::Span) -> SourceSpan {
    SourceSpan::new(span.start.offset.into(), span.byte_len())
}

impl Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.finding.rule))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.finding
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.show_snippet
            .then_some(self.source as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let f = self.finding;
        let primary = LabeledSpan::new_primary_with_span(f.label.clone(), source_span(f.span));
        let related = f
            .related
            .iter()
            .map(|l| LabeledSpan::new_with_span(Some(l.message.clone()), source_span(l.span)));
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}

/// Renders every finding, then the summary line. Files render in parallel (each with its own
/// line index), joined in their order.
pub fn render(result: &CheckResult, color: bool, quiet: bool) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_width(100);
    let per_file: Vec<String> = result
        .files
        .par_iter()
        .map(|file| render_file(&handler, file))
        .collect();
    let mut out = per_file.concat();
    if !quiet {
        out.push_str(&paint_summary(result, color));
        out.push('\n');
    }
    out
}

/// The reports of one file's findings.
fn render_file(handler: &GraphicalReportHandler, file: &FileResult) -> String {
    let mut out = String::new();
    if file.findings.is_empty() {
        return out;
    }
    let named = IndexedSource::new(&file.source.name, &file.source.text);
    for finding in &file.findings {
        let spans = std::iter::once(finding.span).chain(finding.related.iter().map(|l| l.span));
        let show_snippet = spans
            .flat_map(|s| [s.start.line, s.end.line])
            .all(|line| file.source.line_text(line).len() <= MAX_SNIPPET_LINE);
        let message = if show_snippet {
            finding.message.clone()
        } else {
            format!(
                "{} (at {}:{}:{})",
                finding.message,
                file.source.name,
                finding.span.start.line,
                finding.span.start.column
            )
        };
        let report = Report {
            finding,
            source: &named,
            show_snippet,
            message,
        };
        let _ = handler.render_report(&mut out, &report);
        out.push('\n');
    }
    out
}

fn paint_summary(result: &CheckResult, color: bool) -> String {
    use owo_colors::OwoColorize;
    let line = super::summary_line(result);
    if !color {
        return line;
    }
    if result.count(Severity::Error) > 0 {
        line.red().bold().to_string()
    } else if result.count(Severity::Warning) > 0 {
        line.yellow().bold().to_string()
    } else {
        line.green().bold().to_string()
    }
}
