//! Conditions on visitor attributes and agent availability (`branch` cards, routing rules).

use std::fmt;

use crate::source::{Span, Spanned};

#[derive(Debug, Clone)]
pub enum Condition {
    /// One test: an attribute and one operator.
    Test {
        attribute: Spanned<String>,
        operator: Operator,
        span: Span,
    },
    All(Vec<Condition>, Span),
    Any(Vec<Condition>, Span),
    Not(Box<Condition>, Span),
    /// `agents_available: true|false` or `agents_available: { team: ID }`.
    AgentsAvailable {
        team: Option<Spanned<String>>,
        expected: bool,
        span: Span,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Operator {
    /// Any of the values (ASCII case ignored).
    Is(Vec<String>),
    /// None of the values.
    IsNot(Vec<String>),
    Contains(String),
    NotContains(String),
    StartsWith(String),
    EndsWith(String),
    GreaterThan(f64),
    LessThan(f64),
    AtLeast(f64),
    AtMost(f64),
    IsEmpty(bool),
}

/// Operator names as written in YAML.
pub const OPERATORS: &[&str] = &[
    "is",
    "is_not",
    "contains",
    "not_contains",
    "starts_with",
    "ends_with",
    "greater_than",
    "less_than",
    "at_least",
    "at_most",
    "is_empty",
];

impl Condition {
    pub fn span(&self) -> Span {
        match self {
            Condition::Test { span, .. }
            | Condition::All(_, span)
            | Condition::Any(_, span)
            | Condition::Not(_, span)
            | Condition::AgentsAvailable { span, .. } => *span,
        }
    }
}

fn fmt_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

impl fmt::Display for Operator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Operator::Is(v) => write!(f, "is {}", v.join(", ")),
            Operator::IsNot(v) => write!(f, "is not {}", v.join(", ")),
            Operator::Contains(s) => write!(f, "contains {s}"),
            Operator::NotContains(s) => write!(f, "does not contain {s}"),
            Operator::StartsWith(s) => write!(f, "starts with {s}"),
            Operator::EndsWith(s) => write!(f, "ends with {s}"),
            Operator::GreaterThan(n) => write!(f, "> {}", fmt_number(*n)),
            Operator::LessThan(n) => write!(f, "< {}", fmt_number(*n)),
            Operator::AtLeast(n) => write!(f, ">= {}", fmt_number(*n)),
            Operator::AtMost(n) => write!(f, "<= {}", fmt_number(*n)),
            Operator::IsEmpty(true) => write!(f, "is empty"),
            Operator::IsEmpty(false) => write!(f, "is not empty"),
        }
    }
}

/// Conditions as text, for paths shown to marketers: `inferred_state is CA, OR, WA`.
impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn joined(f: &mut fmt::Formatter<'_>, items: &[Condition], sep: &str) -> fmt::Result {
            for (i, c) in items.iter().enumerate() {
                if i > 0 {
                    write!(f, " {sep} ")?;
                }
                match c {
                    Condition::All(..) | Condition::Any(..) => write!(f, "({c})")?,
                    _ => write!(f, "{c}")?,
                }
            }
            Ok(())
        }
        match self {
            Condition::Test {
                attribute,
                operator,
                ..
            } => write!(f, "{} {}", attribute.value, operator),
            Condition::All(items, _) if items.is_empty() => write!(f, "always"),
            Condition::Any(items, _) if items.is_empty() => write!(f, "never"),
            Condition::All(items, _) => joined(f, items, "and"),
            Condition::Any(items, _) => joined(f, items, "or"),
            Condition::Not(inner, _) => write!(f, "not ({inner})"),
            Condition::AgentsAvailable {
                team: None,
                expected,
                ..
            } => {
                if *expected {
                    write!(f, "an agent is available")
                } else {
                    write!(f, "no agent is available")
                }
            }
            Condition::AgentsAvailable {
                team: Some(team),
                expected,
                ..
            } => {
                if *expected {
                    write!(f, "an agent of team {} is available", team.value)
                } else {
                    write!(f, "no agent of team {} is available", team.value)
                }
            }
        }
    }
}
