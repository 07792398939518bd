//! `simulate` output: the human report and the stable JSON of the spec's cli.md. Decides nothing:
//! the simulation ([`crate::route::simulate`]) did.

use std::collections::HashMap;
use std::fmt::Write;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::graph::Graph;
use crate::model::visitors::Expect;
use crate::model::{CardBody, Roster};
use crate::route::simulate::{Classes, VisitorRun, Walk};
use crate::route::{Assignment, Outcome, OutcomeType, RouteTaken};

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

/// What the human report needs to name things the way a person does: cards by what they are
/// (`goal "Meeting booked"`, not `#4`), agents by name with their id, and the routing rules of
/// each card, to say which visitors a path class is.
#[derive(Debug, Default)]
pub struct Names {
    /// Card name in the simulation (`id` or `#N`) → how the report shows it.
    cards: HashMap<String, String>,
    /// Agent id → `Maria Rossi (maria)`.
    agents: HashMap<String, String>,
    /// Routing card name → its custom rules in the order tried: (name, condition or `None` for
    /// a rule that matches everyone).
    rules: HashMap<String, Vec<(String, Option<String>)>>,
}

/// At most `max` characters of a text, with `…` when cut; tokens are shown as what an anonymous
/// visitor sees (`{{lead.FirstName:"there"}}` → `there`, `{{lead.Company}}` → `[Company]`).
fn shortened(text: &str, max: usize) -> String {
    let mut plain = String::new();
    let mut rest = text.trim();
    while let Some(start) = rest.find("{{") {
        let Some(len) = rest[start..].find("}}") else {
            break;
        };
        plain.push_str(&rest[..start]);
        let token = &rest[start + 2..start + len];
        match token.split_once(':') {
            Some((_, default)) => plain.push_str(default.trim().trim_matches('"')),
            None => {
                let field = token.trim().rsplit('.').next().unwrap_or_default();
                plain.push_str(&format!("[{field}]"));
            }
        }
        rest = &rest[start + len + 2..];
    }
    plain.push_str(rest);
    let text = plain.as_str();
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    format!("{}…", cut.trim_end())
}

impl Names {
    pub fn new(graph: &Graph, roster: &Roster) -> Names {
        let mut names = Names::default();
        for node in &graph.nodes {
            let name = node.name();
            let title = match (&node.card.id, &node.card.body) {
                (Some(id), _) => id.value.clone(),
                (None, body) => card_title(body),
            };
            if let CardBody::LiveChat { route, .. } | CardBody::Meeting { route, .. } =
                &node.card.body
            {
                let rules = route
                    .kind
                    .rules_in_order()
                    .into_iter()
                    .map(|r| (r.name.value.clone(), r.when.as_ref().map(|c| c.to_string())))
                    .collect();
                names.rules.insert(name.clone(), rules);
            }
            names.cards.insert(name, title);
        }
        for agent in &roster.agents {
            let id = &agent.id.value;
            let shown = match &agent.name {
                Some(n) if !n.value.trim().is_empty() => format!("{} ({id})", n.value.trim()),
                _ => id.clone(),
            };
            names.agents.insert(id.clone(), shown);
        }
        names
    }

    fn card<'a>(&'a self, name: &'a str) -> &'a str {
        self.cards.get(name).map_or(name, String::as_str)
    }

    fn agent<'a>(&'a self, id: &'a str) -> &'a str {
        self.agents.get(id).map_or(id, String::as_str)
    }
}

/// A card without an id, by what it is.
fn card_title(body: &CardBody) -> String {
    match body {
        CardBody::Message { text, .. } => format!("message \"{}\"", shortened(&text.value, 32)),
        CardBody::Question { text, .. } => format!("question \"{}\"", shortened(&text.value, 32)),
        CardBody::InfoCapture { fields, .. } => {
            let asked: Vec<&str> = fields.iter().map(|f| f.attribute.value.as_str()).collect();
            format!("info capture ({})", asked.join(", "))
        }
        CardBody::LiveChat { .. } => "live chat".into(),
        CardBody::Meeting { .. } => "meeting".into(),
        CardBody::Branch { .. } => "branch".into(),
        CardBody::Goal { name, .. } => format!("goal \"{}\"", shortened(&name.value, 32)),
        CardBody::Action { set } => {
            let keys: Vec<&str> = set.iter().map(|(k, _)| k.value.as_str()).collect();
            format!("action (sets {})", keys.join(", "))
        }
        CardBody::Document { name, url } => match name {
            Some(n) => format!("document \"{}\"", shortened(&n.value, 32)),
            None => format!("document {}", url.value),
        },
        CardBody::Generated { .. } => "generated answers".into(),
        CardBody::Flow { flow } => format!("flow {}", flow.value),
    }
}

/// A condition as the simulation writes it, with comparisons in words (`>= 1000` → `is at
/// least 1000`) and lists read as lists (`is CA, OR, WA` → `is CA, OR or WA`).
fn condition_words(condition: &str) -> String {
    let first = condition.split(' ').next().unwrap_or_default();
    // One attribute test reads "whose country is US"; combinations and availability read
    // "for whom ...".
    let is_test = !condition.starts_with("not (")
        && !condition.starts_with('(')
        && !condition.contains(" and ")
        && !condition.contains(" or ")
        && !matches!(first, "an" | "no" | "always" | "never");
    let mut text = condition
        .replace(" >= ", " is at least ")
        .replace(" <= ", " is at most ")
        .replace(" > ", " is more than ")
        .replace(" < ", " is less than ");
    if is_test {
        if let Some(i) = text.rfind(", ") {
            text.replace_range(i..i + 2, " or ");
        }
        format!("whose {text}")
    } else {
        format!("for whom {text}")
    }
}

/// Which visitors take a path class, in words: their answers, the conditions they meet, and the
/// routing rule that took them (or that none did).
fn who(walk: &Walk, outcome: &Outcome, names: &Names) -> String {
    let mut parts = Vec::new();
    if !walk.answers.is_empty() {
        let answers: Vec<String> = walk.answers.iter().map(|a| format!("\"{a}\"")).collect();
        parts.push(format!("who answer {}", answers.join(", then ")));
    }
    for condition in &walk.conditions {
        parts.push(if condition == "otherwise" {
            "who meet none of a branch card's conditions".to_string()
        } else {
            condition_words(condition)
        });
    }
    // The routing card whose rules decided: the last card of the walk that has rules.
    let rules = walk
        .cards
        .iter()
        .rev()
        .find_map(|c| names.rules.get(c).filter(|r| !r.is_empty()));
    let mut everyone_else = false;
    if let Some(rules) = rules {
        let (rule, no_rule) = match outcome {
            Outcome::Agent(a) | Outcome::Meeting(a) | Outcome::MeetingOffer(a) => {
                (a.rule.as_deref(), false)
            }
            Outcome::Fallback { reason, rule, .. } => (
                rule.as_deref(),
                *reason == crate::route::FallbackReason::NoRuleMatched,
            ),
            _ => (None, false),
        };
        if let Some(i) = rule.and_then(|r| rules.iter().position(|(n, _)| n == r)) {
            let (name, when) = &rules[i];
            let mut text = match when {
                Some(c) => condition_words(c),
                None => format!("whom rule \"{name}\" takes (it takes everyone)"),
            };
            if i > 0 {
                let earlier: Vec<String> =
                    rules[..i].iter().map(|(n, _)| format!("\"{n}\"")).collect();
                text.push_str(&format!(
                    " (unless rule {} took them first)",
                    earlier.join(" or ")
                ));
            }
            parts.push(text);
        } else if no_rule {
            everyone_else = true;
            parts.push("whom no routing rule matches".to_string());
        }
    }
    match parts.len() {
        0 => "every visitor".to_string(),
        _ if everyone_else && parts.len() == 1 => {
            "everyone else: visitors whom no routing rule matches".to_string()
        }
        _ => {
            let sentence = format!("visitors {}", parts.join(" and "));
            if everyone_else {
                format!("{sentence} (everyone else)")
            } else {
                sentence
            }
        }
    }
}

/// Why an agent was chosen, in words.
fn assignment_words(a: &Assignment) -> String {
    let mut parts = Vec::new();
    if let Some(rule) = &a.rule {
        parts.push(format!("rule \"{rule}\""));
    }
    if let Some(team) = &a.team {
        parts.push(format!("team {team}"));
    }
    match a.route {
        RouteTaken::Account => {
            parts.push("the owner of the account of the visitor's email domain".into())
        }
        RouteTaken::RoundRobin => parts.push("every agent in turn".into()),
        RouteTaken::FallbackRoundRobin => {
            let of = if a.rule.is_some() {
                "of the rule"
            } else if a.team.is_some() {
                "of the team"
            } else {
                "named by the card"
            };
            parts.push(format!(
                "but no agent {of} was free, so every agent was tried"
            ));
        }
        RouteTaken::Agent | RouteTaken::Team | RouteTaken::Rules => {}
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(": {}", parts.join(", "))
    }
}

/// An outcome in words, with agents and cards named for people.
fn outcome_words(outcome: &Outcome, names: &Names) -> String {
    match outcome {
        Outcome::Agent(a) => format!(
            "live chat with {}{}",
            names.agent(&a.agent),
            assignment_words(a)
        ),
        Outcome::Meeting(a) => format!(
            "meeting booked with {}{}",
            names.agent(&a.agent),
            assignment_words(a)
        ),
        // Not "nobody was free": an agent who misses the chat (`responds: false`, `missed_by`)
        // and an account owner under `routing.account_unavailable: stop` end here too.
        Outcome::MeetingOffer(a) => format!(
            "nobody took it, so {}'s calendar is offered{}",
            names.agent(&a.agent),
            assignment_words(a)
        ),
        Outcome::Fallback {
            reason,
            message,
            rule,
        } => {
            let why = match (reason, rule) {
                (crate::route::FallbackReason::NoRuleMatched, _) => {
                    "no routing rule matches these visitors".to_string()
                }
                (_, None) => "no agent was free".to_string(),
                (_, Some(rule)) => format!("no agent of rule \"{rule}\" was free"),
            };
            match message {
                Some(m) => format!("the fallback message, because {why}: \"{m}\""),
                None => format!(
                    "the fallback, because {why}; the roster has no fallback message, so the \
                     visitor is told nothing"
                ),
            }
        }
        Outcome::End { card } => format!("the conversation ends after {}", names.card(card)),
        Outcome::Dropped { card } => format!(
            "the visitor leaves at {} (no answer left in the visitors file)",
            names.card(card)
        ),
    }
}

fn expect_words(expect: &Expect, names: &Names) -> String {
    match expect {
        Expect::Agent(a) => format!("live chat with {}", names.agent(a)),
        Expect::Team(t) => format!("an agent of team {t}"),
        Expect::Outcome(o) => format!("outcome {}", o.name()),
    }
}

/// The lines every path or visitor shows.
fn walk_lines(out: &mut String, walk: &Walk, explain: bool, names: &Names) {
    if !walk.answers.is_empty() {
        let answers: Vec<String> = walk.answers.iter().map(|a| format!("\"{a}\"")).collect();
        let _ = writeln!(out, "  answers     {}", answers.join(", "));
    }
    if !walk.conditions.is_empty() {
        let _ = writeln!(out, "  conditions  {}", walk.conditions.join(", "));
    }
    let cards: Vec<&str> = walk.cards.iter().map(|c| names.card(c)).collect();
    let _ = writeln!(out, "  cards       {}", cards.join(" → "));
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

/// `--format human`. `quiet`: path classes give only the summary line; visitors, only the ones
/// that failed and the summary line.
pub fn human(
    stream: &str,
    sim: &Simulation,
    explain: bool,
    color: bool,
    quiet: bool,
    names: &Names,
) -> String {
    let mut out = String::new();
    match sim {
        Simulation::Classes(c) => {
            let counts = class_counts(c);
            let _ = writeln!(
                out,
                "{stream}: {} ({})",
                plural(c.total, "path class", "path classes"),
                counts_line(&counts)
            );
            if quiet {
                return out;
            }
            out.push('\n');
            for (i, p) in c.listed.iter().enumerate() {
                let _ = writeln!(out, "path {}: {}", i + 1, who(&p.walk, &p.outcome, names));
                walk_lines(&mut out, &p.walk, explain, names);
                let _ = writeln!(out, "  outcome     {}\n", outcome_words(&p.outcome, names));
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
                if quiet && !r.failed() {
                    continue;
                }
                let verdict = match (&r.outcome, r.ok) {
                    (Err(_), _) => paint("error", false, color),
                    (Ok(_), Some(false)) => paint("FAILED", false, color),
                    (Ok(_), Some(true)) => paint("ok", true, color),
                    (Ok(_), None) => "no expectation".to_string(),
                };
                let _ = writeln!(out, "visitor {}: {verdict}", r.id);
                walk_lines(&mut out, &r.walk, explain, names);
                match &r.outcome {
                    Err(e) => {
                        let _ = writeln!(out, "  error       {e}");
                    }
                    Ok(o) => match (&r.expected, r.ok) {
                        (Some(e), Some(false)) => {
                            let _ = writeln!(out, "  expected    {}", expect_words(e, names));
                            let _ = writeln!(out, "  actual      {}", outcome_words(o, names));
                        }
                        _ => {
                            let _ = writeln!(out, "  outcome     {}", outcome_words(o, names));
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
