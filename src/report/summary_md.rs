//! The Markdown summary appended to `$GITHUB_STEP_SUMMARY` inside GitHub Actions: the summary
//! line, a count per rule, and the findings in a table (the first [`MAX_ROWS`]).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

use super::Totals;
use crate::check::{CheckResult, FileResult};
use crate::finding::Severity;

/// Findings listed in the table; GitHub caps a step summary at 1 MiB.
pub const MAX_ROWS: usize = 200;

/// Appends a summary to the step summary file (created if missing, never truncated).
pub fn append(path: &Path, text: &str) -> Result<(), String> {
    std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .map_err(|e| format!("{}: {}", path.display(), crate::check::io_message(&e)))
}

/// Escapes text for a Markdown table cell.
pub fn cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('\r', "")
        .replace('\n', "<br>")
}

/// Code in a table cell (backticks inside are replaced so the span stays closed).
fn code(s: &str) -> String {
    format!("`{}`", cell(&s.replace('`', "'")))
}

/// What the step summary needs, gathered file by file in report order: the count per rule and
/// the first [`MAX_ROWS`] findings' rows.
#[derive(Debug, Default)]
pub struct StepSummary {
    per_rule: BTreeMap<(&'static str, Severity), usize>,
    rows: Vec<String>,
    total: usize,
}

impl StepSummary {
    pub fn add_file(&mut self, file: &FileResult) {
        for f in &file.findings {
            *self.per_rule.entry((f.rule, f.severity)).or_default() += 1;
            self.total += 1;
            if self.rows.len() < MAX_ROWS {
                self.rows.push(format!(
                    "| {} | {} | {} | {} | {} |",
                    code(&file.source.name),
                    f.span.start.line,
                    f.severity,
                    code(f.rule),
                    cell(&f.message)
                ));
            }
        }
    }

    /// Adds what was gathered of the files that follow.
    pub fn merge(&mut self, other: StepSummary) {
        for (key, n) in other.per_rule {
            *self.per_rule.entry(key).or_default() += n;
        }
        let room = MAX_ROWS - self.rows.len();
        self.rows.extend(other.rows.into_iter().take(room));
        self.total += other.total;
    }

    /// The summary. `notes` are extra lines (e.g. what the baseline hid), shown under the title.
    pub fn render(&self, totals: &Totals, notes: &[String]) -> String {
        let mut out = String::new();
        let icon = if totals.errors > 0 {
            ":x:"
        } else if totals.warnings > 0 {
            ":warning:"
        } else {
            ":white_check_mark:"
        };
        let _ = writeln!(out, "### streamlint\n");
        let _ = writeln!(out, "{icon} {}\n", super::summary_line(totals));
        for note in notes {
            let _ = writeln!(out, "{}\n", cell(note));
        }
        if self.per_rule.is_empty() {
            return out;
        }
        let _ = writeln!(out, "| Rule | Severity | Findings |\n|---|---|---:|");
        for ((rule, severity), n) in &self.per_rule {
            let _ = writeln!(out, "| {} | {severity} | {n} |", code(rule));
        }
        let _ = writeln!(
            out,
            "\n| File | Line | Severity | Rule | Message |\n|---|---:|---|---|---|"
        );
        for row in &self.rows {
            let _ = writeln!(out, "{row}");
        }
        if self.total > MAX_ROWS {
            let _ = writeln!(
                out,
                "\n... and {} more (see the job log)",
                self.total - MAX_ROWS
            );
        }
        out.push('\n');
        out
    }
}

/// The summary of a finished result (see [`StepSummary::render`]).
pub fn render(result: &CheckResult, notes: &[String]) -> String {
    let mut summary = StepSummary::default();
    for file in &result.files {
        summary.add_file(file);
    }
    summary.render(&Totals::of(result), notes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Finding;
    use crate::source::{SourceFile, Span};

    #[test]
    fn cells_stay_in_their_column() {
        assert_eq!(cell("a|b\r\nc\\"), "a\\|b<br>c\\\\");
        assert_eq!(code("x`y|z"), "`x'y\\|z`");
    }

    #[test]
    fn long_lists_are_cut() {
        let source = SourceFile::new("a.stream.yaml", "x\n");
        let finding = Finding::new(&crate::rules::schema::RULE, Span::default(), "bad | value");
        let result = CheckResult {
            files: vec![FileResult::new(source, vec![finding; MAX_ROWS + 5])],
            path_errors: Vec::new(),
        };
        let text = render(&result, &["a note".to_string()]);
        assert!(text.contains("a note\n"));
        assert!(text.contains("| `schema` | error | 205 |"), "{text}");
        assert_eq!(text.matches("bad \\| value").count(), MAX_ROWS);
        assert!(text.contains("... and 5 more"));
    }
}
