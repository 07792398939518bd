//! Where a `live_chat` or `meeting` card sends the visitor (see the spec's roster.md).

use crate::source::{Span, Spanned};

use super::Condition;

#[derive(Debug, Clone)]
pub struct Route {
    pub kind: RouteKind,
    /// The `route` value.
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum RouteKind {
    /// Every agent of the roster, in rotation.
    RoundRobin,
    /// One agent.
    Agent(Spanned<String>),
    /// A team's members, in rotation.
    Team(Spanned<String>),
    /// Custom rules, tried by priority then file order; the first match decides.
    Rules(Vec<RoutingRule>),
}

#[derive(Debug, Clone)]
pub struct RoutingRule {
    pub name: Spanned<String>,
    pub priority: Option<Spanned<i64>>,
    /// `None`: no `when`, the rule matches every visitor.
    pub when: Option<Condition>,
    pub to: RuleTarget,
}

#[derive(Debug, Clone)]
pub enum RuleTarget {
    Agent(Spanned<String>),
    /// Several agents, in rotation.
    Agents(Vec<Spanned<String>>),
    Team(Spanned<String>),
}

impl RouteKind {
    /// The rules in evaluation order: by priority (absent = after every numbered one), then file
    /// order.
    pub fn rules_in_order(&self) -> Vec<&RoutingRule> {
        let RouteKind::Rules(rules) = self else {
            return Vec::new();
        };
        let mut ordered: Vec<&RoutingRule> = rules.iter().collect();
        // Stable sort keeps file order among equal priorities.
        ordered.sort_by_key(|r| r.priority.as_ref().map_or(i64::MAX, |p| p.value));
        ordered
    }
}
