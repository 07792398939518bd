use crate::finding::Finding;
use crate::model::condition::{Condition, Operator};
use crate::model::RoutingRule;
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

/// Does `earlier` match every visitor `later` would match?
fn covers(earlier: &RoutingRule, later: &RoutingRule) -> bool {
    if always_true(earlier.when.as_ref()) {
        return true;
    }
    match (&earlier.when, &later.when) {
        (Some(a), Some(b)) => same_condition(a, b),
        _ => false,
    }
}

/// Are two conditions the same test, whatever their positions? Compared as conditions, never as
/// display text: `is: "CA, OR"` (one value with a comma) and `is: [CA, OR]` (two values) read
/// alike but are different tests.
fn same_condition(a: &Condition, b: &Condition) -> bool {
    let all_same = |x: &[Condition], y: &[Condition]| {
        x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_condition(p, q))
    };
    match (a, b) {
        (
            Condition::Test {
                attribute: x,
                operator: p,
                ..
            },
            Condition::Test {
                attribute: y,
                operator: q,
                ..
            },
        ) => x.value == y.value && same_operator(p, q),
        (Condition::All(x, _), Condition::All(y, _))
        | (Condition::Any(x, _), Condition::Any(y, _)) => all_same(x, y),
        (Condition::Not(x, _), Condition::Not(y, _)) => same_condition(x, y),
        (
            Condition::AgentsAvailable {
                team: t,
                expected: e,
                ..
            },
            Condition::AgentsAvailable {
                team: u,
                expected: f,
                ..
            },
        ) => e == f && t.as_ref().map(|t| &t.value) == u.as_ref().map(|u| &u.value),
        _ => false,
    }
}

/// `is`/`is_not` values are compared as sets with ASCII case ignored, as they match.
fn same_operator(p: &Operator, q: &Operator) -> bool {
    let same_values = |x: &[String], y: &[String]| {
        let norm = |v: &[String]| {
            let mut v: Vec<String> = v.iter().map(|s| s.to_ascii_lowercase()).collect();
            v.sort();
            v.dedup();
            v
        };
        norm(x) == norm(y)
    };
    match (p, q) {
        (Operator::Is(x), Operator::Is(y)) | (Operator::IsNot(x), Operator::IsNot(y)) => {
            same_values(x, y)
        }
        _ => p == q,
    }
}

fn check(cx: &StreamContext, out: &mut Vec<Finding>) {
    if cx.roster.is_none() {
        return;
    }
    for (ix, route) in cx.graph.routes() {
        let ordered = route.kind.rules_in_order();
        for (i, later) in ordered.iter().enumerate() {
            let Some(earlier) = ordered[..i].iter().find(|e| covers(e, later)) else {
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
