//! A cap on findings per file per rule. A file of two million bad cards has two million
//! findings, and holding, sorting and printing them all costs gigabytes and helps nobody: after
//! [`MAX_FINDINGS_PER_RULE`] findings of one rule in one file, the rest are counted, and one
//! more finding of that rule says how many were not shown. The reader of a file caps as it goes
//! ([`Cap::admit`]), so memory stays bounded while the file is read; the rules' findings are
//! capped once sorted ([`cap`]).

use crate::finding::Finding;
use crate::source::FileId;

/// What is capped: one rule's findings in one file.
type CapKey = (&'static str, FileId);

/// The most findings of one rule shown for one file.
pub const MAX_FINDINGS_PER_RULE: usize = 100;

/// Counts per rule, for capping findings as they are made.
#[derive(Debug, Default)]
pub struct Cap {
    /// Per rule and file it points into (a stream's findings may point into the flows it
    /// embeds): findings admitted, findings dropped, the first finding dropped.
    rules: Vec<(CapKey, usize, usize, Option<Finding>)>,
}

impl Cap {
    /// Whether `finding` is kept; when not, it is counted.
    pub fn admit(&mut self, finding: &Finding) -> bool {
        let key = (finding.rule, finding.span.start.file);
        let i = match self.rules.iter().position(|r| r.0 == key) {
            Some(i) => i,
            None => {
                self.rules.push((key, 0, 0, None));
                self.rules.len() - 1
            }
        };
        let entry = &mut self.rules[i];
        if entry.1 < MAX_FINDINGS_PER_RULE {
            entry.1 += 1;
            true
        } else {
            entry.2 += 1;
            if entry.3.is_none() {
                entry.3 = Some(finding.clone());
            }
            false
        }
    }

    /// One finding per rule that dropped some, saying how many.
    pub fn summaries(self) -> Vec<Finding> {
        self.rules
            .into_iter()
            .filter_map(|(_, _, dropped, first)| Some(summary(first?, dropped)))
            .collect()
    }
}

/// "N more findings": at the place of the first one not shown, of the same rule and severity.
fn summary(first_dropped: Finding, dropped: usize) -> Finding {
    let rule = first_dropped.rule;
    Finding {
        message: format!(
            "{dropped} more `{rule}` {} in this file not shown (only the first \
             {MAX_FINDINGS_PER_RULE} of a rule are)",
            if dropped == 1 { "finding" } else { "findings" }
        ),
        help: Some("fix these first, then check again to see the rest".to_string()),
        label: None,
        related: Vec::new(),
        card: None,
        path: None,
        ..first_dropped
    }
}

/// Caps findings already made (sorted: the first ones of each rule are kept), adding the
/// summaries.
pub fn cap(findings: &mut Vec<Finding>) {
    let mut cap = Cap::default();
    findings.retain(|f| cap.admit(f));
    findings.extend(cap.summaries());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule_meta::{Category, RuleMeta, Severity};
    use crate::source::Span;

    /// Stand-ins for the parser's rules (this module is below `parse` and `rules`).
    const fn meta(name: &'static str) -> RuleMeta {
        RuleMeta {
            name,
            default_severity: Severity::Error,
            category: Category::Structure,
            summary: "",
            doc: "",
            suppressible: false,
            needs_conversation_start: false,
            judged_where_embedded: false,
        }
    }
    const SCHEMA: RuleMeta = meta("schema");
    const SYNTAX: RuleMeta = meta("syntax");

    #[test]
    fn the_first_findings_of_each_rule_are_kept_and_the_rest_counted() {
        let mut findings: Vec<Finding> = (0..250)
            .map(|i| Finding::new(&SCHEMA, Span::default(), format!("m{i}")))
            .chain(std::iter::once(Finding::new(&SYNTAX, Span::default(), "s")))
            .collect();
        cap(&mut findings);
        assert_eq!(findings.len(), MAX_FINDINGS_PER_RULE + 2);
        let last = findings.last().unwrap();
        assert_eq!(last.rule, "schema");
        assert!(
            last.message.starts_with("150 more `schema` findings"),
            "{}",
            last.message
        );
    }
}
