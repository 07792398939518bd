//! `streamlint simulate STREAM`: reads the stream, roster and visitors files, runs the pure
//! simulation, prints the report. Exit codes: 1 for an invalid stream or visitors file, a visitor
//! error or a failed expectation; 2 for bad flags, missing files and an invalid roster.

use std::path::{Path, PathBuf};

use clap::ValueEnum;
use jiff::Timestamp;

use crate::check;
use crate::config;
use crate::graph::Graph;
use crate::parse;
use crate::report::simulate::{self as render, Simulation};
use crate::route::simulate::{self as sim, Options};

use super::load::{self, load};
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

pub fn run(args: &SimulateArgs, config: Option<&Path>, color: bool) -> i32 {
    let roster_path = match &args.roster {
        Some(path) => path.clone(),
        None => match config::resolve(config) {
            Ok(config) => match config.roster_path() {
                Some(path) => path,
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
    let (_, stream) = match load(
        &args.stream,
        "stream",
        parse::parse_stream,
        color,
        EXIT_FINDINGS,
    ) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let visitors = match &args.visitors {
        None => None,
        Some(path) => match load(
            path,
            "visitors",
            parse::parse_visitors,
            color,
            EXIT_FINDINGS,
        ) {
            Ok((_, v)) => Some(v),
            Err(code) => return code,
        },
    };
    let opts = Options {
        at: args.at,
        attributes: args.visitor.clone(),
        limit: args.limit,
        explain: args.explain,
    };
    let graph = Graph::build(&stream);
    let simulation = match &visitors {
        Some(v) => Simulation::Visitors(sim::visitors(&graph, &roster, v, &opts)),
        None => match sim::path_classes(&graph, &roster, &opts) {
            Ok(c) => Simulation::Classes(c),
            Err(sim::TooManyClasses) => {
                eprintln!(
                    "error: {} has more than 2^128 path classes; streamlint cannot count them exactly",
                    check::display_path(&args.stream)
                );
                return EXIT_TROUBLE;
            }
        },
    };
    let name = &stream.name.value;
    let out = match args.format {
        SimulateFormat::Human => render::human(name, &simulation, args.explain, color),
        SimulateFormat::Json => render::json(name, &simulation, args.explain),
    };
    let code = match &simulation {
        Simulation::Visitors(runs) if runs.iter().any(|r| r.failed()) => EXIT_FINDINGS,
        _ => EXIT_OK,
    };
    let out = crate::report::escape::report_text(&out, color);
    crate::output::print(&out).exit_code(code)
}
