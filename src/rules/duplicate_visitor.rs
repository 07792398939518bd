use crate::finding::Finding;
use crate::model::visitors::{Visitor, Visitors};

declare_rule! {
    /// ## What it checks
    /// That no two visitors of a visitors file are the same visitor: the same attributes,
    /// answers, fills and missed chats. Reported by `simulate --visitors`, in the visitors file.
    ///
    /// ## Why it matters
    /// A copy tests nothing new, and usually means a copy-and-paste whose edit was forgotten:
    /// the case it was meant to cover is not tested.
    ///
    /// ## What the visitor experiences
    /// Nothing yet: this is about the tests.
    ///
    /// ## Example
    /// ```yaml
    /// visitors:
    ///   - id: west-coast
    ///     attributes: { inferred_state: CA }
    ///   - id: oregon
    ///     attributes: { inferred_state: CA }
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// visitors:
    ///   - id: west-coast
    ///     attributes: { inferred_state: CA }
    ///   - id: oregon
    ///     attributes: { inferred_state: OR }
    /// ```
    name: "duplicate-visitor",
    severity: Warning,
    category: Routing,
    summary: "two visitors have the same attributes, answers and fills",
    check: None,
}

/// Attributes, answers, fills and missed chats, normalised.
type Identity = (
    Vec<(String, String)>,
    Vec<String>,
    Vec<(String, String)>,
    Vec<String>,
);

/// What makes a visitor: everything but its id, expectation and note. Order of attributes and
/// fills does not matter; answer labels compare ignoring ASCII case, as the simulation does.
fn identity(v: &Visitor) -> Identity {
    let mut attributes = v.attributes.clone();
    attributes.sort();
    let mut fills = v.fills.clone();
    fills.sort();
    let mut missed: Vec<String> = v.missed_by.iter().map(|m| m.value.clone()).collect();
    missed.sort();
    (
        attributes,
        v.answers
            .iter()
            .map(|a| a.value.to_ascii_lowercase())
            .collect(),
        fills,
        missed,
    )
}

pub fn check_visitors(visitors: &Visitors, out: &mut Vec<Finding>) {
    let mut seen = Seen::default();
    for (i, v) in visitors.visitors.iter().enumerate() {
        if let Some(j) = seen.earlier_same(i, v, |j| Some(visitors.visitors[j].clone())) {
            out.push(finding(v, &visitors.visitors[j]));
        }
    }
}

/// The visitors met so far, by a hash of what makes them (a file of 100,000 visitors is
/// checked in one pass, and without holding the visitors: a hash that matches is confirmed by
/// asking for the earlier visitor again).
#[derive(Debug, Default)]
pub struct Seen {
    /// Identity hash → indexes of the visitors with it, in file order.
    by_hash: std::collections::HashMap<u64, Vec<usize>>,
}

impl Seen {
    /// Records visitor `index` and returns the index of the first earlier visitor that is the
    /// same visitor, if any. `earlier` gives back an earlier visitor by index (`None`: it
    /// cannot, and the hash alone does not count as a match).
    pub fn earlier_same(
        &mut self,
        index: usize,
        visitor: &Visitor,
        mut earlier: impl FnMut(usize) -> Option<Visitor>,
    ) -> Option<usize> {
        use std::hash::{Hash, Hasher};
        let identity = identity(visitor);
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        identity.hash(&mut hasher);
        let indexes = self.by_hash.entry(hasher.finish()).or_default();
        let same = indexes
            .iter()
            .copied()
            .find(|&j| earlier(j).is_some_and(|e| self::identity(&e) == identity));
        if same.is_none() {
            indexes.push(index);
        }
        same
    }
}

/// The finding for `visitor`, the same visitor as `first`.
pub fn finding(visitor: &Visitor, first: &Visitor) -> Finding {
    Finding::new(
        &RULE,
        visitor.id.span,
        format!(
            "visitor `{}` is the same visitor as `{}`",
            visitor.id.value, first.id.value
        ),
    )
    .label("same attributes, answers and fills")
    .related(first.id.span, "the first one")
    .help("change what this visitor does to test another case, or remove it")
}
