//! The `check` command's engine: find files, read each, parse, lint, collect. No printing here.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::Mutex;

use crate::finding::{Finding, Severity};
use crate::model::{Roster, Stream};
use crate::parse;
use crate::rules;
use crate::source::SourceFile;

/// One checked file and its findings (sorted).
#[derive(Debug)]
pub struct FileResult {
    pub source: SourceFile,
    pub findings: Vec<Finding>,
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
    // A name that is not UTF-8 is still a stream file (and is shown lossily).
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    [".stream.yaml", ".stream.yml", ".flow.yaml", ".flow.yml"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

/// A path as reports show it: `/` separators, no leading `./` on discovered files.
pub fn display_path(path: &Path) -> String {
    let s = crate::paths::slash(path);
    match s.strip_prefix("./") {
        Some(rest) if !rest.is_empty() => rest.to_string(),
        _ => s,
    }
}

/// Decides which discovered files and directories to skip (the config's `exclude`).
pub type PathFilter = Arc<dyn Fn(&Path) -> bool + Send + Sync>;

/// Expands the command-line paths into the files to check ([`crate::walk::discover`], which
/// also says which files were skipped and why).
pub fn discover(paths: &[PathBuf], skip: Option<PathFilter>) -> (Vec<PathBuf>, Vec<PathError>) {
    let found = crate::walk::discover(paths, skip);
    (found.files, found.errors)
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

/// Checks one file's bytes, with the routing rules when a roster run is given. A panic while
/// checking it (a bug) becomes an `internal-error` finding for this file alone.
pub fn check_bytes_with(name: &str, bytes: Vec<u8>, roster: Option<&RosterRun>) -> FileResult {
    crate::isolate::catch(|| check_bytes_unguarded(name, bytes, roster))
        .unwrap_or_else(|panic| internal_error(SourceFile::new(name, ""), &panic))
}

/// The result of a file whose check panicked: one `internal-error` finding at its start.
pub fn internal_error(source: SourceFile, panic: &str) -> FileResult {
    let finding = Finding::new(
        &rules::internal_error::RULE,
        source.first_line(),
        format!("streamlint failed while checking this file: {panic}"),
    )
    .help(crate::isolate::REPORT_REQUEST);
    FileResult {
        source,
        findings: vec![finding],
    }
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

fn check_bytes_unguarded(name: &str, bytes: Vec<u8>, roster: Option<&RosterRun>) -> FileResult {
    if std::env::var_os(PANIC_ON).is_some_and(|v| v == name) {
        panic!("fault injected by {PANIC_ON}");
    }
    match parse::decode(name, bytes) {
        (source, None) => check_source_with(source, roster),
        (source, Some(finding)) => FileResult {
            source,
            findings: vec![finding],
        },
    }
}

/// Checks one decoded file: parse, then (if valid) every stream rule.
pub fn check_source(source: SourceFile) -> FileResult {
    check_source_with(source, None)
}

/// Like [`check_source`]; with a roster run, the routing rules run too and the valid stream is
/// kept for the roster's own rules.
pub fn check_source_with(source: SourceFile, roster: Option<&RosterRun>) -> FileResult {
    let parsed = parse::parse_stream(&source);
    let mut findings = parsed.findings;
    // The reader capped its own findings ([`crate::cap`]); the rules' are capped below, sorted.
    let rules_ran = parsed.model.is_some();
    if let Some(stream) = parsed.model {
        findings.extend(rules::check_stream_with_roster(
            &source,
            &stream,
            roster.map(|r| &r.roster),
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
    FileResult { source, findings }
}

/// A `check --roster` run: the roster, and the valid streams checked with it, which the rules
/// about the roster file itself look at.
pub struct RosterRun {
    pub source: SourceFile,
    pub roster: Roster,
    /// Filled by files checked in parallel.
    streams: Mutex<Vec<(String, Stream)>>,
}

impl RosterRun {
    pub fn new(source: SourceFile, roster: Roster) -> Self {
        RosterRun {
            source,
            roster,
            streams: Mutex::new(Vec::new()),
        }
    }

    /// The roster file's own result, once every stream is checked.
    pub fn finish(self) -> FileResult {
        let mut streams = self
            .streams
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        // Parallel checking fills this in any order; the roster's rules see file order.
        streams.sort_by(|a, b| a.0.cmp(&b.0));
        match crate::isolate::catch(|| rules::check_roster(&self.source, &self.roster, &streams)) {
            Ok(mut findings) => {
                // Teams reached through aliases are checked once per alias.
                rules::dedup(&mut findings);
                FileResult {
                    source: self.source,
                    findings,
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
    let name = display_path(path);
    let bytes = crate::input::read_path(path).map_err(|e| {
        LoadError::Unreadable(PathError {
            path: name.clone(),
            message: io_message(&e),
        })
    })?;
    let (source, finding) = parse::decode(&name, bytes);
    if let Some(f) = finding {
        return Err(LoadError::Invalid(FileResult {
            source,
            findings: vec![f],
        }));
    }
    let parsed = parse(&source);
    match parsed.model {
        Some(model) => Ok((source, model)),
        None => {
            // A mapping reached through several aliases is read once per alias: one finding
            // per place in the file is enough.
            let mut findings = parsed.findings;
            rules::dedup(&mut findings);
            Err(LoadError::Invalid(FileResult { source, findings }))
        }
    }
}

/// Checks files from disk, with the routing rules when a roster run is given. Files are checked
/// in parallel (they are independent); results keep the order of `files`. Unreadable files are
/// path errors; every other file gets a result.
pub fn check_files_with(
    files: &[PathBuf],
    roster: Option<&RosterRun>,
) -> (Vec<FileResult>, Vec<PathError>) {
    use rayon::prelude::*;
    let outcomes: Vec<Result<FileResult, PathError>> = files
        .par_iter()
        .map(|path| match crate::input::read_path(path) {
            Ok(bytes) => Ok(check_bytes_with(&display_path(path), bytes, roster)),
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
