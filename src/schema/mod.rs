//! JSON Schema for every file streamlint reads, generated from the tables of [`crate::shape`]
//! (draft-07, the draft editors' YAML language server supports best), so the schema editors
//! validate against cannot drift from what `check` accepts. Tests hold both to the fixtures.
//!
//! Above the rule registry: the config's schema offers every rule by name.

pub mod generate;
pub mod instance;

pub use crate::shape::{config, roster, stream, Def, Document, Field, Shape, Ty};
pub use generate::json_schema;
