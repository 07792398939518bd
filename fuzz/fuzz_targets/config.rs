//! The config reader: any bytes as `.streamlint.yaml`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use streamlint::config;
use streamlint::parse;

fuzz_target!(|data: &[u8]| {
    let (source, bad) = parse::decode(".streamlint.yaml", data.to_vec());
    if bad.is_some() {
        return;
    }
    if let (Some(config), _) = config::parse_config(&source) {
        if let Some(filter) = config.exclude_filter() {
            let _ = filter(std::path::Path::new("streams/a.stream.yaml"));
        }
    }
});
