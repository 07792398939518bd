//! streamlint: lint and simulate live-chat streams written in YAML.
//!
//! Data flows one way: file -> spanned YAML ([`parse::yaml`]) -> model ([`model`], via
//! [`parse`], shaped by the tables of [`shape`]) -> branch graph ([`graph`]) -> rules ([`rules`])
//! -> findings ([`finding`]) -> policy ([`policy`]: suppressions, config levels,
//! `--select`/`--ignore`) -> baseline ([`baseline`]) -> report ([`report`]). Rule metadata
//! ([`rule_meta`]) sits below everything, so every layer can name rules without importing the
//! rules. The command line ([`cli`]) only wires these together. A lower layer never imports a
//! higher one (docs/design.md, "Layers"; `tests/architecture.rs` fails on a cycle).

#[macro_use]
pub mod rule_meta;

pub mod atomic;
pub mod baseline;
pub mod cap;
pub mod check;
pub mod cli;
pub mod config;
pub mod finding;
pub mod flows;
pub mod graph;
pub mod init;
pub mod input;
pub mod isolate;
pub mod model;
pub mod output;
pub mod parse;
pub mod paths;
pub mod policy;
pub mod read;
pub mod render;
pub mod report;
pub mod route;
pub mod rules;
pub mod schema;
pub mod shape;
pub mod source;
pub mod suppress;
pub mod walk;
