//! `streamlint graph STREAM`: the picture of one stream (Mermaid, DOT or SVG) on standard output,
//! its cards marked with the findings `check` reports for the file (routing findings too when a
//! roster is given or configured). Exit codes as `check`: 1 when a finding is at error level
//! (the picture is printed all the same), 1 for a file that is not a valid stream, 2 when the
//! tool cannot do its job.

use std::path::{Path, PathBuf};

use clap::ValueEnum;

use crate::check::{self, CheckResult};
use crate::config;
use crate::finding::{Finding, Severity};
use crate::flows::Workspace;
use crate::graph::Graph;

use crate::policy::Policy;
use crate::render::{dot, mermaid, svg, Picture};
use crate::rules::RuleSet;

use super::load;
use super::say;
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
            say!("error: {}", e.message);
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
    // Read through the run's file table, as `check` reads it: flows spliced in, each file once.
    let workspace = Workspace::new(config.path.as_ref().map(|_| config.dir()));
    let loaded = match load::stream_with_flows(&workspace, &args.stream, color) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let Some(stream) = loaded.stream.as_ref() else {
        return EXIT_TROUBLE; // stream_with_flows returns valid streams only
    };
    let shown = loaded.source.name.as_str();
    // The findings `check` would report for this file and the flows it embeds (those found
    // through this stream, and the flows' own), after suppressions and config levels.
    let mut files = vec![check::check_loaded(
        &workspace,
        &loaded,
        roster.as_ref(),
        &RuleSet::all(),
    )];
    check::settle_flows(&workspace, &mut files, roster.as_ref(), &RuleSet::all());
    let mut result = CheckResult {
        files,
        path_errors: Vec::new(),
    };
    policy.apply(&mut result);
    let findings: Vec<Finding> = result
        .findings()
        .map(|(_, f)| f)
        .filter(|f| f.via_stream().is_none_or(|s| s == shown))
        .cloned()
        .collect();
    let findings = &findings;
    let flows = workspace.flows_of(&loaded);
    let graph = Graph::build_with_flows(stream, loaded.id(), &loaded.source.name, &flows);
    let picture = Picture::build(&graph, findings);
    let out = match args.format {
        GraphFormat::Mermaid => mermaid::render(&picture),
        GraphFormat::Dot => dot::render(&picture),
        GraphFormat::Svg => svg::render(&picture, findings),
    };
    let written = crate::output::print(&out);
    if args.format == GraphFormat::Mermaid && picture.edges.len() > mermaid::MAX_EDGES {
        say!(
            "warning: {} edges: Mermaid with its default settings refuses charts of more than {} edges; `--format svg` draws any size",
            picture.edges.len(),
            mermaid::MAX_EDGES
        );
    }
    let code = if findings.iter().any(|f| f.severity == Severity::Error) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    };
    written.exit_code(code)
}
