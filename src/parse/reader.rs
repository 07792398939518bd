//! Typed reading of a spanned YAML document, collecting every shape error instead of stopping at
//! the first.
//!
//! Parsers for streams, rosters, visitors and config files are written against [`Reader`]: it
//! resolves aliases (under an expansion budget, so alias bombs end with a finding), checks node
//! types, reports unknown keys with a "did you mean", and records `schema` findings at the exact
//! offending key or value.

use crate::finding::Finding;
use crate::rule_meta::did_you_mean;
use crate::source::{Span, Spanned};

use super::yaml::{Document, NodeId, Resolved, Value, MAX_DEPTH};

/// How many nodes one file may expand to through aliases, on top of its own size. Generous for
/// real reuse, far below what an alias bomb asks for.
const EXPANSION_ALLOWANCE: usize = 200_000;

pub struct Reader<'d> {
    pub doc: &'d Document,
    pub findings: Vec<Finding>,
    /// Counts findings per rule, so the reader keeps only the first ones.
    cap: crate::cap::Cap,
    /// Nodes still allowed to be visited (alias expansion counts every visit).
    budget: usize,
    budget_reported: bool,
    /// Nesting depth of the model being built, counted through aliases.
    depth: usize,
}

/// A mapping's entries, looked up by key.
pub struct Fields {
    /// (key text, key span, value node)
    pub entries: Vec<(String, Span, NodeId)>,
    /// Known keys that an unknown key probably misspells (already reported with a "did you
    /// mean"): a missing required field among them is not reported twice.
    pub misspelt: Vec<&'static str>,
    /// The mapping's span.
    pub span: Span,
}

impl Fields {
    pub fn get(&self, key: &str) -> Option<(Span, NodeId)> {
        self.entries
            .iter()
            .find(|(k, _, _)| k == key)
            .map(|(_, span, id)| (*span, *id))
    }

    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Where a "missing field" finding points: the mapping's first key (or the mapping itself).
    pub fn first_key_span(&self) -> Span {
        self.entries.first().map_or(self.span, |(_, span, _)| *span)
    }
}

/// A human name for what a node holds, for "expected X, found Y".
fn describe(value: &Value) -> &'static str {
    match value {
        Value::Scalar { resolved, .. } => match resolved {
            Resolved::Null => "nothing (null)",
            Resolved::Bool(_) => "a boolean",
            Resolved::Int(_) | Resolved::Float(_) => "a number",
            Resolved::Str => "a string",
        },
        Value::Seq(_) => "a list",
        Value::Map(_) => "a mapping",
        Value::Alias(_) => "an alias",
    }
}

impl<'d> Reader<'d> {
    pub fn new(doc: &'d Document) -> Self {
        Reader {
            doc,
            findings: Vec::new(),
            cap: crate::cap::Cap::default(),
            budget: doc.len() + EXPANSION_ALLOWANCE,
            budget_reported: false,
            depth: 0,
        }
    }

    /// Records a `schema` finding.
    pub fn error(&self, span: Span, message: impl Into<String>) -> Finding {
        Finding::new(&super::schema_rule::RULE, span, message)
    }

    /// Records a finding, up to the cap per rule ([`crate::cap`]): a file of a million bad
    /// cards must not cost a million findings' memory.
    pub fn push(&mut self, finding: Finding) {
        if self.cap.admit(&finding) {
            self.findings.push(finding);
        }
    }

    pub fn report(&mut self, span: Span, message: impl Into<String>) {
        let f = self.error(span, message);
        self.push(f);
    }

    /// The findings, with one more per rule that had more than the cap, saying how many.
    pub fn into_findings(self) -> Vec<Finding> {
        let mut findings = self.findings;
        findings.extend(self.cap.summaries());
        findings
    }

    pub fn span(&self, id: NodeId) -> Span {
        self.doc.span(id)
    }

    /// Resolves an alias and charges the visit to the expansion budget. `None` once the budget is
    /// spent (reported once, at the alias that overspent it).
    pub fn visit(&mut self, id: NodeId) -> Option<(NodeId, Value<'d>)> {
        if self.budget == 0 {
            if !self.budget_reported {
                self.budget_reported = true;
                self.report(
                    self.span(id),
                    "aliases expand this document beyond what streamlint accepts (an alias bomb?)",
                );
            }
            return None;
        }
        self.budget -= 1;
        let target = self.doc.resolve(id);
        Some((target, self.doc.value(target)))
    }

    /// Runs `f` one level deeper; refuses (with a finding) past the depth limit, which aliases
    /// could otherwise multiply.
    pub fn nested<T>(&mut self, at: NodeId, f: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        if self.depth >= MAX_DEPTH {
            self.report(
                self.span(at),
                format!("the document nests deeper than {MAX_DEPTH} levels through aliases"),
            );
            return None;
        }
        self.depth += 1;
        let out = f(self);
        self.depth -= 1;
        out
    }

    fn wrong_type(&mut self, id: NodeId, what: &str) {
        let value = self.doc.value(self.doc.resolve(id));
        let found = describe(&value);
        self.report(self.span(id), format!("expected {what}, found {found}"));
    }

    /// Reads a mapping, reporting keys not in `allowed` (with a "did you mean").
    pub fn map(&mut self, id: NodeId, what: &str, allowed: &[&'static str]) -> Option<Fields> {
        let fields = self.map_raw(id, what)?;
        Some(self.only_keys(fields, what, allowed))
    }

    /// Reads a mapping without judging its keys (when the allowed keys depend on one of them).
    pub fn map_raw(&mut self, id: NodeId, what: &str) -> Option<Fields> {
        let (target, value) = self.visit(id)?;
        let Value::Map(entries) = value else {
            self.wrong_type(id, what);
            return None;
        };
        let mut fields = Fields {
            entries: Vec::with_capacity(entries.len()),
            misspelt: Vec::new(),
            span: self.doc.span(target),
        };
        for (key, value) in entries {
            let Some(text) = self.scalar_text(key) else {
                self.report(self.span(key), "keys must be plain strings");
                continue;
            };
            fields
                .entries
                .push((text.to_string(), self.span(key), value));
        }
        Some(fields)
    }

    /// Drops (and reports) the keys not in `allowed`.
    pub fn only_keys(
        &mut self,
        mut fields: Fields,
        what: &str,
        allowed: &[&'static str],
    ) -> Fields {
        let mut kept = Vec::with_capacity(fields.entries.len());
        for (key, span, value) in fields.entries {
            if allowed.contains(&key.as_str()) {
                kept.push((key, span, value));
                continue;
            }
            let f = self.error(span, format!("unknown field `{key}` in {what}"));
            let f = match did_you_mean(&key, allowed) {
                Some(s) => {
                    fields.misspelt.push(s);
                    f.help(format!("did you mean `{s}`?"))
                }
                None => f.help(format!("expected one of: {}", allowed.join(", "))),
            };
            self.push(f);
        }
        fields.entries = kept;
        fields
    }

    /// A required field's value; a missing one is reported at the mapping's first key.
    pub fn required(&mut self, fields: &Fields, key: &str, what: &str) -> Option<(Span, NodeId)> {
        let found = fields.get(key);
        if found.is_none() && !fields.misspelt.contains(&key) {
            self.report(
                fields.first_key_span(),
                format!("{what} is missing the required field `{key}`"),
            );
        }
        found
    }

    /// A required field of a table's shape: like [`Reader::required`], and a parser cannot
    /// require a field its table (and so the JSON Schema) leaves optional.
    pub fn required_in(
        &mut self,
        fields: &Fields,
        shape: &crate::shape::Shape,
        key: &str,
        what: &str,
    ) -> Option<(Span, NodeId)> {
        debug_assert!(
            shape.field(key).required,
            "`{key}` is optional in {}",
            shape.name
        );
        self.required(fields, key, what)
    }

    /// A list's items.
    pub fn seq(&mut self, id: NodeId, what: &str) -> Option<Vec<NodeId>> {
        let (_, value) = self.visit(id)?;
        match value {
            Value::Seq(items) => Some(items.to_vec()),
            _ => {
                self.wrong_type(id, what);
                None
            }
        }
    }

    /// A string. Other non-null scalars are accepted as written (`label: 42` is the text "42").
    pub fn string(&mut self, id: NodeId, what: &str) -> Option<Spanned<String>> {
        let (_, value) = self.visit(id)?;
        match value {
            Value::Scalar { resolved, text } if resolved != Resolved::Null => {
                Some(Spanned::new(text.to_string(), self.span(id)))
            }
            other => {
                let found = describe(&other);
                self.report(
                    self.span(id),
                    format!("{what} must be a string, found {found}"),
                );
                None
            }
        }
    }

    /// A non-empty string (after trimming).
    pub fn non_empty_string(&mut self, id: NodeId, what: &str) -> Option<Spanned<String>> {
        let s = self.string(id, what)?;
        if s.value.trim().is_empty() {
            self.report(s.span, format!("{what} must not be empty"));
            return None;
        }
        Some(s)
    }

    pub fn bool(&mut self, id: NodeId, what: &str) -> Option<Spanned<bool>> {
        let (_, value) = self.visit(id)?;
        match value {
            Value::Scalar {
                resolved: Resolved::Bool(b),
                ..
            } => Some(Spanned::new(b, self.span(id))),
            _ => {
                self.wrong_type(id, &format!("{what} (true or false)"));
                None
            }
        }
    }

    /// An integer within `min..=max`.
    pub fn int_in(&mut self, id: NodeId, what: &str, min: i64, max: i64) -> Option<Spanned<i64>> {
        let (_, value) = self.visit(id)?;
        match value {
            Value::Scalar {
                resolved: Resolved::Int(n),
                ..
            } => {
                if n < min || n > max {
                    self.report(
                        self.span(id),
                        format!("{what} must be between {min} and {max}, found {n}"),
                    );
                    return None;
                }
                Some(Spanned::new(n, self.span(id)))
            }
            // A whole number too large for 64 bits resolves to a float; it is still out of
            // range, not "a number" where a whole number was expected.
            Value::Scalar {
                text,
                resolved: Resolved::Float(_),
            } if is_whole_number(text) => {
                self.report(
                    self.span(id),
                    format!(
                        "{what} must be between {min} and {max}, found {}",
                        text.trim()
                    ),
                );
                None
            }
            _ => {
                self.wrong_type(id, &format!("{what} (a whole number)"));
                None
            }
        }
    }

    pub fn number(&mut self, id: NodeId, what: &str) -> Option<Spanned<f64>> {
        let (_, value) = self.visit(id)?;
        match value {
            Value::Scalar {
                resolved: Resolved::Int(n),
                ..
            } => Some(Spanned::new(n as f64, self.span(id))),
            Value::Scalar {
                resolved: Resolved::Float(n),
                ..
            } if n.is_finite() => Some(Spanned::new(n, self.span(id))),
            _ => {
                self.wrong_type(id, &format!("{what} (a number)"));
                None
            }
        }
    }

    /// A string that must be one of `choices`.
    pub fn one_of(&mut self, id: NodeId, what: &str, choices: &[&str]) -> Option<Spanned<String>> {
        let s = self.string(id, what)?;
        if !choices.contains(&s.value.as_str()) {
            let mut f = self.error(s.span, format!("`{}` is not a valid {what}", s.value));
            f = match did_you_mean(&s.value, choices) {
                Some(c) => f.help(format!("did you mean `{c}`?")),
                None => f.help(format!("expected one of: {}", choices.join(", "))),
            };
            self.push(f);
            return None;
        }
        Some(s)
    }

    /// A scalar or a list of scalars, as strings.
    pub fn string_or_list(&mut self, id: NodeId, what: &str) -> Option<Vec<String>> {
        let (_, value) = self.visit(id)?;
        match value {
            Value::Seq(items) => {
                let items = items.to_vec();
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    out.push(self.string(item, what)?.value);
                }
                Some(out)
            }
            _ => Some(vec![self.string(id, what)?.value]),
        }
    }

    /// Reports the second and later uses of one id, the first labelled. True when all are
    /// unique.
    pub fn unique(&mut self, ids: &[&Spanned<String>], what: &str) -> bool {
        let mut first: std::collections::HashMap<&str, Span> = std::collections::HashMap::new();
        let mut ok = true;
        for id in ids {
            if let Some(earlier) = first.get(id.value.as_str()) {
                self.push(
                    self.error(id.span, format!("{what} `{}` is used twice", id.value))
                        .related(*earlier, "first used here")
                        .help(format!("each {what} must be unique")),
                );
                ok = false;
            } else {
                first.insert(&id.value, id.span);
            }
        }
        ok
    }

    /// Is this node (after aliases) a null scalar?
    pub fn is_null(&self, id: NodeId) -> bool {
        matches!(
            self.doc.value(self.doc.resolve(id)),
            Value::Scalar {
                resolved: Resolved::Null,
                ..
            }
        )
    }

    /// The text of a scalar node, if it is one.
    pub fn scalar_text(&self, id: NodeId) -> Option<&'d str> {
        self.doc.scalar_text(self.doc.resolve(id))
    }
}
/// Every item's result, all of them computed (so every error in a list is reported), kept only
/// while none failed: a list of a million bad items holds no million placeholders.
///
/// Sized from the iterator's lower bound and trimmed at the end: a list grown by doubling keeps
/// up to half its room unused (a two-answer question held room for four), and the model of a
/// large stream is mostly such lists.
pub fn all_or_none<T>(results: impl Iterator<Item = Option<T>>) -> Option<Vec<T>> {
    let mut kept = Some(Vec::with_capacity(results.size_hint().0));
    for result in results {
        match (result, &mut kept) {
            (Some(item), Some(list)) => list.push(item),
            (None, _) => kept = None,
            (Some(_), None) => {}
        }
    }
    kept.map(|mut list| {
        list.shrink_to_fit();
        list
    })
}

/// Decimal digits with an optional sign: a whole number, however large.
fn is_whole_number(text: &str) -> bool {
    let digits = text.trim().trim_start_matches(['-', '+']);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}
