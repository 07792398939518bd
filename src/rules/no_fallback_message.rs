use crate::finding::Finding;
use crate::graph::Graph;
use crate::model::roster::Roster;
use crate::model::{CardBody, CardType, Route, RouteKind};
use crate::route::condition::always_true;
use crate::route::route_pools;
use crate::rules::RosterContext;

declare_rule! {
    /// ## What it checks
    /// That the roster has a `fallback.message` when some `live_chat` card of the checked
    /// streams can fall back to it: a custom-rules route where no rule matches every visitor
    /// (`no_rule_matched`), or any route when nobody is eligible (`no_agent_available`) unless
    /// `fallback.offer_meeting` offers a calendar instead.
    ///
    /// ## Why it matters
    /// The product then shows its generic system message, which tells visitors nothing about
    /// what happens next.
    ///
    /// ## What the visitor experiences
    /// They asked for a person and get a bland "nobody is available" with no way forward.
    ///
    /// ## Example
    /// ```yaml
    /// # roster.yaml
    /// agents:
    ///   - id: maria
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// agents:
    ///   - id: maria
    /// fallback:
    ///   message: "We're away right now. Leave your email and we'll reply within a day."
    /// ```
    ///
    /// The finding points at the roster's `fallback` entry, or its first line.
    name: "no-fallback-message",
    severity: Warning,
    category: Routing,
    summary: "the roster has no fallback message while some live chat route can fall back",
    check: None,
    roster_check: Some(check_roster),
}

/// Can a visitor routed by `route` end with the fallback message?
fn can_fall_back(route: &Route, roster: &Roster) -> bool {
    if let RouteKind::Rules(rules) = &route.kind {
        if !rules.iter().any(|r| always_true(r.when.as_ref())) {
            return true;
        }
    }
    if !roster.fallback.offer_meeting {
        return true;
    }
    // A meeting is offered when the pool has members; an empty pool still gets the message.
    route_pools(roster, route).iter().any(Vec::is_empty)
}

fn check_roster(cx: &RosterContext, out: &mut Vec<Finding>) {
    if cx.roster.fallback.message.is_some() {
        return;
    }
    let mut falling: Vec<String> = Vec::new();
    for (file, stream) in cx.streams {
        let graph = Graph::build(stream);
        for ix in graph.nodes_of_type(CardType::LiveChat) {
            if let CardBody::LiveChat { route, .. } = &graph.nodes[ix].card.body {
                if can_fall_back(route, cx.roster) {
                    falling.push(format!("{} in {file}", graph.nodes[ix].name()));
                }
            }
        }
    }
    falling.dedup();
    let Some(first) = falling.first() else {
        return;
    };
    let span = cx
        .roster
        .fallback_span
        .unwrap_or_else(|| cx.source.first_line());
    let more = match falling.len() {
        1 => String::new(),
        n => format!(" and {} more", n - 1),
    };
    out.push(
        Finding::new(
            &RULE,
            span,
            "the roster has no fallback message, but live chats can fall back",
        )
        .label(format!("live chat {first}{more} can end in the fallback"))
        .help("add `fallback: { message: \"...\" }` telling visitors what happens next"),
    );
}
