//! Evaluating conditions (streams.md "Conditions") against what is known about a visitor.
//!
//! Evaluation is three-valued: a simulated visitor knows every attribute (a missing one is
//! empty), but a path class only knows the attributes given with `--visitor`. `None` means "could
//! go either way", which is what lets path classes keep the choices a condition leaves open and
//! drop the ones it rules out.

use crate::model::{Condition, Operator};

/// What an evaluation may ask.
pub trait Facts {
    /// `None`: the attribute is not known. `Some(None)`: known to be missing or empty.
    fn attribute(&self, name: &str) -> Option<Option<&str>>;
    /// Is some agent (of `team`, or of the roster) eligible right now? `None`: not known.
    fn agents_available(&self, team: Option<&str>) -> Option<bool>;
}

/// Nothing known about the visitor or the agents: what a condition is whatever happens.
pub struct NothingKnown;

impl Facts for NothingKnown {
    fn attribute(&self, _: &str) -> Option<Option<&str>> {
        None
    }
    fn agents_available(&self, _: Option<&str>) -> Option<bool> {
        None
    }
}

/// Is the condition true for every visitor, whatever their attributes and the agents' state?
pub fn always_true(condition: Option<&Condition>) -> bool {
    condition.is_none_or(|c| eval(c, &NothingKnown) == Some(true))
}

/// The truth of `condition`, or `None` when the facts do not decide it.
pub fn eval(condition: &Condition, facts: &dyn Facts) -> Option<bool> {
    match condition {
        Condition::Test {
            attribute,
            operator,
            ..
        } => {
            let value = facts.attribute(&attribute.value)?;
            Some(test(operator, value.filter(|v| !v.is_empty())))
        }
        Condition::All(items, _) => {
            let mut all_known = true;
            for c in items {
                match eval(c, facts) {
                    Some(false) => return Some(false),
                    None => all_known = false,
                    Some(true) => {}
                }
            }
            all_known.then_some(true)
        }
        Condition::Any(items, _) => {
            let mut all_known = true;
            for c in items {
                match eval(c, facts) {
                    Some(true) => return Some(true),
                    None => all_known = false,
                    Some(false) => {}
                }
            }
            all_known.then_some(false)
        }
        Condition::Not(inner, _) => eval(inner, facts).map(|b| !b),
        Condition::AgentsAvailable { team, expected, .. } => facts
            .agents_available(team.as_ref().map(|t| t.value.as_str()))
            .map(|available| available == *expected),
    }
}

/// One operator on a value (`None`: missing or empty). A missing value matches only
/// `is_empty: true` and `is_not`; strings compare ignoring ASCII case; numeric operators need a
/// value that reads as a number, and are false otherwise.
fn test(operator: &Operator, value: Option<&str>) -> bool {
    let Some(value) = value else {
        return matches!(operator, Operator::IsEmpty(true) | Operator::IsNot(_));
    };
    let lower = value.to_ascii_lowercase();
    let number = || value.trim().parse::<f64>().ok().filter(|n| n.is_finite());
    match operator {
        Operator::Is(values) => values.iter().any(|v| v.eq_ignore_ascii_case(value)),
        Operator::IsNot(values) => !values.iter().any(|v| v.eq_ignore_ascii_case(value)),
        Operator::Contains(s) => lower.contains(&s.to_ascii_lowercase()),
        Operator::NotContains(s) => !lower.contains(&s.to_ascii_lowercase()),
        Operator::StartsWith(s) => lower.starts_with(&s.to_ascii_lowercase()),
        Operator::EndsWith(s) => lower.ends_with(&s.to_ascii_lowercase()),
        Operator::GreaterThan(n) => number().is_some_and(|v| v > *n),
        Operator::LessThan(n) => number().is_some_and(|v| v < *n),
        Operator::AtLeast(n) => number().is_some_and(|v| v >= *n),
        Operator::AtMost(n) => number().is_some_and(|v| v <= *n),
        Operator::IsEmpty(expected) => !expected,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::source::{Span, Spanned};

    struct Known(HashMap<&'static str, &'static str>);

    impl Facts for Known {
        fn attribute(&self, name: &str) -> Option<Option<&str>> {
            Some(self.0.get(name).copied())
        }
        fn agents_available(&self, _: Option<&str>) -> Option<bool> {
            Some(true)
        }
    }

    fn t(attribute: &str, operator: Operator) -> Condition {
        Condition::Test {
            attribute: Spanned::new(attribute.to_string(), Span::default()),
            operator,
            span: Span::default(),
        }
    }

    fn facts(pairs: &[(&'static str, &'static str)]) -> Known {
        Known(pairs.iter().copied().collect())
    }

    #[test]
    fn strings_ignore_ascii_case_and_numbers_compare_numerically() {
        let f = facts(&[
            ("state", "ca"),
            ("size", "1200"),
            ("email", "Ana@BigCorp.example"),
        ]);
        assert_eq!(
            eval(
                &t("state", Operator::Is(vec!["CA".into(), "OR".into()])),
                &f
            ),
            Some(true)
        );
        assert_eq!(eval(&t("size", Operator::AtLeast(1000.0)), &f), Some(true));
        // "1200" > "900" as numbers, although not as text.
        assert_eq!(
            eval(&t("size", Operator::GreaterThan(900.0)), &f),
            Some(true)
        );
        assert_eq!(
            eval(
                &t("email", Operator::EndsWith("@bigcorp.EXAMPLE".into())),
                &f
            ),
            Some(true)
        );
        assert_eq!(eval(&t("state", Operator::LessThan(3.0)), &f), Some(false));
    }

    #[test]
    fn a_missing_attribute_matches_only_is_empty_and_is_not() {
        let f = facts(&[("blank", "")]);
        for attr in ["missing", "blank"] {
            assert_eq!(eval(&t(attr, Operator::IsEmpty(true)), &f), Some(true));
            assert_eq!(
                eval(&t(attr, Operator::IsNot(vec!["x".into()])), &f),
                Some(true)
            );
            assert_eq!(
                eval(&t(attr, Operator::NotContains("x".into())), &f),
                Some(false)
            );
            assert_eq!(eval(&t(attr, Operator::AtMost(5.0)), &f), Some(false));
        }
    }

    #[test]
    fn unknown_attributes_stay_undecided_unless_the_combinator_decides() {
        let unknown = t("state", Operator::Is(vec!["CA".into()]));
        assert_eq!(eval(&unknown, &NothingKnown), None);
        let never = Condition::Any(vec![], Span::default());
        let always = Condition::All(vec![], Span::default());
        assert_eq!(
            eval(
                &Condition::All(vec![unknown.clone(), never.clone()], Span::default()),
                &NothingKnown
            ),
            Some(false)
        );
        assert_eq!(
            eval(
                &Condition::Any(vec![unknown.clone(), always], Span::default()),
                &NothingKnown
            ),
            Some(true)
        );
        assert_eq!(
            eval(
                &Condition::Not(Box::new(unknown), Span::default()),
                &NothingKnown
            ),
            None
        );
    }
}
