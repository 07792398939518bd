//! `--format human`: rustc-style reports rendered by miette: rule code, message, labelled
//! snippet, help.

use std::fmt::{self, Write};

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};
use rayon::prelude::*;

use super::human_fast;
use super::snippet_source::IndexedSource;
use super::Totals;
use crate::check::{CheckResult, FileResult};
use crate::finding::{describe_via, Finding, Severity};
use crate::report::escape::{escape, needs_escape};

/// A file's text for miette, reporting columns in characters like every other format (miette's
/// own `String` source counts bytes, so `é😀` before a finding moved its column by four).
/// Tabs are shown as `→` (a terminal would draw them as blanks, hiding a tab that is the
/// problem); `tabs` holds their byte offsets in the file, to move spans past the wider arrows.
/// Snippets are read through a line index ([`IndexedSource`]), so a file with many findings
/// does not cost findings × file size.
struct CharColumns<'a> {
    shown: IndexedSource<'a>,
    tabs: Vec<usize>,
    /// The file holds a `\r`: miette's line handling of it is left to miette.
    has_carriage_return: bool,
}

/// What a tab is shown as.
const TAB: &str = "→";

impl<'a> CharColumns<'a> {
    fn new(name: &'a str, text: &'a str) -> Self {
        let tabs: Vec<usize> = text
            .bytes()
            .enumerate()
            .filter_map(|(i, b)| (b == b'\t').then_some(i))
            .collect();
        let shown = if tabs.is_empty() {
            IndexedSource::new(name, text)
        } else {
            IndexedSource::new(name, text.replace('\t', TAB))
        };
        CharColumns {
            shown,
            tabs,
            has_carriage_return: text.contains('\r'),
        }
    }

    /// A byte offset of the file as an offset of the shown text.
    fn shown_offset(&self, offset: usize) -> usize {
        offset + self.tabs.partition_point(|&t| t < offset) * (TAB.len() - 1)
    }

    fn source_span(&self, span: crate::source::Span) -> SourceSpan {
        let start = self.shown_offset(span.start.offset as usize);
        let end = self.shown_offset(span.end.offset as usize);
        SourceSpan::new(start.into(), end - start)
    }
}

impl SourceCode for CharColumns<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let contents = self
            .shown
            .read_span(span, context_lines_before, context_lines_after)?;
        let text = self.shown.text();
        let start = contents.span().offset();
        let line_start = self.shown.line_start(start).min(start);
        let column = text
            .get(line_start..start)
            .map_or(0, |before| before.chars().count());
        Ok(Box::new(MietteSpanContents::new_named(
            contents.name().unwrap_or_default().to_string(),
            contents.data(),
            *contents.span(),
            contents.line(),
            column,
            contents.line_count(),
        )))
    }
}

/// A finding wrapped for miette, with its file's text.
struct Report<'a> {
    finding: &'a Finding,
    source: &'a CharColumns<'a>,
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
            .map(|h| Box::new(escape(h).into_owned()) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.show_snippet
            .then_some(self.source as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let f = self.finding;
        let label = f.label.as_deref().map(|l| escape(l).into_owned());
        let primary = LabeledSpan::new_primary_with_span(label, self.source.source_span(f.span));
        // Labels in other files (the embedding stream) are notes after the snippet.
        let related = f.related.iter().filter(|l| l.file.is_none()).map(|l| {
            LabeledSpan::new_with_span(
                Some(escape(&l.message).into_owned()),
                self.source.source_span(l.span),
            )
        });
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}

/// The theme of every report: unicode characters, ANSI colours or none.
fn theme(color: bool) -> GraphicalTheme {
    if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    }
}

/// The miette handlers every report of a run is rendered with.
pub struct Renderer {
    handler: GraphicalReportHandler,
    /// The same, without text wrapping: for a report whose message and help each fit on their
    /// line, where wrapping changes nothing but costs a third of the rendering (textwrap
    /// measures every word of every line).
    unwrapped: GraphicalReportHandler,
    /// The handlers' theme, for reports drawn without miette ([`human_fast`]).
    palette: human_fast::Palette,
    /// Draw the usual reports without miette (false only to compare the two in tests).
    fast: bool,
    color: bool,
}

/// The report width, and what miette leaves for text (its wrap width is the width minus 2).
const WIDTH: usize = 100;
const TEXT_WIDTH: usize = WIDTH - 2;

/// Does `text`, after an indent of `indent` columns, fill one line that wrapping leaves as it
/// is? No line break, no whitespace at either end (wrapping trims it), and short enough even
/// if every character were two columns wide (CJK, emoji) unless it is ASCII.
fn fits_unwrapped(text: &str, indent: usize) -> bool {
    let columns = if text.is_ascii() {
        text.len()
    } else {
        2 * text.chars().count()
    };
    !text.is_empty()
        && !text.contains('\n')
        && text.trim() == text
        && indent + columns <= TEXT_WIDTH
}

impl Renderer {
    pub fn new(color: bool) -> Self {
        let theme = theme(color);
        let handler = GraphicalReportHandler::new_themed(theme.clone())
            .with_links(false)
            .with_width(WIDTH);
        let unwrapped = handler.clone().with_wrap_lines(false);
        Renderer {
            handler,
            unwrapped,
            palette: human_fast::Palette::new(&theme),
            fast: true,
            color,
        }
    }

    /// Would wrapping leave this report's message and help as they are?
    fn fits_unwrapped(message: &str, help: Option<&str>) -> bool {
        // "  × " before the message, "  help: " before the help.
        fits_unwrapped(message, 4) && help.is_none_or(|h| fits_unwrapped(h, 8))
    }

    /// The handler for one report: the one without wrapping when wrapping would change nothing.
    fn handler_for(&self, message: &str, help: Option<&str>) -> &GraphicalReportHandler {
        if Self::fits_unwrapped(message, help) {
            &self.unwrapped
        } else {
            &self.handler
        }
    }

    /// The reports of one file's findings (empty for none). Safe to call from several threads.
    pub fn file(&self, file: &FileResult) -> String {
        render_file(self, file)
    }

    /// The summary line, coloured by the worst severity when colour is on, with its line break.
    pub fn summary(&self, totals: &Totals) -> String {
        let mut line = paint_summary(totals, self.color);
        line.push('\n');
        line
    }
}

/// Renders every finding, then the summary line. Files render in parallel (each with its own
/// line index), joined in their order.
pub fn render(result: &CheckResult, color: bool, quiet: bool) -> String {
    let renderer = Renderer::new(color);
    let per_file: Vec<String> = result
        .files
        .par_iter()
        .map(|file| renderer.file(file))
        .collect();
    let mut out = per_file.concat();
    if !quiet {
        out.push_str(&renderer.summary(&Totals::of(result)));
    }
    out
}

/// The reports of one file's findings.
fn render_file(renderer: &Renderer, file: &FileResult) -> String {
    let mut out = String::new();
    if file.findings.is_empty() {
        return out;
    }
    let name = escape(&file.source.name);
    let named = CharColumns::new(name.as_ref(), &file.source.text);
    // Raw control characters in the text would reach the terminal through the snippet.
    let text_is_printable = !file
        .source
        .text
        .chars()
        .any(|c| needs_escape(c) && !matches!(c, '\n' | '\r' | '\t'));
    for finding in &file.findings {
        let spans = std::iter::once(finding.span).chain(
            finding
                .related
                .iter()
                .filter(|l| l.file.is_none())
                .map(|l| l.span),
        );
        let show_snippet = text_is_printable
            && spans
                .flat_map(|s| [s.start.line, s.end.line])
                .all(|line| file.source.line_text(line).len() <= MAX_SNIPPET_LINE);
        let message = if show_snippet {
            escape(&finding.message).into_owned()
        } else {
            format!(
                "{} (at {}:{}:{})",
                escape(&finding.message),
                name,
                finding.span.start.line,
                finding.span.start.column
            )
        };
        let help = finding.help.as_deref().map(escape);
        let in_file_related = finding.related.iter().any(|l| l.file.is_none());
        let drawn_fast = renderer.fast
            && show_snippet
            && !in_file_related
            && !named.has_carriage_return
            && Renderer::fits_unwrapped(&message, help.as_deref())
            && {
                let label = finding.label.as_deref().map(escape);
                let span = named.source_span(finding.span);
                human_fast::render(
                    &mut out,
                    &renderer.palette,
                    name.as_ref(),
                    &named.shown,
                    &human_fast::OneLineReport {
                        code: finding.rule,
                        severity: finding.severity,
                        message: &message,
                        help: help.as_deref(),
                        label: label.as_deref(),
                        start: span.offset(),
                        end: span.offset() + span.len(),
                    },
                )
            };
        if !drawn_fast {
            let handler = renderer.handler_for(&message, help.as_deref());
            let report = Report {
                finding,
                source: &named,
                show_snippet,
                message,
            };
            let _ = handler.render_report(&mut out, &report);
        }
        for l in finding.related.iter().filter(|l| l.file.is_some()) {
            let file = l.file.as_deref().unwrap_or_default();
            let _ = writeln!(
                out,
                "  note: {}:{}:{}: {}",
                escape(file),
                l.span.start.line,
                l.span.start.column,
                escape(&l.message)
            );
        }
        if let Some(via) = describe_via(&finding.via) {
            let _ = writeln!(out, "  note: {}", escape(&via));
        }
        out.push('\n');
    }
    out
}

fn paint_summary(totals: &Totals, color: bool) -> String {
    use owo_colors::OwoColorize;
    let line = super::summary_line(totals);
    if !color {
        return line;
    }
    if totals.errors > 0 {
        line.red().bold().to_string()
    } else if totals.warnings > 0 {
        line.yellow().bold().to_string()
    } else {
        line.green().bold().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::check_source;
    use crate::finding::Finding;
    use crate::rules::RuleSet;
    use crate::source::SourceFile;
    use std::path::Path;

    fn yaml_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                yaml_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                out.push(path);
            }
        }
    }

    /// Every fixture's findings.
    fn fixture_results() -> Vec<FileResult> {
        let mut files = Vec::new();
        yaml_files(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
            &mut files,
        );
        files.sort();
        files
            .iter()
            .filter_map(|path| {
                let text = String::from_utf8(std::fs::read(path).ok()?).ok()?;
                let name = path.to_string_lossy().into_owned();
                Some(check_source(
                    SourceFile::new(name, text),
                    None,
                    &RuleSet::all(),
                ))
            })
            .collect()
    }

    /// Messages and help at and around the wrap width, wide characters, edge whitespace.
    fn long_text_results() -> FileResult {
        let text = "stream: s\ncards:\n  - type: message\n    text: Hi\n";
        let source = SourceFile::new("w.stream.yaml", text);
        let span = crate::source::Span::new(source.pos_from_offset(37), source.pos_from_offset(39));
        let mut findings = Vec::new();
        for n in [80, 89, 90, 91, 94, 95, 96, 120] {
            for word in ["word ", "漢字 ", "é"] {
                let long = word.repeat(n / word.chars().count().max(1));
                for (message, help) in [
                    (long.clone(), None),
                    ("short".to_string(), Some(long.clone())),
                    (format!(" {long}"), Some(format!("{long} "))),
                ] {
                    let mut f = Finding::new(&crate::rules::schema::RULE, span, message);
                    f.help = help;
                    findings.push(f);
                }
            }
        }
        FileResult::new(source, findings)
    }

    /// A finding on every span of awkward texts: tabs, wide and zero-width characters, long
    /// lines, first and last lines, no final line break, CRLF and lone CR, empty and absent
    /// labels, empty spans, spans over a line break, several lines.
    fn edge_case_results() -> Vec<FileResult> {
        let texts = [
            "a: 1\nb: 2\nc: 3\n",
            "a: 1\nb: 2\nc: 3",
            "x",
            "\n\n\n",
            "\tkey:\tvalue\n\t\tnested: 1\n",
            "名前: 漢字テキスト\nemoji: 😀👍🏽 ok\ncombining: e\u{301}e\u{301}\n",
            "zero\u{200b}width: x\n",
            "a: 1\r\nb: 2\r\nc: 3\r\n",
            "a: 1\rb: 2\n",
            "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\n",
        ];
        let long_line = format!("text: {}\nnext: 1\n", "long ".repeat(70));
        let mut results = Vec::new();
        for (n, text) in texts
            .iter()
            .map(|t| t.to_string())
            .chain([long_line])
            .enumerate()
        {
            let source = SourceFile::new(format!("edge{n}.stream.yaml"), text.clone());
            let bounds: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            let mut findings = Vec::new();
            for (k, &start) in bounds.iter().enumerate() {
                for &end in bounds[k..].iter().take(4).chain(bounds.last()) {
                    let span = crate::source::Span::new(
                        source.pos_from_offset(start),
                        source.pos_from_offset(end),
                    );
                    for label in [None, Some(""), Some("a label"), Some("漢字 label")] {
                        let mut f = Finding::new(&crate::rules::schema::RULE, span, "message");
                        f.label = label.map(str::to_string);
                        f.help = (start % 2 == 0).then(|| "some help".to_string());
                        if start % 3 == 0 {
                            f.severity = Severity::Warning;
                        }
                        findings.push(f);
                    }
                }
            }
            results.push(FileResult::new(source, findings));
        }
        results
    }

    /// A renderer that always asks miette, wrapping or not as `renderer` would.
    fn through_miette(renderer: &Renderer) -> Renderer {
        Renderer {
            handler: renderer.handler.clone(),
            unwrapped: renderer.unwrapped.clone(),
            palette: human_fast::Palette::new(&theme(renderer.color)),
            fast: false,
            color: renderer.color,
        }
    }

    /// Drawing the usual reports without miette gives miette's bytes, for every finding of
    /// every fixture and of awkward texts, in colour and without.
    #[test]
    fn the_fast_path_draws_what_miette_draws() {
        let mut results = fixture_results();
        results.push(long_text_results());
        results.extend(edge_case_results());
        let mut compared = 0;
        let mut drawn_fast = 0;
        for color in [false, true] {
            let fast = Renderer::new(color);
            let slow = through_miette(&fast);
            // The fast path with a corner miette would not draw: shows which reports took it.
            let mut marked_theme = theme(color);
            marked_theme.characters.ltop = '☃';
            let marked = Renderer {
                palette: human_fast::Palette::new(&marked_theme),
                ..Renderer::new(color)
            };
            for file in &results {
                for finding in &file.findings {
                    let one = FileResult::new(file.source.clone(), vec![finding.clone()]);
                    assert_eq!(
                        fast.file(&one),
                        slow.file(&one),
                        "{} {:?} colour {color}",
                        file.source.name,
                        finding.span
                    );
                    compared += 1;
                    drawn_fast += usize::from(marked.file(&one).contains('☃'));
                }
            }
        }
        assert!(compared > 5000, "{compared}");
        // Most reports take the fast path, or the comparison proves little.
        assert!(drawn_fast * 2 > compared, "{drawn_fast} of {compared}");
    }

    /// Rendering without wrapping where it fits is the same text as rendering with it, for
    /// every finding of every fixture, in colour and without, and for long and wide texts.
    #[test]
    fn leaving_out_wrapping_where_it_fits_changes_nothing() {
        let mut results = fixture_results();
        results.push(long_text_results());
        assert!(results.len() > 50, "{}", results.len());
        let mut rendered = 0;
        for color in [false, true] {
            let unwrapped = through_miette(&Renderer::new(color));
            let always_wrapping = Renderer {
                unwrapped: unwrapped.handler.clone(),
                ..through_miette(&unwrapped)
            };
            for file in &results {
                let text = unwrapped.file(file);
                assert_eq!(text, always_wrapping.file(file), "{}", file.source.name);
                rendered += file.findings.len();
            }
        }
        assert!(rendered > 200, "{rendered}");
    }
}
