//! The text of one file as miette reads snippets from it, with a line index built once.
//!
//! miette's own `SourceCode` for strings scans from the start of the text to every span it
//! reads, so a file with many findings costs (findings × file size) to render. This source
//! finds the span's line in an index instead and hands miette's scan only the few lines around
//! it, then shifts the result back: the snippets are the same bytes, lines and columns as
//! miette's (tests below compare the two on every span of awkward texts).

use std::borrow::Cow;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// A named text with the start of every line, counted as miette counts them: after `\n`,
/// after `\r\n`, and after a `\r` not followed by `\n`.
pub struct IndexedSource<'a> {
    name: &'a str,
    text: Cow<'a, str>,
    line_starts: Vec<usize>,
}

impl<'a> IndexedSource<'a> {
    pub fn new(name: &'a str, text: impl Into<Cow<'a, str>>) -> Self {
        let text = text.into();
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => line_starts.push(i + 1),
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                    i += 1;
                    line_starts.push(i + 1);
                }
                b'\r' => line_starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        IndexedSource {
            name,
            text,
            line_starts,
        }
    }

    /// The text snippets are read from.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The index of the line holding byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1)
    }

    /// The index of the line holding byte `offset` (0 for the first line).
    pub fn line_index(&self, offset: usize) -> usize {
        self.line_of(offset)
    }

    /// Where line `index` starts, or `None` past the last line. A text ending in a line break
    /// has no line after it: miette shows none.
    pub fn line_start_of(&self, index: usize) -> Option<usize> {
        self.line_starts
            .get(index)
            .copied()
            .filter(|&start| start < self.text.len() || index == 0)
    }

    /// Line `index` without its line break (`\n`; the caller rules out `\r`).
    pub fn line_text(&self, index: usize) -> Option<&str> {
        let start = self.line_start_of(index)?;
        let end = self
            .line_starts
            .get(index + 1)
            .map_or(self.text.len(), |&next| next - 1);
        self.text.get(start..end)
    }

    /// The byte offset where the line holding byte `offset` starts.
    pub fn line_start(&self, offset: usize) -> usize {
        self.line_starts[self.line_of(offset)]
    }
}

impl std::fmt::Debug for IndexedSource<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IndexedSource")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

impl SourceCode for IndexedSource<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        // The line holding the span's start, then one line more than the context before it:
        // from a line start that far back, miette's scan sees the same lines it would have
        // seen from the start of the text, minus the lines before `base`.
        let line = self.line_of(span.offset());
        let base_line = line.saturating_sub(context_lines_before + 1);
        let base = self.line_starts[base_line];
        let local = SourceSpan::new(span.offset().saturating_sub(base).into(), span.len());
        let rest: &[u8] = &self.text.as_bytes()[base..];
        let inner = rest.read_span(&local, context_lines_before, context_lines_after)?;
        let shifted = SourceSpan::new((inner.span().offset() + base).into(), inner.span().len());
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            inner.data(),
            shifted,
            inner.line() + base_line,
            inner.column(),
            inner.line_count() + base_line,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use miette::NamedSource;

    /// Every field miette reads from a snippet.
    fn parts(contents: &dyn SpanContents<'_>) -> Parts {
        (
            contents.data().to_vec(),
            contents.span().offset(),
            contents.span().len(),
            contents.line(),
            contents.column(),
            contents.line_count(),
            contents.name().map(str::to_string),
        )
    }

    type Parts = (Vec<u8>, usize, usize, usize, usize, usize, Option<String>);

    /// What reading a span gives: the snippet's parts, an error, or a panic (miette's own
    /// reading panics on some spans past the end of the text; ours must then too, or at
    /// least not differ where miette answers).
    fn read(
        source: &dyn SourceCode,
        span: SourceSpan,
        before: usize,
        after: usize,
    ) -> Option<Result<Parts, ()>> {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            source
                .read_span(&span, before, after)
                .map(|c| parts(c.as_ref()))
                .map_err(|_| ())
        }))
        .ok()
    }

    fn assert_same_as_miette(text: &str) {
        let ours = IndexedSource::new("f.yaml", text);
        let theirs = NamedSource::new("f.yaml", text.to_string());
        for offset in 0..=text.len() + 1 {
            for len in [0, 1, 2, 5, 13] {
                for (before, after) in [(0, 0), (1, 1), (2, 3), (0, 2)] {
                    let span = SourceSpan::new(offset.into(), len);
                    let expected = read(&theirs, span, before, after);
                    if expected.is_none() {
                        continue;
                    }
                    assert_eq!(
                        read(&ours, span, before, after),
                        expected,
                        "span {offset}+{len}, context {before}/{after} in {text:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn snippets_match_miettes_own_reading() {
        for text in [
            "",
            "a",
            "key: value\n",
            "a: 1\nb: 2\nc: 3\nd: 4\ne: 5\nf: 6\n",
            "a: 1\r\nb: 2\r\nc: 3\r\nd: 4",
            "a: 1\rb: 2\rc: 3\r\rd",
            "\n\n\nx\n\n",
            "é: ü\n  - ß\n\r\n\rlast",
            "- type: question\n  text: Hi?\n  answers:\n    - label: Yes\n",
        ] {
            assert_same_as_miette(text);
        }
    }

    proptest::proptest! {
        #[test]
        fn snippets_match_miette_on_any_text(text in "[a\\r\\n: é]{0,40}") {
            assert_same_as_miette(&text);
        }
    }
}
