//! Benchmarks of the `check` pipeline: parse + graph + every rule, on the bundled example and on
//! generated streams that stress the parts that could blow up (many paths, many cards, big files).
//! Run with `cargo bench`; results and the machine go in docs/performance.md.

use streamlint::check::check_source;
use streamlint::source::SourceFile;

fn main() {
    divan::main();
}

/// `questions` two-answer questions in sequence, every answer falling through: 2^questions paths.
pub fn fall_through_stream(questions: usize) -> String {
    let mut s = String::from("stream: Many paths\ncards:\n");
    for i in 0..questions {
        s.push_str(&format!(
            "  - type: question\n    text: Question {i}?\n    answers:\n      - label: Yes {i}\n      - label: No {i}\n"
        ));
    }
    s.push_str(
        "  - type: info_capture\n    fields:\n      - attribute: name\n      - attribute: email\n",
    );
    s.push_str("  - type: live_chat\n    route: round_robin\n");
    s
}

/// A wide stream: `n` questions each opening two branches of a few cards (about 8n cards).
pub fn wide_stream(n: usize) -> String {
    let mut s = String::from(
        "stream: Wide\ncards:\n  - type: question\n    text: Pick a topic\n    answers:\n",
    );
    for i in 0..n {
        s.push_str(&format!(
            "      - label: Topic {i}\n        cards:\n          - type: message\n            text: \"About topic {i}, {{{{lead.FirstName:\\\"friend\\\"}}}}\"\n          - type: question\n            text: Talk to someone about {i}?\n            answers:\n              - label: \"Yes\"\n                cards:\n                  - type: info_capture\n                    fields:\n                      - attribute: first_name\n                      - attribute: email\n                        input: email\n                  - type: live_chat\n                    route: round_robin\n              - label: \"No\"\n                cards:\n                  - type: message\n                    text: OK!\n"
        ));
    }
    s
}

#[divan::bench]
fn pricing_example(bencher: divan::Bencher) {
    let text = include_str!("../fixtures/pricing.stream.yaml");
    bencher.bench(|| check_source(SourceFile::new("pricing.stream.yaml", text)));
}

#[divan::bench(args = [10, 40, 200])]
fn fall_through_questions(bencher: divan::Bencher, questions: usize) {
    let text = fall_through_stream(questions);
    bencher.bench(|| check_source(SourceFile::new("many.stream.yaml", text.as_str())));
}

#[divan::bench(args = [100, 1000, 10_000])]
fn wide_topics(bencher: divan::Bencher, n: usize) {
    let text = wide_stream(n);
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| check_source(SourceFile::new("wide.stream.yaml", text.as_str())));
}

/// `simulate` without visitors on 40 fall-through questions before a live chat with custom
/// rules: 2^40 × (rules + 1) path classes, counted exactly, 100 listed.
#[divan::bench]
fn simulate_forty_questions(bencher: divan::Bencher) {
    use streamlint::graph::Graph;
    use streamlint::parse;
    use streamlint::route::simulate::{path_classes, Options};
    let stream = parse::parse_stream(&SourceFile::new(
        "forty.stream.yaml",
        include_str!("../fixtures/simulate/forty-questions.stream.yaml"),
    ))
    .model
    .unwrap();
    let roster = parse::parse_roster(&SourceFile::new(
        "roster.yaml",
        include_str!("../fixtures/simulate/roster.yaml"),
    ))
    .model
    .unwrap();
    let opts = Options {
        at: None,
        attributes: Vec::new(),
        limit: 100,
        explain: false,
    };
    bencher.bench(|| {
        let graph = Graph::build(&stream);
        path_classes(&graph, &roster, &opts)
    });
}
