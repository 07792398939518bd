use crate::finding::Finding;
use crate::graph::Target;
use crate::model::{CardBody, CardType};
use crate::rules::StreamContext;

declare_rule! {
    /// ## What it checks
    /// That `poke: true` appears only on the very first card of the stream.
    ///
    /// ## Why it matters
    /// A poke is the proactive bubble that opens the widget to start the conversation. Only the
    /// opening message can do that; elsewhere the setting is ignored, and the author believes the
    /// card will draw attention when it will not.
    ///
    /// ## What the visitor experiences
    /// Nothing of what the author intended.
    ///
    /// ## Example
    /// ```yaml
    /// cards:
    ///   - type: message
    ///     text: Hi!
    ///   - type: message
    ///     text: Need a hand?
    ///     poke: true
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// cards:
    ///   - type: message
    ///     text: Hi! Need a hand?
    ///     poke: true
    /// ```
    name: "poke-not-first",
    severity: Error,
    category: Structure,
    summary: "poke is set on a card other than the first card of the stream",
    check: Some(check),
}

fn check(cx: &StreamContext, out: &mut Vec<Finding>) {
    // The first card the visitor sees: a stream that starts with a `flow` card starts with the
    // flow's first card.
    let mut start = 0;
    while let Some(node) = cx.graph.nodes.get(start) {
        match (node.card.card_type(), cx.graph.onward(start)) {
            (CardType::Flow, Target::Node(next)) => start = next,
            _ => break,
        }
    }
    let first = cx.graph.nodes.get(start).map(|n| n.card.type_span);
    for (ix, node) in cx.graph.nodes.iter().enumerate() {
        let CardBody::Message {
            poke: Some(poke), ..
        } = &node.card.body
        else {
            continue;
        };
        if !poke.value || ix == start || Some(node.card.type_span) == first {
            continue;
        }
        out.push(
            Finding::new(
                &RULE,
                poke.span,
                "`poke` is set on a card that is not the first",
            )
            .label("only the first card of the stream can poke")
            .help("remove `poke` here, or move this message to the start of the stream")
            .card(cx.card_id(ix))
            .via(cx.graph.via(ix)),
        );
    }
}
