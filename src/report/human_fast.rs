//! The usual human report drawn without miette: one label on one line of the snippet, message
//! and help each on one line. The bytes are the same as miette's `GraphicalReportHandler`
//! draws for it (same theme, one line of context, no wrapping, no links), so `human.rs` uses
//! this path where it applies and miette for everything else; the test in `human.rs` renders
//! every fixture finding and awkward generated ones both ways and compares them.
//!
//! Why: miette's snippet layout (reading the context twice, splitting lines into owned
//! strings, measuring every label against every line) was most of the human format's cost,
//! nearly twice the JSON format's on a file with many findings.

use std::fmt::{self, Write};

use miette::{GraphicalTheme, ThemeCharacters};
use owo_colors::Style;
use unicode_width::UnicodeWidthChar;

use super::snippet_source::IndexedSource;
use crate::finding::Severity;

/// One report of the usual shape.
pub(super) struct OneLineReport<'a> {
    pub code: &'a str,
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
    if text.is_ascii() {
        // Printable ASCII: one column each.
        return text.len();
    }
    text.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// Writes `report` to `out` as miette would and returns true, or writes nothing and returns
/// false when the report is not of the shape drawn here (the caller then asks miette).
/// `source` must hold no `\r` (miette's line handling of it differs from a plain split).
pub(super) fn render(
    out: &mut String,
    palette: &Palette,
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
        out, palette, name, source, report, line, line_start, line_text,
    );
    true
}

/// A style's escape sequences, written around text as owo-colors' `Styled` does (both empty
/// for a plain style), computed once per run instead of once per piece of every report.
struct Paint {
    prefix: String,
    suffix: String,
}

impl Paint {
    fn new(style: Style) -> Self {
        Paint {
            prefix: style.prefix_formatter().to_string(),
            suffix: style.suffix_formatter().to_string(),
        }
    }
}

/// The theme's characters and styles as [`render`] writes them.
pub(super) struct Palette {
    characters: ThemeCharacters,
    error: Paint,
    warning: Paint,
    help: Paint,
    link: Paint,
    linum: Paint,
    /// The first highlight style: the one miette gives a report's only label.
    label: Paint,
}

impl Palette {
    pub fn new(theme: &GraphicalTheme) -> Self {
        let styles = &theme.styles;
        Palette {
            characters: theme.characters.clone(),
            error: Paint::new(styles.error),
            warning: Paint::new(styles.warning),
            help: Paint::new(styles.help),
            link: Paint::new(styles.link),
            linum: Paint::new(styles.linum),
            label: Paint::new(styles.highlights.first().copied().unwrap_or_default()),
        }
    }
}

fn push_repeated(out: &mut String, c: char, count: usize) {
    out.extend(std::iter::repeat_n(c, count));
}

/// Digits of `n` (1-based line numbers: at least 1).
fn digits(n: usize) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

#[allow(clippy::too_many_arguments)]
fn write_report(
    out: &mut String,
    palette: &Palette,
    name: &str,
    source: &IndexedSource<'_>,
    report: &OneLineReport<'_>,
    line: usize,
    line_start: usize,
    line_text: &str,
) -> fmt::Result {
    let chars = &palette.characters;
    let (severity, icon) = match report.severity {
        Severity::Error => (&palette.error, &chars.error),
        Severity::Warning => (&palette.warning, &chars.warning),
    };
    // Header: the rule code, then a blank line.
    out.push_str(&severity.prefix);
    out.push_str(report.code);
    out.push_str(&severity.suffix);
    out.push_str("\n\n");
    // The message after the severity icon.
    out.push_str("  ");
    out.push_str(&severity.prefix);
    out.push_str(icon);
    out.push_str(&severity.suffix);
    out.push(' ');
    out.push_str(report.message);
    out.push('\n');

    // The snippet: the label's line with one line of context either side.
    let first = line.saturating_sub(1);
    let last = if source.line_start_of(line + 1).is_some() {
        line + 1
    } else {
        line
    };
    let linum_width = digits(last + 1);
    let before = &line_text[..report.start - line_start];
    let column = before.chars().count();
    push_repeated(out, ' ', linum_width + 2);
    out.push(chars.ltop);
    out.push(chars.hbar);
    out.push('[');
    out.push_str(&palette.link.prefix);
    write!(out, "{}:{}:{}", name, line + 1, column + 1)?;
    out.push_str(&palette.link.suffix);
    out.push_str("]\n");
    for index in first..=last {
        let shown = if index == line {
            line_text
        } else {
            source.line_text(index).unwrap_or_default()
        };
        out.push(' ');
        out.push_str(&palette.linum.prefix);
        push_repeated(out, ' ', linum_width - digits(index + 1));
        write!(out, "{}", index + 1)?;
        out.push_str(&palette.linum.suffix);
        out.push(' ');
        out.push(chars.vbar);
        out.push(' ');
        // miette passes each line through its blank highlighter: a plain style, no escapes.
        out.push_str(shown);
        out.push('\n');
        if index != line {
            continue;
        }
        let len = report.end - report.start;
        let from = columns(before);
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
        let no_linum = |out: &mut String| {
            out.push(' ');
            push_repeated(out, ' ', linum_width);
            out.push(' ');
            out.push(chars.vbar_break);
            out.push(' ');
        };
        no_linum(out);
        out.push_str(&palette.label.prefix);
        push_repeated(out, ' ', from);
        push_repeated(out, chars.underline, vbar_offset - from);
        out.push(mark);
        push_repeated(out, chars.underline, to - vbar_offset - 1);
        out.push_str(&palette.label.suffix);
        out.push('\n');
        if let Some(label) = report.label {
            no_linum(out);
            push_repeated(out, ' ', vbar_offset);
            // miette styles the label, then the whole line around it again.
            out.push_str(&palette.label.prefix);
            out.push(chars.lbot);
            push_repeated(out, chars.hbar, 2);
            out.push(' ');
            out.push_str(&palette.label.prefix);
            out.push_str(label);
            out.push_str(&palette.label.suffix);
            out.push_str(&palette.label.suffix);
            out.push('\n');
        }
    }
    push_repeated(out, ' ', linum_width + 2);
    out.push(chars.lbot);
    push_repeated(out, chars.hbar, 4);
    out.push('\n');
    if let Some(help) = report.help {
        out.push_str(&palette.help.prefix);
        out.push_str("  help: ");
        out.push_str(&palette.help.suffix);
        out.push_str(help);
        out.push('\n');
    }
    Ok(())
}
