//! The lint rules: one file per rule, each declaring itself with [`declare_rule!`].
//!
//! A rule's doc comment is its documentation: `streamlint explain`, `docs/rules.md` and SARIF rule
//! descriptions all come from it. [`ALL`] is the registry; adding a rule means adding its file and
//! one line there.

use crate::finding::{Finding, Severity};
use crate::graph::{Graph, NodeIx};
use crate::model::{Roster, Stream};
use crate::source::SourceFile;

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

/// Everything a stream rule may look at. Built once per file; rules never re-read the YAML.
pub struct StreamContext<'a> {
    pub source: &'a SourceFile,
    pub stream: &'a Stream,
    pub graph: &'a Graph<'a>,
    /// The roster given with `--roster`; routing rules skip silently without one.
    pub roster: Option<&'a Roster>,
}

pub type StreamCheck = fn(&StreamContext, &mut Vec<Finding>);

/// What a rule about the roster file itself may look at: its findings point into the roster.
pub struct RosterContext<'a> {
    pub source: &'a SourceFile,
    pub roster: &'a Roster,
    /// The valid streams checked with this roster in the same run, with their file names.
    pub streams: &'a [(String, Stream)],
}

pub type RosterCheck = fn(&RosterContext, &mut Vec<Finding>);

pub struct Rule {
    /// Stable kebab-case name; never changes once released.
    pub name: &'static str,
    pub default_severity: Severity,
    pub category: Category,
    /// One line, lower-case, no trailing period.
    pub summary: &'static str,
    /// The documentation (markdown), from the rule's doc comment.
    pub doc: &'static str,
    /// `None` for rules whose findings come from elsewhere (the parser for `syntax`, `schema`).
    pub check: Option<StreamCheck>,
    /// Checks of the roster file, run once per run with `--roster`.
    pub roster_check: Option<RosterCheck>,
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule").field("name", &self.name).finish()
    }
}

impl Rule {
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

/// Declares a rule: its doc comment becomes its documentation.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        name: $name:literal,
        severity: $severity:ident,
        category: $category:ident,
        summary: $summary:literal,
        check: $check:expr
        $(, roster_check: $roster_check:expr)? $(,)?
    ) => {
        $(#[doc = $doc])*
        pub static RULE: $crate::rules::Rule = $crate::rules::Rule {
            name: $name,
            default_severity: $crate::finding::Severity::$severity,
            category: $crate::rules::Category::$category,
            summary: $summary,
            doc: concat!($($doc, "\n"),*),
            check: $check,
            roster_check: or_none!($($roster_check)?),
        };
    };
}

/// The macro argument, or `None` when it is absent.
macro_rules! or_none {
    () => {
        None
    };
    ($e:expr) => {
        $e
    };
}

pub mod answer_without_follow_up;
pub mod docs;
pub mod duplicate_answer;
pub mod duplicate_card_id;
pub mod empty_branch;
pub mod empty_team;
pub mod info_capture_missing_name_email;
pub mod internal_error;
pub mod invalid_target_url;
pub mod live_chat_not_last;
pub mod live_chat_without_info_capture;
pub mod live_chat_without_question;
pub mod no_fallback_message;
pub mod poke_not_first;
pub mod routes;
pub mod schema;
pub mod shadowed_rule;
pub mod suppression_without_reason;
pub mod syntax;
pub mod token_without_default;
pub mod unknown_agent;
pub mod unknown_rule;
pub mod unknown_team;
pub mod unreachable_card;
pub mod unreachable_route;
pub mod unused_suppression;

/// Every rule, in documentation order.
pub static ALL: &[&Rule] = &[
    &live_chat_not_last::RULE,
    &live_chat_without_question::RULE,
    &info_capture_missing_name_email::RULE,
    &live_chat_without_info_capture::RULE,
    &syntax::RULE,
    &schema::RULE,
    &duplicate_card_id::RULE,
    &duplicate_answer::RULE,
    &empty_branch::RULE,
    &unreachable_card::RULE,
    &answer_without_follow_up::RULE,
    &poke_not_first::RULE,
    &invalid_target_url::RULE,
    &token_without_default::RULE,
    &unknown_agent::RULE,
    &unknown_team::RULE,
    &empty_team::RULE,
    &shadowed_rule::RULE,
    &unreachable_route::RULE,
    &no_fallback_message::RULE,
    &unknown_rule::RULE,
    &unused_suppression::RULE,
    &suppression_without_reason::RULE,
    &internal_error::RULE,
];

/// Looks a rule up by name.
pub fn find(name: &str) -> Option<&'static Rule> {
    ALL.iter().copied().find(|r| r.name == name)
}

/// Runs every stream rule, the routing rules too when a roster is given. Findings from cards
/// reused through aliases repeat at the same place; they are reported once.
pub fn check_stream_with_roster(
    source: &SourceFile,
    stream: &Stream,
    roster: Option<&Roster>,
) -> Vec<Finding> {
    let graph = Graph::build(stream);
    let cx = StreamContext {
        source,
        stream,
        graph: &graph,
        roster,
    };
    let mut findings = Vec::new();
    for rule in ALL {
        if let Some(check) = rule.check {
            check(&cx, &mut findings);
        }
    }
    dedup(&mut findings);
    findings
}

/// Runs the rules about the roster file itself; `streams` are the valid streams of the run.
pub fn check_roster(
    source: &SourceFile,
    roster: &Roster,
    streams: &[(String, Stream)],
) -> Vec<Finding> {
    let cx = RosterContext {
        source,
        roster,
        streams,
    };
    let mut findings = Vec::new();
    for rule in ALL {
        if let Some(check) = rule.roster_check {
            check(&cx, &mut findings);
        }
    }
    dedup(&mut findings);
    findings
}

/// Sorts by position and rule, and drops exact repeats.
pub fn dedup(findings: &mut Vec<Finding>) {
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings.dedup_by(|a, b| a.rule == b.rule && a.span == b.span && a.message == b.message);
}

impl StreamContext<'_> {
    /// Whether the path rules apply: a flow file alone does not know where conversations start.
    pub fn is_flow(&self) -> bool {
        self.stream.kind == crate::model::StreamKind::Flow
    }

    /// The card id of an occurrence, for the JSON `card` field.
    pub fn card_id(&self, ix: NodeIx) -> Option<&str> {
        self.graph.nodes[ix]
            .card
            .id
            .as_ref()
            .map(|s| s.value.as_str())
    }
}
