//! What every layer knows about a rule: its name, default severity, category, documentation and
//! the flags that say how the rest of the pipeline treats it. The bottom of the crate: it imports
//! nothing from it, so the parser, findings, config and suppressions can all use it.
//!
//! The rules attach their checks to this metadata in [`crate::rules`], whose registry
//! ([`crate::rules::ALL`]) is the one list of rules.

use std::fmt;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// A rule's family, for `streamlint rules` and the docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    /// The product's documented best practices for live chat cards.
    Placement,
    /// The shape and wiring of a stream.
    Structure,
    /// Routes, rules and the roster they name (need `--roster`).
    Routing,
    /// Suppression comments and the config's rule settings.
    Suppression,
}

impl Category {
    pub fn title(self) -> &'static str {
        match self {
            Category::Placement => "Placement",
            Category::Structure => "Structure",
            Category::Routing => "Routing",
            Category::Suppression => "Suppression",
        }
    }
}

/// A rule's identity and documentation, without its check.
#[derive(Debug, Clone, Copy)]
pub struct RuleMeta {
    /// Stable kebab-case name; never changes once released.
    pub name: &'static str,
    pub default_severity: Severity,
    pub category: Category,
    /// One line, lower-case, no trailing period.
    pub summary: &'static str,
    /// The documentation (markdown), from the rule's doc comment.
    pub doc: &'static str,
    /// Whether a suppression comment may silence it and the config may lower it. `false` for the
    /// rules that say a file is not a valid stream at all: such a file always fails.
    pub suppressible: bool,
    /// Whether it judges paths from where conversations start, which a flow file checked on its
    /// own does not know: it does not run there, so its suppressions there are never unused.
    pub needs_conversation_start: bool,
    /// Whether, in a flow file, it also judges what the streams embedding the flow put around it
    /// (the cards after the flow, the cards before it): such findings are reported in the flow
    /// file only when a stream that embeds it is checked in the same run, so a flow file checked
    /// on its own never calls its suppressions unused (docs/flows.md).
    pub judged_where_embedded: bool,
}

impl RuleMeta {
    /// The documentation with the one leading space of each `///` line removed.
    pub fn documentation(&self) -> String {
        self.doc
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_string()
    }

    /// The body of one `## TITLE` section of the documentation, trimmed.
    pub fn section(&self, title: &str) -> Option<String> {
        let doc = self.documentation();
        let heading = format!("## {title}");
        let mut lines = doc.lines().skip_while(|l| l.trim_end() != heading);
        lines.next()?;
        let body: Vec<&str> = lines.take_while(|l| !l.starts_with("## ")).collect();
        Some(body.join("\n").trim().to_string())
    }
}

/// Declares a rule's metadata from its doc comment: `declare_meta!(NAME = { ... })` defines
/// `pub const NAME: RuleMeta`. Used by [`crate::rules`]' `declare_rule!` and by the layers that
/// emit findings of their own (the parser's `syntax` and `schema`).
macro_rules! declare_meta {
    (
        $(#[doc = $doc:literal])*
        $vis:vis const $ident:ident = {
            name: $name:literal,
            severity: $severity:ident,
            category: $category:ident,
            summary: $summary:literal
            $(, suppressible: $suppressible:literal)?
            $(, needs_conversation_start: $needs_start:literal)?
            $(, judged_where_embedded: $embedded:literal)? $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        $vis const $ident: $crate::rule_meta::RuleMeta = $crate::rule_meta::RuleMeta {
            name: $name,
            default_severity: $crate::rule_meta::Severity::$severity,
            category: $crate::rule_meta::Category::$category,
            summary: $summary,
            doc: concat!($($doc, "\n"),*),
            suppressible: or_default!(true $(, $suppressible)?),
            needs_conversation_start: or_default!(false $(, $needs_start)?),
            judged_where_embedded: or_default!(false $(, $embedded)?),
        };
    };
}

/// The given value, or the default when absent.
macro_rules! or_default {
    ($default:expr) => {
        $default
    };
    ($default:expr, $e:expr) => {
        $e
    };
}

/// The candidate closest to `word`, if one is close enough to be what was meant.
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(word, c), *c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}
