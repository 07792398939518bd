//! `check --statistics`: how many findings each rule produced, instead of the findings.
//!
//! Human (and short) output is an aligned table, most frequent rule first:
//!
//! ```text
//! count  rule                   severity
//!     3  empty-branch           error
//!     1  token-without-default  warning
//! ```
//!
//! With `--format json` it is an object in the spirit of the JSON report (same `version`,
//! `files`, `errors` and `warnings` keys), with `statistics` in place of `diagnostics`:
//! `{"version": 1, "files": 2, "errors": 3, "warnings": 1, "statistics": [{"rule":
//! "empty-branch", "severity": "error", "count": 3}]}`. A rule appears once per severity it was
//! reported at (a config may change a rule's severity); rules that found nothing are left out.
//! Ties are broken by rule name, so the order is stable.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::Serialize;

use super::Totals;
use crate::check::{CheckResult, FileResult};
use crate::finding::Severity;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleCount {
    pub rule: &'static str,
    pub severity: Severity,
    pub count: usize,
}

/// Findings counted per (rule, severity), file by file.
#[derive(Debug, Default, Clone)]
pub struct RuleCounts(BTreeMap<(&'static str, Severity), usize>);

impl RuleCounts {
    pub fn add_file(&mut self, file: &FileResult) {
        for f in &file.findings {
            *self.0.entry((f.rule, f.severity)).or_default() += 1;
        }
    }

    /// Adds another file's counts.
    pub fn merge(&mut self, other: RuleCounts) {
        for (key, n) in other.0 {
            *self.0.entry(key).or_default() += n;
        }
    }

    pub fn of(result: &CheckResult) -> RuleCounts {
        let mut counts = RuleCounts::default();
        for file in &result.files {
            counts.add_file(file);
        }
        counts
    }

    /// Counts per (rule, severity), in (rule, severity) order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, Severity, usize)> + '_ {
        self.0
            .iter()
            .map(|(&(rule, severity), &n)| (rule, severity, n))
    }
}

/// Counts per (rule, severity), most frequent first, then by rule name.
pub fn counts(counted: &RuleCounts) -> Vec<RuleCount> {
    let mut out: Vec<RuleCount> = counted
        .iter()
        .map(|(rule, severity, count)| RuleCount {
            rule,
            severity,
            count,
        })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then(a.rule.cmp(b.rule)));
    out
}

/// The aligned table; nothing at all when there is nothing to count.
pub fn render_table(counted: &RuleCounts) -> String {
    let rows = counts(counted);
    if rows.is_empty() {
        return String::new();
    }
    let count_w = rows
        .iter()
        .map(|r| r.count.to_string().len())
        .max()
        .unwrap_or(0)
        .max("count".len());
    let rule_w = rows
        .iter()
        .map(|r| r.rule.len())
        .max()
        .unwrap_or(0)
        .max("rule".len());
    let mut out = String::new();
    let _ = writeln!(out, "{:>count_w$}  {:<rule_w$}  severity", "count", "rule");
    for r in rows {
        let _ = writeln!(
            out,
            "{:>count_w$}  {:<rule_w$}  {}",
            r.count, r.rule, r.severity
        );
    }
    out
}

#[derive(Serialize)]
struct JsonStatistics<'a> {
    version: u32,
    files: usize,
    errors: usize,
    warnings: usize,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    skipped: &'a BTreeMap<&'static str, usize>,
    statistics: Vec<RuleCount>,
}

pub fn render_json(counted: &RuleCounts, totals: &Totals) -> String {
    let report = JsonStatistics {
        version: 1,
        files: totals.files,
        errors: totals.errors,
        warnings: totals.warnings,
        skipped: &totals.skipped,
        statistics: counts(counted),
    };
    let mut out = serde_json::to_string_pretty(&report).expect("statistics serialise");
    out.push('\n');
    out
}
