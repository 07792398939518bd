//! `streamlint simulate`: where visitors of a stream end up. Pure: takes the parsed stream's
//! graph, the roster and the options, returns what a report renders.
//!
//! **Path classes** (no visitors file): every distinct sequence of choices — the answer taken at
//! each question, the condition matched at each `branch` card, and at each live chat or meeting
//! card the custom rule matched first (or none). Each class gets the outcome of the first visitor
//! to take it (a fresh roster). Choices the known facts rule out (`--visitor` attributes, agent
//! availability at `--at`, a rule that matches everyone) are dropped. Classes are counted exactly
//! by dynamic programming over the branch graph (a DAG: every edge goes forward in pre-order), so
//! 2^40 classes cost as much as 40; only the first `--limit` are walked to be listed.
//!
//! **Visitors** (`--visitors`): each visitor walks the stream with their answers and fills, in
//! order, sharing rotation pointers and agent load.

use std::collections::HashMap;

use jiff::Timestamp;

use crate::graph::{Graph, NodeIx, Target};
use crate::model::visitors::{Expect, ExpectedOutcome, Visitor, Visitors};
use crate::model::{CardBody, IfKnown, Roster, Route};

use super::condition::{eval, Facts};
use super::{rule_line, truth, CardKind, KnownFacts, Outcome, OutcomeType, Router, Trace};

/// What every simulation is given besides the stream and the roster.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The moment of the simulation, for schedules.
    pub at: Option<Timestamp>,
    /// `--visitor KEY=VALUE`: attributes every class (or visitor) has.
    pub attributes: Vec<(String, String)>,
    /// Path classes listed (all are counted).
    pub limit: usize,
    pub explain: bool,
}

/// What one path (or visitor) went through.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Walk {
    pub answers: Vec<String>,
    /// The condition matched at each `branch` card, as text (`otherwise` when none).
    pub conditions: Vec<String>,
    /// Card ids, or `#N`.
    pub cards: Vec<String>,
    /// `--explain` lines.
    pub explain: Vec<String>,
    /// Each card met and the choice taken there: the answer's or condition's index (the number
    /// of conditions for `otherwise`), the index in evaluation order of the rule matched first
    /// (the number of rules when none matched), [`ACCOUNT`] when account routing decided a
    /// class, 0 elsewhere. What coverage and the routing diff compare.
    pub steps: Vec<(NodeIx, usize)>,
}

/// The choice at a routing card whose class account routing decided (`--visitor email=...`).
pub const ACCOUNT: usize = usize::MAX;

#[derive(Debug, Clone, PartialEq)]
pub struct PathClass {
    pub walk: Walk,
    pub outcome: Outcome,
}

/// Every path class counted, the first `limit` listed.
#[derive(Debug, Clone, PartialEq)]
pub struct Classes {
    pub total: u128,
    /// Classes per outcome type, in [`OutcomeType::ALL`] order.
    pub outcomes: [u128; 6],
    pub listed: Vec<PathClass>,
}

/// The count does not fit in 128 bits: more than 3.4 × 10^38 classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooManyClasses;

/// One step a path class can take from a card.
struct Opt {
    /// The choice in [`Walk::steps`] terms.
    choice: usize,
    next: Next,
    label: Label,
    /// `--explain` lines for taking this option.
    explain: Vec<String>,
}

enum Next {
    Go(Target),
    /// A live chat: the conversation is handed over.
    Stop,
}

enum Label {
    None,
    Answer(String),
    Condition(String),
    /// A routing card's outcome for the first visitor.
    Routed(Outcome),
}

/// Attributes known to a path class: the `--visitor` ones; the rest could be anything.
/// Availability is the fresh roster's, at `--at`.
struct ClassFacts<'a> {
    given: &'a HashMap<String, String>,
    router: &'a Router<'a>,
}

impl Facts for ClassFacts<'_> {
    fn attribute(&self, name: &str) -> Option<Option<&str>> {
        self.given.get(name).map(|v| Some(v.as_str()))
    }
    fn agents_available(&self, team: Option<&str>) -> Option<bool> {
        Some(self.router.any_available(team))
    }
}

/// Lists and counts every path class of the stream.
pub fn path_classes(
    graph: &Graph,
    roster: &Roster,
    opts: &Options,
) -> Result<Classes, TooManyClasses> {
    let counted = count_classes(graph, roster, opts)?;
    let mut listed = Vec::new();
    counted.list(opts.limit, |walk, outcome| {
        listed.push(PathClass {
            walk: walk.clone(),
            outcome: outcome.clone(),
        });
        true
    });
    Ok(Classes {
        total: counted.total,
        outcomes: counted.outcomes,
        listed,
    })
}

/// Every path class of a stream counted, ready to be listed one class at a time: the summary
/// is known before the first class is walked, so a report can write it first and then each
/// class as it comes, holding one walk at a time whatever `--limit` is.
pub struct CountedClasses<'g> {
    graph: &'g Graph<'g>,
    options: Vec<Vec<Opt>>,
    pub total: u128,
    /// Classes per outcome type, in [`OutcomeType::ALL`] order.
    pub outcomes: [u128; 6],
}

/// Counts every path class of the stream (the first step of [`path_classes`]).
pub fn count_classes<'g>(
    graph: &'g Graph<'g>,
    roster: &Roster,
    opts: &Options,
) -> Result<CountedClasses<'g>, TooManyClasses> {
    let given: HashMap<String, String> = opts.attributes.iter().cloned().collect();
    let options: Vec<Vec<Opt>> = (0..graph.nodes.len())
        .map(|ix| class_options(graph, ix, roster, opts, &given))
        .collect();
    let counts = count(graph, &options)?;
    let (total, outcomes) = match counts.first() {
        Some(c) => (checked_sum(c)?, *c),
        None => (0, [0; 6]),
    };
    Ok(CountedClasses {
        graph,
        options,
        total,
        outcomes,
    })
}

impl CountedClasses<'_> {
    /// Hands the first `limit` classes, depth first in file order, to `each` one at a time;
    /// `each` returns false to stop early (its reader went away).
    pub fn list(&self, limit: usize, each: impl FnMut(&Walk, &Outcome) -> bool) {
        if !self.graph.nodes.is_empty() {
            list(self.graph, &self.options, limit, each);
        }
    }
}

/// Per card, the choices path classes can take there (in [`Walk::steps`] terms) and where each
/// leads (`None`: a live chat ends the class). Choices the facts rule out are left out, as in
/// [`path_classes`].
pub fn class_choices(
    graph: &Graph,
    roster: &Roster,
    opts: &Options,
) -> Vec<Vec<(usize, Option<Target>)>> {
    class_steps(graph, roster, opts)
        .into_iter()
        .map(|steps| steps.into_iter().map(|s| (s.choice, s.next)).collect())
        .collect()
}

/// What a choice is called, for matching classes across two versions of a stream: by labels
/// and names, never by positions.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ChoiceLabel {
    Answer(String),
    /// A `branch` condition as text, or `otherwise`.
    Condition(String),
    Rule(String),
    NoRuleMatched,
    Account,
}

/// One choice a path class can make at a card.
#[derive(Debug, Clone)]
pub struct ClassStep {
    /// In [`Walk::steps`] terms.
    pub choice: usize,
    /// `None` for a card that offers no choice (the one way on).
    pub label: Option<ChoiceLabel>,
    /// `None`: a live chat ends the class.
    pub next: Option<Target>,
    /// A routing card's outcome for the first visitor.
    pub outcome: Option<Outcome>,
}

/// Per card, every choice path classes can take there, with its label and outcome.
pub fn class_steps(graph: &Graph, roster: &Roster, opts: &Options) -> Vec<Vec<ClassStep>> {
    let given: HashMap<String, String> = opts.attributes.iter().cloned().collect();
    let quiet = Options {
        explain: false,
        ..opts.clone()
    };
    (0..graph.nodes.len())
        .map(|ix| {
            let rules = match &graph.nodes[ix].card.body {
                CardBody::LiveChat { route, .. } | CardBody::Meeting { route, .. } => {
                    Some(route.kind.rules_in_order())
                }
                _ => None,
            };
            class_options(graph, ix, roster, &quiet, &given)
                .into_iter()
                .map(|o| {
                    let next = match o.next {
                        Next::Go(t) => Some(t),
                        Next::Stop => None,
                    };
                    let (label, outcome) = match o.label {
                        Label::None => (None, None),
                        Label::Answer(a) => (Some(ChoiceLabel::Answer(a)), None),
                        Label::Condition(c) => (Some(ChoiceLabel::Condition(c)), None),
                        Label::Routed(outcome) => {
                            let label = match &rules {
                                _ if o.choice == ACCOUNT => Some(ChoiceLabel::Account),
                                Some(rules) if rules.is_empty() => None,
                                Some(rules) => Some(
                                    rules.get(o.choice).map_or(ChoiceLabel::NoRuleMatched, |r| {
                                        ChoiceLabel::Rule(r.name.value.clone())
                                    }),
                                ),
                                None => None,
                            };
                            (label, Some(outcome))
                        }
                    };
                    ClassStep {
                        choice: o.choice,
                        label,
                        next,
                        outcome,
                    }
                })
                .collect()
        })
        .collect()
}

fn checked_sum(c: &[u128; 6]) -> Result<u128, TooManyClasses> {
    c.iter()
        .try_fold(0u128, |acc, n| acc.checked_add(*n))
        .ok_or(TooManyClasses)
}

/// The choices a class can make at a card, in listing order; those the facts rule out are left
/// out. Every card keeps at least one (the first choice the facts make true is always open).
fn class_options(
    graph: &Graph,
    ix: NodeIx,
    roster: &Roster,
    opts: &Options,
    given: &HashMap<String, String>,
) -> Vec<Opt> {
    let node = &graph.nodes[ix];
    let name = node.name();
    match &node.card.body {
        CardBody::Question { answers, .. } => answers
            .iter()
            .zip(&node.edges)
            .enumerate()
            .map(|(i, (a, e))| Opt {
                choice: i,
                next: Next::Go(e.target),
                label: Label::Answer(a.label.value.clone()),
                explain: Vec::new(),
            })
            .collect(),
        CardBody::Branch { branches, .. } => {
            let router = Router::new(roster, opts.at);
            let facts = ClassFacts {
                given,
                router: &router,
            };
            let truths: Vec<Option<bool>> =
                branches.iter().map(|b| eval(&b.when, &facts)).collect();
            open_choices(&truths)
                .into_iter()
                .map(|i| {
                    let explained = explains(opts, i);
                    let mut trace = Trace::new(explained);
                    trace.at(&name);
                    if explained {
                        for (j, b) in branches.iter().enumerate().take(i + 1) {
                            let taken = j == i;
                            trace.note(|| format!("`{}` is {}", b.when, assumed(truths[j], taken)));
                        }
                    }
                    let label = match branches.get(i) {
                        Some(b) => b.when.to_string(),
                        None => {
                            trace.note(|| "no condition matches: otherwise".to_string());
                            "otherwise".to_string()
                        }
                    };
                    Opt {
                        choice: i,
                        next: Next::Go(node.edges[i].target),
                        label: Label::Condition(label),
                        explain: trace.into_lines(),
                    }
                })
                .collect()
        }
        CardBody::LiveChat { route, .. } => route_options(
            route,
            CardKind::LiveChat,
            &name,
            roster,
            opts,
            given,
            || Next::Stop,
        ),
        CardBody::Meeting { route, .. } => {
            let next = graph.next(ix);
            route_options(route, CardKind::Meeting, &name, roster, opts, given, || {
                Next::Go(next)
            })
        }
        _ => vec![Opt {
            choice: 0,
            next: Next::Go(graph.onward(ix)),
            label: Label::None,
            explain: Vec::new(),
        }],
    }
}

/// The choices open among conditions tried in order (index `truths.len()`: none matched, the
/// `otherwise` or "no rule matched" choice). Choice i is open when condition i may hold and no
/// earlier one surely holds, so the first condition the facts make true is always open.
fn open_choices(truths: &[Option<bool>]) -> Vec<usize> {
    // Choices after the first sure match are closed: stop there rather than re-checking every
    // earlier condition for every choice (6,000 rules would cost 18 million looks).
    let mut open = Vec::new();
    for i in 0..=truths.len() {
        match truths.get(i) {
            Some(Some(false)) => {}
            Some(Some(true)) => {
                open.push(i);
                break;
            }
            Some(None) | None => open.push(i),
        }
    }
    open
}

/// Whether to write `--explain` lines for choice `i` of a card. The listing walks the first
/// `--limit` classes depth first and every choice leads to at least one class, so a choice at
/// index `limit` or later is never listed: its lines (as many as the conditions before it)
/// would only be thrown away, and with thousands of rules they add up to gigabytes.
fn explains(opts: &Options, i: usize) -> bool {
    opts.explain && i < opts.limit
}

/// A truth value a class took: `true`, or `assumed true (not known)`.
fn assumed(value: Option<bool>, taken: bool) -> String {
    match value {
        Some(v) => v.to_string(),
        None => format!("assumed {taken} (not known)"),
    }
}

/// The classes at a routing card: one per custom rule that can match first, and "no rule
/// matched" when possible; one for other routes, or when account routing decides.
fn route_options(
    route: &Route,
    kind: CardKind,
    name: &str,
    roster: &Roster,
    opts: &Options,
    given: &HashMap<String, String>,
    next: impl Fn() -> Next,
) -> Vec<Opt> {
    let router = Router::new(roster, opts.at);
    let mut trace = Trace::new(opts.explain);
    trace.at(name);
    let email = given.get("email").map(String::as_str);
    // The router after account routing: an account owner who missed the chat used a try.
    let mut after_account = router.clone();
    if let Some(outcome) = after_account.account(email, kind, &mut trace) {
        return vec![Opt {
            choice: ACCOUNT,
            next: next(),
            label: Label::Routed(outcome),
            explain: trace.into_lines(),
        }];
    }
    let account_lines = trace.into_lines();
    let rules = route.kind.rules_in_order();
    let facts = ClassFacts {
        given,
        router: &router,
    };
    let truths: Vec<Option<bool>> = rules
        .iter()
        .map(|r| r.when.as_ref().map_or(Some(true), |c| eval(c, &facts)))
        .collect();
    // Without rules the one choice is the route itself (index 0 of no conditions).
    open_choices(&truths)
        .into_iter()
        .map(|i| {
            let explained = explains(opts, i);
            let mut trace = Trace::new(explained);
            trace.at(name);
            if explained {
                for line in &account_lines {
                    trace.note(|| {
                        line.strip_prefix(&format!("at {name}: "))
                            .unwrap_or(line)
                            .to_string()
                    });
                }
                for (j, rule) in rules.iter().enumerate().take(i + 1) {
                    let taken = j == i;
                    trace.note(|| match truths[j] {
                        Some(_) => rule_line(rule, truths[j]),
                        None => format!("{}, assumed {taken}", rule_line(rule, None)),
                    });
                }
            }
            let outcome =
                after_account
                    .clone()
                    .route_to(kind, route, rules.get(i).copied(), &mut trace);
            Opt {
                choice: i,
                next: next(),
                label: Label::Routed(outcome),
                explain: trace.into_lines(),
            }
        })
        .collect()
}

/// Per card: the classes from it to the end, by outcome type. Cards are visited in reverse
/// pre-order, so every target is counted before the cards that lead to it.
fn count(graph: &Graph, options: &[Vec<Opt>]) -> Result<Vec<[u128; 6]>, TooManyClasses> {
    let end_ix = OutcomeType::ALL
        .iter()
        .position(|t| *t == OutcomeType::End)
        .unwrap_or(0);
    let mut end = [0u128; 6];
    end[end_ix] = 1;
    let mut counts = vec![[0u128; 6]; graph.nodes.len()];
    for ix in (0..graph.nodes.len()).rev() {
        let mut here = [0u128; 6];
        for opt in &options[ix] {
            let mut after = match opt.next {
                Next::Stop => [0u128; 6],
                Next::Go(Target::End) => end,
                Next::Go(Target::Node(t)) => counts[t],
            };
            if let Label::Routed(outcome) = &opt.label {
                let ty = type_index(outcome.kind());
                match opt.next {
                    // A live chat decides the outcome: one class.
                    Next::Stop => after[ty] = 1,
                    // A meeting is the outcome of the classes that meet no later routing card.
                    Next::Go(_) => {
                        let ended = std::mem::take(&mut after[end_ix]);
                        after[ty] = after[ty].checked_add(ended).ok_or(TooManyClasses)?;
                    }
                }
            }
            for (h, a) in here.iter_mut().zip(after) {
                *h = h.checked_add(a).ok_or(TooManyClasses)?;
            }
        }
        checked_sum(&here)?;
        counts[ix] = here;
    }
    Ok(counts)
}

fn type_index(t: OutcomeType) -> usize {
    OutcomeType::ALL.iter().position(|x| *x == t).unwrap_or(0)
}

/// The first `limit` classes, depth first in file order, each handed to `each` (which returns
/// false to stop). Iterative, so a long stream cannot exhaust the call stack.
fn list(
    graph: &Graph,
    options: &[Vec<Opt>],
    limit: usize,
    mut each: impl FnMut(&Walk, &Outcome) -> bool,
) {
    struct Frame {
        node: NodeIx,
        next_opt: usize,
        /// Lengths of the walk (and the pending meeting outcome) on entering the card.
        mark: (usize, usize, usize, usize, usize, Option<Outcome>),
    }
    let mut listed = 0;
    if limit == 0 {
        return;
    }
    let mut walk = Walk::default();
    let mut meeting: Option<Outcome> = None;
    let mut stack: Vec<Frame> = Vec::new();
    let enter =
        |node: NodeIx, walk: &mut Walk, meeting: &Option<Outcome>, stack: &mut Vec<Frame>| {
            walk.cards.push(graph.nodes[node].name());
            stack.push(Frame {
                node,
                next_opt: 0,
                mark: (
                    walk.answers.len(),
                    walk.conditions.len(),
                    walk.cards.len(),
                    walk.explain.len(),
                    walk.steps.len(),
                    meeting.clone(),
                ),
            });
        };
    enter(0, &mut walk, &meeting, &mut stack);
    while let Some(frame) = stack.last_mut() {
        let Some(opt) = options[frame.node].get(frame.next_opt) else {
            stack.pop();
            continue;
        };
        frame.next_opt += 1;
        let (a, c, k, e, st, m) = &frame.mark;
        walk.steps.truncate(*st);
        walk.steps.push((frame.node, opt.choice));
        walk.answers.truncate(*a);
        walk.conditions.truncate(*c);
        walk.cards.truncate(*k);
        walk.explain.truncate(*e);
        meeting.clone_from(m);
        walk.explain.extend(opt.explain.iter().cloned());
        let mut finished = None;
        match &opt.label {
            Label::None => {}
            Label::Answer(label) => walk.answers.push(label.clone()),
            Label::Condition(text) => walk.conditions.push(text.clone()),
            Label::Routed(outcome) => match opt.next {
                Next::Stop => finished = Some(outcome.clone()),
                Next::Go(_) => meeting = Some(outcome.clone()),
            },
        }
        let finished = match (&opt.next, finished) {
            (_, Some(outcome)) => Some(outcome),
            (Next::Go(Target::End), None) => {
                Some(meeting.clone().unwrap_or_else(|| Outcome::End {
                    card: walk.cards.last().cloned().unwrap_or_default(),
                }))
            }
            (Next::Go(Target::Node(t)), None) => {
                enter(*t, &mut walk, &meeting, &mut stack);
                None
            }
            (Next::Stop, None) => None,
        };
        if let Some(outcome) = finished {
            listed += 1;
            if !each(&walk, &outcome) || listed >= limit {
                break;
            }
        }
    }
}

/// One simulated visitor's result.
#[derive(Debug, Clone, PartialEq)]
pub struct VisitorRun {
    pub id: String,
    pub walk: Walk,
    /// `Err`: the visitor gave an answer the question does not offer.
    pub outcome: Result<Outcome, String>,
    pub expected: Option<Expect>,
    /// Whether the outcome met `expected` (`None` without an expectation).
    pub ok: Option<bool>,
}

impl VisitorRun {
    /// Failed: an error, or an expectation not met.
    pub fn failed(&self) -> bool {
        self.outcome.is_err() || self.ok == Some(false)
    }
}

/// Runs the visitors one after another, sharing rotation and load.
pub fn visitors(
    graph: &Graph,
    roster: &Roster,
    list: &Visitors,
    opts: &Options,
) -> Vec<VisitorRun> {
    let mut players = VisitorPlayer::new(graph, roster, opts);
    list.visitors.iter().map(|v| players.play(v)).collect()
}

/// Plays visitors one at a time, in the order they are given, sharing rotation pointers and
/// agent load between them: what [`visitors`] does for a list, for a caller that reads visitors
/// one by one and lets go of each once its result is written (a file of 100,000 visitors never
/// has to be held as a list).
pub struct VisitorPlayer<'a> {
    graph: &'a Graph<'a>,
    router: Router<'a>,
    opts: &'a Options,
}

impl<'a> VisitorPlayer<'a> {
    /// A fresh roster: no rotation taken, no load, as for the first visitor of a file.
    pub fn new(graph: &'a Graph<'a>, roster: &'a Roster, opts: &'a Options) -> Self {
        VisitorPlayer {
            graph,
            router: Router::new(roster, opts.at),
            opts,
        }
    }

    /// The next visitor's result; what it changed on the roster stays for the next one.
    pub fn play(&mut self, visitor: &Visitor) -> VisitorRun {
        run_visitor(self.graph, &mut self.router, visitor, self.opts)
    }
}

fn run_visitor(
    graph: &Graph,
    router: &mut Router,
    visitor: &Visitor,
    opts: &Options,
) -> VisitorRun {
    let mut attrs: HashMap<String, String> = opts.attributes.iter().cloned().collect();
    attrs.extend(visitor.attributes.iter().cloned());
    let fills: HashMap<&str, &str> = visitor
        .fills
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let missed_by: Vec<String> = visitor.missed_by.iter().map(|m| m.value.clone()).collect();
    router.start_visit(&missed_by);
    let mut answers = visitor.answers.iter();
    let mut walk = Walk::default();
    let mut trace = Trace::new(opts.explain);
    let mut meeting: Option<Outcome> = None;
    let mut ix = 0;
    let outcome = loop {
        let Some(node) = graph.nodes.get(ix) else {
            break Ok(Outcome::End {
                card: walk.cards.last().cloned().unwrap_or_default(),
            });
        };
        let name = node.name();
        walk.cards.push(name.clone());
        walk.steps.push((ix, 0));
        trace.at(&name);
        let mut next = graph.onward(ix);
        match &node.card.body {
            CardBody::Question {
                answers: offered,
                attribute,
                ..
            } => {
                let Some(given) = answers.next() else {
                    trace.note(|| "no answer left, the visitor leaves".to_string());
                    break Ok(Outcome::Dropped { card: name });
                };
                let Some(i) = offered
                    .iter()
                    .position(|a| a.label.value.eq_ignore_ascii_case(&given.value))
                else {
                    let labels: Vec<String> = offered
                        .iter()
                        .map(|a| format!("\"{}\"", a.label.value))
                        .collect();
                    break Err(format!(
                        "answer \"{}\" is not offered at question {name}, which offers {}",
                        given.value,
                        labels.join(", ")
                    ));
                };
                let answer = &offered[i];
                set_choice(&mut walk, i);
                walk.answers.push(answer.label.value.clone());
                if let Some(attr) = attribute {
                    let value = answer.value.as_ref().unwrap_or(&answer.label);
                    attrs.insert(attr.value.clone(), value.value.clone());
                }
                next = node.edges[i].target;
            }
            CardBody::Branch { branches, .. } => {
                let facts = KnownFacts {
                    attrs: &attrs,
                    router: &*router,
                };
                let mut taken = branches.len();
                for (i, b) in branches.iter().enumerate() {
                    let holds = eval(&b.when, &facts).unwrap_or(false);
                    trace.note(|| format!("`{}` is {}", b.when, truth(Some(holds))));
                    if holds {
                        taken = i;
                        break;
                    }
                }
                set_choice(&mut walk, taken);
                walk.conditions.push(
                    branches
                        .get(taken)
                        .map_or_else(|| "otherwise".to_string(), |b| b.when.to_string()),
                );
                next = node.edges[taken].target;
            }
            CardBody::InfoCapture { fields, .. } => {
                for f in fields {
                    let attr = f.attribute.value.as_str();
                    let known = attrs.get(attr).is_some_and(|v| !v.is_empty());
                    if f.if_known == IfKnown::Skip && known {
                        continue;
                    }
                    if let Some(value) = fills.get(attr) {
                        attrs.insert(attr.to_string(), value.to_string());
                    }
                }
            }
            CardBody::Action { set } => {
                for (k, v) in set {
                    attrs.insert(k.value.clone(), v.value.clone());
                }
            }
            CardBody::LiveChat { route, .. } | CardBody::Meeting { route, .. } => {
                let kind = if matches!(node.card.body, CardBody::LiveChat { .. }) {
                    CardKind::LiveChat
                } else {
                    CardKind::Meeting
                };
                set_choice(&mut walk, rule_choice(router, route, &attrs));
                let outcome = router.route(kind, route, &attrs, &mut trace);
                if kind == CardKind::LiveChat {
                    break Ok(outcome);
                }
                if let (
                    CardBody::Meeting {
                        store_agent_in: Some(attr),
                        ..
                    },
                    Some(a),
                ) = (&node.card.body, outcome.assignment())
                {
                    attrs.insert(attr.value.clone(), a.agent.clone());
                }
                meeting = Some(outcome);
            }
            _ => {}
        }
        match next {
            Target::Node(t) => ix = t,
            Target::End => {
                break Ok(meeting.take().unwrap_or(Outcome::End { card: name }));
            }
        }
    };
    walk.explain = trace.into_lines();
    let expected = visitor.expect.as_ref().map(|e| e.value.clone());
    let ok = match (&expected, &outcome) {
        (Some(e), Ok(o)) => Some(meets(e, o)),
        (Some(_), Err(_)) => Some(false),
        (None, _) => None,
    };
    VisitorRun {
        id: visitor.id.value.clone(),
        walk,
        outcome,
        expected,
        ok,
    }
}

fn set_choice(walk: &mut Walk, choice: usize) {
    if let Some(step) = walk.steps.last_mut() {
        step.1 = choice;
    }
}

/// The choice a visitor makes at a routing card, in [`Walk::steps`] terms: the index of the
/// rule matched first, or the number of rules when none matches (0 without rules).
fn rule_choice(router: &Router, route: &Route, attrs: &HashMap<String, String>) -> usize {
    let rules = route.kind.rules_in_order();
    let facts = KnownFacts { attrs, router };
    let matched = router.match_rule(route, &facts, &mut Trace::off());
    matched
        .and_then(|m| rules.iter().position(|r| std::ptr::eq(*r, m)))
        .unwrap_or(rules.len())
}

/// Does the outcome meet the expectation? `agent`: a live chat or meeting with that agent;
/// `team`: one whose agent that team's rotation chose; `outcome`: that outcome type.
pub fn meets(expect: &Expect, outcome: &Outcome) -> bool {
    match expect {
        Expect::Agent(agent) => outcome.assignment().is_some_and(|a| a.agent == *agent),
        Expect::Team(team) => outcome
            .assignment()
            .is_some_and(|a| a.team.as_deref() == Some(team.as_str())),
        Expect::Outcome(o) => {
            let ty = match o {
                ExpectedOutcome::Fallback => OutcomeType::Fallback,
                ExpectedOutcome::MeetingOffer => OutcomeType::MeetingOffer,
                ExpectedOutcome::End => OutcomeType::End,
                ExpectedOutcome::Dropped => OutcomeType::Dropped,
            };
            outcome.kind() == ty
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{parse_roster, parse_stream};
    use crate::source::SourceFile;

    const ROSTER: &str = "agents: [{id: a}, {id: b, status: unavailable}]\nteams: [{id: t, members: [b]}]\nfallback: {message: Later}\n";

    /// A stream mixing fall-through answers, a branch with `otherwise`, a meeting followed by
    /// more choices, and custom rules.
    const MIXED: &str = r#"
stream: Mixed
cards:
  - type: question
    text: One?
    answers:
      - label: A
      - label: B
        cards:
          - type: meeting
            route: { team: t }
          - type: question
            text: Two?
            answers:
              - label: C
              - label: D
  - type: branch
    branches:
      - when: { attribute: state, is: CA }
        cards:
          - type: live_chat
            route:
              rules:
                - name: Big
                  when: { attribute: size, at_least: 100 }
                  to: { agent: a }
                - name: Small
                  when: { attribute: size, less_than: 100 }
                  to: { team: t }
      - when: { attribute: state, is: NY }
    otherwise:
      - type: meeting
        route: round_robin
  - type: message
    text: Bye
"#;

    fn classes(stream: &str, opts: &Options) -> Classes {
        let roster = parse_roster(&SourceFile::new("r.yaml", ROSTER))
            .model
            .unwrap();
        let parsed = parse_stream(&SourceFile::new("s.stream.yaml", stream));
        assert!(parsed.findings.is_empty(), "{:?}", parsed.findings);
        let stream = parsed.model.unwrap();
        let graph = Graph::build(&stream);
        path_classes(&graph, &roster, opts).unwrap()
    }

    #[test]
    fn the_count_matches_the_listed_classes_one_by_one() {
        let all = classes(
            MIXED,
            &Options {
                limit: usize::MAX,
                ..Options::default()
            },
        );
        assert_eq!(all.total, all.listed.len() as u128);
        let mut by_type = [0u128; 6];
        for c in &all.listed {
            by_type[type_index(c.outcome.kind())] += 1;
        }
        assert_eq!(by_type, all.outcomes);
        // A falls through to the branch card: CA (then Big, Small or no rule), NY (falls
        // through to Bye), or otherwise (a meeting, then Bye). B opens its own branch: a
        // meeting, then C or D, and that branch ends the conversation.
        assert_eq!(all.total, 7);
        // Classes are listed depth first in file order, `otherwise` last.
        assert_eq!(all.listed[0].walk.answers, vec!["A"]);
        assert_eq!(all.listed[0].walk.conditions, vec!["state is CA"]);
        assert_eq!(all.listed[4].walk.conditions, vec!["otherwise"]);
        assert_eq!(all.listed[5].walk.answers, vec!["B", "C"]);
        // The meeting decides where a path ends up when no live chat follows: team t has
        // nobody available, so B visitors get the fallback.
        assert_eq!(all.listed[5].outcome.kind(), OutcomeType::Fallback);
        assert_eq!(all.listed[4].outcome.kind(), OutcomeType::Meeting);
        assert_eq!(all.listed[3].outcome.kind(), OutcomeType::End);
    }

    #[test]
    fn given_attributes_prune_exactly_the_impossible_classes() {
        let opts = Options {
            limit: usize::MAX,
            attributes: vec![("state".into(), "ca".into()), ("size".into(), "500".into())],
            ..Options::default()
        };
        let c = classes(MIXED, &opts);
        // A: only CA and the Big rule remain; B's two classes do not depend on them.
        assert_eq!(c.total, 3);
        assert!(
            matches!(&c.listed[0].outcome, Outcome::Agent(a) if a.rule.as_deref() == Some("Big"))
        );
        assert_eq!(c.listed[1].walk.answers, vec!["B", "C"]);
    }

    #[test]
    fn a_given_email_lets_account_routing_decide_instead_of_the_rules() {
        let roster = parse_roster(&SourceFile::new(
            "r.yaml",
            "agents: [{id: a}, {id: owner}]\naccounts: [{domain: big.example, agent: owner}]\n",
        ))
        .model
        .unwrap();
        let stream = parse_stream(&SourceFile::new(
            "s.stream.yaml",
            "stream: S\ncards:\n  - type: live_chat\n    route: { rules: [ {name: R, when: {attribute: x, is: y}, to: {agent: a}} ] }\n",
        ))
        .model
        .unwrap();
        let graph = Graph::build(&stream);
        let opts = |email: &str| Options {
            limit: 10,
            attributes: vec![("email".into(), email.into())],
            ..Options::default()
        };
        let c = path_classes(&graph, &roster, &opts("ana@BIG.example")).unwrap();
        assert_eq!(c.total, 1);
        assert!(
            matches!(&c.listed[0].outcome, Outcome::Agent(x) if x.agent == "owner" && x.route == crate::route::RouteTaken::Account)
        );
        // Another domain: the rule, or no rule.
        let c = path_classes(&graph, &roster, &opts("bo@small.example")).unwrap();
        assert_eq!(c.total, 2);
    }

    #[test]
    fn the_limit_bounds_the_listing_not_the_count() {
        let c = classes(
            MIXED,
            &Options {
                limit: 2,
                ..Options::default()
            },
        );
        assert_eq!((c.total, c.listed.len()), (7, 2));
        let none = classes(MIXED, &Options::default());
        assert_eq!((none.total, none.listed.len()), (7, 0));
    }

    #[test]
    fn counts_beyond_two_to_the_sixty_four_stay_exact() {
        let mut text = String::from("stream: Long\ncards:\n");
        for i in 0..70 {
            text.push_str(&format!(
                "  - type: question\n    text: Q{i}?\n    answers: [{{label: A}}, {{label: B}}]\n"
            ));
        }
        let c = classes(&text, &Options::default());
        assert_eq!(c.total, 1u128 << 70);
        let mut text = String::from("stream: Longer\ncards:\n");
        for i in 0..130 {
            text.push_str(&format!(
                "  - type: question\n    text: Q{i}?\n    answers: [{{label: A}}, {{label: B}}]\n"
            ));
        }
        let roster = parse_roster(&SourceFile::new("r.yaml", ROSTER))
            .model
            .unwrap();
        let stream = parse_stream(&SourceFile::new("s.stream.yaml", text))
            .model
            .unwrap();
        let graph = Graph::build(&stream);
        assert_eq!(
            path_classes(&graph, &roster, &Options::default()),
            Err(TooManyClasses)
        );
    }
}
