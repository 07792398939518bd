//! The config file (`.streamlint.yaml`, cli.md "Config file").
//!
//! `config` reads its keys and enums from here. The rule names a config may mention come from
//! the registry, so the schema knows every rule (and offers them for completion) without a list
//! kept by hand; names of no rule are allowed, as `check` only warns about them.

use super::{Field, Shape, Ty};

/// A rule's setting.
pub const RULE_LEVELS: &[&str] = &["off", "warning", "error"];

pub static CONFIG: Shape = Shape::new(
    "config",
    "streamlint's configuration, found in the current directory or the nearest parent.",
    &[
        Field::opt(
            "roster",
            Ty::NonEmptyText,
            "The roster file, relative to the config file.",
        ),
        Field::opt(
            "exclude",
            Ty::AnyOf(&[Ty::NonEmptyText, Ty::List(&Ty::NonEmptyText, 0)]),
            "Glob patterns of files not to check (`drafts/**`): a list, or a single pattern.",
        ),
        Field::opt(
            "deny_warnings",
            Ty::Bool,
            "Warnings also make the exit code 1.",
        ),
        Field::opt(
            "rules",
            Ty::RuleLevels {
                levels: RULE_LEVELS,
            },
            "Rule name → `off`, `warning` or `error` (`syntax` and `schema` only `error`). A name of no rule is an `unknown-rule` warning.",
        ),
    ],
);
