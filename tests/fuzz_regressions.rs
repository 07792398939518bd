//! Inputs the fuzzers (fuzz/, docs/testing.md) found crashing, committed under
//! `fixtures/fuzz/TARGET/` once fixed, replayed here through the code the target exercises, so
//! `cargo test` keeps them fixed without nightly. Each must run without a panic, every finding
//! inside its file, and within [`SLOW`] (libFuzzer also reports inputs that are merely slow:
//! those are kept here to hold their time).

use std::path::Path;
use std::time::{Duration, Instant};

/// The longest one replay may take (an unoptimised build, a loaded machine).
const SLOW: Duration = Duration::from_secs(10);

use streamlint::baseline::Baseline;
use streamlint::check::{check_bytes, CheckResult};
use streamlint::graph::Graph;
use streamlint::parse;
use streamlint::route::simulate::{self, Options};
use streamlint::rules::RuleSet;
use streamlint::source::SourceFile;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/fuzz")
        .join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut out: Vec<(String, Vec<u8>)> = entries
        .map(|e| {
            let path = e.unwrap().path();
            (path.display().to_string(), std::fs::read(&path).unwrap())
        })
        .collect();
    out.sort();
    out
}

fn check_stream(bytes: Vec<u8>) {
    let result = check_bytes("fuzz.stream.yaml", bytes, None, &RuleSet::all());
    let len = result.source.text.len();
    for f in &result.findings {
        assert!(
            f.span.start.offset as usize <= len && f.span.end.offset as usize <= len,
            "{f:?}"
        );
        assert!(f.span.start.line >= 1 && f.span.start.column >= 1, "{f:?}");
    }
}

fn simulate_all(bytes: Vec<u8>) {
    let (source, bad) = parse::decode("fuzz.yaml", bytes);
    if bad.is_some() {
        return;
    }
    let roster = parse::parse_roster(&SourceFile::new(
        "roster.yaml",
        include_str!("../fixtures/demo/roster.yaml"),
    ))
    .model
    .unwrap();
    let opts = Options {
        at: Some("2026-11-25T10:00:00Z".parse().unwrap()),
        attributes: vec![("inferred_state".into(), "CA".into())],
        limit: 10,
        explain: true,
    };
    if let Some(stream) = parse::parse_stream(&source).model {
        let graph = Graph::build(&stream);
        let _ = simulate::path_classes(&graph, &roster, &opts);
    }
    if let Some(visitors) = parse::parse_visitors(&source).model {
        let stream = parse::parse_stream(&SourceFile::new(
            "s.stream.yaml",
            include_str!("../fixtures/demo/pricing.stream.yaml"),
        ))
        .model
        .unwrap();
        let _ = simulate::visitors(&Graph::build(&stream), &roster, &visitors, &opts);
    }
}

#[test]
fn every_committed_fuzz_crash_stays_fixed() {
    let mut replayed = 0;
    for target in [
        "stream", "suppress", "roster", "simulate", "config", "baseline",
    ] {
        for (name, bytes) in inputs(target) {
            eprintln!("replaying {name}");
            let start = Instant::now();
            match target {
                "stream" | "suppress" => check_stream(bytes),
                "roster" => {
                    let (source, _) = parse::decode("fuzz.roster.yaml", bytes);
                    let _ = parse::parse_roster(&source);
                }
                "simulate" => simulate_all(bytes),
                "config" => {
                    let (source, _) = parse::decode(".streamlint.yaml", bytes);
                    let _ = streamlint::config::parse_config(&source);
                }
                _ => {
                    if let Ok(b) = Baseline::from_bytes(Path::new("b.json"), bytes) {
                        let mut result = CheckResult::default();
                        let _ = b.filter(&mut result, |_| true);
                    }
                }
            }
            assert!(start.elapsed() < SLOW, "{name} took {:?}", start.elapsed());
            replayed += 1;
        }
    }
    assert!(replayed > 0, "fixtures/fuzz holds no input");
}
