//! `check`'s delivery: each file's report is written as soon as the file is final, in path
//! order, and the file is let go of (its text, its YAML tree, its findings), so a run over many
//! files holds only the files being checked and the report so far is already on its way.
//!
//! Files are checked in chunks of [`CHUNK`] in path order; within a chunk each file is checked,
//! passed through the policy, the baseline and escaping, and rendered in the chosen format on the
//! worker threads; then the chunk's parts are written in order on this thread, which also counts
//! the summary. A dialogue is final once checked (the findings it finds inside flows it embeds
//! are taken out and kept for those flows). Flow files, and the roster, are final only once every
//! stream is checked: from the first of them in path order, the parts that follow are held
//! (rendered, without their files) until the end, where the flows are settled and everything
//! held is written in path order. Flow files the run was not asked to check (reached only
//! through `flow` cards) are reported among the held files, so before any already written.

use std::collections::HashSet;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use super::Format;
use crate::baseline::{self, Baseline, Filtered};
use crate::check::{self, FileResult, PathError, RosterRun};
use crate::finding::Finding;
use crate::flows::Workspace;
use crate::policy::Policy;
use crate::report::statistics::RuleCounts;
use crate::report::summary_md::StepSummary;
use crate::report::{self, ArrayWriter, Totals};
use crate::rules::RuleSet;
use crate::source::{FileId, SourceFile};

/// Files checked at once before their parts are written: enough to keep every core busy, few
/// enough that the parts waiting to be written stay small.
const CHUNK: usize = 128;

/// What `check` was asked to do with the findings.
pub struct Delivery<'a> {
    pub format: Format,
    pub color: bool,
    /// No summary line.
    pub quiet: bool,
    pub statistics: bool,
    /// Inside GitHub Actions with no `--format`: the human report, then annotations.
    pub in_github: bool,
    pub policy: &'a Policy,
    pub baseline: Option<&'a Baseline>,
    /// `--write-baseline PATH`: nothing is rendered, the entries are kept.
    pub write_baseline: Option<&'a Path>,
}

/// One thing to report, in path order.
pub enum Item {
    /// A file found on disk, by the name reports use.
    Disk(PathBuf),
    /// Standard input's bytes (taken when checked).
    Stdin(Mutex<Option<Vec<u8>>>),
    /// The config file's own findings, already final.
    Config(Mutex<Option<FileResult>>),
    /// The roster file: its result is made once every stream is checked.
    Roster,
}

/// A file's report, rendered, with what the summary counts of it.
#[derive(Default)]
struct Part {
    name: String,
    id: Option<FileId>,
    text: String,
    annotations: String,
    totals: Totals,
    rule_counts: RuleCounts,
    step_summary: StepSummary,
    filtered: Filtered,
    baseline_entries: Vec<baseline::Entry>,
    /// `internal-error` messages (the check failed: exit 2, and no baseline is written).
    internal_errors: Vec<String>,
}

enum Outcome {
    Final(Box<Part>, Vec<Finding>),
    /// A flow file: final only once every stream is checked.
    Held(FileResult),
    RosterSlot,
    Unreadable(PathError),
}

/// A part written later, in path order.
enum Later {
    Part(Box<Part>),
    Flow(FileResult),
    Roster,
}

/// How a run went, for the exit code and the lines on standard error after the report.
pub struct Delivered {
    pub totals: Totals,
    pub path_errors: Vec<PathError>,
    pub internal_errors: Vec<String>,
    pub filtered: Filtered,
    pub baseline_entries: Vec<baseline::Entry>,
    pub step_summary: StepSummary,
    pub rule_counts: RuleCounts,
    pub written: crate::output::Written,
}

/// Standard output, stopped at the first error: a closed pipe is remembered (the run goes on to
/// its exit code, writing nothing more), any other error ends the run.
struct Sink<W: Write> {
    out: io::BufWriter<W>,
    error: Option<io::Error>,
}

impl<W: Write> Sink<W> {
    fn write(&mut self, text: &str) {
        if self.error.is_none() && !text.is_empty() {
            if let Err(e) = self.out.write_all(text.as_bytes()) {
                self.error = Some(e);
            }
        }
    }

    fn closed(&self) -> bool {
        self.error.is_some()
    }

    fn failed(&self) -> bool {
        self.error
            .as_ref()
            .is_some_and(|e| e.kind() != io::ErrorKind::BrokenPipe)
    }

    fn finish(mut self) -> crate::output::Written {
        if self.error.is_none() {
            if let Err(e) = self.out.flush() {
                self.error = Some(e);
            }
        }
        match self.error {
            None => crate::output::Written::Complete,
            Some(e) if e.kind() == io::ErrorKind::BrokenPipe => crate::output::Written::PipeClosed,
            Some(e) => crate::output::Written::Failed(e),
        }
    }
}

/// The format's frame: what opens the report, each file's array separator, what closes it.
enum Frame {
    Plain,
    Json(ArrayWriter),
    Sarif(ArrayWriter),
}

impl Delivery<'_> {
    fn renders(&self) -> bool {
        self.write_baseline.is_none() && !self.statistics
    }

    fn frame(&self) -> Frame {
        if !self.renders() {
            return Frame::Plain;
        }
        match self.format {
            Format::Json => Frame::Json(report::json::diagnostics_array()),
            Format::Sarif => Frame::Sarif(report::sarif::results_array()),
            _ => Frame::Plain,
        }
    }

    /// Checks and reports every item (sorted by name), writing to standard output.
    #[allow(clippy::too_many_arguments)]
    pub fn run(
        &self,
        items: Vec<(String, Item)>,
        workspace: &Workspace,
        roster: Option<RosterRun>,
        rules: &RuleSet,
        skipped: std::collections::BTreeMap<&'static str, usize>,
        mut path_errors: Vec<PathError>,
    ) -> Delivered {
        // An embedded flow that is also checked directly is reported under the name it was
        // given on the command line, whichever thread reaches it first.
        let named: Vec<PathBuf> = items
            .iter()
            .filter_map(|(_, item)| match item {
                Item::Disk(path) => Some(path.clone()),
                _ => None,
            })
            .collect();
        workspace.name_files(&named);
        drop(named);
        let human = report::human::Renderer::new(self.color);
        let stdout = io::stdout().lock();
        let mut sink = Sink {
            out: io::BufWriter::with_capacity(1 << 16, stdout),
            error: None,
        };
        let mut frame = self.frame();
        match frame {
            Frame::Json(_) => sink.write(&report::json::head()),
            Frame::Sarif(_) => sink.write(&report::sarif::head()),
            Frame::Plain => {}
        }
        // Once nothing more can be written, files are still checked (for the exit code) but no
        // longer rendered.
        let discard = AtomicBool::new(false);
        let mut delivered = Delivered {
            totals: Totals {
                skipped,
                ..Totals::default()
            },
            path_errors: Vec::new(),
            internal_errors: Vec::new(),
            filtered: Filtered::default(),
            baseline_entries: Vec::new(),
            step_summary: StepSummary::default(),
            rule_counts: RuleCounts::default(),
            written: crate::output::Written::Complete,
        };
        let mut annotations = String::new();
        let mut emit = |part: Part, sink: &mut Sink<_>, frame: &mut Frame, d: &mut Delivered| {
            match frame {
                Frame::Json(array) | Frame::Sarif(array) => {
                    sink.write(array.before(&part.text));
                    sink.write(&part.text);
                }
                Frame::Plain => sink.write(&part.text),
            }
            annotations.push_str(&part.annotations);
            d.totals.files += part.totals.files;
            d.totals.errors += part.totals.errors;
            d.totals.warnings += part.totals.warnings;
            d.filtered.hidden += part.filtered.hidden;
            d.filtered.fixed += part.filtered.fixed;
            d.internal_errors.extend(part.internal_errors);
            d.baseline_entries.extend(part.baseline_entries);
            d.step_summary.merge(part.step_summary);
            d.rule_counts.merge(part.rule_counts);
        };

        let mut reported: HashSet<FileId> = HashSet::new();
        let mut from_streams: Vec<Finding> = Vec::new();
        let mut later: Vec<(String, Later)> = Vec::new();
        let mut holding = false;
        let mut stdin_error = None;
        for chunk in items.chunks(CHUNK) {
            let outcomes: Vec<Outcome> = chunk
                .par_iter()
                .map(|(name, item)| {
                    self.process(
                        name,
                        item,
                        workspace,
                        roster.as_ref(),
                        rules,
                        &human,
                        &discard,
                    )
                })
                .collect();
            for ((name, item), outcome) in chunk.iter().zip(outcomes) {
                match outcome {
                    Outcome::Unreadable(e) if matches!(item, Item::Stdin(_)) => {
                        stdin_error = Some(e);
                    }
                    Outcome::Unreadable(e) => path_errors.push(e),
                    Outcome::Final(part, foreign) => {
                        from_streams.extend(foreign);
                        reported.extend(part.id);
                        if holding {
                            later.push((name.clone(), Later::Part(part)));
                        } else {
                            emit(*part, &mut sink, &mut frame, &mut delivered);
                        }
                    }
                    Outcome::Held(result) => {
                        holding = true;
                        later.push((name.clone(), Later::Flow(result)));
                    }
                    Outcome::RosterSlot => {
                        holding = true;
                        later.push((name.clone(), Later::Roster));
                    }
                }
            }
            if sink.closed() {
                discard.store(true, Ordering::Relaxed);
            }
            if sink.failed() {
                break;
            }
        }
        path_errors.extend(stdin_error);

        // The files final only now: flows (with the findings the streams found in them), the
        // flow files reached without being named, the roster.
        let mut rest: Vec<FileResult> = Vec::new();
        let mut parts: Vec<(String, Later)> = Vec::new();
        for (name, l) in later {
            match l {
                Later::Flow(result) => rest.push(result),
                Later::Roster => {}
                part => parts.push((name, part)),
            }
        }
        if !sink.failed() {
            check::settle_flows_with(
                workspace,
                &mut rest,
                from_streams,
                &reported,
                roster.as_ref(),
                rules,
            );
            if let Some(run) = roster {
                rest.push(run.finish(rules));
            }
            let finished: Vec<Part> = rest
                .into_par_iter()
                .map(|result| self.finish(result, false, &human, &discard))
                .collect();
            parts.extend(
                finished
                    .into_iter()
                    .map(|p| (p.name.clone(), Later::Part(Box::new(p)))),
            );
            // Stable: the held parts keep their order, the others find their place by name.
            parts.sort_by(|a, b| a.0.cmp(&b.0));
            for (_, l) in parts {
                if let Later::Part(part) = l {
                    emit(*part, &mut sink, &mut frame, &mut delivered);
                }
            }
        }

        if self.write_baseline.is_none() {
            for e in &mut path_errors {
                e.path = report::escape::escape(&e.path).into_owned();
                e.message = report::escape::escape(&e.message).into_owned();
            }
        }
        delivered.path_errors = path_errors;
        let nothing_checked = delivered.totals.files == 0 && !delivered.path_errors.is_empty();
        let quiet = self.quiet || nothing_checked;
        if self.write_baseline.is_none() {
            let totals = &delivered.totals;
            let closing = if self.statistics {
                let counts = &delivered.rule_counts;
                if self.format == Format::Json {
                    report::statistics::render_json(counts, totals)
                } else {
                    let mut s = report::statistics::render_table(counts);
                    if !quiet {
                        s.push_str(&report::summary_line(totals));
                        s.push('\n');
                    }
                    s
                }
            } else {
                match &frame {
                    Frame::Json(array) => array.close() + &report::json::tail(totals),
                    Frame::Sarif(array) => {
                        array.close() + &report::sarif::tail(&delivered.path_errors)
                    }
                    Frame::Plain => match self.format {
                        Format::Human if !quiet => human.summary(totals),
                        Format::Short if !quiet => {
                            format!("{}\n", report::summary_line(totals))
                        }
                        _ => String::new(),
                    },
                }
            };
            sink.write(&closing);
            sink.write(&annotations);
        }
        delivered.written = sink.finish();
        delivered
    }

    /// Checks one item and, when it is final, renders it.
    #[allow(clippy::too_many_arguments)]
    fn process(
        &self,
        name: &str,
        item: &Item,
        workspace: &Workspace,
        roster: Option<&RosterRun>,
        rules: &RuleSet,
        human: &report::human::Renderer,
        discard: &AtomicBool,
    ) -> Outcome {
        let loaded = match item {
            Item::Roster => return Outcome::RosterSlot,
            Item::Config(result) => {
                let result = take(result).expect("each item is processed once");
                return Outcome::Final(
                    Box::new(self.finish(result, true, human, discard)),
                    Vec::new(),
                );
            }
            Item::Stdin(bytes) => {
                let bytes = take(bytes).unwrap_or_default();
                crate::isolate::catch(|| workspace.load_bytes(name, bytes)).map(Ok)
            }
            // A panic while reading one file (a bug) is that file's `internal-error` finding
            // (a panic while checking it, `check_loaded`'s); the other files are still checked.
            Item::Disk(path) => crate::isolate::catch(|| workspace.load(path, name)),
        };
        let loaded = match loaded {
            Ok(Ok(loaded)) => loaded,
            Ok(Err(message)) => {
                return Outcome::Unreadable(PathError {
                    path: name.to_string(),
                    message,
                })
            }
            Err(panic) => {
                let result = check::internal_error(SourceFile::new(name, ""), &panic);
                return Outcome::Final(
                    Box::new(self.finish(result, false, human, discard)),
                    Vec::new(),
                );
            }
        };
        let mut result = check::check_loaded(workspace, &loaded, roster, rules);
        if loaded.is_flow() {
            return Outcome::Held(result);
        }
        let foreign = check::take_foreign(&mut result);
        workspace.release_dialogue(&loaded);
        drop(loaded);
        Outcome::Final(
            Box::new(self.finish(result, false, human, discard)),
            foreign,
        )
    }

    /// A final file: policy (unless `levels_only`: the config file's own findings had their
    /// levels applied already), baseline, escaping, then its part in the chosen format. The
    /// file is dropped here.
    fn finish(
        &self,
        mut file: FileResult,
        levels_only: bool,
        human: &report::human::Renderer,
        discard: &AtomicBool,
    ) -> Part {
        if !levels_only {
            if let Err(panic) = crate::isolate::catch(|| self.policy.apply_file(&mut file)) {
                let source = Arc::clone(&file.source);
                file = check::internal_error(source, &panic);
            }
        }
        let mut part = Part {
            name: file.source.name.clone(),
            id: Some(file.source.id),
            ..Part::default()
        };
        if check::failed_internally(&file) {
            for f in &file.findings {
                if f.rule == crate::rules::internal_error::RULE.name {
                    part.internal_errors
                        .push(format!("{}: {}", file.source.name, f.message));
                }
            }
        }
        if let Some(path) = self.write_baseline {
            part.totals.add_file(&file);
            part.baseline_entries = baseline::file_entries(&file, path);
            return part;
        }
        if let Some(baseline) = self.baseline {
            part.filtered = baseline.filter_file(&mut file, |rule| self.policy.reports(rule));
        }
        report::escape::file(&mut file, self.format != Format::Sarif);
        part.totals.add_file(&file);
        let discarded = discard.load(Ordering::Relaxed);
        // Inside GitHub Actions the annotations and the step summary come with any report,
        // the statistics table too.
        if self.in_github {
            part.step_summary.add_file(&file);
            if !discarded {
                part.annotations = report::github::render_file(&file);
            }
        }
        if self.statistics {
            part.rule_counts.add_file(&file);
            return part;
        }
        if discarded {
            return part;
        }
        part.text = match self.format {
            Format::Human => human.file(&file),
            Format::Short => report::short::render_file(&file),
            Format::Json => report::json::file_items(&file),
            Format::Sarif => report::sarif::file_items(&file),
            Format::Github => report::github::render_file(&file),
        };
        part
    }
}

fn take<T>(slot: &Mutex<Option<T>>) -> Option<T> {
    slot.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .take()
}
