//! Lowering a visitors file into [`Visitors`], with `schema` findings: ids required and unique,
//! attributes and fills as scalar values, answers as labels, and `expect` as exactly one of
//! `agent`, `team` or `outcome`.
//!
//! The keys each mapping accepts, the required fields and the outcomes come from the tables in
//! `schema::roster`, which `streamlint schema visitors` also turns into JSON Schema.

use crate::model::visitors::{Expect, ExpectedOutcome, Visitor, Visitors};
use crate::shape::roster as spec;
use crate::source::Spanned;

use super::reader::Reader;
use super::yaml::NodeId;

pub fn lower_visitors(r: &mut Reader, root: NodeId) -> Option<Visitors> {
    if let Some(f) =
        super::mistakes::wrong_kind_of_file(r, root, super::mistakes::FileKind::Visitors)
    {
        r.push(f);
        return None;
    }
    let fields = r.map(root, "a visitors file", &spec::VISITORS.names())?;
    let (_, v) = r.required_in(&fields, &spec::VISITORS, "visitors", "the visitors file")?;
    let items = r.seq(v, "a list of visitors")?;
    if items.len() < spec::VISITORS.field("visitors").min_items() {
        r.report(r.span(v), "a visitors file needs at least one visitor");
        return None;
    }
    let parsed: Option<Vec<Visitor>> =
        super::reader::all_or_none(items.iter().map(|&item| visitor(r, item)));
    let visitors: Vec<Visitor> = parsed?;
    let ids: Vec<&Spanned<String>> = visitors.iter().map(|v| &v.id).collect();
    let ok = r.unique(&ids, "visitor id");
    ok.then_some(Visitors { visitors })
}

fn visitor(r: &mut Reader, id: NodeId) -> Option<Visitor> {
    let what = "a visitor";
    let fields = r.map(id, what, &spec::VISITOR.names())?;
    let visitor_id = r
        .required_in(&fields, &spec::VISITOR, "id", what)
        .and_then(|(_, v)| r.non_empty_string(v, "a visitor id"));
    let attributes = match fields.get("attributes") {
        None => Some(Vec::new()),
        Some((_, v)) => values(r, v, "attributes"),
    };
    // Read again only when valid, so a wrong type is reported once.
    let attribute_spans = match fields.get("attributes") {
        Some((_, v)) if attributes.is_some() => r
            .map_raw(v, "`attributes` (attribute: value)")
            .map(|f| f.entries.iter().map(|(_, span, _)| *span).collect())
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let fills = match fields.get("fills") {
        None => Some(Vec::new()),
        Some((_, v)) => values(r, v, "fills"),
    };
    let answers = match fields.get("answers") {
        None => Some(Vec::new()),
        Some((_, v)) => r.seq(v, "a list of answer labels").and_then(|items| {
            let parsed: Option<Vec<Spanned<String>>> = super::reader::all_or_none(
                items
                    .iter()
                    .map(|&i| r.non_empty_string(i, "an answer label")),
            );
            parsed
        }),
    };
    let missed_by = match fields.get("missed_by") {
        None => Some(Vec::new()),
        Some((_, v)) => r.seq(v, "a list of agent ids").and_then(|items| {
            let parsed: Vec<Option<Spanned<String>>> = items
                .iter()
                .map(|&i| r.non_empty_string(i, "an agent id"))
                .collect();
            parsed.into_iter().collect()
        }),
    };
    let expect = match fields.get("expect") {
        None => Some(None),
        Some((_, v)) => expect(r, v).map(Some),
    };
    if let Some((_, v)) = fields.get("note") {
        r.string(v, "a note");
    }
    Some(Visitor {
        id: visitor_id?,
        attributes: attributes?,
        attribute_spans,
        answers: answers?,
        fills: fills?,
        missed_by: missed_by?,
        expect: expect?,
    })
}

/// A mapping of attribute names to scalar values (numbers and booleans as written).
fn values(r: &mut Reader, id: NodeId, what: &str) -> Option<Vec<(String, String)>> {
    let fields = r.map_raw(id, &format!("`{what}` (attribute: value)"))?;
    let mut out = Vec::with_capacity(fields.entries.len());
    let mut ok = true;
    for (key, _, value) in &fields.entries {
        match r.string(*value, "an attribute value") {
            Some(v) => out.push((key.clone(), v.value)),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

fn expect(r: &mut Reader, id: NodeId) -> Option<Spanned<Expect>> {
    let span = r.span(id);
    let fields = r.map(id, "an expectation", &spec::EXPECT.names())?;
    // `schema::roster::EXPECT` is a one-of shape: exactly one field.
    if Some(fields.entries.len()) != spec::EXPECT.max_fields {
        r.push(
            r.error(
                fields.first_key_span(),
                "an expectation has exactly one of `agent`, `team` or `outcome`",
            )
            .help("e.g. `expect: { agent: maria }` or `expect: { outcome: fallback }`"),
        );
        return None;
    }
    let (key, _, v) = &fields.entries[0];
    let expect = match key.as_str() {
        "agent" => Expect::Agent(r.non_empty_string(*v, "an agent id")?.value),
        "team" => Expect::Team(r.non_empty_string(*v, "a team id")?.value),
        _ => {
            let choices = spec::EXPECT.field("outcome").choices();
            let name = r.one_of(*v, "expected outcome", choices)?;
            Expect::Outcome(ExpectedOutcome::from_name(&name.value)?)
        }
    };
    Some(Spanned::new(expect, span))
}

#[cfg(test)]
mod tests {
    use crate::parse::parse_visitors;
    use crate::source::SourceFile;

    #[test]
    fn the_shared_example_parses() {
        let text = include_str!("../../fixtures/simulate/visitors.yaml");
        let parsed = parse_visitors(&SourceFile::new("visitors.yaml", text));
        assert!(parsed.findings.is_empty(), "{:?}", parsed.findings);
        let v = parsed.model.unwrap();
        assert_eq!(v.visitors.len(), 3);
        assert_eq!(
            v.visitors[1].attributes,
            vec![("company_size".into(), "5000".into())]
        );
    }

    #[test]
    fn ids_are_required_and_unique_and_expectations_are_checked() {
        let text = "visitors:\n  - answers: [x]\n  - id: a\n    expect: { outcome: ended }\n  - id: b\n    expect: { agent: x, team: y }\n";
        let parsed = parse_visitors(&SourceFile::new("v.yaml", text));
        let m: Vec<(u32, String)> = parsed
            .findings
            .iter()
            .map(|f| (f.span.start.line, f.message.clone()))
            .collect();
        assert_eq!(
            m,
            vec![
                (
                    2,
                    "a visitor is missing the required field `id`".to_string()
                ),
                (4, "`ended` is not a valid expected outcome".to_string()),
                (
                    6,
                    "an expectation has exactly one of `agent`, `team` or `outcome`".to_string()
                ),
            ]
        );
        let text = "visitors:\n  - id: a\n  - id: a\n";
        let parsed = parse_visitors(&SourceFile::new("v.yaml", text));
        assert_eq!(parsed.findings[0].message, "visitor id `a` is used twice");
    }
}
