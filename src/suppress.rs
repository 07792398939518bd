//! Suppression comments: `# streamlint: ignore[rule-a, rule-b] -- reason` (the line it ends, or
//! the next line when the comment stands alone on its line) and `# streamlint: ignore-file[rule]
//! -- reason` (the whole file).
//!
//! Finding comments: a `#` starts a YAML comment only at the start of a line or after a space or
//! tab, and never inside a scalar. The first condition is checked on the text; the second with
//! the scalar spans the YAML loader recorded in the file's one parse ([`yaml::ScalarMap`]), so a
//! `#` inside `"..."`, `'...'` or a `|` block is never taken for a comment. No parser runs here.
//!
//! Only files that are valid YAML are scanned in `check` (a file with a `syntax` finding is not
//! checked further, so it has nothing to suppress).

use std::collections::HashMap;

use crate::finding::Finding;
use crate::parse::yaml;
use crate::rule_meta::did_you_mean;
use crate::rules;
use crate::source::{SourceFile, Span, Spanned};

/// Where a suppression applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Findings whose primary span starts on this 1-based line.
    Line { line: u32, own_line: bool },
    /// The whole file.
    File,
}

/// One understood suppression comment.
#[derive(Debug, Clone)]
pub struct Directive {
    pub scope: Scope,
    /// From the `#` to the end of the comment's text.
    pub comment: Span,
    /// Known, suppressible rule names, each with its span inside the comment.
    pub names: Vec<Spanned<&'static str>>,
    pub reason: Option<String>,
}

/// The suppression comments of one file, and findings about the comments themselves.
#[derive(Debug, Default)]
pub struct Suppressions {
    pub directives: Vec<Directive>,
    /// `unknown-rule`, `suppression-without-reason`, and `unused-suppression` for comments that
    /// are not valid suppressions or name unsuppressible rules.
    pub findings: Vec<Finding>,
    /// The file says `kind: flow`: the path rules do not run on it alone, and the rules
    /// `judged_where_embedded` find some of their findings only through the streams that embed
    /// it, so suppressions of them are never called unused here.
    pub is_flow: bool,
}

/// A comment that may be a directive: byte offsets of the `#` and of the end of its line.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    /// Start of the candidate's line.
    line_start: usize,
    hash: usize,
    end: usize,
    own_line: bool,
}

const MARKER: &str = "streamlint:";

/// Whether a text may hold suppression comments (every one has [`MARKER`]); false means
/// [`scan`] finds none.
pub fn may_hold_directives(text: &str) -> bool {
    text.contains(MARKER)
}

/// Reads every suppression comment of a file.
///
/// `scalars` come from the file's one YAML load; `is_flow` from its model (`kind: flow`).
pub fn scan(src: &SourceFile, scalars: &yaml::ScalarMap, is_flow: bool) -> Suppressions {
    let mut out = Suppressions::default();
    if !may_hold_directives(&src.text) {
        return out;
    }
    out.is_flow = is_flow;
    for c in comments_outside_scalars(src, scalars, candidates(src)) {
        parse_directive(src, c, &mut out);
    }
    out
}

/// Every `#` that could start a comment holding `streamlint:`, judged on the text alone.
fn candidates(src: &SourceFile) -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in src.text.split('\n') {
        let line_text = line.trim_end_matches('\r');
        let mut prev: Option<char> = None;
        for (i, ch) in line_text.char_indices() {
            if ch == '#'
                && prev.is_none_or(|p| p == ' ' || p == '\t')
                && line_text[i + 1..].trim_start().starts_with(MARKER)
            {
                // Not the first one only: an earlier one may sit inside a string.
                out.push(Candidate {
                    line_start,
                    hash: line_start + i,
                    end: line_start + line_text.trim_end().len(),
                    own_line: line_text[..i].trim().is_empty(),
                });
            }
            prev = Some(ch);
        }
        line_start += line.len() + 1;
    }
    out
}

/// Drops the candidates that sit inside a scalar, using the scalar spans the YAML loader recorded
/// ([`yaml::ScalarMap`]). When loading stopped at an error, candidates after it are dropped too
/// (they cannot be judged). Linear in the file's size: scalars come in file order, candidates
/// are sorted.
fn comments_outside_scalars(
    src: &SourceFile,
    scalars: &yaml::ScalarMap,
    mut cands: Vec<Candidate>,
) -> Vec<Candidate> {
    if cands.is_empty() {
        return cands;
    }
    let mut inside = vec![false; cands.len()];
    let mut mark = |start: usize, end: usize| {
        let first = cands.partition_point(|c| c.hash < start);
        for (c, flag) in cands[first..].iter().zip(&mut inside[first..]) {
            if c.hash >= end {
                break;
            }
            *flag = true;
        }
    };
    for scalar in &scalars.non_plain {
        let (start, end) = (scalar.start as usize, scalar.end as usize);
        mark(block_content_start(&src.text, start), end);
    }
    if let Some(error_at) = scalars.error_at {
        mark(error_at, usize::MAX);
    }
    let mut flags = inside.into_iter();
    cands.retain(|_| !flags.next().unwrap_or(true));
    // The first comment of a line runs to its end: later candidates are part of it.
    cands.dedup_by_key(|c| c.line_start);
    cands
}

/// Where a scalar's text starts: for a block scalar whose event starts at its tag or anchor
/// (`!t |`), after its header line, whose comment is a real comment; otherwise `start`.
fn block_content_start(text: &str, start: usize) -> usize {
    let mut at = start;
    loop {
        let rest = &text[at..];
        let trimmed = rest.trim_start_matches([' ', '\t']);
        at += rest.len() - trimmed.len();
        match trimmed.chars().next() {
            Some('!' | '&') => {
                at += trimmed
                    .find(|c: char| c.is_whitespace())
                    .unwrap_or(trimmed.len())
            }
            Some('|' | '>') => return at + trimmed.find('\n').unwrap_or(trimmed.len()),
            _ => return start,
        }
    }
}

/// A small cursor over one comment's text, keeping byte offsets into the file.
struct Cursor<'a> {
    text: &'a str,
    /// Offset of `text` in the file.
    base: usize,
    at: usize,
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a str {
        &self.text[self.at..]
    }
    fn skip_ws(&mut self) {
        let rest = self.rest();
        self.at += rest.len() - rest.trim_start().len();
    }
    fn eat(&mut self, s: &str) -> bool {
        if self.rest().starts_with(s) {
            self.at += s.len();
            true
        } else {
            false
        }
    }
    fn offset(&self) -> usize {
        self.base + self.at
    }
}

fn parse_directive(src: &SourceFile, c: Candidate, out: &mut Suppressions) {
    let span_of =
        |start: usize, end: usize| Span::new(src.pos_from_offset(start), src.pos_from_offset(end));
    let comment = span_of(c.hash, c.end);
    let mut cur = Cursor {
        text: &src.text[c.hash..c.end],
        base: c.hash,
        at: 1,
    };
    cur.skip_ws();
    cur.eat(MARKER);
    cur.skip_ws();
    let malformed = |out: &mut Suppressions, why: &str| {
        out.findings.push(
            Finding::new(
                &rules::unused_suppression::RULE,
                comment,
                format!("this `streamlint:` comment is not a valid suppression: {why}"),
            )
            .label("suppresses nothing")
            .help(
                "write `# streamlint: ignore[rule-name] -- reason` or \
                 `# streamlint: ignore-file[rule-name] -- reason`",
            ),
        );
    };
    let scope = if cur.eat("ignore-file") {
        Scope::File
    } else if cur.eat("ignore") {
        Scope::Line {
            line: comment.start.line + u32::from(c.own_line),
            own_line: c.own_line,
        }
    } else {
        let word: String = cur
            .rest()
            .chars()
            .take_while(|ch| ch.is_alphanumeric() || *ch == '-' || *ch == '_')
            .collect();
        let why = if word.is_empty() {
            "expected `ignore[...]` or `ignore-file[...]`".to_string()
        } else {
            match did_you_mean(&word, &["ignore", "ignore-file"]) {
                Some(s) => format!("unknown directive `{word}` (did you mean `{s}`?)"),
                None => format!(
                    "unknown directive `{word}`, expected `ignore[...]` or `ignore-file[...]`"
                ),
            }
        };
        return malformed(out, &why);
    };
    cur.skip_ws();
    if !cur.eat("[") {
        return malformed(out, "expected `[` and the rules to suppress after `ignore`");
    }
    let Some(close) = cur.rest().find(']') else {
        return malformed(out, "the list of rules has no closing `]`");
    };
    let list_start = cur.offset();
    let list = &cur.rest()[..close];
    cur.at += close + 1;

    // The names, each with its span.
    let mut names: Vec<Spanned<String>> = Vec::new();
    let mut offset = list_start;
    for part in list.split(',') {
        let lead = part.len() - part.trim_start().len();
        let name = part.trim();
        if !name.is_empty() {
            let start = offset + lead;
            names.push(Spanned::new(
                name.to_string(),
                span_of(start, start + name.len()),
            ));
        }
        offset += part.len() + 1;
    }
    if names.is_empty() {
        return malformed(out, "the list of rules is empty");
    }

    // The reason.
    cur.skip_ws();
    let reason = if cur.rest().is_empty() {
        None
    } else if cur.eat("--") {
        Some(cur.rest().trim().to_string()).filter(|r| !r.is_empty())
    } else {
        return malformed(out, "expected `-- reason` after the list of rules");
    };
    if reason.is_none() {
        out.findings.push(
            Finding::new(
                &rules::suppression_without_reason::RULE,
                comment,
                "this suppression gives no reason",
            )
            .label("why is this accepted?")
            .help("add the reason after `--`: `# streamlint: ignore[rule] -- why it is fine here`"),
        );
    }

    let mut known: Vec<Spanned<&'static str>> = Vec::new();
    for name in names {
        match rules::find(&name.value) {
            Some(rule) if !rule.suppressible => out.findings.push(
                Finding::new(
                    &rules::unused_suppression::RULE,
                    name.span,
                    format!("`{}` findings cannot be suppressed", rule.name),
                )
                .label("suppresses nothing")
                .help("a file that is not a valid stream cannot be checked: fix the file instead"),
            ),
            Some(rule) => {
                if !known.iter().any(|k| k.value == rule.name) {
                    known.push(Spanned::new(rule.name, name.span));
                }
            }
            None => {
                let f = Finding::new(
                    &rules::unknown_rule::RULE,
                    name.span,
                    format!("there is no rule named `{}`", name.value),
                )
                .label("unknown rule");
                out.findings
                    .push(f.help(rules::unknown_rule_help(&name.value)));
            }
        }
    }
    out.directives.push(Directive {
        scope,
        comment,
        names: known,
        reason,
    });
}

impl Suppressions {
    /// Applies the suppressions to a file's findings (the rules' findings plus
    /// [`Suppressions::findings`]), and adds `unused-suppression` findings for the rule names
    /// that silenced nothing. Returns the findings that remain.
    ///
    /// `rules_ran` is false when the file is not a valid stream: the rules did not look at it,
    /// so no suppression can be called unused.
    pub fn apply(self, findings: Vec<Finding>, rules_ran: bool) -> Vec<Finding> {
        let Suppressions {
            directives,
            findings: own,
            is_flow,
        } = self;
        if directives.is_empty() {
            let mut all = findings;
            all.extend(own);
            return all;
        }
        // Directives by the line they cover, and the file-wide ones.
        let mut by_line: HashMap<u32, Vec<usize>> = HashMap::new();
        let mut file_wide: Vec<usize> = Vec::new();
        for (d, dir) in directives.iter().enumerate() {
            match dir.scope {
                Scope::Line { line, .. } => by_line.entry(line).or_default().push(d),
                Scope::File => file_wide.push(d),
            }
        }
        // used[d][n]: did name n of directive d silence something?
        let mut used: Vec<Vec<bool>> = directives
            .iter()
            .map(|d| vec![false; d.names.len()])
            .collect();
        let silence = |f: &Finding, used: &mut Vec<Vec<bool>>| -> bool {
            if !rules::is_suppressible(f.rule) {
                return false;
            }
            let on_line = by_line
                .get(&f.span.start.line)
                .map_or(&[][..], Vec::as_slice);
            let mut hit = false;
            for &d in on_line.iter().chain(&file_wide) {
                for (n, name) in directives[d].names.iter().enumerate() {
                    if name.value == f.rule {
                        used[d][n] = true;
                        hit = true;
                    }
                }
            }
            hit
        };
        let mut kept: Vec<Finding> = findings
            .into_iter()
            .chain(own)
            .filter(|f| !silence(f, &mut used))
            .collect();
        if !rules_ran {
            return kept;
        }
        // Unused names, except `unused-suppression` itself: those may be silenced in turn
        // (`ignore-file[unused-suppression]`), then the unused `unused-suppression` names are
        // reported, and nothing silences those.
        let unused_rule = rules::unused_suppression::RULE.name;
        let mut lines: HashMap<&str, Vec<u32>> = HashMap::new();
        for f in &kept {
            lines.entry(f.rule).or_default().push(f.span.start.line);
        }
        lines.values_mut().for_each(|v| v.sort_unstable());
        for pass_self in [false, true] {
            let mut fresh = Vec::new();
            for (d, dir) in directives.iter().enumerate() {
                for (n, name) in dir.names.iter().enumerate() {
                    if used[d][n]
                        || (name.value == unused_rule) != pass_self
                        || (is_flow
                            && rules::find(name.value).is_some_and(|r| {
                                r.needs_conversation_start || r.judged_where_embedded
                            }))
                    {
                        continue;
                    }
                    let near = nearby_finding(&lines, name.value, dir);
                    fresh.push(unused_finding(dir, name, near));
                }
            }
            for f in fresh {
                if pass_self || !silence(&f, &mut used) {
                    kept.push(f);
                }
            }
        }
        kept
    }
}

/// How far below a stale line suppression a finding of its rule is taken as the one it meant.
const NEARBY_LINES: u32 = 10;

/// `near`: the line of the closest remaining finding of the rule just below the covered line,
/// which the suppression probably meant (the finding points elsewhere than the author thought).
fn unused_finding(dir: &Directive, name: &Spanned<&'static str>, near: Option<u32>) -> Finding {
    let place = match dir.scope {
        Scope::File => "in this file",
        Scope::Line { own_line: true, .. } => "on the next line",
        Scope::Line {
            own_line: false, ..
        } => "on this line",
    };
    let help = match near {
        Some(line) => format!(
            "`{}` reports on line {line}: move the comment to the end of that line, or alone \
             just above it",
            name.value
        ),
        None if dir.names.len() == 1 => "remove the comment".to_string(),
        None => format!("remove `{}` from the list", name.value),
    };
    Finding::new(
        &rules::unused_suppression::RULE,
        name.span,
        format!(
            "`{}` reports nothing {place}: the suppression is unused",
            name.value
        ),
    )
    .label("suppresses nothing")
    .help(help)
}

/// The closest line to `line` (within [`NEARBY_LINES`], below preferred on a tie) where `rule`
/// still reports: a comment written just under the line it meant is found too.
/// `lines`: per rule, the sorted start lines of the remaining findings.
fn nearby_finding(lines: &HashMap<&str, Vec<u32>>, rule: &str, dir: &Directive) -> Option<u32> {
    let Scope::Line { line, .. } = dir.scope else {
        return None;
    };
    let lines = lines.get(rule)?;
    let split = lines.partition_point(|l| *l <= line);
    let below = lines.get(split).filter(|l| **l <= line + NEARBY_LINES);
    let above = split
        .checked_sub(1)
        .and_then(|i| lines.get(i))
        .filter(|l| **l < line && **l + NEARBY_LINES >= line);
    match (below, above) {
        (Some(b), Some(a)) if line - a < b - line => Some(*a),
        (Some(b), _) => Some(*b),
        (None, a) => a.copied(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Scans with what `check` hands over: the loader's scalars (also of a file with a syntax
    /// error) and the model's kind.
    fn scan_str(text: &str) -> Suppressions {
        let src = SourceFile::new("t.stream.yaml", text);
        let (_, scalars) = yaml::load_scanned(&src);
        let is_flow = crate::parse::parse_stream(&src)
            .model
            .is_some_and(|s| s.kind == crate::model::StreamKind::Flow);
        scan(&src, &scalars, is_flow)
    }

    fn lines(s: &Suppressions) -> Vec<Scope> {
        s.directives.iter().map(|d| d.scope).collect()
    }

    #[test]
    fn trailing_and_own_line_comments() {
        let s = scan_str(
            "a: 1 # streamlint: ignore[poke-not-first] -- r\n\
             # streamlint: ignore[empty-branch] -- r\n\
             b: 2\n",
        );
        assert_eq!(
            lines(&s),
            vec![
                Scope::Line {
                    line: 1,
                    own_line: false
                },
                Scope::Line {
                    line: 3,
                    own_line: true
                }
            ]
        );
        assert!(s.findings.is_empty(), "{:?}", s.findings);
        assert_eq!(s.directives[0].names[0].span.start.column, 27);
    }

    #[test]
    fn hashes_inside_scalars_are_not_comments() {
        let text = "\
a: \"x # streamlint: ignore[poke-not-first] -- r\"
b: 'x # streamlint: ignore[poke-not-first] -- r'
c: |
  x
  # streamlint: ignore[poke-not-first] -- r
d: >-
  # streamlint: ignore[poke-not-first] -- r
e: x#streamlint:ignore[poke-not-first]
f: [\"# streamlint: ignore[poke-not-first] -- r\"] # streamlint: ignore[empty-branch] -- r
g: \"multi
  # streamlint: ignore[poke-not-first] -- r
  line\"
h: it's # streamlint: ignore[empty-branch] -- plain scalar with a quote # streamlint: x
i: \"a \\\" # b\" # streamlint: ignore[empty-branch] -- after a quoted scalar
j: 'it''s # x' # streamlint: ignore[empty-branch] -- after a single-quoted scalar
k: !!str \"# streamlint: ignore[poke-not-first] -- tagged\"
m: !!str | # streamlint: ignore[empty-branch] -- after a tagged block header
  # streamlint: ignore[poke-not-first] -- content
l: &anchor '# streamlint: ignore[poke-not-first] -- anchored'
# streamlint: ignore-file[token-without-default] -- after a block
";
        let s = scan_str(text);
        assert_eq!(
            lines(&s),
            vec![
                Scope::Line {
                    line: 9,
                    own_line: false
                },
                Scope::Line {
                    line: 13,
                    own_line: false
                },
                Scope::Line {
                    line: 14,
                    own_line: false
                },
                Scope::Line {
                    line: 15,
                    own_line: false
                },
                Scope::Line {
                    line: 17,
                    own_line: false
                },
                Scope::File
            ]
        );
    }

    #[test]
    fn flows_are_recognised_by_their_kind() {
        // The kind comes from the model, so the flow must be a valid one.
        let flow = "stream: f\nkind: flow\ncards:\n  - type: message # streamlint: ignore[empty-branch] -- r\n    text: hi\n";
        assert!(scan_str(flow).is_flow);
        let nested = "stream: f\ncards:\n  - kind: flow # streamlint: ignore[empty-branch] -- r\n";
        assert!(!scan_str(nested).is_flow);
        let value = "stream: kind\nx: flow # streamlint: ignore[empty-branch] -- r\n";
        assert!(!scan_str(value).is_flow);
    }

    #[test]
    fn crlf_line_endings() {
        let s = scan_str(
            "a: 1 # streamlint: ignore[empty-branch] -- r\r\n# streamlint: ignore[poke-not-first]\r\nb: 2\r\n",
        );
        assert_eq!(
            lines(&s),
            vec![
                Scope::Line {
                    line: 1,
                    own_line: false
                },
                Scope::Line {
                    line: 3,
                    own_line: true
                }
            ]
        );
        assert_eq!(s.directives[0].reason.as_deref(), Some("r"));
        // The missing reason is reported on the comment, without the `\r`.
        assert_eq!(s.findings.len(), 1);
        assert_eq!(s.findings[0].span.end.column, 37);
    }

    #[test]
    fn multibyte_text_before_comments() {
        let s = scan_str(
            "a: \"héllo wörld ✓\" # streamlint: ignore[empty-branch] -- r\n\
             b: \"ü # streamlint: ignore[empty-branch] -- inside\"\n",
        );
        assert_eq!(
            lines(&s),
            vec![Scope::Line {
                line: 1,
                own_line: false
            }]
        );
        assert_eq!(s.directives[0].comment.start.column, 20);
    }

    #[test]
    fn comment_after_block_scalar_at_lower_indent() {
        let text = "k:\n  t: |\n    text\n  # streamlint: ignore[empty-branch] -- r\n  u: 1\n";
        let s = scan_str(text);
        assert_eq!(
            lines(&s),
            vec![Scope::Line {
                line: 5,
                own_line: true
            }]
        );
    }

    #[test]
    fn problems_in_comments_are_findings() {
        let s = scan_str(
            "a: 1 # streamlint: ignore[poke-not-frist, schema]\n\
             b: 1 # streamlint: ignroe[x]\n\
             c: 1 # streamlint: ignore[] -- r\n\
             d: 1 # streamlint: ignore[empty-branch] because\n",
        );
        let got: Vec<(&str, u32, String)> = s
            .findings
            .iter()
            .map(|f| (f.rule, f.span.start.line, f.message.clone()))
            .collect();
        assert_eq!(got.len(), 6, "{got:#?}");
        assert_eq!(got[0].0, "suppression-without-reason");
        assert_eq!(got[1].0, "unknown-rule");
        assert_eq!(
            s.findings[1].help.as_deref(),
            Some("did you mean `poke-not-first`?")
        );
        assert_eq!(got[2].0, "unused-suppression");
        assert!(got[2].2.contains("`schema` findings cannot be suppressed"));
        assert!(got[3].2.contains("did you mean `ignore`"), "{}", got[3].2);
        assert!(got[4].2.contains("empty"));
        assert!(got[5].2.contains("-- reason"));
    }
}
