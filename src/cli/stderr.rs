//! Messages on standard error, the one way the commands write them: a message quotes user text
//! (paths, keys, values, git revisions, rule names), and a name holding `ESC ]0;...` or a
//! newline must neither reach the terminal raw nor forge a second line. [`say!`] writes one line
//! with every control and bidirectional formatting character escaped
//! ([`crate::report::escape::escape`], as rustc shows them), whatever the command.

/// `eprintln!` for messages that may quote user text: formats, escapes, writes one line.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::cli::stderr::line(&format!($($arg)*))
    };
}
pub(crate) use say;

/// Writes `text` as one line on standard error, escaped (see the module documentation).
pub fn line(text: &str) {
    crate::output::say_on_stderr(&format!("{}\n", crate::report::escape::escape(text)));
}

/// Prints a command-line parsing error (`clap`'s), with the arguments it quotes escaped: clap
/// writes them as given, so an unknown subcommand or flag value holding `ESC ]0;...` or a
/// newline would reach the terminal raw or forge a line. Errors quoting nothing that needs
/// escaping (and `--help`, `--version`) are printed by clap itself, with its colours.
pub fn print_parse_error(error: &clap::Error) {
    use crate::report::escape::{escape, needs_escape};
    use clap::error::ContextValue;
    let quoted: Vec<&str> = error
        .context()
        .flat_map(|(_, value)| match value {
            ContextValue::String(s) => vec![s.as_str()],
            ContextValue::Strings(list) => list.iter().map(String::as_str).collect(),
            _ => Vec::new(),
        })
        .filter(|s| s.chars().any(needs_escape))
        .collect();
    if quoted.is_empty() || !error.use_stderr() {
        let _ = error.print();
        return;
    }
    // The styled text keeps the arguments as given (the plain one drops escape sequences and
    // not newlines, so it cannot be matched); once they are escaped, the only escape sequences
    // left are clap's styles, dropped here (this rare message goes without colours).
    let mut text = error.render().ansi().to_string();
    for raw in quoted {
        text = text.replace(raw, &escape(raw));
    }
    crate::output::say_on_stderr(&without_styles(&text));
}

/// `text` without its `ESC [ ... m` style sequences.
fn without_styles(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("\u{1b}[") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let len = after
            .find(|c: char| !(c.is_ascii_digit() || c == ';'))
            .unwrap_or(after.len());
        rest = match after[len..].strip_prefix('m') {
            Some(tail) => tail,
            // Not a style: keep it (escaped, as any control character).
            None => {
                out.push_str("\\u{1b}[");
                after
            }
        };
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    #[test]
    fn parse_errors_quote_arguments_escaped_on_one_line() {
        use clap::Parser;
        let e = crate::cli::Cli::try_parse_from(["streamlint", "bo\u{7}\ngus\u{1b}]0;t\u{7}"])
            .unwrap_err();
        let text = e.render().ansi().to_string();
        assert!(text.contains("bo\u{7}\ngus"), "{text:?}");
        let mut shown = text.clone();
        shown = shown.replace("bo\u{7}\ngus\u{1b}]0;t\u{7}", "X");
        assert!(super::without_styles(&shown).starts_with("error: unrecognized subcommand 'X'"));
        assert_eq!(super::without_styles("a\u{1b}[1;4mb\u{1b}[0m"), "ab");
    }

    /// Each `eprintln!(...)` / `eprint!(...)` call of a file, up to its closing `);`.
    fn calls<'a>(code: &'a str, name: &str) -> Vec<&'a str> {
        let mut out = Vec::new();
        let mut rest = code;
        while let Some(i) = rest.find(name) {
            let call = &rest[i..];
            let end = call.find(");").map_or(call.len(), |e| e + 2);
            out.push(&call[..end]);
            rest = &call[end..];
        }
        out
    }

    /// The class, not the examples: no command writes a message that interpolates anything
    /// with a raw `eprintln!` (it would pass user text through unescaped); a rendered report
    /// (`eprint!` of a renderer's output, which escapes itself) is the one exception.
    #[test]
    fn every_message_with_user_text_goes_through_say() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = vec![src.join("cli.rs")];
        for entry in std::fs::read_dir(src.join("cli")).unwrap() {
            let path = entry.unwrap().path();
            if !path.ends_with("stderr.rs") {
                files.push(path);
            }
        }
        let mut raw = Vec::new();
        for file in &files {
            let code = std::fs::read_to_string(file).unwrap();
            for call in calls(&code, "eprintln!(") {
                if call.contains('{') {
                    raw.push(format!("{}: {call}", file.display()));
                }
            }
            for call in calls(&code, "eprint!(") {
                if !call.contains("render(") {
                    raw.push(format!("{}: {call}", file.display()));
                }
            }
        }
        assert!(raw.is_empty(), "unescaped messages:\n{}", raw.join("\n"));
    }
}
