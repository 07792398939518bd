//! The `syntax` rule, declared here because the parser makes its findings: [`super::decode`]
//! (input that is not UTF-8) and [`super::load_yaml`] (every YAML error). The registry
//! ([`crate::rules::ALL`]) lists it through `rules::syntax`.

declare_meta! {
    /// ## What it checks
    /// That the file is valid YAML 1.2 text: UTF-8, correct indentation (spaces, never tabs),
    /// closed quotes and brackets, no duplicate keys, one document per file.
    ///
    /// ## Why it matters
    /// A file that is not valid YAML cannot be read at all, so nothing else in it can be checked
    /// and the stream cannot be published.
    ///
    /// ## What the visitor experiences
    /// Nothing: the stream never goes live.
    ///
    /// ## Example
    /// ```yaml
    /// stream: Pricing page
    /// cards:
    ///   - type: message
    ///     text: "Hi there!
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// stream: Pricing page
    /// cards:
    ///   - type: message
    ///     text: "Hi there!"
    /// ```
    ///
    /// Files nested deeper than 256 levels, and aliases that refer to their own enclosing node, are
    /// refused here too.
    pub const RULE = {
        name: "syntax",
        severity: Error,
        category: Structure,
        summary: "the file is not valid YAML 1.2",
        suppressible: false,
    }
}
