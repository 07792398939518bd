//! The routing-test flags of `simulate` (the spec's testing.md): `--coverage`,
//! `--min-coverage`, `--junit` and `--write-visitors`. `simulate.rs` hands over once the
//! simulation ran; this module adds the coverage report, writes the files and says how the run
//! exits.

use std::path::{Path, PathBuf};

use crate::atomic::{self, Existing};
use crate::check;
use crate::graph::Graph;
use crate::model::Roster;
use crate::report::coverage as coverage_report;
use crate::report::junit;
use crate::route::coverage::{self, Kind};
use crate::route::simulate::{self as sim, Options};
use crate::route::Outcome;

use super::say;
use super::{EXIT_FINDINGS, EXIT_OK, EXIT_TROUBLE};

/// Stale tests (the spec's testing.md): findings of the visitors file against the stream and
/// the roster, printed on standard error. True when one is an error.
pub fn stale_tests(
    source: &crate::source::SourceFile,
    visitors: &crate::model::visitors::Visitors,
    graph: &Graph,
    roster: &Roster,
    color: bool,
) -> bool {
    use crate::rules::{duplicate_visitor, expect_not_in_roster, unread_visitor_attribute};
    let mut findings = Vec::new();
    expect_not_in_roster::check_visitors(visitors, roster, &mut findings);
    unread_visitor_attribute::check_visitors(visitors, graph, roster, &mut findings);
    duplicate_visitor::check_visitors(visitors, &mut findings);
    print_stale_tests(source, findings, color)
}

/// Prints stale-test findings of the visitors file on standard error, sorted. True when one is
/// an error.
pub fn print_stale_tests(
    source: &crate::source::SourceFile,
    mut findings: Vec<crate::finding::Finding>,
    color: bool,
) -> bool {
    if findings.is_empty() {
        return false;
    }
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let errors = findings
        .iter()
        .any(|f| f.severity == crate::finding::Severity::Error);
    let result = check::CheckResult {
        files: vec![check::FileResult::new(source.clone(), findings)],
        path_errors: Vec::new(),
    };
    eprint!("{}", crate::report::human::render(&result, color, true));
    errors
}

/// `--min-coverage PERCENT` (path classes) or `KIND=PERCENT`.
pub fn parse_min_coverage(text: &str) -> Result<(Kind, f64), String> {
    let (kind, number) = match text.split_once('=') {
        Some((k, n)) => (
            Kind::from_name(k).ok_or_else(|| {
                format!("`{k}` is not a coverage kind: use paths, cards, answers or decisions")
            })?,
            n,
        ),
        None => (Kind::Path, text),
    };
    let percent: f64 = number
        .trim()
        .trim_end_matches('%')
        .parse()
        .map_err(|_| format!("`{number}` is not a percentage, e.g. 100 or paths=80"))?;
    if !(0.0..=100.0).contains(&percent) {
        return Err(format!("{percent} is not between 0 and 100"));
    }
    Ok((kind, percent))
}

/// What the routing-test flags asked for.
pub struct Asked<'a> {
    pub stream_path: &'a Path,
    pub coverage: bool,
    pub min_coverage: &'a [(Kind, f64)],
    pub junit: Option<&'a PathBuf>,
    pub json: bool,
}

/// What a visitors run kept for the routing-test flags, fed one visitor at a time.
pub struct Kept<'g> {
    pub junit: Option<junit::Junit>,
    pub exercised: Option<coverage::Exercised<'g>>,
}

impl<'g> Kept<'g> {
    pub fn new(asked: &Asked, graph: &'g Graph<'g>, roster: &Roster, opts: &Options) -> Self {
        let file = check::display_path(asked.stream_path);
        let wants_coverage = asked.coverage || !asked.min_coverage.is_empty();
        Kept {
            junit: asked.junit.map(|_| junit::Junit::new(&file)),
            exercised: wants_coverage.then(|| coverage::Exercised::new(graph, roster, opts)),
        }
    }

    pub fn add(&mut self, run: &sim::VisitorRun) {
        if let Some(j) = &mut self.junit {
            j.add(run);
        }
        if let Some(e) = &mut self.exercised {
            e.add(run);
        }
    }
}

/// After a visitors run: writes the JUnit report, appends coverage to `tail` (the end of the
/// report: the summary). Returns the exit code to use instead of the run's, if any.
pub fn after_visitors(
    asked: &Asked,
    graph: &Graph,
    roster: &Roster,
    opts: &Options,
    stream_name: &str,
    kept: Kept,
    tail: &mut String,
) -> Option<i32> {
    let file = check::display_path(asked.stream_path);
    if let (Some(path), Some(report)) = (asked.junit, kept.junit) {
        let xml = report.finish(stream_name);
        if let Err(e) = atomic::write(path, xml.as_bytes(), Existing::Replace) {
            say!("error: {}: {}", path.display(), check::io_message(&e));
            return Some(EXIT_TROUBLE);
        }
    }
    let exercised = kept.exercised?;
    let classes = match sim::path_classes(
        graph,
        roster,
        &Options {
            limit: 0,
            ..opts.clone()
        },
    ) {
        Ok(c) => c,
        Err(sim::TooManyClasses) => {
            say!("error: {file} has more than 2^128 path classes; streamlint cannot count them exactly");
            return Some(EXIT_TROUBLE);
        }
    };
    let report = exercised.coverage(roster, opts, &classes);
    if asked.json {
        *tail = coverage_report::add_to_json(tail, &file, &report);
    } else {
        tail.push('\n');
        // Coverage names answers, conditions and cards as written: escaped, no colours.
        let text = coverage_report::human(&file, &report);
        tail.push_str(&crate::report::escape::report_text(&text, false));
    }
    let mut below = false;
    for (kind, min) in asked.min_coverage {
        let got = report.tally(*kind).percent();
        if got + 1e-9 < *min {
            below = true;
            say!(
                "error: {} coverage is {got:.1}%, below --min-coverage {}={min}%",
                kind.name(),
                kind.name()
            );
        }
    }
    below.then_some(EXIT_FINDINGS)
}

/// The `expect` a visitor gets for an outcome.
pub fn expect_yaml(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Agent(a) | Outcome::Meeting(a) => format!("{{ agent: {} }}", a.agent),
        other => format!("{{ outcome: {} }}", other.kind().name()),
    }
}

/// `--write-visitors FILE`: one visitor per path class (up to `--limit`), with today's outcome
/// as `expect`, played in order as `--visitors` will play them.
pub fn write_visitors(
    path: &Path,
    stream_path: &Path,
    graph: &Graph,
    roster: &Roster,
    opts: &Options,
    quiet_summary: bool,
) -> i32 {
    let classes = match sim::path_classes(
        graph,
        roster,
        &Options {
            explain: false,
            ..opts.clone()
        },
    ) {
        Ok(c) => c,
        Err(sim::TooManyClasses) => {
            say!(
                "error: {} has more than 2^128 path classes; streamlint cannot count them exactly",
                check::display_path(stream_path)
            );
            return EXIT_TROUBLE;
        }
    };
    let examples: Vec<(String, coverage::Example, String)> = classes
        .listed
        .iter()
        .enumerate()
        .map(|(i, class)| {
            let ex = coverage::solve(graph, roster, opts, &class.walk.steps);
            let what = coverage::describe_class(
                &class.walk.answers,
                &class.walk.conditions,
                &class.outcome,
            );
            (format!("path-{}", i + 1), ex, what)
        })
        .collect();
    let list = crate::model::visitors::Visitors {
        visitors: examples
            .iter()
            .map(|(id, ex, _)| coverage::as_visitor(id, ex))
            .collect(),
    };
    let quiet = Options {
        explain: false,
        ..opts.clone()
    };
    let runs = sim::visitors(graph, roster, &list, &quiet);
    let mut text = format!(
        "# Recorded by `streamlint simulate {} --write-visitors`: one visitor per path class,\n# expecting where it ends up today. Review the changes in pull requests.\nvisitors:\n",
        check::display_path(stream_path)
    );
    let mut differ = 0;
    for ((id, ex, what), run) in examples.iter().zip(&runs) {
        text.push_str(&format!("  # {}\n", what.replace('\n', " ")));
        text.push_str(&coverage_report::example_yaml(id, ex, 2));
        if let Ok(outcome) = &run.outcome {
            text.push_str(&format!("    expect: {}\n", expect_yaml(outcome)));
        }
        let took = classes
            .listed
            .iter()
            .any(|c| c.walk.steps == run.walk.steps);
        if !took {
            differ += 1;
        }
    }
    if let Err(e) = atomic::write(path, text.as_bytes(), Existing::Replace) {
        say!("error: {}: {}", path.display(), check::io_message(&e));
        return EXIT_TROUBLE;
    }
    if !quiet_summary {
        say!(
            "note: wrote {} visitors to {} ({} path classes in all)",
            runs.len(),
            path.display(),
            classes.total
        );
        if differ > 0 {
            say!("warning: {differ} recorded visitors do not take the path class they were written for (path classes may combine choices no single visitor can make); their `expect` is what they do reach");
        }
    }
    EXIT_OK
}

/// An expectation that `outcome` meets, kept as written when it still holds.
fn expectation_for(
    current: Option<&crate::model::visitors::Expect>,
    outcome: &Outcome,
) -> Option<String> {
    if current.is_some_and(|e| sim::meets(e, outcome)) {
        return None;
    }
    Some(expect_yaml(outcome))
}

/// `--visitors FILE --update`: rewrites the `expect` of each visitor whose expectation no longer
/// holds (or who has none) to today's outcome, by editing the file's text where the value is
/// written, so ids, order, comments and layout stay. Written atomically, over that file only.
/// Fed one visitor at a time: keeps the edits to make (one per visitor whose expectation
/// changes) and the lines saying so, not the visitors.
#[derive(Debug, Default)]
pub struct Update {
    /// (byte range to replace, new text), in file order.
    edits: Vec<(std::ops::Range<usize>, String)>,
    changes: Vec<String>,
    trouble: bool,
    visitors: usize,
}

impl Update {
    /// The edit one visitor needs, if any.
    pub fn add(
        &mut self,
        source: &crate::source::SourceFile,
        v: &crate::model::visitors::Visitor,
        run: &sim::VisitorRun,
    ) {
        let text = &source.text;
        self.visitors += 1;
        let outcome = match &run.outcome {
            Ok(o) => o,
            Err(e) => {
                say!(
                    "error: visitor {}: {e}; its expect is left as it is",
                    v.id.value
                );
                self.trouble = true;
                return;
            }
        };
        let current = v.expect.as_ref().map(|e| &e.value);
        let Some(new) = expectation_for(current, outcome) else {
            return;
        };
        match &v.expect {
            Some(e) => {
                // A flow mapping's span stops at its last value: take its closing brace too.
                let (start, mut end) = (e.span.start.offset as usize, e.span.end.offset as usize);
                if text[start..].starts_with('{') {
                    if let Some(close) = text[end..].find('}') {
                        end += close + 1;
                    }
                }
                self.edits.push((start..end, new.clone()));
                self.changes.push(format!(
                    "visitor {}: expect {} -> {}",
                    v.id.value, e.value, new
                ));
            }
            None => {
                // A new `expect:` line after the `id:` line, at the indentation of `id`.
                let line = source.line_text(v.id.span.start.line);
                let Some(key) = line.find("id:") else {
                    say!(
                        "warning: visitor {}: could not place an `expect` (write it by hand)",
                        v.id.value
                    );
                    return;
                };
                if line[..key].contains('{') {
                    say!(
                        "warning: visitor {}: written in flow style; add `expect: {new}` by hand",
                        v.id.value
                    );
                    return;
                }
                let indent = " ".repeat(line[..key].chars().count());
                let end_of_line = text[v.id.span.end.offset as usize..]
                    .find('\n')
                    .map_or(text.len(), |i| v.id.span.end.offset as usize + i + 1);
                let insert = if end_of_line == text.len() && !text.ends_with('\n') {
                    format!("\n{indent}expect: {new}")
                } else {
                    format!("{indent}expect: {new}\n")
                };
                self.edits.push((end_of_line..end_of_line, insert));
                self.changes
                    .push(format!("visitor {}: expect {new} (added)", v.id.value));
            }
        }
    }

    /// Writes the file (when something changed) and says what changed.
    pub fn finish(self, path: &Path, source: &crate::source::SourceFile, quiet: bool) -> i32 {
        let Update {
            mut edits,
            changes,
            trouble,
            visitors,
        } = self;
        let text = &source.text;
        // Applied in one pass from the start: the edits are in file order and never overlap.
        edits.sort_by_key(|(r, _)| r.start);
        let mut out = String::with_capacity(text.len() + edits.len() * 16);
        let mut at = 0;
        for (range, new) in &edits {
            out.push_str(&text[at..range.start]);
            out.push_str(new);
            at = range.end;
        }
        out.push_str(&text[at..]);
        if !changes.is_empty() {
            // The visitors file was read, so it exists: it is replaced only if it is a regular
            // file (through a link: the file the link names).
            let target = match atomic::checked_target(path, &[], "the updated visitors") {
                Ok(target) => target,
                Err(refusal) => {
                    say!("error: {refusal}");
                    return EXIT_TROUBLE;
                }
            };
            if let Err(e) = atomic::write(&target, out.as_bytes(), Existing::Replace) {
                say!("error: {}: {}", path.display(), check::io_message(&e));
                return EXIT_TROUBLE;
            }
        }
        let code = if trouble { EXIT_FINDINGS } else { EXIT_OK };
        if quiet {
            return code;
        }
        let mut text = String::new();
        for c in &changes {
            text.push_str(c);
            text.push('\n');
        }
        text.push_str(&format!(
            "{}: {} of {} visitors updated\n",
            check::display_path(path),
            changes.len(),
            visitors
        ));
        crate::output::print(&crate::report::escape::report_text(&text, false)).exit_code(code)
    }
}
