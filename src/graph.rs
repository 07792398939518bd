//! The branch graph of a stream, and what every path from the start carries into each card.
//!
//! Nodes are card *occurrences* in pre-order (a card reused through a YAML alias occurs once per
//! place it is used, each occurrence keeping the anchor's source span). Edges follow streams.md:
//! an answer or condition with `cards` opens its own branch, one without falls through to the card
//! after the question (or `branch` card); a branch ends the conversation at its last card.
//!
//! Pre-order is a topological order (every edge goes forward), so the per-path facts rules need
//! ([`Journey`]s) are computed in one forward pass, each with a back-pointer to a shortest witness
//! path, instead of enumerating the (possibly exponential) set of paths.

use std::collections::HashMap;
use std::sync::Arc;

use crate::finding::Via;
use crate::model::{Answer, Card, CardBody, CardList, CardType, Condition, Route, Stream};
use crate::source::{FileId, Span};

pub type NodeIx = usize;

/// Where an edge leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Node(NodeIx),
    /// The conversation ends.
    End,
}

/// What the visitor chose (or matched) to take an edge.
#[derive(Debug, Clone, PartialEq)]
pub enum Choice {
    /// An answer of a question; `falls_through` when the answer has no `cards`.
    Answer { label: String, falls_through: bool },
    /// A `branch` card's condition, as text.
    Condition(String),
    /// A `branch` card's `otherwise` (or no condition matching when there is none).
    Otherwise,
}

impl Choice {
    /// As listed in a finding's `path`.
    pub fn as_path_step(&self) -> String {
        match self {
            Choice::Answer { label, .. } => label.clone(),
            Choice::Condition(text) => text.clone(),
            Choice::Otherwise => "otherwise".to_string(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Edge {
    pub target: Target,
    pub choice: Option<Choice>,
}

/// One card list (a branch) in the tree.
#[derive(Debug, Clone)]
pub struct Branch<'s> {
    pub list: &'s CardList,
    /// The occurrences of its cards, in order.
    pub nodes: Vec<NodeIx>,
    /// Where the conversation goes after its last card.
    pub continuation: Target,
    /// The card that opens it (`None` for the root branch).
    pub opener: Option<NodeIx>,
    /// For the root branch of an embedded flow: the `flow` card, whose next card the
    /// conversation goes on with after the flow's last card.
    pub resumes_after: Option<NodeIx>,
    /// The root branch, or the root branch of a flow embedded (recursively) on it: its end is
    /// the end of the checked file's conversation.
    pub top_level: bool,
}

/// One file's cards as they occur in the graph: the checked file (`embeds[0]`), or one place
/// where a flow is spliced in.
#[derive(Debug, Clone)]
pub struct Embed {
    pub file: FileId,
    /// The file's name in reports.
    pub name: String,
    /// The `flow` cards that lead here, outermost first (empty for the checked file).
    pub via: Vec<Via>,
    /// The files on the way, the checked file first, this one last.
    chain: Vec<FileId>,
    /// The embed holding the `flow` card that leads here (0, itself, for the checked file).
    pub parent: usize,
}

/// Deepest chain of flows embedding flows (the checked file is depth 0).
pub const MAX_FLOW_DEPTH: usize = 16;

/// Most card occurrences one conversation may have once its flows are spliced in: a flow
/// embedded twice by a flow embedded twice ... doubles at each level.
pub const MAX_SPLICED_CARDS: usize = 20_000;

/// Why a `flow` card cannot be spliced in. Reported by `flow-not-found` at the `flow:` value.
#[derive(Debug, Clone, PartialEq)]
pub struct Unusable {
    pub message: String,
    pub help: String,
}

/// What a `flow` card leads to, as the graph needs it. The resolving (paths, files, parsing) is
/// done before the graph is built, by [`crate::flows`]; the graph only splices.
pub enum Splice<'s> {
    /// A valid flow: its file's id and report name, and its cards.
    Flow {
        file: FileId,
        name: &'s str,
        stream: &'s Stream,
    },
    /// No usable file.
    Unusable(&'s Unusable),
    /// Nothing to splice and nothing to say here (a flow file that is not valid: its own
    /// findings say why, in its file).
    Opaque,
}

/// The resolved `flow` cards of one checked file, by the span of their `flow:` value.
pub trait FlowSource: Sync {
    fn splice(&self, value: Span) -> Splice<'_>;
}

/// A `flow` card that could not be spliced in.
#[derive(Debug, Clone)]
pub struct FlowIssue {
    /// The `flow` card's occurrence.
    pub node: NodeIx,
    /// Its `flow:` value.
    pub value: Span,
    pub kind: FlowIssueKind,
}

#[derive(Debug, Clone)]
pub enum FlowIssueKind {
    /// The file is missing, unreadable, not a flow, or outside the repository.
    Unusable(Unusable),
    /// The flow is already on the chain of embeddings that leads here. `files` names each file
    /// of the cycle once, starting with the first name in sort order (so every entry point reports the same
    /// cycle the same way); `closing` is the `flow:` value that leads back to that first file,
    /// `edges` every `flow:` value of the cycle with the file it embeds.
    Cycle {
        files: Vec<String>,
        closing: Span,
        edges: Vec<(Span, String)>,
    },
    /// The chain of embeddings is deeper than [`MAX_FLOW_DEPTH`].
    TooDeep,
    /// Splicing it would pass [`MAX_SPLICED_CARDS`] card occurrences (reported at the first
    /// `flow` card left out; later ones are left out silently).
    TooLarge,
}

#[derive(Debug, Clone)]
pub struct Node<'s> {
    pub card: &'s Card,
    /// The branch holding this occurrence, and its index there.
    pub branch: usize,
    pub index: usize,
    pub edges: Vec<Edge>,
    /// 1-based position of the card in its file's order (`#N` for cards without id).
    pub position: usize,
    /// Which file occurrence holds it: an index into [`Graph::embeds`].
    pub embed: usize,
    /// The branches it opens, in the order of its outlets that have cards (for a `flow` card:
    /// the spliced flow's root branch).
    opens: Vec<usize>,
    /// For a card of an embedded flow: the flow file's name without folders, which prefixes
    /// `#N` (`qualify.flow.yaml#3`).
    scope: Option<Arc<str>>,
}

impl Node<'_> {
    /// The id of the card, or `#N` (`FLOW#N` for a card of an embedded flow).
    pub fn name(&self) -> String {
        match (&self.card.id, &self.scope) {
            (Some(id), _) => id.value.clone(),
            (None, None) => format!("#{}", self.position),
            (None, Some(scope)) => format!("{scope}#{}", self.position),
        }
    }
}

/// What a visitor has been through on the way to a card (on entering it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Journey {
    /// Passed a question (took one of its answers).
    pub asked: bool,
    /// Passed at least one `info_capture` card.
    pub captured: bool,
    pub has_name: bool,
    pub has_email: bool,
    /// The last `info_capture` card passed.
    pub last_capture: Option<NodeIx>,
}

/// A journey reaching a node, with a handle to its shortest path (see
/// [`Graph::journey_witnesses`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JourneyWitness {
    pub journey: Journey,
    /// Number of choices on the shortest path (the length of [`Graph::path_of`]).
    pub steps: u32,
    node: NodeIx,
    state: usize,
}

/// A shortest way to reach a node with a given journey: back-pointer to the previous node and
/// journey, and the edge taken on the way.
///
/// Small and without text (20 bytes): one exists per distinct journey per card, so on a large
/// stream they add up. The choice is read back from the edge taken when a path is built.
#[derive(Debug, Clone)]
struct Witness {
    /// The node and journey this one came from, and the index of the edge taken in that node's
    /// `edges`; `None` at the start.
    from: Option<(u32, u32, u32)>,
    /// Number of choices on the path.
    steps: u32,
}

pub struct Graph<'s> {
    pub stream: &'s Stream,
    pub nodes: Vec<Node<'s>>,
    pub branches: Vec<Branch<'s>>,
    /// The checked file (`embeds[0]`) and every place a flow is spliced in.
    pub embeds: Vec<Embed>,
    /// `flow` cards that could not be spliced in.
    pub flow_issues: Vec<FlowIssue>,
    /// Per node: the distinct journeys reaching it, each with its shortest witness.
    journeys: Vec<Vec<(Journey, Witness)>>,
    flows: Option<&'s dyn FlowSource>,
}

impl<'s> Graph<'s> {
    /// The graph of one file alone: `flow` cards are plain cards.
    pub fn build(stream: &'s Stream) -> Self {
        Self::build_inner(stream, FileId(0), "", None)
    }

    /// The graph of a file with its flows spliced in: each resolved `flow` card is followed by
    /// the flow's cards, whose end continues with the card after the `flow` card. `file` and
    /// `name` are the checked file's id and report name.
    pub fn build_with_flows(
        stream: &'s Stream,
        file: FileId,
        name: &str,
        flows: &'s dyn FlowSource,
    ) -> Self {
        Self::build_inner(stream, file, name, Some(flows))
    }

    fn build_inner(
        stream: &'s Stream,
        file: FileId,
        name: &str,
        flows: Option<&'s dyn FlowSource>,
    ) -> Self {
        let mut g = Graph {
            stream,
            nodes: Vec::new(),
            branches: Vec::new(),
            embeds: vec![Embed {
                file,
                name: name.to_string(),
                via: Vec::new(),
                chain: vec![file],
                parent: 0,
            }],
            flow_issues: Vec::new(),
            journeys: Vec::new(),
            flows,
        };
        g.add_branch(&stream.cards, Target::End, None, None, 0);
        g.number_positions();
        g.link();
        g.walk();
        g
    }

    /// Allocates the nodes of a list and, recursively, of its nested lists and spliced flows,
    /// in pre-order.
    fn add_branch(
        &mut self,
        list: &'s CardList,
        continuation: Target,
        opener: Option<NodeIx>,
        resumes_after: Option<NodeIx>,
        embed: usize,
    ) -> usize {
        let branch = self.branches.len();
        let top_level = match (opener, resumes_after) {
            (None, _) => true,
            (Some(o), Some(_)) => self.branches[self.nodes[o].branch].top_level,
            (Some(_), None) => false,
        };
        self.branches.push(Branch {
            list,
            nodes: Vec::with_capacity(list.cards.len()),
            continuation,
            opener,
            resumes_after,
            top_level,
        });
        let scope: Option<Arc<str>> = (embed != 0).then(|| {
            let name = &self.embeds[embed].name;
            Arc::from(name.rsplit('/').next().unwrap_or(name))
        });
        for (index, card) in list.cards.iter().enumerate() {
            let ix = self.nodes.len();
            self.nodes.push(Node {
                card,
                branch,
                index,
                edges: Vec::new(),
                position: 0,
                embed,
                opens: Vec::new(),
                scope: scope.clone(),
            });
            self.branches[branch].nodes.push(ix);
            for nested in nested_lists(card) {
                let b = self.add_branch(nested, Target::End, Some(ix), None, embed);
                self.nodes[ix].opens.push(b);
            }
            if let CardBody::Flow { flow } = &card.body {
                self.splice(ix, flow.span, embed);
            }
        }
        branch
    }

    /// Splices the flow a `flow` card names after it, or records why it cannot.
    fn splice(&mut self, ix: NodeIx, value: Span, embed: usize) {
        let Some(flows) = self.flows else { return };
        let issue = |kind| FlowIssue {
            node: ix,
            value,
            kind,
        };
        let (file, name, stream) = match flows.splice(value) {
            Splice::Opaque => return,
            Splice::Unusable(u) => {
                self.flow_issues
                    .push(issue(FlowIssueKind::Unusable(u.clone())));
                return;
            }
            Splice::Flow { file, name, stream } => (file, name, stream),
        };
        let parent = &self.embeds[embed];
        if let Some(at) = parent.chain.iter().position(|f| *f == file) {
            let kind = self.cycle(embed, at, value);
            self.flow_issues.push(issue(kind));
            return;
        }
        if parent.via.len() >= MAX_FLOW_DEPTH {
            self.flow_issues.push(issue(FlowIssueKind::TooDeep));
            return;
        }
        if self.nodes.len() >= MAX_SPLICED_CARDS {
            // Said once, at the first `flow` card left out: the rest are left out too.
            if !self
                .flow_issues
                .iter()
                .any(|i| matches!(i.kind, FlowIssueKind::TooLarge))
            {
                self.flow_issues.push(issue(FlowIssueKind::TooLarge));
            }
            return;
        }
        let mut via = parent.via.clone();
        via.push(Via {
            file: parent.name.clone(),
            span: value,
        });
        let mut chain = parent.chain.clone();
        chain.push(file);
        self.embeds.push(Embed {
            file,
            name: name.to_string(),
            via,
            chain,
            parent: embed,
        });
        let child = self.embeds.len() - 1;
        let b = self.add_branch(&stream.cards, Target::End, Some(ix), Some(ix), child);
        self.nodes[ix].opens.push(b);
    }

    /// The cycle closed by the `flow:` value `closing_value` in embed `embed`, whose target is
    /// the file at position `at` of the embed's chain.
    fn cycle(&self, embed: usize, at: usize, closing_value: Span) -> FlowIssueKind {
        // The embeds along the chain, from the file at `at` to this one.
        let mut along = Vec::new();
        let mut e = embed;
        loop {
            along.push(e);
            if self.embeds[e].chain.len() == at + 1 {
                break;
            }
            e = self.embeds[e].parent;
        }
        along.reverse();
        // Files of the cycle in order, and the edge leaving each one.
        let files: Vec<String> = along.iter().map(|&e| self.embeds[e].name.clone()).collect();
        let mut edges: Vec<Span> = along[1..]
            .iter()
            .map(|&e| {
                self.embeds[e]
                    .via
                    .last()
                    .map(|v| v.span)
                    .unwrap_or_default()
            })
            .collect();
        edges.push(closing_value);
        let start = (0..files.len())
            .min_by(|&a, &b| files[a].cmp(&files[b]))
            .unwrap_or(0);
        let n = files.len();
        let named: Vec<String> = (0..n).map(|i| files[(start + i) % n].clone()).collect();
        let closing = edges[(start + n - 1) % n];
        let edges = (0..n)
            .map(|i| (edges[i], files[(i + 1) % n].clone()))
            .collect();
        FlowIssueKind::Cycle {
            files: named,
            closing,
            edges,
        }
    }

    /// Per file, positions in file order: distinct source cards ranked by where they are
    /// written.
    fn number_positions(&mut self) {
        let mut offsets: Vec<(FileId, u32)> = self
            .nodes
            .iter()
            .map(|n| (n.card.type_span.start.file, n.card.type_span.start.offset))
            .collect();
        offsets.sort_unstable();
        offsets.dedup();
        let mut rank: HashMap<(FileId, u32), usize> = HashMap::new();
        let mut count: HashMap<FileId, usize> = HashMap::new();
        for key in offsets {
            let n = count.entry(key.0).or_default();
            *n += 1;
            rank.insert(key, *n);
        }
        for node in &mut self.nodes {
            let s = node.card.type_span.start;
            node.position = rank[&(s.file, s.offset)];
        }
    }

    /// The card after `ix` in its branch; at the end of an embedded flow, the card after the
    /// `flow` card; else the branch's continuation.
    pub fn next(&self, ix: NodeIx) -> Target {
        let node = &self.nodes[ix];
        let branch = &self.branches[node.branch];
        match (branch.nodes.get(node.index + 1), branch.resumes_after) {
            (Some(&next), _) => Target::Node(next),
            (None, Some(flow_card)) => self.next(flow_card),
            (None, None) => branch.continuation,
        }
    }

    /// Where a card that offers no choice leads: the first card of the flow a `flow` card
    /// splices in, else [`Graph::next`].
    pub fn onward(&self, ix: NodeIx) -> Target {
        match self.nodes[ix].edges.as_slice() {
            [only] if only.choice.is_none() => only.target,
            _ => self.next(ix),
        }
    }

    /// The first card of a branch, or its continuation when it is empty.
    fn first_of(&self, branch: usize) -> Target {
        let b = &self.branches[branch];
        match (b.nodes.first(), b.resumes_after) {
            (Some(&n), _) => Target::Node(n),
            (None, Some(flow_card)) => self.next(flow_card),
            (None, None) => b.continuation,
        }
    }

    fn link(&mut self) {
        for ix in 0..self.nodes.len() {
            let next = self.next(ix);
            let ways_out = outlets(self.nodes[ix].card);
            let mut opens = self.nodes[ix].opens.iter().copied();
            let edges = if ways_out.is_empty() {
                // A spliced flow's cards come first; any other card goes on to the next.
                let target = opens.next().map_or(next, |b| self.first_of(b));
                vec![Edge {
                    target,
                    choice: None,
                }]
            } else {
                ways_out
                    .into_iter()
                    .map(|(outlet, list)| Edge {
                        target: match list {
                            Some(_) => opens.next().map_or(next, |b| self.first_of(b)),
                            None => next,
                        },
                        choice: Some(outlet.choice(list.is_none())),
                    })
                    .collect()
            };
            self.nodes[ix].edges = edges;
        }
    }

    /// The `flow` cards leading to an occurrence, outermost first (empty in the checked file).
    pub fn via(&self, ix: NodeIx) -> &[Via] {
        &self.embeds[self.nodes[ix].embed].via
    }

    /// The report name of the file holding an occurrence.
    pub fn file_name(&self, ix: NodeIx) -> &str {
        &self.embeds[self.nodes[ix].embed].name
    }

    /// The report name of a file of this graph by id.
    pub fn name_of(&self, file: FileId) -> Option<&str> {
        self.embeds
            .iter()
            .find(|e| e.file == file)
            .map(|e| e.name.as_str())
    }

    /// The forward pass: distinct journeys per node, with shortest witnesses.
    fn walk(&mut self) {
        let mut journeys: Vec<Vec<(Journey, Witness)>> = vec![Vec::new(); self.nodes.len()];
        if !self.nodes.is_empty() {
            journeys[0].push((
                Journey {
                    asked: false,
                    captured: false,
                    has_name: false,
                    has_email: false,
                    last_capture: None,
                },
                Witness {
                    from: None,
                    steps: 0,
                },
            ));
        }
        for ix in 0..self.nodes.len() {
            let mut incoming = std::mem::take(&mut journeys[ix]);
            let node = &self.nodes[ix];
            for (state_ix, (journey, witness)) in incoming.iter().enumerate() {
                let after = pass(*journey, node.card, ix);
                for (edge_ix, edge) in node.edges.iter().enumerate() {
                    let Target::Node(to) = edge.target else {
                        continue;
                    };
                    debug_assert!(to > ix, "edges go forward in pre-order");
                    let steps = witness.steps + u32::from(edge.choice.is_some());
                    let candidate = Witness {
                        from: Some((ix as u32, state_ix as u32, edge_ix as u32)),
                        steps,
                    };
                    let slot = &mut journeys[to];
                    match slot.iter_mut().find(|(j, _)| *j == after) {
                        Some((_, existing)) if existing.steps > steps => *existing = candidate,
                        Some(_) => {}
                        None => {
                            // Most cards are reached by one journey: a first push would
                            // reserve four (192 bytes a card on a 150,000-card stream).
                            if slot.is_empty() {
                                slot.reserve_exact(1);
                            }
                            slot.push((after, candidate))
                        }
                    }
                }
            }
            // Done growing: no spare capacity kept for the rules' lifetime.
            incoming.shrink_to_fit();
            journeys[ix] = incoming;
        }
        self.journeys = journeys;
    }

    /// Can any visitor reach this occurrence?
    pub fn is_reachable(&self, ix: NodeIx) -> bool {
        !self.journeys[ix].is_empty()
    }

    /// The distinct journeys reaching a node, each with the choices of one shortest path to it.
    ///
    /// Builds every witness path; a rule that reports only some journeys filters
    /// [`Graph::journey_witnesses`] first and builds paths only for what it reports.
    pub fn journeys_to(&self, ix: NodeIx) -> impl Iterator<Item = (Journey, Vec<Choice>)> + '_ {
        self.journey_witnesses(ix)
            .map(|w| (w.journey, self.witness_path(w.node, w.state)))
    }

    /// The distinct journeys reaching a node, each with a handle to one shortest path to it
    /// and that path's length, without building the path: walking back to the start costs the
    /// path's length, so [`Graph::path_of`] is for the journeys a rule reports.
    pub fn journey_witnesses(&self, ix: NodeIx) -> impl Iterator<Item = JourneyWitness> + '_ {
        self.journeys[ix]
            .iter()
            .enumerate()
            .map(move |(state, (journey, witness))| JourneyWitness {
                journey: *journey,
                steps: witness.steps,
                node: ix,
                state,
            })
    }

    /// The choices of the shortest path of a journey from [`Graph::journey_witnesses`].
    pub fn path_of(&self, witness: &JourneyWitness) -> Vec<Choice> {
        self.witness_path(witness.node, witness.state)
    }

    fn witness_path(&self, mut ix: NodeIx, mut state: usize) -> Vec<Choice> {
        let mut path = Vec::new();
        loop {
            let witness = &self.journeys[ix][state].1;
            let Some((from, from_state, edge)) = witness.from else {
                break;
            };
            ix = from as NodeIx;
            state = from_state as usize;
            if let Some(choice) = &self.nodes[ix].edges[edge as usize].choice {
                path.push(choice.clone());
            }
        }
        path.reverse();
        path
    }

    /// Among the journeys reaching `ix` that satisfy `pred`, the one with the shortest path (ties:
    /// the first found, which follows file order).
    pub fn shortest_journey(
        &self,
        ix: NodeIx,
        pred: impl Fn(&Journey) -> bool,
    ) -> Option<(Journey, Vec<Choice>)> {
        let (state, (journey, _)) = self.journeys[ix]
            .iter()
            .enumerate()
            .filter(|(_, (j, _))| pred(j))
            .min_by_key(|(_, (_, w))| w.steps)?;
        Some((*journey, self.witness_path(ix, state)))
    }

    /// Occurrences of cards of one type, in pre-order.
    pub fn nodes_of_type(&self, card_type: CardType) -> impl Iterator<Item = NodeIx> + '_ {
        (0..self.nodes.len()).filter(move |&ix| self.nodes[ix].card.card_type() == card_type)
    }

    pub fn span_of(&self, ix: NodeIx) -> Span {
        self.nodes[ix].card.type_span
    }

    /// The first occurrence of each card as written: a card reused through aliases occurs
    /// once per place it is used, all with the same source span, and what a rule says about the
    /// card as written it says once.
    pub fn source_cards(&self) -> Vec<NodeIx> {
        let mut seen = std::collections::HashSet::new();
        (0..self.nodes.len())
            .filter(|&ix| seen.insert(self.nodes[ix].card.type_span.start))
            .collect()
    }

    /// The routes of `live_chat` and `meeting` cards, once per route as written (a route
    /// reused through an alias is one route), with its first occurrence.
    pub fn routes(&self) -> Vec<(NodeIx, &'s Route)> {
        let mut seen = std::collections::HashSet::new();
        self.nodes
            .iter()
            .enumerate()
            .filter_map(|(ix, node)| match &node.card.body {
                CardBody::LiveChat { route, .. } | CardBody::Meeting { route, .. } => {
                    seen.insert(route.span.start).then_some((ix, route))
                }
                _ => None,
            })
            .collect()
    }

    /// The conditions of `branch` cards, once per source card.
    pub fn branch_conditions(&self) -> Vec<&'s Condition> {
        self.source_cards()
            .into_iter()
            .flat_map(|ix| match &self.nodes[ix].card.body {
                CardBody::Branch { branches, .. } => branches.iter().map(|b| &b.when).collect(),
                _ => Vec::new(),
            })
            .collect()
    }
}

/// The journey after passing a card.
fn pass(mut journey: Journey, card: &Card, ix: NodeIx) -> Journey {
    match &card.body {
        CardBody::Question { .. } => journey.asked = true,
        CardBody::InfoCapture { fields, .. } => {
            journey.captured = true;
            journey.has_name |= fields.iter().any(|f| f.captures_name());
            journey.has_email |= fields.iter().any(|f| f.captures_email());
            journey.last_capture = Some(ix);
        }
        _ => {}
    }
    journey
}

/// One way out of a `question` or `branch` card: an answer, a condition, or `otherwise` (also
/// when the card has none: visitors matching no condition go on).
#[derive(Debug, Clone, Copy)]
pub enum Outlet<'s> {
    Answer(&'s Answer),
    Condition(&'s Condition),
    Otherwise,
}

impl Outlet<'_> {
    /// The choice a visitor makes by taking it; `falls_through` when it opens no list.
    pub fn choice(self, falls_through: bool) -> Choice {
        match self {
            Outlet::Answer(a) => Choice::Answer {
                label: a.label.value.clone(),
                falls_through,
            },
            Outlet::Condition(c) => Choice::Condition(c.to_string()),
            Outlet::Otherwise => Choice::Otherwise,
        }
    }
}

/// The ways out of a card, in file order, each with the list it opens (`None`: it falls through
/// to the next card). Empty for cards that do not fork.
pub fn outlets(card: &Card) -> Vec<(Outlet<'_>, Option<&CardList>)> {
    match &card.body {
        CardBody::Question { answers, .. } => answers
            .iter()
            .map(|a| (Outlet::Answer(a), a.cards.as_ref()))
            .collect(),
        CardBody::Branch {
            branches,
            otherwise,
        } => branches
            .iter()
            .map(|b| (Outlet::Condition(&b.when), b.cards.as_ref()))
            .chain(std::iter::once((Outlet::Otherwise, otherwise.as_ref())))
            .collect(),
        _ => Vec::new(),
    }
}

/// The lists a card opens, in file order.
pub fn nested_lists(card: &Card) -> Vec<&CardList> {
    outlets(card)
        .into_iter()
        .filter_map(|(_, list)| list)
        .collect()
}

/// A path in marketers' words: `a visitor who answers "Yes", then answers "Sales"`.
pub fn describe_path(path: &[Choice]) -> String {
    if path.is_empty() {
        return "every visitor".to_string();
    }
    let steps: Vec<String> = path
        .iter()
        .map(|c| match c {
            Choice::Answer { label, .. } => format!("answers \"{label}\""),
            Choice::Condition(text) => format!("matches `{text}`"),
            Choice::Otherwise => "matches no condition".to_string(),
        })
        .collect();
    format!("a visitor who {}", steps.join(", then "))
}
