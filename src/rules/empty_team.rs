use crate::finding::Finding;
use crate::rules::RosterContext;

declare_rule! {
    /// ## What it checks
    /// That every team of the roster has at least one member.
    ///
    /// ## Why it matters
    /// A team route rotates through the team's members; with none, no chat routed to the team
    /// can ever reach a person.
    ///
    /// ## What the visitor experiences
    /// The fallback message every time, whoever is online.
    ///
    /// ## Example
    /// ```yaml
    /// teams:
    ///   - id: sales
    ///     members: []
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// teams:
    ///   - id: sales
    ///     members: [maria, luca]
    /// ```
    name: "empty-team",
    severity: Error,
    category: Routing,
    summary: "a team of the roster has no members",
    check: None,
    roster_check: Some(check_roster),
}

fn check_roster(cx: &RosterContext, out: &mut Vec<Finding>) {
    for team in &cx.roster.teams {
        if team.members.is_empty() {
            out.push(
                Finding::new(
                    &RULE,
                    team.members_span,
                    format!("team `{}` has no members", team.id.value),
                )
                .label("nobody to route to")
                .related(team.id.span, "the team")
                .help("list the agents of the team, in rotation order, or remove the team"),
            );
        }
    }
}
