//! `simulate --visitors FILE --junit REPORT`: the visitors as a JUnit XML report, the format CI
//! systems (Jenkins, GitLab, GitHub test reporters, Azure) display as test results. One
//! `testsuite` per stream, one `testcase` per visitor (named by its `id`), a `failure` with
//! expected vs actual for an unmet `expect`, an `error` for a visitor the stream refuses (an
//! answer not offered). Times are 0: the simulation takes no time worth reporting, and a fixed
//! value keeps the report deterministic.

use std::fmt::Write;

use crate::route::simulate::VisitorRun;

/// Escapes text for XML attribute values and character data. Characters XML 1.0 cannot hold
/// (control characters other than tab and newlines) become `?`.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('?'),
            c => out.push(c),
        }
    }
    out
}

/// The report for the visitors of one stream. `file` names the stream (the `classname` of
/// each test case, so CI systems group the visitors under it).
pub fn render(stream: &str, file: &str, runs: &[VisitorRun]) -> String {
    let failures = runs
        .iter()
        .filter(|r| r.outcome.is_ok() && r.ok == Some(false))
        .count();
    let errors = runs.iter().filter(|r| r.outcome.is_err()).count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"streamlint simulate\" tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\" time=\"0\">",
        runs.len()
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"0\" time=\"0\" file=\"{}\">",
        escape(stream),
        runs.len(),
        escape(file)
    );
    for run in runs {
        let head = format!(
            "    <testcase name=\"{}\" classname=\"{}\" time=\"0\"",
            escape(&run.id),
            escape(file)
        );
        match (&run.outcome, &run.expected, run.ok) {
            (Err(e), _, _) => {
                let _ = writeln!(
                    out,
                    "{head}>\n      <error type=\"visitor-error\" message=\"{}\">{}</error>\n    </testcase>",
                    escape(e),
                    escape(e)
                );
            }
            (Ok(actual), Some(expected), Some(false)) => {
                let message = format!("expected {expected}, got: {actual}");
                let body = format!(
                    "expected: {expected}\nactual:   {actual}\ncards:    {}",
                    run.walk.cards.join(" → ")
                );
                let _ = writeln!(
                    out,
                    "{head}>\n      <failure type=\"expectation\" message=\"{}\">{}</failure>\n    </testcase>",
                    escape(&message),
                    escape(&body)
                );
            }
            (Ok(actual), _, _) => {
                let _ = writeln!(
                    out,
                    "{head}>\n      <system-out>{}</system-out>\n    </testcase>",
                    escape(&actual.to_string())
                );
            }
        }
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}
