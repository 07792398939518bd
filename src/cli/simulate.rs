//! `streamlint simulate STREAM`: reads the stream, roster and visitors files, runs the pure
//! simulation, prints the report. Exit codes: 1 for an invalid stream or visitors file, a visitor
//! error or a failed expectation; 2 for bad flags, missing files and an invalid roster.

use std::path::{Path, PathBuf};

use clap::ValueEnum;
use jiff::Timestamp;

use crate::check;
use crate::config;
use crate::finding::Finding;
use crate::flows::Workspace;
use crate::graph::Graph;
use crate::model::visitors::{Visitor, Visitors};
use crate::model::Roster;
use crate::parse;
use crate::parse::visitors::{PackedVisitors, Piece, SeenIds, VisitorItems};
use crate::report::simulate as render;
use crate::route::simulate::{self as sim, Options};

use super::load;
use super::say;
use super::{EXIT_FINDINGS, EXIT_OK, EXIT_TROUBLE};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SimulateFormat {
    Human,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct SimulateArgs {
    /// The stream file to simulate.
    pub stream: PathBuf,
    /// The roster (agents, teams, fallback). Default: the config file's `roster:`.
    #[arg(long, value_name = "FILE")]
    pub roster: Option<PathBuf>,
    /// Simulate these visitors one after another instead of listing path classes.
    #[arg(long, value_name = "FILE")]
    pub visitors: Option<PathBuf>,
    /// The moment of the simulation (RFC 3339, e.g. 2026-11-25T10:00:00Z), for schedules.
    #[arg(long, value_name = "TIME", value_parser = parse_at)]
    pub at: Option<Timestamp>,
    /// An attribute every path class or visitor has (repeatable).
    #[arg(long = "visitor", value_name = "KEY=VALUE", value_parser = parse_attribute)]
    pub visitor: Vec<(String, String)>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SimulateFormat::Human)]
    pub format: SimulateFormat,
    /// Path classes listed (the summary counts them all); at most 10000.
    #[arg(long, value_name = "N", default_value_t = 100, value_parser = parse_limit)]
    pub limit: usize,
    /// Say why: each condition and rule tried, each agent skipped and the reason.
    #[arg(long)]
    pub explain: bool,
    /// After the visitors, report what they exercised: path classes, cards, answers, routing
    /// decisions, and what is not covered with an example visitor.
    #[arg(long, requires = "visitors")]
    pub coverage: bool,
    /// Exit 1 when path coverage is below PERCENT (or KIND=PERCENT, KIND one of paths, cards,
    /// answers, decisions; repeatable). Implies --coverage.
    #[arg(long, value_name = "[KIND=]PERCENT", requires = "visitors", value_parser = super::testing::parse_min_coverage)]
    pub min_coverage: Vec<(crate::route::coverage::Kind, f64)>,
    /// Also write the visitors' results as a JUnit XML report to FILE.
    #[arg(long, value_name = "FILE", requires = "visitors")]
    pub junit: Option<PathBuf>,
    /// Write a visitors file with one visitor per path class (up to --limit), expecting today's
    /// outcomes.
    #[arg(long, value_name = "FILE", conflicts_with = "visitors")]
    pub write_visitors: Option<PathBuf>,
    /// Rewrite the `expect` of the visitors whose expectation no longer holds (or who have
    /// none) to today's outcome, keeping everything else of the file; prints what changed.
    #[arg(long, requires = "visitors")]
    pub update: bool,
}

fn parse_at(text: &str) -> Result<Timestamp, String> {
    text.parse::<Timestamp>().map_err(|e| {
        format!("expected an RFC 3339 time with an offset, e.g. 2026-11-25T10:00:00Z ({e})")
    })
}

/// The most path classes `--limit` lists (the count is never bounded). Classes are written one
/// at a time as they are walked, so memory does not depend on it; the bound keeps a report
/// readable and its time short.
pub const MAX_LIMIT: usize = 10_000;

fn parse_limit(text: &str) -> Result<usize, String> {
    let n: usize = text
        .parse()
        .map_err(|_| format!("expected a whole number from 0 to {MAX_LIMIT}"))?;
    if n > MAX_LIMIT {
        return Err(format!(
            "at most {MAX_LIMIT} path classes are listed (the summary counts them all)"
        ));
    }
    Ok(n)
}

fn parse_attribute(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
        _ => Err("expected KEY=VALUE, e.g. inferred_state=CA".to_string()),
    }
}

pub fn run(args: &SimulateArgs, config: Option<&Path>, color: bool, quiet: bool) -> i32 {
    // A report or recording is never written over a file the run reads (`--update` rewrites
    // the visitors file on purpose), nor over what is not a regular file: checked at once with
    // what is named, and again below once the roster, the config and the flows are known.
    let targets: Vec<(&PathBuf, &str)> = [
        args.junit.as_ref().map(|p| (p, "the JUnit report")),
        args.write_visitors.as_ref().map(|p| (p, "the visitors")),
    ]
    .into_iter()
    .flatten()
    .collect();
    let mut inputs: Vec<&Path> = vec![&args.stream];
    inputs.extend(args.roster.as_deref());
    inputs.extend(args.visitors.as_deref());
    inputs.extend(config);
    if let Err(code) = checked_targets(&targets, &inputs) {
        return code;
    }
    let mut config_path = None;
    let roster_path = match &args.roster {
        Some(path) => path.clone(),
        None => match config::resolve(config) {
            Ok(config) => match config.roster_path() {
                Some(path) => {
                    config_path = config.path.clone();
                    path
                }
                None => {
                    eprintln!(
                        "error: simulate needs a roster: pass --roster FILE or set `roster:` in .streamlint.yaml"
                    );
                    return EXIT_TROUBLE;
                }
            },
            Err(e) => return super::report_config_error(e, color),
        },
    };
    let roster = match load::roster(&roster_path, color) {
        Ok(run) => run.roster,
        Err(code) => return code,
    };
    // The stream with its flows spliced in: each file read once, through the same table as
    // `check`.
    let workspace = Workspace::new(None);
    let loaded = match load::stream_with_flows(&workspace, &args.stream, color) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let Some(stream) = loaded.stream.as_ref() else {
        return EXIT_TROUBLE; // stream_with_flows returns valid streams only
    };
    let shown = loaded.source.name.as_str();
    let flows = workspace.flows_of(&loaded);
    let graph = Graph::build_with_flows(stream, loaded.id(), &loaded.source.name, &flows);
    let problems = check::flow_problems(&loaded, stream, &graph, &flows);
    if !problems.is_empty() {
        let result = check::group_by_file(&workspace, problems);
        eprint!("{}", crate::report::human::render(&result, color, true));
        say!("error: the flows {shown} embeds cannot all be spliced in");
        return EXIT_FINDINGS;
    }
    let read = workspace.all();
    inputs.push(&roster_path);
    inputs.extend(config_path.as_deref());
    inputs.extend(read.iter().filter_map(|l| l.path.as_deref()));
    let (junit, write_visitors) = match checked_targets(&targets, &inputs) {
        Ok(real) => {
            let mut real = real.into_iter();
            let junit = args.junit.as_ref().and_then(|_| real.next());
            (
                junit,
                args.write_visitors.as_ref().and_then(|_| real.next()),
            )
        }
        Err(code) => return code,
    };
    let opts = Options {
        at: args.at,
        attributes: args.visitor.clone(),
        limit: args.limit,
        explain: args.explain,
    };
    if let Some(path) = &args.visitors {
        let list = match read_visitors(path, &graph, &roster, color) {
            Ok(list) => list,
            Err(code) => return code,
        };
        return play_visitors(
            args,
            path,
            junit.as_ref(),
            &list,
            &graph,
            &roster,
            &opts,
            &stream.name.value,
            color,
            quiet,
        );
    }
    if let Some(path) = &write_visitors {
        return super::testing::write_visitors(path, &args.stream, &graph, &roster, &opts, false);
    }
    let counted = match sim::count_classes(&graph, &roster, &opts) {
        Ok(c) => c,
        Err(sim::TooManyClasses) => {
            say!(
                "error: {} has more than 2^128 path classes; streamlint cannot count them exactly",
                check::display_path(&args.stream)
            );
            return EXIT_TROUBLE;
        }
    };
    let name = &stream.name.value;
    let mut sink = Sink::stdout();
    match args.format {
        SimulateFormat::Json => render::json_classes(
            name,
            counted.total,
            counted.outcomes,
            args.explain,
            |each| counted.list(args.limit, each),
            &mut |text| sink.write(text),
        ),
        SimulateFormat::Human => {
            let names = render::Names::new(&graph, &roster);
            let mut part = String::new();
            render::human_classes_head(&mut part, name, counted.total, &counted.outcomes);
            if !quiet {
                part.push('\n');
                let mut shown = 0;
                counted.list(args.limit, |walk, outcome| {
                    shown += 1;
                    render::human_class(&mut part, shown, walk, outcome, args.explain, &names);
                    sink.write_part(&mut part)
                });
                render::human_classes_end(&mut part, shown as u128, counted.total);
            }
            sink.write(&part);
        }
    }
    sink.finish(EXIT_OK)
}

/// Standard output, written in parts as a report is produced (buffered). After a failed write
/// nothing more is written; [`Sink::finish`] turns the failure into the exit code as
/// [`crate::output`] does (a closed pipe ends quietly, anything else is exit 2).
struct Sink {
    out: std::io::BufWriter<std::io::StdoutLock<'static>>,
    failed: Option<std::io::Error>,
}

impl Sink {
    fn stdout() -> Sink {
        Sink {
            out: std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock()),
            failed: None,
        }
    }

    /// Writes `text`; false once writing has failed.
    fn write(&mut self, text: &str) -> bool {
        use std::io::Write;
        if self.failed.is_some() {
            return false;
        }
        if let Err(e) = self.out.write_all(text.as_bytes()) {
            self.failed = Some(e);
            return false;
        }
        true
    }

    /// Writes a part built in `part` and empties it for the next.
    fn write_part(&mut self, part: &mut String) -> bool {
        let open = self.write(part);
        part.clear();
        open
    }

    fn finish(mut self, code: i32) -> i32 {
        use crate::output::Written;
        use std::io::Write;
        if self.failed.is_none() {
            if let Err(e) = self.out.flush() {
                self.failed = Some(e);
            }
        }
        let written = match self.failed {
            None => Written::Complete,
            Some(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Written::PipeClosed,
            Some(e) => Written::Failed(e),
        };
        written.exit_code(code)
    }
}

/// A valid visitors file, ready to be played one visitor at a time.
struct VisitorList {
    source: crate::source::SourceFile,
    kind: ListKind,
    /// A stale-test finding at error level was printed.
    stale_errors: bool,
}

enum ListKind {
    /// Read one visitor at a time from the file's text.
    Items(VisitorItems),
    /// Lowered once by the validation pass, kept packed.
    Packed(PackedVisitors),
    /// A file of a shape that cannot be split, read whole.
    Whole(Visitors),
}

impl VisitorList {
    /// Hands each visitor to `each`, in file order.
    fn each(&self, mut each: impl FnMut(&Visitor)) {
        match &self.kind {
            ListKind::Items(items) => {
                items.each_piece(&self.source, |_, piece| {
                    // Validated already: every piece gives its visitor.
                    if let Piece::Visitor(v) = piece {
                        each(&v);
                    }
                    true
                });
            }
            ListKind::Packed(packed) => {
                for i in 0..packed.len() {
                    if let Some(v) = packed.get(&self.source, i) {
                        each(&v);
                    }
                }
            }
            ListKind::Whole(list) => list.visitors.iter().for_each(each),
        }
    }
}

/// Reads and validates the whole visitors file before anything is simulated (an invalid file
/// is exit 1 with its findings), and prints its stale-test findings. Keeps no visitor: what
/// uniqueness needs (ids, and hashes for `duplicate-visitor`) and the findings only.
fn read_visitors(
    path: &Path,
    graph: &Graph,
    roster: &Roster,
    color: bool,
) -> Result<VisitorList, i32> {
    let name = check::display_path(path);
    let bytes = crate::read::read_file(path).map_err(|e| {
        say!("error: {name}: {}", check::io_message(&e));
        EXIT_TROUBLE
    })?;
    let (source, finding) = parse::decode(&name, bytes);
    if let Some(f) = finding {
        return Err(invalid(source, vec![f], color));
    }
    if let Some(items) = VisitorItems::split(&source) {
        match validate_items(&source, &items, graph, roster) {
            Validated::Valid(stale, packed) => {
                let stale_errors = super::testing::print_stale_tests(&source, stale, color);
                let kind = match packed {
                    Some(packed) => ListKind::Packed(packed),
                    None => ListKind::Items(items),
                };
                return Ok(VisitorList {
                    source,
                    kind,
                    stale_errors,
                });
            }
            Validated::Invalid(findings) => return Err(invalid(source, findings, color)),
            Validated::Unsplittable => {}
        }
    }
    let parsed = parse::parse_visitors(&source);
    match parsed.model {
        Some(list) => {
            let stale_errors = super::testing::stale_tests(&source, &list, graph, roster, color);
            Ok(VisitorList {
                source,
                kind: ListKind::Whole(list),
                stale_errors,
            })
        }
        None => {
            let mut findings = parsed.findings;
            crate::rules::dedup(&mut findings);
            Err(invalid(source, findings, color))
        }
    }
}

/// Prints an invalid visitors file's findings; the exit code.
fn invalid(source: crate::source::SourceFile, findings: Vec<Finding>, color: bool) -> i32 {
    let name = source.name.clone();
    let result = check::CheckResult {
        files: vec![check::FileResult::new(source, findings)],
        path_errors: Vec::new(),
    };
    eprint!("{}", crate::report::human::render(&result, color, true));
    say!("error: {name} is not a valid visitors file");
    EXIT_FINDINGS
}

enum Validated {
    /// Valid, with its stale-test findings and its visitors packed (unless one did not fit).
    Valid(Vec<Finding>, Option<PackedVisitors>),
    Invalid(Vec<Finding>),
    Unsplittable,
}

/// Lowers every visitor of a split file once: its `schema` findings, unique ids, and (when all
/// is valid) the stale tests of the spec's testing.md, visitor by visitor.
fn validate_items(
    source: &crate::source::SourceFile,
    items: &VisitorItems,
    graph: &Graph,
    roster: &Roster,
) -> Validated {
    use crate::rules::{duplicate_visitor, expect_not_in_roster, unread_visitor_attribute};
    let mut cap = crate::cap::Cap::default();
    let mut findings = Vec::new();
    let mut stale_cap = crate::cap::Cap::default();
    let mut stale = Vec::new();
    let mut ids = SeenIds::default();
    let mut same = duplicate_visitor::Seen::default();
    let read = unread_visitor_attribute::read_by(graph, roster);
    let mut unsplittable = false;
    let mut packed = Some(PackedVisitors::default());
    items.each_piece(source, |i, piece| {
        let v = match piece {
            Piece::Unsplittable => {
                unsplittable = true;
                return false;
            }
            Piece::Invalid(found) => {
                findings.extend(found.into_iter().filter(|f| cap.admit(f)));
                return true;
            }
            Piece::Visitor(v) => v,
        };
        if let Some(f) = ids.check(&v.id) {
            if cap.admit(&f) {
                findings.push(f);
            }
        }
        if !findings.is_empty() {
            return true; // stale tests are for valid files only
        }
        let mut found = Vec::new();
        unread_visitor_attribute::check_visitor(&v, &read, &mut found);
        let earlier = |j| match items.lower(source, j) {
            Piece::Visitor(e) => Some(*e),
            _ => None,
        };
        if let Some(first) = same.earlier_same(i, &v, earlier).and_then(earlier) {
            found.push(duplicate_visitor::finding(&v, &first));
        }
        if packed.as_mut().is_some_and(|p| !p.push(&v)) {
            packed = None;
        }
        let one = Visitors { visitors: vec![*v] };
        expect_not_in_roster::check_visitors(&one, roster, &mut found);
        stale.extend(found.into_iter().filter(|f| stale_cap.admit(f)));
        true
    });
    if unsplittable {
        return Validated::Unsplittable;
    }
    if findings.is_empty() {
        stale.extend(stale_cap.summaries());
        Validated::Valid(stale, packed)
    } else {
        findings.extend(cap.summaries());
        Validated::Invalid(findings)
    }
}

/// `--visitors`: plays the visitors one at a time, writing each one's part of the report as
/// it comes and counting the summary along the way; `--junit` and `--coverage` keep what they
/// need as it goes, `--update` the edits to make.
#[allow(clippy::too_many_arguments)]
fn play_visitors(
    args: &SimulateArgs,
    path: &Path,
    junit: Option<&PathBuf>,
    list: &VisitorList,
    graph: &Graph,
    roster: &Roster,
    opts: &Options,
    name: &str,
    color: bool,
    quiet: bool,
) -> i32 {
    let mut player = sim::VisitorPlayer::new(graph, roster, opts);
    if args.update {
        let mut update = super::testing::Update::default();
        list.each(|v| {
            let run = player.play(v);
            update.add(&list.source, v, &run);
        });
        return update.finish(path, &list.source, false);
    }
    let asked = super::testing::Asked {
        stream_path: &args.stream,
        coverage: args.coverage,
        min_coverage: &args.min_coverage,
        junit,
        json: args.format == SimulateFormat::Json,
    };
    let mut kept = super::testing::Kept::new(&asked, graph, roster, opts);
    let names = render::Names::new(graph, roster);
    let json = args.format == SimulateFormat::Json;
    let mut report = render::VisitorReport::new(name, json, args.explain, color, quiet, &names);
    let mut sink = Sink::stdout();
    let mut part = report.start();
    let mut failed = false;
    list.each(|v| {
        let run = player.play(v);
        failed |= run.failed();
        report.visitor(&mut part, &run);
        kept.add(&run);
        // A closed pipe stops the writing, not the run: the JUnit report and the exit code
        // still cover every visitor.
        if part.len() >= 1 << 14 {
            sink.write_part(&mut part);
        }
    });
    let mut tail = String::new();
    report.end(&mut tail);
    let overridden =
        super::testing::after_visitors(&asked, graph, roster, opts, name, kept, &mut tail);
    part.push_str(&tail);
    sink.write(&part);
    let code = if overridden == Some(EXIT_TROUBLE) {
        EXIT_TROUBLE
    } else if overridden == Some(EXIT_FINDINGS) || failed || list.stale_errors {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    };
    sink.finish(code)
}

/// The files to write, each checked ([`crate::atomic::checked_target`]): the paths to write
/// (after links), in order, or exit 2 with the refusal said.
fn checked_targets(targets: &[(&PathBuf, &str)], inputs: &[&Path]) -> Result<Vec<PathBuf>, i32> {
    targets
        .iter()
        .map(|(target, what)| {
            crate::atomic::checked_target(target, inputs, what).map_err(|refusal| {
                say!("error: {refusal}");
                EXIT_TROUBLE
            })
        })
        .collect()
}
