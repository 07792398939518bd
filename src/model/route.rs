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

impl Route {
    /// Every agent id the route names: an `agent` route and the rules' `agent`/`agents` targets.
    pub fn named_agents(&self) -> Vec<&Spanned<String>> {
        match &self.kind {
            RouteKind::Agent(id) => vec![id],
            RouteKind::Rules(rules) => rules
                .iter()
                .flat_map(|r| match &r.to {
                    RuleTarget::Agent(id) => vec![id],
                    RuleTarget::Agents(ids) => ids.iter().collect(),
                    RuleTarget::Team(_) => Vec::new(),
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Every team id the route names: a `team` route, the rules' `team` targets, and teams in
    /// the rules' `agents_available` conditions.
    pub fn named_teams(&self) -> Vec<&Spanned<String>> {
        match &self.kind {
            RouteKind::Team(id) => vec![id],
            RouteKind::Rules(rules) => rules
                .iter()
                .flat_map(|r| {
                    let target = match &r.to {
                        RuleTarget::Team(id) => Some(id),
                        _ => None,
                    };
                    target
                        .into_iter()
                        .chain(r.when.iter().flat_map(Condition::named_teams))
                })
                .collect(),
            _ => Vec::new(),
        }
    }
}

impl Condition {
    /// Teams named by `agents_available: { team: ID }` tests inside this condition.
    pub fn named_teams(&self) -> Vec<&Spanned<String>> {
        match self {
            Condition::AgentsAvailable { team, .. } => team.iter().collect(),
            Condition::All(items, _) | Condition::Any(items, _) => {
                items.iter().flat_map(Condition::named_teams).collect()
            }
            Condition::Not(inner, _) => inner.named_teams(),
            Condition::Test { .. } => Vec::new(),
        }
    }
}
