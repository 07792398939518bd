//! Mermaid flowchart source, as GitHub renders it in Markdown.
//!
//! Node ids are `n0`, `n1`, ... (pre-order), so no text ever lands in an id. Labels are quoted
//! (`["..."]`) and every character that Mermaid or the HTML it renders to could read as syntax is
//! written as a Mermaid entity code (`#35;` for `#`, `#quot;` for `"`), which Mermaid decodes
//! back to the character after parsing.

use crate::model::CardType;
use std::fmt::Write;

use super::{Kind, Picture};
use crate::finding::Severity;

/// Mermaid's default `maxEdges`: larger charts are refused with "Edge limit exceeded" by any
/// renderer that keeps the defaults.
pub const MAX_EDGES: usize = 500;

/// A label's text, safe inside `"..."` in a node or an edge label.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in super::text::clean(text).chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' | ';' | '<' | '>' | '&' | '`' | '%' | '|' | '{' | '}' | '[' | ']' | '\\' => {
                let _ = write!(out, "#{};", c as u32);
            }
            _ => out.push(c),
        }
    }
    out
}

/// The opening and closing of a node's shape, per card type.
fn shape(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::Card(CardType::Message) => ("[", "]"),
        Kind::Card(CardType::Question) => ("{{", "}}"),
        Kind::Card(CardType::InfoCapture) => ("[/", "/]"),
        Kind::Card(CardType::LiveChat) => ("([", "])"),
        Kind::Card(CardType::Meeting) => ("[[", "]]"),
        Kind::Card(CardType::Branch) => ("{", "}"),
        Kind::Card(CardType::Goal) => (">", "]"),
        Kind::Card(CardType::Action) => ("[\\", "\\]"),
        Kind::Card(CardType::Document) => ("[(", ")]"),
        Kind::Card(CardType::Generated) => ("(", ")"),
        Kind::Card(CardType::Flow) => ("[/", "\\]"),
        Kind::End => ("((", "))"),
    }
}

/// The lines of a node's label, escaped, joined with `<br>`.
pub fn node_label(picture: &Picture, v: usize) -> String {
    let node = &picture.nodes[v];
    if node.kind == Kind::End {
        return "end".to_string();
    }
    let mut lines = vec![if node.name.is_empty() {
        escape(node.kind.label())
    } else {
        format!(
            "<b>{}</b> {}",
            escape(node.kind.label()),
            escape(&node.name)
        )
    }];
    if !node.text.is_empty() {
        lines.push(escape(&node.text));
    }
    if let Some(route) = &node.route {
        lines.push(format!("<i>route: {}</i>", escape(route)));
    }
    match node.mark {
        Some(Severity::Error) => lines.push("<b>ERROR</b>".to_string()),
        Some(Severity::Warning) => lines.push("<b>WARNING</b>".to_string()),
        None => {}
    }
    lines.join("<br>")
}

pub fn render(picture: &Picture) -> String {
    let mut out = String::from("flowchart TD\n");
    // Nodes, grouped by embedded flow (subgraphs nest like the flows).
    write_nodes(&mut out, picture, None, 1);
    for e in &picture.edges {
        let (from, to) = (&picture.nodes[e.from].id, &picture.nodes[e.to].id);
        match &e.label {
            Some(label) => {
                let _ = writeln!(out, "  {from} -->|\"{}\"| {to}", escape(label));
            }
            None => {
                let _ = writeln!(out, "  {from} --> {to}");
            }
        }
    }
    out.push_str("  classDef error fill:#fdecea,stroke:#b42318,stroke-width:3px,color:#1f2328\n");
    out.push_str("  classDef warning fill:#fff4e5,stroke:#b54708,stroke-width:3px,color:#1f2328\n");
    for (class, severity) in [("error", Severity::Error), ("warning", Severity::Warning)] {
        let ids: Vec<&str> = picture
            .nodes
            .iter()
            .filter(|n| n.mark == Some(severity))
            .map(|n| n.id.as_str())
            .collect();
        if !ids.is_empty() {
            let _ = writeln!(out, "  class {} {class}", ids.join(","));
        }
    }
    out
}

fn write_nodes(out: &mut String, picture: &Picture, group: Option<usize>, indent: usize) {
    let pad = "  ".repeat(indent);
    for (v, node) in picture.nodes.iter().enumerate() {
        if node.group == group {
            let (open, close) = shape(node.kind);
            let _ = writeln!(
                out,
                "{pad}{}{open}\"{}\"{close}",
                node.id,
                node_label(picture, v)
            );
        }
    }
    for (g, sub) in picture.groups.iter().enumerate() {
        if sub.parent == group {
            let _ = writeln!(out, "{pad}subgraph g{g}[\"flow {}\"]", escape(&sub.name));
            write_nodes(out, picture, Some(g), indent + 1);
            let _ = writeln!(out, "{pad}end");
        }
    }
}
