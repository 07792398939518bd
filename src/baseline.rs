//! Baselines: `check --write-baseline FILE` records today's findings, `check --baseline FILE`
//! then hides the findings recorded there, so a team can adopt streamlint on many streams and
//! ratchet down.
//!
//! An entry is keyed by file, rule, card and message, never by line: edits elsewhere in a file
//! leave it matching (and a second matching pass ignores the card, for cards whose position
//! changed; see [`Baseline::filter`]). The card is its id, or when it has none its path in the tree from the
//! nearest ancestor with an id (or the root), e.g. `cards[1].answers["Yes"].cards[0]` or
//! `wants-sales.answers["Yes"].cards[0]`; findings outside any card have no card. Entries count:
//! two identical findings need two entries. File names are stored relative to the baseline
//! file's directory, so the baseline works from any working directory.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::atomic;
use crate::check::{CheckResult, FileResult};
use crate::parse::yaml;
use crate::paths;

pub const VERSION: u32 = 1;

/// One recorded finding.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    pub file: String,
    pub rule: String,
    /// The card's id, or its path in the tree; `null` for findings outside any card.
    pub card: Option<String>,
    pub message: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u32,
    entries: Vec<Entry>,
}

/// A loaded baseline: its entries by file, and where file names are relative to.
#[derive(Debug)]
pub struct Baseline {
    /// Absolute, normalized directory of the baseline file.
    dir: PathBuf,
    /// The entries of each file (an entry only ever matches findings of its own file), taken
    /// out as each file is filtered: files are filtered one at a time, on several threads, as
    /// they are checked.
    by_file: Mutex<HashMap<String, Vec<Entry>>>,
}

/// What filtering against a baseline did.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Filtered {
    /// Findings hidden because the baseline has them.
    pub hidden: usize,
    /// Entries of the checked files that matched no finding: fixed, can be dropped.
    pub fixed: usize,
}

/// Keys findings for one baseline directory.
struct Keyer {
    dir: PathBuf,
}

impl Keyer {
    fn file_key(&self, name: &str) -> String {
        if name.starts_with('<') {
            // Standard input without `--stdin-filename`.
            return name.to_string();
        }
        paths::relative(&paths::absolute(Path::new(name)), &self.dir)
    }

    /// Entries for one file's findings, in finding order.
    fn entries(&self, result: &FileResult) -> Vec<Entry> {
        let findings = &result.findings;
        if findings.is_empty() {
            return Vec::new();
        }
        let file = self.file_key(&result.source.name);
        let tree = CardTree::new(result);
        findings
            .iter()
            .map(|f| Entry {
                file: file.clone(),
                rule: f.rule.to_string(),
                card: f.card.clone().or_else(|| {
                    tree.as_ref()
                        .and_then(|t| t.card_at(f.span.start.offset as usize))
                }),
                message: f.message.clone(),
            })
            .collect()
    }
}

/// Findings no baseline records or hides: those nothing else may hide either (a file that is
/// not valid, or whose check failed, always fails).
fn never_hidden(rule: &str) -> bool {
    !crate::rules::is_suppressible(rule)
}

/// The baseline file's directory, absolute.
fn dir_of(path: &Path) -> PathBuf {
    let abs = paths::absolute(path);
    abs.parent().map(Path::to_path_buf).unwrap_or(abs)
}

/// Records every finding of a result, sorted (file, rule, card, message).
pub fn entries_for(result: &CheckResult, baseline_path: &Path) -> Vec<Entry> {
    let mut entries: Vec<Entry> = result
        .files
        .iter()
        .flat_map(|f| file_entries(f, baseline_path))
        .collect();
    entries.sort();
    entries
}

/// The entries recording one file's findings (unsorted), for a baseline at `baseline_path`.
pub fn file_entries(file: &FileResult, baseline_path: &Path) -> Vec<Entry> {
    let keyer = Keyer {
        dir: dir_of(baseline_path),
    };
    let mut entries = keyer.entries(file);
    entries.retain(|e| !never_hidden(&e.rule));
    entries
}

/// Writes a baseline atomically: a temporary file in the same directory, then a rename, so a
/// reader never sees half a file and a failed write leaves the old baseline intact.
pub fn write(path: &Path, entries: Vec<Entry>) -> std::io::Result<()> {
    let file = BaselineFile {
        version: VERSION,
        entries,
    };
    let mut text = serde_json::to_string_pretty(&file).expect("baseline serialises");
    text.push('\n');
    atomic::write(path, text.as_bytes(), atomic::Existing::Replace)
}

/// Where `--write-baseline PATH` may write, decided before anything is checked: a new file, or
/// an existing regular file that holds a streamlint baseline and is none of the run's `inputs`
/// (the files named on the command line, the roster, the config). A symbolic link is followed
/// to such a file, and the file it names is replaced (the link stays). Anything else (a device,
/// a directory, a link to a terminal, a file of any other kind) is refused with a message: a
/// baseline replaces its target by rename, which must never destroy what was not a baseline.
pub fn writable_target(path: &Path, inputs: &[&Path]) -> Result<PathBuf, String> {
    let shown = paths::slash(path);
    let existed = std::fs::symlink_metadata(path).is_ok();
    // The rule every writer follows (a new file, or a regular file that is no input)...
    let real = atomic::checked_target(path, inputs, "the baseline")?;
    if !existed {
        return Ok(real);
    }
    // ... and a baseline replaces only a baseline.
    let holds_baseline = crate::input::read_path(&real)
        .is_ok_and(|bytes| serde_json::from_slice::<BaselineFile>(&bytes).is_ok());
    if !holds_baseline {
        return Err(format!(
            "{shown} exists and is not a streamlint baseline; refusing to overwrite it \
             (remove it or name another file)"
        ));
    }
    Ok(real)
}

impl Filtered {
    /// What to tell the user (as notes on standard error and in the step summary).
    pub fn notes(&self, path: &Path) -> Vec<String> {
        let mut notes = Vec::new();
        if self.hidden > 0 {
            notes.push(format!(
                "{} known {} hidden by the baseline {}",
                self.hidden,
                if self.hidden == 1 {
                    "finding"
                } else {
                    "findings"
                },
                path.display()
            ));
        }
        if self.fixed > 0 {
            notes.push(format!(
                "{} baseline {} fixed and can be dropped: run `streamlint check --write-baseline {}`",
                self.fixed,
                if self.fixed == 1 {
                    "entry is"
                } else {
                    "entries are"
                },
                path.display()
            ));
        }
        notes
    }
}

impl Baseline {
    /// Reads a baseline file. Errors are messages for the user (exit 2).
    pub fn load(path: &Path) -> Result<Baseline, String> {
        let shown = paths::slash(path);
        let bytes = crate::input::read_path(path)
            .map_err(|e| format!("{shown}: {}", crate::check::io_message(&e)))?;
        Baseline::from_bytes(path, bytes)
    }

    /// Reads a baseline's bytes; `path` is where it was read from (entries are relative to its
    /// directory). Errors are messages for the user (exit 2).
    pub fn from_bytes(path: &Path, bytes: Vec<u8>) -> Result<Baseline, String> {
        let shown = paths::slash(path);
        let text = String::from_utf8(bytes)
            .map_err(|_| format!("{shown}: not a streamlint baseline (not UTF-8 text)"))?;
        let file: BaselineFile = serde_json::from_str(&text).map_err(|e| {
            format!("{shown}: not a streamlint baseline ({e}); write one with `--write-baseline`")
        })?;
        if file.version != VERSION {
            return Err(format!(
                "{shown}: baseline version {} is not supported (expected {VERSION})",
                file.version
            ));
        }
        let mut by_file: HashMap<String, Vec<Entry>> = HashMap::new();
        for e in file.entries {
            by_file.entry(e.file.clone()).or_default().push(e);
        }
        Ok(Baseline {
            dir: dir_of(path),
            by_file: Mutex::new(by_file),
        })
    }

    /// Drops the findings the baseline records (each entry hides one finding), and counts the
    /// entries of the checked files that no longer match anything. See [`Baseline::filter_file`].
    pub fn filter(&self, result: &mut CheckResult, reported: impl Fn(&str) -> bool) -> Filtered {
        let mut outcome = Filtered::default();
        for file in &mut result.files {
            let one = self.filter_file(file, &reported);
            outcome.hidden += one.hidden;
            outcome.fixed += one.fixed;
        }
        outcome
    }

    /// Drops the findings of one file that the baseline records (each entry hides one finding),
    /// and counts the file's entries that no longer match anything. The file's entries are used
    /// up: each file is filtered once.
    ///
    /// Two passes: exact (file, rule, card, message) first; then each finding left over takes
    /// any entry left over with the same file, rule and message, whatever its card: a card
    /// renamed by its position (another card inserted before it) still matches, and since every
    /// entry hides one finding at most, a finding beyond the recorded count is always new.
    ///
    /// `reported(rule)` says whether this run reports the rule at all (`--select`, `--ignore`,
    /// `off`): entries of rules it does not report are not called fixed.
    pub fn filter_file(&self, file: &mut FileResult, reported: impl Fn(&str) -> bool) -> Filtered {
        let keyer = Keyer {
            dir: self.dir.clone(),
        };
        let key = keyer.file_key(&file.source.name);
        let recorded = self
            .by_file
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .remove(&key)
            .unwrap_or_default();
        let mut remaining: HashMap<&Entry, usize> = HashMap::new();
        for e in &recorded {
            *remaining.entry(e).or_default() += 1;
        }
        // Distinct entries by (rule, message), for the second pass.
        // Each with a cursor past the candidates used up: counts only go down, so a finding
        // looks at each exhausted candidate once in all, not once per finding (20,000 renamed
        // cards with one message would otherwise cost 20,000² looks).
        let mut loose: HashMap<(&str, &str), usize> = HashMap::new();
        let mut groups: Vec<(Vec<&Entry>, usize)> = Vec::new();
        for e in remaining.keys() {
            let group = *loose.entry((&e.rule, &e.message)).or_insert_with(|| {
                groups.push((Vec::new(), 0));
                groups.len() - 1
            });
            groups[group].0.push(e);
        }
        let entries = keyer.entries(file);
        let mut take = |e: &Entry| match remaining.get_mut(e) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        };
        let mut hidden: Vec<bool> = entries
            .iter()
            .map(|e| !never_hidden(&e.rule) && take(e))
            .collect();
        for (i, e) in entries.iter().enumerate() {
            if hidden[i] || never_hidden(&e.rule) {
                continue;
            }
            if let Some(&group) = loose.get(&(e.rule.as_str(), e.message.as_str())) {
                let (candidates, cursor) = &mut groups[group];
                while let Some(c) = candidates.get(*cursor) {
                    if take(c) {
                        hidden[i] = true;
                        break;
                    }
                    *cursor += 1;
                }
            }
        }
        let mut flags = hidden.into_iter();
        let before = file.findings.len();
        file.findings.retain(|_| !flags.next().unwrap_or(false));
        Filtered {
            hidden: before - file.findings.len(),
            fixed: remaining
                .iter()
                .filter(|(e, _)| reported(&e.rule))
                .map(|(_, n)| n)
                .sum(),
        }
    }
}

/// Where cards are in a file's YAML tree, to name id-less cards by their path.
struct CardTree {
    /// (start offset, end offset, name) of every card mapping, in pre-order (outermost first).
    cards: Vec<(usize, usize, String)>,
    /// Per card, the index of the card whose list holds it.
    parents: Vec<Option<usize>>,
    /// Whether starts increase along `cards` (they do for every tree the parser builds;
    /// `card_at` falls back to a scan if not).
    sorted: bool,
}

impl CardTree {
    /// `None` when no finding needs it or the file is not valid YAML. Reads the YAML of the
    /// file's one parse.
    fn new(result: &FileResult) -> Option<CardTree> {
        if result.findings.iter().all(|f| f.card.is_some()) {
            return None;
        }
        let doc = &result.parsed.as_ref()?.document;
        let root = doc.root?;
        Some(CardTree::of_cards(doc, map_get(doc, root, "cards")))
    }

    /// The cards of the stream's `cards` list (none without one).
    fn of_cards(doc: &yaml::Document, cards: Option<yaml::NodeId>) -> CardTree {
        let mut tree = CardTree {
            cards: Vec::new(),
            parents: Vec::new(),
            sorted: true,
        };
        if let Some(cards) = cards {
            tree.walk_list(doc, cards, "cards".to_string(), None);
        }
        tree.sorted = tree.cards.windows(2).all(|w| w[0].0 < w[1].0);
        tree
    }

    /// The innermost card containing `offset`.
    ///
    /// Cards nest, so every card containing `offset` contains the last card starting at or
    /// before it: the innermost is the first of that card and its ancestors that contains
    /// `offset`, found by a binary search and a walk up at most the nesting depth.
    fn card_at(&self, offset: usize) -> Option<String> {
        let contains = |(start, end, _): &(usize, usize, String)| {
            *start <= offset && offset < (*end).max(start + 1)
        };
        if !self.sorted {
            return self
                .cards
                .iter()
                .filter(|c| contains(c))
                .min_by_key(|(start, end, _)| end - start)
                .map(|(_, _, name)| name.clone());
        }
        let mut at = self
            .cards
            .partition_point(|(start, _, _)| *start <= offset)
            .checked_sub(1);
        while let Some(ix) = at {
            if contains(&self.cards[ix]) {
                return Some(self.cards[ix].2.clone());
            }
            at = self.parents[ix];
        }
        None
    }

    /// Cards written in a list (aliases are not followed: a reused card is named where it is
    /// written).
    fn walk_list(
        &mut self,
        doc: &yaml::Document,
        list: yaml::NodeId,
        prefix: String,
        parent: Option<usize>,
    ) {
        let yaml::Value::Seq(items) = doc.value(list) else {
            return;
        };
        for (i, item) in items.iter().enumerate() {
            if !matches!(doc.value(item), yaml::Value::Map(_)) {
                continue;
            }
            let name = match map_get(doc, item, "id").and_then(|id| scalar(doc, id)) {
                Some(id) => id.to_string(),
                None => format!("{prefix}[{i}]"),
            };
            let span = doc.span(item);
            let me = self.cards.len();
            self.cards.push((
                span.start.offset as usize,
                span.end.offset as usize,
                name.clone(),
            ));
            self.parents.push(parent);
            if let Some(answers) = map_get(doc, item, "answers") {
                if let yaml::Value::Seq(answers) = doc.value(answers) {
                    for answer in answers {
                        let label = map_get(doc, answer, "label")
                            .and_then(|l| scalar(doc, l))
                            .unwrap_or("");
                        if let Some(cards) = map_get(doc, answer, "cards") {
                            let label = serde_json::to_string(label).expect("string serialises");
                            self.walk_list(
                                doc,
                                cards,
                                format!("{name}.answers[{label}].cards"),
                                Some(me),
                            );
                        }
                    }
                }
            }
            if let Some(branches) = map_get(doc, item, "branches") {
                if let yaml::Value::Seq(branches) = doc.value(branches) {
                    for (b, branch) in branches.iter().enumerate() {
                        if let Some(cards) = map_get(doc, branch, "cards") {
                            self.walk_list(
                                doc,
                                cards,
                                format!("{name}.branches[{b}].cards"),
                                Some(me),
                            );
                        }
                    }
                }
            }
            if let Some(otherwise) = map_get(doc, item, "otherwise") {
                self.walk_list(doc, otherwise, format!("{name}.otherwise"), Some(me));
            }
        }
    }
}

fn map_get(doc: &yaml::Document, map: yaml::NodeId, key: &str) -> Option<yaml::NodeId> {
    let yaml::Value::Map(entries) = doc.value(map) else {
        return None;
    };
    entries
        .iter()
        .find(|(k, _)| scalar(doc, *k) == Some(key))
        .map(|(_, v)| v)
}

fn scalar(doc: &yaml::Document, id: yaml::NodeId) -> Option<&str> {
    match doc.value(id) {
        yaml::Value::Scalar { text, .. } => Some(text),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse;
    use crate::source::SourceFile;

    fn entry(message: &str) -> Entry {
        Entry {
            file: "a.stream.yaml".into(),
            rule: "schema".into(),
            card: None,
            message: message.into(),
        }
    }

    #[test]
    fn writes_replace_the_file_and_leave_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.json");
        write(&path, vec![entry("one")]).unwrap();
        write(&path, vec![entry("two"), entry("two")]).unwrap();
        let loaded = Baseline::load(&path).unwrap();
        let by_file = loaded.by_file.into_inner().unwrap();
        let entries: Vec<&Entry> = by_file.values().flatten().collect();
        assert_eq!(entries, vec![&entry("two"), &entry("two")]);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        // A failed write (no such directory) reports the error and leaves nothing behind.
        assert!(write(&dir.path().join("missing/b.json"), vec![]).is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn card_paths_name_id_less_cards_from_the_nearest_id() {
        let text = "\
stream: s
cards:
  - type: message
    text: hi
  - type: question
    id: ask
    text: ok?
    answers:
      - label: \"Yes\"
        cards:
          - type: message
            text: a
      - label: No
  - type: branch
    branches:
      - when: { attribute: x, is: y }
        cards:
          - type: message
            text: b
    otherwise:
      - type: message
        text: c
";
        let src = SourceFile::new("t.stream.yaml", text);
        let doc = parse::load_yaml(&src).unwrap();
        let cards = map_get(&doc, doc.root.unwrap(), "cards").unwrap();
        let tree = CardTree::of_cards(&doc, Some(cards));
        assert!(tree.sorted);
        let at = |needle: &str| tree.card_at(text.find(needle).unwrap());
        assert_eq!(at("text: hi").as_deref(), Some("cards[0]"));
        assert_eq!(at("text: ok?").as_deref(), Some("ask"));
        assert_eq!(
            at("text: a").as_deref(),
            Some("ask.answers[\"Yes\"].cards[0]")
        );
        assert_eq!(
            at("text: b").as_deref(),
            Some("cards[2].branches[0].cards[0]")
        );
        assert_eq!(at("text: c").as_deref(), Some("cards[2].otherwise[0]"));
        assert_eq!(at("stream: s"), None);
    }
}
