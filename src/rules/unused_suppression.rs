//! `unused-suppression`: no check here. Its findings are made by [`crate::suppress`] when the
//! suppressions are applied to a file's findings (names that silenced nothing, and names of rules
//! that cannot be suppressed).

declare_rule! {
    /// ## What it checks
    /// That every suppression comment (`# streamlint: ignore[...]` or `ignore-file[...]`)
    /// silences at least one finding of each rule it names, at the place it covers. A comment
    /// that starts with `streamlint:` but cannot be read as a suppression is reported here too,
    /// since it suppresses nothing.
    ///
    /// A suppression counts as used when the rule reports a finding there, even if the config or
    /// `--select`/`--ignore` then hides that rule: turning a rule off never makes comments stale.
    ///
    /// ## Why it matters
    /// Suppressions outlive the problems they excused. A stale one hides the next real problem
    /// at the same place, and tells readers a card is special when it no longer is.
    ///
    /// ## What the visitor experiences
    /// Nothing today; tomorrow, possibly a broken conversation nobody was warned about.
    ///
    /// ## Example
    /// ```yaml
    /// # The info capture was added since; the suppression below is stale.
    /// - type: info_capture
    ///   fields: [{ attribute: email, input: email }, { attribute: first_name }]
    /// - type: live_chat   # streamlint: ignore[live-chat-without-info-capture] -- demo
    ///   route: round_robin
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// - type: info_capture
    ///   fields: [{ attribute: email, input: email }, { attribute: first_name }]
    /// - type: live_chat
    ///   route: round_robin
    /// ```
    name: "unused-suppression",
    severity: Warning,
    category: Suppression,
    summary: "a suppression comment suppresses nothing",
    check: None,
}
