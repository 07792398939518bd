use std::collections::HashSet;

use crate::finding::Finding;
use crate::model::CardBody;
use crate::rules::StreamContext;

declare_rule! {
    /// ## What it checks
    /// That every card can be reached by some visitor. The usual cause: cards after a question
    /// whose answers all open their own branch (or after a `branch` card whose conditions and
    /// `otherwise` all do), since every branch ends the conversation at its last card.
    ///
    /// Cards after a live chat are reported by `live-chat-not-last` instead. Only the first card
    /// of each unreachable run is reported.
    ///
    /// ## Why it matters
    /// Unreachable cards are dead content: the team maintains, translates and reviews cards no
    /// visitor will ever see, usually because the stream is not wired the way its author thinks.
    ///
    /// ## What the visitor experiences
    /// Never the card the author meant them to see.
    ///
    /// ## Example
    /// ```yaml
    /// - type: question
    ///   text: Need help?
    ///   answers:
    ///     - label: "Yes"
    ///       cards: [{ type: message, text: Great! }]
    ///     - label: "No"
    ///       cards: [{ type: message, text: OK! }]
    /// - type: message
    ///   text: Anything else?
    /// ```
    ///
    /// ## Use instead
    /// Remove `cards` from an answer that should continue with the next card, or move the card
    /// into the branches that need it.
    /// ```yaml
    /// - type: question
    ///   text: Need help?
    ///   answers:
    ///     - label: "Yes"
    ///       cards: [{ type: message, text: Great! }]
    ///     - label: "No"
    /// - type: message
    ///   text: Anything else?
    /// ```
    name: "unreachable-card",
    severity: Error,
    category: Structure,
    summary: "a card can never be reached",
    check: Some(check),
}

fn check(cx: &StreamContext, out: &mut Vec<Finding>) {
    let g = cx.graph;
    // A card reused through an alias is live if any of its occurrences is. Built only when a
    // card looks unreachable: on a clean 20 MB stream the set of every live card was 12 MB of
    // the peak.
    let live = std::cell::OnceCell::new();
    let is_live = |ix: usize| {
        live.get_or_init(|| -> HashSet<crate::source::Pos> {
            (0..g.nodes.len())
                .filter(|&ix| g.is_reachable(ix))
                .map(|ix| g.span_of(ix).start)
                .collect()
        })
        .contains(&g.span_of(ix).start)
    };
    for branch in &g.branches {
        // Inside a card that is itself unreachable, the outer finding says it all.
        if branch.opener.is_some_and(|o| !g.is_reachable(o)) {
            continue;
        }
        for (i, &ix) in branch.nodes.iter().enumerate() {
            let run_start = i == 0 || g.is_reachable(branch.nodes[i - 1]);
            if g.is_reachable(ix) || !run_start || is_live(ix) {
                continue;
            }
            let mut f = Finding::new(&RULE, g.span_of(ix), "this card can never be reached")
                .card(cx.card_id(ix))
                .via(g.via(ix));
            if i > 0 {
                let prev = branch.nodes[i - 1];
                let why = match &g.nodes[prev].card.body {
                    CardBody::Question { .. } => Some("every answer of this question opens its own branch, and each branch ends the conversation"),
                    CardBody::Branch { .. } => Some("every condition of this branch card, and `otherwise`, opens its own branch"),
                    _ => None,
                };
                if let Some(why) = why {
                    f = f.related(g.span_of(prev), why).label("no visitor gets here").help(
                        "remove `cards` from an answer that should continue here, or move this card into the branches that need it",
                    );
                } else {
                    f = f
                        .label("no visitor gets here")
                        .help("move or remove this card");
                }
            } else {
                f = f
                    .label("no visitor gets here")
                    .help("move or remove this card");
            }
            out.push(f);
        }
    }
}
