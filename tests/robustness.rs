//! Generated inputs: whatever bytes arrive, parsing and checking never panic, and every finding
//! points inside the file. Inputs are random text, random bytes, and fixtures with random edits
//! (deleted, duplicated or swapped lines; inserted YAML punctuation), which reach deep into the
//! parser far more often than random text does.

use proptest::prelude::*;
use streamlint::check::check_bytes;
use streamlint::graph::Graph;
use streamlint::parse;
use streamlint::route::simulate::{self, Options};
use streamlint::rules::RuleSet;
use streamlint::source::SourceFile;

const SEEDS: &[&str] = &[
    include_str!("../fixtures/demo/pricing.stream.yaml"),
    include_str!("../fixtures/demo/demo-request.stream.yaml"),
    include_str!("../fixtures/rules/schema/pass.stream.yaml"),
    include_str!("../fixtures/demo/roster.yaml"),
    include_str!("../fixtures/demo/visitors.yaml"),
    include_str!("../fixtures/hostile/card-alias-bomb.stream.yaml"),
];

const PUNCTUATION: &[&str] = &[
    ":", "- ", "[", "]", "{", "}", "&a ", "*a", "\"", "'", "#", "|", ">", "\t", "? ", "!!str ",
    "---\n", "\u{feff}", "é", "\n  ",
];

/// Every input is run through each parser and the full check.
fn exercise(bytes: Vec<u8>) {
    let result = check_bytes("gen.stream.yaml", bytes.clone(), None, &RuleSet::all());
    let len = result.source.text.len();
    for f in &result.findings {
        assert!(
            f.span.start.offset as usize <= len && f.span.end.offset as usize <= len,
            "{f:?}"
        );
        assert!(f.span.start.line >= 1 && f.span.start.column >= 1, "{f:?}");
    }
    let (source, _) = parse::decode("gen.yaml", bytes);
    let roster = parse::parse_roster(&source)
        .model
        .unwrap_or_else(demo_roster);
    let _ = parse::parse_visitors(&source);
    // A stream that parses is also simulated, path classes and visitors.
    if let Some(stream) = parse::parse_stream(&source).model {
        let graph = Graph::build(&stream);
        let opts = Options {
            at: Some("2026-11-25T10:00:00Z".parse().unwrap()),
            attributes: vec![("inferred_state".into(), "CA".into())],
            limit: 10,
            explain: true,
        };
        let _ = simulate::path_classes(&graph, &roster, &opts);
        let visitors = parse::parse_visitors(&SourceFile::new(
            "v.yaml",
            include_str!("../fixtures/demo/visitors.yaml"),
        ))
        .model
        .unwrap();
        let _ = simulate::visitors(&graph, &roster, &visitors, &opts);
    }
}

fn demo_roster() -> streamlint::model::Roster {
    let source = SourceFile::new("roster.yaml", include_str!("../fixtures/demo/roster.yaml"));
    parse::parse_roster(&source).model.unwrap()
}

fn mutate(seed: &str, edits: &[(usize, usize, usize)]) -> String {
    let mut lines: Vec<String> = seed.lines().map(str::to_string).collect();
    for &(kind, a, b) in edits {
        if lines.is_empty() {
            break;
        }
        let i = a % lines.len();
        match kind % 4 {
            0 => {
                lines.remove(i);
            }
            1 => {
                let line = lines[i].clone();
                lines.insert(i, line);
            }
            2 => {
                let j = b % lines.len();
                lines.swap(i, j);
            }
            _ => {
                let p = PUNCTUATION[b % PUNCTUATION.len()];
                let line = &mut lines[i];
                let mut at = b % (line.len() + 1);
                while !line.is_char_boundary(at) {
                    at -= 1;
                }
                line.insert_str(at, p);
            }
        }
    }
    lines.join("\n")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn random_text_never_panics(text in "\\PC{0,400}") {
        exercise(text.into_bytes());
    }

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        exercise(bytes);
    }

    #[test]
    fn edited_fixtures_never_panic(
        seed in 0..SEEDS.len(),
        edits in proptest::collection::vec((0usize..4, 0usize..10_000, 0usize..10_000), 1..8),
    ) {
        exercise(mutate(SEEDS[seed], &edits).into_bytes());
    }
}
