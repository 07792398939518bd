//! `streamlint simulate STREAM`: reads the stream, roster and visitors files, runs the pure
//! simulation, prints the report. Exit codes: 1 for an invalid stream or visitors file, a visitor
//! error or a failed expectation; 2 for bad flags, missing files and an invalid roster.

use std::path::{Path, PathBuf};

use clap::ValueEnum;
use jiff::Timestamp;

use crate::check;
use crate::config;
use crate::flows::Workspace;
use crate::graph::Graph;
use crate::parse;
use crate::report::simulate::{self as render, Simulation};
use crate::route::simulate::{self as sim, Options};

use super::load::{self, load};
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

/// The most path classes `--limit` lists: each listed class is held with its path and
/// explanation until the report is printed, so the listing is bounded (the count never is).
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
    let visitors = match &args.visitors {
        None => None,
        Some(path) => match load(
            path,
            "visitors",
            parse::parse_visitors,
            color,
            EXIT_FINDINGS,
        ) {
            Ok((source, v)) => Some((source, v)),
            Err(code) => return code,
        },
    };
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
    // Stale tests: findings in the visitors file, before the run.
    let stale_errors = match &visitors {
        Some((source, v)) => super::testing::stale_tests(source, v, &graph, &roster, color),
        None => false,
    };
    let visitors_source = visitors.as_ref().map(|(source, _)| source.clone());
    let visitors = visitors.map(|(_, v)| v);
    let opts = Options {
        at: args.at,
        attributes: args.visitor.clone(),
        limit: args.limit,
        explain: args.explain,
    };
    if let Some(path) = &write_visitors {
        return super::testing::write_visitors(path, &args.stream, &graph, &roster, &opts, false);
    }
    let simulation = match &visitors {
        Some(v) => Simulation::Visitors(sim::visitors(&graph, &roster, v, &opts)),
        None => match sim::path_classes(&graph, &roster, &opts) {
            Ok(c) => Simulation::Classes(c),
            Err(sim::TooManyClasses) => {
                say!(
                    "error: {} has more than 2^128 path classes; streamlint cannot count them exactly",
                    check::display_path(&args.stream)
                );
                return EXIT_TROUBLE;
            }
        },
    };
    if let (true, Some(path), Some(source), Some(list), Simulation::Visitors(runs)) = (
        args.update,
        &args.visitors,
        &visitors_source,
        &visitors,
        &simulation,
    ) {
        return super::testing::update_visitors(path, source, list, runs, false);
    }
    let name = &stream.name.value;
    let mut out = match args.format {
        SimulateFormat::Human => render::human(
            name,
            &simulation,
            args.explain,
            color,
            quiet,
            &render::Names::new(&graph, &roster),
        ),
        SimulateFormat::Json => render::json(name, &simulation, args.explain),
    };
    let asked = super::testing::Asked {
        stream_path: &args.stream,
        coverage: args.coverage,
        min_coverage: &args.min_coverage,
        junit: junit.as_ref(),
        json: args.format == SimulateFormat::Json,
    };
    let overridden =
        super::testing::after_visitors(&asked, &graph, &roster, &opts, name, &simulation, &mut out);
    let failed =
        matches!(&simulation, Simulation::Visitors(runs) if runs.iter().any(|r| r.failed()));
    let code = if overridden == Some(EXIT_TROUBLE) {
        EXIT_TROUBLE
    } else if overridden == Some(EXIT_FINDINGS) || failed || stale_errors {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    };
    let out = crate::report::escape::report_text(&out, color);
    crate::output::print(&out).exit_code(code)
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
