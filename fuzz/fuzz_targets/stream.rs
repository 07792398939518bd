//! The stream reader and every stream rule: any bytes, checked as a stream file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use streamlint::check::check_bytes;
use streamlint::rules::RuleSet;

fuzz_target!(|data: &[u8]| {
    let result = check_bytes("fuzz.stream.yaml", data.to_vec(), None, &RuleSet::all());
    let len = result.source.text.len();
    for f in &result.findings {
        assert!(f.span.start.offset as usize <= len && f.span.end.offset as usize <= len);
        assert!(f.span.start.line >= 1 && f.span.start.column >= 1);
    }
});
