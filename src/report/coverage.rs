//! `simulate --coverage` output: the tallies, then what is not covered with its position and an
//! example visitor ready to paste into the visitors file. Decides nothing: [`crate::route::coverage`]
//! did.

use std::fmt::Write;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::route::coverage::{Coverage, Example, Kind, Tally, Uncovered};

fn label(kind: Kind) -> &'static str {
    match kind {
        Kind::Path => "paths",
        Kind::Card => "cards",
        Kind::Answer => "answers",
        Kind::Decision => "decisions",
    }
}

fn percent(t: Tally) -> String {
    format!("{}/{} ({:.1}%)", t.covered, t.total, t.percent())
}

/// A YAML double-quoted scalar (JSON strings are valid YAML).
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

/// The example as a visitors-file entry, indented by `indent` spaces.
pub fn example_yaml(id: &str, ex: &Example, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut out = format!("{pad}- id: {}\n", quoted(id));
    if !ex.attributes.is_empty() {
        let attrs: Vec<String> = ex
            .attributes
            .iter()
            .map(|(k, v)| format!("{}: {}", quoted(k), quoted(v)))
            .collect();
        let _ = writeln!(out, "{pad}  attributes: {{ {} }}", attrs.join(", "));
    }
    if !ex.answers.is_empty() {
        let answers: Vec<String> = ex.answers.iter().map(|a| quoted(a)).collect();
        let _ = writeln!(out, "{pad}  answers: [{}]", answers.join(", "));
    }
    out
}

fn position(file: &str, u: &Uncovered) -> String {
    let file = u.flow_file.as_deref().unwrap_or(file);
    format!("{file}:{}:{}", u.span.start.line, u.span.start.column)
}

/// The human report, printed after the visitors'.
pub fn human(file: &str, c: &Coverage) -> String {
    let mut out = String::from("coverage\n");
    for kind in Kind::ALL {
        let _ = writeln!(out, "  {:<10} {}", label(kind), percent(c.tally(kind)));
    }
    let paths_listed = c.uncovered.iter().filter(|u| u.kind == Kind::Path).count() as u128;
    let paths_missing = c.paths.total - c.paths.covered.min(c.paths.total);
    if c.uncovered.is_empty() {
        return out;
    }
    out.push_str("\nnot covered\n");
    for (i, u) in c.uncovered.iter().enumerate() {
        let _ = writeln!(out, "  {}: {} {}", position(file, u), u.kind.name(), u.what);
        match &u.example {
            Some(ex) => {
                let note = if ex.takes_it {
                    "a visitor that covers it:"
                } else {
                    "a visitor to start from (it does not take this path as written: path classes may combine choices no single visitor can make):"
                };
                let _ = writeln!(out, "    {note}");
                out.push_str(&example_yaml(&format!("cover-{}", i + 1), ex, 4));
            }
            None => {
                let _ = writeln!(
                    out,
                    "    no single visitor covers it: it depends on the agents' load (list visitors that fill the pool before it)"
                );
            }
        }
    }
    if paths_listed < paths_missing {
        let _ = writeln!(
            out,
            "  ... and {} more uncovered path classes not listed (--limit)",
            paths_missing - paths_listed
        );
    }
    out
}

#[derive(Serialize)]
struct JsonTally {
    covered: u128,
    total: u128,
}

#[derive(Serialize)]
struct JsonExample<'a> {
    attributes: BTreeMap<&'a str, &'a str>,
    answers: &'a [String],
    /// Played alone on a fresh roster, it takes the item's path.
    reproduces: bool,
}

#[derive(Serialize)]
struct JsonUncovered<'a> {
    kind: &'static str,
    what: &'a str,
    file: &'a str,
    line: u32,
    column: u32,
    example: Option<JsonExample<'a>>,
}

/// Adds `coverage` and `uncovered` to `simulate`'s JSON object (spliced as text: counts may
/// not fit the 64 bits a JSON value tree holds).
pub fn add_to_json(simulate_json: &str, file: &str, c: &Coverage) -> String {
    let tallies: BTreeMap<&str, JsonTally> = Kind::ALL
        .iter()
        .map(|k| {
            let t = c.tally(*k);
            (
                label(*k),
                JsonTally {
                    covered: t.covered,
                    total: t.total,
                },
            )
        })
        .collect();
    let uncovered: Vec<JsonUncovered> = c
        .uncovered
        .iter()
        .map(|u| JsonUncovered {
            kind: u.kind.name(),
            what: &u.what,
            file: u.flow_file.as_deref().unwrap_or(file),
            line: u.span.start.line,
            column: u.span.start.column,
            example: u.example.as_ref().map(|ex| JsonExample {
                attributes: ex
                    .attributes
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect(),
                answers: &ex.answers,
                reproduces: ex.takes_it,
            }),
        })
        .collect();
    let indent = |text: String| text.replace('\n', "\n  ");
    let body = simulate_json.trim_end().trim_end_matches('}').trim_end();
    let coverage = serde_json::to_string_pretty(&tallies).expect("coverage serialises");
    let uncovered = serde_json::to_string_pretty(&uncovered).expect("coverage serialises");
    format!(
        "{body},\n  \"coverage\": {},\n  \"uncovered\": {}\n}}\n",
        indent(coverage),
        indent(uncovered)
    )
}
