//! Pictures of a stream: `graph` (Mermaid, DOT, SVG) and the HTML `report`.
//!
//! Data flows one way: the branch [`Graph`] plus the file's findings become a [`Picture`] (one
//! node per card occurrence, edges labelled with answers and conditions, findings attached to
//! the nodes of their card), and each output format only draws a picture. The picture is also a
//! tree (every node but the first has one *tree parent*: the card before it in its branch, or the
//! card that opens its branch), which is what the SVG [`layout`] arranges.
//!
//! Embedded flows: a node may belong to a [`Group`] (the cards spliced in from one flow file),
//! drawn as a Mermaid subgraph, a DOT cluster or an SVG box: one group per place a flow is spliced
//! in ([`Graph::embeds`]), nested like the flows. A graph built without flows has no groups.

pub mod dot;
pub mod html;
pub mod layout;
pub mod mermaid;
pub mod svg;
pub mod text;

use crate::finding::{Finding, Severity};
use crate::graph::{Choice, Graph, NodeIx, Target};
use crate::model::{Card, CardBody, CardList, CardType, Route, RouteKind, RuleTarget, Stream};
use crate::source::Span;

/// What a node stands for, which decides its shape: a card of one type, or the end of the
/// conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Card(CardType),
    /// Not a card: the conversation ends after an answer or condition that opens nothing.
    End,
}

impl Kind {
    pub fn of(body: &CardBody) -> Kind {
        Kind::Card(body.card_type())
    }

    /// As shown in a node's first line (the card type as written, or `end`).
    pub fn label(self) -> &'static str {
        match self {
            Kind::Card(card_type) => card_type.name(),
            Kind::End => "end",
        }
    }
}

/// One node of the picture: a card occurrence, or an end of the conversation.
#[derive(Debug, Clone)]
pub struct Node {
    /// Stable and safe in every syntax: `n{pre-order index}` for cards, `n{card}e{outlet}` for
    /// ends.
    pub id: String,
    pub kind: Kind,
    /// The card's id, or `#N` (its position in file order); empty for ends.
    pub name: String,
    /// The first words of the card's text (or what stands for it), cleaned of control characters.
    pub text: String,
    /// Live chat and meeting cards: where the visitor is sent.
    pub route: Option<String>,
    /// The most severe finding on the card.
    pub mark: Option<Severity>,
    /// Indices into the findings given to [`Picture::build`].
    pub findings: Vec<usize>,
    /// The embedded flow the occurrence comes from.
    pub group: Option<usize>,
    /// The occurrence in the branch graph (`None` for ends).
    pub occurrence: Option<NodeIx>,
}

/// An edge; several edges may join the same two nodes (answers that all fall through).
#[derive(Debug, Clone)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    /// The answer label or condition (`otherwise` for a branch's otherwise); `None` for the plain
    /// step to the next card.
    pub label: Option<String>,
}

/// The cards of one embedded flow.
#[derive(Debug, Clone)]
pub struct Group {
    /// The flow file, as the `flow` card names it.
    pub name: String,
    /// A flow embedded inside another flow's cards.
    pub parent: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Picture {
    /// The stream's name.
    pub title: String,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    pub groups: Vec<Group>,
    /// Per node, its children in the tree the layout draws, in drawing order (left to right).
    pub children: Vec<Vec<usize>>,
}

/// Longest card text shown, in characters, before it is cut with `…`.
pub const TEXT_CHARS: usize = 60;
/// Longest edge label shown, in characters.
pub const LABEL_CHARS: usize = 48;

impl Picture {
    /// The picture of a stream's graph. `findings` are the file's findings (after the policy);
    /// each is attached to the nodes of the card it points into.
    pub fn build(graph: &Graph, findings: &[Finding]) -> Picture {
        let stream: &Stream = graph.stream;
        let mut nodes: Vec<Node> = graph
            .nodes
            .iter()
            .enumerate()
            .map(|(ix, n)| Node {
                id: format!("n{ix}"),
                kind: Kind::of(&n.card.body),
                name: n.name(),
                text: text::first_words(&card_text(n.card), TEXT_CHARS),
                route: card_route(n.card).map(|r| text::first_words(&r, TEXT_CHARS)),
                mark: None,
                findings: Vec::new(),
                // Cards of an embedded flow: the group of that embedding (`embeds[0]` is the
                // file itself).
                group: n.embed.checked_sub(1),
                occurrence: Some(ix),
            })
            .collect();
        let mut edges = Vec::new();
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
        for (ix, node) in graph.nodes.iter().enumerate() {
            let sibling = match graph.next(ix) {
                Target::Node(next) if graph.nodes[next].branch == node.branch => Some(next),
                _ => None,
            };
            for (outlet, edge) in node.edges.iter().enumerate() {
                let label = edge
                    .choice
                    .as_ref()
                    .map(|c| text::first_words(&choice_text(c), LABEL_CHARS));
                let to = match edge.target {
                    Target::Node(to) => to,
                    Target::End => {
                        if label.is_none() {
                            // The branch simply ends: nothing to draw.
                            continue;
                        }
                        nodes.push(Node {
                            id: format!("n{ix}e{outlet}"),
                            kind: Kind::End,
                            name: String::new(),
                            text: String::new(),
                            route: None,
                            mark: None,
                            findings: Vec::new(),
                            group: nodes[ix].group,
                            occurrence: None,
                        });
                        children.push(Vec::new());
                        nodes.len() - 1
                    }
                };
                if !children[ix].contains(&to) {
                    children[ix].push(to);
                }
                edges.push(Edge {
                    from: ix,
                    to,
                    label,
                });
            }
            // A card after a question none of whose answers falls through has no edge in, but
            // is still drawn under the card before it.
            if let Some(next) = sibling {
                if !children[ix].contains(&next) {
                    children[ix].push(next);
                }
            }
        }
        let mut picture = Picture {
            title: stream.name.value.clone(),
            nodes,
            edges,
            groups: graph
                .embeds
                .iter()
                .skip(1)
                .map(|e| Group {
                    name: e.name.clone(),
                    parent: e.parent.checked_sub(1),
                })
                .collect(),
            children,
        };
        picture.attach(graph, findings);
        picture
    }

    /// Attaches each finding to every occurrence of the innermost card whose YAML it points into.
    /// Occurrences of one card (YAML alias copies) share its extent, so all of them are marked.
    fn attach(&mut self, graph: &Graph, findings: &[Finding]) {
        let extents: Vec<(usize, usize)> =
            graph.nodes.iter().map(|n| card_extent(n.card)).collect();
        // Offsets compare within one file: an embedded flow's cards are in their own file.
        let files: Vec<_> = graph
            .nodes
            .iter()
            .map(|n| n.card.type_span.start.file)
            .collect();
        for (fx, finding) in findings.iter().enumerate() {
            let at = finding.span.start.offset as usize;
            let file = finding.span.start.file;
            let innermost = extents
                .iter()
                .zip(&files)
                .filter(|(_, f)| **f == file)
                .map(|(e, _)| e)
                .filter(|(start, end)| *start <= at && at < (*end).max(start + 1))
                .min_by_key(|(start, end)| (end - start, *start))
                .copied();
            let Some(extent) = innermost else { continue };
            for (ix, e) in extents.iter().enumerate() {
                if *e == extent && files[ix] == file {
                    let node = &mut self.nodes[ix];
                    node.findings.push(fx);
                    node.mark = node.mark.max(Some(finding.severity));
                }
            }
        }
    }

    /// The node's tree parent for every node (`None` for the first card).
    pub fn parents(&self) -> Vec<Option<usize>> {
        let mut parents = vec![None; self.nodes.len()];
        for (p, kids) in self.children.iter().enumerate() {
            for &k in kids {
                parents[k] = Some(p);
            }
        }
        parents
    }

    /// The edges from `from` to `to`, labels joined: several answers may lead to one card.
    pub fn labels_between(&self, from: usize, to: usize) -> Vec<&str> {
        self.edges
            .iter()
            .filter(|e| e.from == from && e.to == to)
            .filter_map(|e| e.label.as_deref())
            .collect()
    }

    /// Whether any edge joins the two nodes (an unreachable card has none from its tree parent).
    pub fn connected(&self, from: usize, to: usize) -> bool {
        self.edges.iter().any(|e| e.from == from && e.to == to)
    }
}

/// A choice as an edge label.
fn choice_text(choice: &Choice) -> String {
    match choice {
        Choice::Answer { label, .. } => label.clone(),
        Choice::Condition(text) => text.clone(),
        Choice::Otherwise => "otherwise".to_string(),
    }
}

/// What a node says about its card besides type and id.
fn card_text(card: &Card) -> String {
    match &card.body {
        CardBody::Message { text, .. } | CardBody::Question { text, .. } => text.value.clone(),
        CardBody::InfoCapture { fields, .. } => {
            let names: Vec<&str> = fields.iter().map(|f| f.attribute.value.as_str()).collect();
            format!("asks {}", names.join(", "))
        }
        CardBody::LiveChat { text, .. } => {
            text.as_ref().map(|t| t.value.clone()).unwrap_or_default()
        }
        CardBody::Meeting { .. } | CardBody::Branch { .. } => String::new(),
        CardBody::Goal { name, score } => match score {
            Some(s) => format!("{} (score {})", name.value, s.value),
            None => name.value.clone(),
        },
        CardBody::Action { set } => {
            let sets: Vec<String> = set
                .iter()
                .map(|(k, v)| format!("{} = {}", k.value, v.value))
                .collect();
            format!("set {}", sets.join(", "))
        }
        CardBody::Document { name, url } => name.as_ref().unwrap_or(url).value.clone(),
        CardBody::Generated {
            follow_ups,
            fallback,
        } => {
            let mut s = "AI answer".to_string();
            if let Some(n) = follow_ups {
                s.push_str(&format!(", {} follow-ups", n.value));
            }
            if let Some(f) = fallback {
                s.push_str(&format!("; fallback: {}", f.value));
            }
            s
        }
        CardBody::Flow { flow } => flow.value.clone(),
    }
}

/// A live chat's or meeting's route in words: `round robin`, `agent maria`, `team sales`,
/// `rules: West coast, Enterprise`.
fn card_route(card: &Card) -> Option<String> {
    let route: &Route = match &card.body {
        CardBody::LiveChat { route, .. } | CardBody::Meeting { route, .. } => route,
        _ => return None,
    };
    Some(match &route.kind {
        RouteKind::RoundRobin => "round robin".to_string(),
        RouteKind::Agent(a) => format!("agent {}", a.value),
        RouteKind::Team(t) => format!("team {}", t.value),
        RouteKind::Rules(rules) => {
            let names: Vec<&str> = route
                .kind
                .rules_in_order()
                .iter()
                .map(|r| r.name.value.as_str())
                .collect();
            debug_assert_eq!(names.len(), rules.len());
            format!("rules: {}", names.join(", "))
        }
    })
}

/// The byte range of a card's YAML, as far as its spans show: from its first to its last
/// spanned key or value, nested cards included.
fn card_extent(card: &Card) -> (usize, usize) {
    let mut spans = vec![card.type_span];
    if let Some(id) = &card.id {
        spans.push(id.span);
    }
    collect_body_spans(&card.body, &mut spans);
    let start = spans
        .iter()
        .map(|s| s.start.offset as usize)
        .min()
        .unwrap_or(0);
    let end = spans
        .iter()
        .map(|s| s.end.offset as usize)
        .max()
        .unwrap_or(0);
    (start, end)
}

fn collect_list_spans(list: &CardList, out: &mut Vec<Span>) {
    out.push(list.key_span);
    for card in &list.cards {
        let (start, end) = card_extent(card);
        out.push(Span {
            start: crate::source::Pos {
                offset: start as u32,
                ..Default::default()
            },
            end: crate::source::Pos {
                offset: end as u32,
                ..Default::default()
            },
        });
    }
}

fn collect_route_spans(route: &Route, out: &mut Vec<Span>) {
    out.push(route.span);
    match &route.kind {
        RouteKind::RoundRobin => {}
        RouteKind::Agent(a) | RouteKind::Team(a) => out.push(a.span),
        RouteKind::Rules(rules) => {
            for r in rules {
                out.push(r.name.span);
                out.extend(r.priority.as_ref().map(|p| p.span));
                out.extend(r.when.as_ref().map(|w| w.span()));
                match &r.to {
                    RuleTarget::Agent(a) | RuleTarget::Team(a) => out.push(a.span),
                    RuleTarget::Agents(list) => out.extend(list.iter().map(|a| a.span)),
                }
            }
        }
    }
}

fn collect_body_spans(body: &CardBody, out: &mut Vec<Span>) {
    match body {
        CardBody::Message { text, poke } => {
            out.push(text.span);
            out.extend(poke.as_ref().map(|p| p.span));
        }
        CardBody::Question {
            text,
            answers,
            attribute,
        } => {
            out.push(text.span);
            out.extend(attribute.as_ref().map(|a| a.span));
            for a in answers {
                out.push(a.label.span);
                out.extend(a.value.as_ref().map(|v| v.span));
                if let Some(list) = &a.cards {
                    collect_list_spans(list, out);
                }
            }
        }
        CardBody::InfoCapture {
            fields,
            fields_span,
        } => {
            out.push(*fields_span);
            for f in fields {
                out.push(f.attribute.span);
                out.extend(f.prompt.as_ref().map(|p| p.span));
                out.extend(f.choices.iter().flatten().map(|c| c.span));
            }
        }
        CardBody::LiveChat { route, text } => {
            collect_route_spans(route, out);
            out.extend(text.as_ref().map(|t| t.span));
        }
        CardBody::Meeting {
            route,
            store_agent_in,
        } => {
            collect_route_spans(route, out);
            out.extend(store_agent_in.as_ref().map(|s| s.span));
        }
        CardBody::Branch {
            branches,
            otherwise,
        } => {
            for b in branches {
                out.push(b.when.span());
                if let Some(list) = &b.cards {
                    collect_list_spans(list, out);
                }
            }
            if let Some(list) = otherwise {
                collect_list_spans(list, out);
            }
        }
        CardBody::Goal { name, score } => {
            out.push(name.span);
            out.extend(score.as_ref().map(|s| s.span));
        }
        CardBody::Action { set } => {
            for (k, v) in set {
                out.push(k.span);
                out.push(v.span);
            }
        }
        CardBody::Document { name, url } => {
            out.extend(name.as_ref().map(|n| n.span));
            out.push(url.span);
        }
        CardBody::Generated {
            follow_ups,
            fallback,
        } => {
            out.extend(follow_ups.as_ref().map(|f| f.span));
            out.extend(fallback.as_ref().map(|f| f.span));
        }
        CardBody::Flow { flow } => out.push(flow.span),
    }
}
