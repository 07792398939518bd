//! The `schema` rule, declared here because the parser makes its findings: the lowering into the
//! model ([`super::reader::Reader`]) and empty documents ([`super::parse_stream`] and friends);
//! the config file's shape errors too ([`crate::config`]). The registry ([`crate::rules::ALL`])
//! lists it through `rules::schema`.

declare_meta! {
    /// ## What it checks
    /// That the YAML describes a valid stream (or flow, roster, visitors or config file): every
    /// required field present, no unknown field, each value of the right type and range, a known
    /// card type, one operator per condition test. Unknown names come with a "did you mean".
    /// All such problems of a file are reported in one run.
    ///
    /// ## Why it matters
    /// A misspelt field (`anwsers:`) is not an option the product ignores: the card would not
    /// behave as written. Other rules only run on files without schema findings, so they never
    /// guess at what a broken card meant.
    ///
    /// ## What the visitor experiences
    /// Nothing: the stream cannot be published until it is fixed.
    ///
    /// ## Example
    /// ```yaml
    /// stream: Pricing page
    /// cards:
    ///   - type: question
    ///     text: Talk to sales?
    ///     anwsers:
    ///       - label: "Yes"
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// stream: Pricing page
    /// cards:
    ///   - type: question
    ///     text: Talk to sales?
    ///     answers:
    ///       - label: "Yes"
    /// ```
    pub const RULE = {
        name: "schema",
        severity: Error,
        category: Structure,
        summary: "the YAML is not a valid stream, flow, roster, visitors or config document",
        suppressible: false,
    }
}
