//! Benchmarks of `check` and `simulate`, in process, on generated inputs (benches/support):
//! parse only; parse + graph + rules on clean and finding-heavy streams; the human report;
//! the paths that used to grow quadratically, each at n and 10n. Run with
//! `cargo bench --bench check`; docs/performance.md says what each measures and records results.

mod support;

use streamlint::check::{check_source, CheckResult};
use streamlint::graph::Graph;
use streamlint::parse;
use streamlint::report;
use streamlint::route::simulate::{path_classes, Options};
use streamlint::rules::{self, RuleSet};
use streamlint::source::SourceFile;
use support::*;

fn main() {
    divan::main();
}

#[divan::bench]
fn pricing_example(bencher: divan::Bencher) {
    let text = include_str!("../fixtures/pricing.stream.yaml");
    bencher.bench(|| {
        check_source(
            SourceFile::new("pricing.stream.yaml", text),
            None,
            &RuleSet::all(),
        )
    });
}

/// Parse only: YAML with spans and lowering to the model, no graph, no rules.
#[divan::bench(args = [1000, 10_000])]
fn parse_only_wide(bencher: divan::Bencher, n: usize) {
    let text = wide_stream(n);
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| parse::parse_stream(&SourceFile::new("wide.stream.yaml", text.as_str())));
}

/// One large stream (issue 10), 5 000 topics (3.3 MB): the YAML arena alone (events to
/// nodes, no model). docs/performance.md ("One large stream") has the 20 MB figures.
#[divan::bench]
fn one_large_stream_yaml(bencher: divan::Bencher) {
    let src = SourceFile::new("large.stream.yaml", wide_stream(5_000));
    bencher
        .counter(divan::counter::BytesCount::new(src.text.len()))
        .bench(|| parse::yaml::load(&src).map(|doc| doc.len()));
}

/// The same stream through `check_source`: YAML, model, graph, every rule.
#[divan::bench]
fn one_large_stream_check(bencher: divan::Bencher) {
    let text = wide_stream(5_000);
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| {
            check_source(
                SourceFile::new("large.stream.yaml", text.as_str()),
                None,
                &RuleSet::all(),
            )
        });
}

#[divan::bench(args = [10, 40, 200])]
fn fall_through_questions(bencher: divan::Bencher, questions: usize) {
    let text = fall_through_stream(questions);
    bencher.bench(|| {
        check_source(
            SourceFile::new("many.stream.yaml", text.as_str()),
            None,
            &RuleSet::all(),
        )
    });
}

/// Parse + graph + every rule on a clean wide stream.
#[divan::bench(args = [100, 1000, 10_000])]
fn wide_topics(bencher: divan::Bencher, n: usize) {
    let text = wide_stream(n);
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| {
            check_source(
                SourceFile::new("wide.stream.yaml", text.as_str()),
                None,
                &RuleSet::all(),
            )
        });
}

/// Parse + graph + every rule on a clean chain of questions (long paths to every live chat).
#[divan::bench(args = [1000, 10_000])]
fn chain_questions(bencher: divan::Bencher, n: usize) {
    let text = chain_stream(n);
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| {
            check_source(
                SourceFile::new("chain.stream.yaml", text.as_str()),
                None,
                &RuleSet::all(),
            )
        });
}

/// Parse + graph + every rule on a finding-heavy stream (n warnings).
#[divan::bench(args = [2000, 20_000])]
fn token_findings(bencher: divan::Bencher, n: usize) {
    let text = token_stream(n, "A");
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| {
            check_source(
                SourceFile::new("tokens.stream.yaml", text.as_str()),
                None,
                &RuleSet::all(),
            )
        });
}

/// Rendering only: n findings of one file in the human format (no colour) and in JSON.
#[divan::bench(args = [2000, 20_000])]
fn render_human(bencher: divan::Bencher, n: usize) {
    let result = CheckResult {
        files: vec![check_source(
            SourceFile::new("tokens.stream.yaml", token_stream(n, "A")),
            None,
            &RuleSet::all(),
        )],
        path_errors: Vec::new(),
    };
    bencher.bench(|| report::human::render(&result, false, false));
}

#[divan::bench(args = [2000, 20_000])]
fn render_json(bencher: divan::Bencher, n: usize) {
    let result = CheckResult {
        files: vec![check_source(
            SourceFile::new("tokens.stream.yaml", token_stream(n, "A")),
            None,
            &RuleSet::all(),
        )],
        path_errors: Vec::new(),
    };
    bencher.bench(|| report::json::render(&result));
}

/// The stream rules with a roster on one live chat with n custom rules (`shadowed-rule` and
/// the other routing rules), parse excluded.
#[divan::bench(args = [1000, 10_000])]
fn routing_rules_many_rules(bencher: divan::Bencher, n: usize) {
    let source = SourceFile::new("rules.stream.yaml", many_rules_stream(n));
    let stream = parse::parse_stream(&source).model.unwrap();
    let roster_src = SourceFile::new("roster.yaml", ONE_AGENT_ROSTER);
    let roster = parse::parse_roster(&roster_src).model.unwrap();
    bencher.bench(|| rules::check_stream(&source, &stream, Some(&roster), &|_| true));
}

/// The roster's own rules (agent lookups for team members and accounts) with n agents,
/// parse excluded.
#[divan::bench(args = [3000, 30_000])]
fn roster_rules_many_agents(bencher: divan::Bencher, n: usize) {
    let source = SourceFile::new("roster.yaml", many_agents_roster(n));
    let roster = parse::parse_roster(&source).model.unwrap();
    bencher.bench(|| rules::check_roster(&source, &roster, &[], &|_| true));
}

/// Parsing a roster with n misspelt time zones (n findings with a suggestion).
#[divan::bench(args = [1000, 10_000])]
fn roster_bad_time_zones(bencher: divan::Bencher, n: usize) {
    let text = bad_time_zone_roster(n);
    bencher.bench(|| parse::parse_roster(&SourceFile::new("roster.yaml", text.as_str())));
}

fn simulate_options(explain: bool) -> Options {
    Options {
        at: None,
        attributes: Vec::new(),
        limit: 100,
        explain,
    }
}

/// A valid stream and roster, parsed once outside the measured part of a simulate bench.
fn models(stream: &str, roster: &str) -> (streamlint::model::Stream, streamlint::model::Roster) {
    let stream = parse::parse_stream(&SourceFile::new("bench.stream.yaml", stream));
    let roster = parse::parse_roster(&SourceFile::new("roster.yaml", roster));
    (stream.model.unwrap(), roster.model.unwrap())
}

/// `simulate` without visitors on 40 fall-through questions before a live chat with custom
/// rules: 2^40 × (rules + 1) path classes, counted exactly, 100 listed.
#[divan::bench]
fn simulate_forty_questions(bencher: divan::Bencher) {
    let (stream, roster) = models(
        include_str!("../fixtures/simulate/forty-questions.stream.yaml"),
        include_str!("../fixtures/simulate/roster.yaml"),
    );
    let opts = simulate_options(false);
    bencher.bench(|| {
        let graph = Graph::build(&stream);
        path_classes(&graph, &roster, &opts)
    });
}

/// `simulate --explain` path classes of one live chat with n custom rules (n + 1 classes,
/// 100 listed with their explanations), parse excluded.
#[divan::bench(args = [600, 6000])]
fn simulate_explain_many_rules(bencher: divan::Bencher, n: usize) {
    let (stream, roster) = models(&many_rules_stream(n), ONE_AGENT_ROSTER);
    let opts = simulate_options(true);
    bencher.bench(|| {
        let graph = Graph::build(&stream);
        path_classes(&graph, &roster, &opts)
    });
}

/// `simulate --visitors` in process on n visitors of the pricing example (`visitors_file`):
/// the file split into visitors, each visitor lowered, played and rendered as JSON into a
/// buffer emptied every 16 KB, as the CLI does it (its validation pass, which lowers each
/// visitor once more, and the terminal are excluded). The ratio of 100,000 to 10,000 shows
/// the cost per visitor does not grow with the file.
#[divan::bench(args = [10_000, 100_000], sample_count = 5, sample_size = 1)]
fn simulate_visitors(bencher: divan::Bencher, n: usize) {
    use streamlint::parse::visitors::{Piece, VisitorItems};
    use streamlint::report::simulate::{Names, VisitorReport};
    use streamlint::route::simulate::VisitorPlayer;
    let (stream, roster) = models(
        include_str!("../fixtures/simulate/pricing.stream.yaml"),
        include_str!("../fixtures/simulate/roster.yaml"),
    );
    let graph = Graph::build(&stream);
    let source = SourceFile::new("visitors.yaml", visitors_file(n));
    let opts = simulate_options(false);
    let names = Names::default();
    bencher
        .counter(divan::counter::BytesCount::new(source.text.len()))
        .bench(|| {
            let items = VisitorItems::split(&source).unwrap();
            let mut player = VisitorPlayer::new(&graph, &roster, &opts);
            let mut report = VisitorReport::new("Pricing page", true, false, false, false, &names);
            let mut part = report.start();
            let mut written = 0;
            for i in 0..items.len() {
                if let Piece::Visitor(v) = items.lower(&source, i) {
                    report.visitor(&mut part, &player.play(&v));
                }
                if part.len() >= 1 << 14 {
                    written += part.len();
                    part.clear();
                }
            }
            report.end(&mut part);
            written + part.len()
        });
}
