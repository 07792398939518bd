use std::collections::HashMap;

use crate::finding::Finding;
use crate::model::CardBody;
use crate::rules::StreamContext;

declare_rule! {
    /// ## What it checks
    /// That the answers of one question have distinct labels (ASCII case ignored).
    ///
    /// ## Why it matters
    /// Visitors pick an answer by its label; two identical buttons lead to different branches and
    /// nobody can tell which is which. Reports and simulations by label become ambiguous too.
    ///
    /// ## What the visitor experiences
    /// Two buttons saying the same thing, doing different things.
    ///
    /// ## Example
    /// ```yaml
    /// answers:
    ///   - label: Yes
    ///   - label: "yes"
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// answers:
    ///   - label: Yes, connect me
    ///   - label: Yes, but later
    /// ```
    name: "duplicate-answer",
    severity: Error,
    category: Structure,
    summary: "two answers of one question share a label",
    check: Some(check),
}

fn check(cx: &StreamContext, out: &mut Vec<Finding>) {
    for (ix, node) in cx.graph.nodes.iter().enumerate() {
        let CardBody::Question { answers, .. } = &node.card.body else {
            continue;
        };
        let mut seen = HashMap::new();
        for answer in answers {
            let key = answer.label.value.to_ascii_lowercase();
            match seen.get(&key) {
                Some(&earlier) => out.push(
                    Finding::new(
                        &RULE,
                        answer.label.span,
                        format!("answer \"{}\" is offered twice", answer.label.value),
                    )
                    .label("this label repeats an earlier answer")
                    .related(earlier, "first offered here")
                    .help("give each answer of a question its own label")
                    .card(cx.card_id(ix)),
                ),
                None => {
                    seen.insert(key, answer.label.span);
                }
            }
        }
    }
}
