use crate::finding::Finding;
use crate::model::visitors::Visitors;
use crate::model::{CardBody, Condition, Roster, Stream};

declare_rule! {
    /// ## What it checks
    /// That every attribute a visitor of a visitors file is given is read by the stream: by a
    /// `branch` condition, by a custom rule's `when`, or (`email`, when the roster has
    /// accounts) by account routing. Reported by `simulate --visitors`, in the visitors file.
    ///
    /// ## Why it matters
    /// An attribute nothing reads does not steer the visitor: the condition it was written for
    /// was renamed or removed, and the test passes by accident.
    ///
    /// ## What the visitor experiences
    /// Nothing yet: this is about the tests. A visitor with that attribute is routed as if they
    /// did not have it.
    ///
    /// ## Example
    /// ```yaml
    /// # the stream's rules read `inferred_state`
    /// visitors:
    ///   - id: west-coast
    ///     attributes: { state: CA }
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// visitors:
    ///   - id: west-coast
    ///     attributes: { inferred_state: CA }
    /// ```
    name: "unread-visitor-attribute",
    severity: Warning,
    category: Routing,
    summary: "a visitor is given an attribute that no condition or rule of the stream reads",
    check: None,
}

fn collect(c: &Condition, out: &mut Vec<String>) {
    match c {
        Condition::Test { attribute, .. } => out.push(attribute.value.clone()),
        Condition::All(cs, _) | Condition::Any(cs, _) => cs.iter().for_each(|c| collect(c, out)),
        Condition::Not(c, _) => collect(c, out),
        Condition::AgentsAvailable { .. } => {}
    }
}

/// The attributes the stream reads.
fn read_by(stream: &Stream, roster: &Roster) -> Vec<String> {
    let mut out = Vec::new();
    if !roster.accounts.is_empty() {
        out.push("email".to_string());
    }
    let graph = crate::graph::Graph::build(stream);
    for node in &graph.nodes {
        match &node.card.body {
            CardBody::Branch { branches, .. } => {
                branches.iter().for_each(|b| collect(&b.when, &mut out))
            }
            CardBody::LiveChat { route, .. } | CardBody::Meeting { route, .. } => {
                for rule in route.kind.rules_in_order() {
                    if let Some(when) = &rule.when {
                        collect(when, &mut out);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

pub fn check_visitors(
    visitors: &Visitors,
    stream: &Stream,
    roster: &Roster,
    out: &mut Vec<Finding>,
) {
    let read = read_by(stream, roster);
    for v in &visitors.visitors {
        for (i, (name, _)) in v.attributes.iter().enumerate() {
            if read.contains(name) {
                continue;
            }
            let Some(span) = v.attribute_spans.get(i) else {
                continue;
            };
            let mut f = Finding::new(
                &RULE,
                *span,
                format!("no condition or rule of the stream reads attribute `{name}`"),
            )
            .label("read by nothing");
            f = match crate::rule_meta::did_you_mean(
                name,
                &read.iter().map(String::as_str).collect::<Vec<_>>(),
            ) {
                Some(s) => f.help(format!("did you mean `{s}`?")),
                None => {
                    f.help("remove it, or check that the condition it was written for still exists")
                }
            };
            out.push(f);
        }
    }
}
