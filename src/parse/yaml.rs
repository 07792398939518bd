//! A YAML document with a span on every node.
//!
//! Built from `saphyr-parser`'s event stream with an explicit stack, so nesting depth costs heap,
//! not call stack, and is capped ([`MAX_DEPTH`]). Aliases are kept as references to the anchored
//! node (never copied here), so an alias bomb costs nothing to load; the lowering into the model
//! expands them under a budget. Plain scalars resolve by the YAML 1.2 core schema (`yes`/`no`/`on`/
//! `off` stay strings). Duplicate keys are refused, as YAML requires.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};

use saphyr_parser::{Event, Parser, ScalarStyle};

use crate::source::{Pos, SourceFile, Span};

/// Deepest nesting of collections accepted. Real streams stay far below (each question level adds
/// four); the cap keeps hostile input from exhausting memory or the stack of later passes.
pub const MAX_DEPTH: usize = 256;

/// The most YAML values (scalars, lists, mappings, aliases) one document may hold: 200 000,
/// some 40 000 cards or 2 MB of typical YAML, a hundred times a large real stream. Each value
/// costs about 240 bytes once read (measured), so this bounds what a file of tiny values
/// (`- 1` two million times) can cost to some 50 MB; `docs/limits.md` has the numbers.
pub const MAX_NODES: usize = 200_000;

pub type NodeId = usize;

/// How a scalar resolves under the YAML 1.2 core schema.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolved {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str,
}

#[derive(Debug, Clone)]
pub enum Value {
    /// A scalar: its text as written (after unescaping) and what it resolves to.
    Scalar {
        text: String,
        resolved: Resolved,
    },
    Seq(Vec<NodeId>),
    /// Entries in file order: (key node, value node).
    Map(Vec<(NodeId, NodeId)>),
    /// An alias: the node its anchor names.
    Alias(NodeId),
}

#[derive(Debug, Clone)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

/// A loaded document: an arena of nodes and the root.
#[derive(Debug, Default)]
pub struct Document {
    pub nodes: Vec<Node>,
    /// `None` for an empty file (or one holding only comments).
    pub root: Option<NodeId>,
    /// Where the quoted and block scalars are, from the same scan: finding comments needs them.
    pub scalars: ScalarMap,
}

/// The byte ranges of the scalars that may hold a `#` that is not a comment (quoted and block
/// scalars, with their tag or anchor: a plain scalar never holds ` #`), in file order, as the
/// loader met them. Suppression comments are found against this, so the file is parsed once.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScalarMap {
    pub non_plain: Vec<Range<usize>>,
    /// Where loading stopped with an error: nothing after it was scanned.
    pub error_at: Option<usize>,
}

/// How many times [`load`] ran in this process: `check` parses each file once, and a test holds
/// it to that.
static LOADS: AtomicUsize = AtomicUsize::new(0);

/// The number of YAML loads so far in this process.
pub fn load_count() -> usize {
    LOADS.load(Ordering::Relaxed)
}

/// Why a file is not a YAML document streamlint can read.
#[derive(Debug, Clone, PartialEq)]
pub struct YamlError {
    pub message: String,
    pub span: Span,
    /// Another place worth showing (the first of two duplicate keys).
    pub related: Option<Box<(Span, String)>>,
}

impl Document {
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id]
    }

    /// Follows aliases to the node holding the content.
    pub fn resolve(&self, mut id: NodeId) -> NodeId {
        // Aliases always point at completed, earlier nodes, so this ends.
        while let Value::Alias(target) = self.nodes[id].value {
            id = target;
        }
        id
    }
}

enum Frame {
    Seq {
        start: Pos,
        anchor: usize,
        items: Vec<NodeId>,
    },
    Map {
        start: Pos,
        anchor: usize,
        entries: Vec<(NodeId, NodeId)>,
        pending_key: Option<NodeId>,
        seen: HashMap<String, Span>,
    },
}

struct Builder {
    nodes: Vec<Node>,
    stack: Vec<Frame>,
    anchors: HashMap<usize, NodeId>,
    root: Option<NodeId>,
}

/// Parses one YAML document. Returns the first error: after a syntax error YAML parsers cannot
/// reliably resynchronise, so one precise error beats several guesses.
pub fn load(src: &SourceFile) -> Result<Document, YamlError> {
    load_scanned(src).0
}

/// Like [`load`], also returning the scalars seen before an error (the document's own
/// [`Document::scalars`] on success).
pub fn load_scanned(src: &SourceFile) -> (Result<Document, YamlError>, ScalarMap) {
    LOADS.fetch_add(1, Ordering::Relaxed);
    let mut scalars = ScalarMap::default();
    match build(src, &mut scalars) {
        Ok(mut doc) => {
            doc.scalars = scalars.clone();
            (Ok(doc), scalars)
        }
        Err(e) => {
            scalars.error_at = Some(e.span.start.offset);
            (Err(e), scalars)
        }
    }
}

fn build(src: &SourceFile, scalars: &mut ScalarMap) -> Result<Document, YamlError> {
    let mut parser = Parser::new_from_str(&src.text);
    let mut b = Builder {
        // Sized from the text (a value takes a few bytes at least) so that the arena is not
        // copied as it grows: growing doubles it, and a copy holds both for a moment.
        nodes: Vec::with_capacity((src.text.len() / 8).min(MAX_NODES)),
        stack: Vec::new(),
        anchors: HashMap::new(),
        root: None,
    };
    let mut documents = 0;
    let mut positions = Positions::new(src);
    while let Some(event) = parser.next_event() {
        let (event, span) = event.map_err(|e| {
            let at = src.pos_from_line_col(e.marker().line(), e.marker().col());
            forbidden_character(src, at).unwrap_or_else(|| YamlError {
                message: clean_scan_message(e.info()),
                span: Span::at(at),
                related: None,
            })
        })?;
        let span = Span::new(
            positions.at(span.start.line(), span.start.col()),
            positions.at(span.end.line(), span.end.col()),
        );
        if b.nodes.len() >= MAX_NODES {
            return Err(YamlError {
                message: format!(
                    "the document holds more than {MAX_NODES} YAML values; streamlint refuses it"
                ),
                span,
                related: None,
            });
        }
        match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(YamlError {
                        message:
                            "a second YAML document in one file; streamlint reads one document per file"
                                .into(),
                        span,
                        related: None,
                    });
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                let is_str_tag = tag.as_ref().is_some_and(|t| t.suffix == "str");
                let resolved = if style == ScalarStyle::Plain && !is_str_tag {
                    resolve_plain(&text)
                } else {
                    Resolved::Str
                };
                // The parser's end marker of a quoted scalar can lie past a comment that
                // follows it on its line: end the span at the closing quote.
                let span = match style {
                    ScalarStyle::DoubleQuoted | ScalarStyle::SingleQuoted => {
                        let end = quoted_scalar_end(&src.text, span.start.offset);
                        Span::new(span.start, advance(&src.text, span.start, end))
                    }
                    _ => span,
                };
                if style != ScalarStyle::Plain {
                    scalars.non_plain.push(span.start.offset..span.end.offset);
                }
                let id = b.push_node(
                    Value::Scalar {
                        text: text.into_owned(),
                        resolved,
                    },
                    span,
                );
                b.register_anchor(anchor, id);
                b.attach(id)?;
            }
            Event::Alias(anchor) => {
                let Some(&target) = b.anchors.get(&anchor) else {
                    return Err(YamlError {
                        message: "this alias refers to a node that contains it (a recursive alias)"
                            .into(),
                        span,
                        related: None,
                    });
                };
                let id = b.push_node(Value::Alias(target), span);
                b.attach(id)?;
            }
            Event::SequenceStart(anchor, _) => {
                b.enter(span)?;
                b.stack.push(Frame::Seq {
                    start: span.start,
                    anchor,
                    items: Vec::new(),
                });
            }
            Event::MappingStart(anchor, _) => {
                b.enter(span)?;
                b.stack.push(Frame::Map {
                    start: span.start,
                    anchor,
                    entries: Vec::new(),
                    pending_key: None,
                    seen: HashMap::new(),
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let frame = b.stack.pop().expect("parser balances collection events");
                let (value, start, anchor) = match frame {
                    Frame::Seq {
                        start,
                        anchor,
                        items,
                    } => (Value::Seq(items), start, anchor),
                    Frame::Map {
                        start,
                        anchor,
                        entries,
                        ..
                    } => (Value::Map(entries), start, anchor),
                };
                let end = b.last_end().max(start);
                let id = b.push_node(value, Span::new(start, end));
                b.register_anchor(anchor, id);
                b.attach(id)?;
            }
            Event::StreamEnd => break,
            Event::Nothing | Event::StreamStart | Event::DocumentEnd => {}
        }
    }
    Ok(Document {
        nodes: b.nodes,
        root: b.root,
        scalars: ScalarMap::default(),
    })
}

impl Builder {
    fn push_node(&mut self, value: Value, span: Span) -> NodeId {
        self.nodes.push(Node { value, span });
        self.nodes.len() - 1
    }

    fn register_anchor(&mut self, anchor: usize, id: NodeId) {
        if anchor != 0 {
            self.anchors.insert(anchor, id);
        }
    }

    /// End of the last completed node: a collection's span ends where its last child ends, not at
    /// the next token (which for block collections is the start of the following line).
    fn last_end(&self) -> Pos {
        self.nodes.last().map(|n| n.span.end).unwrap_or_default()
    }

    fn enter(&self, span: Span) -> Result<(), YamlError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(YamlError {
                message: format!(
                    "the document nests deeper than {MAX_DEPTH} levels; streamlint refuses it"
                ),
                span,
                related: None,
            });
        }
        Ok(())
    }

    fn attach(&mut self, id: NodeId) -> Result<(), YamlError> {
        match self.stack.last_mut() {
            None => self.root = Some(id),
            Some(Frame::Seq { items, .. }) => items.push(id),
            Some(Frame::Map {
                entries,
                pending_key,
                seen,
                ..
            }) => match pending_key.take() {
                Some(key) => entries.push((key, id)),
                None => {
                    let node = &self.nodes[id];
                    // A key written through an alias (`*k: ...`) is the scalar it names: it
                    // duplicates a key like any other.
                    let key = match &node.value {
                        Value::Alias(target) => &self.nodes[*target],
                        _ => node,
                    };
                    if let Value::Scalar { text, .. } = &key.value {
                        if let Some(first) = seen.get(text) {
                            return Err(YamlError {
                                message: format!("duplicate key `{text}` in one mapping"),
                                span: node.span,
                                related: Some(Box::new((*first, "first written here".into()))),
                            });
                        }
                        seen.insert(text.clone(), node.span);
                    }
                    *pending_key = Some(id);
                }
            },
        }
        Ok(())
    }
}

/// Converts the parser's markers (1-based line, 0-based character column) to positions.
///
/// [`SourceFile::pos_from_line_col`] counts characters from the start of the line, which on a
/// long line (a minified file) makes every event cost the line's length: quadratic. Markers come
/// in file order, so this walks forward from the previous marker instead, and only falls back to
/// counting from the line start when a marker is behind the walk.
struct Positions<'s> {
    src: &'s SourceFile,
    last: Option<Pos>,
}

impl<'s> Positions<'s> {
    fn new(src: &'s SourceFile) -> Self {
        Positions { src, last: None }
    }

    fn at(&mut self, line: usize, col: usize) -> Pos {
        let pos = match self.last {
            Some(last) if last.line as usize == line && last.column as usize <= col + 1 => {
                let rest = &self.src.text[last.offset..];
                let ahead = col + 1 - last.column as usize;
                let bytes = rest
                    .char_indices()
                    .nth(ahead)
                    .map(|(i, _)| i)
                    .unwrap_or(rest.len());
                Pos {
                    file: last.file,
                    line: last.line,
                    column: col as u32 + 1,
                    offset: last.offset + bytes,
                }
            }
            _ => self.src.pos_from_line_col(line, col),
        };
        self.last = Some(pos);
        pos
    }
}

/// The position of byte offset `end`, found by walking from `start` (linear in the distance).
fn advance(text: &str, start: Pos, end: usize) -> Pos {
    let between = &text[start.offset..end];
    match between.rfind('\n') {
        None => Pos {
            file: start.file,
            line: start.line,
            column: start.column + between.chars().count() as u32,
            offset: end,
        },
        Some(nl) => Pos {
            file: start.file,
            line: start.line + between.matches('\n').count() as u32,
            column: between[nl + 1..].chars().count() as u32 + 1,
            offset: end,
        },
    }
}

/// The byte offset just after the quoted scalar whose event starts at `start`: at its opening
/// quote, or at its tag or anchor (`!!str "x"`, `&a 'x'`), which are skipped, with any blank
/// space, line breaks and comments between them and the quote.
pub fn quoted_scalar_end(text: &str, start: usize) -> usize {
    let mut at = start;
    loop {
        let rest = &text[at..];
        let trimmed = rest.trim_start();
        at += rest.len() - trimmed.len();
        match trimmed.chars().next() {
            Some('#') => at += trimmed.find('\n').unwrap_or(trimmed.len()),
            Some('!' | '&') => {
                at += trimmed
                    .find(|c: char| c.is_whitespace())
                    .unwrap_or(trimmed.len())
            }
            _ => break,
        }
    }
    let start = at;
    let mut chars = text[start..].char_indices();
    let Some((_, quote)) = chars.next() else {
        return start;
    };
    if quote != '"' && quote != '\'' {
        return start;
    }
    while let Some((i, ch)) = chars.next() {
        match ch {
            '\\' if quote == '"' => {
                chars.next();
            }
            c if c == quote => {
                // `''` inside single quotes is an escaped quote.
                if quote == '\'' && text[start + i + 1..].starts_with('\'') {
                    chars.next();
                    continue;
                }
                return start + i + 1;
            }
            _ => {}
        }
    }
    text.len()
}

/// The YAML 1.2 core schema for plain scalars.
fn resolve_plain(text: &str) -> Resolved {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Resolved::Null,
        "true" | "True" | "TRUE" => return Resolved::Bool(true),
        "false" | "False" | "FALSE" => return Resolved::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Resolved::Float(f64::INFINITY)
        }
        "-.inf" | "-.Inf" | "-.INF" => return Resolved::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Resolved::Float(f64::NAN),
        _ => {}
    }
    if let Some(oct) = text.strip_prefix("0o") {
        if let Ok(v) = i64::from_str_radix(oct, 8) {
            return Resolved::Int(v);
        }
    }
    if let Some(hex) = text.strip_prefix("0x") {
        if let Ok(v) = i64::from_str_radix(hex, 16) {
            return Resolved::Int(v);
        }
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(v) = text.parse::<i64>() {
            return Resolved::Int(v);
        }
    }
    if is_core_float(digits) {
        if let Ok(v) = text.parse::<f64>() {
            return Resolved::Float(v);
        }
    }
    Resolved::Str
}

/// `(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, sign already stripped.
fn is_core_float(s: &str) -> bool {
    let (mantissa, exp) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some((int, frac)) => {
            int.bytes().all(|b| b.is_ascii_digit())
                && frac.bytes().all(|b| b.is_ascii_digit())
                && !(int.is_empty() && frac.is_empty())
        }
        None => !mantissa.is_empty() && mantissa.bytes().all(|b| b.is_ascii_digit()),
    };
    let exp_ok = exp.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && e.bytes().all(|b| b.is_ascii_digit())
    });
    mantissa_ok && exp_ok
}

/// A character YAML forbids in its text (YAML 1.2, `c-printable`: control characters other
/// than tab, line feed, carriage return and next line) on the line of a scanner error, up to
/// just past it: the error is about that character, and the scanner's own message about it
/// misleads (a NUL byte was "a tab used for indentation"). Looked for only after an error, on
/// one line, so valid files pay nothing.
fn forbidden_character(src: &SourceFile, at: crate::source::Pos) -> Option<YamlError> {
    let line_start = src.pos_from_line_col(at.line as usize, 0).offset;
    let mut end = (at.offset + 8).min(src.text.len());
    while !src.text.is_char_boundary(end) {
        end -= 1;
    }
    let (found, c) = src.text[line_start..end].char_indices().find(|&(_, c)| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{85}'))
            || matches!(c, '\u{fffe}' | '\u{ffff}')
    })?;
    let offset = line_start + found;
    let pos = src.pos_from_offset(offset);
    let end = src.pos_from_offset(offset + c.len_utf8());
    Some(YamlError {
        message: format!(
            "the control character U+{:04X} is not allowed in YAML text; write it as an escape \
             (`{}`) inside a double-quoted string",
            c as u32,
            if (c as u32) <= 0xff {
                format!("\\x{:02x}", c as u32)
            } else {
                format!("\\u{:04x}", c as u32)
            }
        ),
        span: Span::new(pos, end),
        related: None,
    })
}

/// saphyr's messages start with the parser's context ("while parsing a block mapping, did not find
/// expected key"); keep them, but make them read like the rest of streamlint's messages.
fn clean_scan_message(info: &str) -> String {
    let msg = info.trim().trim_end_matches('.');
    let msg = msg
        .strip_prefix("while scanning ")
        .map_or_else(|| msg.to_string(), |rest| format!("while scanning {rest}"));
    if msg.contains("recursion limit exceeded") {
        return "the document nests too deeply; streamlint refuses it".to_string();
    }
    if msg.contains("tab") {
        "a tab is used for indentation; YAML indents with spaces only".to_string()
    } else {
        msg
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_str(s: &str) -> Result<Document, YamlError> {
        load(&SourceFile::new("t.yaml", s))
    }

    #[test]
    fn yaml_1_2_keeps_yes_and_no_as_strings() {
        let doc = load_str("a: yes\nb: 12\nc: '12'\nd: ~\n").unwrap();
        let root = doc.root.unwrap();
        let Value::Map(entries) = &doc.node(root).value else {
            panic!()
        };
        let resolved: Vec<_> = entries
            .iter()
            .map(|(_, v)| match &doc.node(*v).value {
                Value::Scalar { resolved, .. } => resolved.clone(),
                _ => panic!(),
            })
            .collect();
        assert_eq!(
            resolved,
            vec![
                Resolved::Str,
                Resolved::Int(12),
                Resolved::Str,
                Resolved::Null
            ]
        );
    }

    #[test]
    fn spans_are_exact_after_multibyte_text() {
        let doc = load_str("name: héllo wörld\nkey: value\n").unwrap();
        let Value::Map(entries) = &doc.node(doc.root.unwrap()).value else {
            panic!()
        };
        let v = doc.node(entries[1].1);
        assert_eq!((v.span.start.line, v.span.start.column), (2, 6));
        assert_eq!((v.span.end.line, v.span.end.column), (2, 11));
    }

    #[test]
    fn quoted_scalars_end_at_their_closing_quote() {
        let doc = load_str("a: \"x \\\" y\" # note\nb: 'it''s' # note\n").unwrap();
        let Value::Map(entries) = &doc.node(doc.root.unwrap()).value else {
            panic!()
        };
        let a = doc.node(entries[0].1).span;
        assert_eq!((a.start.column, a.end.column), (4, 12));
        let b = doc.node(entries[1].1).span;
        assert_eq!((b.start.column, b.end.column), (4, 11));
    }

    #[test]
    fn quoted_scalars_with_tags_and_anchors_end_at_their_quote() {
        let doc =
            load_str("a: !!str \"x # y\" # c\nb: &k 'z' # c\nc: !!str # c\n  &m \"w\"\n").unwrap();
        let Value::Map(entries) = &doc.node(doc.root.unwrap()).value else {
            panic!()
        };
        let spans: Vec<(u32, u32, u32, u32)> = entries
            .iter()
            .map(|(_, v)| {
                let s = doc.node(*v).span;
                (s.start.line, s.start.column, s.end.line, s.end.column)
            })
            .collect();
        assert_eq!(spans, vec![(1, 4, 1, 17), (2, 4, 2, 10), (3, 4, 4, 9)]);
    }

    #[test]
    fn positions_match_the_direct_computation() {
        let text =
            "a: {b: \"é\", c: [1, 'ü''x', \"m\n  n\"]}\nd: |\n  ééé\ne: 'x' # c\nf: !!str &a 'y'\n";
        let src = SourceFile::new("t.yaml", text);
        let doc = load(&src).unwrap();
        for node in &doc.nodes {
            for pos in [node.span.start, node.span.end] {
                let direct = src.pos_from_offset(pos.offset);
                assert_eq!(pos, direct, "{node:?}");
            }
        }
    }

    #[test]
    fn long_lines_load_in_linear_time() {
        // 20k quoted scalars on one line: quadratic position counting took minutes.
        let items: Vec<String> = (0..20_000).map(|i| format!("\"v{i}\"")).collect();
        let text = format!("[{}]\n", items.join(", "));
        let start = std::time::Instant::now();
        let doc = load_str(&text).unwrap();
        assert_eq!(doc.nodes.len(), 20_001);
        let last = doc.node(19_999).span;
        // `"v19999"` starts 7 characters before its closing quote (all ASCII here).
        assert_eq!(last.start.column as usize, text.rfind('"').unwrap() - 7 + 1);
        assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
    }

    #[test]
    fn duplicate_keys_are_refused_at_the_second_key() {
        let err = load_str("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(err.span.start.line, 3);
        assert!(err.message.contains("duplicate key `a`"));
    }

    #[test]
    fn deep_nesting_is_refused_without_overflow() {
        let mut block = String::new();
        for depth in 0..10_000 {
            block.push_str(&"  ".repeat(depth));
            block.push_str("a:\n");
        }
        let err = load_str(&block).unwrap_err();
        assert!(err.message.contains("nests deeper"), "{}", err.message);
        assert_eq!(err.span.start.line, 257);
        // Flow nesting is refused by the parser itself, also with a position.
        let flow = "[".repeat(100_000) + &"]".repeat(100_000);
        let err = load_str(&flow).unwrap_err();
        assert_eq!(err.span.start.line, 1);
    }

    #[test]
    fn aliases_point_at_the_anchor_without_copying() {
        let doc = load_str("a: &x [1, 2]\nb: *x\n").unwrap();
        let Value::Map(entries) = &doc.node(doc.root.unwrap()).value else {
            panic!()
        };
        let b = entries[1].1;
        assert!(matches!(doc.node(b).value, Value::Alias(_)));
        assert_eq!(doc.resolve(b), entries[0].1);
    }

    #[test]
    fn core_schema_numbers() {
        assert_eq!(resolve_plain("1.5"), Resolved::Float(1.5));
        assert_eq!(resolve_plain("-3"), Resolved::Int(-3));
        assert_eq!(resolve_plain("1e3"), Resolved::Float(1000.0));
        assert_eq!(resolve_plain("1.2.3"), Resolved::Str);
        assert_eq!(resolve_plain("on"), Resolved::Str);
    }
}
