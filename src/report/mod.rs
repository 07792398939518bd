//! Output formats. Each takes the finished [`CheckResult`](crate::check::CheckResult) and writes
//! text; none of them decides anything.

pub mod coverage;
pub mod diff;
pub mod escape;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod rule_list;
pub mod sarif;
pub mod short;
pub mod simulate;
mod snippet_source;
pub mod statistics;
pub mod summary_md;

use crate::check::CheckResult;
use crate::finding::Severity;

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `2 errors, 1 warning in 3 files`.
pub fn summary_line(result: &CheckResult) -> String {
    format!(
        "{}, {} in {}",
        plural(result.count(Severity::Error), "error", "errors"),
        plural(result.count(Severity::Warning), "warning", "warnings"),
        plural(result.files.len(), "file", "files"),
    )
}
