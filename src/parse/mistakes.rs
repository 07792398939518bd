//! YAML mistakes in the words of a stream, at the line where they are, with the fix.
//!
//! The YAML parser says what confused it ("mapping values are not allowed in this context") and
//! where it noticed, which is often the line after the mistake. People writing streams by hand
//! make a handful of mistakes over and over: a `: ` inside a text, a quote left open, a line
//! indented one space off, a tab, a field written twice, a missing `- `. This module recognises
//! those shapes by reading the lines around the parser's position (the parser's message only
//! narrows the family), and says what happened and what to change, without YAML's vocabulary.
//! A shape it does not recognise still gets a plain message and general advice.
//!
//! The corpus in `fixtures/mistakes/` (one file per mistake) and `tests/mistakes.rs` hold every
//! shape recognised here to one finding at the right line.

use crate::finding::Finding;
use crate::parse::reader::Reader;
use crate::parse::yaml::{NodeId, Value, YamlError};

use crate::source::{SourceFile, Span};

/// Field names of stream, roster and visitors files: a line starting with one of them and no
/// `:` is a forgotten colon rather than a stray line of text.
const KNOWN_FIELDS: &[&str] = &[
    "stream",
    "kind",
    "priority",
    "target",
    "include",
    "exclude",
    "cards",
    "type",
    "id",
    "note",
    "text",
    "poke",
    "answers",
    "label",
    "value",
    "attribute",
    "fields",
    "input",
    "prompt",
    "choices",
    "if_known",
    "route",
    "store_agent_in",
    "branches",
    "when",
    "otherwise",
    "name",
    "score",
    "set",
    "url",
    "follow_ups",
    "fallback",
    "flow",
    "agent",
    "team",
    "rules",
    "agents",
    "teams",
    "members",
    "accounts",
    "schedule",
    "timezone",
    "status",
    "capacity",
    "message",
    "round_robin",
    "visitors",
    "answers",
    "fills",
    "expect",
    "attributes",
    "all",
    "any",
    "not",
    "is",
    "is_not",
    "contains",
    "greater_than",
    "less_than",
    "at_least",
    "at_most",
    "is_empty",
];

/// Fields whose value is a text: a `[` or `{` at the start of one is a mistake, not a list.
const TEXT_FIELDS: &[&str] = &[
    "stream", "text", "label", "value", "prompt", "name", "fallback", "message", "note",
];

/// What was understood of a mistake.
struct Explained {
    span: Span,
    message: String,
    label: String,
    help: String,
}

/// The `syntax` finding for a YAML error: recognised mistakes in plain words, the rest with
/// general advice. Never uses the parser's vocabulary.
pub fn finding(src: &SourceFile, error: &YamlError) -> Finding {
    let lines = Lines { src };
    let explained = explain(&lines, error).unwrap_or_else(|| Explained {
        span: error.span,
        message: "streamlint cannot read the file from here: the line above or this one is not \
                  written as `field: value` lines"
            .into(),
        label: "noticed here".into(),
        help: "compare these lines with the ones around them: each field is `name: value` with \
               a space after the `:`, each card or answer starts with `- `, lines inside a card \
               line up with its first field, indentation is spaces only, and a text that \
               contains `: ` or ` #` or starts with a symbol goes in quotes"
            .into(),
    });
    let mut finding = Finding::new(&super::syntax_rule::RULE, explained.span, explained.message)
        .label(explained.label)
        .help(explained.help);
    if let Some((span, _)) = error.related.as_deref() {
        if error.message.starts_with("duplicate key") {
            finding = finding.related(*span, "first written here");
        }
    }
    finding
}

/// The file's lines, 1-based, with the helpers the recognisers share.
struct Lines<'a> {
    src: &'a SourceFile,
}

/// A line read as `[- ]key: value`.
#[derive(Debug, Clone, Copy)]
struct KeyLine<'a> {
    /// 0-based character column of the key.
    key_col: usize,
    key: &'a str,
    /// True when the key follows `- ` (it starts a list item).
    item: bool,
    /// 0-based character column where the value starts (after `: `); the line's length when
    /// there is no value.
    value_col: usize,
    value: &'a str,
}

impl<'a> Lines<'a> {
    fn text(&self, line: u32) -> &'a str {
        if line == 0 || line as usize > self.src.line_count() {
            return "";
        }
        self.src.line_text(line)
    }

    fn is_blank_or_comment(&self, line: u32) -> bool {
        let t = self.text(line).trim();
        t.is_empty() || t.starts_with('#')
    }

    /// The nearest line above `line` with content.
    fn previous(&self, line: u32) -> Option<u32> {
        (1..line).rev().find(|&l| !self.is_blank_or_comment(l))
    }

    /// A span over characters `from..to` (0-based, clamped) of `line`.
    fn span(&self, line: u32, from: usize, to: usize) -> Span {
        let len = self.text(line).chars().count();
        let from = from.min(len);
        let to = to.clamp(from, len.max(from));
        Span::new(
            self.src.pos_from_line_col(line as usize, from),
            self.src.pos_from_line_col(line as usize, to),
        )
    }

    /// The span of a whole line's content (indentation excluded).
    fn content_span(&self, line: u32) -> Span {
        let text = self.text(line);
        self.span(line, indent(text), text.trim_end().chars().count())
    }

    fn key_line(&self, line: u32) -> Option<KeyLine<'a>> {
        key_line(self.text(line))
    }
}

/// Leading spaces, in characters.
fn indent(text: &str) -> usize {
    text.chars().take_while(|c| *c == ' ').count()
}

fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

fn key_line(text: &str) -> Option<KeyLine<'_>> {
    let mut col = indent(text);
    let mut rest = &text[col..];
    let mut item = false;
    if let Some(after) = rest.strip_prefix("- ") {
        let spaces = after.len() - after.trim_start_matches(' ').len();
        col += 2 + spaces;
        rest = &after[spaces..];
        item = true;
    }
    let key_len = rest.chars().take_while(|c| is_key_char(*c)).count();
    if key_len == 0 {
        return None;
    }
    let after_key = &rest[key_len..];
    let value_part = after_key.strip_prefix(':')?;
    if !(value_part.is_empty() || value_part.starts_with([' ', '\t'])) {
        return None;
    }
    let spaces = value_part.len() - value_part.trim_start().len();
    let value = value_part.trim();
    Some(KeyLine {
        key_col: col,
        key: &rest[..key_len],
        item,
        value_col: col + key_len + 1 + spaces,
        value,
    })
}

/// What a list item is, by the field it starts with.
fn item_word(first_key: &str) -> &'static str {
    match first_key {
        "type" => "card",
        "label" => "answer",
        "attribute" => "field",
        "when" => "branch",
        "id" => "entry",
        _ => "item",
    }
}

/// How a value is called in messages, by its field.
fn value_word(key: &str) -> String {
    match key {
        "text" | "prompt" | "fallback" | "message" => format!("this {key}"),
        "label" => "this answer label".into(),
        "stream" => "the stream's name".into(),
        _ => format!("this `{key}` value"),
    }
}

fn line_with(indent_to: usize, key_line: &str) -> String {
    format!("{}{}", " ".repeat(indent_to), key_line.trim_start())
}

/// `key: "value"`, as written on its line, with the value quoted the safe way.
fn quoted_line(text: &str, kl: &KeyLine) -> String {
    let head: String = text.chars().take(kl.value_col).collect();
    format!("{}{}", head.trim_start(), quote(kl.value))
}

/// The value in double quotes, or in single quotes when it holds double quotes.
fn quote(value: &str) -> String {
    if value.contains('"') {
        format!("'{}'", value.replace('\'', "''"))
    } else {
        format!("\"{}\"", value.replace('\\', "\\\\"))
    }
}

fn explain(lines: &Lines, error: &YamlError) -> Option<Explained> {
    let message = error.message.as_str();
    let line = error.span.start.line;
    let col = error.span.start.column.saturating_sub(1) as usize;
    if message.starts_with("duplicate key") {
        return duplicate_key(lines, error);
    }
    if let Some(explained) = own_messages(error) {
        return Some(explained);
    }
    tab(lines, line)
        .or_else(|| unclosed_quote(lines, message, line, col))
        .or_else(|| after_closing_quote(lines, message, line, col))
        .or_else(|| unclosed_bracket(lines, line))
        .or_else(|| starts_with_symbol(lines, line))
        .or_else(|| colon_in_value(lines, line, col))
        .or_else(|| dash_without_space(lines, line))
        .or_else(|| line_without_colon(lines, message, line))
        .or_else(|| misaligned_item(lines, line))
        .or_else(|| misaligned_key(lines, line))
}

/// streamlint's own refusals, said without YAML's words.
fn own_messages(error: &YamlError) -> Option<Explained> {
    let message = error.message.as_str();
    let (message, help) = if message.starts_with("a second YAML document") {
        (
            // Not "stream": a roster or a config is read here too.
            "a second `---` starts another part of this file; streamlint reads a file as one \
             whole"
                .into(),
            "remove the `---` line, or move what follows it to a file of its own".into(),
        )
    } else if message.contains("nests") {
        (
            "the file nests too deeply (more than 256 levels); streamlint refuses it".into(),
            "a real stream nests a few levels per question; this file was probably generated \
             by mistake"
                .into(),
        )
    } else if message.starts_with("the control character") {
        // Already in plain words, with the fix (the YAML reader's own check).
        (
            message.to_string(),
            "remove the character, or write it as the escape the message shows".into(),
        )
    } else if message.starts_with("the document holds more than") {
        (
            message.to_string(),
            "a real stream holds far fewer values; this file was probably generated by mistake"
                .into(),
        )
    } else if message.contains("recursive alias") {
        (
            "this `*name` refers to the part of the file that contains it, which would repeat \
             forever"
                .into(),
            "refer to a part marked with `&name` elsewhere in the file, outside this one".into(),
        )
    } else {
        return None;
    };
    Some(Explained {
        span: error.span,
        message,
        label: "here".into(),
        help,
    })
}

/// A tab in a line's indentation. The parser notices it a line early, and editors draw it as
/// spaces, so the finding points at the tab itself.
fn tab(lines: &Lines, line: u32) -> Option<Explained> {
    let found = (line.saturating_sub(1).max(1)..=line + 1).find(|&l| {
        let text = lines.text(l);
        let lead = text.len() - text.trim_start().len();
        text[..lead].contains('\t')
    })?;
    let text = lines.text(found);
    let lead: Vec<char> = text.chars().take_while(|c| c.is_whitespace()).collect();
    let first_tab = lead.iter().position(|c| *c == '\t').unwrap_or(0);
    let tabs = lead[first_tab..].iter().take_while(|c| **c == '\t').count();
    Some(Explained {
        span: lines.span(found, first_tab, first_tab + tabs),
        message: format!(
            "line {found} is indented with a tab; stream files are indented with spaces only"
        ),
        label: if tabs == 1 {
            "a tab (shown as →)".into()
        } else {
            format!("{tabs} tabs (shown as →)")
        },
        help: "replace the tab with spaces, so this line starts where the lines it belongs with \
               start (set your editor to insert spaces for the Tab key)"
            .into(),
    })
}

fn unclosed_quote(lines: &Lines, message: &str, line: u32, col: usize) -> Option<Explained> {
    if !message.contains("quoted scalar")
        || !(message.contains("indentation") || message.contains("end of stream"))
    {
        return None;
    }
    let text = lines.text(line);
    let quote_char = text.chars().nth(col).filter(|c| *c == '"' || *c == '\'')?;
    let end = text.trim_end().chars().count();
    let fixed = format!("`{}{quote_char}`", text.trim());
    Some(Explained {
        span: lines.span(line, col, end),
        message: format!("this text opens a quote (`{quote_char}`) that is never closed"),
        label: "the quote opens here".into(),
        help: format!("add the closing `{quote_char}` at the end of the text: {fixed}"),
    })
}

/// Something after a closing quote: an apostrophe inside single quotes, quotes inside double
/// quotes, or text after the quoted part.
fn after_closing_quote(lines: &Lines, message: &str, line: u32, col: usize) -> Option<Explained> {
    if !message.contains("trailing content after") {
        return None;
    }
    let text = lines.text(line);
    let kl = lines.key_line(line)?;
    let chars: Vec<char> = text.chars().collect();
    let quote_char = *chars.get(kl.value_col)?;
    if quote_char != '"' && quote_char != '\'' {
        return None;
    }
    let _ = col; // the parser points past the quote; find the quote that closed the text
    let mut closing = None;
    let mut i = kl.value_col + 1;
    while i < chars.len() {
        if chars[i] == quote_char {
            if quote_char == '\'' && chars.get(i + 1) == Some(&'\'') {
                i += 2;
                continue;
            }
            closing = Some(i);
            break;
        }
        if quote_char == '"' && chars[i] == '\\' {
            i += 1;
        }
        i += 1;
    }
    let closing = closing?;
    let col = closing + 1;
    let before = closing.checked_sub(1).and_then(|i| chars.get(i)).copied();
    let after = chars.get(col).copied();
    let what = value_word(kl.key);
    let span = lines.span(line, kl.value_col, text.trim_end().chars().count());
    let inner: String = chars[kl.value_col + 1..].iter().collect::<String>();
    let inner = inner.trim_end();
    if quote_char == '\''
        && before.is_some_and(char::is_alphabetic)
        && after.is_some_and(char::is_alphabetic)
    {
        let whole = inner.strip_suffix('\'').unwrap_or(inner);
        let word_start = chars[..closing]
            .iter()
            .rposition(|c| !c.is_alphanumeric())
            .map_or(0, |i| i + 1);
        let word_end = chars[col..]
            .iter()
            .position(|c| !c.is_alphanumeric())
            .map_or(chars.len(), |i| col + i);
        let word: String = chars[word_start..word_end].iter().collect();
        let head: String = chars[..kl.value_col].iter().collect();
        return Some(Explained {
            span,
            message: format!(
                "the apostrophe in `{word}` closes the quotes around {what} too early"
            ),
            label: "the text ends here for YAML".into(),
            help: format!(
                "put the text in double quotes instead: `{}\"{}\"` (or write the apostrophe \
                 twice: `{}`)",
                head.trim_start(),
                whole,
                word.replace('\'', "''")
            ),
        });
    }
    let rest: String = chars[col..].iter().collect();
    let head: String = chars[..kl.value_col].iter().collect();
    if quote_char == '"' && rest.contains('"') {
        let whole = inner.strip_suffix('"').unwrap_or(inner);
        return Some(Explained {
            span,
            message: format!("{what} has quotes inside quotes: its second `\"` closes it early"),
            label: "the text ends early here for YAML".into(),
            help: format!(
                "put the text in single quotes instead: `{}'{}'` (or write each inner quote as \
                 `\\\"`)",
                head.trim_start(),
                whole.replace('\'', "''")
            ),
        });
    }
    let quoted: String = chars[kl.value_col + 1..closing].iter().collect();
    let whole = format!("{quoted}{}", rest.trim_end());
    Some(Explained {
        span,
        message: format!("{what} goes on after its closing quote (`{quote_char}`)"),
        label: "the text ends here for YAML".into(),
        help: format!(
            "put the whole text inside the quotes: `{}{}`",
            head.trim_start(),
            quote(whole.trim())
        ),
    })
}

/// A `[` or `{` opened on this line or a few lines above and never closed.
fn unclosed_bracket(lines: &Lines, line: u32) -> Option<Explained> {
    (line.saturating_sub(3).max(1)..=line).rev().find_map(|l| {
        let kl = lines.key_line(l)?;
        let open = kl.value.chars().next().filter(|c| *c == '[' || *c == '{')?;
        let close = if open == '[' { ']' } else { '}' };
        let (mut depth, mut quoted) = (0i32, None::<char>);
        for c in kl.value.chars() {
            match (quoted, c) {
                (Some(q), c) if c == q => quoted = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quoted = Some(c),
                (None, '[' | '{') => depth += 1,
                (None, ']' | '}') => depth -= 1,
                _ => {}
            }
        }
        if depth <= 0 || kl.value.starts_with("{{") {
            return None;
        }
        Some(Explained {
            span: lines.span(l, kl.value_col, kl.value_col + 1),
            message: format!("this `{open}` is never closed"),
            label: "opened here".into(),
            help: format!("add `{close}` at the end of the line, after the last entry"),
        })
    })
}

/// A value starting with a character YAML reads as something else.
fn starts_with_symbol(lines: &Lines, line: u32) -> Option<Explained> {
    let kl = lines.key_line(line)?;
    let first = kl.value.chars().next()?;
    // `[...]` and `{...}` are real lists and groups under other fields (`include`, `is`, `route`).
    if matches!(first, '[' | '{') && !TEXT_FIELDS.contains(&kl.key) {
        return None;
    }
    let why = match first {
        '{' if kl.value.starts_with("{{") => {
            "which YAML reads as the start of a group of fields, even in a `{{...}}` token"
        }
        '{' => "which YAML reads as the start of a group of fields",
        '[' => "which YAML reads as the start of a list",
        '*' => "which YAML reads as a reference to a part of the file marked with `&`",
        '&' | '!' => "which YAML reads as a marker, not as text",
        '@' | '`' | '%' => "which YAML does not allow at the start of a value",
        _ => return None,
    };
    let symbol = if first == '`' {
        "a backtick".to_string()
    } else {
        format!("`{first}`")
    };
    let text = lines.text(line);
    Some(Explained {
        span: lines.span(line, kl.value_col, text.trim_end().chars().count()),
        message: format!("{} starts with {symbol}, {why}", value_word(kl.key)),
        label: "this needs quotes".into(),
        help: format!("put the text in quotes: `{}`", quoted_line(text, &kl)),
    })
}

/// `text: Book a meeting: today?`: a `: ` (or a final `:`) inside a value.
fn colon_in_value(lines: &Lines, line: u32, col: usize) -> Option<Explained> {
    let kl = lines.key_line(line)?;
    if col < kl.value_col || kl.value.is_empty() || kl.value.starts_with(['"', '\'']) {
        return None;
    }
    let what = value_word(kl.key);
    let (message, at) = if let Some(i) = kl.value.find(": ") {
        (
            format!("{what} contains `: `, which YAML reads as the start of a new field"),
            i,
        )
    } else if kl.value.ends_with(':') {
        (
            format!("{what} ends with `:`, which YAML reads as the start of a new field"),
            kl.value.len() - 1,
        )
    } else {
        return None;
    };
    let at = kl.value_col + kl.value[..at].chars().count();
    let text = lines.text(line);
    Some(Explained {
        span: lines.span(line, at, at + 1),
        message,
        label: "this `:`".into(),
        help: format!("put the text in quotes: `{}`", quoted_line(text, &kl)),
    })
}

/// `-label: Not now`: a dash glued to what follows.
fn dash_without_space(lines: &Lines, line: u32) -> Option<Explained> {
    [Some(line), lines.previous(line)]
        .into_iter()
        .flatten()
        .find_map(|l| {
            let text = lines.text(l);
            let col = indent(text);
            let rest = &text[col..];
            let after = rest.strip_prefix('-')?;
            if !after.starts_with(|c: char| c.is_ascii_alphabetic()) {
                return None;
            }
            let kl = key_line(after)?;
            let word = item_word(kl.key);
            Some(Explained {
                span: lines.span(l, col, col + 1),
                message: format!(
                    "a space is missing after this `-`, so it does not start a new {word}"
                ),
                label: "add a space after it".into(),
                help: format!("write `- {}`", after.trim_end()),
            })
        })
}

/// The parser wanted a `:` and noticed on the next line: a key without `: ` (`text:Hi`,
/// `text Hi`, `text = Hi`), or a line of text that is not inside any field.
fn line_without_colon(lines: &Lines, message: &str, line: u32) -> Option<Explained> {
    // "expected ':'" is the parser's word for these; a forgotten `:` after a field name also
    // shows up as other complaints on the next line, so that case is looked for regardless,
    // but only on a line that cannot be the continuation of a text above it.
    let wants_colon = message.contains("expect") && message.contains("':'");
    let candidates = [lines.previous(line), Some(line)];
    candidates.into_iter().flatten().find_map(|l| {
        let text = lines.text(l);
        let col = indent(text);
        let content = text[col..].trim_end();
        let content = content.strip_prefix("- ").unwrap_or(content);
        let col = col + (text[col..].len() - text[col..].trim_start_matches("- ").len());
        let word_len = content.chars().take_while(|c| is_key_char(*c)).count();
        let word = &content[..word_len];
        let after = &content[word_len..];
        if wants_colon
            && word_len > 0
            && after.starts_with(':')
            && !after.starts_with(": ")
            && after.len() > 1
        {
            return Some(Explained {
                span: lines.span(l, col + word_len, col + word_len + 1),
                message: format!("a space is missing after `{word}:`"),
                label: "add a space after this `:`".into(),
                help: format!("write `{word}: {}`", after[1..].trim()),
            });
        }
        if wants_colon && word_len > 0 && after.trim_start().starts_with('=') {
            let value = after.trim_start()[1..].trim();
            return Some(Explained {
                span: lines.span(l, col, col + content.chars().count()),
                message: format!("`{word}` is followed by `=`; fields are written `{word}: value`"),
                label: "use `:` here".into(),
                help: format!("write `{word}: {value}`"),
            });
        }
        let continues_above = lines
            .previous(l)
            .is_some_and(|p| indent(lines.text(p)) < indent(text));
        if KNOWN_FIELDS.contains(&word)
            && after.starts_with(' ')
            && !content.contains(':')
            && (wants_colon || !continues_above)
        {
            return Some(Explained {
                span: lines.span(l, col, col + word_len),
                message: format!("`{word}` is not followed by `:`"),
                label: "add `:` after this".into(),
                help: format!("write `{word}: {}`", after.trim()),
            });
        }
        if wants_colon && l != line && !content.contains(": ") {
            let above = lines
                .previous(l)
                .and_then(|p| lines.key_line(p).map(|kl| (p, kl)));
            let help = match above {
                Some((p, kl)) if !kl.value.is_empty() => format!(
                    "if it continues the {} on line {p}, indent it further than `{}` (more \
                     than {} spaces), or join the two lines",
                    value_word(kl.key).trim_start_matches("this "),
                    kl.key,
                    kl.key_col
                ),
                _ => "write it as `field: value`, or remove it".into(),
            };
            let message = match above {
                Some((p, kl)) if !kl.value.is_empty() => format!(
                    "this line is indented less than the {} it seems to continue (line {p})",
                    value_word(kl.key).trim_start_matches("this ")
                ),
                _ => "this line is not a `field: value` line and is not indented under one".into(),
            };
            return Some(Explained {
                span: lines.content_span(l),
                message,
                label: "not inside any field".into(),
                help,
            });
        }
        None
    })
}

/// A list item (`- ...`) that does not line up with the item before it.
fn misaligned_item(lines: &Lines, line: u32) -> Option<Explained> {
    let kl = lines.key_line(line).filter(|kl| kl.item)?;
    let dash = indent(lines.text(line));
    let word = item_word(kl.key);
    // The item before it of the same kind: the nearest `- KEY:` line above.
    let (sibling, sibling_dash) = (1..line).rev().find_map(|l| {
        lines.key_line(l).filter(|o| o.item && o.key == kl.key)?;
        Some((l, indent(lines.text(l))))
    })?;
    if sibling_dash == dash {
        return None;
    }
    let direction = if dash > sibling_dash { "right" } else { "left" };
    let n = dash.abs_diff(sibling_dash);
    Some(Explained {
        span: lines.span(line, dash, dash + 1),
        message: format!(
            "this {word} starts {n} space{} further {direction} than the {word} before it (line \
             {sibling})",
            if n == 1 { "" } else { "s" }
        ),
        label: format!("this `-` should line up with line {sibling}'s"),
        help: format!(
            "move this {word} (and its other lines with it) {n} space{} to the {}, so its `-` \
             is under the `-` on line {sibling}",
            if n == 1 { "" } else { "s" },
            if direction == "right" {
                "left"
            } else {
                "right"
            }
        ),
    })
}

/// A field (`key: value`) indented differently from the fields around it.
fn misaligned_key(lines: &Lines, line: u32) -> Option<Explained> {
    // The parser notices on the misaligned line itself, or one line later.
    [Some(line), lines.previous(line)]
        .into_iter()
        .flatten()
        .find_map(|l| {
            let kl = lines.key_line(l).filter(|kl| !kl.item)?;
            let above = lines.previous(l)?;
            let up = lines.key_line(above)?;
            if up.key_col == kl.key_col || (up.value.is_empty() && kl.key_col > up.key_col) {
                return None;
            }
            let text = lines.text(l);
            let (n, direction) = (kl.key_col.abs_diff(up.key_col), kl.key_col > up.key_col);
            let reads_as = if direction && !up.value.is_empty() {
                format!(
                    ", so YAML reads it as part of {}",
                    value_word(up.key).replace("this ", "the ")
                )
            } else {
                String::new()
            };
            Some(Explained {
                span: lines.span(l, kl.key_col, kl.key_col + kl.key.chars().count()),
                message: format!(
                    "`{}` is indented {n} space{} {} than `{}` on the line above{reads_as}",
                    kl.key,
                    if n == 1 { "" } else { "s" },
                    if direction { "more" } else { "less" },
                    up.key
                ),
                label: format!("line this up with `{}`", up.key),
                help: format!(
                    "indent it like `{}` ({} spaces): `{}`",
                    up.key,
                    up.key_col,
                    line_with(up.key_col, text).trim_end()
                ),
            })
        })
}

/// A field written twice in one card, answer or field; or a missing `- ` that glued a new
/// answer to the one before it.
fn duplicate_key(lines: &Lines, error: &YamlError) -> Option<Explained> {
    let key = error.message.split('`').nth(1)?;
    let (first, _) = error.related.as_deref()?;
    let (first_line, second_line) = (first.start.line, error.span.start.line);
    let first_kl = lines.key_line(first_line)?;
    let second_kl = lines.key_line(second_line)?;
    if first_kl.item && !second_kl.item && first_kl.key_col == second_kl.key_col {
        let word = item_word(key);
        let dash = indent(lines.text(first_line));
        let text = lines.text(second_line);
        return Some(Explained {
            span: error.span,
            message: format!(
                "this looks like a new {word}, but it has no `- ` in front, so it is read as part \
                 of the {word} above (line {first_line})"
            ),
            label: "`- ` missing".into(),
            help: format!(
                "start it with `- `, lined up with the `-` on line {first_line}: `{}- {}`",
                " ".repeat(dash),
                text.trim()
            ),
        });
    }
    // Which item holds the two keys: going up from the first one, the `- ` line whose first key
    // lines up with it; a line further left means the keys are not in a list item.
    let target = first_kl.key_col;
    let word = (1..=first_line)
        .rev()
        .filter(|&l| !lines.is_blank_or_comment(l))
        .find_map(|l| match lines.key_line(l) {
            Some(kl) if kl.key_col < target => Some(None),
            Some(kl) if kl.item && kl.key_col == target => Some(Some(item_word(kl.key))),
            Some(_) => None,
            None if indent(lines.text(l)) < target => Some(None),
            None => None,
        })
        .flatten()
        .unwrap_or(if target == 0 {
            "file"
        } else {
            "group of fields"
        });
    let word = if word == "item" { "list entry" } else { word };
    Some(Explained {
        span: error.span,
        message: format!(
            "`{key}` is written twice in the same {word} (first on line {first_line})"
        ),
        label: "written again here".into(),
        help: format!(
            "keep one `{key}`: delete the other line, or merge the two{}",
            if key == "text" {
                " (for two messages, use two message cards)"
            } else {
                ""
            }
        ),
    })
}

/// The keys of a mapping node (through aliases), with their spans; empty for anything else.
fn keys_of<'d>(r: &Reader<'d>, id: NodeId) -> Vec<(&'d str, Span)> {
    match &r.doc.value(r.doc.resolve(id)) {
        Value::Map(entries) => entries
            .iter()
            .filter_map(|(k, _)| Some((r.scalar_text(k)?, r.span(k))))
            .collect(),
        _ => Vec::new(),
    }
}

/// A card written in a list of answers (it has `type` and no `label`): indented one level too
/// little, it is read as an answer. One finding says so, instead of "missing `label`" and an
/// "unknown field" per line of the card.
pub fn card_among_answers(r: &Reader, answers: &[NodeId], index: usize) -> Option<Finding> {
    let keys = keys_of(r, answers[index]);
    let (_, type_span) = *keys.iter().find(|(k, _)| *k == "type")?;
    if keys.iter().any(|(k, _)| *k == "label") {
        return None;
    }
    let before = index
        .checked_sub(1)
        .map(|i| keys_of(r, answers[i]))
        .unwrap_or_default();
    let label = before.iter().find(|(k, _)| *k == "label").and_then(|_| {
        match &r.doc.value(r.doc.resolve(answers[index - 1])) {
            Value::Map(entries) => entries.iter().find_map(|(k, v)| {
                (r.scalar_text(k) == Some("label")).then(|| r.scalar_text(v))?
            }),
            _ => None,
        }
    });
    let cards_line = before
        .iter()
        .find(|(k, _)| *k == "cards")
        .map(|(_, span)| span.start.line);
    let help = match (label, cards_line) {
        (Some(label), Some(line)) => format!(
            "to show it after the answer \"{label}\", indent it further, under that answer's \
             `cards:` (line {line}), lined up with the cards there; to show it after the \
             question, move it left until its `-` is under the question's `-`"
        ),
        _ => "to show it after an answer, indent it under that answer's `cards:`; to show it \
              after the question, move it left until its `-` is under the question's `-`"
            .into(),
    };
    Some(
        r.error(
            type_span,
            "this card is lined up with the answers of a question, so it is read as an answer",
        )
        .label("a card among the answers")
        .help(help),
    )
}

/// An answer written in a list of cards (it has `label` and no `type`): one finding instead of
/// "a card is missing `type`" and an "unknown field" per line.
pub fn answer_among_cards(r: &Reader, card: NodeId) -> Option<Finding> {
    let keys = keys_of(r, card);
    let (_, label_span) = *keys.iter().find(|(k, _)| *k == "label")?;
    if keys.iter().any(|(k, _)| *k == "type") {
        return None;
    }
    Some(
        r.error(
            label_span,
            "this answer is lined up with cards, so it is read as a card",
        )
        .label("an answer among the cards")
        .help(
            "answers belong in a question's `answers:` list: move it left until its `-` is under \
             the `-` of the question's other answers",
        ),
    )
}

/// The kinds of files streamlint reads, told apart by their top-level fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Stream,
    Roster,
    Visitors,
    Config,
}

impl FileKind {
    /// The top-level fields only this kind of file has.
    fn marks(self) -> &'static [&'static str] {
        match self {
            FileKind::Stream => &["stream", "cards"],
            FileKind::Roster => &["agents", "teams", "fallback", "accounts"],
            FileKind::Visitors => &["visitors"],
            FileKind::Config => &["rules", "exclude", "deny_warnings"],
        }
    }

    fn called(self) -> &'static str {
        match self {
            FileKind::Stream => "a stream",
            FileKind::Roster => "a roster",
            FileKind::Visitors => "a visitors file",
            FileKind::Config => "a streamlint config file",
        }
    }

    /// Where a file of this kind goes on the command line.
    fn goes(self) -> &'static str {
        match self {
            FileKind::Stream => {
                "check it with `streamlint check FILE`, or simulate it with `streamlint simulate \
                 FILE --roster ROSTER`"
            }
            FileKind::Roster => "pass it with `--roster`: `streamlint check STREAMS --roster FILE`",
            FileKind::Visitors => {
                "pass it to simulate: `streamlint simulate STREAM --roster ROSTER --visitors FILE`"
            }
            FileKind::Config => {
                "name it `.streamlint.yaml` at the root of your streams (it is found \
                 automatically), or pass it with `--config FILE`"
            }
        }
    }
}

/// A file of another kind given where `expected` was (`check roster.yaml`, `--roster
/// pricing.stream.yaml`): one finding naming what it is and where it goes, instead of an unknown
/// field per key and a missing required field.
pub fn wrong_kind_of_file(r: &Reader, root: NodeId, expected: FileKind) -> Option<Finding> {
    let keys = keys_of(r, root);
    let has = |name: &str| keys.iter().any(|(k, _)| *k == name);
    if expected.marks().iter().any(|k| has(k)) {
        return None;
    }
    let found = [
        FileKind::Stream,
        FileKind::Roster,
        FileKind::Visitors,
        FileKind::Config,
    ]
    .into_iter()
    .filter(|kind| *kind != expected)
    .find(|kind| kind.marks().iter().any(|k| has(k)))?;
    let (key, span) = keys
        .iter()
        .find(|(k, _)| found.marks().contains(k))
        .copied()?;
    Some(
        r.error(
            span,
            format!(
                "this looks like {}, not {}",
                found.called(),
                expected.called()
            ),
        )
        .label(format!("`{key}` is what {} has", found.called()))
        .help(found.goes()),
    )
}
