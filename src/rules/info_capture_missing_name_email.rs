use std::collections::HashSet;

use crate::finding::Finding;
use crate::graph::describe_path;
use crate::model::stream::NAME_ATTRIBUTES;
use crate::model::{CardBody, CardType};
use crate::rules::StreamContext;

declare_rule! {
    /// ## What it checks
    /// On every path from the start to a `live_chat` card that passes at least one
    /// `info_capture` card, that the cards passed together collect a **name** (`first_name`,
    /// `full_name` or `name`) and an **email** (`email`, or any field with `input: email`).
    ///
    /// ## Why it matters
    /// The product's guidance: the information capture before a live chat collects at least
    /// name and email. Without them the agent cannot address the visitor or follow up.
    ///
    /// ## What the visitor experiences
    /// They fill in a form, then the agent has to ask again for what matters.
    ///
    /// ## Example
    /// ```yaml
    /// - type: info_capture
    ///   fields:
    ///     - attribute: job_title
    /// - type: live_chat
    ///   route: round_robin
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// - type: info_capture
    ///   fields:
    ///     - attribute: first_name
    ///     - attribute: email
    ///       input: email
    ///     - attribute: job_title
    /// - type: live_chat
    ///   route: round_robin
    /// ```
    ///
    /// The finding points at the `fields` of the last info capture card on the offending path.
    name: "info-capture-missing-name-email",
    severity: Error,
    category: Placement,
    summary: "the info capture before a live chat does not collect both a name and an email",
    needs_conversation_start: true,
    check: Some(check),
}

fn check(cx: &StreamContext, out: &mut Vec<Finding>) {
    for ix in cx.graph.nodes_of_type(CardType::LiveChat) {
        // One finding per distinct last capture card: each is a different place to fix.
        let mut seen = HashSet::new();
        // Paths are built only for the journeys reported: walking one back to the start costs
        // its length, and a long stream has long paths to every live chat.
        let mut candidates: Vec<_> = cx
            .graph
            .journey_witnesses(ix)
            .filter(|w| w.journey.captured && !(w.journey.has_name && w.journey.has_email))
            .collect();
        candidates.sort_by_key(|w| w.steps);
        for witness in candidates {
            let journey = witness.journey;
            let Some(capture) = journey.last_capture else {
                continue;
            };
            if !seen.insert(capture) {
                continue;
            }
            let path = cx.graph.path_of(&witness);
            let CardBody::InfoCapture {
                fields_span,
                fields,
            } = &cx.graph.nodes[capture].card.body
            else {
                continue;
            };
            let missing = match (journey.has_name, journey.has_email) {
                (false, false) => "a name or an email",
                (false, true) => "a name",
                _ => "an email",
            };
            let help = match (journey.has_name, journey.has_email) {
                (false, false) => "add fields with `attribute: first_name` and `attribute: email` (`input: email`)",
                (false, true) => "add a field with `attribute: first_name` (or `full_name`, `name`)",
                _ => "add a field with `attribute: email` and `input: email`",
            };
            // `Email` or `First_Name`: the right field with the wrong case.
            let wanted: Vec<&str> = match (journey.has_name, journey.has_email) {
                (false, false) => [NAME_ATTRIBUTES, &["email"]].concat(),
                (false, true) => NAME_ATTRIBUTES.to_vec(),
                _ => vec!["email"],
            };
            let help = fields
                .iter()
                .find_map(|f| {
                    let known = wanted
                        .iter()
                        .find(|w| f.attribute.value.eq_ignore_ascii_case(w))?;
                    Some(format!(
                        "attribute names are case-sensitive: write `attribute: {known}`, not \
                         `{}` (line {})",
                        f.attribute.value, f.attribute.span.start.line
                    ))
                })
                .unwrap_or_else(|| help.to_string());
            let live_chat = cx.graph.span_of(ix);
            let where_ = if cx.graph.nodes[ix].embed == cx.graph.nodes[capture].embed {
                format!("line {}", live_chat.start.line)
            } else {
                format!("{}:{}", cx.graph.file_name(ix), live_chat.start.line)
            };
            out.push(
                Finding::new(
                    &RULE,
                    *fields_span,
                    format!("info capture before a live chat does not collect {missing}"),
                )
                .label(format!(
                    "{} fills in these fields, then reaches the live chat at {where_} without giving {missing}",
                    describe_path(&path),
                ))
                .related(live_chat, "the live chat")
                .help(help)
                .card(cx.card_id(capture))
                .via(cx.graph.via(capture))
                .path(path.iter().map(|c| c.as_path_step()).collect()),
            );
        }
    }
}
