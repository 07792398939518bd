//! What the routing rules share: the routes and conditions of a stream, and "did you mean" for
//! roster ids.

use crate::graph::NodeIx;
use crate::model::{CardBody, Condition, Route};
use crate::parse::reader::did_you_mean;
use crate::rules::StreamContext;

/// The routes of `live_chat` and `meeting` cards, once per source card (aliases repeat them).
pub fn routes<'a>(cx: &'a StreamContext) -> Vec<(NodeIx, &'a Route)> {
    let mut seen = std::collections::HashSet::new();
    cx.graph
        .nodes
        .iter()
        .enumerate()
        .filter_map(|(ix, node)| match &node.card.body {
            CardBody::LiveChat { route, .. } | CardBody::Meeting { route, .. } => {
                seen.insert(route.span.start.offset).then_some((ix, route))
            }
            _ => None,
        })
        .collect()
}

/// The conditions of `branch` cards, once per source card.
pub fn branch_conditions<'a>(cx: &'a StreamContext) -> Vec<&'a Condition> {
    let mut seen = std::collections::HashSet::new();
    cx.graph
        .nodes
        .iter()
        .filter(|n| seen.insert(n.card.type_span.start.offset))
        .flat_map(|node| match &node.card.body {
            CardBody::Branch { branches, .. } => branches.iter().map(|b| &b.when).collect(),
            _ => Vec::new(),
        })
        .collect()
}

/// A help text for an id not among `known`: the closest one, or the list.
pub fn suggest(id: &str, known: &[&str], what: &str) -> String {
    match did_you_mean(id, known) {
        Some(s) => format!("did you mean `{s}`?"),
        None if known.is_empty() => format!("the roster defines no {what}s"),
        None if known.len() <= 8 => {
            format!("the roster's {what}s are: {}", known.join(", "))
        }
        None => format!(
            "the roster's {what}s include: {}, ...",
            known[..8].join(", ")
        ),
    }
}
