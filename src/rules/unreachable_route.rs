use crate::finding::Finding;
use crate::model::roster::{Roster, Status};
use crate::model::{CardBody, CardType};
use crate::route::route_pools;
use crate::rules::StreamContext;

declare_rule! {
    /// ## What it checks
    /// That a `live_chat` card's route can reach an agent at all. It fires when every agent of
    /// every pool the route can use (the roster for `round_robin`, the agent, the team's members,
    /// every custom rule's targets, and the whole roster when `fallback.round_robin` is on) is
    /// `status: unavailable` with no schedule or has a schedule without any time block, or the
    /// pools have no members at all. A route naming an agent or team that is not in the roster
    /// is left to `unknown-agent` and `unknown-team`.
    ///
    /// ## Why it matters
    /// Such a card promises a person and can only ever show the fallback. Usually the route names
    /// someone who left, or a team whose members are all switched off.
    ///
    /// ## What the visitor experiences
    /// They ask to talk to someone and always get the fallback message.
    ///
    /// ## Example
    /// ```yaml
    /// # roster.yaml: luca has `status: unavailable` and no schedule
    /// - type: live_chat
    ///   route: { agent: luca }
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// - type: live_chat
    ///   route: { team: sales }   # a team with available members
    /// ```
    name: "unreachable-route",
    severity: Warning,
    category: Routing,
    summary: "a live chat card's route can never reach an agent",
    check: Some(check),
}

/// Why an agent can never take a chat, if so.
fn never_available(roster: &Roster, id: &str) -> Option<String> {
    let Some(agent) = roster.agent(id) else {
        return Some(format!("{id} is not in the roster"));
    };
    match &agent.schedule {
        None if agent.status == Status::Unavailable => Some(format!("{id} is unavailable")),
        Some(s) if s.is_empty() => Some(format!("{id} has a schedule without any time block")),
        _ => None,
    }
}

fn check(cx: &StreamContext, out: &mut Vec<Finding>) {
    let Some(roster) = cx.roster else {
        return;
    };
    let mut seen = std::collections::HashSet::new();
    for ix in cx.graph.nodes_of_type(CardType::LiveChat) {
        let CardBody::LiveChat { route, .. } = &cx.graph.nodes[ix].card.body else {
            continue;
        };
        if !seen.insert(route.span.start) {
            continue;
        }
        // A misspelt agent or team is `unknown-agent`'s or `unknown-team`'s to report.
        let names_unknown = route
            .named_agents()
            .iter()
            .any(|a| roster.agent(&a.value).is_none())
            || route
                .named_teams()
                .iter()
                .any(|t| roster.team(&t.value).is_none());
        if names_unknown {
            continue;
        }
        let mut pool: Vec<&str> = route_pools(roster, route).concat();
        if roster.fallback.round_robin {
            pool.extend(roster.agents.iter().map(|a| a.id.value.as_str()));
        }
        let mut distinct = std::collections::HashSet::new();
        pool.retain(|id| distinct.insert(*id));
        let reasons: Option<Vec<String>> =
            pool.iter().map(|id| never_available(roster, id)).collect();
        let Some(reasons) = reasons else {
            continue;
        };
        let why = if reasons.is_empty() {
            "its route has nobody to route to".to_string()
        } else {
            reasons.join(", ")
        };
        out.push(
            Finding::new(&RULE, cx.graph.span_of(ix), "this live chat can never reach an agent")
                .label(format!("every visitor gets the fallback: {why}"))
                .related(route.span, "the route")
                .help("route to agents who can be available, or set `fallback.round_robin: true` in the roster")
                .card(cx.card_id(ix)),
        );
    }
}
