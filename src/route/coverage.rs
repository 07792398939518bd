//! Routing coverage (the spec's testing.md, "Coverage"): what a visitors file exercised against
//! everything the stream offers. Pure, like the rest of `route`.
//!
//! - **Path classes**: a class is covered when a visitor took exactly its choices. Visitors are
//!   few, so the covered classes are counted by collecting them; the total is `simulate`'s exact
//!   count, so 2^40 classes cost nothing more.
//! - **Cards** (each card occurrence reachable in the class graph), **answers** (each answer of
//!   a reachable question) and **decisions**: at each reachable routing card, each choice path
//!   classes can make there (each custom rule matched first, "no rule matched", or the card's one
//!   route), account routing when the roster has accounts, and "nobody eligible" (the roster's
//!   `meeting_offer` or `no_agent_available`).
//!
//! Each uncovered item comes with one example visitor: the answers of one class through it and
//! attributes chosen to satisfy that class's conditions. The example is played on a fresh
//! roster to tell whether it really takes the class (`takes_it`); path classes may combine
//! choices no single visitor can make (docs/routing.md), and then it cannot.

use std::collections::{BTreeMap, HashSet};

use crate::graph::{Graph, NodeIx, Target};
use crate::model::visitors::{Visitor, Visitors};
use crate::model::{CardBody, Condition, Operator, Roster, RouteKind};
use crate::source::{Span, Spanned};

use super::condition::eval;
use super::simulate::{self, class_choices, Classes, Options, VisitorRun, ACCOUNT};
use super::{FallbackReason, KnownFacts, Outcome, RouteTaken, Router};

/// Covered over total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    pub covered: u128,
    pub total: u128,
}

impl Tally {
    /// Percent covered; an empty total is fully covered.
    pub fn percent(&self) -> f64 {
        if self.total == 0 {
            100.0
        } else {
            self.covered as f64 * 100.0 / self.total as f64
        }
    }
}

/// The kinds of things coverage counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Path,
    Card,
    Answer,
    Decision,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Path, Kind::Card, Kind::Answer, Kind::Decision];

    /// The singular name (JSON `kind`, `--min-coverage KIND=PERCENT` takes the plural too).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Path => "path",
            Kind::Card => "card",
            Kind::Answer => "answer",
            Kind::Decision => "decision",
        }
    }

    pub fn from_name(name: &str) -> Option<Kind> {
        let name = name.trim().trim_end_matches('s');
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// A visitor that would cover an item, as a visitors-file entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub attributes: Vec<(String, String)>,
    pub answers: Vec<String>,
    /// Played alone on a fresh roster, the example takes the item's class.
    pub takes_it: bool,
}

/// Something the visitors never exercised.
#[derive(Debug, Clone, PartialEq)]
pub struct Uncovered {
    pub kind: Kind,
    /// In words, after its kind: `"Just browsing" of wants-sales` (an answer).
    pub what: String,
    /// Where it is written in the stream.
    pub span: Span,
    /// The embedded flow file holding it, by its name in reports (`None`: the stream itself).
    pub flow_file: Option<String>,
    /// `None` when no visitor can be written for it (nobody eligible depends on the load).
    pub example: Option<Example>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Coverage {
    pub paths: Tally,
    pub cards: Tally,
    pub answers: Tally,
    pub decisions: Tally,
    /// Uncovered path classes first (at most `--limit`), then cards, answers and decisions.
    pub uncovered: Vec<Uncovered>,
}

impl Coverage {
    pub fn tally(&self, kind: Kind) -> Tally {
        match kind {
            Kind::Path => self.paths,
            Kind::Card => self.cards,
            Kind::Answer => self.answers,
            Kind::Decision => self.decisions,
        }
    }
}

/// One routing decision at a routing card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Decision {
    /// A choice of path classes (a rule, no rule, the card's route).
    Choice(usize),
    Account,
    Nobody,
}

type Choices = Vec<Vec<(usize, Option<Target>)>>;

/// Coverage of `runs` (the visitors played) against the stream's path classes.
pub fn coverage(
    graph: &Graph,
    roster: &Roster,
    opts: &Options,
    classes: &Classes,
    runs: &[VisitorRun],
) -> Coverage {
    let mut exercised = Exercised::new(graph, roster, opts);
    for run in runs {
        exercised.add(run);
    }
    exercised.coverage(roster, opts, classes)
}

/// What the visitors played so far exercised, kept as they are played (one visitor at a time)
/// so the visitors and their results need not be held for [`coverage`]: the distinct path
/// classes, cards, answers and routing decisions met, no more.
pub struct Exercised<'g> {
    graph: &'g Graph<'g>,
    choices: Choices,
    covered_paths: HashSet<Vec<(NodeIx, usize)>>,
    cards: HashSet<NodeIx>,
    answers: HashSet<(NodeIx, usize)>,
    decisions: HashSet<(NodeIx, Decision)>,
}

impl<'g> Exercised<'g> {
    pub fn new(graph: &'g Graph<'g>, roster: &Roster, opts: &Options) -> Self {
        Exercised {
            graph,
            choices: class_choices(graph, roster, opts),
            covered_paths: HashSet::new(),
            cards: HashSet::new(),
            answers: HashSet::new(),
            decisions: HashSet::new(),
        }
    }

    /// What one visitor exercised.
    pub fn add(&mut self, run: &VisitorRun) {
        let graph = self.graph;
        let Ok(outcome) = &run.outcome else { return };
        let steps = normalise(&run.walk.steps, &self.choices);
        for &(ix, c) in &steps {
            self.cards.insert(ix);
            match &graph.nodes[ix].card.body {
                CardBody::Question { .. } => {
                    self.answers.insert((ix, c));
                }
                CardBody::LiveChat { .. } | CardBody::Meeting { .. } => {
                    self.decisions.insert((ix, Decision::Choice(c)));
                }
                _ => {}
            }
        }
        if let Some(&(last, c)) = steps.iter().rev().find(|(ix, _)| is_routing(graph, *ix)) {
            match outcome {
                Outcome::Agent(a) | Outcome::Meeting(a) if a.route == RouteTaken::Account => {
                    // Account routing decided: the rule the visitor matches did not.
                    self.decisions.remove(&(last, Decision::Choice(c)));
                    self.decisions.insert((last, Decision::Account));
                }
                Outcome::MeetingOffer(_)
                | Outcome::Fallback {
                    reason: FallbackReason::NoAgentAvailable,
                    ..
                } => {
                    self.decisions.insert((last, Decision::Nobody));
                }
                _ => {}
            }
        }
        if !matches!(outcome, Outcome::Dropped { .. }) && is_class(&steps, &self.choices) {
            self.covered_paths.insert(steps);
        }
    }

    /// The coverage of everything added, against the stream's path classes.
    pub fn coverage(self, roster: &Roster, opts: &Options, classes: &Classes) -> Coverage {
        coverage_of(self, roster, opts, classes)
    }
}

fn coverage_of(
    exercised: Exercised,
    roster: &Roster,
    opts: &Options,
    classes: &Classes,
) -> Coverage {
    let Exercised {
        graph,
        choices,
        covered_paths,
        cards,
        answers,
        decisions,
    } = exercised;
    let reach = reachable(graph, &choices);

    let mut uncovered = Vec::new();
    // Uncovered classes: the first `limit` of them, found among the first `limit + covered`.
    let wanted = opts.limit;
    if wanted > 0 {
        let listing = Options {
            limit: wanted.saturating_add(covered_paths.len()),
            explain: false,
            ..opts.clone()
        };
        if let Ok(listed) = simulate::path_classes(graph, roster, &listing) {
            for class in listed.listed {
                if uncovered.len() >= wanted {
                    break;
                }
                if covered_paths.contains(&class.walk.steps) {
                    continue;
                }
                let what =
                    describe_class(&class.walk.answers, &class.walk.conditions, &class.outcome);
                let span = class
                    .walk
                    .steps
                    .last()
                    .map_or_else(Span::default, |(ix, _)| graph.nodes[*ix].card.type_span);
                let example = example(graph, roster, opts, &class.walk.steps, |run| {
                    run.walk.steps == class.walk.steps
                });
                uncovered.push(Uncovered {
                    kind: Kind::Path,
                    what,
                    span,
                    flow_file: None,
                    example: Some(example),
                });
            }
        }
    }

    let mut card_tally = Tally::default();
    let mut answer_tally = Tally::default();
    let mut decision_tally = Tally::default();
    for ix in (0..graph.nodes.len()).filter(|ix| reach[*ix]) {
        let node = &graph.nodes[ix];
        let name = node.name();
        card_tally.total += 1;
        if cards.contains(&ix) {
            card_tally.covered += 1;
        } else {
            let first = choices[ix].first().map_or(0, |c| c.0);
            uncovered.push(Uncovered {
                kind: Kind::Card,
                what: format!("{name} ({})", node.card.card_type().name()),
                span: node.card.type_span,
                flow_file: None,
                example: Some(example_through(graph, roster, opts, &choices, ix, first)),
            });
        }
        match &node.card.body {
            CardBody::Question {
                answers: offered, ..
            } => {
                for (i, a) in offered.iter().enumerate() {
                    answer_tally.total += 1;
                    if answers.contains(&(ix, i)) {
                        answer_tally.covered += 1;
                        continue;
                    }
                    uncovered.push(Uncovered {
                        kind: Kind::Answer,
                        what: format!("\"{}\" of {name}", a.label.value),
                        span: a.label.span,
                        flow_file: None,
                        example: Some(example_through(graph, roster, opts, &choices, ix, i)),
                    });
                }
            }
            CardBody::LiveChat { route, .. } | CardBody::Meeting { route, .. } => {
                let rules = route.kind.rules_in_order();
                let mut items: Vec<(Decision, String, Span)> = Vec::new();
                for &(c, _) in &choices[ix] {
                    if c == ACCOUNT {
                        continue;
                    }
                    let (what, span) = match rules.get(c) {
                        Some(rule) => (
                            format!("rule \"{}\" at {name}", rule.name.value),
                            rule.name.span,
                        ),
                        None if !rules.is_empty() => {
                            (format!("no rule matched at {name}"), route.span)
                        }
                        None => (
                            format!("{} at {name}", route_words(&route.kind)),
                            route.span,
                        ),
                    };
                    items.push((Decision::Choice(c), what, span));
                }
                if !roster.accounts.is_empty() {
                    items.push((
                        Decision::Account,
                        format!("account routing at {name}"),
                        route.span,
                    ));
                }
                if choices[ix]
                    .iter()
                    .any(|&(c, _)| c == ACCOUNT || c < rules.len() || rules.is_empty())
                {
                    let kind = if roster.fallback.offer_meeting {
                        "meeting_offer"
                    } else {
                        "no_agent_available"
                    };
                    items.push((
                        Decision::Nobody,
                        format!("nobody eligible at {name} ({kind})"),
                        route.span,
                    ));
                }
                for (decision, what, span) in items {
                    decision_tally.total += 1;
                    if decisions.contains(&(ix, decision)) {
                        decision_tally.covered += 1;
                        continue;
                    }
                    let example = match decision {
                        Decision::Choice(c) => Some(example_through(graph, roster, opts, &choices, ix, c)),
                        Decision::Account => roster.accounts.first().map(|account| {
                            let first = choices[ix].first().map_or(0, |c| c.0);
                            let steps = path_through(graph, &choices, ix, first);
                            let mut ex = solve(graph, roster, opts, &steps);
                            ex.attributes.retain(|(k, _)| k != "email");
                            ex.attributes.push(("email".to_string(), format!("visitor@{}", account.domain.value)));
                            ex.takes_it = plays(graph, roster, opts, &ex, |run| {
                                matches!(&run.outcome, Ok(Outcome::Agent(a) | Outcome::Meeting(a)) if a.route == RouteTaken::Account)
                            });
                            ex
                        }),
                        Decision::Nobody => None,
                    };
                    uncovered.push(Uncovered {
                        kind: Kind::Decision,
                        what,
                        span,
                        flow_file: None,
                        example,
                    });
                }
            }
            _ => {}
        }
    }
    Coverage {
        paths: Tally {
            covered: covered_paths.len() as u128,
            total: classes.total,
        },
        cards: card_tally,
        answers: answer_tally,
        decisions: decision_tally,
        uncovered: name_flow_files(graph, uncovered),
    }
}

/// Names the embedded flow file of each item found in one (positions carry a file id; the
/// report names the stream itself).
fn name_flow_files(graph: &Graph, mut uncovered: Vec<Uncovered>) -> Vec<Uncovered> {
    let top = graph.embeds.first().map(|e| e.file);
    for u in &mut uncovered {
        let file = u.span.start.file;
        if Some(file) != top {
            u.flow_file = graph
                .embeds
                .iter()
                .find(|e| e.file == file)
                .map(|e| e.name.clone());
        }
    }
    uncovered
}

fn is_routing(graph: &Graph, ix: NodeIx) -> bool {
    matches!(
        graph.nodes[ix].card.body,
        CardBody::LiveChat { .. } | CardBody::Meeting { .. }
    )
}

/// A visitor's steps in class terms: where account routing decides every class of a card, the
/// visitor's choice there is [`ACCOUNT`] too.
fn normalise(steps: &[(NodeIx, usize)], choices: &Choices) -> Vec<(NodeIx, usize)> {
    steps
        .iter()
        .map(|&(ix, c)| match choices.get(ix).map(Vec::as_slice) {
            Some([(ACCOUNT, _)]) => (ix, ACCOUNT),
            _ => (ix, c),
        })
        .collect()
}

/// Do these steps make a whole path class: each choice open, each next card the one it leads
/// to, and the last leading out of the stream?
fn is_class(steps: &[(NodeIx, usize)], choices: &Choices) -> bool {
    if steps.first().is_none_or(|s| s.0 != 0) {
        return false;
    }
    for (k, &(ix, c)) in steps.iter().enumerate() {
        let Some(&(_, next)) = choices[ix].iter().find(|o| o.0 == c) else {
            return false;
        };
        let follows = steps.get(k + 1).map(|s| s.0);
        let ok = match (next, follows) {
            (Some(Target::Node(t)), Some(f)) => t == f,
            (Some(Target::End) | None, None) => true,
            _ => false,
        };
        if !ok {
            return false;
        }
    }
    true
}

/// Which cards some path class reaches.
fn reachable(graph: &Graph, choices: &Choices) -> Vec<bool> {
    let mut reach = vec![false; graph.nodes.len()];
    if let Some(first) = reach.first_mut() {
        *first = true;
    }
    // Pre-order is topological: every edge goes forward.
    for ix in 0..graph.nodes.len() {
        if !reach[ix] {
            continue;
        }
        for &(_, next) in &choices[ix] {
            if let Some(Target::Node(t)) = next {
                reach[t] = true;
            }
        }
    }
    reach
}

/// The steps of one path class through card `ix` taking `choice` there: the first way in (in
/// pre-order), then the first open choice at every card after it.
fn path_through(
    graph: &Graph,
    choices: &Choices,
    ix: NodeIx,
    choice: usize,
) -> Vec<(NodeIx, usize)> {
    let n = graph.nodes.len();
    let mut parent: Vec<Option<(NodeIx, usize)>> = vec![None; n];
    let mut reach = vec![false; n];
    if n > 0 {
        reach[0] = true;
    }
    for from in 0..n {
        if !reach[from] {
            continue;
        }
        for &(c, next) in &choices[from] {
            if let Some(Target::Node(t)) = next {
                if !reach[t] {
                    reach[t] = true;
                    parent[t] = Some((from, c));
                }
            }
        }
    }
    let mut steps = Vec::new();
    let mut at = ix;
    while let Some(p) = parent[at] {
        steps.push(p);
        at = p.0;
    }
    steps.reverse();
    let mut here = (ix, choice);
    loop {
        steps.push(here);
        let next = choices[here.0]
            .iter()
            .find(|o| o.0 == here.1)
            .and_then(|o| o.1);
        match next {
            Some(Target::Node(t)) => match choices[t].first() {
                Some(&(c, _)) => here = (t, c),
                None => break,
            },
            _ => break,
        }
    }
    steps
}

fn example_through(
    graph: &Graph,
    roster: &Roster,
    opts: &Options,
    choices: &Choices,
    ix: NodeIx,
    choice: usize,
) -> Example {
    let steps = path_through(graph, choices, ix, choice);
    example(graph, roster, opts, &steps, |run| {
        run.walk.steps.contains(&(ix, choice))
    })
}

/// A visitor for these steps, played to see whether `took` holds.
fn example(
    graph: &Graph,
    roster: &Roster,
    opts: &Options,
    steps: &[(NodeIx, usize)],
    took: impl Fn(&VisitorRun) -> bool,
) -> Example {
    let mut ex = solve(graph, roster, opts, steps);
    ex.takes_it = plays(graph, roster, opts, &ex, took);
    ex
}

/// The example played alone on a fresh roster.
fn plays(
    graph: &Graph,
    roster: &Roster,
    opts: &Options,
    ex: &Example,
    took: impl Fn(&VisitorRun) -> bool,
) -> bool {
    let list = Visitors {
        visitors: vec![as_visitor("example", ex)],
    };
    let quiet = Options {
        explain: false,
        ..opts.clone()
    };
    simulate::visitors(graph, roster, &list, &quiet)
        .first()
        .is_some_and(|run| run.outcome.is_ok() && took(run))
}

/// An example as a visitors-file visitor.
pub fn as_visitor(id: &str, ex: &Example) -> Visitor {
    Visitor {
        id: Spanned::new(id.to_string(), Span::default()),
        attributes: ex.attributes.clone(),
        attribute_spans: Vec::new(),
        answers: ex
            .answers
            .iter()
            .map(|a| Spanned::new(a.clone(), Span::default()))
            .collect(),
        fills: Vec::new(),
        missed_by: Vec::new(),
        expect: None,
    }
}

/// The answers of the steps, and attributes that make each condition and rule of the steps come
/// out as the class needs: the one taken true, those tried before it false.
pub fn solve(graph: &Graph, roster: &Roster, opts: &Options, steps: &[(NodeIx, usize)]) -> Example {
    let mut answers = Vec::new();
    let mut wants: Vec<(&Condition, bool)> = Vec::new();
    for &(ix, c) in steps {
        match &graph.nodes[ix].card.body {
            CardBody::Question {
                answers: offered, ..
            } => {
                if let Some(a) = offered.get(c) {
                    answers.push(a.label.value.clone());
                }
            }
            CardBody::Branch { branches, .. } => {
                for (j, b) in branches.iter().enumerate().take(c.saturating_add(1)) {
                    wants.push((&b.when, j == c));
                }
            }
            CardBody::LiveChat { route, .. } | CardBody::Meeting { route, .. } if c != ACCOUNT => {
                for (j, rule) in route
                    .kind
                    .rules_in_order()
                    .into_iter()
                    .enumerate()
                    .take(c.saturating_add(1))
                {
                    if let Some(when) = &rule.when {
                        wants.push((when, j == c));
                    }
                }
            }
            _ => {}
        }
    }
    let router = Router::new(roster, opts.at);
    let mut attrs: BTreeMap<String, String> = opts.attributes.iter().cloned().collect();
    let given: HashSet<String> = opts.attributes.iter().map(|(k, _)| k.clone()).collect();
    let holds = |attrs: &BTreeMap<String, String>, (c, want): (&Condition, bool)| {
        let map = attrs.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        let facts = KnownFacts {
            attrs: &map,
            router: &router,
        };
        eval(c, &facts) == Some(want)
    };
    for k in 0..wants.len() {
        if holds(&attrs, wants[k]) {
            continue;
        }
        let mut names = Vec::new();
        attributes_read(wants[k].0, &mut names);
        'search: for name in names.iter().filter(|n| !given.contains(*n)) {
            for candidate in candidates(name, &wants) {
                let before = attrs.get(name).cloned();
                match &candidate {
                    Some(v) => attrs.insert(name.clone(), v.clone()),
                    None => attrs.remove(name),
                };
                if wants[..=k].iter().all(|w| holds(&attrs, *w)) {
                    break 'search;
                }
                match before {
                    Some(v) => attrs.insert(name.clone(), v),
                    None => attrs.remove(name),
                };
            }
        }
    }
    Example {
        attributes: attrs
            .into_iter()
            .filter(|(k, _)| !given.contains(k))
            .collect(),
        answers,
        takes_it: false,
    }
}

fn attributes_read(c: &Condition, out: &mut Vec<String>) {
    match c {
        Condition::Test { attribute, .. } => {
            if !out.contains(&attribute.value) {
                out.push(attribute.value.clone());
            }
        }
        Condition::All(cs, _) | Condition::Any(cs, _) => {
            cs.iter().for_each(|c| attributes_read(c, out))
        }
        Condition::Not(c, _) => attributes_read(c, out),
        Condition::AgentsAvailable { .. } => {}
    }
}

/// Values worth trying for an attribute: every value the conditions compare it with, numbers
/// one above and below, and missing (`None`).
fn candidates(name: &str, wants: &[(&Condition, bool)]) -> Vec<Option<String>> {
    fn collect(c: &Condition, name: &str, out: &mut Vec<Option<String>>) {
        let num = |n: f64| {
            if n.fract() == 0.0 && n.abs() < 1e15 {
                format!("{}", n as i64)
            } else {
                format!("{n}")
            }
        };
        match c {
            Condition::Test {
                attribute,
                operator,
                ..
            } if attribute.value == name => match operator {
                Operator::Is(vs) | Operator::IsNot(vs) => out.extend(vs.iter().cloned().map(Some)),
                Operator::Contains(v)
                | Operator::NotContains(v)
                | Operator::StartsWith(v)
                | Operator::EndsWith(v) => out.push(Some(v.clone())),
                Operator::GreaterThan(n)
                | Operator::LessThan(n)
                | Operator::AtLeast(n)
                | Operator::AtMost(n) => {
                    out.extend([Some(num(*n)), Some(num(n + 1.0)), Some(num(n - 1.0))])
                }
                Operator::IsEmpty(_) => {}
            },
            Condition::All(cs, _) | Condition::Any(cs, _) => {
                cs.iter().for_each(|c| collect(c, name, out))
            }
            Condition::Not(c, _) => collect(c, name, out),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for (c, _) in wants {
        collect(c, name, &mut out);
    }
    out.push(Some("other".to_string()));
    out.push(None);
    let mut seen = HashSet::new();
    out.retain(|v| seen.insert(v.clone()));
    out
}

fn route_words(kind: &RouteKind) -> String {
    match kind {
        RouteKind::RoundRobin => "route round_robin".to_string(),
        RouteKind::Agent(id) => format!("route agent {}", id.value),
        RouteKind::Team(id) => format!("route team {}", id.value),
        RouteKind::Rules(_) => "route rules".to_string(),
    }
}

/// A class in words: `path "Yes, connect me" / inferred_state is CA, OR, WA → live chat ...`.
pub fn describe_class(answers: &[String], conditions: &[String], outcome: &Outcome) -> String {
    let mut parts: Vec<String> = answers.iter().map(|a| format!("\"{a}\"")).collect();
    parts.extend(conditions.iter().cloned());
    let choices = if parts.is_empty() {
        "no choices".to_string()
    } else {
        parts.join(", ")
    };
    format!("{choices} → {outcome}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{parse_roster, parse_stream, parse_visitors};
    use crate::source::SourceFile;

    fn load(dir: &str, stream: &str, visitors: &str) -> (crate::model::Stream, Roster, Visitors) {
        let read = |p: &str| {
            std::fs::read_to_string(format!("{}/{dir}/{p}", env!("CARGO_MANIFEST_DIR"))).unwrap()
        };
        let stream = parse_stream(&SourceFile::new("s.stream.yaml", read(stream)))
            .model
            .unwrap();
        let roster = parse_roster(&SourceFile::new("roster.yaml", read("roster.yaml")))
            .model
            .unwrap();
        let visitors = parse_visitors(&SourceFile::new("v.yaml", visitors))
            .model
            .unwrap();
        (stream, roster, visitors)
    }

    fn run(stream: &crate::model::Stream, roster: &Roster, visitors: &Visitors) -> Coverage {
        let graph = Graph::build(stream);
        let opts = Options {
            limit: 100,
            ..Options::default()
        };
        let classes = simulate::path_classes(&graph, roster, &opts).unwrap();
        let runs = simulate::visitors(&graph, roster, visitors, &opts);
        coverage(&graph, roster, &opts, &classes, &runs)
    }

    #[test]
    fn the_demo_visitors_leave_out_exactly_the_no_rule_class() {
        let text = std::fs::read_to_string(format!(
            "{}/fixtures/demo/visitors.yaml",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        let (stream, roster, visitors) = load("fixtures/demo", "pricing.stream.yaml", &text);
        let c = run(&stream, &roster, &visitors);
        assert_eq!(
            c.paths,
            Tally {
                covered: 3,
                total: 4
            }
        );
        assert_eq!(
            c.answers,
            Tally {
                covered: 2,
                total: 2
            }
        );
        let paths: Vec<&Uncovered> = c
            .uncovered
            .iter()
            .filter(|u| u.kind == Kind::Path)
            .collect();
        assert_eq!(paths.len(), 1, "{:?}", c.uncovered);
        assert!(
            paths[0].what.contains("no rule matched"),
            "{}",
            paths[0].what
        );
        let ex = paths[0].example.as_ref().unwrap();
        assert!(ex.takes_it, "{ex:?}");
        assert_eq!(ex.answers, vec!["Yes, connect me"]);
        // The decisions: both rules covered, "no rule matched" and "nobody eligible" not.
        let decisions: Vec<&str> = c
            .uncovered
            .iter()
            .filter(|u| u.kind == Kind::Decision)
            .map(|u| u.what.as_str())
            .collect();
        assert_eq!(
            decisions,
            vec![
                "no rule matched at connect",
                "nobody eligible at connect (no_agent_available)"
            ]
        );
        assert_eq!(
            c.decisions,
            Tally {
                covered: 2,
                total: 4
            }
        );
    }

    #[test]
    fn examples_satisfy_the_conditions_of_their_class() {
        let (stream, roster, visitors) = load(
            "fixtures/demo",
            "pricing.stream.yaml",
            "visitors:\n  - id: only\n    answers: [\"Just browsing\"]\n",
        );
        let c = run(&stream, &roster, &visitors);
        assert_eq!(
            c.paths,
            Tally {
                covered: 1,
                total: 4
            }
        );
        for u in c.uncovered.iter().filter(|u| u.kind == Kind::Path) {
            let ex = u.example.as_ref().unwrap();
            assert!(ex.takes_it, "{} {ex:?}", u.what);
        }
        let west = &c.uncovered[0];
        assert_eq!(
            west.example.as_ref().unwrap().attributes,
            vec![("inferred_state".to_string(), "CA".to_string())]
        );
        // Enterprise: not on the west coast, and at least 1000 people.
        let enterprise = c.uncovered[1].example.as_ref().unwrap();
        assert!(
            enterprise
                .attributes
                .contains(&("company_size".to_string(), "1000".to_string())),
            "{enterprise:?}"
        );
    }
}
