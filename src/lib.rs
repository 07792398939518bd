//! streamlint: lint and simulate live-chat streams written in YAML.
//!
//! Data flows one way: file -> spanned YAML ([`parse::yaml`]) -> model ([`model`], via
//! [`parse`]) -> branch graph ([`graph`]) -> rules ([`rules`]) -> findings ([`finding`]) ->
//! policy ([`policy`]: suppressions, config levels, `--select`/`--ignore`) -> baseline
//! ([`baseline`]) -> report ([`report`]). The command line ([`cli`]) only wires these together.

pub mod atomic;
pub mod baseline;
pub mod cap;
pub mod check;
pub mod cli;
pub mod config;
pub mod finding;
pub mod graph;
pub mod init;
pub mod input;
pub mod isolate;
pub mod model;
pub mod output;
pub mod parse;
pub mod paths;
pub mod policy;
pub mod report;
pub mod route;
pub mod rules;
pub mod schema;
pub mod source;
pub mod suppress;
pub mod walk;
