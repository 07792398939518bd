//! The visitors file: visitors simulated one after another, with what they answer and type, and
//! optionally where they are expected to end up (roster.md "Visitors file").

use crate::source::Spanned;

#[derive(Debug, Clone)]
pub struct Visitors {
    pub visitors: Vec<Visitor>,
}

#[derive(Debug, Clone)]
pub struct Visitor {
    pub id: Spanned<String>,
    /// Attributes known before the conversation starts, in file order.
    pub attributes: Vec<(String, String)>,
    /// Where each attribute's name is written (same order as `attributes`).
    pub attribute_spans: Vec<crate::source::Span>,
    /// Answer labels, in the order the visitor meets questions.
    pub answers: Vec<Spanned<String>>,
    /// What the visitor types into info capture fields, by attribute.
    pub fills: Vec<(String, String)>,
    /// Agents who miss this visitor's chat when it is offered to them.
    pub missed_by: Vec<Spanned<String>>,
    pub expect: Option<Spanned<Expect>>,
}

/// Where a visitor is expected to end up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expect {
    /// Routed (live chat or meeting) to this agent.
    Agent(String),
    /// Routed by this team (a `team` route or a rule targeting the team).
    Team(String),
    Outcome(ExpectedOutcome),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpectedOutcome {
    Fallback,
    MeetingOffer,
    End,
    Dropped,
}

impl ExpectedOutcome {
    /// From the visitors table, which the schema and the parser share.
    pub const NAMES: &'static [&'static str] = crate::shape::roster::EXPECTED_OUTCOMES;

    pub fn name(self) -> &'static str {
        match self {
            ExpectedOutcome::Fallback => "fallback",
            ExpectedOutcome::MeetingOffer => "meeting_offer",
            ExpectedOutcome::End => "end",
            ExpectedOutcome::Dropped => "dropped",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "fallback" => ExpectedOutcome::Fallback,
            "meeting_offer" => ExpectedOutcome::MeetingOffer,
            "end" => ExpectedOutcome::End,
            "dropped" => ExpectedOutcome::Dropped,
            _ => return None,
        })
    }
}

impl std::fmt::Display for Expect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Expect::Agent(a) => write!(f, "agent {a}"),
            Expect::Team(t) => write!(f, "team {t}"),
            Expect::Outcome(o) => write!(f, "outcome {}", o.name()),
        }
    }
}
