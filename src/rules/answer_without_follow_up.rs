use crate::finding::Finding;
use crate::graph::Target;
use crate::model::CardBody;
use crate::rules::StreamContext;

declare_rule! {
    /// ## What it checks
    /// That an answer without `cards` has something to continue with: a card after the question
    /// in the same list. In a flow file, the last question of the flow's top level is exempt,
    /// since the embedding stream continues after the flow.
    ///
    /// ## Why it matters
    /// An answer without `cards` only stores the choice and moves on to the next card; when there
    /// is none, the conversation ends silently on that answer.
    ///
    /// ## What the visitor experiences
    /// They answer, and the chat goes quiet.
    ///
    /// ## Example
    /// ```yaml
    /// - type: question
    ///   text: Want our newsletter?
    ///   answers:
    ///     - label: Sure
    ///       cards: [{ type: message, text: Done! }]
    ///     - label: No thanks
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    ///     - label: No thanks
    ///       cards: [{ type: message, text: No problem, enjoy the site! }]
    /// ```
    name: "answer-without-follow-up",
    severity: Warning,
    category: Structure,
    summary: "an answer without cards ends the conversation silently",
    check: Some(check),
}

fn check(cx: &StreamContext, out: &mut Vec<Finding>) {
    let g = cx.graph;
    for (ix, node) in g.nodes.iter().enumerate() {
        let CardBody::Question { answers, .. } = &node.card.body else {
            continue;
        };
        if g.next(ix) != Target::End || (cx.is_flow() && node.branch == 0) {
            continue;
        }
        for answer in answers.iter().filter(|a| a.cards.is_none()) {
            out.push(
                Finding::new(
                    &RULE,
                    answer.label.span,
                    format!(
                        "answer \"{}\" has no follow-up: the conversation ends silently",
                        answer.label.value
                    ),
                )
                .label("nothing follows this answer")
                .help("give the answer `cards` (even a short thank-you message), or add a card after the question")
                .card(cx.card_id(ix)),
            );
        }
    }
}
