//! A standalone SVG of a picture, laid out by streamlint itself ([`super::layout`]): no Graphviz,
//! no font files, no script. Every user text is XML-escaped; element ids carry a prefix so several
//! pictures can share one HTML page.

use crate::model::CardType;
use std::fmt::Write;

use super::layout::{self, Layout, Size};
use super::text::{self, width};
use super::{Kind, Picture};
use crate::finding::{Finding, Severity};

/// Widest text line in a node box, in pixels.
const TEXT_WIDTH: f64 = 200.0;
const MIN_WIDTH: f64 = 120.0;
const PAD: f64 = 8.0;
const HEADER_H: f64 = 18.0;
const LINE_H: f64 = 16.0;
const TEXT_LINES: usize = 3;
const ROUTE_LINES: usize = 2;
/// Widest edge-label line.
const LABEL_WIDTH: f64 = 150.0;
const LABEL_LINE_H: f64 = 14.0;
const LABEL_LINES: usize = 2;
const SMALL: f64 = 11.0 / 12.0;
/// Bold 11px header text is about as wide as regular 12px text.
const HEADER: f64 = 1.0;

/// A node's text, wrapped.
struct Boxed {
    header: String,
    text: Vec<String>,
    route: Vec<String>,
    label: Vec<String>,
}

fn boxed(picture: &Picture, v: usize, parent: Option<usize>) -> Boxed {
    let node = &picture.nodes[v];
    let header = if node.name.is_empty() {
        node.kind.label().to_string()
    } else {
        format!("{} · {}", node.kind.label(), node.name)
    };
    let header = text::wrap(&header, TEXT_WIDTH, 1, HEADER)
        .pop()
        .unwrap_or_default();
    let label = match parent {
        Some(p) => text::wrap(
            &picture.labels_between(p, v).join(" | "),
            LABEL_WIDTH,
            LABEL_LINES,
            SMALL,
        ),
        None => Vec::new(),
    };
    Boxed {
        header,
        text: text::wrap(&node.text, TEXT_WIDTH, TEXT_LINES, 1.0),
        route: node
            .route
            .as_ref()
            .map(|r| text::wrap(&format!("→ {r}"), TEXT_WIDTH, ROUTE_LINES, SMALL))
            .unwrap_or_default(),
        label,
    }
}

fn size(picture: &Picture, b: &Boxed, v: usize) -> Size {
    let (box_width, box_height) = if picture.nodes[v].kind == Kind::End {
        (48.0, 26.0)
    } else {
        let widest = std::iter::once(width(&b.header, HEADER) + badge_width(picture, v))
            .chain(b.text.iter().map(|l| width(l, 1.0)))
            .chain(b.route.iter().map(|l| width(l, SMALL)))
            .fold(MIN_WIDTH - 2.0 * PAD, f64::max);
        let lines = b.text.len() as f64 * LINE_H + b.route.len() as f64 * LINE_H;
        (widest + 2.0 * PAD, HEADER_H + lines + PAD + 4.0)
    };
    let (label_width, label_height) = if b.label.is_empty() {
        (0.0, 0.0)
    } else {
        let w = b.label.iter().map(|l| width(l, SMALL)).fold(0.0, f64::max);
        (w + 10.0, b.label.len() as f64 * LABEL_LINE_H + 6.0)
    };
    Size {
        width: box_width,
        height: box_height,
        label_width,
        label_height,
    }
}

fn badge_width(picture: &Picture, v: usize) -> f64 {
    match picture.nodes[v].mark {
        Some(Severity::Error) => 52.0,
        Some(Severity::Warning) => 68.0,
        None => 0.0,
    }
}

/// Fill of a node's header band, per card type (all light, for black text).
fn band(kind: Kind) -> &'static str {
    match kind {
        Kind::Card(CardType::Message) => "#dbe7fd",
        Kind::Card(CardType::Question) => "#d7f0de",
        Kind::Card(CardType::InfoCapture) => "#fdf0c4",
        Kind::Card(CardType::LiveChat) => "#fbd9ea",
        Kind::Card(CardType::Meeting) => "#e9d9fb",
        Kind::Card(CardType::Branch) => "#cdeeea",
        Kind::Card(CardType::Goal) => "#ffe2c2",
        Kind::Card(CardType::Action) => "#e2e6ea",
        Kind::Card(CardType::Document) => "#d6ebfb",
        Kind::Card(CardType::Generated) => "#e4f3d3",
        Kind::Card(CardType::Flow) => "#e2dbf5",
        Kind::End => "#e8e8e8",
    }
}

pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Laid out: sizes and positions, with the wrapped texts.
pub struct Drawing {
    boxes: Vec<Boxed>,
    pub sizes: Vec<Size>,
    pub layout: Layout,
}

pub fn lay_out(picture: &Picture) -> Drawing {
    let parents = picture.parents();
    let boxes: Vec<Boxed> = (0..picture.nodes.len())
        .map(|v| boxed(picture, v, parents[v]))
        .collect();
    let sizes: Vec<Size> = boxes
        .iter()
        .enumerate()
        .map(|(v, b)| size(picture, b, v))
        .collect();
    let layout = layout::tidy_tree(&picture.children, &sizes);
    Drawing {
        boxes,
        sizes,
        layout,
    }
}

/// A standalone SVG document.
pub fn render(picture: &Picture, findings: &[Finding]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&render_inline(picture, findings, ""));
    out
}

/// The `<svg>` element alone, its ids prefixed with `prefix` (for a page holding several).
pub fn render_inline(picture: &Picture, findings: &[Finding], prefix: &str) -> String {
    let d = lay_out(picture);
    let (w, h) = (d.layout.width.ceil(), d.layout.height.ceil());
    let mut out = String::new();
    let errors = picture
        .nodes
        .iter()
        .filter(|n| n.mark == Some(Severity::Error))
        .count();
    let warnings = picture
        .nodes
        .iter()
        .filter(|n| n.mark == Some(Severity::Warning))
        .count();
    let cards = picture.nodes.iter().filter(|n| n.kind != Kind::End).count();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" \
         role=\"img\" aria-labelledby=\"{prefix}title {prefix}desc\" \
         font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', sans-serif\" font-size=\"12\">"
    );
    let _ = writeln!(
        out,
        "<title id=\"{prefix}title\">Stream {}</title>",
        escape(&picture.title)
    );
    let _ = writeln!(
        out,
        "<desc id=\"{prefix}desc\">{cards} cards; {errors} with errors, {warnings} with warnings. \
         Each box is a card, top to bottom in conversation order; arrows are labelled with the answer or condition that takes them.</desc>"
    );
    let _ = writeln!(
        out,
        "<defs><marker id=\"{prefix}arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#4a4f55\"/></marker></defs>"
    );
    let _ = writeln!(out, "<rect width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>");
    draw_groups(&mut out, picture, &d);
    draw_edges(&mut out, picture, &d, prefix);
    for v in 0..picture.nodes.len() {
        draw_node(&mut out, picture, &d, v, findings, prefix);
    }
    out.push_str("</svg>\n");
    out
}

fn draw_groups(out: &mut String, picture: &Picture, d: &Drawing) {
    for (g, group) in picture.groups.iter().enumerate() {
        let members: Vec<usize> = (0..picture.nodes.len())
            .filter(|&v| picture.nodes[v].group == Some(g))
            .collect();
        if members.is_empty() {
            continue;
        }
        let left = members
            .iter()
            .map(|&v| d.layout.placed[v].center_x - d.sizes[v].width / 2.0)
            .fold(f64::MAX, f64::min)
            - 8.0;
        let right = members
            .iter()
            .map(|&v| d.layout.placed[v].center_x + d.sizes[v].width / 2.0)
            .fold(f64::MIN, f64::max)
            + 8.0;
        let top = members
            .iter()
            .map(|&v| d.layout.placed[v].top)
            .fold(f64::MAX, f64::min)
            - 22.0;
        let bottom = members
            .iter()
            .map(|&v| d.layout.placed[v].top + d.sizes[v].height)
            .fold(f64::MIN, f64::max)
            + 8.0;
        let _ = writeln!(
            out,
            "<g class=\"group\"><rect x=\"{left:.1}\" y=\"{top:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"6\" fill=\"none\" stroke=\"#6b4fbb\" stroke-dasharray=\"6 4\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" fill=\"#3d2a7a\" font-size=\"11\">flow {}</text></g>",
            right - left,
            bottom - top,
            left + 6.0,
            top + 14.0,
            escape(&group.name)
        );
    }
}

fn draw_edges(out: &mut String, picture: &Picture, d: &Drawing, prefix: &str) {
    let placed = &d.layout.placed;
    for (p, kids) in picture.children.iter().enumerate() {
        let pp = placed[p];
        let row = d.layout.rows[pp.depth];
        let start_y = pp.top + d.sizes[p].height;
        let elbow = row.box_top + row.box_height + layout::GAP_Y / 2.0;
        for &c in kids {
            let cp = placed[c];
            let labels = &d.boxes[c].label;
            let connected = picture.connected(p, c);
            let end_y = if labels.is_empty() {
                cp.top
            } else {
                cp.label_top
            };
            let path = format!(
                "M{:.1},{start_y:.1} V{elbow:.1} H{:.1} V{end_y:.1}",
                pp.center_x, cp.center_x
            );
            if !connected {
                // A card no answer leads to (reported as unreachable): dotted, no arrow.
                let _ = writeln!(
                    out,
                    "<path class=\"no-edge\" d=\"{path}\" fill=\"none\" stroke=\"#9aa0a6\" stroke-dasharray=\"2 4\"/>"
                );
                continue;
            }
            if labels.is_empty() {
                let _ = writeln!(
                    out,
                    "<path class=\"edge\" d=\"{path}\" fill=\"none\" stroke=\"#4a4f55\" stroke-width=\"1.3\" marker-end=\"url(#{prefix}arrow)\"/>"
                );
                continue;
            }
            let _ = writeln!(
                out,
                "<path class=\"edge\" d=\"{path}\" fill=\"none\" stroke=\"#4a4f55\" stroke-width=\"1.3\"/>"
            );
            let s = d.sizes[c];
            let label_bottom = cp.label_top + s.label_height;
            let _ = writeln!(
                out,
                "<path class=\"edge\" d=\"M{:.1},{label_bottom:.1} V{:.1}\" fill=\"none\" stroke=\"#4a4f55\" stroke-width=\"1.3\" marker-end=\"url(#{prefix}arrow)\"/>",
                cp.center_x, cp.top
            );
            let _ = write!(
                out,
                "<g class=\"edge-label\"><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"3\" fill=\"#ffffff\" stroke=\"#c4c7cc\"/>",
                cp.center_x - s.label_width / 2.0,
                cp.label_top,
                s.label_width,
                s.label_height
            );
            for (i, line) in labels.iter().enumerate() {
                let _ = write!(
                    out,
                    "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#1f2328\">{}</text>",
                    cp.center_x,
                    cp.label_top + 3.0 + LABEL_LINE_H * (i as f64 + 1.0) - 3.0,
                    escape(line)
                );
            }
            out.push_str("</g>\n");
        }
    }
}

fn draw_node(
    out: &mut String,
    picture: &Picture,
    d: &Drawing,
    v: usize,
    findings: &[Finding],
    prefix: &str,
) {
    let node = &picture.nodes[v];
    let b = &d.boxes[v];
    let s = d.sizes[v];
    let p = d.layout.placed[v];
    let (x, y) = (p.center_x - s.width / 2.0, p.top);
    let (stroke, stroke_width, mark) = match node.mark {
        Some(Severity::Error) => ("#b42318", 3.0, " error"),
        Some(Severity::Warning) => ("#b54708", 3.0, " warning"),
        None => ("#5f6368", 1.0, ""),
    };
    let _ = write!(
        out,
        "<g id=\"{prefix}{}\" class=\"node {}{mark}\" data-node=\"{}\">",
        node.id,
        node.kind.label(),
        node.id
    );
    let mut title = b.header.clone();
    if !node.text.is_empty() {
        title.push_str(": ");
        title.push_str(&node.text);
    }
    if let Some(r) = &node.route {
        title.push_str(&format!(" (route: {r})"));
    }
    for &f in &node.findings {
        if let Some(f) = findings.get(f) {
            title.push_str(&format!("\n{} [{}]: {}", f.severity, f.rule, f.message));
        }
    }
    let _ = write!(out, "<title>{}</title>", escape(&title));
    if node.kind == Kind::End {
        let _ = writeln!(
            out,
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"13\" fill=\"{}\" stroke=\"#5f6368\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#1f2328\">end</text></g>",
            s.width,
            s.height,
            band(Kind::End),
            p.center_x,
            y + 17.0
        );
        return;
    }
    let rx = match node.kind {
        Kind::Card(CardType::LiveChat) | Kind::Card(CardType::Meeting) => 12.0,
        Kind::Card(CardType::Question) | Kind::Card(CardType::Branch) => 2.0,
        _ => 5.0,
    };
    let _ = write!(
        out,
        "<rect class=\"box\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"{rx}\" fill=\"#ffffff\" stroke=\"{stroke}\" stroke-width=\"{stroke_width}\"/>",
        s.width, s.height
    );
    // The header band: the card type's colour, clipped by drawing it inset.
    let _ = write!(
        out,
        "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{HEADER_H:.1}\" rx=\"{}\" fill=\"{}\"/>",
        x + stroke_width / 2.0,
        y + stroke_width / 2.0,
        s.width - stroke_width,
        (rx - stroke_width / 2.0).max(0.0),
        band(node.kind)
    );
    let _ = write!(
        out,
        "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" font-weight=\"bold\" fill=\"#1f2328\">{}</text>",
        x + PAD,
        y + 13.0,
        escape(&b.header)
    );
    if let Some(sev) = node.mark {
        let (label, fill, ink, bw) = match sev {
            Severity::Error => ("ERROR", "#b42318", "#ffffff", 46.0),
            Severity::Warning => ("WARNING", "#fdb022", "#1f2328", 62.0),
        };
        let _ = write!(
            out,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{bw}\" height=\"14\" rx=\"7\" fill=\"{fill}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"9\" font-weight=\"bold\" fill=\"{ink}\">{label}</text>",
            x + s.width - bw - 4.0,
            y + 2.0,
            x + s.width - bw / 2.0 - 4.0,
            y + 12.5
        );
    }
    let mut line_y = y + HEADER_H + LINE_H - 2.0;
    for line in &b.text {
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{line_y:.1}\" fill=\"#1f2328\">{}</text>",
            x + PAD,
            escape(line)
        );
        line_y += LINE_H;
    }
    for line in &b.route {
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{line_y:.1}\" font-size=\"11\" font-style=\"italic\" fill=\"#3c4043\">{}</text>",
            x + PAD,
            escape(line)
        );
        line_y += LINE_H;
    }
    out.push_str("</g>\n");
}
