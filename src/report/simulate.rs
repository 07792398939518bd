//! `simulate` output: the human report and the stable JSON of the spec's cli.md. Decides nothing:
//! the simulation ([`crate::route::simulate`]) did.

use std::borrow::Cow;
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

fn outcome_counts(outcomes: &[u128; 6]) -> Counts {
    Counts(
        OutcomeType::ALL
            .iter()
            .zip(outcomes)
            .filter(|(_, n)| **n > 0)
            .map(|(t, n)| (*t, *n))
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

/// The opening of a JSON report (`{`, version and stream), up to the key of the list.
fn json_head(stream: &str) -> String {
    let stream = serde_json::to_string(stream).expect("a string serialises");
    format!("{{\n  \"version\": 1,\n  \"stream\": {stream},\n")
}

/// One element of a list at the second level of a pretty-printed report: indented as
/// `serde_json::to_string_pretty` indents it inside the whole report (JSON strings hold no raw
/// line breaks, so every line of the element gets the same indentation).
fn json_element(out: &mut String, value: &impl Serialize, first: bool) {
    let text = serde_json::to_string_pretty(value).expect("simulation serialises");
    out.push_str(if first { "\n" } else { ",\n" });
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str("    ");
        out.push_str(line);
    }
}

/// A list's closing bracket: `[]` when nothing was written.
fn json_list_end(out: &mut String, written: usize) {
    out.push_str(if written == 0 { "]" } else { "\n  ]" });
}

/// A `"key": value` member of the report's top level.
fn json_member(out: &mut String, key: &str, value: &impl Serialize) {
    let text = serde_json::to_string_pretty(value).expect("simulation serialises");
    let _ = write!(out, "  \"{key}\": ");
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push_str("\n  ");
        }
        out.push_str(line);
    }
}

/// `--format json` for path classes, written as they are listed: the summary first (counted
/// before the listing), then each class. `each` is called with the text so far and returns
/// false to stop (the reader went away).
pub fn json_classes(
    stream: &str,
    total: u128,
    outcomes: [u128; 6],
    explain: bool,
    listing: impl FnOnce(&mut dyn FnMut(&Walk, &Outcome) -> bool),
    write: &mut dyn FnMut(&str) -> bool,
) {
    let mut out = json_head(stream);
    json_member(
        &mut out,
        "summary",
        &ClassSummary {
            paths: total,
            outcomes: outcome_counts(&outcomes),
        },
    );
    out.push_str(",\n  \"paths\": [");
    let mut written = 0;
    let mut open = true;
    listing(&mut |walk, outcome| {
        json_element(
            &mut out,
            &JsonPath {
                answers: &walk.answers,
                conditions: &walk.conditions,
                cards: &walk.cards,
                outcome: outcome.into(),
                explain: explain.then_some(walk.explain.as_slice()),
            },
            written == 0,
        );
        written += 1;
        open = write(&out);
        out.clear();
        open
    });
    if open {
        json_list_end(&mut out, written);
        out.push_str("\n}\n");
        write(&out);
    }
}

/// What a visitors run counts along the way, for its summary.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VisitorTally {
    pub visitors: usize,
    pub failed: usize,
    /// Visitors per outcome type, in [`OutcomeType::ALL`] order.
    pub outcomes: [u128; 6],
}

impl VisitorTally {
    pub fn add(&mut self, run: &VisitorRun) {
        self.visitors += 1;
        if run.failed() {
            self.failed += 1;
        }
        if let Ok(o) = &run.outcome {
            if let Some(i) = OutcomeType::ALL.iter().position(|t| *t == o.kind()) {
                self.outcomes[i] += 1;
            }
        }
    }
}

/// A visitors report written one visitor at a time, in either format: [`VisitorReport::visitor`]
/// returns each visitor's part, [`VisitorReport::end`] the summary. The JSON report gives its
/// `summary` after `visitors`, since it is counted along the way.
pub struct VisitorReport<'a> {
    stream: &'a str,
    json: bool,
    explain: bool,
    color: bool,
    quiet: bool,
    names: &'a Names,
    tally: VisitorTally,
    written: usize,
}

impl<'a> VisitorReport<'a> {
    pub fn new(
        stream: &'a str,
        json: bool,
        explain: bool,
        color: bool,
        quiet: bool,
        names: &'a Names,
    ) -> Self {
        VisitorReport {
            stream,
            json,
            explain,
            color,
            quiet,
            names,
            tally: VisitorTally::default(),
            written: 0,
        }
    }

    /// The report's opening.
    pub fn start(&self) -> String {
        if self.json {
            let mut out = json_head(self.stream);
            out.push_str("  \"visitors\": [");
            out
        } else {
            String::new()
        }
    }

    /// One visitor's part of the report (empty for a visitor `--quiet` leaves out), counted in
    /// the summary.
    pub fn visitor(&mut self, out: &mut String, r: &VisitorRun) {
        self.tally.add(r);
        if self.json {
            json_element(out, &json_visitor(r, self.explain), self.written == 0);
            self.written += 1;
        } else {
            human_visitor(out, r, self.explain, self.color, self.quiet, self.names);
        }
    }

    pub fn tally(&self) -> &VisitorTally {
        &self.tally
    }

    /// The report's end: the summary.
    pub fn end(&self, out: &mut String) {
        let t = &self.tally;
        if self.json {
            json_list_end(out, self.written);
            out.push_str(",\n");
            json_member(
                out,
                "summary",
                &VisitorSummary {
                    visitors: t.visitors,
                    failed: t.failed,
                    outcomes: outcome_counts(&t.outcomes),
                },
            );
            out.push_str("\n}\n");
        } else {
            let line = format!(
                "{}: {}, {} ok, {} failed ({})",
                escape(self.stream),
                plural(t.visitors as u128, "visitor", "visitors"),
                t.visitors - t.failed,
                t.failed,
                counts_line(&outcome_counts(&t.outcomes))
            );
            let _ = writeln!(out, "{}", paint(&line, t.failed == 0, self.color));
        }
    }
}

fn json_visitor(r: &VisitorRun, explain: bool) -> JsonVisitor<'_> {
    JsonVisitor {
        id: &r.id,
        answers: &r.walk.answers,
        conditions: &r.walk.conditions,
        cards: &r.walk.cards,
        outcome: r.outcome.as_ref().ok().map(Into::into),
        error: r.outcome.as_ref().err().map(String::as_str),
        expected: r.expected.as_ref().map(Into::into),
        ok: r.ok,
        explain: explain.then_some(r.walk.explain.as_slice()),
    }
}

/// `--format json` of a whole simulation held in memory (the HTML report and tests; the CLI
/// writes as it goes).
pub fn json(stream: &str, sim: &Simulation, explain: bool) -> String {
    let mut out = String::new();
    match sim {
        Simulation::Classes(c) => json_classes(
            stream,
            c.total,
            c.outcomes,
            explain,
            |each| {
                for p in &c.listed {
                    if !each(&p.walk, &p.outcome) {
                        break;
                    }
                }
            },
            &mut |text| {
                out.push_str(text);
                true
            },
        ),
        Simulation::Visitors(runs) => {
            let names = Names::default();
            let mut report = VisitorReport::new(stream, true, explain, false, false, &names);
            out = report.start();
            for r in runs {
                report.visitor(&mut out, r);
            }
            report.end(&mut out);
        }
    }
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
                    .map(|r| {
                        let when = r.when.as_ref().map(|c| escape(&c.to_string()).into_owned());
                        (escape(&r.name.value).into_owned(), when)
                    })
                    .collect();
                names.rules.insert(escape(&name).into_owned(), rules);
            }
            // Keys as the escaped walks name cards; titles escaped for the terminal.
            names
                .cards
                .insert(escape(&name).into_owned(), escape(&title).into_owned());
        }
        for agent in &roster.agents {
            let id = &agent.id.value;
            let shown = match &agent.name {
                Some(n) if !n.value.trim().is_empty() => format!("{} ({id})", n.value.trim()),
                _ => id.clone(),
            };
            names
                .agents
                .insert(escape(id).into_owned(), escape(&shown).into_owned());
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

/// One visitor's part of the human report; nothing for a visitor that passed under `quiet`.
/// User text is escaped here (control and bidirectional characters, as `check` does), so the
/// only escape sequences the report holds are its own colours.
pub fn human_visitor(
    out: &mut String,
    r: &VisitorRun,
    explain: bool,
    color: bool,
    quiet: bool,
    names: &Names,
) {
    if quiet && !r.failed() {
        return;
    }
    let r = escaped_run(r);
    let verdict = match (&r.outcome, r.ok) {
        (Err(_), _) => paint("error", false, color),
        (Ok(_), Some(false)) => paint("FAILED", false, color),
        (Ok(_), Some(true)) => paint("ok", true, color),
        (Ok(_), None) => "no expectation".to_string(),
    };
    let _ = writeln!(out, "visitor {}: {verdict}", r.id);
    walk_lines(out, &r.walk, explain, names);
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

/// The human report's first line for path classes: the count of each outcome.
pub fn human_classes_head(out: &mut String, stream: &str, total: u128, outcomes: &[u128; 6]) {
    let _ = writeln!(
        out,
        "{}: {} ({})",
        escape(stream),
        plural(total, "path class", "path classes"),
        counts_line(&outcome_counts(outcomes))
    );
}

/// Path class `number` (1-based) of the human report.
pub fn human_class(
    out: &mut String,
    number: usize,
    walk: &Walk,
    outcome: &Outcome,
    explain: bool,
    names: &Names,
) {
    let walk = escaped_walk(walk);
    let outcome = escaped_outcome(outcome);
    let _ = writeln!(out, "path {number}: {}", who(&walk, &outcome, names));
    walk_lines(out, &walk, explain, names);
    let _ = writeln!(out, "  outcome     {}\n", outcome_words(&outcome, names));
}

/// The line after the listed classes when some were not listed.
pub fn human_classes_end(out: &mut String, shown: u128, total: u128) {
    if shown < total {
        let _ = writeln!(
            out,
            "... and {} not listed (--limit {shown}; the summary counts them all)",
            plural(total - shown, "more path class", "more path classes"),
        );
    }
}

/// `--format human` of a whole simulation held in memory. `quiet`: path classes give only the
/// summary line; visitors, only the ones that failed and the summary line.
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
            human_classes_head(&mut out, stream, c.total, &c.outcomes);
            if quiet {
                return out;
            }
            out.push('\n');
            for (i, p) in c.listed.iter().enumerate() {
                human_class(&mut out, i + 1, &p.walk, &p.outcome, explain, names);
            }
            human_classes_end(&mut out, c.listed.len() as u128, c.total);
        }
        Simulation::Visitors(runs) => {
            let mut report = VisitorReport::new(stream, false, explain, color, quiet, names);
            for r in runs {
                report.visitor(&mut out, r);
            }
            report.end(&mut out);
        }
    }
    out
}

fn escape(text: &str) -> Cow<'_, str> {
    crate::report::escape::escape(text)
}

fn escape_in_place(text: &mut String) {
    if let Cow::Owned(escaped) = escape(text) {
        *text = escaped;
    }
}

fn escape_all(texts: &mut [String]) {
    texts.iter_mut().for_each(escape_in_place);
}

/// Does any user text of a walk need escaping? (Most never do: then nothing is copied.)
fn walk_needs_escape(walk: &Walk) -> bool {
    let needs = |t: &String| t.chars().any(crate::report::escape::needs_escape);
    walk.answers.iter().any(needs)
        || walk.conditions.iter().any(needs)
        || walk.cards.iter().any(needs)
        || walk.explain.iter().any(needs)
}

fn escaped_walk(walk: &Walk) -> Cow<'_, Walk> {
    if !walk_needs_escape(walk) {
        return Cow::Borrowed(walk);
    }
    let mut walk = walk.clone();
    escape_all(&mut walk.answers);
    escape_all(&mut walk.conditions);
    escape_all(&mut walk.cards);
    escape_all(&mut walk.explain);
    Cow::Owned(walk)
}

fn escaped_outcome(outcome: &Outcome) -> Cow<'_, Outcome> {
    let mut owned = outcome.clone();
    let texts: Vec<&mut String> = match &mut owned {
        Outcome::Agent(a) | Outcome::Meeting(a) | Outcome::MeetingOffer(a) => {
            let mut t = vec![&mut a.agent];
            t.extend(a.team.as_mut());
            t.extend(a.rule.as_mut());
            t
        }
        Outcome::Fallback { message, rule, .. } => {
            message.iter_mut().chain(rule.iter_mut()).collect()
        }
        Outcome::End { card } | Outcome::Dropped { card } => vec![card],
    };
    let mut changed = false;
    for t in texts {
        if let Cow::Owned(e) = escape(t) {
            *t = e;
            changed = true;
        }
    }
    if changed {
        Cow::Owned(owned)
    } else {
        Cow::Borrowed(outcome)
    }
}

/// A visitor's result with its user text escaped for a terminal.
fn escaped_run(r: &VisitorRun) -> Cow<'_, VisitorRun> {
    let walk = escaped_walk(&r.walk);
    let outcome = match &r.outcome {
        Ok(o) => match escaped_outcome(o) {
            Cow::Owned(o) => Some(Ok(o)),
            Cow::Borrowed(_) => None,
        },
        Err(e) => match escape(e) {
            Cow::Owned(e) => Some(Err(e)),
            Cow::Borrowed(_) => None,
        },
    };
    let id = match escape(&r.id) {
        Cow::Owned(id) => Some(id),
        Cow::Borrowed(_) => None,
    };
    let expected = match &r.expected {
        Some(Expect::Agent(a)) => match escape(a) {
            Cow::Owned(a) => Some(Expect::Agent(a)),
            Cow::Borrowed(_) => None,
        },
        Some(Expect::Team(t)) => match escape(t) {
            Cow::Owned(t) => Some(Expect::Team(t)),
            Cow::Borrowed(_) => None,
        },
        _ => None,
    };
    if matches!(walk, Cow::Borrowed(_)) && outcome.is_none() && id.is_none() && expected.is_none() {
        return Cow::Borrowed(r);
    }
    Cow::Owned(VisitorRun {
        id: id.unwrap_or_else(|| r.id.clone()),
        walk: walk.into_owned(),
        outcome: outcome.unwrap_or_else(|| r.outcome.clone()),
        expected: expected.or_else(|| r.expected.clone()),
        ok: r.ok,
    })
}
