use crate::finding::Finding;
use crate::graph::describe_path;
use crate::model::CardType;
use crate::rules::StreamContext;

declare_rule! {
    /// ## What it checks
    /// That every `live_chat` card is the last card of its branch.
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
    check: Some(check),
}

fn check(cx: &StreamContext, out: &mut Vec<Finding>) {
    for ix in cx.graph.nodes_of_type(CardType::LiveChat) {
        let node = &cx.graph.nodes[ix];
        let branch = &cx.graph.branches[node.branch];
        let Some(&after) = branch.nodes.get(node.index + 1) else {
            continue;
        };
        let following = branch.nodes.len() - node.index - 1;
        let mut f = Finding::new(
            &RULE,
            cx.graph.span_of(ix),
            "live chat card is not the last card of its branch",
        )
        .help("move the cards after it before it, or into another branch")
        .related(
            cx.graph.span_of(after),
            if following == 1 {
                "this card follows the live chat".to_string()
            } else {
                format!("this card and {} more follow the live chat", following - 1)
            },
        )
        .card(cx.card_id(ix));
        if let Some((_, path)) = cx.graph.shortest_journey(ix, |_| true) {
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
