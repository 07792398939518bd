//! A flow file is parsed once per run, however many streams embed it and whether or not the run
//! also checks it directly (tests/flows.rs has the behaviour). One test in this file, so the
//! process-wide load counter sees only its own runs.

use streamlint::parse::yaml;

#[test]
fn each_flow_file_is_loaded_once_per_run() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let no_config = dir.path().join("empty.yaml");
    std::fs::write(&no_config, "").unwrap();
    let loads_of = |paths: &[&str]| {
        let before = yaml::load_count();
        let mut argv = vec![
            "streamlint",
            "--quiet",
            "--config",
            no_config.to_str().unwrap(),
            "check",
        ];
        argv.extend_from_slice(paths);
        let code = streamlint::cli::run(argv);
        assert!(code == 0 || code == 1, "exit code {code}");
        yaml::load_count() - before
    };
    // Two streams embed qualify.flow.yaml three times in all, and the directory holds it too:
    // three files, the config, four loads.
    assert_eq!(loads_of(&["fixtures/flows/embedded"]), 4);
    // Named twice (once through `..`) and reached through both streams: still once.
    assert_eq!(
        loads_of(&[
            "fixtures/flows/embedded/pricing.stream.yaml",
            "fixtures/flows/embedded/support.stream.yaml",
            "fixtures/flows/embedded/../embedded/qualify.flow.yaml",
        ]),
        4
    );
    // Nested flows, and the three-file cycle reached from every file.
    assert_eq!(loads_of(&["fixtures/flows/nested/main.stream.yaml"]), 4);
    assert_eq!(loads_of(&["fixtures/flows/cycle"]), 5);
}
