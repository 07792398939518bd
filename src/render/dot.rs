//! Graphviz DOT, for `dot -Tsvg`.
//!
//! Node ids are `n0`, `n1`, ... (pre-order); every text is in a quoted string where `"` and `\`
//! are escaped (so no DOT escape such as `\N` or `\l` can be smuggled in) and line breaks are
//! written by streamlint as `\n`; `&` is written `&amp;` since Graphviz decodes entities.

use crate::model::CardType;
use std::fmt::Write;

use super::{Kind, Picture};
use crate::finding::Severity;

/// A text inside a DOT quoted string.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in super::text::clean(text).chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            // Graphviz decodes HTML entities in labels: `&amp;` must stay five characters.
            '&' => out.push_str("&amp;"),
            _ => out.push(c),
        }
    }
    out
}

fn shape(kind: Kind) -> &'static str {
    match kind {
        Kind::Card(CardType::Message) => "shape=box, style=\"filled\"",
        Kind::Card(CardType::Question) => "shape=hexagon, style=\"filled\"",
        Kind::Card(CardType::InfoCapture) => "shape=parallelogram, style=\"filled\"",
        Kind::Card(CardType::LiveChat) => "shape=box, style=\"rounded,filled\"",
        Kind::Card(CardType::Meeting) => "shape=component, style=\"filled\"",
        Kind::Card(CardType::Branch) => "shape=diamond, style=\"filled\"",
        Kind::Card(CardType::Goal) => "shape=cds, style=\"filled\"",
        Kind::Card(CardType::Action) => "shape=box3d, style=\"filled\"",
        Kind::Card(CardType::Document) => "shape=note, style=\"filled\"",
        Kind::Card(CardType::Generated) => "shape=box, style=\"rounded,dashed,filled\"",
        Kind::Card(CardType::Flow) => "shape=tab, style=\"filled\"",
        Kind::End => "shape=circle, style=\"filled\", width=0.4, fixedsize=true",
    }
}

pub fn render(picture: &Picture) -> String {
    let mut out = String::from("digraph stream {\n");
    let _ = writeln!(out, "  label=\"{}\";", escape(&picture.title));
    out.push_str("  labelloc=t;\n  rankdir=TB;\n");
    out.push_str("  graph [fontname=\"Helvetica\"];\n");
    out.push_str(
        "  node [fontname=\"Helvetica\", fontsize=11, fillcolor=\"#ffffff\", color=\"#5f6368\"];\n",
    );
    out.push_str("  edge [fontname=\"Helvetica\", fontsize=10, color=\"#4a4f55\"];\n");
    write_nodes(&mut out, picture, None, 1);
    for e in &picture.edges {
        let (from, to) = (&picture.nodes[e.from].id, &picture.nodes[e.to].id);
        match &e.label {
            Some(label) => {
                let _ = writeln!(out, "  {from} -> {to} [label=\"{}\"];", escape(label));
            }
            None => {
                let _ = writeln!(out, "  {from} -> {to};");
            }
        }
    }
    out.push_str("}\n");
    out
}

fn node_line(picture: &Picture, v: usize) -> String {
    let node = &picture.nodes[v];
    if node.kind == Kind::End {
        return format!(
            "{} [{}, fillcolor=\"#e8e8e8\", label=\"end\"];",
            node.id,
            shape(node.kind)
        );
    }
    let mut lines = vec![if node.name.is_empty() {
        node.kind.label().to_string()
    } else {
        format!("{} · {}", node.kind.label(), escape(&node.name))
    }];
    if !node.text.is_empty() {
        lines.push(escape(&node.text));
    }
    if let Some(route) = &node.route {
        lines.push(format!("route: {}", escape(route)));
    }
    let mark = match node.mark {
        Some(Severity::Error) => {
            lines.push("ERROR".to_string());
            ", color=\"#b42318\", fillcolor=\"#fdecea\", penwidth=3"
        }
        Some(Severity::Warning) => {
            lines.push("WARNING".to_string());
            ", color=\"#b54708\", fillcolor=\"#fff4e5\", penwidth=3"
        }
        None => "",
    };
    format!(
        "{} [{}{mark}, label=\"{}\"];",
        node.id,
        shape(node.kind),
        lines.join("\\n")
    )
}

fn write_nodes(out: &mut String, picture: &Picture, group: Option<usize>, indent: usize) {
    let pad = "  ".repeat(indent);
    for (v, node) in picture.nodes.iter().enumerate() {
        if node.group == group {
            let _ = writeln!(out, "{pad}{}", node_line(picture, v));
        }
    }
    for (g, sub) in picture.groups.iter().enumerate() {
        if sub.parent == group {
            let _ = writeln!(out, "{pad}subgraph cluster_g{g} {{");
            let _ = writeln!(out, "{pad}  label=\"flow {}\";", escape(&sub.name));
            let _ = writeln!(out, "{pad}  style=dashed;\n{pad}  color=\"#6b4fbb\";");
            write_nodes(out, picture, Some(g), indent + 1);
            let _ = writeln!(out, "{pad}}}");
        }
    }
}
