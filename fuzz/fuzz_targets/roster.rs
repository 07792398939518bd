//! The roster reader, and the routing rules with the roster it reads: any bytes as a roster,
//! checked with the demo stream.
#![no_main]

use libfuzzer_sys::fuzz_target;
use streamlint::check::{check_bytes, RosterRun};
use streamlint::parse;
use streamlint::rules::RuleSet;

const STREAM: &str = include_str!("../../fixtures/demo/pricing.stream.yaml");

fuzz_target!(|data: &[u8]| {
    let (source, bad) = parse::decode("fuzz.roster.yaml", data.to_vec());
    if bad.is_some() {
        return;
    }
    let parsed = parse::parse_roster(&source);
    if let Some(roster) = parsed.model {
        let run = RosterRun::new(source, roster, parsed.document);
        let _ = check_bytes(
            "pricing.stream.yaml",
            STREAM.as_bytes().to_vec(),
            Some(&run),
            &RuleSet::all(),
        );
        let _ = run.finish(&RuleSet::all());
    }
});
