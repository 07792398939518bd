//! `--roster FILE` for `check` and `simulate`: a missing or invalid roster stops the command
//! (exit 2) with its diagnostics, in the human format, pointing into the roster file.

use std::path::Path;

use crate::check::{self, CheckResult, RosterError, RosterRun};

/// The roster run, or the exit code after reporting why the roster cannot be used.
pub fn load(path: &Path, color: bool) -> Result<RosterRun, i32> {
    match check::load_roster(path) {
        Ok((source, roster)) => Ok(RosterRun::new(source, roster)),
        Err(RosterError::Unreadable(e)) => {
            eprintln!("error: {}: {}", e.path, e.message);
            Err(super::EXIT_TROUBLE)
        }
        Err(RosterError::Invalid(file)) => {
            let name = file.source.name.clone();
            let result = CheckResult {
                files: vec![file],
                path_errors: Vec::new(),
            };
            eprint!("{}", crate::report::human::render(&result, color, true));
            eprintln!("error: {name} is not a valid roster file");
            Err(super::EXIT_TROUBLE)
        }
    }
}
