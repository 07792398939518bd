//! Findings: what rules report, before any output format is chosen.

use crate::rule_meta::RuleMeta;
use crate::source::Span;

pub use crate::rule_meta::Severity;

/// A secondary place shown with a finding.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// One problem found in one file.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The rule's stable name.
    pub rule: &'static str,
    pub severity: Severity,
    /// Lower-case, no trailing period.
    pub message: String,
    pub help: Option<String>,
    /// The primary span: where the finding points.
    pub span: Span,
    /// Text under the primary span in the human report (for path findings: the path in words).
    pub label: Option<String>,
    pub related: Vec<Label>,
    /// The id of the card concerned, if it has one.
    pub card: Option<String>,
    /// For findings about what a visitor meets: the answers and conditions of one shortest path.
    pub path: Option<Vec<String>>,
}

impl Finding {
    /// A finding of `rule` at `span`, with the rule's default severity.
    pub fn new(rule: &RuleMeta, span: Span, message: impl Into<String>) -> Self {
        Finding {
            rule: rule.name,
            severity: rule.default_severity,
            message: message.into(),
            help: None,
            span,
            label: None,
            related: Vec::new(),
            card: None,
            path: None,
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn related(mut self, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn card(mut self, card: Option<&str>) -> Self {
        self.card = card.map(str::to_string);
        self
    }

    pub fn path(mut self, path: Vec<String>) -> Self {
        self.path = Some(path);
        self
    }

    /// The order of the JSON contract: line, column, rule (the file is sorted by the caller).
    pub fn sort_key(&self) -> (u32, u32, &'static str, &str) {
        (
            self.span.start.line,
            self.span.start.column,
            self.rule,
            &self.message,
        )
    }
}
