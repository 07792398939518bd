//! Source files and positions.
//!
//! Every position streamlint reports is a [`Span`]: 1-based line and column (columns count Unicode
//! characters, as the JSON contract says) plus byte offsets for the snippet renderer.

use std::fmt;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

/// Which file of a run a position is in. Files loaded on their own are `FileId(0)`; a run that
/// embeds flows gives every file it loads its own id (see [`crate::flows::Workspace`]), so a span
/// in an embedded flow never passes for a span of the stream that embeds it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// One place in a source file: 1-based line, 1-based column in characters, 0-based byte offset.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    pub file: FileId,
    pub line: u32,
    pub column: u32,
    /// `u32`: inputs are capped at 128 MiB ([`crate::input`]), and a span is 32 bytes instead
    /// of 48 (a large stream's model holds hundreds of thousands of them).
    pub offset: u32,
}

/// A range in a source file; `end` is exclusive.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: Pos,
    pub end: Pos,
}

impl Span {
    pub fn new(start: Pos, end: Pos) -> Self {
        Span { start, end }
    }

    /// An empty span at one position.
    pub fn at(pos: Pos) -> Self {
        Span {
            start: pos,
            end: pos,
        }
    }

    /// Length in bytes, for the snippet renderer.
    pub fn byte_len(&self) -> usize {
        self.end.offset.saturating_sub(self.start.offset) as usize
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.start.line, self.start.column)
    }
}

/// A value together with where it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

impl<T> std::ops::Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// A loaded source file: its name as reports show it, and its text.
///
/// The text and its line index are shared (`Arc`), so a parsed [`crate::parse::yaml::Document`]
/// can keep them and compute positions and scalar text on demand instead of storing copies.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as given on the command line (or `--stdin-filename`), with `/` separators.
    pub name: String,
    pub text: Arc<String>,
    /// The file's id in its run (`FileId(0)` unless loaded by a [`crate::flows::Workspace`]).
    pub id: FileId,
    index: Arc<LineIndex>,
}

/// Where lines start, and enough to count characters quickly: positions are computed from byte
/// offsets when asked for, so they need not be stored for every YAML node.
#[derive(Debug)]
pub struct LineIndex {
    /// Byte offset of the start of each line (inputs are capped at 128 MiB, so `u32` holds any).
    line_starts: Vec<u32>,
    /// `None` when the text is ASCII (a column is then a byte distance). Otherwise the number of
    /// characters before every [`CHAR_MARK_STRIDE`]-th byte, so counting the characters before
    /// an offset costs at most one stride, however long the line (a minified file is one line).
    char_marks: Option<Vec<u32>>,
    /// The line of the last position asked for: positions are mostly asked for in file order or
    /// again for the same node, so checking it first skips most binary searches.
    last_line: AtomicU32,
}

/// Bytes between two character-count marks: small enough that a column costs little to count,
/// large enough that the marks cost 0.1% of the text.
const CHAR_MARK_STRIDE: usize = 4096;

impl LineIndex {
    fn new(text: &str) -> Self {
        let mut line_starts = vec![0u32];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i as u32 + 1));
        // As many characters as bytes means ASCII. (`chars().count()` runs code compiled into
        // `core`, optimised even in a debug build, where `is_ascii` is not: tests time this.)
        let char_marks = (text.chars().count() != text.len()).then(|| {
            let mut marks = Vec::with_capacity(text.len() / CHAR_MARK_STRIDE + 1);
            let mut chars = 0u32;
            for block in text.as_bytes().chunks(CHAR_MARK_STRIDE) {
                marks.push(chars);
                chars += count_chars(block);
            }
            // The count before the end, for an offset at the end of a text whose length is a
            // multiple of the stride.
            marks.push(chars);
            marks
        });
        LineIndex {
            line_starts,
            char_marks,
            last_line: AtomicU32::new(0),
        }
    }

    /// Characters in `text[..offset]`.
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        match &self.char_marks {
            None => offset,
            Some(marks) => {
                let block = offset / CHAR_MARK_STRIDE;
                let from = block * CHAR_MARK_STRIDE;
                marks[block] as usize + count_chars(&text.as_bytes()[from..offset]) as usize
            }
        }
    }

    /// The span of bytes `start..end`: one line lookup when both are on one line (most spans).
    pub fn span(&self, text: &str, file: FileId, start: usize, end: usize) -> Span {
        let from = self.pos(text, file, start);
        let line_idx = from.line as usize - 1;
        let same_line = self
            .line_starts
            .get(line_idx + 1)
            .is_none_or(|&next| end < next as usize);
        if !same_line || end < start {
            return Span::new(from, self.pos(text, file, end));
        }
        let columns = match self.char_marks {
            None => end - start,
            Some(_) if end - start <= CHAR_MARK_STRIDE => {
                count_chars(&text.as_bytes()[start..end]) as usize
            }
            Some(_) => self.chars_before(text, end) - self.chars_before(text, start),
        };
        let to = Pos {
            file,
            line: from.line,
            column: from.column + columns as u32,
            offset: end as u32,
        };
        Span::new(from, to)
    }

    /// The 0-based line holding byte `offset`.
    fn line_of(&self, offset: u32) -> usize {
        let starts = &self.line_starts[..];
        let hint = self.last_line.load(Ordering::Relaxed) as usize;
        if hint < starts.len()
            && starts[hint] <= offset
            && (hint + 1 == starts.len() || offset < starts[hint + 1])
        {
            return hint;
        }
        let line = match starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        self.last_line.store(line as u32, Ordering::Relaxed);
        line
    }

    /// The position of a byte offset, which must be on a character boundary of `text`.
    pub fn pos(&self, text: &str, file: FileId, offset: usize) -> Pos {
        let line_idx = self.line_of(offset as u32);
        let start = self.line_starts[line_idx] as usize;
        let column = match self.char_marks {
            None => offset - start,
            Some(_) => self.chars_before(text, offset) - self.chars_before(text, start),
        } as u32
            + 1;
        Pos {
            file,
            line: line_idx as u32 + 1,
            column,
            offset: offset as u32,
        }
    }
}

/// Characters in a byte slice of UTF-8 text: the bytes that do not continue a character (valid
/// at any byte boundary, which the marks need).
fn count_chars(bytes: &[u8]) -> u32 {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count() as u32
}

impl SourceFile {
    /// A source file outside any run (file id 0).
    ///
    /// One definition of a line everywhere: a line ends at LF, CRLF or a lone CR (YAML 1.2's
    /// line breaks). A lone CR is stored as LF: the same single byte, so every offset stays
    /// valid, and every position (the parser's, the suppression scanner's, the report's) then
    /// counts lines alike.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self::with_id(FileId(0), name, text)
    }

    /// A source file with its run's id: every position in it carries that id.
    pub fn with_id(id: FileId, name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = lone_carriage_returns_as_line_feeds(text.into());
        let index = Arc::new(LineIndex::new(&text));
        SourceFile {
            name: name.into(),
            text: Arc::new(text),
            id,
            index,
        }
    }

    /// The shared line index, for positions computed later from offsets.
    pub fn line_index(&self) -> &Arc<LineIndex> {
        &self.index
    }

    /// The position of a 1-based line and a 0-based character column (the YAML parser's markers).
    pub fn pos_from_line_col(&self, line: usize, char_col: usize) -> Pos {
        let line = line.clamp(1, self.index.line_starts.len());
        let start = self.index.line_starts[line - 1] as usize;
        let rest = &self.text[start..];
        let offset = start
            + rest
                .char_indices()
                .nth(char_col)
                .map(|(i, _)| i)
                .unwrap_or(rest.len());
        Pos {
            file: self.id,
            line: line as u32,
            column: char_col as u32 + 1,
            offset: offset as u32,
        }
    }

    /// The position of a byte offset (clamped to the text and to a character boundary).
    pub fn pos_from_offset(&self, offset: usize) -> Pos {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        self.index.pos(&self.text, self.id, offset)
    }

    /// The span of the whole first line, used when nothing more precise exists.
    pub fn first_line(&self) -> Span {
        let end = self.text.find('\n').unwrap_or(self.text.len());
        Span::new(self.pos_from_offset(0), self.pos_from_offset(end))
    }

    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, line: u32) -> &str {
        let idx = (line as usize).saturating_sub(1);
        let Some(&start) = self.index.line_starts.get(idx) else {
            return "";
        };
        let start = start as usize;
        let end = self
            .index
            .line_starts
            .get(idx + 1)
            .map(|&e| e as usize - 1)
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches('\r')
    }

    pub fn line_count(&self) -> usize {
        self.index.line_starts.len()
    }
}

/// Replaces every CR not followed by LF with LF (byte for byte).
fn lone_carriage_returns_as_line_feeds(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let mut bytes = text.into_bytes();
    for i in 0..bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            bytes[i] = b'\n';
        }
    }
    // Replacing one ASCII byte by another keeps the text UTF-8.
    String::from_utf8(bytes).expect("ASCII for ASCII keeps UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lf_crlf_and_lone_cr_all_end_a_line() {
        let src = SourceFile::new("x", "a: 1\rb: 2\r\nc: 3\nd: 4");
        assert_eq!(src.line_count(), 4);
        assert_eq!(src.line_text(1), "a: 1");
        assert_eq!(src.line_text(2), "b: 2");
        assert_eq!(src.pos_from_offset(src.text.find('d').unwrap()).line, 4);
        assert_eq!(src.text.len(), "a: 1\rb: 2\r\nc: 3\nd: 4".len());
    }

    #[test]
    fn positions_count_characters_not_bytes() {
        let src = SourceFile::new("x", "a: é\nbé: ü\n");
        let p = src.pos_from_line_col(2, 4);
        assert_eq!((p.line, p.column), (2, 5));
        assert_eq!(&src.text[p.offset as usize..], "ü\n");
        let q = src.pos_from_offset(p.offset as usize);
        assert_eq!(q, p);
    }

    #[test]
    fn columns_past_many_character_marks_count_characters() {
        // Over three marks of two-byte characters on one line, then a second line.
        let line = "é".repeat(3 * CHAR_MARK_STRIDE);
        let text = format!("{line}x\nüy\n");
        let src = SourceFile::new("x", text.as_str());
        let x = text.find('x').unwrap();
        let p = src.pos_from_offset(x);
        assert_eq!((p.line, p.column), (1, 3 * CHAR_MARK_STRIDE as u32 + 1));
        let y = text.find('y').unwrap();
        let q = src.pos_from_offset(y);
        assert_eq!((q.line, q.column), (2, 2));
        assert_eq!(src.pos_from_line_col(1, 3 * CHAR_MARK_STRIDE), p);
    }
}
