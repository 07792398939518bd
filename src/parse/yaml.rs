//! A YAML document with a span on every node.
//!
//! Built from `saphyr-parser`'s event stream with an explicit stack, so nesting depth costs heap,
//! not call stack, and is capped ([`MAX_DEPTH`]). Aliases are kept as references to the anchored
//! node (never copied here), so an alias bomb costs nothing to load; the lowering into the model
//! expands them under a budget. Plain scalars resolve by the YAML 1.2 core schema (`yes`/`no`/`on`/
//! `off` stay strings). Duplicate keys are refused, as YAML requires.

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use saphyr_parser::{Event, Parser, ScalarStyle};

use crate::source::{FileId, LineIndex, Pos, SourceFile, Span};

/// Deepest nesting of collections accepted. Real streams stay far below (each question level adds
/// four); the cap keeps hostile input from exhausting memory or the stack of later passes.
pub const MAX_DEPTH: usize = 256;

/// Input bytes per YAML value (scalar, list, mapping, alias) a document may hold at the densest,
/// on top of [`NODES_ALWAYS_ALLOWED`]. A value costs [`BYTES_PER_NODE`], 4 bytes for its place
/// in its parent's child list and, for a quoted or block scalar, 8 for its range in
/// [`ScalarMap`]: at most 32 bytes, so a document at the limit holds at most 8 bytes of tree per
/// input byte, plus the unescaped texts (never longer than their source). Real YAML spends more than 10 bytes per value (the 20 MB
/// generated stream: 13.3), so no realistic file up to the 128 MiB input limit comes near;
/// `- 1` repeated a million times (4 bytes a value) is read, `[1,1,1,...]` (2 bytes a value) is
/// refused.
pub const INPUT_BYTES_PER_NODE: usize = 4;

/// Values any document may hold whatever its size, so that small files are never refused.
pub const NODES_ALWAYS_ALLOWED: usize = 4096;

/// What one value costs in the arena: the node itself (its child and scalar lists are counted
/// apart). A test holds the figure to the struct.
pub const BYTES_PER_NODE: usize = std::mem::size_of::<Node>();

/// The most values a document of `text_len` bytes may hold (see [`INPUT_BYTES_PER_NODE`]).
pub fn max_nodes(text_len: usize) -> usize {
    text_len / INPUT_BYTES_PER_NODE + NODES_ALWAYS_ALLOWED
}

pub type NodeId = usize;

/// How a scalar resolves under the YAML 1.2 core schema.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Resolved {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str,
}

/// What a node holds, as read from the arena: borrowed views, cheap to make and to copy.
#[derive(Debug, Clone, Copy)]
pub enum Value<'d> {
    /// A scalar: its text as written (after unescaping) and what it resolves to.
    Scalar {
        text: &'d str,
        resolved: Resolved,
    },
    Seq(Items<'d>),
    /// Entries in file order: (key node, value node).
    Map(Entries<'d>),
    /// An alias: the node its anchor names.
    Alias(NodeId),
}

/// A list's items, in file order.
#[derive(Debug, Clone, Copy)]
pub struct Items<'d>(&'d [u32]);

impl<'d> Items<'d> {
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, index: usize) -> Option<NodeId> {
        self.0.get(index).map(|&id| id as NodeId)
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = NodeId> + ExactSizeIterator + 'd {
        self.0.iter().map(|&id| id as NodeId)
    }

    pub fn to_vec(&self) -> Vec<NodeId> {
        self.iter().collect()
    }
}

impl<'d> IntoIterator for Items<'d> {
    type Item = NodeId;
    type IntoIter = std::iter::Map<std::slice::Iter<'d, u32>, fn(&u32) -> NodeId>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|&id| id as NodeId)
    }
}

/// A mapping's entries, (key, value) in file order.
#[derive(Debug, Clone, Copy)]
pub struct Entries<'d>(&'d [u32]);

impl<'d> Entries<'d> {
    pub fn len(&self) -> usize {
        self.0.len() / 2
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (NodeId, NodeId)> + 'd {
        self.0
            .chunks_exact(2)
            .map(|pair| (pair[0] as NodeId, pair[1] as NodeId))
    }
}

impl<'d> IntoIterator for Entries<'d> {
    type Item = (NodeId, NodeId);
    type IntoIter =
        std::iter::Map<std::slice::ChunksExact<'d, u32>, fn(&[u32]) -> (NodeId, NodeId)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0
            .chunks_exact(2)
            .map(|pair| (pair[0] as NodeId, pair[1] as NodeId))
    }
}

/// What a node is, and where its `a`/`b` fields point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A plain scalar (resolved by the core schema) whose text is the source `a..a+b`.
    PlainInSource,
    /// A plain scalar whose text is [`Document::owned`] `a..a+b` (folded over lines).
    PlainOwned,
    /// A string scalar (quoted, block, or tagged `!!str`) whose text is the source `a..a+b`.
    StrInSource,
    /// A string scalar whose text is [`Document::owned`] `a..a+b` (unescaped or folded).
    StrOwned,
    /// A list: its items are [`Document::children`] `a..a+b`.
    Seq,
    /// A mapping: its keys and values, alternating, are [`Document::children`] `a..a+2b`.
    Map,
    /// An alias of node `a`.
    Alias,
}

/// One value in the arena: 20 bytes. Positions are byte offsets (line and column are computed
/// when asked for), scalar text is a range into the source unless unescaping changed it, and a
/// collection's children sit together in one shared list.
#[derive(Debug, Clone, Copy)]
struct Node {
    start: u32,
    end: u32,
    a: u32,
    b: u32,
    kind: Kind,
}

/// A loaded document: an arena of nodes and the root.
///
/// It shares the source's text and line index (no copy), so it stands alone: spans and scalar
/// text are read through [`Document::span`], [`Document::value`] and [`Document::scalar_text`].
#[derive(Debug)]
pub struct Document {
    nodes: Vec<Node>,
    /// Every collection's children, each collection's run contiguous.
    children: Vec<u32>,
    /// The scalar texts that differ from their source (unescaped, folded), end to end.
    owned: String,
    text: Arc<String>,
    index: Arc<LineIndex>,
    file: FileId,
    /// `None` for an empty file (or one holding only comments).
    pub root: Option<NodeId>,
    /// Where the quoted and block scalars are, from the same scan: finding comments needs them.
    pub scalars: ScalarMap,
}

/// The byte ranges of the scalars that may hold a `#` that is not a comment (quoted and block
/// scalars, with their tag or anchor: a plain scalar never holds ` #`), in file order, as the
/// loader met them. Suppression comments are found against this, so the file is parsed once.
/// Offsets are `u32` (inputs are capped at 128 MiB): a file of short quoted strings holds one
/// range per few bytes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScalarMap {
    pub non_plain: Vec<Range<u32>>,
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
    /// How many values the document holds (aliases included).
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// What node `id` holds (an alias is returned as such: see [`Document::resolve`]).
    pub fn value(&self, id: NodeId) -> Value<'_> {
        let node = &self.nodes[id];
        let (a, b) = (node.a as usize, node.b as usize);
        match node.kind {
            Kind::PlainInSource | Kind::PlainOwned => {
                let text = self.text_of(node);
                Value::Scalar {
                    text,
                    resolved: resolve_plain(text),
                }
            }
            Kind::StrInSource | Kind::StrOwned => Value::Scalar {
                text: self.text_of(node),
                resolved: Resolved::Str,
            },
            Kind::Seq => Value::Seq(Items(&self.children[a..a + b])),
            Kind::Map => Value::Map(Entries(&self.children[a..a + 2 * b])),
            Kind::Alias => Value::Alias(a),
        }
    }

    /// The text of node `id` if it is a scalar (an alias is not followed).
    pub fn scalar_text(&self, id: NodeId) -> Option<&str> {
        let node = &self.nodes[id];
        match node.kind {
            Kind::PlainInSource | Kind::PlainOwned | Kind::StrInSource | Kind::StrOwned => {
                Some(self.text_of(node))
            }
            _ => None,
        }
    }

    fn text_of(&self, node: &Node) -> &str {
        let range = node.a as usize..(node.a + node.b) as usize;
        match node.kind {
            Kind::PlainOwned | Kind::StrOwned => &self.owned[range],
            _ => &self.text[range],
        }
    }

    /// Where node `id` was written.
    pub fn span(&self, id: NodeId) -> Span {
        let node = &self.nodes[id];
        self.index.span(
            &self.text,
            self.file,
            node.start as usize,
            node.end as usize,
        )
    }

    /// The byte range node `id` covers, without computing line and column.
    pub fn byte_range(&self, id: NodeId) -> Range<usize> {
        let node = &self.nodes[id];
        node.start as usize..node.end as usize
    }

    /// Follows aliases to the node holding the content.
    pub fn resolve(&self, mut id: NodeId) -> NodeId {
        // Aliases always point at completed, earlier nodes, so this ends.
        while self.nodes[id].kind == Kind::Alias {
            id = self.nodes[id].a as NodeId;
        }
        id
    }

    /// Bytes the arena holds in its own allocations (the source text is shared, not counted).
    pub fn heap_bytes(&self) -> usize {
        self.nodes.capacity() * std::mem::size_of::<Node>()
            + self.children.capacity() * 4
            + self.owned.capacity()
            + self.scalars.non_plain.capacity() * std::mem::size_of::<Range<u32>>()
    }
}

/// A collection being read: where its children start in [`Builder::pending`].
struct Frame {
    start: u32,
    anchor: usize,
    is_map: bool,
    first_child: usize,
    /// A mapping's keys by text hash, once it has too many for a linear duplicate search.
    keys: Option<HashMap<u64, u32>>,
}

/// A mapping with up to this many keys finds duplicates by comparing with each earlier key: no
/// table to allocate for the small mappings that make up most of a stream.
const LINEAR_KEY_SEARCH: usize = 16;

struct Builder<'s> {
    src: &'s SourceFile,
    text: &'s str,
    nodes: Vec<Node>,
    children: Vec<u32>,
    owned: String,
    /// The children of every open collection, innermost last.
    pending: Vec<u32>,
    stack: Vec<Frame>,
    anchors: HashMap<usize, NodeId>,
    root: Option<NodeId>,
    hasher: RandomState,
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
            scalars.error_at = Some(e.span.start.offset as usize);
            (Err(e), scalars)
        }
    }
}

fn build(src: &SourceFile, scalars: &mut ScalarMap) -> Result<Document, YamlError> {
    let mut parser = Parser::new_from_str(&src.text);
    let max_nodes = max_nodes(src.text.len());
    let mut b = Builder {
        src,
        text: &src.text,
        nodes: Vec::new(),
        children: Vec::new(),
        owned: String::new(),
        pending: Vec::new(),
        stack: Vec::new(),
        anchors: HashMap::new(),
        root: None,
        hasher: RandomState::new(),
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
        if b.nodes.len() >= max_nodes {
            return Err(YamlError {
                message: format!(
                    "the document holds more than {max_nodes} YAML values (one per {INPUT_BYTES_PER_NODE} bytes of input); streamlint refuses it"
                ),
                span,
                related: None,
            });
        }
        let (start, end) = (span.start.offset, span.end.offset);
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
                let plain = style == ScalarStyle::Plain && !is_str_tag;
                // The parser's end marker of a quoted scalar can lie past a comment that
                // follows it on its line: end the span at the closing quote.
                let (end, text_end) = match style {
                    ScalarStyle::DoubleQuoted | ScalarStyle::SingleQuoted => {
                        let end = quoted_scalar_end(&src.text, start as usize);
                        (end as u32, end.saturating_sub(1))
                    }
                    _ => (end, end as usize),
                };
                if style != ScalarStyle::Plain {
                    scalars.non_plain.push(start..end);
                }
                let id = b.push_scalar(&text, plain, start, end, text_end);
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
                let id = b.push_node(Kind::Alias, start, end, target as u32, 0);
                b.attach(id)?;
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                b.enter(span)?;
                let is_map = matches!(event, Event::MappingStart(..));
                b.stack.push(Frame {
                    start,
                    anchor,
                    is_map,
                    first_child: b.pending.len(),
                    keys: None,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let frame = b.stack.pop().expect("parser balances collection events");
                let first = b.children.len() as u32;
                b.children
                    .extend_from_slice(&b.pending[frame.first_child..]);
                let count = (b.pending.len() - frame.first_child) as u32;
                b.pending.truncate(frame.first_child);
                let (kind, count) = if frame.is_map {
                    (Kind::Map, count / 2)
                } else {
                    (Kind::Seq, count)
                };
                let end = b.last_end().max(frame.start);
                let id = b.push_node(kind, frame.start, end, first, count);
                b.register_anchor(frame.anchor, id);
                b.attach(id)?;
            }
            Event::StreamEnd => break,
            Event::Nothing | Event::StreamStart | Event::DocumentEnd => {}
        }
    }
    let mut nodes = b.nodes;
    let mut children = b.children;
    let mut owned = b.owned;
    // The lists grew by doubling: give back the slack, up to half of each.
    nodes.shrink_to_fit();
    children.shrink_to_fit();
    owned.shrink_to_fit();
    Ok(Document {
        nodes,
        children,
        owned,
        text: Arc::clone(&src.text),
        index: Arc::clone(src.line_index()),
        file: src.id,
        root: b.root,
        scalars: ScalarMap::default(),
    })
}

impl Builder<'_> {
    fn push_node(&mut self, kind: Kind, start: u32, end: u32, a: u32, b: u32) -> NodeId {
        self.nodes.push(Node {
            start,
            end,
            a,
            b,
            kind,
        });
        self.nodes.len() - 1
    }

    /// A scalar whose span is `start..end`. Its text is kept as a range of the source when the
    /// source holds it as is, ending at `text_end` (the closing quote of a quoted scalar, the
    /// end of a plain one); otherwise (escapes, folding, block scalars) it is copied.
    fn push_scalar(
        &mut self,
        text: &str,
        plain: bool,
        start: u32,
        end: u32,
        text_end: usize,
    ) -> NodeId {
        let len = text.len();
        let in_source = text_end >= start as usize + len
            && self.text.get(text_end - len..text_end) == Some(text);
        let (kind, a) = match (plain, in_source) {
            (true, true) => (Kind::PlainInSource, text_end - len),
            (false, true) => (Kind::StrInSource, text_end - len),
            (true, false) => (Kind::PlainOwned, self.own(text)),
            (false, false) => (Kind::StrOwned, self.own(text)),
        };
        self.push_node(kind, start, end, a as u32, len as u32)
    }

    fn own(&mut self, text: &str) -> usize {
        let at = self.owned.len();
        self.owned.push_str(text);
        at
    }

    fn register_anchor(&mut self, anchor: usize, id: NodeId) {
        if anchor != 0 {
            self.anchors.insert(anchor, id);
        }
    }

    /// End of the last completed node: a collection's span ends where its last child ends, not at
    /// the next token (which for block collections is the start of the following line).
    fn last_end(&self) -> u32 {
        self.nodes.last().map(|n| n.end).unwrap_or_default()
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

    /// The text of a key node, through an alias: a key written `*k: ...` is the scalar it names
    /// and duplicates a key like any other.
    fn key_text(&self, id: u32) -> Option<&str> {
        let mut node = &self.nodes[id as usize];
        if node.kind == Kind::Alias {
            node = &self.nodes[node.a as usize];
        }
        let range = node.a as usize..(node.a + node.b) as usize;
        match node.kind {
            Kind::PlainOwned | Kind::StrOwned => Some(&self.owned[range]),
            Kind::PlainInSource | Kind::StrInSource => Some(&self.text[range]),
            _ => None,
        }
    }

    fn node_span(&self, id: u32) -> Span {
        let node = &self.nodes[id as usize];
        Span::new(
            self.src.pos_from_offset(node.start as usize),
            self.src.pos_from_offset(node.end as usize),
        )
    }

    fn attach(&mut self, id: NodeId) -> Result<(), YamlError> {
        let Some(frame) = self.stack.last() else {
            self.root = Some(id);
            return Ok(());
        };
        let taken = self.pending.len() - frame.first_child;
        if !frame.is_map || taken % 2 == 1 {
            // A list item, or a mapping's value.
            self.pending.push(id as u32);
            return Ok(());
        }
        // A mapping's key: refused if it repeats an earlier one.
        let key = id as u32;
        if let Some(first) = self.earlier_key(key) {
            let text = self.key_text(key).unwrap_or_default().to_string();
            return Err(YamlError {
                message: format!("duplicate key `{text}` in one mapping"),
                span: self.node_span(key),
                related: Some(Box::new((
                    self.node_span(first),
                    "first written here".into(),
                ))),
            });
        }
        self.pending.push(key);
        Ok(())
    }

    /// The earlier key of the innermost mapping with the same text as `new_key` (a scalar key;
    /// others never repeat), recording `new_key` for the keys after it.
    fn earlier_key(&mut self, new_key: u32) -> Option<u32> {
        let text = self.key_text(new_key)?;
        let frame = self.stack.last().expect("a key is in a mapping");
        let first_child = frame.first_child;
        let keys_so_far = (self.pending.len() - first_child) / 2;
        let same = |b: &Self, k: u32| b.key_text(k) == b.key_text(new_key);
        if frame.keys.is_none() && keys_so_far < LINEAR_KEY_SEARCH {
            return self.pending[first_child..]
                .iter()
                .step_by(2)
                .copied()
                .find(|&k| same(self, k));
        }
        let hash = self.hasher.hash_one(text);
        if frame.keys.is_none() {
            // Past the linear search: index the keys so far, once.
            let mut keys = HashMap::with_capacity(keys_so_far * 2);
            for k in self.pending[first_child..].iter().step_by(2).copied() {
                if let Some(t) = self.key_text(k) {
                    keys.entry(self.hasher.hash_one(t)).or_insert(k);
                }
            }
            self.stack.last_mut().expect("in a mapping").keys = Some(keys);
        }
        let keys = self.stack.last().and_then(|f| f.keys.as_ref());
        let found = match keys.and_then(|keys| keys.get(&hash)) {
            None => None,
            Some(&k) if same(self, k) => Some(k),
            // Two texts with one hash (rare): compare with every key.
            Some(_) => self.pending[first_child..]
                .iter()
                .step_by(2)
                .copied()
                .find(|&k| same(self, k)),
        };
        if found.is_none() {
            if let Some(keys) = self.stack.last_mut().and_then(|f| f.keys.as_mut()) {
                keys.entry(hash).or_insert(new_key);
            }
        }
        found
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
                let rest = &self.src.text[last.offset as usize..];
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
                    offset: last.offset + bytes as u32,
                }
            }
            _ => self.src.pos_from_line_col(line, col),
        };
        self.last = Some(pos);
        pos
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
    // Most plain scalars are words: a letter other than those starting `true`, `false`, `null`
    // and their capitalised forms is a string. Resolution runs on every read, so this is worth it.
    match text.as_bytes().first() {
        None => return Resolved::Null,
        Some(b) if b.is_ascii_alphabetic() && !b"tTfFnN".contains(b) => return Resolved::Str,
        _ => {}
    }
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
    let line_start = src.pos_from_line_col(at.line as usize, 0).offset as usize;
    let mut end = (at.offset as usize + 8).min(src.text.len());
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
        let Value::Map(entries) = doc.value(root) else {
            panic!()
        };
        let resolved: Vec<_> = entries
            .iter()
            .map(|(_, v)| match doc.value(v) {
                Value::Scalar { resolved, .. } => resolved,
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
        let Value::Map(entries) = doc.value(doc.root.unwrap()) else {
            panic!()
        };
        let v = doc.span(entries.iter().nth(1).unwrap().1);
        assert_eq!((v.start.line, v.start.column), (2, 6));
        assert_eq!((v.end.line, v.end.column), (2, 11));
    }

    #[test]
    fn quoted_scalars_end_at_their_closing_quote() {
        let doc = load_str("a: \"x \\\" y\" # note\nb: 'it''s' # note\n").unwrap();
        let Value::Map(entries) = doc.value(doc.root.unwrap()) else {
            panic!()
        };
        let entries: Vec<_> = entries.iter().collect();
        let a = doc.span(entries[0].1);
        assert_eq!((a.start.column, a.end.column), (4, 12));
        let b = doc.span(entries[1].1);
        assert_eq!((b.start.column, b.end.column), (4, 11));
    }

    #[test]
    fn quoted_scalars_with_tags_and_anchors_end_at_their_quote() {
        let doc =
            load_str("a: !!str \"x # y\" # c\nb: &k 'z' # c\nc: !!str # c\n  &m \"w\"\n").unwrap();
        let Value::Map(entries) = doc.value(doc.root.unwrap()) else {
            panic!()
        };
        let spans: Vec<(u32, u32, u32, u32)> = entries
            .iter()
            .map(|(_, v)| {
                let s = doc.span(v);
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
        for id in 0..doc.len() {
            let span = doc.span(id);
            for pos in [span.start, span.end] {
                let direct = src.pos_from_offset(pos.offset as usize);
                assert_eq!(pos, direct, "{id}: {:?}", doc.value(id));
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
        assert_eq!(doc.len(), 20_001);
        let last = doc.span(19_999);
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
        let Value::Map(entries) = doc.value(doc.root.unwrap()) else {
            panic!()
        };
        let entries: Vec<_> = entries.iter().collect();
        let b = entries[1].1;
        assert!(matches!(doc.value(b), Value::Alias(_)));
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

    /// The scalar texts of a document in node order, each with whether the arena copied it.
    fn scalars_of(doc: &Document) -> Vec<(String, bool)> {
        (0..doc.len())
            .filter_map(|id| {
                let text = doc.scalar_text(id)?;
                let copied = matches!(doc.nodes[id].kind, Kind::PlainOwned | Kind::StrOwned);
                Some((text.to_string(), copied))
            })
            .collect()
    }

    #[test]
    fn scalar_text_is_the_source_unless_unescaping_changed_it() {
        let doc = load_str(
            "plain: two words\nquoted: \"as is\"\nsingle: 'it''s'\nescaped: \"a\\tb\"\n\
             folded: one\n  two\nblock: |\n  line\n",
        )
        .unwrap();
        let got = scalars_of(&doc);
        let expected = [
            ("plain", false),
            ("two words", false),
            ("quoted", false),
            ("as is", false),
            ("single", false),
            ("it's", true),
            ("escaped", false),
            ("a\tb", true),
            ("folded", false),
            ("one two", true),
            ("block", false),
            // A one-line block scalar is its source line as is.
            ("line\n", false),
        ];
        let expected: Vec<(String, bool)> =
            expected.iter().map(|(t, c)| (t.to_string(), *c)).collect();
        assert_eq!(got, expected);
        // Only the changed texts are stored apart.
        assert_eq!(doc.owned, "it'sa\tbone two");
    }

    #[test]
    fn tags_and_anchors_do_not_stop_a_scalar_being_read_from_the_source() {
        let doc = load_str("a: &x !!str value\nb: !!str \"q\"\nc: *x\n").unwrap();
        let got = scalars_of(&doc);
        assert!(got.iter().all(|(_, copied)| !copied), "{got:?}");
        let Value::Map(entries) = doc.value(doc.root.unwrap()) else {
            panic!()
        };
        let values: Vec<_> = entries
            .iter()
            .map(|(_, v)| match doc.value(doc.resolve(v)) {
                Value::Scalar { text, resolved } => (text, resolved),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            values,
            vec![
                ("value", Resolved::Str),
                ("q", Resolved::Str),
                ("value", Resolved::Str)
            ]
        );
    }

    #[test]
    fn collection_spans_end_at_their_last_child() {
        let doc = load_str("cards:\n  - type: message\n    text: hi\n\nnext: 1\n").unwrap();
        let Value::Map(entries) = doc.value(doc.root.unwrap()) else {
            panic!()
        };
        let (_, cards) = entries.iter().next().unwrap();
        let span = doc.span(cards);
        assert_eq!((span.start.line, span.start.column), (2, 3));
        assert_eq!((span.end.line, span.end.column), (3, 13));
        let Value::Seq(items) = doc.value(cards) else {
            panic!()
        };
        assert_eq!(items.len(), 1);
        let Value::Map(card) = doc.value(items.get(0).unwrap()) else {
            panic!()
        };
        let keys: Vec<_> = card
            .iter()
            .map(|(k, _)| doc.scalar_text(k).unwrap())
            .collect();
        assert_eq!(keys, ["type", "text"]);
    }

    #[test]
    fn duplicate_keys_are_refused_in_large_mappings_and_through_aliases() {
        // Past the linear search, the hashed one must find the repeat.
        let mut text: String = (0..100).map(|i| format!("k{i}: {i}\n")).collect();
        text.push_str("k42: again\n");
        let err = load_str(&text).unwrap_err();
        assert!(
            err.message.contains("duplicate key `k42`"),
            "{}",
            err.message
        );
        assert_eq!(err.span.start.line, 101);
        assert_eq!(err.related.unwrap().0.start.line, 43);
        // Same text in different mappings is fine; a key written through an alias is not.
        load_str("a: {x: 1}\nb: {x: 1}\n").unwrap();
        let err = load_str("a: &k x\nm:\n  x: 1\n  *k : 2\n").unwrap_err();
        assert!(err.message.contains("duplicate key `x`"), "{}", err.message);
        assert_eq!(err.span.start.line, 4);
    }

    #[test]
    fn the_value_limit_follows_the_input_size() {
        // `- 1` a value per 4 bytes is read, `[1,1,...]` a value per 2 bytes is refused.
        let n = 3 * NODES_ALWAYS_ALLOWED;
        let list = "- 1\n".repeat(n);
        assert_eq!(load_str(&list).unwrap().len(), n + 1);
        let flow = format!("[{}1]\n", "1,".repeat(n));
        let err = load_str(&flow).unwrap_err();
        assert!(err.message.contains("YAML values"), "{}", err.message);
        assert_eq!(BYTES_PER_NODE, 20);
    }
}
