use crate::finding::Finding;
use crate::model::visitors::{Expect, Visitors};
use crate::model::Roster;
use crate::rules::roster_id_help;

declare_rule! {
    /// ## What it checks
    /// That a visitors file names only agents and teams of the roster: each `expect: { agent }`
    /// and `expect: { team }`, and each agent of `missed_by`. Reported by
    /// `simulate --visitors`, in the visitors file.
    ///
    /// ## Why it matters
    /// A routing test that names someone who left can never pass, or passes for the wrong
    /// reason; either way it no longer tests the routing the team has today.
    ///
    /// ## What the visitor experiences
    /// Nothing yet: this is about the tests. The routing they were written for may have changed
    /// without anyone noticing.
    ///
    /// ## Example
    /// ```yaml
    /// # roster.yaml has agents maria and luca
    /// visitors:
    ///   - id: big-company
    ///     expect: { agent: mario }
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// visitors:
    ///   - id: big-company
    ///     expect: { agent: maria }
    /// ```
    name: "expect-not-in-roster",
    severity: Error,
    category: Routing,
    summary: "a visitor's expect or missed_by names an agent or team that is not in the roster",
    check: None,
}

/// The findings of a visitors file against the roster.
pub fn check_visitors(visitors: &Visitors, roster: &Roster, out: &mut Vec<Finding>) {
    let agents: Vec<&str> = roster.agents.iter().map(|a| a.id.value.as_str()).collect();
    let teams: Vec<&str> = roster.teams.iter().map(|t| t.id.value.as_str()).collect();
    for v in &visitors.visitors {
        if let Some(expect) = &v.expect {
            let (kind, id, known) = match &expect.value {
                Expect::Agent(a) => ("agent", a, &agents),
                Expect::Team(t) => ("team", t, &teams),
                Expect::Outcome(_) => continue,
            };
            if !known.contains(&id.as_str()) {
                out.push(
                    Finding::new(
                        &RULE,
                        expect.span,
                        format!(
                            "visitor `{}` expects {kind} `{id}`, which is not in the roster",
                            v.id.value
                        ),
                    )
                    .label(format!("no {kind} with this id"))
                    .help(roster_id_help(id, known, kind)),
                );
            }
        }
        for m in &v.missed_by {
            if !agents.contains(&m.value.as_str()) {
                out.push(
                    Finding::new(
                        &RULE,
                        m.span,
                        format!(
                            "visitor `{}` is missed by agent `{}`, who is not in the roster",
                            v.id.value, m.value
                        ),
                    )
                    .label("no agent with this id")
                    .help(roster_id_help(&m.value, &agents, "agent")),
                );
            }
        }
    }
}
