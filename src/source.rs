//! Source files and positions.
//!
//! Every position streamlint reports is a [`Span`]: 1-based line and column (columns count Unicode
//! characters, as the JSON contract says) plus byte offsets for the snippet renderer.

use std::fmt;

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
    pub offset: usize,
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
        self.end.offset.saturating_sub(self.start.offset)
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
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as given on the command line (or `--stdin-filename`), with `/` separators.
    pub name: String,
    pub text: String,
    /// The file's id in its run (`FileId(0)` unless loaded by a [`crate::flows::Workspace`]).
    pub id: FileId,
    /// Byte offset of the start of each line.
    line_starts: Vec<usize>,
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
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceFile {
            name: name.into(),
            text,
            id,
            line_starts,
        }
    }

    /// The position of a 1-based line and a 0-based character column (the YAML parser's markers).
    pub fn pos_from_line_col(&self, line: usize, char_col: usize) -> Pos {
        let line = line.clamp(1, self.line_starts.len());
        let start = self.line_starts[line - 1];
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
            offset,
        }
    }

    /// The position of a byte offset (clamped to the text and to a character boundary).
    pub fn pos_from_offset(&self, offset: usize) -> Pos {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line_idx = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line_idx];
        let column = self.text[start..offset].chars().count() as u32 + 1;
        Pos {
            file: self.id,
            line: line_idx as u32 + 1,
            column,
            offset,
        }
    }

    /// The span of the whole first line, used when nothing more precise exists.
    pub fn first_line(&self) -> Span {
        let end = self.text.find('\n').unwrap_or(self.text.len());
        Span::new(self.pos_from_offset(0), self.pos_from_offset(end))
    }

    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, line: u32) -> &str {
        let idx = (line as usize).saturating_sub(1);
        let Some(&start) = self.line_starts.get(idx) else {
            return "";
        };
        let end = self
            .line_starts
            .get(idx + 1)
            .map(|e| e - 1)
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches('\r')
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
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
        assert_eq!(&src.text[p.offset..], "ü\n");
        let q = src.pos_from_offset(p.offset);
        assert_eq!(q, p);
    }
}
