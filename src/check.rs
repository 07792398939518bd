//! The `check` command's engine: find files, read each, parse, lint, collect. No printing here.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::Mutex;

use std::collections::{HashMap, HashSet};

use crate::finding::{Finding, Severity};
use crate::flows::{Loaded, Workspace};
use crate::graph::Graph;
use crate::model::{Roster, Stream, StreamKind};
use crate::parse::{self, yaml};
use crate::rules::{self, RuleSet};
use crate::source::{FileId, SourceFile, Span};
use crate::suppress;

/// One checked file and its findings (sorted).
#[derive(Debug)]
pub struct FileResult {
    /// Shared with the run's file table ([`Workspace`]): a flow's text is held once, however many
    /// streams embed it.
    pub source: Arc<SourceFile>,
    pub findings: Vec<Finding>,
    /// What the file's one parse left for the passes after the rules; `None` when the file is
    /// not valid YAML (or was never parsed).
    pub parsed: Option<Box<ParsedFile>>,
}

/// What the one parse of a file leaves for the passes after the rules (suppressions, baselines),
/// so none of them reads the file's YAML again.
#[derive(Debug)]
pub struct ParsedFile {
    /// Shared with the run's file table when flows are embedded (a flow file's one parse serves
    /// every stream that embeds it).
    pub document: Arc<yaml::Document>,
    /// The file is a valid flow (`kind: flow`), from the model: the rules that need the start of
    /// a conversation did not run on it.
    pub is_flow: bool,
}

impl FileResult {
    /// A result without a parse to keep (unreadable, not UTF-8, or not a stream file).
    pub fn new(source: impl Into<Arc<SourceFile>>, findings: Vec<Finding>) -> Self {
        FileResult {
            source: source.into(),
            findings,
            parsed: None,
        }
    }
}

#[derive(Debug, Default)]
pub struct CheckResult {
    pub files: Vec<FileResult>,
    pub path_errors: Vec<PathError>,
}

impl CheckResult {
    pub fn count(&self, severity: Severity) -> usize {
        self.findings()
            .filter(|(_, f)| f.severity == severity)
            .count()
    }

    /// Every finding with its file, in report order.
    pub fn findings(&self) -> impl Iterator<Item = (&SourceFile, &Finding)> {
        self.files
            .iter()
            .flat_map(|f| f.findings.iter().map(move |x| (&*f.source, x)))
    }
}

/// A path as reports show it: `/` separators, no leading `./` on discovered files.
pub fn display_path(path: &Path) -> String {
    crate::paths::display(path)
}

pub use crate::walk::{is_stream_file, PathError, PathFilter};

/// Expands the command-line paths into the files to check ([`crate::walk::discover`], which
/// also says which files were skipped and why).
pub fn discover(paths: &[PathBuf], skip: Option<PathFilter>) -> (Vec<PathBuf>, Vec<PathError>) {
    let found = crate::walk::discover(paths, skip);
    (found.files, found.errors)
}

pub use crate::read::{io_message, read_file};

/// Checks one file's bytes on its own: `flow` cards are not followed (a run that embeds flows
/// uses [`check_files_in`] / [`check_bytes_in`]). A panic while checking it (a bug) becomes an
/// `internal-error` finding for this file alone.
///
/// `roster`: the `--roster` run, if any; with one, the routing rules run too and the valid stream
/// is kept for the roster's own rules. `rules`: the rules to run ([`RuleSet::all`] for every one).
pub fn check_bytes(
    name: &str,
    bytes: Vec<u8>,
    roster: Option<&RosterRun>,
    rules: &RuleSet,
) -> FileResult {
    crate::isolate::catch(|| check_bytes_unguarded(name, bytes, roster, rules))
        .unwrap_or_else(|panic| internal_error(SourceFile::new(name, ""), &panic))
}

/// The result of a file whose check panicked: one `internal-error` finding at its start.
pub fn internal_error(source: impl Into<Arc<SourceFile>>, panic: &str) -> FileResult {
    let source: Arc<SourceFile> = source.into();
    let finding = Finding::new(
        &rules::internal_error::RULE,
        source.first_line(),
        format!("streamlint failed while checking this file: {panic}"),
    )
    .help(crate::isolate::REPORT_REQUEST);
    FileResult::new(source, vec![finding])
}

/// Does this result say its check failed (exit 2)?
pub fn failed_internally(file: &FileResult) -> bool {
    file.findings
        .iter()
        .any(|f| f.rule == rules::internal_error::RULE.name)
}

/// Fault injection for the tests of panic isolation: checking a file whose name is the value
/// of this variable panics, as a bug would.
const PANIC_ON: &str = "STREAMLINT_TEST_PANIC_ON";

fn check_bytes_unguarded(
    name: &str,
    bytes: Vec<u8>,
    roster: Option<&RosterRun>,
    rules: &RuleSet,
) -> FileResult {
    if std::env::var_os(PANIC_ON).is_some_and(|v| v == name) {
        panic!("fault injected by {PANIC_ON}");
    }
    match parse::decode(name, bytes) {
        (source, None) => check_source(source, roster, rules),
        (source, Some(finding)) => FileResult::new(source, vec![finding]),
    }
}

/// Checks one decoded file: parse, then (if valid) the stream rules, without following `flow`
/// cards.
///
/// `roster`: the `--roster` run, if any; with one, the routing rules run too and the valid stream
/// is kept for the roster's own rules. `rules`: the rules to run ([`RuleSet::all`] for every one).
pub fn check_source(source: SourceFile, roster: Option<&RosterRun>, rules: &RuleSet) -> FileResult {
    let parsed = parse::parse_stream(&source);
    let mut findings = parsed.findings;
    let is_flow = parsed
        .model
        .as_ref()
        .is_some_and(|s| s.kind == StreamKind::Flow);
    let parsed_file = parsed.document.map(|document| {
        Box::new(ParsedFile {
            document: Arc::new(document),
            is_flow,
        })
    });
    // The reader capped its own findings ([`crate::cap`]); the rules' are capped below, sorted.
    let rules_ran = parsed.model.is_some();
    if let Some(stream) = parsed.model {
        let comments = suppress::may_hold_directives(&source.text);
        findings.extend(rules::check_stream(
            &source,
            &stream,
            roster.map(|r| &r.roster),
            &|rule| rules.runs(rule, comments),
        ));
        if let Some(run) = roster {
            run.streams
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .push((source.name.clone(), stream));
        }
    }
    rules::dedup(&mut findings);
    if rules_ran {
        crate::cap::cap(&mut findings);
    }
    // The later passes read the YAML tree only for suppression comments and to name the cards
    // of findings: a file with neither keeps none (a tree is about 16 times its text, and a run
    // over 10,000 clean files kept 1.3 GB of them).
    let needed = !findings.is_empty() || suppress::may_hold_directives(&source.text);
    FileResult {
        source: source.into(),
        findings,
        parsed: parsed_file.filter(|_| needed),
    }
}

/// A `check --roster` run: the roster, and the valid streams checked with it, which the rules
/// about the roster file itself look at.
pub struct RosterRun {
    pub source: SourceFile,
    pub roster: Roster,
    /// The roster's YAML, for its suppression comments.
    pub document: Option<yaml::Document>,
    /// Filled by files checked in parallel.
    streams: Mutex<Vec<(String, Stream)>>,
}

impl RosterRun {
    pub fn new(source: SourceFile, roster: Roster, document: Option<yaml::Document>) -> Self {
        RosterRun {
            source,
            roster,
            document,
            streams: Mutex::new(Vec::new()),
        }
    }

    /// The roster file's own result, once every stream is checked. `rules`: the rules to run
    /// ([`RuleSet::all`] for every one).
    pub fn finish(self, rules: &RuleSet) -> FileResult {
        let mut streams = self
            .streams
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        // Parallel checking fills this in any order; the roster's rules see file order.
        streams.sort_by(|a, b| a.0.cmp(&b.0));
        let parsed = self.document.map(|document| {
            Box::new(ParsedFile {
                document: Arc::new(document),
                is_flow: false,
            })
        });
        let comments = suppress::may_hold_directives(&self.source.text);
        let checked = crate::isolate::catch(|| {
            rules::check_roster(&self.source, &self.roster, &streams, &|rule| {
                rules.runs(rule, comments)
            })
        });
        match checked {
            Ok(mut findings) => {
                // Teams reached through aliases are checked once per alias.
                rules::dedup(&mut findings);
                FileResult {
                    source: self.source.into(),
                    findings,
                    parsed,
                }
            }
            Err(panic) => internal_error(self.source, &panic),
        }
    }
}

/// Why a file named on the command line (a roster, a stream to simulate, visitors) cannot be
/// used.
#[derive(Debug)]
pub enum LoadError {
    Unreadable(PathError),
    /// Not valid YAML, or not a valid document: the file with its findings.
    Invalid(FileResult),
}

/// Reads and parses one file; the model only when the file has no finding.
pub fn load_file<T>(
    path: &Path,
    parse: fn(&SourceFile) -> parse::Parsed<T>,
) -> Result<(SourceFile, T), LoadError> {
    load_file_with_document(path, parse).map(|(source, model, _)| (source, model))
}

/// Like [`load_file`], also keeping the file's spanned YAML (its one parse).
pub fn load_file_with_document<T>(
    path: &Path,
    parse: fn(&SourceFile) -> parse::Parsed<T>,
) -> Result<(SourceFile, T, Option<yaml::Document>), LoadError> {
    let name = display_path(path);
    let bytes = read_file(path).map_err(|e| {
        LoadError::Unreadable(PathError {
            path: name.clone(),
            message: io_message(&e),
        })
    })?;
    let (source, finding) = parse::decode(&name, bytes);
    if let Some(f) = finding {
        return Err(LoadError::Invalid(FileResult::new(source, vec![f])));
    }
    let parsed = parse(&source);
    match parsed.model {
        Some(model) => Ok((source, model, parsed.document)),
        None => {
            // A mapping reached through several aliases is read once per alias: one finding
            // per place in the file is enough.
            let mut findings = parsed.findings;
            rules::dedup(&mut findings);
            Err(LoadError::Invalid(FileResult::new(source, findings)))
        }
    }
}

/// Checks files from disk in one run that embeds flows: each file (and each flow it embeds) is
/// read and parsed once; dialogues are checked with their flows spliced in, flow files on their
/// own. Results keep the order of `files`, followed by the flow files reached that were not named
/// (see [`settle_flows`], which the caller runs once every file of the run is checked).
pub fn check_files_in(
    workspace: &Workspace,
    files: &[PathBuf],
    roster: Option<&RosterRun>,
    rules: &RuleSet,
) -> (Vec<FileResult>, Vec<PathError>) {
    use rayon::prelude::*;
    workspace.name_files(files);
    let outcomes: Vec<Result<FileResult, PathError>> = files
        .par_iter()
        .map(|path| {
            let name = display_path(path);
            // A panic while reading one file (a bug) is that file's `internal-error` finding
            // (a panic while checking it, [`check_loaded`]'s); the other files are still checked.
            match crate::isolate::catch(|| workspace.load(path, &name)) {
                Ok(Ok(loaded)) => Ok(check_loaded(workspace, &loaded, roster, rules)),
                Ok(Err(message)) => Err(PathError {
                    path: name,
                    message,
                }),
                Err(panic) => Ok(internal_error(SourceFile::new(name, ""), &panic)),
            }
        })
        .collect();
    let mut results = Vec::with_capacity(files.len());
    let mut errors = Vec::new();
    for outcome in outcomes {
        match outcome {
            Ok(r) => results.push(r),
            Err(e) => errors.push(e),
        }
    }
    (results, errors)
}

/// Checks bytes read from standard input in a run that embeds flows (their paths are relative
/// to the current directory).
pub fn check_bytes_in(
    workspace: &Workspace,
    name: &str,
    bytes: Vec<u8>,
    roster: Option<&RosterRun>,
    rules: &RuleSet,
) -> FileResult {
    match crate::isolate::catch(|| workspace.load_bytes(name, bytes)) {
        Ok(loaded) => check_loaded(workspace, &loaded, roster, rules),
        Err(panic) => internal_error(SourceFile::new(name, ""), &panic),
    }
}

/// Checks one loaded file: a dialogue with its flows spliced in, a flow file on its own (once
/// per run, however many files embed it). Findings may point into embedded flow files; see
/// [`settle_flows`]. A panic while checking it (a bug) becomes an `internal-error` finding for
/// this file alone.
///
/// `rules` is the run's: a flow file's findings on its own are computed once per run.
pub fn check_loaded(
    workspace: &Workspace,
    loaded: &Arc<Loaded>,
    roster: Option<&RosterRun>,
    rules: &RuleSet,
) -> FileResult {
    crate::isolate::catch(|| check_loaded_unguarded(workspace, loaded, roster, rules))
        .unwrap_or_else(|panic| {
            let source = &loaded.source;
            internal_error(SourceFile::with_id(source.id, &source.name, ""), &panic)
        })
}

fn check_loaded_unguarded(
    workspace: &Workspace,
    loaded: &Arc<Loaded>,
    roster: Option<&RosterRun>,
    rules: &RuleSet,
) -> FileResult {
    if std::env::var_os(PANIC_ON).is_some_and(|v| v == loaded.source.name.as_str()) {
        panic!("fault injected by {PANIC_ON}");
    }
    let source = Arc::clone(&loaded.source);
    let parsed = |document: Option<Arc<yaml::Document>>| {
        document.map(|document| {
            Box::new(ParsedFile {
                document,
                is_flow: loaded.is_flow(),
            })
        })
    };
    let Some(stream) = &loaded.stream else {
        return FileResult {
            source,
            findings: loaded.parse_findings.clone(),
            parsed: parsed(loaded.document()),
        };
    };
    let mut findings = if loaded.is_flow() {
        loaded
            .alone
            .get_or_init(|| lint_spliced(workspace, loaded, stream, roster, rules))
            .clone()
    } else {
        lint_spliced(workspace, loaded, stream, roster, rules)
    };
    // A dialogue is checked once per run and nothing embeds it: when no finding stays in it and
    // it has no suppression comment, no later pass reads its YAML tree, and the run's file table
    // lets go of it too (a tree is about 16 times its text; 10,000 clean files kept 1.3 GB).
    // Flow files keep theirs until [`settle_flows`] knows which findings land in them.
    let document = if loaded.is_flow() || tree_needed(&source, &findings) {
        loaded.document()
    } else {
        loaded.release_document();
        None
    };
    // The reader capped its own findings ([`crate::cap`]); the rules' are capped here, sorted
    // (per file they point into, per rule).
    crate::cap::cap(&mut findings);
    if let Some(run) = roster {
        run.streams
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push((source.name.clone(), stream.clone()));
    }
    FileResult {
        source,
        findings,
        parsed: parsed(document),
    }
}

/// Whether the passes after the rules read a file's YAML tree: for suppression comments, and to
/// name the cards of findings in it.
fn tree_needed(source: &SourceFile, findings: &[Finding]) -> bool {
    suppress::may_hold_directives(&source.text)
        || findings.iter().any(|f| f.span.start.file == source.id)
}

/// Every stream rule on a file's graph with its flows spliced in. Findings inside a flow carry
/// the chain of `flow` cards that leads there, and labels in other files their file's name.
fn lint_spliced(
    workspace: &Workspace,
    loaded: &Arc<Loaded>,
    stream: &Stream,
    roster: Option<&RosterRun>,
    rules: &RuleSet,
) -> Vec<Finding> {
    // Resolved (and so loaded) even when no stream rule runs: a flow file reached only through
    // this one is still checked on its own (`settle_flows`), for its syntax and schema.
    let flows = workspace.flows_of(loaded);
    // Suppression comments in any file of the spliced conversation may name the rules left out.
    let comments = suppress::may_hold_directives(&loaded.source.text)
        || flows
            .files()
            .any(|f| suppress::may_hold_directives(&f.source.text));
    let runs = |rule: &rules::Rule| rules.runs(rule, comments);
    if !rules::ALL.iter().any(|r| r.check.is_some() && runs(r)) {
        // No stream rule left (`--select syntax`): no branch graph either.
        return Vec::new();
    }
    let graph = Graph::build_with_flows(stream, loaded.id(), &loaded.source.name, &flows);
    let mut findings = rules::check_graph(
        &loaded.source,
        stream,
        &graph,
        roster.map(|r| &r.roster),
        &runs,
    );
    locate_in_flows(loaded, &graph, &mut findings);
    findings
}

/// Gives findings inside embedded flows the chain of `flow` cards that leads there (when the
/// rule did not say), and labels in other files their file's name.
fn locate_in_flows(loaded: &Loaded, graph: &Graph, findings: &mut Vec<Finding>) {
    if graph.embeds.len() == 1 {
        return rules::dedup(findings);
    }
    // The first place each file is embedded, in tree order.
    let mut first_embed: HashMap<FileId, &crate::graph::Embed> = HashMap::new();
    for e in &graph.embeds {
        first_embed.entry(e.file).or_insert(e);
    }
    for f in findings.iter_mut() {
        let file = f.span.start.file;
        if file != loaded.id() && f.via.is_empty() && f.rule != rules::flow_cycle::RULE.name {
            // A rule that did not say which embedding it judged: the first one in the tree.
            if let Some(e) = first_embed.get(&file) {
                f.via = e.via.clone();
            }
        }
        for label in &mut f.related {
            if label.span.start.file != file {
                label.file = first_embed
                    .get(&label.span.start.file)
                    .map(|e| e.name.clone());
            }
        }
    }
    rules::dedup(findings);
}

/// After every file of a run is checked: adds the flow files the run reached without being
/// asked to check them (each checked on its own, so nothing in them goes unreported), moves
/// each finding into the result of the file it points into, and reports each problem once: a
/// problem a flow file has on its own (or inside another flow) is reported once, without the
/// streams that embed it; a problem that only exists where a stream embeds the flow is reported
/// once per stream.
pub fn settle_flows(
    workspace: &Workspace,
    results: &mut Vec<FileResult>,
    roster: Option<&RosterRun>,
    rules: &RuleSet,
) {
    settle_flows_with(
        workspace,
        results,
        Vec::new(),
        &HashSet::new(),
        roster,
        rules,
    );
}

/// Takes out of a checked dialogue's result the findings that point into other files (the
/// flows it embeds): they belong to those files' results, which are final only once every
/// stream is checked ([`settle_flows_with`]). What stays is the dialogue's final result.
pub fn take_foreign(result: &mut FileResult) -> Vec<Finding> {
    let id = result.source.id;
    let (stay, leave): (Vec<Finding>, Vec<Finding>) = std::mem::take(&mut result.findings)
        .into_iter()
        .partition(|f| f.span.start.file == id);
    result.findings = stay;
    leave
}

/// [`settle_flows`] for a run that reported its dialogues as they were checked: `results` are
/// the files held back (flow files), `from_streams` the findings taken out of the reported
/// dialogues ([`take_foreign`]), and `reported` the files already reported (never added again).
pub fn settle_flows_with(
    workspace: &Workspace,
    results: &mut Vec<FileResult>,
    from_streams: Vec<Finding>,
    reported: &HashSet<FileId>,
    roster: Option<&RosterRun>,
    rules: &RuleSet,
) {
    let mut index: HashMap<FileId, usize> = results
        .iter()
        .enumerate()
        .map(|(i, r)| (r.source.id, i))
        .collect();
    for loaded in workspace.all() {
        let reached = loaded.is_flow() || loaded.stream.is_none();
        if reached
            && !index.contains_key(&loaded.id())
            && !reported.contains(&loaded.id())
            && loaded.path.is_some()
        {
            index.insert(loaded.id(), results.len());
            results.push(check_loaded(workspace, &loaded, roster, rules));
        }
    }
    // A finding taken out of a dialogue always points into a flow file it reached, which is
    // among the results now; should one not be, it gets a result of its own rather than vanish.
    for f in &from_streams {
        let file = f.span.start.file;
        if let (std::collections::hash_map::Entry::Vacant(slot), Some(loaded)) =
            (index.entry(file), workspace.get(file))
        {
            slot.insert(results.len());
            results.push(FileResult::new(Arc::clone(&loaded.source), Vec::new()));
        }
    }
    let is_flow: Vec<bool> = results
        .iter()
        .map(|r| workspace.get(r.source.id).is_some_and(|l| l.is_flow()))
        .collect();
    // Per target file: (finding, found in a stream's context rather than in a flow's own).
    let mut moved: HashMap<usize, Vec<(Finding, bool)>> = HashMap::new();
    for f in from_streams {
        if let Some(&target) = index.get(&f.span.start.file) {
            moved.entry(target).or_default().push((f, true));
        }
    }
    for (i, result) in results.iter_mut().enumerate() {
        let id = result.source.id;
        let (stay, leave): (Vec<Finding>, Vec<Finding>) = std::mem::take(&mut result.findings)
            .into_iter()
            .partition(|f| f.span.start.file == id || !index.contains_key(&f.span.start.file));
        result.findings = stay;
        for f in leave {
            let target = index[&f.span.start.file];
            moved.entry(target).or_default().push((f, !is_flow[i]));
        }
    }
    for (target, incoming) in moved {
        let result = &mut results[target];
        let mut structural: Vec<Finding> = std::mem::take(&mut result.findings);
        let mut in_streams = Vec::new();
        for (f, from_stream) in incoming {
            if from_stream {
                in_streams.push(f);
            } else {
                structural.push(f);
            }
        }
        // The shortest chain of a problem every embedding has is the one reported.
        structural.sort_by_key(|f| f.via.len());
        let mut seen: HashSet<(&'static str, Span, String)> = HashSet::new();
        structural.retain(|f| seen.insert((f.rule, f.span, f.message.clone())));
        in_streams.retain(|f| !seen.contains(&(f.rule, f.span, f.message.clone())));
        structural.extend(in_streams);
        rules::dedup(&mut structural);
        result.findings = structural;
    }
    // Now that each finding is in its file's result: a flow file that kept none and has no
    // suppression comment needs no YAML tree (see `check_loaded`).
    for result in results.iter_mut() {
        if !tree_needed(&result.source, &result.findings) {
            result.parsed = None;
        }
    }
}

/// Why a file's flows cannot all be spliced in (for `simulate`, which needs the whole
/// conversation): `flow-not-found` and `flow-cycle` findings, and the findings of embedded flow
/// files that are not valid.
pub fn flow_problems(
    loaded: &Loaded,
    stream: &Stream,
    graph: &Graph,
    flows: &crate::flows::FlowSet,
) -> Vec<Finding> {
    let mut problems: Vec<Finding> =
        rules::check_graph(&loaded.source, stream, graph, None, &|_| true)
            .into_iter()
            .filter(|f| {
                f.rule == rules::flow_not_found::RULE.name || f.rule == rules::flow_cycle::RULE.name
            })
            .collect();
    locate_in_flows(loaded, graph, &mut problems);
    for file in flows.files() {
        problems.extend(file.parse_findings.iter().cloned());
    }
    problems
}

/// Findings of files of a workspace, each in its file's result (files in name order).
pub fn group_by_file(workspace: &Workspace, findings: Vec<Finding>) -> CheckResult {
    let mut by_file: HashMap<FileId, Vec<Finding>> = HashMap::new();
    for f in findings {
        by_file.entry(f.span.start.file).or_default().push(f);
    }
    let mut files: Vec<FileResult> = by_file
        .into_iter()
        .filter_map(|(id, mut findings)| {
            let loaded = workspace.get(id)?;
            rules::dedup(&mut findings);
            Some(FileResult::new(Arc::clone(&loaded.source), findings))
        })
        .collect();
    files.sort_by(|a, b| a.source.name.cmp(&b.source.name));
    CheckResult {
        files,
        path_errors: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_yaml_tree_is_kept_only_when_a_later_pass_reads_it() {
        let clean = "stream: s\ncards:\n  - type: message\n    text: Hi\n";
        let kept = |text: &str| {
            check_source(
                SourceFile::new("s.stream.yaml", text),
                None,
                &RuleSet::all(),
            )
            .parsed
            .is_some()
        };
        assert!(!kept(clean), "a clean file without comments keeps no tree");
        assert!(kept(&format!(
            "# streamlint: ignore-file[poke-not-first] -- r\n{clean}"
        )));
        assert!(kept(&clean.replace("Hi", "\"Hi {{lead.FirstName}}\"")));
    }

    #[test]
    fn a_flow_file_keeps_its_tree_for_findings_found_through_the_streams_embedding_it() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/flows/embedded");
        let files = [
            dir.join("pricing.stream.yaml"),
            dir.join("support.stream.yaml"),
        ];
        let workspace = Workspace::new(None);
        let (mut results, errors) = check_files_in(&workspace, &files, None, &RuleSet::all());
        assert!(errors.is_empty(), "{errors:?}");
        settle_flows(&workspace, &mut results, None, &RuleSet::all());
        let flow = results
            .iter()
            .find(|r| r.source.name.ends_with("qualify.flow.yaml"))
            .expect("the embedded flow is checked too");
        assert!(
            flow.findings
                .iter()
                .any(|f| f.rule == rules::live_chat_not_last::RULE.name),
            "{:?}",
            flow.findings
        );
        assert!(flow.parsed.is_some(), "its findings need its tree");
        for r in &results {
            assert_eq!(
                r.parsed.is_some(),
                !r.findings.is_empty() || suppress::may_hold_directives(&r.source.text),
                "{}",
                r.source.name
            );
        }
    }
}
