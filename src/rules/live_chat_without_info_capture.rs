use crate::finding::Finding;
use crate::graph::describe_path;
use crate::model::CardType;
use crate::rules::StreamContext;

declare_rule! {
    /// ## What it checks
    /// That every path from the start to a `live_chat` card passes an `info_capture` card.
    ///
    /// ## Why it matters
    /// The product's guidance: once visitors agree to talk, collect at least their name and
    /// email, so the agent knows who they are talking to and can follow up if the chat drops.
    ///
    /// ## What the visitor experiences
    /// The agent greets an anonymous visitor and must ask for details the stream could have
    /// collected; if the visitor leaves, there is no way to get back to them.
    ///
    /// ## Example
    /// ```yaml
    /// answers:
    ///   - label: Yes, please
    ///     cards:
    ///       - type: live_chat
    ///         route: round_robin
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// answers:
    ///   - label: Yes, please
    ///     cards:
    ///       - type: info_capture
    ///         fields:
    ///           - attribute: first_name
    ///           - attribute: email
    ///             input: email
    ///       - type: live_chat
    ///         route: round_robin
    /// ```
    name: "live-chat-without-info-capture",
    severity: Warning,
    category: Placement,
    summary: "a live chat card is reachable without any info capture card",
    needs_conversation_start: true,
    check: Some(check),
}

fn check(cx: &StreamContext, out: &mut Vec<Finding>) {
    for ix in cx.graph.nodes_of_type(CardType::LiveChat) {
        let Some((_, path)) = cx.graph.shortest_journey(ix, |j| !j.captured) else {
            continue;
        };
        out.push(
            Finding::new(
                &RULE,
                cx.graph.span_of(ix),
                "live chat is reachable without an info capture card",
            )
            .label(format!(
                "{} reaches this live chat without being asked for their details",
                describe_path(&path)
            ))
            .help("add an info_capture card collecting at least a name and an email before the live chat")
            .card(cx.card_id(ix))
            .via(cx.graph.via(ix))
            .path(path.iter().map(|c| c.as_path_step()).collect()),
        );
    }
}
