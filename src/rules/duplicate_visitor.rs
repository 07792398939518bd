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
    let ids: Vec<_> = visitors.visitors.iter().map(identity).collect();
    for (i, v) in visitors.visitors.iter().enumerate() {
        if let Some(j) = ids[..i].iter().position(|x| *x == ids[i]) {
            let first = &visitors.visitors[j];
            out.push(
                Finding::new(
                    &RULE,
                    v.id.span,
                    format!(
                        "visitor `{}` is the same visitor as `{}`",
                        v.id.value, first.id.value
                    ),
                )
                .label("same attributes, answers and fills")
                .related(first.id.span, "the first one")
                .help("change what this visitor does to test another case, or remove it"),
            );
        }
    }
}
