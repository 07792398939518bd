//! The YAML parser runs once per input file in `check`, whatever the flags: suppressions,
//! baselines and the roster's own rules all read the one parse. This test file holds a single
//! test, so the process-wide load counter sees only its own runs.

use streamlint::parse::yaml;

/// The stream files checked: suppression comments (also `#` inside scalars), a baseline fixture,
/// a config project's stream and a file with a syntax error.
const STREAMS: &[&str] = &[
    "fixtures/suppress/file-level.stream.yaml",
    "fixtures/suppress/misplaced.stream.yaml",
    "fixtures/suppress/mixed.stream.yaml",
    "fixtures/baseline/v1.stream.yaml",
    "fixtures/config/project/streams/pricing.stream.yaml",
    "fixtures/rules/syntax/fail.stream.yaml",
];

/// Runs `streamlint <args> STREAMS...` in this process; returns the YAML loads it made.
fn loads_of(args: &[&str]) -> usize {
    let before = yaml::load_count();
    let mut argv = vec!["streamlint", "--quiet"];
    argv.extend_from_slice(args);
    argv.extend_from_slice(STREAMS);
    let code = streamlint::cli::run(argv);
    // The streams have error findings: exit 1 (0 when only a baseline is written); never 2.
    assert!(code == 0 || code == 1, "exit code {code} for {args:?}");
    yaml::load_count() - before
}

#[test]
fn check_parses_each_file_once_with_suppressions_a_baseline_and_a_roster() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("baseline.json");
    let baseline = baseline.to_str().unwrap();
    // The config names a roster: each stream, the roster and the config itself, once.
    let config = "fixtures/config/project/.streamlint.yaml";
    let expected = STREAMS.len() + 2;

    assert_eq!(loads_of(&["--config", config, "check"]), expected);
    assert_eq!(
        loads_of(&["--config", config, "check", "--write-baseline", baseline]),
        expected
    );
    assert!(std::path::Path::new(baseline).exists());
    assert_eq!(
        loads_of(&["--config", config, "check", "--baseline", baseline]),
        expected
    );
    assert_eq!(
        loads_of(&[
            "--config",
            config,
            "check",
            "--format",
            "json",
            "--statistics"
        ]),
        expected
    );
    // Without config and roster: the streams alone.
    let no_config = dir.path().join("empty.yaml");
    std::fs::write(&no_config, "").unwrap();
    assert_eq!(
        loads_of(&["--config", no_config.to_str().unwrap(), "check"]),
        STREAMS.len() + 1
    );
}
