//! Findings: what rules report, before any output format is chosen.

use crate::rule_meta::RuleMeta;
use crate::source::Span;

pub use crate::rule_meta::Severity;

/// A secondary place shown with a finding.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub span: Span,
    pub message: String,
    /// The file the label points into, when it is not the finding's own file (a card of the
    /// embedding stream labelled on a finding inside a flow). Filled in by the check once the
    /// run's files are known; `None` means the finding's file.
    pub file: Option<String>,
}

/// One `flow` card on the way from the checked stream into the file a finding points into:
/// findings inside embedded flows carry the chain, outermost first.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Via {
    /// The file holding the `flow` card, as reports name it.
    pub file: String,
    /// The `flow` card's `flow:` value.
    pub span: Span,
}

impl Via {
    /// `pricing.stream.yaml:14:11`.
    pub fn position(&self) -> String {
        format!(
            "{}:{}:{}",
            self.file, self.span.start.line, self.span.start.column
        )
    }
}

/// `embedded by pricing.stream.yaml:14:11 -> qualify.flow.yaml:9:11`, or `None` for a finding
/// reached without embedding.
pub fn describe_via(via: &[Via]) -> Option<String> {
    (!via.is_empty()).then(|| {
        let chain: Vec<String> = via.iter().map(Via::position).collect();
        format!("embedded by {}", chain.join(" -> "))
    })
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
    /// For a finding inside an embedded flow: the `flow` cards that embed it, outermost first
    /// (the first names the stream it was found through). Empty otherwise.
    pub via: Vec<Via>,
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
            via: Vec::new(),
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
            file: None,
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

    pub fn via(mut self, via: &[Via]) -> Self {
        self.via = via.to_vec();
        self
    }

    /// The stream a finding inside an embedded flow was found through (the file of the
    /// outermost `flow` card); `None` for a finding reached without embedding.
    pub fn via_stream(&self) -> Option<&str> {
        self.via.first().map(|v| v.file.as_str())
    }

    /// The order of the JSON contract: line, column, rule (the file is sorted by the caller);
    /// then the stream a flow's finding was found through.
    pub fn sort_key(&self) -> (u32, u32, &'static str, &str, &str) {
        (
            self.span.start.line,
            self.span.start.column,
            self.rule,
            &self.message,
            self.via_stream().unwrap_or(""),
        )
    }
}
