//! The routing diff (the spec's testing.md, "The routing diff"): two versions of a stream
//! compared by what visitors experience.
//!
//! Each version's path classes form a tree of labelled choices (answers, conditions, rules;
//! cards that offer no choice are passed through, so moving them or adding comments changes
//! nothing) ending in an outcome. The two trees are walked **together**: at each pair of
//! positions the choices are matched by label; a choice only one side has adds or removes every
//! class below it (counted, not listed); matched choices are compared further down; two ends
//! compare outcomes. Pairs of positions are memoised, and a stream's positions are its cards,
//! so the work is about the size of the streams, not the number of classes: 2^40 classes cost
//! as much as 40. Only up to `limit` classes per list are walked to be shown.

use std::collections::HashMap;

use crate::graph::{Graph, NodeIx, Target};
use crate::model::Roster;

use super::simulate::{class_steps, ChoiceLabel, ClassStep, Options};
use super::Outcome;

/// Exact counts of classes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub added: u128,
    pub removed: u128,
    pub changed: u128,
    pub unchanged: u128,
}

impl Counts {
    fn add(self, o: Counts) -> Counts {
        Counts {
            added: self.added.saturating_add(o.added),
            removed: self.removed.saturating_add(o.removed),
            changed: self.changed.saturating_add(o.changed),
            unchanged: self.unchanged.saturating_add(o.unchanged),
        }
    }

    pub fn differs(&self) -> bool {
        self.added > 0 || self.removed > 0 || self.changed > 0
    }
}

/// A class only one version has.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub labels: Vec<ChoiceLabel>,
    pub outcome: Outcome,
}

/// A class both versions have, ending differently.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub labels: Vec<ChoiceLabel>,
    pub before: Outcome,
    pub after: Outcome,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ClassDiff {
    pub counts: Counts,
    pub added: Vec<Entry>,
    pub removed: Vec<Entry>,
    pub changed: Vec<Change>,
}

/// A position in one version's class tree: a card offering a choice (with the outcome of a
/// meeting passed on the way), or the end of a class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Pos {
    Card(NodeIx, Option<u32>),
    Done(u32),
}

/// One version's class tree.
struct Tree {
    steps: Vec<Vec<ClassStep>>,
    /// Outcomes, interned: positions hold indexes.
    outcomes: Vec<Outcome>,
    /// Classes below each position, memoised.
    counts: HashMap<Pos, u128>,
}

impl Tree {
    fn new(graph: &Graph, roster: &Roster, opts: &Options) -> Self {
        Tree {
            steps: class_steps(graph, roster, opts),
            outcomes: Vec::new(),
            counts: HashMap::new(),
        }
    }

    fn intern(&mut self, o: Outcome) -> u32 {
        if let Some(i) = self.outcomes.iter().position(|x| *x == o) {
            return i as u32;
        }
        self.outcomes.push(o);
        (self.outcomes.len() - 1) as u32
    }

    fn start(&mut self, graph: &Graph) -> Pos {
        if graph.nodes.is_empty() {
            let end = self.intern(Outcome::End {
                card: String::new(),
            });
            return Pos::Done(end);
        }
        self.settle(graph, 0, None)
    }

    /// Takes one step from card `ix` and passes every card that offers no choice.
    fn apply(&mut self, graph: &Graph, ix: NodeIx, k: usize, pending: Option<u32>) -> Pos {
        let step = &self.steps[ix][k];
        let (next, outcome) = (step.next, step.outcome.clone());
        let mut pending = pending;
        if let Some(o) = outcome {
            let id = self.intern(o);
            match next {
                None => return Pos::Done(id),
                Some(_) => pending = Some(id),
            }
        }
        match next {
            None | Some(Target::End) => match pending {
                Some(id) => Pos::Done(id),
                None => {
                    let end = self.intern(Outcome::End {
                        card: graph.nodes[ix].name(),
                    });
                    Pos::Done(end)
                }
            },
            Some(Target::Node(t)) => self.settle(graph, t, pending),
        }
    }

    /// The first position from card `ix` on where a choice is offered (or the class ends).
    fn settle(&mut self, graph: &Graph, ix: NodeIx, pending: Option<u32>) -> Pos {
        let offers_choice = self.steps[ix].len() != 1 || self.steps[ix][0].label.is_some();
        if offers_choice {
            Pos::Card(ix, pending)
        } else {
            self.apply(graph, ix, 0, pending)
        }
    }

    /// The labelled ways on from a position; a repeated label gets its occurrence number, so
    /// two answers with the same label still pair up in order.
    fn ways(&mut self, graph: &Graph, pos: Pos) -> Vec<((ChoiceLabel, usize), Pos)> {
        let Pos::Card(ix, pending) = pos else {
            return Vec::new();
        };
        let mut seen: HashMap<ChoiceLabel, usize> = HashMap::new();
        (0..self.steps[ix].len())
            .map(|k| {
                // A card offering a choice labels every way on (`settle` passed the others);
                // the fallback label is never used.
                let label = self.steps[ix][k]
                    .label
                    .clone()
                    .unwrap_or(ChoiceLabel::NoRuleMatched);
                let n = seen.entry(label.clone()).or_insert(0);
                *n += 1;
                let occurrence = *n;
                ((label, occurrence), self.apply(graph, ix, k, pending))
            })
            .collect()
    }

    fn count(&mut self, graph: &Graph, pos: Pos) -> u128 {
        if let Some(n) = self.counts.get(&pos) {
            return *n;
        }
        let n = match pos {
            Pos::Done(_) => 1,
            Pos::Card(..) => self
                .ways(graph, pos)
                .into_iter()
                .fold(0u128, |acc, (_, p)| {
                    acc.saturating_add(self.count(graph, p))
                }),
        };
        self.counts.insert(pos, n);
        n
    }

    /// Up to `room` classes below `pos`, each with `prefix` before its own labels.
    fn list(
        &mut self,
        graph: &Graph,
        pos: Pos,
        prefix: &mut Vec<ChoiceLabel>,
        room: usize,
        out: &mut Vec<Entry>,
    ) {
        if out.len() >= room {
            return;
        }
        match pos {
            Pos::Done(id) => out.push(Entry {
                labels: prefix.clone(),
                outcome: self.outcomes[id as usize].clone(),
            }),
            Pos::Card(..) => {
                for ((label, _), next) in self.ways(graph, pos) {
                    prefix.push(label);
                    self.list(graph, next, prefix, room, out);
                    prefix.pop();
                    if out.len() >= room {
                        return;
                    }
                }
            }
        }
    }
}

/// Two outcomes are the same for a visitor: `end` compares by type (the last card may be
/// named by its position, which moving cards changes).
fn same(a: &Outcome, b: &Outcome) -> bool {
    match (a, b) {
        (Outcome::End { .. }, Outcome::End { .. }) => true,
        _ => a == b,
    }
}

struct Walker<'g> {
    old_graph: &'g Graph<'g>,
    new_graph: &'g Graph<'g>,
    old: Tree,
    new: Tree,
    memo: HashMap<(Pos, Pos), Counts>,
}

impl Walker<'_> {
    fn counts(&mut self, a: Pos, b: Pos) -> Counts {
        if let Some(c) = self.memo.get(&(a, b)) {
            return *c;
        }
        let c = match (a, b) {
            (Pos::Done(x), Pos::Done(y)) => {
                if same(
                    &self.old.outcomes[x as usize],
                    &self.new.outcomes[y as usize],
                ) {
                    Counts {
                        unchanged: 1,
                        ..Counts::default()
                    }
                } else {
                    Counts {
                        changed: 1,
                        ..Counts::default()
                    }
                }
            }
            _ => {
                let old_ways = self.old.ways(self.old_graph, a);
                let new_ways = self.new.ways(self.new_graph, b);
                let mut c = Counts::default();
                if matches!(a, Pos::Done(_)) {
                    c.removed = 1;
                }
                if matches!(b, Pos::Done(_)) {
                    c.added = 1;
                }
                for (label, pa) in &old_ways {
                    match new_ways.iter().find(|(l, _)| l == label) {
                        Some((_, pb)) => c = c.add(self.counts(*pa, *pb)),
                        None => {
                            c.removed = c
                                .removed
                                .saturating_add(self.old.count(self.old_graph, *pa))
                        }
                    }
                }
                for (label, pb) in &new_ways {
                    if !old_ways.iter().any(|(l, _)| l == label) {
                        c.added = c.added.saturating_add(self.new.count(self.new_graph, *pb));
                    }
                }
                c
            }
        };
        self.memo.insert((a, b), c);
        c
    }

    fn list(
        &mut self,
        a: Pos,
        b: Pos,
        prefix: &mut Vec<ChoiceLabel>,
        limit: usize,
        diff: &mut ClassDiff,
    ) {
        let below = self.counts(a, b);
        // Only where a list with room has classes to gain: the walk stops once they are full.
        let room = (below.changed > 0 && diff.changed.len() < limit)
            || (below.added > 0 && diff.added.len() < limit)
            || (below.removed > 0 && diff.removed.len() < limit);
        if !room {
            return;
        }
        match (a, b) {
            (Pos::Done(x), Pos::Done(y)) => {
                if diff.changed.len() < limit {
                    diff.changed.push(Change {
                        labels: prefix.clone(),
                        before: self.old.outcomes[x as usize].clone(),
                        after: self.new.outcomes[y as usize].clone(),
                    });
                }
            }
            _ => {
                if let Pos::Done(x) = a {
                    if diff.removed.len() < limit {
                        diff.removed.push(Entry {
                            labels: prefix.clone(),
                            outcome: self.old.outcomes[x as usize].clone(),
                        });
                    }
                }
                if let Pos::Done(y) = b {
                    if diff.added.len() < limit {
                        diff.added.push(Entry {
                            labels: prefix.clone(),
                            outcome: self.new.outcomes[y as usize].clone(),
                        });
                    }
                }
                let old_ways = self.old.ways(self.old_graph, a);
                let new_ways = self.new.ways(self.new_graph, b);
                for (label, pa) in &old_ways {
                    prefix.push(label.0.clone());
                    match new_ways.iter().find(|(l, _)| l == label) {
                        Some((_, pb)) => self.list(*pa, *pb, prefix, limit, diff),
                        None => {
                            self.old
                                .list(self.old_graph, *pa, prefix, limit, &mut diff.removed)
                        }
                    }
                    prefix.pop();
                }
                for (label, pb) in &new_ways {
                    if !old_ways.iter().any(|(l, _)| l == label) {
                        prefix.push(label.0.clone());
                        self.new
                            .list(self.new_graph, *pb, prefix, limit, &mut diff.added);
                        prefix.pop();
                    }
                }
            }
        }
    }
}

/// Compares the path classes of two versions of a stream (each with its roster).
pub fn diff(
    old: (&Graph, &Roster),
    new: (&Graph, &Roster),
    opts: &Options,
    limit: usize,
) -> ClassDiff {
    let mut walker = Walker {
        old_graph: old.0,
        new_graph: new.0,
        old: Tree::new(old.0, old.1, opts),
        new: Tree::new(new.0, new.1, opts),
        memo: HashMap::new(),
    };
    let a = walker.old.start(old.0);
    let b = walker.new.start(new.0);
    let counts = walker.counts(a, b);
    let mut out = ClassDiff {
        counts,
        added: Vec::new(),
        removed: Vec::new(),
        changed: Vec::new(),
    };
    walker.list(a, b, &mut Vec::new(), limit, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{parse_roster, parse_stream};
    use crate::source::SourceFile;

    const ROSTER: &str = "agents: [{id: john}, {id: maria}, {id: luca}]\nteams: [{id: enterprise, members: [maria, luca]}]\nfallback: {message: Later}\n";

    fn questions(n: usize, west: &str, moved: bool) -> String {
        let mut text = String::from("stream: Many\ncards:\n");
        if moved {
            text.push_str("  - type: message\n    text: Hello, a card added at the top\n");
        }
        for i in 0..n {
            text.push_str(&format!(
                "  - type: question\n    text: Q{i}?\n    answers: [{{label: A}}, {{label: B}}]\n"
            ));
        }
        text.push_str(&format!(
            "  - type: live_chat\n    route:\n      rules:\n        - name: West coast\n          when: {{ attribute: inferred_state, is: [CA, OR, WA] }}\n          to: {{ agent: {west} }}\n        - name: Enterprise\n          when: {{ attribute: company_size, at_least: 1000 }}\n          to: {{ team: enterprise }}\n"
        ));
        text
    }

    fn run(old: &str, new: &str, limit: usize) -> ClassDiff {
        let roster = parse_roster(&SourceFile::new("r.yaml", ROSTER))
            .model
            .unwrap();
        let a = parse_stream(&SourceFile::new("a.stream.yaml", old))
            .model
            .unwrap();
        let b = parse_stream(&SourceFile::new("b.stream.yaml", new))
            .model
            .unwrap();
        let (ga, gb) = (Graph::build(&a), Graph::build(&b));
        diff((&ga, &roster), (&gb, &roster), &Options::default(), limit)
    }

    #[test]
    fn one_rules_agent_changes_exactly_the_classes_that_rule_decides() {
        let d = run(
            &questions(3, "john", false),
            &questions(3, "maria", true),
            100,
        );
        assert_eq!(
            d.counts,
            Counts {
                added: 0,
                removed: 0,
                changed: 8,
                unchanged: 16
            }
        );
        assert_eq!(d.changed.len(), 8);
        let c = &d.changed[0];
        assert_eq!(
            c.labels,
            vec![
                ChoiceLabel::Answer("A".into()),
                ChoiceLabel::Answer("A".into()),
                ChoiceLabel::Answer("A".into()),
                ChoiceLabel::Rule("West coast".into())
            ]
        );
        assert!(matches!(&c.before, Outcome::Agent(a) if a.agent == "john"));
        assert!(matches!(&c.after, Outcome::Agent(a) if a.agent == "maria"));
    }

    #[test]
    fn two_to_the_forty_classes_are_compared_without_enumerating_them() {
        let start = std::time::Instant::now();
        let d = run(
            &questions(40, "john", false),
            &questions(40, "maria", false),
            100,
        );
        assert_eq!(d.counts.changed, 1u128 << 40);
        assert_eq!(d.counts.unchanged, 2u128 << 40);
        assert_eq!(d.changed.len(), 100);
        assert!(
            start.elapsed() < std::time::Duration::from_secs(2),
            "{:?}",
            start.elapsed()
        );
    }

    #[test]
    fn an_added_answer_adds_its_classes_and_identical_streams_differ_in_nothing() {
        let old = questions(2, "john", false);
        let d = run(&old, &old, 100);
        assert_eq!(d.counts.unchanged, 12);
        assert!(!d.counts.differs());
        let new = old.replacen(
            "[{label: A}, {label: B}]",
            "[{label: A}, {label: B}, {label: C}]",
            1,
        );
        let d = run(&old, &new, 2);
        assert_eq!(
            (d.counts.added, d.counts.removed, d.counts.changed),
            (6, 0, 0)
        );
        assert_eq!(d.added.len(), 2);
        assert_eq!(d.added[0].labels[0], ChoiceLabel::Answer("C".into()));
    }
}
