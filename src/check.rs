//! The `check` command's engine: find files, read each, parse, lint, collect. No printing here.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::Mutex;

use crate::finding::{Finding, Severity};
use crate::model::{Roster, Stream, StreamKind};
use crate::parse::{self, yaml};
use crate::rules::{self, RuleSet};
use crate::source::SourceFile;
use crate::suppress;

/// One checked file and its findings (sorted).
#[derive(Debug)]
pub struct FileResult {
    pub source: SourceFile,
    pub findings: Vec<Finding>,
    /// What the file's one parse left for the passes after the rules; `None` when the file is
    /// not valid YAML (or was never parsed).
    pub parsed: Option<Box<ParsedFile>>,
}

/// What the one parse of a file leaves for the passes after the rules (suppressions, baselines),
/// so none of them reads the file's YAML again.
#[derive(Debug)]
pub struct ParsedFile {
    pub document: yaml::Document,
    /// The file is a valid flow (`kind: flow`), from the model: the rules that need the start of
    /// a conversation did not run on it.
    pub is_flow: bool,
}

impl FileResult {
    /// A result without a parse to keep (unreadable, not UTF-8, or not a stream file).
    pub fn new(source: SourceFile, findings: Vec<Finding>) -> Self {
        FileResult {
            source,
            findings,
            parsed: None,
        }
    }
}

/// A path that could not be checked at all (exit code 2).
#[derive(Debug, Clone, PartialEq)]
pub struct PathError {
    pub path: String,
    pub message: String,
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
            .flat_map(|f| f.findings.iter().map(move |x| (&f.source, x)))
    }
}

/// Is this a file `check` looks for inside directories?
pub fn is_stream_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    [".stream.yaml", ".stream.yml", ".flow.yaml", ".flow.yml"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

/// A path as reports show it: `/` separators, no leading `./` on discovered files.
pub fn display_path(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    match s.strip_prefix("./") {
        Some(rest) if !rest.is_empty() => rest.to_string(),
        _ => s,
    }
}

/// Decides which discovered files and directories to skip (the config's `exclude`).
pub type PathFilter = Arc<dyn Fn(&Path) -> bool + Send + Sync>;

/// Expands the command-line paths into the files to check, in a stable order. Files named
/// explicitly are checked whatever their extension; directories are searched recursively for
/// stream and flow files, honouring `.gitignore` and skipping the files and directories (with
/// everything below) that `skip` matches (the config's `exclude`).
pub fn discover(paths: &[PathBuf], skip: Option<PathFilter>) -> (Vec<PathBuf>, Vec<PathError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                errors.push(PathError {
                    path: display_path(path),
                    message: io_message(&e),
                });
                continue;
            }
        };
        if !meta.is_dir() {
            files.push(path.clone());
            continue;
        }
        let mut found = Vec::new();
        let mut walker = ignore::WalkBuilder::new(path);
        // .gitignore is honoured even outside a git checkout (a CI export, a tarball).
        walker.require_git(false);
        if let Some(skip) = &skip {
            let skip = Arc::clone(skip);
            walker.filter_entry(move |entry| entry.depth() == 0 || !skip(entry.path()));
        }
        let walker = walker.build();
        for entry in walker {
            match entry {
                Ok(entry) => {
                    if entry.file_type().is_some_and(|t| t.is_file())
                        && is_stream_file(entry.path())
                    {
                        found.push(entry.into_path());
                    }
                }
                Err(e) => errors.push(PathError {
                    path: display_path(path),
                    message: e.to_string(),
                }),
            }
        }
        found.sort();
        files.extend(found);
    }
    (files, errors)
}

pub fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// Checks one file's bytes.
pub fn check_bytes(name: &str, bytes: Vec<u8>) -> FileResult {
    check_bytes_with(name, bytes, None)
}

/// Checks one file's bytes, with the routing rules when a roster run is given.
pub fn check_bytes_with(name: &str, bytes: Vec<u8>, roster: Option<&RosterRun>) -> FileResult {
    check_bytes_running(name, bytes, roster, &RuleSet::all())
}

/// Like [`check_bytes_with`], running only the rules of `rules`.
pub fn check_bytes_running(
    name: &str,
    bytes: Vec<u8>,
    roster: Option<&RosterRun>,
    rules: &RuleSet,
) -> FileResult {
    match parse::decode(name, bytes) {
        (source, None) => check_source_running(source, roster, rules),
        (source, Some(finding)) => FileResult::new(source, vec![finding]),
    }
}

/// Checks one decoded file: parse, then (if valid) every stream rule.
pub fn check_source(source: SourceFile) -> FileResult {
    check_source_with(source, None)
}

/// Like [`check_source`]; with a roster run, the routing rules run too and the valid stream is
/// kept for the roster's own rules.
pub fn check_source_with(source: SourceFile, roster: Option<&RosterRun>) -> FileResult {
    check_source_running(source, roster, &RuleSet::all())
}

/// Like [`check_source_with`], running only the rules of `rules`.
pub fn check_source_running(
    source: SourceFile,
    roster: Option<&RosterRun>,
    rules: &RuleSet,
) -> FileResult {
    let parsed = parse::parse_stream(&source);
    let mut findings = parsed.findings;
    let is_flow = parsed
        .model
        .as_ref()
        .is_some_and(|s| s.kind == StreamKind::Flow);
    let parsed_file = parsed
        .document
        .map(|document| Box::new(ParsedFile { document, is_flow }));
    if let Some(stream) = parsed.model {
        let comments = suppress::may_hold_directives(&source.text);
        findings.extend(rules::check_stream_running(
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
    // The later passes read the YAML tree only for suppression comments and to name the cards
    // of findings: a file with neither keeps none (a tree is about 16 times its text, and a run
    // over 10,000 clean files kept 1.3 GB of them).
    let needed = !findings.is_empty() || suppress::may_hold_directives(&source.text);
    FileResult {
        source,
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

    /// The roster file's own result, once every stream is checked.
    pub fn finish(self) -> FileResult {
        self.finish_running(&RuleSet::all())
    }

    /// Like [`RosterRun::finish`], running only the rules of `rules`.
    pub fn finish_running(self, rules: &RuleSet) -> FileResult {
        let mut streams = self
            .streams
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        // Parallel checking fills this in any order; the roster's rules see file order.
        streams.sort_by(|a, b| a.0.cmp(&b.0));
        let comments = suppress::may_hold_directives(&self.source.text);
        let findings = rules::check_roster_running(&self.source, &self.roster, &streams, &|rule| {
            rules.runs(rule, comments)
        });
        FileResult {
            source: self.source,
            findings,
            parsed: self.document.map(|document| {
                Box::new(ParsedFile {
                    document,
                    is_flow: false,
                })
            }),
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
    let bytes = std::fs::read(path).map_err(|e| {
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
        None => Err(LoadError::Invalid(FileResult::new(source, parsed.findings))),
    }
}

/// Checks files from disk, with the routing rules when a roster run is given. Files are checked
/// in parallel (they are independent); results keep the order of `files`. Unreadable files are
/// path errors; every other file gets a result.
pub fn check_files(
    files: &[PathBuf],
    roster: Option<&RosterRun>,
) -> (Vec<FileResult>, Vec<PathError>) {
    check_files_running(files, roster, &RuleSet::all())
}

/// Like [`check_files`], running only the rules of `rules`.
pub fn check_files_running(
    files: &[PathBuf],
    roster: Option<&RosterRun>,
    rules: &RuleSet,
) -> (Vec<FileResult>, Vec<PathError>) {
    use rayon::prelude::*;
    let outcomes: Vec<Result<FileResult, PathError>> = files
        .par_iter()
        .map(|path| match std::fs::read(path) {
            Ok(bytes) => Ok(check_bytes_running(
                &display_path(path),
                bytes,
                roster,
                rules,
            )),
            Err(e) => Err(PathError {
                path: display_path(path),
                message: io_message(&e),
            }),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_yaml_tree_is_kept_only_when_a_later_pass_reads_it() {
        let clean = "stream: s\ncards:\n  - type: message\n    text: Hi\n";
        let kept = |text: &str| {
            check_source(SourceFile::new("s.stream.yaml", text))
                .parsed
                .is_some()
        };
        assert!(!kept(clean), "a clean file without comments keeps no tree");
        assert!(kept(&format!(
            "# streamlint: ignore-file[poke-not-first] -- r\n{clean}"
        )));
        assert!(kept(&clean.replace("Hi", "\"Hi {{lead.FirstName}}\"")));
    }
}
