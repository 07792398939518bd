//! Whole-process benchmarks: the `streamlint` binary run the way users run it, over generated
//! corpora written once to a temporary directory, output discarded. What a user waits for:
//! process start, directory walk, reading, parsing, rules, rendering and writing the report.
//!
//! - `check_corpus`: N clean ~8 KB streams (default 10,000, about 80 MB), in every format;
//! - `check_corpus_findings`: N ~8 KB streams of 50 warnings each, in every format;
//! - `check_one_large_stream`: one ~20 MB clean stream, in every format;
//! - `check_one_small_file`: one ~8 KB stream, process start included;
//! - `simulate_summary`: path classes of 40 fall-through questions (3 x 2^40 classes);
//! - `simulate_visitors`: 100,000 listed visitors against the shared pricing example;
//! - `simulate_explain`: `--explain` on a live chat of 6,000 custom rules.
//!
//! Run with `cargo bench --bench process` (minutes). Sizes can be lowered for a quick look:
//! `STREAMLINT_BENCH_FILES=1000 STREAMLINT_BENCH_LARGE_MB=2 cargo bench --bench process`.
//! docs/performance.md records the results and the machine.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use support::*;

const FORMATS: [&str; 5] = ["json", "short", "human", "sarif", "github"];

fn main() {
    divan::main();
}

fn env_size(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Where the corpora live for the whole run (removed when the process ends).
fn scratch() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("a temporary directory"))
        .path()
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// `files` copies of one stream in a directory of its own.
fn corpus(name: &str, files: usize, text: &str) -> PathBuf {
    let dir = scratch().join(name);
    for i in 0..files {
        write(&dir.join(format!("s{i:05}.stream.yaml")), text);
    }
    dir
}

fn clean_corpus() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        // 12 topics: about 8 KB, the size `benches/compare.sh` compares with actionlint.
        corpus(
            "clean",
            env_size("STREAMLINT_BENCH_FILES", 10_000),
            &wide_stream(12),
        )
    })
}

fn findings_corpus() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        // 50 `token-without-default` warnings per file, about 4 KB.
        corpus(
            "findings",
            env_size("STREAMLINT_BENCH_FILES", 10_000),
            &token_stream(50, "Hello"),
        )
    })
}

fn large_stream() -> &'static Path {
    static FILE: OnceLock<PathBuf> = OnceLock::new();
    FILE.get_or_init(|| {
        let mb = env_size("STREAMLINT_BENCH_LARGE_MB", 20);
        // About 660 bytes per topic.
        let path = scratch().join("large.stream.yaml");
        write(&path, &wide_stream(mb * 1_000_000 / 660));
        path
    })
}

fn run(args: &[&str], paths: &[&Path]) {
    let status = Command::new(env!("CARGO_BIN_EXE_streamlint"))
        .args(args)
        .args(paths)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("streamlint runs");
    // 0 clean, 1 findings at error level; 2 or a signal would mean the benchmark measures a
    // failure, not the work.
    assert!(
        matches!(status.code(), Some(0 | 1)),
        "streamlint {args:?} {paths:?} ended with {status}"
    );
}

#[divan::bench(args = FORMATS, sample_count = 3, sample_size = 1)]
fn check_corpus(bencher: divan::Bencher, format: &str) {
    let dir = clean_corpus();
    bencher.bench(|| run(&["check", "--color", "never", "--format", format], &[dir]));
}

#[divan::bench(args = FORMATS, sample_count = 3, sample_size = 1)]
fn check_corpus_findings(bencher: divan::Bencher, format: &str) {
    let dir = findings_corpus();
    bencher.bench(|| run(&["check", "--color", "never", "--format", format], &[dir]));
}

#[divan::bench(args = FORMATS, sample_count = 3, sample_size = 1)]
fn check_one_large_stream(bencher: divan::Bencher, format: &str) {
    let file = large_stream();
    bencher.bench(|| run(&["check", "--color", "never", "--format", format], &[file]));
}

#[divan::bench(sample_count = 20)]
fn check_one_small_file(bencher: divan::Bencher) {
    let file = scratch().join("small.stream.yaml");
    write(&file, &wide_stream(12));
    bencher.bench(|| run(&["check", "--color", "never"], &[&file]));
}

fn roster() -> PathBuf {
    let path = scratch().join("roster.yaml");
    write(
        &path,
        "agents:\n  - id: john\n    name: John\n  - id: maria\n    name: Maria\nteams:\n  - id: enterprise\n    members: [maria]\n",
    );
    path
}

#[divan::bench(sample_count = 5)]
fn simulate_summary(bencher: divan::Bencher) {
    let stream = scratch().join("forty.stream.yaml");
    write(&stream, &fall_through_stream(40));
    let roster = roster();
    bencher.bench(|| {
        let roster = roster.to_str().unwrap();
        run(
            &["simulate", "--roster", roster, "--color", "never"],
            &[&stream],
        )
    });
}

/// 100,000 visitors, a third of each kind of the shared example (west coast, big company,
/// browsing), no `expect`: a run that succeeds.
fn visitors(n: usize) -> String {
    let mut s = String::from("visitors:\n");
    for i in 0..n {
        s.push_str(&match i % 3 {
            0 => format!("  - id: west{i}\n    attributes: {{ inferred_state: CA }}\n    answers: [\"Yes, connect me\"]\n    fills: {{ first_name: Ana, email: ana{i}@example.com }}\n"),
            1 => format!("  - id: big{i}\n    attributes: {{ company_size: 5000 }}\n    answers: [\"Yes, connect me\"]\n    fills: {{ first_name: Bo, email: bo{i}@example.com }}\n"),
            _ => format!("  - id: browser{i}\n    answers: [\"Just browsing\"]\n"),
        });
    }
    s
}

#[divan::bench(args = ["human", "json"], sample_count = 3, sample_size = 1)]
fn simulate_visitors(bencher: divan::Bencher, format: &str) {
    let stream = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/pricing.stream.yaml");
    let list = scratch().join(format!("visitors-{format}.yaml"));
    write(&list, &visitors(100_000));
    let roster = roster();
    bencher.bench(|| {
        let (roster, list) = (roster.to_str().unwrap(), list.to_str().unwrap());
        run(
            &[
                "simulate",
                "--roster",
                roster,
                "--visitors",
                list,
                "--format",
                format,
            ],
            &[&stream],
        )
    });
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn simulate_explain(bencher: divan::Bencher) {
    let stream = scratch().join("rules.stream.yaml");
    write(&stream, &many_rules_stream(6_000));
    let roster = scratch().join("one-agent.yaml");
    write(&roster, ONE_AGENT_ROSTER);
    bencher.bench(|| {
        let roster = roster.to_str().unwrap();
        run(
            &[
                "simulate",
                "--roster",
                roster,
                "--explain",
                "--color",
                "never",
            ],
            &[&stream],
        )
    });
}
