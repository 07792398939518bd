use std::collections::HashMap;

use crate::finding::Finding;
use crate::model::condition::{Condition, Operator};
use crate::route::condition::always_true;
use crate::rules::StreamContext;

declare_rule! {
    /// ## What it checks
    /// That every custom routing rule can decide the route for some visitor. A rule is shadowed
    /// when a rule before it in evaluation order (by `priority`, then file order) matches every
    /// visitor it would match: the earlier rule has no `when` (or an always-true one), or the
    /// same condition.
    ///
    /// ## Why it matters
    /// The first matching rule wins, so a shadowed rule is dead configuration: its agents never
    /// get the visitors it was written for, and whoever reads the stream is misled.
    ///
    /// ## What the visitor experiences
    /// They reach the earlier rule's agents instead of the specialists meant for them.
    ///
    /// ## Example
    /// ```yaml
    /// route:
    ///   rules:
    ///     - name: Everyone
    ///       to: { team: sales }
    ///     - name: West coast
    ///       when: { attribute: inferred_state, is: [CA, OR, WA] }
    ///       to: { agent: john }
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// route:
    ///   rules:
    ///     - name: West coast
    ///       when: { attribute: inferred_state, is: [CA, OR, WA] }
    ///       to: { agent: john }
    ///     - name: Everyone
    ///       to: { team: sales }
    /// ```
    name: "shadowed-rule",
    severity: Warning,
    category: Routing,
    summary: "a custom rule can never decide the route because an earlier rule matches first",
    check: Some(check),
}

/// Does `earlier` match every visitor `later` would match? It does when it matches everyone,
/// or has the same condition (compared as conditions, see [`condition_key`]).
///
/// `check` finds the first such rule with two lookups instead of a scan of every earlier rule:
/// the first rule matching everyone, and the first rule with each condition key.
fn check(cx: &StreamContext, out: &mut Vec<Finding>) {
    if cx.roster.is_none() {
        return;
    }
    for (ix, route) in cx.graph.routes() {
        let ordered = route.kind.rules_in_order();
        let mut first_matching_everyone: Option<usize> = None;
        let mut first_with_condition: HashMap<String, usize> = HashMap::new();
        for (i, later) in ordered.iter().enumerate() {
            let text = later.when.as_ref().map(condition_key);
            let same_condition = text
                .as_ref()
                .and_then(|t| first_with_condition.get(t).copied());
            let earlier = match (first_matching_everyone, same_condition) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            if first_matching_everyone.is_none() && always_true(later.when.as_ref()) {
                first_matching_everyone = Some(i);
            }
            if let Some(text) = text {
                first_with_condition.entry(text).or_insert(i);
            }
            let Some(earlier) = earlier.map(|e| ordered[e]) else {
                continue;
            };
            let why = if always_true(earlier.when.as_ref()) {
                format!(
                    "rule \"{}\" before it matches every visitor",
                    earlier.name.value
                )
            } else {
                format!(
                    "rule \"{}\" before it has the same condition",
                    earlier.name.value
                )
            };
            out.push(
                Finding::new(
                    &RULE,
                    later.name.span,
                    format!("rule \"{}\" can never decide the route", later.name.value),
                )
                .label(why)
                .related(earlier.name.span, "this rule matches first")
                .help("remove the rule, make the earlier rule's condition narrower, or give this rule a smaller `priority` number")
                .card(cx.card_id(ix)),
            );
        }
    }
}

/// A key equal for two conditions exactly when they are the same test, whatever their positions.
/// Built from the conditions, never from display text: `is: "CA, OR"` (one value with a comma)
/// and `is: [CA, OR]` (two values) read alike but are different tests. `is`/`is_not` values are
/// a set with ASCII case ignored, as they match. Strings are written with `{:?}`, so quotes and
/// separators inside values cannot make two different conditions collide.
fn condition_key(condition: &Condition) -> String {
    let list = |items: &[Condition]| {
        items
            .iter()
            .map(condition_key)
            .collect::<Vec<_>>()
            .join(",")
    };
    match condition {
        Condition::Test {
            attribute,
            operator,
            ..
        } => format!("test({:?},{})", attribute.value, operator_key(operator)),
        Condition::All(items, _) => format!("all[{}]", list(items)),
        Condition::Any(items, _) => format!("any[{}]", list(items)),
        Condition::Not(inner, _) => format!("not({})", condition_key(inner)),
        Condition::AgentsAvailable { team, expected, .. } => format!(
            "agents_available({:?},{expected})",
            team.as_ref().map(|t| &t.value)
        ),
    }
}

fn operator_key(operator: &Operator) -> String {
    let set = |values: &[String]| {
        let mut v: Vec<String> = values.iter().map(|s| s.to_ascii_lowercase()).collect();
        v.sort();
        v.dedup();
        v
    };
    match operator {
        Operator::Is(values) => format!("is{:?}", set(values)),
        Operator::IsNot(values) => format!("is_not{:?}", set(values)),
        other => format!("{other:?}"),
    }
}
