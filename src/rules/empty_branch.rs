use crate::finding::Finding;
use crate::model::CardBody;
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
        let empties: Vec<(&crate::model::CardList, String)> = match &node.card.body {
            CardBody::Question { answers, .. } => answers
                .iter()
                .filter_map(|a| Some((a.cards.as_ref()?, format!("answer \"{}\"", a.label.value))))
                .collect(),
            CardBody::Branch {
                branches,
                otherwise,
            } => branches
                .iter()
                .filter_map(|b| Some((b.cards.as_ref()?, format!("condition `{}`", b.when))))
                .chain(otherwise.iter().map(|o| (o, "`otherwise`".to_string())))
                .collect(),
            _ => Vec::new(),
        };
        for (list, what) in empties {
            if !list.cards.is_empty() {
                continue;
            }
            out.push(
                Finding::new(&RULE, list.key_span, format!("{what} has an empty branch"))
                    .label("no cards here: the conversation stops")
                    .help("add cards, or remove the empty list so the visitor continues with the next card")
                    .card(cx.card_id(ix)),
            );
        }
    }
}
