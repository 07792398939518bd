use crate::finding::Finding;
use crate::graph::Graph;
use crate::model::visitors::{Visitor, Visitors};
use crate::model::{CardBody, Condition, IfKnown, Roster};

declare_rule! {
    /// ## What it checks
    /// That every attribute a visitor of a visitors file is given is read by the stream or a flow
    /// it embeds: by a `branch` condition, by a custom rule's `when`, by an info capture field
    /// with `if_known: skip`, or (`email`, when the roster has accounts) by account routing.
    /// Reported by `simulate --visitors`, in the visitors file.
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

/// The attributes the stream reads, its embedded flows included (the graph splices them in).
/// Every attribute a condition or rule of the stream (or account routing) reads.
pub fn read_by(graph: &Graph, roster: &Roster) -> Vec<String> {
    let mut out = Vec::new();
    if !roster.accounts.is_empty() {
        out.push("email".to_string());
    }
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
            // `if_known: skip` asks whether the attribute is known.
            CardBody::InfoCapture { fields, .. } => out.extend(
                fields
                    .iter()
                    .filter(|f| f.if_known == IfKnown::Skip)
                    .map(|f| f.attribute.value.clone()),
            ),
            _ => {}
        }
    }
    out
}

pub fn check_visitors(visitors: &Visitors, graph: &Graph, roster: &Roster, out: &mut Vec<Finding>) {
    let read = read_by(graph, roster);
    for v in &visitors.visitors {
        check_visitor(v, &read, out);
    }
}

/// The attributes of one visitor that nothing reads; `read` is [`read_by`] of the stream and
/// roster, worked out once for a whole file.
pub fn check_visitor(v: &Visitor, read: &[String], out: &mut Vec<Finding>) {
    {
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

#[cfg(test)]
mod tests {
    use crate::graph::Graph;
    use crate::parse::{parse_roster, parse_stream, parse_visitors};
    use crate::source::SourceFile;

    #[test]
    fn conditions_rules_skipped_captures_and_account_emails_read_attributes() {
        let stream = parse_stream(&SourceFile::new(
            "s.stream.yaml",
            "stream: S\ncards:\n  - type: info_capture\n    fields:\n      - attribute: first_name\n        if_known: skip\n  - type: branch\n    branches:\n      - when: { attribute: plan, is: pro }\n        cards: [{type: message, text: Hi}]\n  - type: live_chat\n    route: { rules: [ {name: R, when: {attribute: size, at_least: 5}, to: {agent: a}} ] }\n",
        ))
        .model
        .unwrap();
        let visitors = parse_visitors(&SourceFile::new(
            "v.yaml",
            "visitors:\n  - id: v\n    attributes: { first_name: Ada, plan: pro, size: 9, email: a@big.example, colour: red }\n",
        ))
        .model
        .unwrap();
        let unread = |roster: &str| {
            let roster = parse_roster(&SourceFile::new("r.yaml", roster))
                .model
                .unwrap();
            let mut out = Vec::new();
            super::check_visitors(&visitors, &Graph::build(&stream), &roster, &mut out);
            out.iter()
                .map(|f| (f.span.start.column, f.message.clone()))
                .collect::<Vec<_>>()
        };
        let without_accounts = unread("agents: [{id: a}]\n");
        assert_eq!(without_accounts.len(), 2, "{without_accounts:?}");
        assert!(without_accounts[0].1.contains("`email`"));
        assert!(without_accounts[1].1.contains("`colour`"));
        let with_accounts =
            unread("agents: [{id: a}]\naccounts: [{domain: big.example, agent: a}]\n");
        assert_eq!(with_accounts.len(), 1);
        assert!(with_accounts[0].1.contains("`colour`"));
    }
}
