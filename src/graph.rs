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

use crate::model::{Answer, Card, CardBody, CardList, CardType, Condition, Route, Stream};
use crate::source::Span;

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
}

#[derive(Debug, Clone)]
pub struct Node<'s> {
    pub card: &'s Card,
    /// The branch holding this occurrence, and its index there.
    pub branch: usize,
    pub index: usize,
    pub edges: Vec<Edge>,
    /// 1-based position of the card in file order (`#N` for cards without id).
    pub position: usize,
}

impl Node<'_> {
    /// The id of the card, or `#N`.
    pub fn name(&self) -> String {
        match &self.card.id {
            Some(id) => id.value.clone(),
            None => format!("#{}", self.position),
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
/// journey, and the choice taken on the way.
#[derive(Debug, Clone)]
struct Witness {
    from: Option<(NodeIx, usize)>,
    choice: Option<Choice>,
    /// Number of choices on the path.
    steps: u32,
}

pub struct Graph<'s> {
    pub stream: &'s Stream,
    pub nodes: Vec<Node<'s>>,
    pub branches: Vec<Branch<'s>>,
    /// Per node: the distinct journeys reaching it, each with its shortest witness.
    journeys: Vec<Vec<(Journey, Witness)>>,
}

impl<'s> Graph<'s> {
    pub fn build(stream: &'s Stream) -> Self {
        let mut g = Graph {
            stream,
            nodes: Vec::new(),
            branches: Vec::new(),
            journeys: Vec::new(),
        };
        g.add_branch(&stream.cards, Target::End, None);
        g.number_positions();
        g.link();
        g.walk();
        g
    }

    /// Allocates the nodes of a list and, recursively, of its nested lists, in pre-order.
    fn add_branch(
        &mut self,
        list: &'s CardList,
        continuation: Target,
        opener: Option<NodeIx>,
    ) -> usize {
        let branch = self.branches.len();
        self.branches.push(Branch {
            list,
            nodes: Vec::with_capacity(list.cards.len()),
            continuation,
            opener,
        });
        for (index, card) in list.cards.iter().enumerate() {
            let ix = self.nodes.len();
            self.nodes.push(Node {
                card,
                branch,
                index,
                edges: Vec::new(),
                position: 0,
            });
            self.branches[branch].nodes.push(ix);
            for nested in nested_lists(card) {
                self.add_branch(nested, Target::End, Some(ix));
            }
        }
        branch
    }

    /// File-order positions: distinct source cards ranked by where they are written.
    fn number_positions(&mut self) {
        let mut offsets: Vec<usize> = self
            .nodes
            .iter()
            .map(|n| n.card.type_span.start.offset)
            .collect();
        offsets.sort_unstable();
        offsets.dedup();
        let rank: HashMap<usize, usize> = offsets
            .iter()
            .enumerate()
            .map(|(i, o)| (*o, i + 1))
            .collect();
        for node in &mut self.nodes {
            node.position = rank[&node.card.type_span.start.offset];
        }
    }

    /// The card after `ix` in its branch, or the branch's continuation.
    pub fn next(&self, ix: NodeIx) -> Target {
        let node = &self.nodes[ix];
        let branch = &self.branches[node.branch];
        match branch.nodes.get(node.index + 1) {
            Some(&next) => Target::Node(next),
            None => branch.continuation,
        }
    }

    fn link(&mut self) {
        // Maps each nested list to its branch quickly (lists are unique by address).
        let first_node: HashMap<*const CardList, Target> = self
            .branches
            .iter()
            .map(|b| {
                (
                    b.list as *const CardList,
                    b.nodes.first().map_or(Target::End, |&n| Target::Node(n)),
                )
            })
            .collect();
        let opened = |list: &CardList| first_node[&(list as *const CardList)];
        for ix in 0..self.nodes.len() {
            let next = self.next(ix);
            let ways_out = outlets(self.nodes[ix].card);
            let edges = if ways_out.is_empty() {
                vec![Edge {
                    target: next,
                    choice: None,
                }]
            } else {
                ways_out
                    .into_iter()
                    .map(|(outlet, list)| Edge {
                        target: list.map_or(next, opened),
                        choice: Some(outlet.choice(list.is_none())),
                    })
                    .collect()
            };
            self.nodes[ix].edges = edges;
        }
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
                    choice: None,
                    steps: 0,
                },
            ));
        }
        for ix in 0..self.nodes.len() {
            let incoming = std::mem::take(&mut journeys[ix]);
            let node = &self.nodes[ix];
            for (state_ix, (journey, witness)) in incoming.iter().enumerate() {
                let after = pass(*journey, node.card, ix);
                for edge in &node.edges {
                    let Target::Node(to) = edge.target else {
                        continue;
                    };
                    debug_assert!(to > ix, "edges go forward in pre-order");
                    let steps = witness.steps + u32::from(edge.choice.is_some());
                    let candidate = Witness {
                        from: Some((ix, state_ix)),
                        choice: edge.choice.clone(),
                        steps,
                    };
                    let slot = &mut journeys[to];
                    match slot.iter_mut().find(|(j, _)| *j == after) {
                        Some((_, existing)) if existing.steps > steps => *existing = candidate,
                        Some(_) => {}
                        None => slot.push((after, candidate)),
                    }
                }
            }
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
            if let Some(choice) = &witness.choice {
                path.push(choice.clone());
            }
            match witness.from {
                Some((from, from_state)) => {
                    ix = from;
                    state = from_state;
                }
                None => break,
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
            .filter(|&ix| seen.insert(self.nodes[ix].card.type_span.start.offset))
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
                    seen.insert(route.span.start.offset).then_some((ix, route))
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
