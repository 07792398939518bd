//! What happens to the rules' findings before they are reported: the single post-processing step
//! of `check`, after the rules and before the baseline and the report.
//!
//! Per file, in this order:
//! 1. suppression comments silence the findings they name (and report the comments that are
//!    stale, unknown or without a reason), judged on the rules' own findings, so turning a rule
//!    off never makes a comment look stale;
//! 2. the rule's level decides: `--ignore`, then `--select`, then the config's `rules:`, then the
//!    rule's default. `off` drops the finding; a level replaces its severity.
//!
//! `syntax` and `schema` are always on, always errors, and cannot be suppressed: a file that is
//! not a valid stream always fails.

use std::collections::HashSet;

use crate::check::{CheckResult, FileResult};
use crate::config::{Config, Level};
use crate::finding::{Finding, Severity};
use crate::rules;
use crate::suppress;

#[derive(Debug, Default)]
pub struct Policy {
    /// The config's levels, by rule.
    levels: Vec<(&'static str, Level)>,
    /// `--select`: only these rules (plus `syntax` and `schema`).
    select: Option<HashSet<&'static str>>,
    /// `--ignore`: never these rules.
    ignore: HashSet<&'static str>,
    /// `--deny-warnings` or the config's `deny_warnings`.
    pub deny_warnings: bool,
}

/// A bad `--select`/`--ignore` value (exit 2).
#[derive(Debug, Clone, PartialEq)]
pub struct UsageError {
    pub message: String,
    pub help: Option<String>,
}

/// Resolves a `--select`/`--ignore` list to rule names.
pub fn parse_rule_list(values: &[String], flag: &str) -> Result<Vec<&'static str>, UsageError> {
    let mut out = Vec::new();
    for value in values {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        match rules::find(value) {
            Some(rule) => out.push(rule.name),
            None => {
                return Err(UsageError {
                    message: format!("there is no rule named `{value}` (in `{flag}`)"),
                    help: Some(rules::unknown_rule_help(value)),
                })
            }
        }
    }
    Ok(out)
}

impl Policy {
    /// The policy of a config plus the `check` flags. `select`/`ignore` are the raw flag values
    /// (an empty `select` means "not given").
    pub fn new(
        config: &Config,
        select: &[String],
        ignore: &[String],
        deny_warnings: bool,
    ) -> Result<Policy, UsageError> {
        let select_names = parse_rule_list(select, "--select")?;
        let ignore_names = parse_rule_list(ignore, "--ignore")?;
        if let Some(name) = ignore_names.iter().find(|n| !rules::is_suppressible(n)) {
            return Err(UsageError {
                message: format!("`{name}` cannot be ignored"),
                help: Some(
                    "a file that is not a valid stream, or whose check failed, always fails"
                        .to_string(),
                ),
            });
        }
        Ok(Policy {
            levels: config.rules.iter().map(|s| (s.rule, s.level)).collect(),
            select: (!select_names.is_empty()).then(|| select_names.into_iter().collect()),
            ignore: ignore_names.into_iter().collect(),
            deny_warnings: deny_warnings || config.deny_warnings,
        })
    }

    /// The severity a finding of `rule` with default severity `default` is reported at, or
    /// `None` when the rule is off.
    pub fn severity(&self, rule: &str, default: Severity) -> Option<Severity> {
        if !rules::is_suppressible(rule) {
            return Some(default);
        }
        if self.ignore.contains(rule) {
            return None;
        }
        let selected = match &self.select {
            Some(select) if !select.contains(rule) => return None,
            Some(_) => true,
            None => false,
        };
        match self
            .levels
            .iter()
            .find(|(r, _)| *r == rule)
            .map(|(_, l)| *l)
        {
            // `--select` names the rule explicitly: it runs even if the config turns it off.
            Some(Level::Off) if selected => Some(default),
            Some(level) => level.severity(),
            None => Some(default),
        }
    }

    /// Does this run report the rule at all? Names of rules that do not exist (any more) are
    /// reported by nobody, so `true`: their baseline entries can go.
    pub fn reports(&self, rule: &str) -> bool {
        rules::find(rule).is_none_or(|r| self.severity(r.name, r.default_severity).is_some())
    }

    /// The rules to run: those this policy reports (see [`rules::RuleSet`] for the one exception).
    pub fn rule_set(&self) -> rules::RuleSet {
        rules::RuleSet::skipping(
            rules::ALL
                .iter()
                .filter(|r| self.severity(r.name, r.default_severity).is_none())
                .map(|r| r.name),
            self.reports(rules::unused_suppression::RULE.name),
        )
    }

    /// Applies suppressions and levels to one file's findings.
    pub fn apply_file(&self, file: &mut FileResult) {
        // A file whose check failed keeps its `internal-error` finding as it is: nothing may
        // hide it, and its text is not trusted to be scanned again.
        if crate::check::failed_internally(file) {
            return;
        }
        let findings = std::mem::take(&mut file.findings);
        // A file that is not valid YAML has nothing to suppress (and its comments cannot be
        // located reliably). In a file that is not a valid stream the rules did not run, so no
        // suppression there is unused.
        let is = |rule: &rules::Rule| findings.iter().any(|f| f.rule == rule.name);
        let findings = if is(&rules::syntax::RULE) {
            findings
        } else {
            let rules_ran = !is(&rules::schema::RULE);
            match &file.parsed {
                Some(parsed) => {
                    suppress::scan(&file.source, &parsed.document.scalars, parsed.is_flow)
                        .apply(findings, rules_ran)
                }
                // Never parsed as YAML (not a stream file): nothing to read comments from.
                None => findings,
            }
        };
        file.findings = self.levels_applied(findings);
    }

    /// Applies levels only (the config file's own findings: no suppressions there).
    pub fn levels_applied(&self, findings: Vec<Finding>) -> Vec<Finding> {
        let mut out: Vec<Finding> = findings
            .into_iter()
            .filter_map(|mut f| {
                f.severity = self.severity(f.rule, f.severity)?;
                Some(f)
            })
            .collect();
        rules::dedup(&mut out);
        out
    }

    /// Applies the policy to every file of a result.
    pub fn apply(&self, result: &mut CheckResult) {
        for file in &mut result.files {
            if let Err(panic) = crate::isolate::catch(|| self.apply_file(file)) {
                let source = std::sync::Arc::clone(&file.source);
                *file = crate::check::internal_error(source, &panic);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::RuleSetting;
    use crate::source::Span;

    fn config(levels: &[(&'static str, Level)]) -> Config {
        let mut config = Config::default();
        config.rules = levels
            .iter()
            .map(|(rule, level)| RuleSetting {
                rule,
                level: *level,
                span: Span::default(),
            })
            .collect();
        config
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn levels_layer_config_then_flags() {
        let c = config(&[
            ("live-chat-without-info-capture", Level::Off),
            ("token-without-default", Level::Error),
        ]);
        let p = Policy::new(&c, &[], &[], false).unwrap();
        assert_eq!(
            p.severity("live-chat-without-info-capture", Severity::Warning),
            None
        );
        assert_eq!(
            p.severity("token-without-default", Severity::Warning),
            Some(Severity::Error)
        );
        assert_eq!(
            p.severity("poke-not-first", Severity::Error),
            Some(Severity::Error)
        );

        let p = Policy::new(
            &c,
            &strings(&["live-chat-without-info-capture", "token-without-default"]),
            &strings(&["token-without-default"]),
            false,
        )
        .unwrap();
        // Selected explicitly: back on at its default; ignore beats select.
        assert_eq!(
            p.severity("live-chat-without-info-capture", Severity::Warning),
            Some(Severity::Warning)
        );
        assert_eq!(p.severity("token-without-default", Severity::Warning), None);
        assert_eq!(p.severity("poke-not-first", Severity::Error), None);
        // Never off.
        assert_eq!(p.severity("schema", Severity::Error), Some(Severity::Error));
    }

    #[test]
    fn unknown_names_in_flags_are_usage_errors() {
        let e = Policy::new(
            &Config::default(),
            &strings(&["live-chat-not-lst"]),
            &[],
            false,
        )
        .unwrap_err();
        assert!(e.message.contains("`live-chat-not-lst`"));
        assert_eq!(
            e.help.as_deref(),
            Some("did you mean `live-chat-not-last`?")
        );
        let e = Policy::new(&Config::default(), &[], &strings(&["syntax"]), false).unwrap_err();
        assert!(e.message.contains("cannot be ignored"));
    }

    #[test]
    fn rules_left_out_do_not_run_unless_suppressions_need_judging() {
        use crate::check::check_source;
        use crate::source::SourceFile;
        // Two token findings and a live chat that is not last.
        let text = "stream: s\ncards:\n  - type: message\n    text: \"Hi {{lead.FirstName}}\"\n  - type: live_chat\n    route: round_robin\n  - type: message\n    text: \"Bye {{lead.FirstName}}\"\n";
        let rules_found = |select: &[&str], ignore: &[&str], text: &str| {
            let p = Policy::new(
                &Config::default(),
                &strings(select),
                &strings(ignore),
                false,
            )
            .unwrap();
            let file = check_source(SourceFile::new("s.stream.yaml", text), None, &p.rule_set());
            let mut names: Vec<&str> = file.findings.iter().map(|f| f.rule).collect();
            names.sort_unstable();
            names.dedup();
            names
        };
        // Before any filtering by level: the skipped rules produced nothing.
        assert_eq!(
            rules_found(&["live-chat-not-last"], &[], text),
            ["live-chat-not-last"]
        );
        let everything = rules_found(&[], &[], text);
        assert!(everything.contains(&"live-chat-not-last"));
        let without: Vec<&str> = everything
            .iter()
            .copied()
            .filter(|r| *r != "live-chat-not-last")
            .collect();
        assert_eq!(rules_found(&[], &["live-chat-not-last"], text), without);
        // A suppression comment, and `unused-suppression` reported: every rule runs so the
        // comment is judged as before.
        let commented = text.replace(
            "  - type: live_chat\n",
            "  - type: live_chat # streamlint: ignore[poke-not-first] -- r\n",
        );
        let all = rules_found(&[], &[], &commented);
        assert_eq!(rules_found(&[], &["live-chat-not-last"], &commented), all);
        // Not reported: the comment needs no judging.
        assert_eq!(
            rules_found(&["live-chat-not-last"], &[], &commented),
            ["live-chat-not-last"]
        );
    }
}
