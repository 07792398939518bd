//! `suppression-without-reason`: no check here. Its findings are made by [`crate::suppress`]
//! while it reads the suppression comments.

declare_rule! {
    /// ## What it checks
    /// That every suppression comment says why, after `--`:
    /// `# streamlint: ignore[rule] -- reason`. The suppression still applies; only the missing
    /// reason is reported.
    ///
    /// ## Why it matters
    /// A suppression is a decision to live with a problem. Without the reason, the next person
    /// cannot tell whether it still holds, and nobody dares remove it.
    ///
    /// ## What the visitor experiences
    /// Nothing directly; the team loses the memory of why a card breaks the house rules.
    ///
    /// ## Example
    /// ```yaml
    /// - type: live_chat   # streamlint: ignore[live-chat-without-info-capture]
    ///   route: round_robin
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// - type: live_chat   # streamlint: ignore[live-chat-without-info-capture] -- support page: visitors are logged in
    ///   route: round_robin
    /// ```
    name: "suppression-without-reason",
    severity: Warning,
    category: Suppression,
    summary: "a suppression comment gives no reason after `--`",
    check: None,
}
