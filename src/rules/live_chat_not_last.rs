use crate::finding::Finding;
use crate::graph::{describe_path, Target};
use crate::model::CardType;
use crate::rules::StreamContext;

declare_rule! {
    /// ## What it checks
    /// That every `live_chat` card is the last card of its branch. A live chat that ends an
    /// embedded flow is followed by the cards after the `flow` card in the embedding stream:
    /// the finding points into the flow file and names the embedding card.
    ///
    /// ## Why it matters
    /// The product's guidance: a live chat placed mid-branch surprises visitors by suddenly
    /// connecting them to an agent, and the cards after it compete with the conversation.
    ///
    /// ## What the visitor experiences
    /// They are dropped into a chat with a person halfway through a flow, while the bot keeps
    /// talking.
    ///
    /// ## Example
    /// ```yaml
    /// cards:
    ///   - type: live_chat
    ///     route: round_robin
    ///   - type: message
    ///     text: Thanks for chatting with us.
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// cards:
    ///   - type: message
    ///     text: Thanks! Connecting you now.
    ///   - type: live_chat
    ///     route: round_robin
    /// ```
    name: "live-chat-not-last",
    severity: Error,
    category: Placement,
    summary: "a live chat card is followed by other cards in its branch",
    judged_where_embedded: true,
    check: Some(check),
}

fn check(cx: &StreamContext, out: &mut Vec<Finding>) {
    let g = cx.graph;
    for ix in g.nodes_of_type(CardType::LiveChat) {
        // The card the conversation goes on with: the next one in the branch, or, for a live
        // chat that ends an embedded flow, the card after the `flow` card.
        let Target::Node(after) = g.next(ix) else {
            continue;
        };
        let node = &g.nodes[ix];
        let same_branch = g.nodes[after].branch == node.branch;
        let follows = if same_branch {
            let following = g.branches[node.branch].nodes.len() - node.index - 1;
            if following == 1 {
                "this card follows the live chat".to_string()
            } else {
                format!("this card and {} more follow the live chat", following - 1)
            }
        } else {
            "this card follows the live chat, which ends the embedded flow".to_string()
        };
        let mut f = Finding::new(
            &RULE,
            g.span_of(ix),
            "live chat card is not the last card of its branch",
        )
        .help(if same_branch {
            "move the cards after it before it, or into another branch"
        } else {
            "end the branch with the `flow` card, or move the live chat out of the flow into the streams that embed it"
        })
        .related(g.span_of(after), follows)
        .card(cx.card_id(ix))
        .via(g.via(ix));
        if let Some((_, path)) = g.shortest_journey(ix, |_| true) {
            f = f
                .label(format!(
                    "{} is connected to an agent here, then shown more cards",
                    describe_path(&path)
                ))
                .path(path.iter().map(|c| c.as_path_step()).collect());
        }
        out.push(f);
    }
}
