use crate::finding::Finding;
use crate::graph::FlowIssueKind;
use crate::rules::StreamContext;

declare_rule! {
    /// ## What it checks
    /// That every `flow` card names a `kind: flow` file that exists, relative to the file
    /// holding the card, inside the repository. A path that is absolute or leaves the repository
    /// root (the nearest folder holding `.git`) is refused too. When the file is missing, the
    /// flow files of that folder are offered ("did you mean").
    ///
    /// ## Why it matters
    /// A `flow` card whose file cannot be found embeds nothing: the conversation the author
    /// designed never runs, and nothing in it can be checked.
    ///
    /// ## What the visitor experiences
    /// The qualification questions, the form or the hand-off to an agent that the flow holds
    /// never appear; the chat skips straight past them.
    ///
    /// ## Example
    /// ```yaml
    /// cards:
    ///   - type: flow
    ///     flow: qualfy.flow.yaml
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// cards:
    ///   - type: flow
    ///     flow: qualify.flow.yaml
    /// ```
    name: "flow-not-found",
    severity: Error,
    category: Structure,
    summary: "a flow card names a file that does not exist or is not a flow",
    check: Some(check),
}

fn check(cx: &StreamContext, out: &mut Vec<Finding>) {
    for issue in &cx.graph.flow_issues {
        let FlowIssueKind::Unusable(why) = &issue.kind else {
            continue;
        };
        out.push(
            Finding::new(&RULE, issue.value, why.message.clone())
                .label("this flow cannot be embedded")
                .help(why.help.clone())
                .card(cx.card_id(issue.node))
                .via(cx.graph.via(issue.node)),
        );
    }
}
