//! Visitors and the simulator: any bytes as a visitors file simulated on the demo stream and
//! roster, and as a stream whose path classes and visitors are simulated.
#![no_main]

use libfuzzer_sys::fuzz_target;
use streamlint::graph::Graph;
use streamlint::parse;
use streamlint::route::simulate::{self, Options};
use streamlint::source::SourceFile;

const STREAM: &str = include_str!("../../fixtures/demo/pricing.stream.yaml");
const ROSTER: &str = include_str!("../../fixtures/demo/roster.yaml");
const VISITORS: &str = include_str!("../../fixtures/demo/visitors.yaml");

fuzz_target!(|data: &[u8]| {
    let (source, bad) = parse::decode("fuzz.yaml", data.to_vec());
    if bad.is_some() {
        return;
    }
    let roster = parse::parse_roster(&SourceFile::new("roster.yaml", ROSTER))
        .model
        .unwrap();
    let opts = Options {
        at: Some("2026-11-25T10:00:00Z".parse().unwrap()),
        attributes: vec![("inferred_state".into(), "CA".into())],
        limit: 10,
        explain: true,
    };
    if let Some(visitors) = parse::parse_visitors(&source).model {
        let stream = parse::parse_stream(&SourceFile::new("s.stream.yaml", STREAM))
            .model
            .unwrap();
        let graph = Graph::build(&stream);
        let _ = simulate::visitors(&graph, &roster, &visitors, &opts);
    }
    if let Some(stream) = parse::parse_stream(&source).model {
        let graph = Graph::build(&stream);
        let _ = simulate::path_classes(&graph, &roster, &opts);
        let visitors = parse::parse_visitors(&SourceFile::new("v.yaml", VISITORS))
            .model
            .unwrap();
        let _ = simulate::visitors(&graph, &roster, &visitors, &opts);
    }
});
