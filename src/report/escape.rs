//! Control characters in user text, shown escaped in every format, as rustc does: a stream
//! that holds `"\e]0;title\a"` or a key with a newline in it must not reach a terminal or a CI
//! log as raw bytes (retitling the terminal, forging `FILE:LINE:COL: error[...]` lines). What the
//! user wrote is still shown, in the escaped form Rust uses: `\n`, `\r`, `\t`, `\u{1b}`.
//!
//! Escaped: every Unicode control character (C0, DEL, C1) and the bidirectional formatting
//! characters that can reorder what a reader sees ("Trojan Source"). Nothing else changes, so
//! escaping twice is escaping once.

use std::borrow::Cow;

use crate::check::{CheckResult, FileResult};

/// Would this character be escaped?
pub fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every control and bidirectional formatting character escaped.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn escape_in_place(text: &mut String) {
    if let Cow::Owned(escaped) = escape(text) {
        *text = escaped;
    }
}

/// Escapes the user text of one file's findings: its name (unless `names` is false: SARIF
/// percent-encodes names into URIs, which must name the real file), and each finding's message,
/// label, help, related messages and path. The file's text is left as it is (positions point
/// into it).
pub fn file(file: &mut FileResult, names: bool) {
    if names {
        if let Cow::Owned(escaped) = escape(&file.source.name) {
            // The source is shared with the run's file table: only a name that needs escaping
            // gets a copy of its own.
            std::sync::Arc::make_mut(&mut file.source).name = escaped;
        }
    }
    for f in &mut file.findings {
        escape_in_place(&mut f.message);
        for text in f.help.iter_mut().chain(f.label.iter_mut()) {
            escape_in_place(text);
        }
        for l in &mut f.related {
            escape_in_place(&mut l.message);
        }
        if let Some(card) = &mut f.card {
            escape_in_place(card);
        }
        for step in f.path.iter_mut().flatten() {
            escape_in_place(step);
        }
    }
}

/// [`file`] for every file of a result, and the names of paths that could not be checked.
pub fn result(result: &mut CheckResult, names: bool) {
    for f in &mut result.files {
        file(f, names);
    }
    for e in &mut result.path_errors {
        escape_in_place(&mut e.path);
        escape_in_place(&mut e.message);
    }
}

/// A whole rendered report (simulate's), where the only escape sequences streamlint itself
/// writes are colours (`ESC [ digits ; ... m`) when colour is on: those stay, every other
/// control character is escaped; line breaks and tabs of the layout stay too.
pub fn report_text(text: &str, keep_colours: bool) -> Cow<'_, str> {
    let is_layout = |c: char| c == '\n' || c == '\t';
    if !text.chars().any(|c| needs_escape(c) && !is_layout(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if keep_colours && c == '\u{1b}' {
            let sgr_len = sgr_length(rest);
            if sgr_len > 0 {
                out.push_str(&rest[..sgr_len]);
                rest = &rest[sgr_len..];
                continue;
            }
        }
        if is_layout(c) {
            out.push(c);
        } else {
            out.push_str(&escape(&rest[..c.len_utf8()]));
        }
        rest = &rest[c.len_utf8()..];
    }
    Cow::Owned(out)
}

/// The length of a colour sequence `ESC [ (digits | ;)* m` at the start of `text`, or 0.
fn sgr_length(text: &str) -> usize {
    let bytes = text.as_bytes();
    if !text.starts_with("\u{1b}[") {
        return 0;
    }
    let mut i = 2;
    while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b';') {
        i += 1;
    }
    if i < bytes.len() && bytes[i] == b'm' {
        i + 1
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_escaped_like_rust_and_nothing_else() {
        assert_eq!(escape("plain é ✓"), "plain é ✓");
        assert_eq!(
            escape("a\u{1b}]0;x\u{7}b\nc\u{202e}"),
            "a\\u{1b}]0;x\\u{7}b\\nc\\u{202e}"
        );
        let once = escape("x\ty\r").into_owned();
        assert_eq!(once, "x\\ty\\r");
        assert_eq!(escape(&once), once);
    }

    #[test]
    fn report_text_keeps_colours_and_layout_only() {
        let text = "\u{1b}[1;31mred\u{1b}[0m\n\tuser \u{1b}]0;t\u{7}";
        assert_eq!(
            report_text(text, true),
            "\u{1b}[1;31mred\u{1b}[0m\n\tuser \\u{1b}]0;t\\u{7}"
        );
        assert_eq!(report_text("\u{1b}[1mx", false), "\\u{1b}[1mx");
    }
}
