use crate::finding::Finding;
use crate::graph::describe_path;
use crate::model::CardType;
use crate::rules::StreamContext;

declare_rule! {
    /// ## What it checks
    /// That every path from the start to a `live_chat` card passes through an answer of a
    /// `question` card. Paths through answers that fall through (no `cards`) and through YAML
    /// aliases count like any other.
    ///
    /// ## Why it matters
    /// The product's guidance: ask visitors whether they want to talk to a person before
    /// connecting them. A live chat nobody asked for wastes agents' time and startles visitors.
    ///
    /// ## What the visitor experiences
    /// A stranger joins the chat although they never said they wanted to talk to anyone.
    ///
    /// ## Example
    /// ```yaml
    /// cards:
    ///   - type: message
    ///     text: Welcome!
    ///   - type: live_chat
    ///     route: round_robin
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// cards:
    ///   - type: question
    ///     text: Would you like to chat with our team?
    ///     answers:
    ///       - label: Yes, please
    ///         cards:
    ///           - type: live_chat
    ///             route: round_robin
    ///       - label: No thanks
    /// ```
    name: "live-chat-without-question",
    severity: Error,
    category: Placement,
    summary: "a live chat card is reachable without the visitor answering a question",
    needs_conversation_start: true,
    check: Some(check),
}

fn check(cx: &StreamContext, out: &mut Vec<Finding>) {
    for ix in cx.graph.nodes_of_type(CardType::LiveChat) {
        let Some((_, path)) = cx.graph.shortest_journey(ix, |j| !j.asked) else {
            continue;
        };
        out.push(
            Finding::new(
                &RULE,
                cx.graph.span_of(ix),
                "live chat is reachable without a question first",
            )
            .label(format!(
                "{} reaches this live chat without being asked whether they want to talk to a person",
                describe_path(&path)
            ))
            .help("put a question card before it (\"Would you like to chat with our team?\") and the live chat in the branch of the answer that agrees")
            .card(cx.card_id(ix))
            .via(cx.graph.via(ix))
            .path(path.iter().map(|c| c.as_path_step()).collect()),
        );
    }
}
