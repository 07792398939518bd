//! `streamlint graph STREAM`: the picture of one stream (Mermaid, DOT or SVG) on standard output,
//! its cards marked with the findings `check` reports for the file (routing findings too when a
//! roster is given or configured). Exit codes as `check`: 1 when a finding is at error level
//! (the picture is printed all the same), 1 for a file that is not a valid stream, 2 when the
//! tool cannot do its job.

use std::path::{Path, PathBuf};

use clap::ValueEnum;

use crate::check::{self, CheckResult};
use crate::config;
use crate::finding::Severity;
use crate::graph::Graph;
use crate::parse;
use crate::policy::Policy;
use crate::render::{dot, mermaid, svg, Picture};

use super::load::{self, load};
use super::{EXIT_FINDINGS, EXIT_OK, EXIT_TROUBLE};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// A Mermaid flowchart (GitHub renders it in Markdown).
    Mermaid,
    /// Graphviz DOT (`dot -Tsvg`).
    Dot,
    /// A standalone SVG drawn by streamlint (no Graphviz needed).
    Svg,
}

#[derive(Debug, clap::Args)]
pub struct GraphArgs {
    /// The stream (or flow) file to draw.
    pub stream: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
    pub format: GraphFormat,
    /// The roster: routing findings are marked too. Default: the config file's `roster:`.
    #[arg(long, value_name = "FILE")]
    pub roster: Option<PathBuf>,
}

pub fn run(args: &GraphArgs, config: Option<&Path>, color: bool) -> i32 {
    let config = match config::resolve(config) {
        Ok(config) => config,
        Err(e) => return super::report_config_error(e, color),
    };
    let policy = match Policy::new(&config, &[], &[], false) {
        Ok(policy) => policy,
        Err(e) => {
            eprintln!("error: {}", e.message);
            return EXIT_TROUBLE;
        }
    };
    let roster = match args.roster.clone().or_else(|| config.roster_path()) {
        Some(path) => match load::roster(&path, color) {
            Ok(run) => Some(run),
            Err(code) => return code,
        },
        None => None,
    };
    let (source, stream) = match load(
        &args.stream,
        "stream",
        parse::parse_stream,
        color,
        EXIT_FINDINGS,
    ) {
        Ok(x) => x,
        Err(code) => return code,
    };
    // The findings `check` would report for this file, after suppressions and config levels.
    let mut result = CheckResult {
        files: vec![check::check_source_with(source, roster.as_ref())],
        path_errors: Vec::new(),
    };
    policy.apply(&mut result);
    let findings = &result.files[0].findings;
    let graph = Graph::build(&stream);
    let picture = Picture::build(&graph, findings);
    let out = match args.format {
        GraphFormat::Mermaid => mermaid::render(&picture),
        GraphFormat::Dot => dot::render(&picture),
        GraphFormat::Svg => svg::render(&picture, findings),
    };
    print!("{out}");
    if args.format == GraphFormat::Mermaid && picture.edges.len() > mermaid::MAX_EDGES {
        eprintln!(
            "warning: {} edges: Mermaid with its default settings refuses charts of more than {} edges; `--format svg` draws any size",
            picture.edges.len(),
            mermaid::MAX_EDGES
        );
    }
    if findings.iter().any(|f| f.severity == Severity::Error) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}
