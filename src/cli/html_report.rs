//! `streamlint report [PATH]... -o FILE.html`: every stream `check` finds, drawn with its findings,
//! and with a roster where its visitors end up, in one self-contained HTML page. Exit codes as
//! `check`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::check::{self, CheckResult};
use crate::config;
use crate::finding::Severity;
use crate::flows::Loaded;
use crate::graph::Graph;
use crate::model::StreamKind;
use crate::parse;
use crate::policy::Policy;
use crate::render::html::{self, FilePage, Report};
use crate::render::Picture;
use crate::route::simulate::{self as sim, Options};
use crate::rules::RuleSet;

use super::load::{self, load};
use super::say;
use super::{EXIT_FINDINGS, EXIT_OK, EXIT_TROUBLE};

/// Path classes listed per stream (all are counted).
const CLASSES_LISTED: usize = 50;

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// Files or directories, as for `check`. Default: the current directory.
    pub paths: Vec<PathBuf>,
    /// The HTML file to write.
    #[arg(short, long, value_name = "FILE.html")]
    pub output: PathBuf,
    /// The roster: routing findings, and where each path class ends up. Default: the config
    /// file's `roster:`.
    #[arg(long, value_name = "FILE")]
    pub roster: Option<PathBuf>,
    /// Simulate these visitors on every stream (needs a roster) and show coverage.
    #[arg(long, value_name = "FILE")]
    pub visitors: Option<PathBuf>,
    /// The moment of the simulations (RFC 3339, e.g. 2026-11-25T10:00:00Z), for schedules.
    #[arg(long, value_name = "TIME", value_parser = parse_at)]
    pub at: Option<jiff::Timestamp>,
}

fn parse_at(text: &str) -> Result<jiff::Timestamp, String> {
    text.parse::<jiff::Timestamp>().map_err(|e| {
        format!("expected an RFC 3339 time with an offset, e.g. 2026-11-25T10:00:00Z ({e})")
    })
}

pub fn run(args: &ReportArgs, config: Option<&Path>, color: bool, quiet: bool) -> i32 {
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
    let mut notes = Vec::new();
    let roster_path = args.roster.clone().or_else(|| config.roster_path());
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let (files, mut path_errors) = check::discover(&paths, config.exclude_filter());
    // The page is never written over a file the report reads: the streams, the roster (named or
    // the config's), the visitors, the config; the flows the streams embed once they are known.
    let mut inputs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    inputs.extend(roster_path.as_deref());
    inputs.extend(args.visitors.as_deref());
    inputs.extend(config.path.as_deref());
    if let Err(refusal) = crate::atomic::checked_target(&args.output, &inputs, "the report") {
        say!("error: {refusal}");
        return EXIT_TROUBLE;
    }
    // The roster file is reported with the streams (its own findings), but is not drawn.
    let roster_name = roster_path.as_deref().map(check::display_path);
    let roster_run = match roster_path {
        Some(path) => match load::roster(&path, color) {
            Ok(run) => Some(run),
            Err(code) => return code,
        },
        None => {
            notes.push(
                "routing rules and simulations skipped: no roster given (use --roster FILE)"
                    .to_string(),
            );
            None
        }
    };
    let roster = roster_run.as_ref().map(|r| r.roster.clone());
    let visitors = match (&args.visitors, &roster) {
        (None, _) => None,
        (Some(_), None) => {
            eprintln!("error: --visitors needs a roster: pass --roster FILE or set `roster:` in .streamlint.yaml");
            return EXIT_TROUBLE;
        }
        (Some(path), Some(_)) => {
            match load(
                path,
                "visitors",
                parse::parse_visitors,
                color,
                EXIT_FINDINGS,
            ) {
                Ok((_, v)) => Some(v),
                Err(code) => return code,
            }
        }
    };

    // As `check` does: each file (and each flow it embeds) read once, flows spliced in.
    let workspace = crate::flows::Workspace::new(config.path.as_ref().map(|_| config.dir()));
    let (mut checked, read_errors) =
        check::check_files_in(&workspace, &files, roster_run.as_ref(), &RuleSet::all());
    path_errors.extend(read_errors);
    check::settle_flows(
        &workspace,
        &mut checked,
        roster_run.as_ref(),
        &RuleSet::all(),
    );
    if let Some(run) = roster_run {
        checked.push(run.finish(&RuleSet::all()));
    }
    let read: Vec<Arc<Loaded>> = workspace.all();
    let target = match crate::atomic::checked_target(
        &args.output,
        &read
            .iter()
            .filter_map(|l| l.path.as_deref())
            .collect::<Vec<_>>(),
        "the report",
    ) {
        Ok(target) => target,
        Err(refusal) => {
            say!("error: {refusal}");
            return EXIT_TROUBLE;
        }
    };
    checked.sort_by(|a, b| a.source.name.cmp(&b.source.name));
    let mut result = CheckResult {
        files: checked,
        path_errors,
    };
    policy.apply(&mut result);

    let opts = Options {
        limit: CLASSES_LISTED,
        at: args.at,
        ..Options::default()
    };
    let mut pages = Vec::new();
    for file in &result.files {
        let is_roster = roster_name.as_deref() == Some(file.source.name.as_str());
        // The file's one parse, from the run's table (flow files reached by streams included).
        let loaded = workspace.get(file.source.id);
        let stream = loaded.as_ref().and_then(|l| l.stream.as_ref());
        let mut page = FilePage {
            file: &file.source.name,
            stream: None,
            findings: &file.findings,
            picture: None,
            classes: None,
            visitors: None,
            note: None,
        };
        if is_roster {
            page.note = Some("The roster (agents, teams, fallback): its own findings.".to_string());
        } else if let (Some(loaded), Some(stream)) = (&loaded, stream) {
            let flows = workspace.flows_of(loaded);
            let graph = Graph::build_with_flows(stream, loaded.id(), &loaded.source.name, &flows);
            page.stream = Some(stream.name.value.clone());
            page.picture = Some(Picture::build(&graph, &file.findings));
            match (&roster, stream.kind) {
                (Some(_), StreamKind::Flow) => {
                    page.note = Some(
                        "A flow file is simulated where a stream embeds it, not on its own."
                            .to_string(),
                    );
                }
                (Some(roster), StreamKind::Dialogue) => {
                    page.classes = sim::path_classes(&graph, roster, &opts).ok();
                    if let Some(v) = &visitors {
                        page.visitors = Some(sim::visitors(&graph, roster, v, &opts));
                    }
                }
                (None, _) => {}
            }
        }
        pages.push(page);
    }
    let report = Report {
        files: pages,
        path_errors: result
            .path_errors
            .iter()
            .map(|e| format!("{}: {}", e.path, e.message))
            .collect(),
        notes,
    };
    let page = html::render(&report);
    if let Err(e) = crate::atomic::write(&target, page.as_bytes(), crate::atomic::Existing::Replace)
    {
        say!(
            "error: {}: {}",
            check::display_path(&args.output),
            check::io_message(&e)
        );
        return EXIT_TROUBLE;
    }
    if !quiet {
        say!(
            "wrote {} ({} files, {} errors, {} warnings)",
            check::display_path(&args.output),
            result.files.len(),
            result.count(Severity::Error),
            result.count(Severity::Warning)
        );
    }
    for e in &result.path_errors {
        say!("error: {}: {}", e.path, e.message);
    }
    if !result.path_errors.is_empty() {
        EXIT_TROUBLE
    } else if result.count(Severity::Error) > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}
