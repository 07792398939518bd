//! `streamlint diff` output: human, the stable JSON of the spec's testing.md, and Markdown for a
//! pull-request comment. Decides nothing: [`crate::route::diff`] did.

use std::fmt::Write;

use serde::Serialize;

use crate::route::diff::{ClassDiff, Entry};
use crate::route::simulate::ChoiceLabel;
use crate::route::Outcome;

use super::simulate::JsonOutcome;

/// A finding of one version, compared across versions by rule, card and message.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct FindingKey {
    pub rule: String,
    pub card: Option<String>,
    pub message: String,
    /// Where it is in its own version (not compared).
    #[serde(skip)]
    pub line: u32,
}

/// What `diff` reports.
pub struct Report<'a> {
    pub old: &'a str,
    pub new: &'a str,
    pub classes: &'a ClassDiff,
    pub findings_added: &'a [FindingKey],
    pub findings_fixed: &'a [FindingKey],
}

/// The labels of a class, split as the JSON contract lists them.
struct Labels {
    answers: Vec<String>,
    conditions: Vec<String>,
    rules: Vec<String>,
}

fn split(labels: &[ChoiceLabel]) -> Labels {
    let mut out = Labels {
        answers: Vec::new(),
        conditions: Vec::new(),
        rules: Vec::new(),
    };
    for l in labels {
        match l {
            ChoiceLabel::Answer(a) => out.answers.push(a.clone()),
            ChoiceLabel::Condition(c) => out.conditions.push(c.clone()),
            ChoiceLabel::Rule(r) => out.rules.push(r.clone()),
            ChoiceLabel::NoRuleMatched => out.rules.push("no rule matched".to_string()),
            ChoiceLabel::Account => out.rules.push("account routing".to_string()),
        }
    }
    out
}

/// A class in words: `"Yes, connect me", inferred_state is CA, rule "West coast"`.
fn words(labels: &[ChoiceLabel]) -> String {
    if labels.is_empty() {
        return "every visitor".to_string();
    }
    labels
        .iter()
        .map(|l| match l {
            ChoiceLabel::Answer(a) => format!("\"{a}\""),
            ChoiceLabel::Condition(c) => c.clone(),
            ChoiceLabel::Rule(r) => format!("rule \"{r}\""),
            ChoiceLabel::NoRuleMatched => "no rule matched".to_string(),
            ChoiceLabel::Account => "account routing".to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(Serialize)]
struct JsonEntry<'a> {
    answers: Vec<String>,
    conditions: Vec<String>,
    rules: Vec<String>,
    outcome: JsonOutcome<'a>,
}

#[derive(Serialize)]
struct JsonChange<'a> {
    answers: Vec<String>,
    conditions: Vec<String>,
    rules: Vec<String>,
    before: JsonOutcome<'a>,
    after: JsonOutcome<'a>,
}

#[derive(Serialize)]
struct JsonCounts {
    added: u128,
    removed: u128,
    changed: u128,
    unchanged: u128,
}

#[derive(Serialize)]
struct JsonFindings<'a> {
    added: &'a [FindingKey],
    fixed: &'a [FindingKey],
}

#[derive(Serialize)]
struct JsonDiff<'a> {
    version: u32,
    old: &'a str,
    new: &'a str,
    counts: JsonCounts,
    added: Vec<JsonEntry<'a>>,
    removed: Vec<JsonEntry<'a>>,
    changed: Vec<JsonChange<'a>>,
    findings: JsonFindings<'a>,
}

fn entry(e: &Entry) -> JsonEntry<'_> {
    let l = split(&e.labels);
    JsonEntry {
        answers: l.answers,
        conditions: l.conditions,
        rules: l.rules,
        outcome: (&e.outcome).into(),
    }
}

pub fn json(r: &Report) -> String {
    let c = &r.classes.counts;
    let out = JsonDiff {
        version: 1,
        old: r.old,
        new: r.new,
        counts: JsonCounts {
            added: c.added,
            removed: c.removed,
            changed: c.changed,
            unchanged: c.unchanged,
        },
        added: r.classes.added.iter().map(entry).collect(),
        removed: r.classes.removed.iter().map(entry).collect(),
        changed: r
            .classes
            .changed
            .iter()
            .map(|ch| {
                let l = split(&ch.labels);
                JsonChange {
                    answers: l.answers,
                    conditions: l.conditions,
                    rules: l.rules,
                    before: (&ch.before).into(),
                    after: (&ch.after).into(),
                }
            })
            .collect(),
        findings: JsonFindings {
            added: r.findings_added,
            fixed: r.findings_fixed,
        },
    };
    let mut text = serde_json::to_string_pretty(&out).expect("diff serialises");
    text.push('\n');
    text
}

fn counts_line(r: &Report) -> String {
    let c = &r.classes.counts;
    format!(
        "{} changed, {} added, {} removed, {} unchanged path classes",
        c.changed, c.added, c.removed, c.unchanged
    )
}

fn more(shown: usize, total: u128) -> Option<String> {
    let shown = shown as u128;
    (shown < total).then(|| format!("... and {} more (--limit)", total - shown))
}

pub fn human(r: &Report) -> String {
    let mut out = format!("{} -> {}: {}\n", r.old, r.new, counts_line(r));
    let c = &r.classes.counts;
    if !r.classes.changed.is_empty() {
        out.push_str("\nchanged\n");
        for ch in &r.classes.changed {
            let _ = writeln!(out, "  {}", words(&ch.labels));
            let _ = writeln!(out, "    {} -> {}", ch.before, ch.after);
        }
        if let Some(m) = more(r.classes.changed.len(), c.changed) {
            let _ = writeln!(out, "  {m}");
        }
    }
    for (title, list, total) in [
        ("added", &r.classes.added, c.added),
        ("removed", &r.classes.removed, c.removed),
    ] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{title}");
        for e in list {
            let _ = writeln!(out, "  {}", words(&e.labels));
            let _ = writeln!(out, "    {}", e.outcome);
        }
        if let Some(m) = more(list.len(), total) {
            let _ = writeln!(out, "  {m}");
        }
    }
    for (title, list) in [
        ("findings added", r.findings_added),
        ("findings fixed", r.findings_fixed),
    ] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{title}");
        for f in list {
            let _ = writeln!(out, "  [{}] {} (line {})", f.rule, f.message, f.line);
        }
    }
    out
}

/// A Markdown table cell: pipes and line breaks would break the table.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn short(o: &Outcome) -> String {
    cell(&o.to_string())
}

/// For a pull-request comment.
pub fn markdown(r: &Report) -> String {
    let c = &r.classes.counts;
    let mut out = format!(
        "### Routing diff: `{}` → `{}`\n\n**{}** changed, **{}** added, **{}** removed, {} unchanged path classes.\n",
        cell(r.old),
        cell(r.new),
        c.changed,
        c.added,
        c.removed,
        c.unchanged
    );
    if !r.classes.changed.is_empty() {
        out.push_str("\n| visitors who | before | after |\n|---|---|---|\n");
        for ch in &r.classes.changed {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                cell(&words(&ch.labels)),
                short(&ch.before),
                short(&ch.after)
            );
        }
        if let Some(m) = more(r.classes.changed.len(), c.changed) {
            let _ = writeln!(out, "\n{m}");
        }
    }
    for (title, list, total) in [
        ("Added", &r.classes.added, c.added),
        ("Removed", &r.classes.removed, c.removed),
    ] {
        if list.is_empty() {
            continue;
        }
        let _ = write!(
            out,
            "\n**{title}**\n\n| visitors who | outcome |\n|---|---|\n"
        );
        for e in list {
            let _ = writeln!(
                out,
                "| {} | {} |",
                cell(&words(&e.labels)),
                short(&e.outcome)
            );
        }
        if let Some(m) = more(list.len(), total) {
            let _ = writeln!(out, "\n{m}");
        }
    }
    for (title, list) in [
        ("Findings added", r.findings_added),
        ("Findings fixed", r.findings_fixed),
    ] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n**{title}**\n");
        for f in list {
            let _ = writeln!(out, "- `{}` {}", f.rule, cell(&f.message));
        }
    }
    out
}
