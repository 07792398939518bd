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

#[cfg(test)]
mod tests {
    use std::path::Path;

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
