//! Lowering a visitors file into [`Visitors`], with `schema` findings: ids required and unique,
//! attributes and fills as scalar values, answers as labels, and `expect` as exactly one of
//! `agent`, `team` or `outcome`.
//!
//! The keys each mapping accepts, the required fields and the outcomes come from the tables in
//! `schema::roster`, which `streamlint schema visitors` also turns into JSON Schema.

use crate::model::visitors::{Expect, ExpectedOutcome, Visitor, Visitors};
use crate::shape::roster as spec;
use crate::source::{SourceFile, Spanned};

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

/// A visitors file read one visitor at a time: the byte offset and line number where each
/// visitor's `- ` starts. A file of 100,000 visitors (14 MB, some 1.7 million YAML values) is
/// never loaded into one YAML tree (which would cost some 240 bytes per value and is refused
/// past `yaml::MAX_NODES`): each visitor's own lines are loaded, lowered and let go.
///
/// Only the plain shape is split: comments, an optional `---` and the `visitors:` key, then a
/// block list whose items start at one indentation. In valid YAML nothing else can start a line
/// with `- ` at that indentation inside the list (block scalars, flow collections and multi-line
/// scalars are indented deeper than their key), so each item's text stands alone; each piece is
/// still parsed as YAML, and any piece that is not one list item on its own (an alias to
/// another visitor's anchor, a syntax error, another key after the list) makes the caller read
/// the file whole instead ([`Piece::Unsplittable`]), where the usual findings are reported.
#[derive(Debug, Clone)]
pub struct VisitorItems {
    starts: Vec<(usize, u32)>,
}

/// What one visitor's piece of the file gave.
pub enum Piece {
    /// The visitor, with spans into the whole file.
    Visitor(Box<Visitor>),
    /// Its `schema` findings, with spans into the whole file.
    Invalid(Vec<crate::finding::Finding>),
    /// The piece does not stand alone: read the file whole.
    Unsplittable,
}

impl VisitorItems {
    /// The items of a visitors file of the plain shape, or `None` (read it whole).
    pub fn split(src: &SourceFile) -> Option<VisitorItems> {
        let text = src.text.as_str();
        let mut starts = Vec::new();
        let mut key_seen = false;
        let mut indent: Option<usize> = None;
        let mut offset = 0;
        for (index, line) in text.split_inclusive('\n').enumerate() {
            let line_start = offset;
            offset += line.len();
            let content = line.trim_end_matches(['\n', '\r']);
            let number = u32::try_from(index + 1).ok()?;
            let is_item_at = |at: usize| {
                content.len() > at
                    && content.as_bytes()[..at].iter().all(|b| *b == b' ')
                    && (content[at..] == *"-" || content[at..].starts_with("- "))
            };
            match indent {
                Some(at) => {
                    if is_item_at(at) {
                        starts.push((line_start, number));
                    }
                }
                None => {
                    let trimmed = content.trim();
                    if trimmed.is_empty() || trimmed.starts_with('#') {
                        continue;
                    }
                    if !key_seen {
                        let key = trimmed.split(" #").next().unwrap_or_default().trim_end();
                        key_seen = key == "visitors:";
                        if key_seen || (trimmed == "---" && starts.is_empty()) {
                            continue;
                        }
                        return None;
                    }
                    let at = content.len() - content.trim_start_matches(' ').len();
                    if !is_item_at(at) {
                        return None;
                    }
                    indent = Some(at);
                    starts.push((line_start, number));
                }
            }
        }
        (!starts.is_empty()).then_some(VisitorItems { starts })
    }

    /// How many visitors the file lists.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// Every piece in file order, handed to `each` with its index. Pieces are loaded and
    /// lowered in parallel a few thousand at a time (loading the YAML is most of the cost of a
    /// visitors run, and visitors are independent until they are played), so at most one
    /// batch of visitors is held at once. `each` returns false to stop.
    pub fn each_piece(&self, src: &SourceFile, mut each: impl FnMut(usize, Piece) -> bool) {
        use rayon::prelude::*;
        const BATCH: usize = 2048;
        let mut start = 0;
        while start < self.len() {
            let end = (start + BATCH).min(self.len());
            let batch: Vec<Piece> = (start..end)
                .into_par_iter()
                .map(|i| self.lower(src, i))
                .collect();
            for (i, piece) in (start..end).zip(batch) {
                if !each(i, piece) {
                    return;
                }
            }
            start = end;
        }
    }

    /// Loads and lowers visitor `index` (0-based) on its own.
    pub fn lower(&self, src: &SourceFile, index: usize) -> Piece {
        let Some(&(start, line)) = self.starts.get(index) else {
            return Piece::Unsplittable;
        };
        let end = self.starts.get(index + 1).map_or(src.text.len(), |s| s.0);
        let piece = SourceFile::with_id(src.id, src.name.as_str(), &src.text[start..end]);
        let Ok(doc) = super::yaml::load(&piece) else {
            return Piece::Unsplittable;
        };
        let Some(root) = doc.root else {
            return Piece::Unsplittable;
        };
        let mut r = Reader::new(&doc);
        let item = match r.seq(root, "a list of visitors").as_deref() {
            Some([item]) => *item,
            _ => return Piece::Unsplittable,
        };
        let shift = Shift {
            offset: start,
            lines: line - 1,
        };
        let visitor = visitor(&mut r, item);
        let findings = r.into_findings();
        if !findings.is_empty() {
            return Piece::Invalid(
                findings
                    .into_iter()
                    .map(|mut f| {
                        shift.span(&mut f.span);
                        for l in &mut f.related {
                            shift.span(&mut l.span);
                        }
                        f
                    })
                    .collect(),
            );
        }
        match visitor {
            Some(mut v) => {
                shift.visitor(&mut v);
                Piece::Visitor(Box::new(v))
            }
            None => Piece::Unsplittable,
        }
    }
}

/// Visitors lowered once (by the validation pass) and kept packed for the pass that plays
/// them, so each visitor's YAML is loaded once: their strings one after another in one
/// `String`, their structure as numbers (byte offsets into that string and into the file for
/// spans). About 1.3 times the file's own size, where a `Vec<Visitor>` costs several times it
/// and loading each visitor's YAML again costs as much as the validation pass.
#[derive(Debug, Default)]
pub struct PackedVisitors {
    strings: String,
    /// Every visitor's record, one after another (see [`PackedVisitors::push`]).
    numbers: Vec<u32>,
    /// Where each visitor's record starts in `numbers`.
    starts: Vec<u32>,
}

impl PackedVisitors {
    /// Visitors whose strings or records would not fit 32-bit offsets are not packed (`false`):
    /// the caller loads those again.
    pub fn push(&mut self, v: &Visitor) -> bool {
        let (Ok(start), Ok(_)) = (
            u32::try_from(self.numbers.len()),
            u32::try_from(self.strings.len() + 4096),
        ) else {
            return false;
        };
        let mut fits = true;
        let mut text = |p: &mut Self, t: &str| {
            let at = p.strings.len();
            p.strings.push_str(t);
            match (u32::try_from(at), u32::try_from(t.len())) {
                (Ok(a), Ok(l)) => {
                    p.numbers.push(a);
                    p.numbers.push(l);
                }
                _ => {
                    fits = false;
                    p.numbers.extend([0, 0]);
                }
            }
        };
        let span = |p: &mut Self, s: &crate::source::Span| {
            p.numbers.push(s.start.offset);
            p.numbers.push(s.end.offset);
        };
        self.starts.push(start);
        text(self, &v.id.value);
        span(self, &v.id.span);
        self.numbers.push(v.attributes.len() as u32);
        for ((k, value), at) in v.attributes.iter().zip(&v.attribute_spans) {
            text(self, k);
            text(self, value);
            span(self, at);
        }
        self.numbers.push(v.answers.len() as u32);
        for a in &v.answers {
            text(self, &a.value);
            span(self, &a.span);
        }
        self.numbers.push(v.fills.len() as u32);
        for (k, value) in &v.fills {
            text(self, k);
            text(self, value);
        }
        self.numbers.push(v.missed_by.len() as u32);
        for m in &v.missed_by {
            text(self, &m.value);
            span(self, &m.span);
        }
        match &v.expect {
            None => self.numbers.push(0),
            Some(e) => {
                match &e.value {
                    Expect::Agent(a) => {
                        self.numbers.push(1);
                        text(self, a);
                    }
                    Expect::Team(t) => {
                        self.numbers.push(2);
                        text(self, t);
                    }
                    Expect::Outcome(o) => {
                        self.numbers.push(3);
                        self.numbers.push(*o as u32);
                    }
                }
                span(self, &e.span);
            }
        }
        // Attributes without a span would lose their pairing; the lowering gives one each.
        fits && v.attribute_spans.len() == v.attributes.len()
    }

    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// Visitor `index` as it was pushed; spans are rebuilt from `src`, the file it was read
    /// from.
    pub fn get(&self, src: &SourceFile, index: usize) -> Option<Visitor> {
        let mut at = *self.starts.get(index)? as usize;
        let numbers = &self.numbers;
        let mut next = || {
            let n = numbers.get(at).copied().unwrap_or_default();
            at += 1;
            n as usize
        };
        let strings = &self.strings;
        let text = |next: &mut dyn FnMut() -> usize| {
            let (a, l) = (next(), next());
            strings.get(a..a + l).unwrap_or_default().to_string()
        };
        let span = |next: &mut dyn FnMut() -> usize| {
            let (s, e) = (next(), next());
            crate::source::Span::new(src.pos_from_offset(s), src.pos_from_offset(e))
        };
        let id = text(&mut next);
        let id = Spanned::new(id, span(&mut next));
        let n = next();
        let mut attributes = Vec::with_capacity(n);
        let mut attribute_spans = Vec::with_capacity(n);
        for _ in 0..n {
            let (k, v) = (text(&mut next), text(&mut next));
            attributes.push((k, v));
            attribute_spans.push(span(&mut next));
        }
        let n = next();
        let mut answers = Vec::with_capacity(n);
        for _ in 0..n {
            let a = text(&mut next);
            answers.push(Spanned::new(a, span(&mut next)));
        }
        let n = next();
        let mut fills = Vec::with_capacity(n);
        for _ in 0..n {
            let (k, v) = (text(&mut next), text(&mut next));
            fills.push((k, v));
        }
        let n = next();
        let mut missed_by = Vec::with_capacity(n);
        for _ in 0..n {
            let m = text(&mut next);
            missed_by.push(Spanned::new(m, span(&mut next)));
        }
        let expect = match next() {
            0 => None,
            kind => {
                let value = match kind {
                    1 => Expect::Agent(text(&mut next)),
                    2 => Expect::Team(text(&mut next)),
                    _ => Expect::Outcome(match next() {
                        n if n == ExpectedOutcome::Fallback as usize => ExpectedOutcome::Fallback,
                        n if n == ExpectedOutcome::MeetingOffer as usize => {
                            ExpectedOutcome::MeetingOffer
                        }
                        n if n == ExpectedOutcome::End as usize => ExpectedOutcome::End,
                        _ => ExpectedOutcome::Dropped,
                    }),
                };
                Some(Spanned::new(value, span(&mut next)))
            }
        };
        Some(Visitor {
            id,
            attributes,
            attribute_spans,
            answers,
            fills,
            missed_by,
            expect,
        })
    }
}

/// From positions in one visitor's piece to positions in the whole file. Pieces start at the
/// start of a line, so columns stay as they are.
struct Shift {
    offset: usize,
    lines: u32,
}

impl Shift {
    fn pos(&self, pos: &mut crate::source::Pos) {
        // Inputs are capped at 128 MiB (`input::MAX_INPUT_BYTES`), so offsets fit a u32.
        pos.offset += self.offset as u32;
        pos.line += self.lines;
    }

    fn span(&self, span: &mut crate::source::Span) {
        self.pos(&mut span.start);
        self.pos(&mut span.end);
    }

    fn visitor(&self, v: &mut Visitor) {
        self.span(&mut v.id.span);
        for span in &mut v.attribute_spans {
            self.span(span);
        }
        for s in v.answers.iter_mut().chain(v.missed_by.iter_mut()) {
            self.span(&mut s.span);
        }
        if let Some(e) = &mut v.expect {
            self.span(&mut e.span);
        }
    }
}

/// Visitor ids met so far, each with where it was first used: what uniqueness needs, and no
/// more, while visitors are read one at a time.
#[derive(Debug, Default)]
pub struct SeenIds {
    first: std::collections::HashMap<String, crate::source::Span>,
}

impl SeenIds {
    /// The finding [`Reader::unique`] gives when `id` was used before; records it otherwise.
    pub fn check(&mut self, id: &Spanned<String>) -> Option<crate::finding::Finding> {
        let what = "visitor id";
        match self.first.get(id.value.as_str()) {
            Some(earlier) => Some(
                crate::finding::Finding::new(
                    &super::schema_rule::RULE,
                    id.span,
                    format!("{what} `{}` is used twice", id.value),
                )
                .related(*earlier, "first used here")
                .help(format!("each {what} must be unique")),
            ),
            None => {
                self.first.insert(id.value.clone(), id.span);
                None
            }
        }
    }
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

    use super::{Piece, VisitorItems};

    /// Every piece of a split file, as the whole-file reading gives it.
    fn pieces(text: &str) -> Option<Vec<Piece>> {
        let src = SourceFile::new("v.yaml", text);
        let items = VisitorItems::split(&src)?;
        Some((0..items.len()).map(|i| items.lower(&src, i)).collect())
    }

    #[test]
    fn a_split_file_gives_the_visitors_and_spans_of_the_whole_file() {
        let text = format!(
            "# Routing tests\n---\nvisitors:   # the list\n\n{}  # between\n  - id: last\n    note: |\n      - id: not-an-item\n    answers: [\n      \"Yes\"]\n",
            include_str!("../../fixtures/simulate/visitors.yaml")
                .trim_start_matches("visitors:\n")
        );
        let whole = parse_visitors(&SourceFile::new("v.yaml", text.as_str()))
            .model
            .unwrap();
        let split = pieces(&text).unwrap();
        assert_eq!(split.len(), 4);
        for (piece, v) in split.iter().zip(&whole.visitors) {
            let Piece::Visitor(p) = piece else {
                panic!("visitor {} did not stand alone", v.id.value)
            };
            assert_eq!(p.id, v.id);
            assert_eq!(p.attributes, v.attributes);
            assert_eq!(p.attribute_spans, v.attribute_spans);
            assert_eq!(p.answers, v.answers);
            assert_eq!(p.fills, v.fills);
            assert_eq!(p.expect, v.expect);
        }
    }

    #[test]
    fn findings_in_a_piece_point_into_the_whole_file() {
        let text = "visitors:\n  - id: a\n  - id: b\n    expect: { outcome: ended }\n";
        let whole = parse_visitors(&SourceFile::new("v.yaml", text)).findings;
        let split = pieces(text).unwrap();
        let Piece::Invalid(found) = &split[1] else {
            panic!("the second visitor is invalid")
        };
        assert_eq!(found[0].message, whole[0].message);
        assert_eq!(found[0].span, whole[0].span);
        assert_eq!(found[0].span.start.line, 4);
    }

    #[test]
    fn shapes_that_do_not_split_are_read_whole() {
        let unsplit = |text: &str| SourceFile::new("v.yaml", text);
        // A flow list, another key, no list at all: not split.
        for text in [
            "visitors: [{id: a}, {id: b}]\n",
            "other: 1\nvisitors:\n  - id: a\n",
            "visitors:\n",
            "agents:\n  - id: a\n",
        ] {
            assert!(VisitorItems::split(&unsplit(text)).is_none(), "{text}");
        }
        // An alias to another visitor's anchor, a key after the list: a piece that does not
        // stand alone.
        for text in [
            "visitors:\n  - id: a\n    attributes: &x { s: CA }\n  - id: b\n    attributes: *x\n",
            "visitors:\n  - id: a\nother: 1\n",
        ] {
            let split = pieces(text).unwrap();
            assert!(
                split.iter().any(|p| matches!(p, Piece::Unsplittable)),
                "{text}"
            );
        }
    }

    #[test]
    fn packed_visitors_come_back_as_they_were_lowered() {
        let text = "visitors:\n  - id: a\n    attributes: { s: \"C\\tA\", n: 5 }\n    answers: [\"Yes, é\", No]\n    fills: { email: a@b.c }\n    missed_by: [x, y]\n    expect: { outcome: meeting_offer }\n  - id: b\n    expect: { team: t }\n  - id: c\n    expect: { agent: m }\n  - id: d\n";
        let src = SourceFile::new("v.yaml", text);
        let whole = parse_visitors(&src).model.unwrap();
        let mut packed = super::PackedVisitors::default();
        for v in &whole.visitors {
            assert!(packed.push(v));
        }
        assert_eq!(packed.len(), 4);
        for (i, v) in whole.visitors.iter().enumerate() {
            let p = packed.get(&src, i).unwrap();
            assert_eq!(p.id, v.id);
            assert_eq!(p.attributes, v.attributes);
            assert_eq!(p.attribute_spans, v.attribute_spans);
            assert_eq!(p.answers, v.answers);
            assert_eq!(p.fills, v.fills);
            assert_eq!(p.missed_by, v.missed_by);
            assert_eq!(p.expect, v.expect);
        }
        assert!(packed.get(&src, 4).is_none());
    }
}
