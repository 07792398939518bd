//! Files named by flags (`--roster`, `--visitors`, the stream to simulate): a missing file is exit
//! 2; an invalid one prints its diagnostics on stderr, in the human format, pointing into it.

use std::path::Path;
use std::sync::Arc;

use crate::check::{self, CheckResult, LoadError, RosterRun};
use crate::flows::{Loaded, Workspace};
use crate::parse::{self, yaml, Parsed};
use crate::source::SourceFile;

use super::say;

/// The parsed file, or the exit code after saying why it cannot be used. `invalid_exit` is the
/// code for a file that is not a valid `what` file.
pub fn load<T>(
    path: &Path,
    what: &str,
    parse: fn(&SourceFile) -> Parsed<T>,
    color: bool,
    invalid_exit: i32,
) -> Result<(SourceFile, T), i32> {
    load_with_document(path, what, parse, color, invalid_exit)
        .map(|(source, model, _)| (source, model))
}

/// Like [`load`], also keeping the file's spanned YAML.
fn load_with_document<T>(
    path: &Path,
    what: &str,
    parse: fn(&SourceFile) -> Parsed<T>,
    color: bool,
    invalid_exit: i32,
) -> Result<(SourceFile, T, Option<yaml::Document>), i32> {
    match check::load_file_with_document(path, parse) {
        Ok(loaded) => Ok(loaded),
        Err(LoadError::Unreadable(e)) => {
            say!("error: {}: {}", e.path, e.message);
            Err(super::EXIT_TROUBLE)
        }
        Err(LoadError::Invalid(file)) => {
            let name = file.source.name.clone();
            let result = CheckResult {
                files: vec![file],
                path_errors: Vec::new(),
            };
            eprint!("{}", crate::report::human::render(&result, color, true));
            say!("error: {name} is not a valid {what} file");
            Err(invalid_exit)
        }
    }
}

/// `--roster FILE`: an invalid roster is exit 2, as the tool cannot do its job.
pub fn roster(path: &Path, color: bool) -> Result<RosterRun, i32> {
    load_with_document(
        path,
        "roster",
        parse::parse_roster,
        color,
        super::EXIT_TROUBLE,
    )
    .map(|(source, roster, document)| RosterRun::new(source, roster, document))
}

/// A stream for a command that follows its flows (`simulate`, `graph`), read through the run's
/// file table as `check` reads it. The result holds a valid stream (`loaded.stream` is set); an
/// unreadable file is exit 2, an invalid one prints its findings and is exit 1.
pub fn stream_with_flows(
    workspace: &Workspace,
    path: &Path,
    color: bool,
) -> Result<Arc<Loaded>, i32> {
    let shown = check::display_path(path);
    let loaded = match workspace.load(path, &shown) {
        Ok(loaded) => loaded,
        Err(message) => {
            say!("error: {shown}: {message}");
            return Err(super::EXIT_TROUBLE);
        }
    };
    if loaded.stream.is_none() {
        let result = check::group_by_file(workspace, loaded.parse_findings.clone());
        eprint!("{}", crate::report::human::render(&result, color, true));
        say!("error: {shown} is not a valid stream file");
        return Err(super::EXIT_FINDINGS);
    }
    Ok(loaded)
}
