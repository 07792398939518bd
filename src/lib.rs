//! streamlint: lint and simulate live-chat streams written in YAML.
//!
//! Data flows one way: file -> spanned YAML ([`parse::yaml`]) -> model ([`model`], via
//! [`parse`]) -> branch graph ([`graph`]) -> rules ([`rules`]) -> findings ([`finding`]) ->
//! report ([`report`]). The command line ([`cli`]) only wires these together.

pub mod check;
pub mod cli;
pub mod finding;
pub mod graph;
pub mod init;
pub mod model;
pub mod parse;
pub mod report;
pub mod route;
pub mod rules;
pub mod schema;
pub mod source;
