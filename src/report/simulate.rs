//! `simulate` output: the human report and the stable JSON of the spec's cli.md. Decides nothing:
//! the simulation ([`crate::route::simulate`]) did.

use std::fmt::Write;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::model::visitors::Expect;
use crate::route::simulate::{Classes, VisitorRun, Walk};
use crate::route::{Assignment, Outcome, OutcomeType};

/// What was simulated.
pub enum Simulation {
    Classes(Classes),
    Visitors(Vec<VisitorRun>),
}

/// Outcome counts as a JSON object in [`OutcomeType::ALL`] order, zero counts left out.
struct Counts(Vec<(OutcomeType, u128)>);

impl Serialize for Counts {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (ty, n) in &self.0 {
            map.serialize_entry(ty.name(), n)?;
        }
        map.end()
    }
}

fn class_counts(c: &Classes) -> Counts {
    Counts(
        OutcomeType::ALL
            .iter()
            .zip(c.outcomes)
            .filter(|(_, n)| *n > 0)
            .map(|(t, n)| (*t, n))
            .collect(),
    )
}

fn visitor_counts(runs: &[VisitorRun]) -> Counts {
    Counts(
        OutcomeType::ALL
            .iter()
            .map(|t| {
                let n = runs
                    .iter()
                    .filter(|r| r.outcome.as_ref().is_ok_and(|o| o.kind() == *t))
                    .count();
                (*t, n as u128)
            })
            .filter(|(_, n)| *n > 0)
            .collect(),
    )
}

/// An agent chosen, and what chose them.
#[derive(Serialize)]
pub(crate) struct JsonAssignment<'a> {
    agent: &'a str,
    team: Option<&'a str>,
    rule: Option<&'a str>,
    route: &'static str,
}

impl<'a> From<&'a Assignment> for JsonAssignment<'a> {
    fn from(a: &'a Assignment) -> Self {
        JsonAssignment {
            agent: &a.agent,
            team: a.team.as_deref(),
            rule: a.rule.as_deref(),
            route: a.route.name(),
        }
    }
}

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub(crate) enum JsonOutcome<'a> {
    Agent(JsonAssignment<'a>),
    Meeting(JsonAssignment<'a>),
    MeetingOffer(JsonAssignment<'a>),
    Fallback {
        reason: &'static str,
        message: Option<&'a str>,
        rule: Option<&'a str>,
    },
    End {
        card: &'a str,
    },
    Dropped {
        card: &'a str,
    },
}

impl<'a> From<&'a Outcome> for JsonOutcome<'a> {
    fn from(o: &'a Outcome) -> Self {
        match o {
            Outcome::Agent(a) => JsonOutcome::Agent(a.into()),
            Outcome::Meeting(a) => JsonOutcome::Meeting(a.into()),
            Outcome::MeetingOffer(a) => JsonOutcome::MeetingOffer(a.into()),
            Outcome::Fallback {
                reason,
                message,
                rule,
            } => JsonOutcome::Fallback {
                reason: reason.name(),
                message: message.as_deref(),
                rule: rule.as_deref(),
            },
            Outcome::End { card } => JsonOutcome::End { card },
            Outcome::Dropped { card } => JsonOutcome::Dropped { card },
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum JsonExpect<'a> {
    Agent(&'a str),
    Team(&'a str),
    Outcome(&'static str),
}

impl<'a> From<&'a Expect> for JsonExpect<'a> {
    fn from(e: &'a Expect) -> Self {
        match e {
            Expect::Agent(a) => JsonExpect::Agent(a),
            Expect::Team(t) => JsonExpect::Team(t),
            Expect::Outcome(o) => JsonExpect::Outcome(o.name()),
        }
    }
}

#[derive(Serialize)]
struct JsonPath<'a> {
    answers: &'a [String],
    conditions: &'a [String],
    cards: &'a [String],
    outcome: JsonOutcome<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    explain: Option<&'a [String]>,
}

#[derive(Serialize)]
struct JsonVisitor<'a> {
    id: &'a str,
    answers: &'a [String],
    conditions: &'a [String],
    cards: &'a [String],
    outcome: Option<JsonOutcome<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expected: Option<JsonExpect<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ok: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    explain: Option<&'a [String]>,
}

#[derive(Serialize)]
struct ClassSummary {
    paths: u128,
    outcomes: Counts,
}

#[derive(Serialize)]
struct VisitorSummary {
    visitors: usize,
    failed: usize,
    outcomes: Counts,
}

#[derive(Serialize)]
struct JsonClasses<'a> {
    version: u32,
    stream: &'a str,
    summary: ClassSummary,
    paths: Vec<JsonPath<'a>>,
}

#[derive(Serialize)]
struct JsonVisitors<'a> {
    version: u32,
    stream: &'a str,
    summary: VisitorSummary,
    visitors: Vec<JsonVisitor<'a>>,
}

/// `--format json`.
pub fn json(stream: &str, sim: &Simulation, explain: bool) -> String {
    let mut out = match sim {
        Simulation::Classes(c) => serde_json::to_string_pretty(&JsonClasses {
            version: 1,
            stream,
            summary: ClassSummary {
                paths: c.total,
                outcomes: class_counts(c),
            },
            paths: c
                .listed
                .iter()
                .map(|p| JsonPath {
                    answers: &p.walk.answers,
                    conditions: &p.walk.conditions,
                    cards: &p.walk.cards,
                    outcome: (&p.outcome).into(),
                    explain: explain.then_some(p.walk.explain.as_slice()),
                })
                .collect(),
        }),
        Simulation::Visitors(runs) => serde_json::to_string_pretty(&JsonVisitors {
            version: 1,
            stream,
            summary: VisitorSummary {
                visitors: runs.len(),
                failed: runs.iter().filter(|r| r.failed()).count(),
                outcomes: visitor_counts(runs),
            },
            visitors: runs
                .iter()
                .map(|r| JsonVisitor {
                    id: &r.id,
                    answers: &r.walk.answers,
                    conditions: &r.walk.conditions,
                    cards: &r.walk.cards,
                    outcome: r.outcome.as_ref().ok().map(Into::into),
                    error: r.outcome.as_ref().err().map(String::as_str),
                    expected: r.expected.as_ref().map(Into::into),
                    ok: r.ok,
                    explain: explain.then_some(r.walk.explain.as_slice()),
                })
                .collect(),
        }),
    }
    .expect("simulation serialises");
    out.push('\n');
    out
}

fn plural(n: u128, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn counts_line(counts: &Counts) -> String {
    counts
        .0
        .iter()
        .map(|(t, n)| format!("{} {n}", t.name()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The lines every path or visitor shows.
fn walk_lines(out: &mut String, walk: &Walk, explain: bool) {
    if !walk.answers.is_empty() {
        let answers: Vec<String> = walk.answers.iter().map(|a| format!("\"{a}\"")).collect();
        let _ = writeln!(out, "  answers     {}", answers.join(", "));
    }
    if !walk.conditions.is_empty() {
        let _ = writeln!(out, "  conditions  {}", walk.conditions.join(", "));
    }
    let _ = writeln!(out, "  cards       {}", walk.cards.join(" → "));
    if explain {
        for (i, line) in walk.explain.iter().enumerate() {
            let head = if i == 0 {
                "  why         "
            } else {
                "              "
            };
            let _ = writeln!(out, "{head}{line}");
        }
    }
}

fn paint(text: &str, good: bool, color: bool) -> String {
    use owo_colors::OwoColorize;
    match (color, good) {
        (false, _) => text.to_string(),
        (true, true) => text.green().bold().to_string(),
        (true, false) => text.red().bold().to_string(),
    }
}

/// `--format human`.
pub fn human(stream: &str, sim: &Simulation, explain: bool, color: bool) -> String {
    let mut out = String::new();
    match sim {
        Simulation::Classes(c) => {
            let counts = class_counts(c);
            let _ = writeln!(
                out,
                "{stream}: {} ({})\n",
                plural(c.total, "path class", "path classes"),
                counts_line(&counts)
            );
            for (i, p) in c.listed.iter().enumerate() {
                let _ = writeln!(out, "path {}", i + 1);
                walk_lines(&mut out, &p.walk, explain);
                let _ = writeln!(out, "  outcome     {}\n", p.outcome);
            }
            let shown = c.listed.len() as u128;
            if shown < c.total {
                let _ = writeln!(
                    out,
                    "... and {} not listed (--limit {shown}; the summary counts them all)",
                    plural(c.total - shown, "more path class", "more path classes"),
                );
            }
        }
        Simulation::Visitors(runs) => {
            for r in runs {
                let verdict = match (&r.outcome, r.ok) {
                    (Err(_), _) => paint("error", false, color),
                    (Ok(_), Some(false)) => paint("FAILED", false, color),
                    (Ok(_), Some(true)) => paint("ok", true, color),
                    (Ok(_), None) => "no expectation".to_string(),
                };
                let _ = writeln!(out, "visitor {}: {verdict}", r.id);
                walk_lines(&mut out, &r.walk, explain);
                match &r.outcome {
                    Err(e) => {
                        let _ = writeln!(out, "  error       {e}");
                    }
                    Ok(o) => match (&r.expected, r.ok) {
                        (Some(e), Some(false)) => {
                            let _ = writeln!(out, "  expected    {e}");
                            let _ = writeln!(out, "  actual      {o}");
                        }
                        _ => {
                            let _ = writeln!(out, "  outcome     {o}");
                        }
                    },
                }
                out.push('\n');
            }
            let failed = runs.iter().filter(|r| r.failed()).count();
            let line = format!(
                "{stream}: {}, {} ok, {failed} failed ({})",
                plural(runs.len() as u128, "visitor", "visitors"),
                runs.len() - failed,
                counts_line(&visitor_counts(runs))
            );
            let _ = writeln!(out, "{}", paint(&line, failed == 0, color));
        }
    }
    out
}
