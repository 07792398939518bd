use crate::finding::Finding;
use crate::graph::{FlowIssueKind, MAX_FLOW_DEPTH, MAX_SPLICED_CARDS};
use crate::rules::StreamContext;

declare_rule! {
    /// ## What it checks
    /// That flows never embed themselves, directly or through other flows. The finding names
    /// the whole cycle, each file once, and points at the `flow` value that leads back to the
    /// first file of the cycle (in name order), so the cycle is reported once whichever file it
    /// is reached from. Chains of flows deeper than 16, and embeddings that would make one
    /// conversation larger than 20,000 cards, are reported here too.
    ///
    /// ## Why it matters
    /// A conversation has no way back to an earlier card: a flow that embeds itself describes a
    /// conversation without end, which the chat product cannot run.
    ///
    /// ## What the visitor experiences
    /// The same questions again and again, or a stream the product refuses to publish.
    ///
    /// ## Example
    /// ```yaml
    /// # qualify.flow.yaml
    /// stream: Qualify
    /// kind: flow
    /// cards:
    ///   - type: flow
    ///     flow: qualify.flow.yaml
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// stream: Qualify
    /// kind: flow
    /// cards:
    ///   - type: question
    ///     text: What brings you here?
    ///     answers:
    ///       - label: Pricing
    ///       - label: Support
    /// ```
    name: "flow-cycle",
    severity: Error,
    category: Structure,
    summary: "flows embed each other in a cycle",
    check: Some(check),
}

fn check(cx: &StreamContext, out: &mut Vec<Finding>) {
    for issue in &cx.graph.flow_issues {
        let f = match &issue.kind {
            FlowIssueKind::Unusable(_) => continue,
            FlowIssueKind::Cycle {
                files,
                closing,
                edges,
            } => {
                // No `via`: the cycle is the same problem whichever stream reaches it.
                let (message, label) = match files.as_slice() {
                    [only] => (
                        format!("flow {only} embeds itself"),
                        "embeds the file it is in".to_string(),
                    ),
                    _ => (
                        format!(
                            "flows embed each other in a cycle: {} -> back to the first",
                            files.join(" -> ")
                        ),
                        format!("embeds {}, which leads back here", files[0]),
                    ),
                };
                let mut f = Finding::new(&RULE, *closing, message).label(label)
                .help("a conversation cannot go back to an earlier card: embed the shared cards in one place only, or split the flow");
                for (span, target) in edges.iter().filter(|(s, _)| s != closing) {
                    f = f.related(*span, format!("embeds {target}"));
                }
                out.push(f);
                continue;
            }
            FlowIssueKind::TooDeep => Finding::new(
                &RULE,
                issue.value,
                format!("flows nest deeper than {MAX_FLOW_DEPTH} levels here"),
            )
            .label("this flow is not embedded")
            .help("flatten the chain of flows")
            .via(cx.graph.via(issue.node)),
            FlowIssueKind::TooLarge => Finding::new(
                &RULE,
                issue.value,
                format!(
                    "embedding this flow would make the conversation larger than {MAX_SPLICED_CARDS} cards"
                ),
            )
            .label("this flow is not embedded")
            .help("a flow embedded many times by flows embedded many times multiplies; embed it fewer times")
            .via(cx.graph.via(issue.node)),
        };
        out.push(f.card(cx.card_id(issue.node)));
    }
}
