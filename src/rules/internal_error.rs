declare_rule! {
    /// ## What it checks
    /// Nothing in your file: this finding means streamlint itself failed (a bug: it panicked)
    /// while checking the file. No rule reports it; `check` does, for the one file whose check
    /// failed, and goes on checking the others. The message says what failed and where in
    /// streamlint's code.
    ///
    /// ## Why it matters
    /// The file was not checked, or not completely, so it must not pass as clean: the finding is
    /// always an error, cannot be suppressed, turned off or hidden by a baseline, and the run
    /// exits with 2 (streamlint could not do its job).
    ///
    /// ## What the visitor experiences
    /// Nothing yet: the stream's problems, if any, are unknown.
    ///
    /// ## Example
    /// Any file can meet it, a valid one included; the file is not at fault:
    /// ```yaml
    /// stream: Pricing page
    /// cards:
    ///   - type: message
    ///     text: Hi there!
    /// ```
    ///
    /// ## Use instead
    /// The same file: there is nothing to change in it. Report the bug to the streamlint
    /// maintainers with the file that caused it (or a smaller file that still causes it); until
    /// it is fixed, the other files' results are still valid.
    /// ```yaml
    /// stream: Pricing page
    /// cards:
    ///   - type: message
    ///     text: Hi there!
    /// ```
    name: "internal-error",
    severity: Error,
    category: Structure,
    summary: "streamlint failed while checking this file (a bug: please report it)",
    suppressible: false,
    check: None,
}
