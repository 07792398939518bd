use crate::finding::Finding;
use crate::rules::{roster_id_help, RosterContext, StreamContext};
use crate::source::Spanned;

declare_rule! {
    /// ## What it checks
    /// That every agent named anywhere routing happens exists in the roster: a card's
    /// `route: { agent: ID }`, a custom rule's `to: { agent: ID }` or `to: { agents: [...] }`, a
    /// team's `members` and an account's `agent` (those two point into the roster file).
    ///
    /// ## Why it matters
    /// A misspelt or departed agent can never take a chat. The product silently skips them, so
    /// the route works less well than it reads, or not at all.
    ///
    /// ## What the visitor experiences
    /// The visitor who should reach that person gets someone else, or the fallback message.
    ///
    /// ## Example
    /// ```yaml
    /// # roster.yaml has agents maria and luca
    /// - type: live_chat
    ///   route: { agent: mario }
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// - type: live_chat
    ///   route: { agent: maria }
    /// ```
    name: "unknown-agent",
    severity: Error,
    category: Routing,
    summary: "a route, rule, account or team names an agent that is not in the roster",
    check: Some(check),
    roster_check: Some(check_roster),
}

fn finding(id: &Spanned<String>, known: &[&str], help_where: &str) -> Finding {
    Finding::new(
        &RULE,
        id.span,
        format!("agent `{}` is not in the roster", id.value),
    )
    .label(format!("no agent with this id {help_where}"))
    .help(roster_id_help(&id.value, known, "agent"))
}

fn known(roster: &crate::model::Roster) -> Vec<&str> {
    roster.agents.iter().map(|a| a.id.value.as_str()).collect()
}

fn check(cx: &StreamContext, out: &mut Vec<Finding>) {
    let Some(roster) = cx.roster else {
        return;
    };
    let known = known(roster);
    for (ix, route) in cx.graph.routes() {
        for id in route.named_agents() {
            if roster.agent(&id.value).is_none() {
                out.push(finding(id, &known, "in the roster").card(cx.card_id(ix)));
            }
        }
    }
}

fn check_roster(cx: &RosterContext, out: &mut Vec<Finding>) {
    let known = known(cx.roster);
    for team in &cx.roster.teams {
        for member in &team.members {
            if cx.roster.agent(&member.value).is_none() {
                out.push(finding(member, &known, "under `agents`"));
            }
        }
    }
    for account in &cx.roster.accounts {
        if cx.roster.agent(&account.agent.value).is_none() {
            out.push(finding(&account.agent, &known, "under `agents`"));
        }
    }
}
