use crate::finding::Finding;
use crate::rules::{roster_id_help, StreamContext};
use crate::source::Spanned;

declare_rule! {
    /// ## What it checks
    /// That every team named by a route exists in the roster: a card's `route: { team: ID }`, a
    /// custom rule's `to: { team: ID }`, and `agents_available: { team: ID }` conditions.
    ///
    /// ## Why it matters
    /// A route to a team that does not exist has nobody to rotate through; a condition on its
    /// availability is always false.
    ///
    /// ## What the visitor experiences
    /// The fallback message (or whatever the fallback settings give), although agents may be
    /// free.
    ///
    /// ## Example
    /// ```yaml
    /// # roster.yaml has a team `sales`
    /// - type: live_chat
    ///   route: { team: sale }
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// - type: live_chat
    ///   route: { team: sales }
    /// ```
    name: "unknown-team",
    severity: Error,
    category: Routing,
    summary: "a route or rule names a team that is not in the roster",
    check: Some(check),
}

fn check(cx: &StreamContext, out: &mut Vec<Finding>) {
    let Some(roster) = cx.roster else {
        return;
    };
    let known: Vec<&str> = roster.teams.iter().map(|t| t.id.value.as_str()).collect();
    let report = |id: &Spanned<String>, card: Option<&str>, out: &mut Vec<Finding>| {
        if roster.team(&id.value).is_none() {
            out.push(
                Finding::new(
                    &RULE,
                    id.span,
                    format!("team `{}` is not in the roster", id.value),
                )
                .label("no team with this id in the roster")
                .help(roster_id_help(&id.value, &known, "team"))
                .card(card),
            );
        }
    };
    for (ix, route) in cx.graph.routes() {
        for id in route.named_teams() {
            report(id, cx.card_id(ix), out);
        }
    }
    for condition in cx.graph.branch_conditions() {
        for id in condition.named_teams() {
            report(id, None, out);
        }
    }
}
