//! JSON Schema (draft-07) from the tables.
//!
//! Scalars that the parsers read as text accept YAML's other plain scalars too (`label: 42`),
//! exactly as `check` does. Unknown fields are refused (`additionalProperties: false`), as they
//! are schema errors for `check`. Recursive types (cards, conditions) become `definitions`.

use serde_json::{json, Map, Value};

use crate::shape::stream::{CARDS, COMMON_CARD_FIELDS};
use crate::shape::{Def, Document, Field, Shape, Ty};

pub const DRAFT: &str = "http://json-schema.org/draft-07/schema#";

/// Types a text field accepts: what YAML may resolve a plain scalar to, null excluded.
const TEXT_TYPES: [&str; 3] = ["string", "number", "boolean"];

struct Generator {
    /// Definitions in the order first met.
    definitions: Vec<(&'static str, Value)>,
    /// Names being (or already) generated, to stop recursion.
    seen: Vec<&'static str>,
}

/// The JSON Schema of one document kind.
pub fn json_schema(document: Document) -> Value {
    let mut g = Generator {
        definitions: Vec::new(),
        seen: Vec::new(),
    };
    let root = g.shape(document.root());
    let mut schema = Map::new();
    schema.insert("$schema".into(), json!(DRAFT));
    let Value::Object(root) = root else {
        unreachable!("a shape is an object schema")
    };
    schema.extend(root);
    if document == Document::Config {
        // An empty config file (or one of comments only) is the defaults, for `check` and so
        // here: validators see an empty YAML document as null.
        schema.insert("type".into(), json!(["object", "null"]));
    }
    schema.insert("title".into(), json!(document.title()));
    if !g.definitions.is_empty() {
        let defs: Map<String, Value> = g
            .definitions
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        schema.insert("definitions".into(), Value::Object(defs));
    }
    Value::Object(schema)
}

impl Generator {
    fn ty(&mut self, ty: &'static Ty) -> Value {
        match ty {
            Ty::Text => json!({ "type": TEXT_TYPES }),
            Ty::NonEmptyText => json!({ "type": TEXT_TYPES, "pattern": "\\S" }),
            // Unquoted digits (`id: 42`) are read as text by the parsers.
            Ty::Pattern(p) => json!({ "type": ["string", "integer"], "minimum": 0, "pattern": p }),
            Ty::StrPattern(p) => json!({ "type": "string", "pattern": p }),
            Ty::Bool => json!({ "type": "boolean" }),
            Ty::Int { min, max } => {
                let mut v = json!({ "type": "integer", "minimum": min });
                if let Some(max) = max {
                    v["maximum"] = json!(max);
                }
                v
            }
            Ty::Number => json!({ "type": "number" }),
            Ty::Enum(choices) => json!({ "type": "string", "enum": choices }),
            Ty::Const(c) => json!({ "type": "string", "const": c }),
            Ty::List(item, min) => {
                let mut v = json!({ "type": "array", "items": self.ty(item) });
                if *min > 0 {
                    v["minItems"] = json!(min);
                }
                v
            }
            Ty::Object(shape) => self.shape(shape),
            Ty::MapOf { key, value, min } => {
                let mut v = json!({
                    "type": "object",
                    "additionalProperties": self.ty(value),
                });
                if let Some(key) = key {
                    v["propertyNames"] = self.ty(key);
                }
                if *min > 0 {
                    v["minProperties"] = json!(min);
                }
                v
            }
            Ty::AnyOf(options) => {
                let options: Vec<Value> = options.iter().map(|t| self.ty(t)).collect();
                json!({ "anyOf": options })
            }
            Ty::Ref(def) => self.reference(def),
            Ty::Card => self.card(),
            Ty::RuleLevels { levels } => {
                let mut properties = Map::new();
                for rule in crate::rules::ALL {
                    let mut v = if !rule.suppressible {
                        json!({ "type": "string", "const": "error" })
                    } else {
                        json!({ "type": "string", "enum": levels })
                    };
                    v["description"] = json!(rule.summary);
                    properties.insert(rule.name.into(), v);
                }
                json!({
                    "type": "object",
                    "properties": properties,
                    "additionalProperties": { "type": "string", "enum": levels },
                })
            }
        }
    }

    fn reference(&mut self, def: &'static Def) -> Value {
        if !self.seen.contains(&def.name) {
            self.seen.push(def.name);
            let index = self.definitions.len();
            self.definitions.push((def.name, Value::Null));
            let body = self.ty(&def.ty);
            self.definitions[index].1 = body;
        }
        json!({ "$ref": format!("#/definitions/{}", def.name) })
    }

    fn field(&mut self, field: &'static Field) -> Value {
        let mut v = self.ty(&field.ty);
        if !field.doc.is_empty() {
            if let Value::Object(map) = &mut v {
                map.insert("description".into(), json!(field.doc));
            }
        }
        v
    }

    fn object(
        &mut self,
        title: &str,
        doc: &str,
        fields: impl Iterator<Item = (&'static Field, Option<Value>)>,
        min: usize,
        max: Option<usize>,
    ) -> Value {
        let mut properties = Map::new();
        let mut required = Vec::new();
        let mut dependencies = Map::new();
        let mut conditionals = Vec::new();
        for (field, replacement) in fields {
            if let Some((key, value)) = field.not_when {
                conditionals.push(json!({
                    "if": { "properties": { key: { "const": value } }, "required": [key] },
                    "then": { "not": { "required": [field.name] } },
                }));
            }
            let v = replacement.unwrap_or_else(|| self.field(field));
            properties.insert(field.name.into(), v);
            if field.required {
                required.push(field.name);
            }
            if !field.requires.is_empty() {
                dependencies.insert(field.name.into(), json!(field.requires));
            }
        }
        let mut v = json!({
            "type": "object",
            "title": title,
            "description": doc,
            "properties": properties,
            "additionalProperties": false,
        });
        if !required.is_empty() {
            v["required"] = json!(required);
        }
        if !dependencies.is_empty() {
            v["dependencies"] = Value::Object(dependencies);
        }
        if !conditionals.is_empty() {
            v["allOf"] = Value::Array(conditionals);
        }
        if min > 0 {
            v["minProperties"] = json!(min);
        }
        if let Some(max) = max {
            v["maxProperties"] = json!(max);
        }
        v
    }

    fn shape(&mut self, shape: &'static Shape) -> Value {
        self.object(
            shape.name,
            shape.doc,
            shape.fields.iter().map(|f| (f, None)),
            shape.min_fields,
            shape.max_fields,
        )
    }

    /// A card: `type` picks the card type's object through `if`/`then`. (A `oneOf` would do
    /// as well for editors, but `if`/`then` lets command-line validators name the exact
    /// problem, e.g. "'anwsers' was unexpected", instead of "not valid under any of the given
    /// schemas".)
    fn card(&mut self) -> Value {
        let mut cases = Vec::new();
        for spec in CARDS {
            let type_field = &COMMON_CARD_FIELDS[0];
            let type_schema = json!({
                "type": "string",
                "const": spec.name,
                "description": type_field.doc,
            });
            let fields = COMMON_CARD_FIELDS
                .iter()
                .chain(spec.fields)
                .map(|f| {
                    let replacement = (f.name == "type").then(|| type_schema.clone());
                    (f, replacement)
                })
                .collect::<Vec<_>>();
            let title = format!("{} card", spec.name);
            let then = self.object(&title, spec.doc, fields.into_iter(), 0, None);
            cases.push(json!({
                "if": { "properties": { "type": { "const": spec.name } }, "required": ["type"] },
                "then": then,
            }));
        }
        let names: Vec<&str> = CARDS.iter().map(|c| c.name).collect();
        json!({
            "type": "object",
            "required": ["type"],
            "properties": { "type": { "type": "string", "enum": names } },
            "allOf": cases,
        })
    }
}
