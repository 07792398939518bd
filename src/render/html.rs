//! The self-contained HTML report: one page, inline CSS, SVG and a few lines of script, a
//! Content-Security-Policy that forbids every network request. Readable without JavaScript (each
//! finding links to its card, which `:target` highlights) and printable; with JavaScript a click
//! on a finding highlights every occurrence of its card. Every user text is escaped.

use std::fmt::Write;

use super::svg::{self, escape};
use super::Picture;
use crate::finding::{Finding, Severity};
use crate::route::simulate::{Classes, VisitorRun};

/// One checked file, as the report shows it.
pub struct FilePage<'a> {
    /// The path as `check` reports it.
    pub file: &'a str,
    /// The stream's name when the file is a valid stream.
    pub stream: Option<String>,
    pub findings: &'a [Finding],
    /// The picture, for valid streams.
    pub picture: Option<Picture>,
    /// With a roster: the path classes.
    pub classes: Option<Classes>,
    /// With `--visitors`: the visitors' runs.
    pub visitors: Option<Vec<VisitorRun>>,
    /// Why there is no simulation (e.g. a flow file), shown instead.
    pub note: Option<String>,
}

impl FilePage<'_> {
    fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// Everything on the page.
pub struct Report<'a> {
    pub files: Vec<FilePage<'a>>,
    /// Paths that could not be checked.
    pub path_errors: Vec<String>,
    /// Said under the summary (e.g. that routing rules were skipped).
    pub notes: Vec<String>,
}

const STYLE: &str = r#"
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif;
  margin: 0; color: #1f2328; background: #ffffff; line-height: 1.45; }
header, main { max-width: 1400px; margin: 0 auto; padding: 0 1.5rem; }
header { border-bottom: 1px solid #d0d7de; padding-top: 1rem; padding-bottom: .5rem; }
h1 { font-size: 1.6rem; margin: .3rem 0; }
h2 { font-size: 1.3rem; margin: 2rem 0 .3rem; border-bottom: 1px solid #d0d7de; padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 1rem 0 .4rem; }
.file { color: #57606a; font-weight: normal; font-size: .95rem; }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { border: 1px solid #d0d7de; padding: .25rem .6rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
td.num { text-align: right; }
.error-text { color: #b42318; font-weight: bold; }
.warning-text { color: #8a3c00; font-weight: bold; }
.ok-text { color: #1a7f37; font-weight: bold; }
.picture { margin: .5rem 0; }
.scroll { overflow: auto; max-height: 80vh; border: 1px solid #d0d7de; border-radius: 6px; background: #fff; }
figcaption { color: #57606a; font-size: .9rem; }
ol.findings { padding-left: 1.4rem; }
ol.findings li { margin: .35rem 0; }
ol.findings a { color: inherit; text-decoration: none; border-bottom: 1px dotted #57606a; }
ol.findings a:hover, ol.findings a:focus { background: #fff8c5; }
.where { color: #57606a; font-size: .9rem; }
.path { font-style: italic; }
.help { color: #57606a; }
g.node:target rect.box, g.node.highlight rect.box { stroke: #0969da; stroke-width: 5; }
g.node.highlight rect.box { filter: drop-shadow(0 0 6px #0969da); }
li.selected { background: #ddf4ff; }
@media print {
  .scroll { overflow: visible; max-height: none; border: none; }
  svg { max-width: 100%; height: auto; }
  section.stream { break-before: page; }
  a { text-decoration: none; }
}
"#;

const SCRIPT: &str = r#"
document.addEventListener('click', function (event) {
  var link = event.target.closest ? event.target.closest('a[data-nodes]') : null;
  if (!link) { return; }
  document.querySelectorAll('g.node.highlight').forEach(function (g) { g.classList.remove('highlight'); });
  document.querySelectorAll('li.selected').forEach(function (li) { li.classList.remove('selected'); });
  link.getAttribute('data-nodes').split(' ').forEach(function (id) {
    var g = document.getElementById(id);
    if (g) { g.classList.add('highlight'); }
  });
  var li = link.closest('li');
  if (li) { li.classList.add('selected'); }
});
"#;

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn render(report: &Report) -> String {
    let mut order: Vec<usize> = (0..report.files.len()).collect();
    // Files with problems first: errors, then warnings, then clean; by name within each.
    order.sort_by_key(|&i| {
        let f = &report.files[i];
        (
            std::cmp::Reverse(f.count(Severity::Error) > 0),
            std::cmp::Reverse(f.count(Severity::Warning) > 0),
            f.file,
        )
    });
    let errors: usize = report.files.iter().map(|f| f.count(Severity::Error)).sum();
    let warnings: usize = report
        .files
        .iter()
        .map(|f| f.count(Severity::Warning))
        .sum();

    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">\n",
    );
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<meta name=\"generator\" content=\"streamlint\">\n");
    let _ = writeln!(
        out,
        "<title>streamlint report: {}, {}</title>",
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings")
    );
    let _ = writeln!(out, "<style>{STYLE}</style>\n</head>\n<body>");
    out.push_str("<header>\n<h1>streamlint report</h1>\n");
    let _ = writeln!(
        out,
        "<p>{} checked: <span class=\"{}\">{}</span>, <span class=\"{}\">{}</span>.</p>",
        plural(report.files.len(), "file", "files"),
        if errors > 0 { "error-text" } else { "ok-text" },
        plural(errors, "error", "errors"),
        if warnings > 0 {
            "warning-text"
        } else {
            "ok-text"
        },
        plural(warnings, "warning", "warnings")
    );
    for note in &report.notes {
        let _ = writeln!(out, "<p class=\"where\">Note: {}</p>", escape(note));
    }
    out.push_str("</header>\n<main>\n");

    // Summary table.
    out.push_str("<section aria-labelledby=\"summary\">\n<h2 id=\"summary\">Summary</h2>\n");
    if !report.path_errors.is_empty() {
        out.push_str("<p class=\"error-text\">Could not be checked:</p>\n<ul>\n");
        for e in &report.path_errors {
            let _ = writeln!(out, "<li>{}</li>", escape(e));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("<table>\n<caption class=\"where\">Files with problems first</caption>\n<thead><tr><th scope=\"col\">File</th><th scope=\"col\">Stream</th><th scope=\"col\">Errors</th><th scope=\"col\">Warnings</th></tr></thead>\n<tbody>\n");
    for &i in &order {
        let f = &report.files[i];
        let _ = writeln!(
            out,
            "<tr><td><a href=\"#f{i}\">{}</a></td><td>{}</td><td class=\"num{}\">{}</td><td class=\"num{}\">{}</td></tr>",
            escape(f.file),
            escape(f.stream.as_deref().unwrap_or("")),
            if f.count(Severity::Error) > 0 {
                " error-text"
            } else {
                ""
            },
            f.count(Severity::Error),
            if f.count(Severity::Warning) > 0 {
                " warning-text"
            } else {
                ""
            },
            f.count(Severity::Warning)
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");

    for &i in &order {
        file_section(&mut out, &report.files[i], i);
    }
    out.push_str("</main>\n");
    let _ = writeln!(out, "<script>{SCRIPT}</script>");
    out.push_str("</body>\n</html>\n");
    out
}

fn file_section(out: &mut String, page: &FilePage, i: usize) {
    let prefix = format!("f{i}-");
    let heading = match &page.stream {
        Some(name) => format!(
            "{} <span class=\"file\">{}</span>",
            escape(name),
            escape(page.file)
        ),
        None => escape(page.file),
    };
    let _ = writeln!(
        out,
        "<section class=\"stream\" id=\"f{i}\" aria-labelledby=\"f{i}-h\">\n<h2 id=\"f{i}-h\">{heading}</h2>"
    );
    match &page.picture {
        Some(picture) => {
            out.push_str("<figure class=\"picture\">\n<div class=\"scroll\">\n");
            out.push_str(&svg::render_inline(picture, page.findings, &prefix));
            out.push_str("</div>\n");
            let _ = writeln!(
                out,
                "<figcaption>The cards of {}, top to bottom; arrows are labelled with answers and conditions. Cards with findings have a thick border and an ERROR or WARNING badge.</figcaption>\n</figure>",
                escape(page.stream.as_deref().unwrap_or(page.file))
            );
        }
        None if page.note.is_none() => {
            out.push_str("<p class=\"where\">No picture: the file is not a valid stream.</p>\n");
        }
        None => {}
    }
    findings_list(out, page, &prefix);
    if let Some(note) = &page.note {
        let _ = writeln!(out, "<p class=\"where\">{}</p>", escape(note));
    }
    if let Some(classes) = &page.classes {
        classes_table(out, classes);
    }
    if let Some(runs) = &page.visitors {
        visitors_table(out, runs, page.picture.as_ref());
    }
    out.push_str("</section>\n");
}

fn findings_list(out: &mut String, page: &FilePage, prefix: &str) {
    let _ = writeln!(out, "<h3>Findings ({})</h3>", page.findings.len());
    if page.findings.is_empty() {
        out.push_str("<p class=\"ok-text\">No findings.</p>\n");
        return;
    }
    out.push_str("<ol class=\"findings\">\n");
    for (fx, f) in page.findings.iter().enumerate() {
        let nodes: Vec<String> = page
            .picture
            .iter()
            .flat_map(|p| p.nodes.iter())
            .filter(|n| n.findings.contains(&fx))
            .map(|n| format!("{prefix}{}", n.id))
            .collect();
        let class = match f.severity {
            Severity::Error => "error-text",
            Severity::Warning => "warning-text",
        };
        out.push_str("<li>");
        let _ = write!(
            out,
            "<span class=\"{class}\">{}</span> <code>{}</code>: ",
            f.severity, f.rule
        );
        match nodes.first() {
            Some(first) => {
                let _ = write!(
                    out,
                    "<a href=\"#{first}\" data-nodes=\"{}\">{}</a>",
                    nodes.join(" "),
                    escape(&f.message)
                );
            }
            None => out.push_str(&escape(&f.message)),
        }
        let card = f
            .card
            .as_ref()
            .map(|c| format!(", card <code>{}</code>", escape(c)))
            .unwrap_or_default();
        let _ = write!(
            out,
            " <span class=\"where\">(line {}, column {}{card})</span>",
            f.span.start.line, f.span.start.column
        );
        if f.path.is_some() {
            if let Some(label) = &f.label {
                let _ = write!(out, "<br><span class=\"path\">{}</span>", escape(label));
            }
        }
        if let Some(help) = &f.help {
            let _ = write!(
                out,
                "<br><span class=\"help\">help: {}</span>",
                escape(help)
            );
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n");
}

fn quoted(items: &[String]) -> String {
    items
        .iter()
        .map(|a| format!("“{}”", escape(a)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn classes_table(out: &mut String, classes: &Classes) {
    let _ = writeln!(
        out,
        "<h3>Where visitors end up ({} path {})</h3>",
        classes.total,
        if classes.total == 1 {
            "class"
        } else {
            "classes"
        }
    );
    out.push_str("<table>\n<thead><tr><th scope=\"col\">#</th><th scope=\"col\">Answers</th><th scope=\"col\">Conditions</th><th scope=\"col\">Cards</th><th scope=\"col\">Outcome</th></tr></thead>\n<tbody>\n");
    for (i, p) in classes.listed.iter().enumerate() {
        let _ = writeln!(
            out,
            "<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            i + 1,
            quoted(&p.walk.answers),
            escape(&p.walk.conditions.join(", ")),
            escape(&p.walk.cards.join(" → ")),
            escape(&p.outcome.to_string())
        );
    }
    out.push_str("</tbody>\n</table>\n");
    let shown = classes.listed.len() as u128;
    if shown < classes.total {
        let _ = writeln!(
            out,
            "<p class=\"where\">{} more path classes not listed.</p>",
            classes.total - shown
        );
    }
}

fn visitors_table(out: &mut String, runs: &[VisitorRun], picture: Option<&Picture>) {
    let failed = runs.iter().filter(|r| r.failed()).count();
    let _ = writeln!(out, "<h3>Visitors ({}, {} failed)</h3>", runs.len(), failed);
    out.push_str("<table>\n<thead><tr><th scope=\"col\">Visitor</th><th scope=\"col\">Result</th><th scope=\"col\">Answers</th><th scope=\"col\">Cards</th><th scope=\"col\">Outcome</th><th scope=\"col\">Expected</th></tr></thead>\n<tbody>\n");
    for r in runs {
        let verdict = match (&r.outcome, r.ok) {
            (Err(_), _) => "<span class=\"error-text\">error</span>",
            (Ok(_), Some(false)) => "<span class=\"error-text\">FAILED</span>",
            (Ok(_), Some(true)) => "<span class=\"ok-text\">ok</span>",
            (Ok(_), None) => "no expectation",
        };
        let outcome = match &r.outcome {
            Ok(o) => o.to_string(),
            Err(e) => e.clone(),
        };
        let _ =
            writeln!(
            out,
            "<tr><td>{}</td><td>{verdict}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&r.id),
            quoted(&r.walk.answers),
            escape(&r.walk.cards.join(" → ")),
            escape(&outcome),
            escape(&r.expected.as_ref().map(|e| e.to_string()).unwrap_or_default())
        );
    }
    out.push_str("</tbody>\n</table>\n");
    // Coverage: which cards some visitor went through.
    if let Some(picture) = picture {
        let visited: std::collections::HashSet<&str> = runs
            .iter()
            .flat_map(|r| r.walk.cards.iter().map(String::as_str))
            .collect();
        let mut names: Vec<&str> = picture
            .nodes
            .iter()
            .filter(|n| n.kind != super::Kind::End)
            .map(|n| n.name.as_str())
            .collect();
        names.sort_unstable();
        names.dedup();
        let missed: Vec<&str> = names
            .iter()
            .copied()
            .filter(|n| !visited.contains(n))
            .collect();
        let _ = write!(
            out,
            "<p>Coverage: the visitors went through {} of {} cards.",
            names.len() - missed.len(),
            names.len()
        );
        if !missed.is_empty() {
            let list: Vec<String> = missed
                .iter()
                .map(|m| format!("<code>{}</code>", escape(m)))
                .collect();
            let _ = write!(out, " Not visited: {}.", list.join(", "));
        }
        out.push_str("</p>\n");
    }
}
