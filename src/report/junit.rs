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
    let mut report = Junit::new(file);
    for run in runs {
        report.add(run);
    }
    report.finish(stream)
}

/// A JUnit report built one visitor at a time: the test cases are written as the visitors are
/// played, the counts the header needs are kept alongside. Holds the report's text only.
pub struct Junit {
    file: String,
    cases: String,
    tests: usize,
    failures: usize,
    errors: usize,
}

impl Junit {
    pub fn new(file: &str) -> Junit {
        Junit {
            file: escape(file),
            cases: String::new(),
            tests: 0,
            failures: 0,
            errors: 0,
        }
    }

    /// One visitor's test case.
    pub fn add(&mut self, run: &VisitorRun) {
        let out = &mut self.cases;
        self.tests += 1;
        let file = &self.file;
        let head = format!(
            "    <testcase name=\"{}\" classname=\"{file}\" time=\"0\"",
            escape(&run.id),
        );
        match (&run.outcome, &run.expected, run.ok) {
            (Err(e), _, _) => {
                self.errors += 1;
                let _ = writeln!(
                    out,
                    "{head}>\n      <error type=\"visitor-error\" message=\"{}\">{}</error>\n    </testcase>",
                    escape(e),
                    escape(e)
                );
            }
            (Ok(actual), Some(expected), Some(false)) => {
                self.failures += 1;
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

    /// The whole report, for the stream named `stream`.
    pub fn finish(self, stream: &str) -> String {
        let (tests, failures, errors) = (self.tests, self.failures, self.errors);
        let mut out = String::with_capacity(self.cases.len() + 400);
        out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        let _ = writeln!(
            out,
            "<testsuites name=\"streamlint simulate\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" time=\"0\">",
        );
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"0\" time=\"0\" file=\"{}\">",
            escape(stream),
            self.file
        );
        out.push_str(&self.cases);
        out.push_str("  </testsuite>\n</testsuites>\n");
        out
    }
}
