//! A YAML document as the JSON value a schema validator sees: what editors and
//! `check-jsonschema` do with a YAML file before validating it. Scalars resolve by the YAML 1.2
//! core schema, as everywhere in streamlint; aliases are expanded.

use serde_json::{Map, Number, Value as Json};

use crate::parse::yaml::{Document, NodeId, Resolved, Value};

/// How deep aliases may nest here; deeper content becomes null (the parser reports it anyway).
const MAX_DEPTH: usize = 512;

/// How many nodes aliases may add, as in the parser's own budget: an alias bomb is refused.
const EXPANSION_ALLOWANCE: usize = 200_000;

/// The document's root as JSON (null for an empty document); `None` when aliases expand it
/// beyond the budget (an alias bomb).
pub fn to_json(doc: &Document) -> Option<Json> {
    let mut budget = doc.len() + EXPANSION_ALLOWANCE;
    let json = match doc.root {
        Some(root) => node(doc, root, 0, &mut budget),
        None => Json::Null,
    };
    (budget > 0).then_some(json)
}

fn node(doc: &Document, id: NodeId, depth: usize, budget: &mut usize) -> Json {
    if depth > MAX_DEPTH || *budget == 0 {
        return Json::Null;
    }
    *budget -= 1;
    match doc.value(doc.resolve(id)) {
        Value::Scalar { text, resolved } => match resolved {
            Resolved::Null => Json::Null,
            Resolved::Bool(b) => Json::Bool(b),
            Resolved::Int(n) => Json::Number(n.into()),
            Resolved::Float(f) => Number::from_f64(f).map_or(Json::Null, Json::Number),
            Resolved::Str => Json::String(text.to_string()),
        },
        Value::Seq(items) => Json::Array(
            items
                .iter()
                .map(|i| node(doc, i, depth + 1, budget))
                .collect(),
        ),
        Value::Map(entries) => {
            let mut map = Map::new();
            for (k, v) in entries {
                let key = match doc.value(doc.resolve(k)) {
                    Value::Scalar { text, .. } => text.to_string(),
                    _ => node(doc, k, depth + 1, budget).to_string(),
                };
                map.insert(key, node(doc, v, depth + 1, budget));
            }
            Json::Object(map)
        }
        Value::Alias(_) => unreachable!("resolved above"),
    }
}
