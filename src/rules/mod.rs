//! The lint rules: one file per rule, each declaring itself with [`declare_rule!`].
//!
//! A rule's doc comment is its documentation: `streamlint explain`, `docs/rules.md` and SARIF rule
//! descriptions all come from it. [`ALL`] is the registry; adding a rule means adding its file and
//! one line there. A rule's metadata ([`RuleMeta`]) lives at the bottom of the crate
//! ([`crate::rule_meta`]) so lower layers can name rules; a [`Rule`] attaches its checks to it.

use crate::finding::Finding;
use crate::graph::{Graph, NodeIx};
use crate::model::{Roster, Stream};
use crate::source::SourceFile;

pub use crate::rule_meta::{Category, RuleMeta, Severity};

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

/// A rule: its metadata ([`RuleMeta`], which the lower layers use) and its checks.
pub struct Rule {
    pub meta: RuleMeta,
    /// `None` for rules whose findings are made elsewhere (the parser, the config, the
    /// suppression comments); their documentation says where.
    pub check: Option<StreamCheck>,
    /// Checks of the roster file, run once per run with `--roster`.
    pub roster_check: Option<RosterCheck>,
}

impl Rule {
    /// A rule whose findings are made outside the rules (the parser's `syntax` and `schema`).
    pub const fn without_check(meta: RuleMeta) -> Rule {
        Rule {
            meta,
            check: None,
            roster_check: None,
        }
    }
}

impl std::ops::Deref for Rule {
    type Target = RuleMeta;

    fn deref(&self) -> &RuleMeta {
        &self.meta
    }
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule").field("name", &self.name).finish()
    }
}

/// Declares a rule: its doc comment becomes its documentation; the flags of [`RuleMeta`] may
/// follow the summary (`suppressible: false`, `needs_conversation_start: true`,
/// `judged_where_embedded: true`).
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        name: $name:literal,
        severity: $severity:ident,
        category: $category:ident,
        summary: $summary:literal,
        $(suppressible: $suppressible:literal,)?
        $(needs_conversation_start: $needs_start:literal,)?
        $(judged_where_embedded: $embedded:literal,)?
        check: $check:expr
        $(, roster_check: $roster_check:expr)? $(,)?
    ) => {
        $(#[doc = $doc])*
        pub static RULE: $crate::rules::Rule = $crate::rules::Rule {
            meta: {
                declare_meta! {
                    $(#[doc = $doc])*
                    const META = {
                        name: $name,
                        severity: $severity,
                        category: $category,
                        summary: $summary
                        $(, suppressible: $suppressible)?
                        $(, needs_conversation_start: $needs_start)?
                        $(, judged_where_embedded: $embedded)?
                    }
                }
                META
            },
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
pub mod duplicate_answer;
pub mod duplicate_card_id;
pub mod duplicate_visitor;
pub mod empty_branch;
pub mod empty_team;
pub mod expect_not_in_roster;
pub mod flow_cycle;
pub mod flow_not_found;
pub mod info_capture_missing_name_email;
pub mod internal_error;
pub mod invalid_target_url;
pub mod live_chat_not_last;
pub mod live_chat_without_info_capture;
pub mod live_chat_without_question;
pub mod no_fallback_message;
pub mod poke_not_first;
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
pub mod unread_visitor_attribute;
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
    &flow_not_found::RULE,
    &flow_cycle::RULE,
    &invalid_target_url::RULE,
    &token_without_default::RULE,
    &unknown_agent::RULE,
    &unknown_team::RULE,
    &empty_team::RULE,
    &shadowed_rule::RULE,
    &unreachable_route::RULE,
    &no_fallback_message::RULE,
    &expect_not_in_roster::RULE,
    &unread_visitor_attribute::RULE,
    &duplicate_visitor::RULE,
    &unknown_rule::RULE,
    &unused_suppression::RULE,
    &suppression_without_reason::RULE,
    &internal_error::RULE,
];

/// Looks a rule up by name.
pub fn find(name: &str) -> Option<&'static Rule> {
    ALL.iter().copied().find(|r| r.name == name)
}

/// Whether findings of the rule named `name` may be suppressed or lowered (names of no rule: yes,
/// there is nothing to protect).
pub fn is_suppressible(name: &str) -> bool {
    find(name).is_none_or(|r| r.suppressible)
}

/// The rule name closest to `name`, if one is close enough to be what was meant.
pub fn suggest_rule(name: &str) -> Option<&'static str> {
    let names: Vec<&'static str> = ALL.iter().map(|r| r.name).collect();
    crate::rule_meta::did_you_mean(name, &names)
}

/// The help for a rule name that does not exist: the closest name, or where the list is.
pub fn unknown_rule_help(name: &str) -> String {
    match suggest_rule(name) {
        Some(s) => format!("did you mean `{s}`?"),
        None => "`streamlint rules` lists every rule".to_string(),
    }
}

/// A help text for an id not among `known`: the closest one, or the list.
pub fn roster_id_help(id: &str, known: &[&str], what: &str) -> String {
    match crate::rule_meta::did_you_mean(id, known) {
        Some(s) => format!("did you mean `{s}`?"),
        None if known.is_empty() => format!("the roster defines no {what}s"),
        None if known.len() <= 8 => {
            format!("the roster's {what}s are: {}", known.join(", "))
        }
        None => format!(
            "the roster's {what}s include: {}, ...",
            known[..8].join(", ")
        ),
    }
}

/// Runs the stream rules on a stream (building its branch graph, unless no stream rule runs).
/// Findings from cards reused through aliases repeat at the same place; they are reported once.
///
/// `roster`: the roster given with `--roster`, if any; the routing rules skip silently without
/// one. `runs`: which rules run (`&|_| true` for every one).
pub fn check_stream(
    source: &SourceFile,
    stream: &Stream,
    roster: Option<&Roster>,
    runs: &dyn Fn(&Rule) -> bool,
) -> Vec<Finding> {
    if !ALL.iter().any(|r| r.check.is_some() && runs(r)) {
        return Vec::new();
    }
    let graph = Graph::build(stream);
    check_graph(source, stream, &graph, roster, runs)
}

/// Runs the stream rules on a built branch graph (flows spliced in or not).
///
/// `roster`: the roster given with `--roster`, if any; the routing rules skip silently without
/// one. `runs`: which rules run (`&|_| true` for every one).
pub fn check_graph(
    source: &SourceFile,
    stream: &Stream,
    graph: &Graph,
    roster: Option<&Roster>,
    runs: &dyn Fn(&Rule) -> bool,
) -> Vec<Finding> {
    let cx = StreamContext {
        source,
        stream,
        graph,
        roster,
    };
    let mut findings = Vec::new();
    for rule in ALL {
        if (rule.needs_conversation_start && cx.is_flow()) || !runs(rule) {
            continue;
        }
        if let Some(check) = rule.check {
            check(&cx, &mut findings);
        }
    }
    dedup(&mut findings);
    findings
}

/// Runs the rules about the roster file itself.
///
/// `streams`: the valid streams of the run, with their file names. `runs`: which rules run
/// (`&|_| true` for every one).
pub fn check_roster(
    source: &SourceFile,
    roster: &Roster,
    streams: &[(String, Stream)],
    runs: &dyn Fn(&Rule) -> bool,
) -> Vec<Finding> {
    let cx = RosterContext {
        source,
        roster,
        streams,
    };
    let mut findings = Vec::new();
    for rule in ALL {
        if !runs(rule) {
            continue;
        }
        if let Some(check) = rule.roster_check {
            check(&cx, &mut findings);
        }
    }
    dedup(&mut findings);
    findings
}

/// The rules a `check` run executes: all but those it would not report (`--select`,
/// `--ignore`, `off` in the config), which are skipped rather than run and filtered.
///
/// One exception keeps reports the same as running everything: when `unused-suppression` is
/// reported, a file with suppression comments runs every rule, since judging whether a
/// suppression is used (and pointing at the finding it probably meant) needs the findings of
/// the rules it names.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    skipped: std::collections::HashSet<&'static str>,
    judges_suppressions: bool,
}

impl RuleSet {
    /// Every rule.
    pub fn all() -> RuleSet {
        RuleSet::default()
    }

    /// Every rule but `skipped`; `judges_suppressions`: `unused-suppression` is reported.
    pub fn skipping(
        skipped: impl IntoIterator<Item = &'static str>,
        judges_suppressions: bool,
    ) -> RuleSet {
        RuleSet {
            skipped: skipped.into_iter().collect(),
            judges_suppressions,
        }
    }

    /// Whether `rule` runs on a file; `has_suppression_comments`: the file may hold some.
    pub fn runs(&self, rule: &Rule, has_suppression_comments: bool) -> bool {
        (self.judges_suppressions && has_suppression_comments) || !self.skipped.contains(rule.name)
    }
}

/// Sorts by position and rule, and drops exact repeats: the same problem at the same place,
/// reached through the same stream (a flow embedded twice by one stream reports a problem once;
/// embedded by two streams, once per stream).
pub fn dedup(findings: &mut Vec<Finding>) {
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings.dedup_by(|a, b| {
        a.rule == b.rule
            && a.span == b.span
            && a.message == b.message
            && a.via_stream() == b.via_stream()
    });
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
