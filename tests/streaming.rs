//! `check` writes every format file by file and lets go of each file once reported
//! (src/cli/deliver.rs): many finding-heavy files stay in bounded memory, the reports stay valid
//! and complete whatever the files hold, and the summary counts what was skipped.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

/// Finding-heavy: `n` message cards with a token without a default (`n` warnings), as
/// `benches/support/mod.rs::token_stream`.
fn token_stream(n: usize) -> String {
    let mut s = String::from(
        "stream: Tokens\ncards:\n  - type: question\n    id: ask\n    text: Pick\n    answers:\n      - label: Yes\n        cards:\n",
    );
    for i in 0..n {
        s.push_str(&format!(
            "          - type: message\n            text: \"Hi {{{{lead.FirstName}}}} {i}\"\n"
        ));
    }
    s
}

const CLEAN: &str = "stream: s\ncards:\n  - type: message\n    text: Hi\n";

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    /// The child's own peak resident memory (Linux `VmHWM`), KiB; 0 elsewhere.
    peak_kib: u64,
}

fn run_in(dir: &Path, args: &[&str]) -> Run {
    let peak_file = tempfile::NamedTempFile::new().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_streamlint"))
        .args(args)
        .current_dir(dir)
        .env_remove("GITHUB_ACTIONS")
        .env_remove("CLICOLOR_FORCE")
        .env("NO_COLOR", "1")
        .env("STREAMLINT_TEST_PEAK_FILE", peak_file.path())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let peak_kib = std::fs::read_to_string(peak_file.path())
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(0);
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        peak_kib,
    }
}

/// `files` files named `sNNNN.stream.yaml` in a new directory, every `clean_every`-th clean.
fn corpus(files: usize, findings_each: usize, clean_every: usize) -> (tempfile::TempDir, usize) {
    let dir = tempfile::tempdir().unwrap();
    let heavy = token_stream(findings_each);
    let mut bytes = 0;
    for i in 0..files {
        let text = if clean_every > 0 && i % clean_every == 0 {
            CLEAN
        } else {
            &heavy
        };
        bytes += text.len();
        std::fs::write(dir.path().join(format!("s{i:04}.stream.yaml")), text).unwrap();
    }
    (dir, bytes)
}

#[test]
fn many_finding_heavy_files_are_reported_in_bounded_memory_in_every_format() {
    // 500 files of 40 findings each: 20,000 findings, 1.5 MB of streams. Keeping every file's
    // text, YAML tree and findings, and the whole report, until the end (as `check` did before
    // it wrote file by file) peaked at 61-92 MiB depending on the format (debug build);
    // written file by file, 10-21 MiB.
    let (dir, bytes) = corpus(500, 40, 0);
    assert!(bytes > 1_400_000, "{bytes}");
    for format in ["json", "sarif", "human", "short", "github"] {
        let run = run_in(dir.path(), &["check", "--format", format, "."]);
        assert_eq!(run.code, Some(0), "{format}: {}", run.stderr);
        assert!(
            run.stdout.len() > 1_500_000,
            "{format}: a report of every finding"
        );
        if cfg!(target_os = "linux") {
            assert!(
                run.peak_kib < 32 * 1024,
                "{format}: peak {} KiB over 32 MiB",
                run.peak_kib
            );
        }
    }
}

#[test]
fn json_and_sarif_stay_valid_and_complete_with_no_findings_and_with_many() {
    for (files, clean_every) in [(3, 1), (300, 0), (300, 7)] {
        let (dir, _) = corpus(files, 5, clean_every);
        let short = run_in(dir.path(), &["check", "--format", "short", "--quiet", "."]);
        let findings = short.stdout.lines().count();
        let json = run_in(dir.path(), &["check", "--format", "json", "."]);
        let v: Value = serde_json::from_str(&json.stdout).expect("valid JSON");
        assert_eq!(v["files"], files);
        assert_eq!(v["diagnostics"].as_array().unwrap().len(), findings);
        assert_eq!(v["warnings"], findings);
        let names: Vec<&str> = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["file"].as_str().unwrap())
            .collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted, "diagnostics in path order");
        let sarif = run_in(dir.path(), &["check", "--format", "sarif", "."]);
        let v: Value = serde_json::from_str(&sarif.stdout).expect("valid SARIF JSON");
        assert_eq!(v["runs"][0]["results"].as_array().unwrap().len(), findings);
        assert_eq!(v["runs"][0]["invocations"][0]["executionSuccessful"], true);
        if clean_every == 1 {
            assert_eq!(findings, 0);
            assert!(
                json.stdout.contains("\"diagnostics\": [],"),
                "{}",
                json.stdout
            );
        }
    }
}

#[cfg(unix)]
#[test]
fn skipped_paths_are_counted_in_the_summary_and_the_json_report() {
    let (dir, _) = corpus(2, 1, 0);
    let d = dir.path();
    std::os::unix::fs::symlink("missing", d.join("gone.stream.yaml")).unwrap();
    std::os::unix::fs::symlink("s0000.stream.yaml", d.join("twin.stream.yaml")).unwrap();
    let human = run_in(d, &["check", "."]);
    assert_eq!(human.code, Some(0), "{}", human.stderr);
    assert!(
        human.stdout.ends_with(
            "0 errors, 2 warnings in 2 files; 2 paths skipped (1 dangling-symlink, 1 duplicate)\n"
        ),
        "{}",
        human.stdout
    );
    let json = run_in(d, &["check", "--format", "json", "."]);
    let v: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(
        v["skipped"],
        serde_json::json!({ "dangling-symlink": 1, "duplicate": 1 })
    );
    let stats = run_in(d, &["check", "--format", "json", "--statistics", "."]);
    let v: Value = serde_json::from_str(&stats.stdout).unwrap();
    assert_eq!(v["skipped"]["duplicate"], 1);
    // Nothing skipped: no `skipped` key, no clause in the summary.
    let (dir, _) = corpus(2, 1, 0);
    let json = run_in(dir.path(), &["check", "--format", "json", "."]);
    let v: Value = serde_json::from_str(&json.stdout).unwrap();
    assert!(v.get("skipped").is_none(), "{v}");
    let short = run_in(dir.path(), &["check", "--format", "short", "."]);
    assert!(short.stdout.ends_with("0 errors, 2 warnings in 2 files\n"));
}

#[test]
fn a_reader_that_leaves_mid_report_ends_the_run_quietly_with_its_exit_code() {
    // Errors in every file, far more report than a pipe holds: the reader reads a little and
    // goes, while files are still being checked and written.
    let (dir, _) = corpus(400, 40, 0);
    for name in ["s0001.stream.yaml", "s0399.stream.yaml"] {
        std::fs::write(dir.path().join(name), "stream: x\ncards: 3\n").unwrap();
    }
    for format in ["human", "json", "sarif"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_streamlint"))
            .args(["check", "--format", format, "."])
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .env_remove("GITHUB_ACTIONS")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0u8; 4096];
        stdout.read_exact(&mut first).unwrap();
        drop(stdout);
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(1), "{format}: {stderr}");
        assert!(
            !stderr.contains("error"),
            "{format}: nothing said about the pipe: {stderr}"
        );
    }
}

#[test]
fn flows_keep_their_names_and_their_place_in_path_order() {
    // `a/` sorts before `flows/`, `z/` after: the flow's report waits for every stream, and the
    // stream after it waits for the flow. The flow is reached as `../flows/q.flow.yaml` from
    // `a/` and reported once, as `flows/q.flow.yaml`.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join(".git")).unwrap();
    for sub in ["a", "flows", "z"] {
        std::fs::create_dir_all(d.join(sub)).unwrap();
    }
    let stream = "stream: S\ncards:\n  - type: flow\n    flow: ../flows/q.flow.yaml\n  - type: message\n    text: \"Bye {{lead.FirstName}}\"\n";
    std::fs::write(d.join("a/s.stream.yaml"), stream).unwrap();
    std::fs::write(d.join("z/s.stream.yaml"), stream).unwrap();
    std::fs::write(
        d.join("flows/q.flow.yaml"),
        "stream: Q\nkind: flow\ncards:\n  - type: live_chat\n    route: { team: sales }\n  - type: message\n    text: \"Hi {{lead.FirstName}}\"\n",
    )
    .unwrap();
    let json = run_in(d, &["check", "--format", "json", "."]);
    let v: Value = serde_json::from_str(&json.stdout).expect("valid JSON");
    let files: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert!(files.contains(&"flows/q.flow.yaml"), "{files:?}");
    assert!(files.iter().all(|f| !f.contains("..")), "{files:?}");
    let mut sorted = files.clone();
    sorted.sort();
    assert_eq!(files, sorted);
    assert_eq!(v["files"], 3, "{}", json.stdout);
    // The human report in the same order, with the counts of the JSON one.
    let human = run_in(d, &["check", "."]);
    let at = |name: &str| {
        human
            .stdout
            .find(&format!("[{name}:"))
            .unwrap_or(usize::MAX)
    };
    assert!(
        at("a/s.stream.yaml") < at("flows/q.flow.yaml"),
        "{}",
        human.stdout
    );
    assert!(
        at("flows/q.flow.yaml") < at("z/s.stream.yaml"),
        "{}",
        human.stdout
    );
    let summary = format!(
        "{} errors, {} warnings in 3 files\n",
        v["errors"], v["warnings"]
    );
    assert!(human.stdout.ends_with(&summary), "{}", human.stdout);
}
