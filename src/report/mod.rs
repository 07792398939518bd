//! Output formats. Each renders one file's part of a report at a time (so `check` can write a
//! file's part as soon as the file is final and let go of it), plus whatever opens and closes the
//! report; each also renders a finished [`CheckResult`](crate::check::CheckResult) whole. None of
//! them decides anything.

pub mod coverage;
pub mod diff;
pub mod escape;
pub mod github;
pub mod human;
mod human_fast;
pub mod json;
pub mod junit;
pub mod rule_list;
pub mod sarif;
pub mod short;
pub mod simulate;
mod snippet_source;
pub mod statistics;
pub mod summary_md;

use std::collections::BTreeMap;

use crate::check::{CheckResult, FileResult};
use crate::finding::Severity;

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// What a report's summary counts, added up file by file as the files are reported.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Totals {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    /// Paths found in directories and not checked, by reason (a key of
    /// [`crate::walk::reason_key`]).
    pub skipped: BTreeMap<&'static str, usize>,
}

impl Totals {
    /// The totals of a finished result (nothing skipped).
    pub fn of(result: &CheckResult) -> Totals {
        let mut totals = Totals::default();
        for file in &result.files {
            totals.add_file(file);
        }
        totals
    }

    /// Counts one reported file and its findings.
    pub fn add_file(&mut self, file: &FileResult) {
        self.files += 1;
        for f in &file.findings {
            match f.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
            }
        }
    }

    pub fn skipped_count(&self) -> usize {
        self.skipped.values().sum()
    }
}

/// `2 errors, 1 warning in 3 files`, and when paths were skipped in directories how many and
/// why: `; 2 paths skipped (1 excluded, 1 symlink-loop)` (a false "clean" must not look clean).
pub fn summary_line(totals: &Totals) -> String {
    let mut line = format!(
        "{}, {} in {}",
        plural(totals.errors, "error", "errors"),
        plural(totals.warnings, "warning", "warnings"),
        plural(totals.files, "file", "files"),
    );
    let skipped = totals.skipped_count();
    if skipped > 0 {
        let why: Vec<String> = totals
            .skipped
            .iter()
            .map(|(reason, n)| format!("{n} {reason}"))
            .collect();
        line.push_str(&format!(
            "; {} skipped ({})",
            plural(skipped, "path", "paths"),
            why.join(", ")
        ));
    }
    line
}

/// Appends a pretty-printed JSON value as an element of an array whose elements are indented by
/// `indent` (serde_json's pretty layout, so a report written element by element is the same
/// text as the whole value printed at once).
pub(crate) fn push_indented(out: &mut String, pretty: &str, indent: &str) {
    for (i, line) in pretty.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(indent);
        out.push_str(line);
    }
}

/// A JSON array written element by element: `[` before the first element, `,` between, and
/// `]` (or `[]` when nothing came) at the end, in serde_json's pretty layout.
#[derive(Debug)]
pub struct ArrayWriter {
    /// The indentation of the line holding the array's key.
    key_indent: &'static str,
    any: bool,
}

impl ArrayWriter {
    pub fn new(key_indent: &'static str) -> Self {
        ArrayWriter {
            key_indent,
            any: false,
        }
    }

    /// What goes before `elements` (already indented and joined by `,\n`); nothing for none.
    pub fn before(&mut self, elements: &str) -> &'static str {
        if elements.is_empty() {
            ""
        } else if std::mem::replace(&mut self.any, true) {
            ",\n"
        } else {
            "[\n"
        }
    }

    /// What closes the array.
    pub fn close(&self) -> String {
        if self.any {
            format!("\n{}]", self.key_indent)
        } else {
            "[]".to_string()
        }
    }
}
