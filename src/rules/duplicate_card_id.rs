use std::collections::HashMap;

use crate::finding::Finding;
use crate::rules::StreamContext;
use crate::source::{FileId, Span};

declare_rule! {
    /// ## What it checks
    /// That no two cards of a stream share an `id`, across all branches. A card reused through a
    /// YAML alias is one card, not a duplicate.
    ///
    /// ## Why it matters
    /// Ids name cards in reports, simulations and analytics; two cards with one id make every one
    /// of those ambiguous.
    ///
    /// ## What the visitor experiences
    /// Nothing directly; the team loses track of which card a report or a goal is about.
    ///
    /// ## Example
    /// ```yaml
    /// - type: message
    ///   id: hello
    ///   text: Hi!
    /// - type: message
    ///   id: hello
    ///   text: Welcome back!
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// - type: message
    ///   id: hello
    ///   text: Hi!
    /// - type: message
    ///   id: welcome-back
    ///   text: Welcome back!
    /// ```
    name: "duplicate-card-id",
    severity: Error,
    category: Structure,
    summary: "two cards share an id",
    check: Some(check),
}

fn check(cx: &StreamContext, out: &mut Vec<Finding>) {
    // Distinct source ids (aliases repeat the same span), in file order. Ids are unique per
    // file: an embedded flow's ids are its own (docs/flows.md).
    let mut ids: Vec<(&str, Span)> = cx
        .graph
        .nodes
        .iter()
        .filter_map(|n| n.card.id.as_ref())
        .map(|id| (id.value.as_str(), id.span))
        .collect();
    ids.sort_by_key(|(_, span)| (span.start.file, span.start.offset));
    ids.dedup_by_key(|(_, span)| *span);
    let mut first: HashMap<(FileId, &str), Span> = HashMap::new();
    for (id, span) in ids {
        match first.get(&(span.start.file, id)) {
            Some(earlier) => out.push(
                Finding::new(&RULE, span, format!("card id `{id}` is used twice"))
                    .label("this id")
                    .related(*earlier, "first used here")
                    .help("give each card its own id")
                    .card(Some(id)),
            ),
            None => {
                first.insert((span.start.file, id), span);
            }
        }
    }
}
