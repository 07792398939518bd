//! `unknown-rule`: no check here. Its findings are made where rule names are read: the config
//! file's `rules:` ([`crate::config`]) and suppression comments ([`crate::suppress`]).

declare_rule! {
    /// ## What it checks
    /// That every rule named in a suppression comment (`# streamlint: ignore[...]`) or in the
    /// config file's `rules:` exists. Unknown names come with a "did you mean".
    ///
    /// ## Why it matters
    /// A misspelt rule name silences nothing and changes nothing: the finding the author meant to
    /// accept is still reported (or, in the config, the severity they meant to change is not
    /// changed), and the comment misleads the next reader.
    ///
    /// ## What the visitor experiences
    /// Nothing directly; the team believes a decision is recorded when it is not.
    ///
    /// ## Example
    /// ```yaml
    /// - type: live_chat   # streamlint: ignore[live-chat-without-captur] -- known demo
    ///   route: round_robin
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// - type: live_chat   # streamlint: ignore[live-chat-without-info-capture] -- known demo
    ///   route: round_robin
    /// ```
    name: "unknown-rule",
    severity: Warning,
    category: Suppression,
    summary: "a suppression comment or the config names a rule that does not exist",
    check: None,
}
