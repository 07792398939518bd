//! `streamlint diff OLD NEW`: two versions of a stream compared by what visitors experience
//! (the spec's testing.md). OLD and NEW are files, or `REV:PATH` read with `git show`. Exit 0
//! when no outcome changed, 1 when some did (`--exit-zero`: 0 anyway), 2 when a version cannot
//! be read or is not a valid stream, or the roster is invalid.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use clap::ValueEnum;

use crate::check::{self, RosterRun};
use crate::config;
use crate::flows::{FlowSet, Loaded, Workspace};
use crate::graph::Graph;
use crate::model::{CardType, Stream};
use crate::report::diff::{self as render, FindingKey, Report};
use crate::route::diff;
use crate::route::simulate::{self as sim, Options};

/// The most card occurrences (both versions together) `diff` compares: the walk's stack grows
/// with them.
const MAX_CARDS: usize = 100_000;

/// Stack for the walk per card occurrence (measured: a frame pair is well under 1 KiB).
const STACK_PER_CARD: usize = 4 * 1024;

use super::load;
use super::say;
use super::{EXIT_FINDINGS, EXIT_OK, EXIT_TROUBLE};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Human,
    Json,
    Markdown,
}

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The old version: a file, or REV:PATH read from git (e.g. main:streams/pricing.stream.yaml).
    pub old: String,
    /// The new version: a file, or REV:PATH.
    pub new: String,
    /// The roster for both versions, or two: the old one's and the new one's.
    #[arg(long, value_name = "FILE", num_args = 1..=2)]
    pub roster: Vec<PathBuf>,
    /// Output format (markdown: for a pull-request comment).
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub format: DiffFormat,
    /// Classes listed per list (the counts are exact whatever it is).
    #[arg(long, value_name = "N", default_value_t = 100)]
    pub limit: usize,
    /// Exit 0 even when outcomes changed.
    #[arg(long)]
    pub exit_zero: bool,
}

/// A version's bytes: the file, or `git show REV:PATH` when no file has that name.
fn read_version(spec: &str) -> Result<Vec<u8>, String> {
    let path = Path::new(spec);
    if path.exists() {
        return check::read_file(path).map_err(|e| format!("{spec}: {}", check::io_message(&e)));
    }
    if !spec.contains(':') {
        return Err(format!("{spec}: no such file"));
    }
    // Passed to git as an argument: one starting with `-` would be an option of `git show`
    // (`--output=FILE` writes a file). No revision starts with `-`.
    if spec.starts_with('-') {
        return Err(format!(
            "{spec}: no such file, and not REV:PATH (a revision never starts with `-`)"
        ));
    }
    // `git show`'s output is an input like any other: bounded (docs/limits.md).
    let out = crate::input::run_bounded(Command::new("git").arg("show").arg(spec))
        .map_err(|e| format!("{spec}: could not read it with git show: {e}"))?;
    if !out.status.success() {
        let why = String::from_utf8_lossy(&out.stderr);
        return Err(format!("{spec}: git show failed: {}", why.trim()));
    }
    Ok(out.stdout)
}

/// One version of the stream, loaded in its own Workspace (so the two versions of one path do
/// not share a cache entry).
struct Version {
    workspace: Workspace,
    loaded: Arc<Loaded>,
    flows: FlowSet,
    /// Whether its flows were resolved: a file on disk. A REV:PATH version's are not.
    spliced: bool,
}

impl Version {
    fn stream(&self) -> &Stream {
        self.loaded.stream.as_ref().expect("a valid stream")
    }

    fn graph(&self) -> Option<Graph<'_>> {
        let stream = self.loaded.stream.as_ref()?;
        Some(if self.spliced {
            Graph::build_with_flows(
                stream,
                self.loaded.id(),
                &self.loaded.source.name,
                &self.flows,
            )
        } else {
            Graph::build(stream)
        })
    }
}

/// Reads and parses one version; exit code 2 when it cannot be read or is not a valid stream.
fn load_version(spec: &str) -> Result<Version, i32> {
    let workspace = Workspace::new(None);
    let path = Path::new(spec);
    let (loaded, spliced) = if path.exists() {
        match workspace.load(path, spec) {
            Ok(loaded) => (loaded, true),
            Err(message) => {
                say!("error: {spec}: {message}");
                return Err(EXIT_TROUBLE);
            }
        }
    } else {
        match read_version(spec) {
            Ok(bytes) => (workspace.load_bytes(spec, bytes), false),
            Err(message) => {
                say!("error: {message}");
                return Err(EXIT_TROUBLE);
            }
        }
    };
    if loaded.stream.is_none() {
        say!("error: {spec} is not a valid stream: `streamlint check` it for the details");
        return Err(EXIT_TROUBLE);
    }
    let flows = if spliced {
        workspace.flows_of(&loaded)
    } else {
        FlowSet::default()
    };
    Ok(Version {
        workspace,
        loaded,
        flows,
        spliced,
    })
}

/// The version's findings (with its flows, as `check` finds them), keyed without positions.
fn findings(version: &Version, roster: &RosterRun) -> Vec<FindingKey> {
    // A REV:PATH version reaching here embeds no flows, so nothing is resolved from disk.
    let result = check::check_loaded(
        &version.workspace,
        &version.loaded,
        Some(roster),
        &crate::rules::RuleSet::all(),
    );
    let mut keys: Vec<FindingKey> = result
        .findings
        .iter()
        .map(|f| FindingKey {
            rule: f.rule.to_string(),
            card: f.card.clone(),
            message: f.message.clone(),
            line: f.span.start.line,
        })
        .collect();
    keys.sort();
    keys
}

/// Keys of `a` not in `b`, as many times as they are more often in `a`.
fn minus(a: &[FindingKey], b: &[FindingKey]) -> Vec<FindingKey> {
    let mut left: Vec<&FindingKey> = b.iter().collect();
    a.iter()
        .filter(|k| {
            let same =
                |x: &&FindingKey| x.rule == k.rule && x.card == k.card && x.message == k.message;
            match left.iter().position(same) {
                Some(i) => {
                    left.remove(i);
                    false
                }
                None => true,
            }
        })
        .cloned()
        .collect()
}

pub fn run(args: &DiffArgs, config: Option<&Path>, color: bool) -> i32 {
    let rosters: Vec<PathBuf> = if args.roster.is_empty() {
        match config::resolve(config) {
            Ok(c) => match c.roster_path() {
                Some(p) => vec![p],
                None => {
                    eprintln!("error: diff needs a roster: pass --roster FILE (or OLD NEW) or set `roster:` in .streamlint.yaml");
                    return EXIT_TROUBLE;
                }
            },
            Err(e) => return super::report_config_error(e, color),
        }
    } else {
        args.roster.clone()
    };
    let old_roster = match load::roster(&rosters[0], color) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let new_roster = match rosters.get(1) {
        Some(p) => match load::roster(p, color) {
            Ok(r) => r,
            Err(code) => return code,
        },
        None => match load::roster(&rosters[0], color) {
            Ok(r) => r,
            Err(code) => return code,
        },
    };
    // Each version is loaded as `simulate` loads a stream: through a run's Workspace, its flows
    // spliced in. A REV:PATH version has no folder on disk to resolve its flows from, so one that
    // embeds flows is refused (docs/testing.md).
    let mut versions = Vec::new();
    for spec in [&args.old, &args.new] {
        match load_version(spec) {
            Ok(v) => versions.push(v),
            Err(code) => return code,
        }
    }
    let [old, new] = [&versions[0], &versions[1]];
    let (Some(old_graph), Some(new_graph)) = (old.graph(), new.graph()) else {
        unreachable!("load_version keeps only valid streams");
    };
    for (spec, version, graph) in [(&args.old, old, &old_graph), (&args.new, new, &new_graph)] {
        if !version.spliced
            && graph
                .nodes
                .iter()
                .any(|n| n.card.card_type() == CardType::Flow)
        {
            say!(
                "error: {spec} embeds flows (`flow` cards), which diff cannot read from a git revision; compare files on disk instead (e.g. check the old version out with `git worktree add`)"
            );
            return EXIT_TROUBLE;
        }
        let problems =
            check::flow_problems(&version.loaded, version.stream(), graph, &version.flows);
        if !problems.is_empty() {
            let result = check::group_by_file(&version.workspace, problems);
            eprint!("{}", crate::report::human::render(&result, color, true));
            say!("error: the flows {spec} embeds cannot all be spliced in");
            return EXIT_TROUBLE;
        }
    }
    // Counts must be exact: refuse what simulate refuses.
    for (spec, graph, roster) in [
        (&args.old, &old_graph, &old_roster.roster),
        (&args.new, &new_graph, &new_roster.roster),
    ] {
        let count_only = Options::default();
        if sim::path_classes(graph, roster, &count_only).is_err() {
            say!("error: {spec} has more than 2^128 path classes; streamlint cannot count them exactly");
            return EXIT_TROUBLE;
        }
    }
    let cards = old_graph.nodes.len() + new_graph.nodes.len();
    if cards > MAX_CARDS {
        say!(
            "error: the two versions have {cards} card occurrences; `diff` compares at most {MAX_CARDS}"
        );
        return EXIT_TROUBLE;
    }
    // The walk recurses once per choice along a path: give it a stack sized to the streams.
    let stack = 16 * 1024 * 1024 + cards * STACK_PER_CARD;
    let classes = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(stack)
            .spawn_scoped(scope, || {
                diff::diff(
                    (&old_graph, &old_roster.roster),
                    (&new_graph, &new_roster.roster),
                    &Options::default(),
                    args.limit,
                )
            })
            .map(|h| h.join())
    });
    let classes = match classes {
        Ok(Ok(c)) => c,
        _ => {
            eprintln!(
                "error: the routing diff could not run (not enough memory for these streams)"
            );
            return EXIT_TROUBLE;
        }
    };
    let old_findings = findings(old, &old_roster);
    let new_findings = findings(new, &new_roster);
    let added = minus(&new_findings, &old_findings);
    let fixed = minus(&old_findings, &new_findings);
    let report = Report {
        old: &args.old,
        new: &args.new,
        classes: &classes,
        findings_added: &added,
        findings_fixed: &fixed,
    };
    let out = match args.format {
        DiffFormat::Human => render::human(&report),
        DiffFormat::Json => render::json(&report),
        DiffFormat::Markdown => render::markdown(&report),
    };
    let code = if classes.counts.changed > 0 && !args.exit_zero {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    };
    crate::output::print(&out).exit_code(code)
}
