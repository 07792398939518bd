//! The usual human report drawn without miette: one label on one line of the snippet, message
//! and help each on one line. The bytes are the same as miette's `GraphicalReportHandler`
//! draws for it (same theme, one line of context, no wrapping, no links), so `human.rs` uses
//! this path where it applies and miette for everything else; the test in `human.rs` renders
//! every fixture finding and awkward generated ones both ways and compares them.
//!
//! Why: miette's snippet layout (reading the context twice, splitting lines into owned
//! strings, measuring every label against every line) was most of the human format's cost,
//! nearly twice the JSON format's on a file with many findings.

use std::fmt::{self, Display, Write};

use miette::GraphicalTheme;
use owo_colors::OwoColorize;
use unicode_width::UnicodeWidthChar;

use super::snippet_source::IndexedSource;
use crate::finding::Severity;

/// One report of the usual shape.
pub(super) struct OneLineReport<'a> {
    pub code: &'a dyn Display,
    pub severity: Severity,
    /// Already known to fit on its line (no wrapping, no line break, no edge whitespace).
    pub message: &'a str,
    pub help: Option<&'a str>,
    pub label: Option<&'a str>,
    /// Byte range in `source`'s text (tabs already shown as arrows).
    pub start: usize,
    pub end: usize,
}

/// Columns `text` takes on a terminal as miette counts them (the text holds no tab and no
/// escape: the caller shows tabs as arrows and refuses control characters).
fn columns(text: &str) -> usize {
    text.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// Writes `report` to `out` as miette would and returns true, or writes nothing and returns
/// false when the report is not of the shape drawn here (the caller then asks miette).
/// `source` must hold no `\r` (miette's line handling of it differs from a plain split).
pub(super) fn render(
    out: &mut String,
    theme: &GraphicalTheme,
    name: &str,
    source: &IndexedSource<'_>,
    report: &OneLineReport<'_>,
) -> bool {
    let OneLineReport { start, end, .. } = *report;
    let text = source.text();
    if start > end || end > text.len() || start >= text.len() {
        return false;
    }
    if report.label.is_some_and(|l| l.contains('\n')) {
        return false;
    }
    let line = source.line_index(start);
    let (Some(line_start), Some(line_text)) = (source.line_start_of(line), source.line_text(line))
    else {
        return false;
    };
    // The span must start before the line break (miette shows one more line of context after
    // a span starting on a line break) and end before it, on character boundaries.
    if start >= line_start + line_text.len()
        || end > line_start + line_text.len()
        || !line_text.is_char_boundary(start - line_start)
        || !line_text.is_char_boundary(end - line_start)
    {
        return false;
    }
    let _ = write_report(
        out, theme, name, source, report, line, line_start, line_text,
    );
    true
}

#[allow(clippy::too_many_arguments)]
fn write_report(
    out: &mut String,
    theme: &GraphicalTheme,
    name: &str,
    source: &IndexedSource<'_>,
    report: &OneLineReport<'_>,
    line: usize,
    line_start: usize,
    line_text: &str,
) -> fmt::Result {
    let chars = &theme.characters;
    let styles = &theme.styles;
    let (severity_style, icon) = match report.severity {
        Severity::Error => (styles.error, &chars.error),
        Severity::Warning => (styles.warning, &chars.warning),
    };
    // Header: the rule code, then a blank line.
    writeln!(out, "{}", report.code.style(severity_style))?;
    writeln!(out)?;
    // The message after the severity icon.
    writeln!(out, "  {} {}", icon.style(severity_style), report.message)?;

    // The snippet: the label's line with one line of context either side.
    let first = line.saturating_sub(1);
    let last = if source.line_start_of(line + 1).is_some() {
        line + 1
    } else {
        line
    };
    let linum_width = (last + 1).to_string().len();
    let column = line_text[..report.start - line_start].chars().count();
    writeln!(
        out,
        "{}{}{}[{}]",
        " ".repeat(linum_width + 2),
        chars.ltop,
        chars.hbar,
        format_args!("{}:{}:{}", name, line + 1, column + 1).style(styles.link)
    )?;
    let label_style = styles.highlights[0];
    for index in first..=last {
        let shown = if index == line {
            line_text
        } else {
            source.line_text(index).unwrap_or_default()
        };
        write!(
            out,
            " {:width$} {} ",
            (index + 1).style(styles.linum),
            chars.vbar,
            width = linum_width
        )?;
        // miette passes each line through its (blank) highlighter: an unstyled span.
        writeln!(out, "{}", owo_colors::Style::new().style(shown))?;
        if index != line {
            continue;
        }
        let len = report.end - report.start;
        let from = columns(&line_text[..report.start - line_start]);
        let to = if len == 0 {
            from + 1
        } else {
            columns(&line_text[..report.end - line_start]).max(from + 1)
        };
        let vbar_offset = (from + to) / 2;
        let mark = if len == 0 {
            chars.uarrow
        } else if report.label.is_some() {
            chars.underbar
        } else {
            chars.underline
        };
        write!(out, " {:linum_width$} {} ", "", chars.vbar_break)?;
        let underline = format!(
            "{:width$}{}{}{}",
            "",
            chars.underline.to_string().repeat(vbar_offset - from),
            mark,
            chars.underline.to_string().repeat(to - vbar_offset - 1),
            width = from,
        );
        writeln!(out, "{}", underline.style(label_style))?;
        if let Some(label) = report.label {
            write!(out, " {:linum_width$} {} ", "", chars.vbar_break)?;
            out.push_str(&" ".repeat(vbar_offset));
            let drawn = format!(
                "{}{} {}",
                chars.lbot,
                chars.hbar.to_string().repeat(2),
                label.style(label_style)
            );
            writeln!(out, "{}", drawn.style(label_style))?;
        }
    }
    writeln!(
        out,
        "{}{}{}",
        " ".repeat(linum_width + 2),
        chars.lbot,
        chars.hbar.to_string().repeat(4)
    )?;
    if let Some(help) = report.help {
        writeln!(out, "{}{}", "  help: ".style(styles.help), help)?;
    }
    Ok(())
}
