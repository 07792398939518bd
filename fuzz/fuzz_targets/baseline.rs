//! The baseline reader: any bytes as a baseline, then used to filter a real result.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use streamlint::baseline::Baseline;
use streamlint::check::{check_bytes, CheckResult};
use streamlint::rules::RuleSet;

const BROKEN: &str = include_str!("../../fixtures/broken.stream.yaml");

fuzz_target!(|data: &[u8]| {
    if let Ok(baseline) = Baseline::from_bytes(Path::new("baseline.json"), data.to_vec()) {
        let mut result = CheckResult {
            files: vec![check_bytes(
                "broken.stream.yaml",
                BROKEN.as_bytes().to_vec(),
                None,
                &RuleSet::all(),
            )],
            path_errors: Vec::new(),
        };
        let _ = baseline.filter(&mut result, |_| true);
    }
});
