//! Every command shown in README.md and docs/*.md is run, and its exit code checked.
//!
//! The convention (docs/testing.md and the README's "Developing" section say it to contributors):
//!
//! - commands sit in ```sh, ```bash or ```console fenced blocks, one per line, starting with
//!   `streamlint ` (in a console block after `$ `; other console lines are output and ignored);
//!   a line ending in `\` continues on the next line;
//! - a command is expected to exit 0 unless its line ends with the comment `# exit N`;
//! - `mkdir -p DIR` lines are honoured, `> FILE` writes standard output to FILE and `< FILE` reads
//!   standard input from it (no other shell syntax: no pipes, `&&`, `;` or variables);
//! - lines running other tools (`cargo`, `pip`, `maturin`...) are skipped: the README's set-up
//!   commands are run by `tests/cli.rs`, and installing tools is not this test's job;
//! - a `streamlint` command this test cannot run as written (after a pipe or `&&`, with a shell
//!   variable) fails it: a command a reader can copy must work, so a placeholder (`streamlint
//!   check streams/`) belongs in a ```text block or in prose.
//!
//! Each block runs in its own scratch directory holding a copy of the repository's `fixtures/`
//! and `schemas/` and an empty `target/` (the build folder a checkout has), so paths read as from
//! the repository root, commands that write files (`init`, `--write-baseline`, `> FILE`, `-o
//! target/...`) never touch the checkout, and a later command of a block sees the files an
//! earlier one wrote.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// What the documentation asks to run, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
struct DocCommand {
    file: String,
    line: usize,
    /// The command as written (continuations joined), for messages.
    text: String,
    step: Step,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    /// `mkdir -p DIR` in the scratch directory.
    MakeDir(String),
    /// `streamlint ARGS [< IN] [> OUT] [# exit N]`.
    Run {
        args: Vec<String>,
        stdin: Option<String>,
        stdout: Option<String>,
        expected_exit: i32,
    },
    /// A line no reader could run as written; the message says why.
    Unrunnable(String),
    /// Another tool's command (`cargo`, `pip`...): not run here.
    Skipped,
}

/// One fenced block of runnable commands.
#[derive(Debug)]
struct Block {
    commands: Vec<DocCommand>,
}

const RUNNABLE_LANGUAGES: &[&str] = &["sh", "bash", "console", "shell"];

/// Where the reader is in a Markdown file.
enum Fence {
    Outside,
    /// Inside a block that is not run (```text, ```yaml, ...).
    Inert,
    /// Inside a runnable block; `console` blocks mark commands with `$ `.
    Runnable {
        console: bool,
        block: Block,
    },
}

fn blocks_of(file: &str, markdown: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut fence = Fence::Outside;
    let mut pending: Option<(usize, String)> = None; // a line continued with `\`
    for (index, raw) in markdown.lines().enumerate() {
        let number = index + 1;
        let trimmed = raw.trim_start();
        if trimmed.starts_with("```") {
            fence = match std::mem::replace(&mut fence, Fence::Outside) {
                Fence::Outside => {
                    let language = trimmed.trim_start_matches('`').trim();
                    if RUNNABLE_LANGUAGES.contains(&language) {
                        Fence::Runnable {
                            console: language == "console",
                            block: Block {
                                commands: Vec::new(),
                            },
                        }
                    } else {
                        Fence::Inert
                    }
                }
                Fence::Inert => Fence::Outside,
                Fence::Runnable { block, .. } => {
                    blocks.push(block);
                    Fence::Outside
                }
            };
            continue;
        }
        let Fence::Runnable { console, block } = &mut fence else {
            continue;
        };
        let (start, text) = match pending.take() {
            Some((start, mut text)) => {
                text.push(' ');
                text.push_str(trimmed);
                (start, text)
            }
            None => {
                let line = if *console {
                    match trimmed.strip_prefix("$ ") {
                        Some(command) => command.trim_start(),
                        None => continue, // output
                    }
                } else {
                    trimmed
                };
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                (number, line.to_string())
            }
        };
        if let Some(head) = text.strip_suffix('\\') {
            pending = Some((start, head.trim_end().to_string()));
            continue;
        }
        block.commands.push(DocCommand {
            file: file.to_string(),
            line: start,
            step: step_of(&text),
            text,
        });
    }
    if let Fence::Runnable { block, .. } = fence {
        blocks.push(block);
    }
    blocks.retain(|b| !b.commands.is_empty());
    blocks
}

/// Splits a command line into words: whitespace-separated, `'...'` and `"..."` quoted (no
/// escapes inside), a word starting with `#` begins the comment. Returns (words, comment).
fn split_words(line: &str) -> Result<(Vec<String>, Option<String>), String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = line.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '#' if !in_word => return Ok((words, Some(line[at + 1..].trim().to_string()))),
            '\'' | '"' => {
                in_word = true;
                let mut closed = false;
                for (_, q) in chars.by_ref() {
                    if q == c {
                        closed = true;
                        break;
                    }
                    word.push(q);
                }
                if !closed {
                    return Err(format!("unclosed {c} quote"));
                }
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '|' | ';' | '&' | '$' | '`' | '(' | ')' | '*' | '?' => {
                return Err(format!(
                    "`{c}` needs a shell; write commands the test can run without one"
                ));
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Ok((words, None))
}

/// The exit code a comment promises: `exit N` at its end (`# record; exit 0` too), else 0.
fn expected_exit(comment: Option<&str>) -> i32 {
    let Some(comment) = comment else { return 0 };
    let Some((before, code)) = comment.rsplit_once("exit ") else {
        return 0;
    };
    let before = before.trim_end();
    if !(before.is_empty() || before.ends_with([';', ',', ':'])) {
        return 0;
    }
    code.trim().parse().unwrap_or(0)
}

fn step_of(text: &str) -> Step {
    let first = text.split_whitespace().next().unwrap_or_default();
    if first != "streamlint" && first != "mkdir" {
        return if text.split_whitespace().any(|w| w == "streamlint") {
            Step::Unrunnable(
                "a `streamlint` command inside shell syntax; write it on its own line, starting \
                 with `streamlint`"
                    .into(),
            )
        } else {
            Step::Skipped
        };
    }
    let (words, comment) = match split_words(text) {
        Ok(split) => split,
        Err(why) => return Step::Unrunnable(why),
    };
    match words.first().map(String::as_str) {
        Some("mkdir") => match words.as_slice() {
            [_, flag, dir] if flag == "-p" => Step::MakeDir(dir.clone()),
            _ => Step::Unrunnable("only `mkdir -p DIR` is supported".into()),
        },
        Some("streamlint") => {
            let mut args = Vec::new();
            let mut stdin = None;
            let mut stdout = None;
            let mut rest = words[1..].iter();
            while let Some(word) = rest.next() {
                let target = match word.as_str() {
                    ">" => &mut stdout,
                    "<" => &mut stdin,
                    _ => {
                        if word.starts_with(['>', '<']) || word.starts_with("2>") {
                            return Step::Unrunnable(format!(
                                "write the redirection `{word}` as `> FILE` or `< FILE`"
                            ));
                        }
                        args.push(word.clone());
                        continue;
                    }
                };
                match rest.next() {
                    Some(file) => *target = Some(file.clone()),
                    None => return Step::Unrunnable(format!("`{word}` without a file")),
                }
            }
            Step::Run {
                args,
                stdin,
                stdout,
                expected_exit: expected_exit(comment.as_deref()),
            }
        }
        _ => Step::Skipped,
    }
}

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn documentation_files() -> Vec<PathBuf> {
    let root = repository();
    let mut files = vec![root.join("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root.join("docs"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    files.extend(docs);
    files
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        let kind = entry.file_type().unwrap();
        if kind.is_dir() {
            copy_tree(&entry.path(), &target);
        } else if kind.is_file() {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn scratch_directory() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for folder in ["fixtures", "schemas"] {
        copy_tree(&repository().join(folder), &dir.path().join(folder));
    }
    std::fs::create_dir(dir.path().join("target")).unwrap();
    dir
}

/// Runs one block in a fresh scratch directory; returns a description of each failure.
fn run_block(block: &Block) -> Vec<String> {
    let scratch = scratch_directory();
    let mut failures = Vec::new();
    for command in &block.commands {
        let place = format!("{}:{}: `{}`", command.file, command.line, command.text);
        match &command.step {
            Step::Skipped => {}
            Step::Unrunnable(why) => failures.push(format!("{place}\n    cannot run: {why}")),
            Step::MakeDir(dir) => std::fs::create_dir_all(scratch.path().join(dir)).unwrap(),
            Step::Run {
                args,
                stdin,
                stdout,
                expected_exit,
            } => {
                let mut cmd = Command::cargo_bin("streamlint").unwrap();
                cmd.current_dir(scratch.path())
                    .args(args)
                    .env_remove("GITHUB_ACTIONS")
                    .env_remove("GITHUB_STEP_SUMMARY")
                    .env_remove("CLICOLOR_FORCE")
                    .env("NO_COLOR", "1")
                    .timeout(std::time::Duration::from_secs(60));
                if let Some(file) = stdin {
                    match std::fs::read(scratch.path().join(file)) {
                        Ok(bytes) => {
                            cmd.write_stdin(bytes);
                        }
                        Err(e) => {
                            failures.push(format!("{place}\n    cannot read `< {file}`: {e}"));
                            continue;
                        }
                    }
                }
                let out = cmd.output().unwrap();
                let actual = out.status.code().unwrap_or(-1);
                if actual != *expected_exit {
                    failures.push(format!(
                        "{place}\n    expected exit {expected_exit}, got {actual}\n    stderr: {}\n    stdout (start): {}",
                        String::from_utf8_lossy(&out.stderr).trim_end(),
                        String::from_utf8_lossy(&out.stdout)
                            .lines()
                            .take(12)
                            .collect::<Vec<_>>()
                            .join("\n            ")
                    ));
                }
                if let Some(file) = stdout {
                    // Like a shell: the folder must exist already.
                    if let Err(e) = std::fs::write(scratch.path().join(file), &out.stdout) {
                        failures.push(format!("{place}\n    cannot write `> {file}`: {e}"));
                    }
                }
            }
        }
    }
    failures
}

#[test]
fn every_documented_command_runs_with_its_expected_exit_code() {
    let mut failures = Vec::new();
    let mut ran = 0;
    for path in documentation_files() {
        let name = path
            .strip_prefix(repository())
            .unwrap()
            .display()
            .to_string();
        let markdown = std::fs::read_to_string(&path).unwrap();
        for block in blocks_of(&name, &markdown) {
            ran += block
                .commands
                .iter()
                .filter(|c| matches!(c.step, Step::Run { .. }))
                .count();
            failures.extend(run_block(&block));
        }
    }
    assert!(ran >= 10, "only {ran} documented commands found");
    assert!(
        failures.is_empty(),
        "{} documented command(s) fail:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn the_collector_reads_the_convention() {
    let markdown = "\
intro `streamlint check prose` is not run
```sh
streamlint check a.yaml            # exit 1
streamlint check --baseline b.json # record; exit 0
mkdir -p .streamlint
streamlint schema stream > .streamlint/s.json
streamlint check - --stdin-filename 'x y.yaml' < a.yaml
cargo test --locked
cat a | streamlint check -
```
```text
streamlint check streams/
```
```console
$ streamlint simulate s.yaml \\
    --visitors v.yaml
output line
$ streamlint check b.yaml # exit 2
```
";
    let blocks = blocks_of("x.md", markdown);
    assert_eq!(blocks.len(), 2);
    let steps: Vec<(usize, &Step)> = blocks
        .iter()
        .flat_map(|b| b.commands.iter().map(|c| (c.line, &c.step)))
        .collect();
    let run = |args: &[&str], stdin: Option<&str>, stdout: Option<&str>, exit| Step::Run {
        args: args.iter().map(|s| s.to_string()).collect(),
        stdin: stdin.map(String::from),
        stdout: stdout.map(String::from),
        expected_exit: exit,
    };
    assert_eq!(steps[0], (3, &run(&["check", "a.yaml"], None, None, 1)));
    assert_eq!(
        steps[1],
        (4, &run(&["check", "--baseline", "b.json"], None, None, 0))
    );
    assert_eq!(steps[2], (5, &Step::MakeDir(".streamlint".into())));
    assert_eq!(
        steps[3],
        (
            6,
            &run(&["schema", "stream"], None, Some(".streamlint/s.json"), 0)
        )
    );
    assert_eq!(
        steps[4],
        (
            7,
            &run(
                &["check", "-", "--stdin-filename", "x y.yaml"],
                Some("a.yaml"),
                None,
                0
            )
        )
    );
    assert_eq!(steps[5], (8, &Step::Skipped));
    assert!(matches!(steps[6], (9, Step::Unrunnable(_))));
    assert_eq!(
        steps[7],
        (
            15,
            &run(
                &["simulate", "s.yaml", "--visitors", "v.yaml"],
                None,
                None,
                0
            )
        )
    );
    assert_eq!(steps[8], (18, &run(&["check", "b.yaml"], None, None, 2)));
    assert_eq!(steps.len(), 9);
}
