//! Suppression comments: any bytes as a stream, its comments scanned and applied to its own
//! findings (the policy step of `check`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use streamlint::check::check_bytes;
use streamlint::rules::RuleSet;
use streamlint::suppress;

fuzz_target!(|data: &[u8]| {
    let result = check_bytes("fuzz.stream.yaml", data.to_vec(), None, &RuleSet::all());
    let syntax = result.findings.iter().any(|f| f.rule == "syntax");
    if let (false, Some(parsed)) = (syntax, &result.parsed) {
        let rules_ran = !result.findings.iter().any(|f| f.rule == "schema");
        let _ = suppress::scan(&result.source, &parsed.document.scalars, parsed.is_flow)
            .apply(result.findings.clone(), rules_ran);
    }
});
