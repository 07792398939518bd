use crate::finding::Finding;
use crate::graph::Target;
use crate::model::CardBody;
use crate::rules::StreamContext;

declare_rule! {
    /// ## What it checks
    /// That an answer without `cards` has something to continue with: a card after the question
    /// in the same list, or, at the end of an embedded flow, a card after the `flow` card. A flow
    /// file checked on its own does not know what follows it: the last question of its top level
    /// is judged in the streams that embed it.
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
    judged_where_embedded: true,
    check: Some(check),
}

fn check(cx: &StreamContext, out: &mut Vec<Finding>) {
    let g = cx.graph;
    for (ix, node) in g.nodes.iter().enumerate() {
        let CardBody::Question { answers, .. } = &node.card.body else {
            continue;
        };
        // A flow checked alone does not know what follows its top level (the embedding stream
        // continues); embedded, `next` says.
        if g.next(ix) != Target::End || (cx.is_flow() && g.branches[node.branch].top_level) {
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
                .card(cx.card_id(ix))
                .via(g.via(ix)),
            );
        }
    }
}
