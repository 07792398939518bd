use crate::finding::Finding;
use crate::graph::{outlets, Outlet};
use crate::rules::StreamContext;

declare_rule! {
    /// ## What it checks
    /// That no answer, condition or `otherwise` has an empty list of cards (`cards: []`).
    ///
    /// ## Why it matters
    /// An empty branch is almost always unfinished work. It does not fall through like an answer
    /// without `cards`: the conversation simply stops there.
    ///
    /// ## What the visitor experiences
    /// They click an answer and nothing happens, ever.
    ///
    /// ## Example
    /// ```yaml
    /// answers:
    ///   - label: Tell me more
    ///     cards: []
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// answers:
    ///   - label: Tell me more
    ///     cards:
    ///       - type: message
    ///         text: Here is our product tour.
    /// ```
    /// or remove `cards` so the answer continues with the card after the question.
    name: "empty-branch",
    severity: Error,
    category: Structure,
    summary: "an answer, condition or otherwise has an empty list of cards",
    check: Some(check),
}

fn check(cx: &StreamContext, out: &mut Vec<Finding>) {
    for (ix, node) in cx.graph.nodes.iter().enumerate() {
        for (outlet, list) in outlets(node.card) {
            let Some(list) = list.filter(|l| l.cards.is_empty()) else {
                continue;
            };
            let what = match outlet {
                Outlet::Answer(a) => format!("answer \"{}\"", a.label.value),
                Outlet::Condition(c) => format!("condition `{c}`"),
                Outlet::Otherwise => "`otherwise`".to_string(),
            };
            out.push(
                Finding::new(&RULE, list.key_span, format!("{what} has an empty branch"))
                    .label("no cards here: the conversation stops")
                    .help("add cards, or remove the empty list so the visitor continues with the next card")
                    .card(cx.card_id(ix)),
            );
        }
    }
}
