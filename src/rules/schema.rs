//! `schema`: made by the parser, not here. Its metadata and documentation are declared in
//! [`crate::parse::schema_rule`], below the rules, because the parser makes its findings; this
//! file only registers it.

pub static RULE: crate::rules::Rule =
    crate::rules::Rule::without_check(crate::parse::schema_rule::RULE);
