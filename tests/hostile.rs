//! Hostile input, one case per class of issue 9 ("trust"): whatever arrives, streamlint never
//! crashes (exit 101 or a signal), never says "clean" for a file it did not check, never writes
//! over a file it should not, and stays within the memory and time limits of `docs/limits.md`.
//! Every case asserts the exit code and the message; on Linux, the child's peak memory too.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What one run of the binary did.
#[derive(Debug)]
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    /// Peak resident memory of the child in KiB (0 where it cannot be measured).
    peak_kib: u64,
    elapsed: Duration,
}

impl Run {
    /// Exited with `code`, not by a signal, never 101.
    fn assert_exit(&self, code: i32) -> &Self {
        assert_eq!(self.code, Some(code), "{self:#?}");
        self
    }

    fn assert_stderr_has(&self, text: &str) -> &Self {
        assert!(
            self.stderr.contains(text),
            "stderr lacks {text:?}: {self:#?}"
        );
        self
    }

    fn assert_stdout_has(&self, text: &str) -> &Self {
        assert!(
            self.stdout.contains(text),
            "stdout lacks {text:?}: {self:#?}"
        );
        self
    }

    /// Peak memory under `mib` MiB and wall time under `secs` (docs/limits.md).
    fn assert_within(&self, mib: u64, secs: u64) -> &Self {
        assert!(
            self.peak_kib <= mib * 1024,
            "peak {} KiB over {mib} MiB",
            self.peak_kib
        );
        assert!(
            self.elapsed <= Duration::from_secs(secs),
            "took {:?}",
            self.elapsed
        );
        self
    }
}

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_streamlint"))
}

fn command(args: &[&str]) -> Command {
    let mut cmd = Command::new(bin());
    cmd.args(args)
        .env_remove("GITHUB_ACTIONS")
        .env_remove("CLICOLOR_FORCE")
        .env("NO_COLOR", "1")
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// Runs `cmd` with `stdin` as its input (None: no input), measuring time and peak memory.
fn run_cmd(mut cmd: Command, stdin: Option<Stdio>) -> Run {
    cmd.stdin(stdin.unwrap_or_else(Stdio::null))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // The child writes its own peak memory here (see `record_peak_memory` in src/cli.rs).
    let peak_file = tempfile::NamedTempFile::new().unwrap();
    cmd.env("STREAMLINT_TEST_PEAK_FILE", peak_file.path());
    let start = Instant::now();
    let mut child = cmd.spawn().unwrap();
    let (out_reader, err_reader) = drain(&mut child);
    let (code, rusage_kib) = wait_measured(&mut child);
    let elapsed = start.elapsed();
    // The child's own figure when it wrote one (Linux); `ru_maxrss` otherwise, which can only
    // be larger (it also counts this harness's memory the child shared before `exec`).
    let peak_kib = std::fs::read_to_string(peak_file.path())
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(rusage_kib);
    let stdout = String::from_utf8_lossy(&out_reader.join().unwrap()).into_owned();
    let stderr = String::from_utf8_lossy(&err_reader.join().unwrap()).into_owned();
    Run {
        code,
        stdout,
        stderr,
        peak_kib,
        elapsed,
    }
}

fn run(args: &[&str]) -> Run {
    run_cmd(command(args), None)
}

/// The exit code (None for a signal) and the child's `ru_maxrss` in KiB (an upper bound of its
/// peak: it also counts memory shared with this harness before `exec`).
#[cfg(target_os = "linux")]
fn wait_measured(child: &mut std::process::Child) -> (Option<i32>, u64) {
    let mut status = 0;
    // SAFETY: plain FFI with valid pointers; the child is ours and not yet waited for.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(r, pid, "wait4 failed");
    let code = if libc::WIFEXITED(status) {
        Some(libc::WEXITSTATUS(status))
    } else {
        None
    };
    (code, usage.ru_maxrss as u64)
}

#[cfg(not(target_os = "linux"))]
fn wait_measured(child: &mut std::process::Child) -> (Option<i32>, u64) {
    (child.wait().unwrap().code(), 0)
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Runs with standard output a pipe whose reader is already gone (`| head -0`).
fn run_closed_stdout(args: &[&str]) -> Run {
    let mut cmd = command(args);
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = cmd.spawn().unwrap();
    drop(child.stdout.take());
    let mut err = child.stderr.take().unwrap();
    let mut stderr = String::new();
    let _ = err.read_to_string(&mut stderr);
    let (code, peak_kib) = wait_measured(&mut child);
    Run {
        code,
        stdout: String::new(),
        stderr,
        peak_kib,
        elapsed: start.elapsed(),
    }
}

// Class 1: output that cannot be written.

#[test]
fn a_closed_pipe_ends_every_command_quietly() {
    let simulate = [
        "simulate",
        "fixtures/demo/pricing.stream.yaml",
        "--roster",
        "fixtures/demo/roster.yaml",
    ];
    let cases: [(&[&str], i32); 7] = [
        (&["rules"], 0),
        (&["rules", "--markdown"], 0),
        (&["schema"], 0),
        (&["explain", "syntax"], 0),
        (&simulate, 0),
        (&["check", "fixtures/broken.stream.yaml"], 1),
        (&["check", "--format", "sarif", "fixtures/demo"], 0),
    ];
    for (args, code) in cases {
        let run = run_closed_stdout(args);
        run.assert_exit(code);
        assert!(!run.stderr.contains("panicked"), "{args:?}: {run:#?}");
        assert!(!run.stderr.contains("error"), "{args:?}: {run:#?}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_report_that_cannot_be_written_is_exit_2_with_one_line() {
    for args in [
        &["check", "--format", "sarif", "fixtures/demo"][..],
        &["rules"],
        &["schema", "roster"],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let mut cmd = command(args);
        cmd.stdout(full);
        let mut child = cmd
            .stdin(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        let (code, _) = wait_measured(&mut child);
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert_eq!(
            stderr,
            "error: could not write the report to standard output: No space left on device (os error 28)\n",
            "{args:?}"
        );
    }
}

// Class 7: output injection.

/// No raw control character other than layout (newline, tab) in `text`.
fn assert_no_raw_controls(text: &str, what: &str) {
    assert!(
        !text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t'),
        "{what} holds a raw control character: {text:?}"
    );
}

#[test]
fn control_characters_in_user_text_are_escaped_in_every_format() {
    let dir = tempdir();
    let file = dir.path().join("inject.stream.yaml");
    // An escape sequence retitling the terminal, in a key (unknown field) and in a value.
    std::fs::write(
        &file,
        "stream: \"\\e]0;pwned\\a\"\ncards:\n  - type: message\n    \"te\\e]0;x\\axt\": hi\n",
    )
    .unwrap();
    for format in ["human", "short", "json", "sarif", "github"] {
        let run = run(&[
            "check",
            "--color",
            "never",
            "--format",
            format,
            path_str(&file),
        ]);
        run.assert_exit(1);
        assert_no_raw_controls(&run.stdout, format);
        assert_no_raw_controls(&run.stderr, format);
        if format != "json" && format != "sarif" {
            run.assert_stdout_has("\\u{1b}]0;x\\u{7}");
        }
    }
}

#[test]
fn a_newline_in_a_key_cannot_forge_a_finding_line() {
    let dir = tempdir();
    let file = dir.path().join("forge.stream.yaml");
    std::fs::write(
        &file,
        "stream: X\ncards:\n  - type: message\n    \"a\\nforged.stream.yaml:1:1: error[syntax] fake\": hi\n",
    )
    .unwrap();
    let run = run(&["check", "--format", "short", "--quiet", path_str(&file)]);
    run.assert_exit(1);
    assert!(
        run.stdout.lines().all(|l| l.starts_with(path_str(&file))),
        "{}",
        run.stdout
    );
    run.assert_stdout_has("\\nforged.stream.yaml:1:1");
}

#[test]
fn raw_control_bytes_in_a_file_never_reach_the_terminal_through_a_snippet() {
    let dir = tempdir();
    let file = dir.path().join("raw.stream.yaml");
    std::fs::write(&file, "stream: a\u{1b}]0;pwned\u{7}b\ncards: []\n").unwrap();
    let run = run(&["check", "--color", "always", path_str(&file)]);
    run.assert_exit(1);
    assert!(!run.stdout.contains("\u{1b}]0;"), "{}", run.stdout);
}

/// Messages on standard error quote user text (file names, git revisions, rule names, config
/// paths) escaped, in every command: a name holding `ESC ]0;...BEL` and a newline is one line,
/// with no raw control character.
#[test]
fn messages_on_stderr_escape_names_and_revisions_in_every_command() {
    let dir = tempdir();
    let name = "bad\u{1b}]0;pwned\u{7}\nforged.stream.yaml";
    let missing = dir.path().join(name);
    let m = path_str(&missing);
    let target = dir.path().join("no-such-dir").join(name);
    let t = path_str(&target);
    let (s, r) = (
        "fixtures/demo/pricing.stream.yaml",
        "fixtures/demo/roster.yaml",
    );
    let rev = "HEAD\u{1b}]0;pwned\u{7}\n:fixtures/demo/pricing.stream.yaml";
    let cases: Vec<Vec<&str>> = vec![
        vec!["check", m],
        vec!["check", s, "--roster", m],
        vec!["check", s, "--baseline", m],
        vec!["check", s, "--write-baseline", t],
        vec!["--config", m, "check", s],
        vec!["graph", m],
        vec!["graph", s, "--roster", m],
        vec!["simulate", m, "--roster", r],
        vec!["simulate", s, "--roster", m],
        vec!["simulate", s, "--roster", r, "--visitors", m],
        vec!["simulate", s, "--roster", r, "--write-visitors", t],
        vec!["report", m, "--roster", r, "-o", t],
        vec!["report", s, "--roster", r, "-o", t],
        vec!["diff", m, s, "--roster", r],
        vec!["diff", rev, s, "--roster", r],
        vec!["diff", s, s, "--roster", m],
        vec!["init", t],
        vec!["explain", name],
        vec!["check", s, "--select", name],
        // The command-line parser's own errors quote the argument too.
        vec![name],
        vec!["check", "--format", name, s],
    ];
    for args in &cases {
        let run = run(args);
        assert!(matches!(run.code, Some(1 | 2)), "{args:?}: {run:#?}");
        assert_no_raw_controls(&run.stderr, &format!("{args:?} stderr"));
        assert_no_raw_controls(&run.stdout, &format!("{args:?} stdout"));
        assert!(
            run.stderr.contains("\\u{1b}]0;pwned\\u{7}\\n"),
            "{args:?}: the name is not shown escaped: {run:#?}"
        );
        assert!(
            !run.stderr.lines().any(|l| l.starts_with("forged")),
            "{args:?}: a forged line: {run:#?}"
        );
    }
}

// Class 2: files it writes.

#[test]
fn write_baseline_refuses_every_target_that_is_not_a_baseline() {
    let dir = tempdir();
    let roster = dir.path().join("roster.yaml");
    std::fs::copy("fixtures/demo/roster.yaml", &roster).unwrap();
    let text_file = dir.path().join("notes.txt");
    std::fs::write(&text_file, "my notes\n").unwrap();
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    let mut cases: Vec<(PathBuf, &str)> = vec![
        (text_file.clone(), "is not a streamlint baseline"),
        (sub.clone(), "is not a regular file"),
        (roster.clone(), "is also an input of this run"),
    ];
    #[cfg(unix)]
    {
        let link = dir.path().join("tty-link.json");
        std::os::unix::fs::symlink("/dev/null", &link).unwrap();
        cases.push((PathBuf::from("/dev/null"), "is not a regular file"));
        cases.push((link, "is not a regular file"));
    }
    for (target, message) in &cases {
        let run = run(&[
            "check",
            "fixtures/demo",
            "--roster",
            path_str(&roster),
            "--write-baseline",
            path_str(target),
        ]);
        run.assert_exit(2).assert_stderr_has(message);
    }
    assert_eq!(std::fs::read_to_string(&text_file).unwrap(), "my notes\n");
    assert_eq!(
        std::fs::read(&roster).unwrap(),
        std::fs::read("fixtures/demo/roster.yaml").unwrap()
    );
}

#[test]
fn write_baseline_never_overwrites_an_input_of_the_run() {
    let dir = tempdir();
    let baseline = dir.path().join("b.json");
    // A baseline that is also a file checked in this run.
    run(&[
        "check",
        "fixtures/broken.stream.yaml",
        "--write-baseline",
        path_str(&baseline),
    ])
    .assert_exit(0);
    let before = std::fs::read(&baseline).unwrap();
    run(&[
        "check",
        path_str(&baseline),
        "--write-baseline",
        path_str(&baseline),
    ])
    .assert_exit(2)
    .assert_stderr_has("is also an input of this run");
    assert_eq!(std::fs::read(&baseline).unwrap(), before);
}

#[test]
fn write_baseline_replaces_a_baseline_through_a_link_and_takes_long_names() {
    let dir = tempdir();
    let long = dir.path().join(format!("{}.json", "b".repeat(247)));
    assert_eq!(long.file_name().unwrap().len(), 252);
    run(&[
        "check",
        "fixtures/broken.stream.yaml",
        "--write-baseline",
        path_str(&long),
    ])
    .assert_exit(0);
    run(&[
        "check",
        "fixtures/broken.stream.yaml",
        "--write-baseline",
        path_str(&long),
    ])
    .assert_exit(0);
    assert!(std::fs::read_to_string(&long)
        .unwrap()
        .contains("\"entries\""));
    #[cfg(unix)]
    {
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink(&long, &link).unwrap();
        run(&[
            "check",
            "fixtures/demo",
            "--write-baseline",
            path_str(&link),
        ])
        .assert_exit(0);
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert!(std::fs::read_to_string(&long)
            .unwrap()
            .contains("\"entries\": []"));
    }
    // Nothing but the baseline and the link is left in the directory.
    assert!(std::fs::read_dir(dir.path()).unwrap().count() <= 2);
}

/// The writers added beside `--write-baseline` (JUnit, recorded visitors, the HTML report) never
/// write over a file the same run reads.
#[test]
fn reports_and_recordings_are_never_written_over_an_input() {
    let dir = tempdir();
    let roster = dir.path().join("roster.yaml");
    std::fs::copy("fixtures/demo/roster.yaml", &roster).unwrap();
    let stream = dir.path().join("pricing.stream.yaml");
    std::fs::copy("fixtures/demo/pricing.stream.yaml", &stream).unwrap();
    let before_roster = std::fs::read(&roster).unwrap();
    let before_stream = std::fs::read(&stream).unwrap();
    let (s, r) = (path_str(&stream), path_str(&roster));
    let visitors = "fixtures/demo/visitors.yaml";
    for args in [
        vec![
            "simulate",
            s,
            "--roster",
            r,
            "--visitors",
            visitors,
            "--junit",
            r,
        ],
        vec!["simulate", s, "--roster", r, "--write-visitors", s],
        vec!["report", s, "--roster", r, "-o", s],
    ] {
        run(&args)
            .assert_exit(2)
            .assert_stderr_has("is also an input of this run");
    }
    assert_eq!(std::fs::read(&roster).unwrap(), before_roster);
    assert_eq!(std::fs::read(&stream).unwrap(), before_stream);
}

/// A FIFO at `path` (Linux: `mkfifo`).
#[cfg(target_os = "linux")]
fn make_fifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let name = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
}

/// Every writer beside `--write-baseline` (`report -o`, `simulate --junit`,
/// `simulate --write-visitors`) follows the same target rule: a target that exists and is not a
/// regular file (a directory, a device, a link to one, a FIFO) is refused before anything is
/// written, and so is an input the run found on its own (the config's `roster:`, an embedded
/// flow), not only the ones named on the command line.
#[test]
fn every_writer_refuses_non_regular_targets_and_inputs_found_through_the_config() {
    let dir = tempdir();
    let d = dir.path();
    for name in ["pricing.stream.yaml", "qualify.flow.yaml"] {
        std::fs::copy(format!("fixtures/flows/embedded/{name}"), d.join(name)).unwrap();
    }
    std::fs::copy("fixtures/demo/roster.yaml", d.join("roster.yaml")).unwrap();
    std::fs::copy("fixtures/demo/visitors.yaml", d.join("visitors.yaml")).unwrap();
    let config = d.join("streamlint.yaml");
    std::fs::write(&config, "roster: roster.yaml\n").unwrap();
    let sub = d.join("sub");
    std::fs::create_dir(&sub).unwrap();
    let mut refused: Vec<(PathBuf, &str)> = vec![
        (sub.clone(), "is not a regular file (a directory)"),
        (d.join("roster.yaml"), "is also an input of this run"),
        (d.join("qualify.flow.yaml"), "is also an input of this run"),
        (config.clone(), "is also an input of this run"),
    ];
    #[cfg(unix)]
    {
        let link = d.join("null-link.xml");
        std::os::unix::fs::symlink("/dev/null", &link).unwrap();
        refused.push((
            PathBuf::from("/dev/null"),
            "is not a regular file (a device)",
        ));
        refused.push((link, "is not a regular file (a device)"));
        let dangling = d.join("dangling.xml");
        std::os::unix::fs::symlink(d.join("nothing-here"), &dangling).unwrap();
        refused.push((dangling, "is a symbolic link to nothing usable"));
    }
    #[cfg(target_os = "linux")]
    {
        let fifo = d.join("fifo.xml");
        make_fifo(&fifo);
        refused.push((fifo, "is not a regular file (a FIFO)"));
    }
    let before: Vec<(PathBuf, Vec<u8>)> = ["roster.yaml", "qualify.flow.yaml", "streamlint.yaml"]
        .iter()
        .map(|n| (d.join(n), std::fs::read(d.join(n)).unwrap()))
        .collect();
    let stream = d.join("pricing.stream.yaml");
    let visitors = d.join("visitors.yaml");
    let (s, c, v) = (path_str(&stream), path_str(&config), path_str(&visitors));
    for (target, message) in &refused {
        let t = path_str(target);
        for args in [
            vec!["--config", c, "report", s, "-o", t],
            vec!["--config", c, "simulate", s, "--write-visitors", t],
            vec!["--config", c, "simulate", s, "--visitors", v, "--junit", t],
        ] {
            let run = run(&args);
            run.assert_exit(2).assert_stderr_has(message);
            assert_eq!(run.stderr.lines().count(), 1, "{run:#?}");
        }
    }
    for (path, bytes) in &before {
        assert_eq!(&std::fs::read(path).unwrap(), bytes, "{}", path.display());
    }
    assert!(std::fs::metadata(&sub).unwrap().is_dir());
}

/// Over a regular file that is no input, each writer writes; through a link, the file the link
/// names is written and the link stays; a 252-byte name gets a temporary name that fits NAME_MAX.
#[test]
fn every_writer_replaces_a_regular_file_through_links_and_takes_long_names() {
    let dir = tempdir();
    let d = dir.path();
    let long = d.join(format!("{}.xml", "r".repeat(248)));
    assert_eq!(long.file_name().unwrap().len(), 252);
    std::fs::write(&long, "old\n").unwrap();
    let (s, r, v) = (
        "fixtures/demo/pricing.stream.yaml",
        "fixtures/demo/roster.yaml",
        "fixtures/demo/visitors.yaml",
    );
    let t = path_str(&long);
    for (args, starts) in [
        (vec!["report", s, "--roster", r, "-o", t], "<!DOCTYPE html>"),
        (
            vec!["simulate", s, "--roster", r, "--write-visitors", t],
            "# Recorded",
        ),
        (
            vec!["simulate", s, "--roster", r, "--visitors", v, "--junit", t],
            "<?xml",
        ),
    ] {
        let run = run(&args);
        assert!(matches!(run.code, Some(0 | 1)), "{run:#?}");
        let text = std::fs::read_to_string(&long).unwrap();
        assert!(text.starts_with(starts), "{args:?}: {text:.80}");
        std::fs::write(&long, "old\n").unwrap();
    }
    #[cfg(unix)]
    {
        let link = d.join("link.xml");
        std::os::unix::fs::symlink(&long, &link).unwrap();
        let run = run(&["report", s, "--roster", r, "-o", path_str(&link)]);
        assert!(matches!(run.code, Some(0 | 1)), "{run:#?}");
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert!(std::fs::read_to_string(&long)
            .unwrap()
            .starts_with("<!DOCTYPE html>"));
    }
    // No temporary file is left behind: the target and the link.
    assert!(std::fs::read_dir(d).unwrap().count() <= 2);
}

// Class 3: non-regular and unbounded inputs.

/// A stream given as a shell pipe (`check <(command)`, `/dev/fd/63`, whose link names no real
/// path) is read, within the same limit as any input.
#[cfg(target_os = "linux")]
#[test]
fn a_stream_given_as_a_shell_pipe_is_read_within_the_limit() {
    let shell = |inner: &str| {
        let mut cmd = Command::new("bash");
        cmd.arg("-c")
            .arg(format!("exec '{}' check <({inner})", bin().display()))
            .env("NO_COLOR", "1")
            .env_remove("GITHUB_ACTIONS")
            .current_dir(env!("CARGO_MANIFEST_DIR"));
        run_cmd(cmd, None)
    };
    shell("cat fixtures/broken.stream.yaml")
        .assert_exit(1)
        .assert_stdout_has("/dev/fd/");
    shell("cat /dev/zero")
        .assert_exit(2)
        .assert_stderr_has("is larger than 128 MiB")
        .assert_within(64 + 10 * 130, 30);
}

/// A FIFO nobody writes to would block the run in `open` forever: it is refused after the
/// documented wait (10 s), as a stream and as a roster, at the same time.
#[cfg(target_os = "linux")]
#[test]
fn a_fifo_nobody_writes_to_is_refused_after_the_wait() {
    let dir = tempdir();
    let fifo = dir.path().join("silent.stream.yaml");
    make_fifo(&fifo);
    let f = path_str(&fifo).to_string();
    let runs: Vec<Run> = std::thread::scope(|scope| {
        let as_stream = scope.spawn(|| run(&["check", &f]));
        let as_roster = scope.spawn(|| run(&["check", "fixtures/demo", "--roster", &f]));
        vec![as_stream.join().unwrap(), as_roster.join().unwrap()]
    });
    for run in &runs {
        run.assert_exit(2)
            .assert_stderr_has("is a FIFO that nothing opened for writing within 10 seconds")
            .assert_within(64, 30);
        assert!(run.elapsed >= Duration::from_secs(10), "{run:#?}");
    }
}

/// The `.gitignore` files a directory walk reads are inputs too: one that is a link to
/// `/dev/zero` (read forever) or a FIFO (blocks) is refused, at the top or in a subdirectory,
/// and the directory is a path that could not be checked (exit 2), never a hang or a false clean.
#[cfg(target_os = "linux")]
#[test]
fn a_gitignore_that_is_not_a_file_is_refused_not_read() {
    for (nested, fifo) in [(false, false), (true, false), (true, true)] {
        let dir = tempdir();
        let d = dir.path();
        std::fs::copy("fixtures/demo/pricing.stream.yaml", d.join("a.stream.yaml")).unwrap();
        let sub = d.join("sub");
        std::fs::create_dir(&sub).unwrap();
        std::fs::copy("fixtures/broken.stream.yaml", sub.join("b.stream.yaml")).unwrap();
        let gitignore = if nested { &sub } else { d }.join(".gitignore");
        if fifo {
            make_fifo(&gitignore);
        } else {
            std::os::unix::fs::symlink("/dev/zero", &gitignore).unwrap();
        }
        run(&["check", path_str(d)])
            .assert_exit(2)
            .assert_stderr_has(".gitignore: is not a regular file")
            .assert_within(64, 30);
    }
}

/// `diff REV:PATH` reads `git show`'s output like any input: a blob past the 128 MiB limit is
/// refused at the limit (exit 2, the limit's message), not read whole.
#[test]
fn diff_reads_git_show_within_the_input_limit() {
    use std::io::Write;
    let dir = tempdir();
    let repo = dir.path();
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@t"])
            .args(args)
            .current_dir(repo)
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    git(&["init", "-q"]);
    // A 129 MiB blob streamed into the object store (compressed, a few hundred KiB on disk).
    let mut hash = Command::new("git")
        .args(["hash-object", "-w", "--stdin"])
        .current_dir(repo)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    {
        let mut input = hash.stdin.take().unwrap();
        let line = [b'#'; 1024];
        for _ in 0..129 * 1024 {
            input.write_all(&line).unwrap();
        }
    }
    let out = hash.wait_with_output().unwrap();
    let blob = String::from_utf8(out.stdout).unwrap().trim().to_string();
    git(&[
        "update-index",
        "--add",
        "--cacheinfo",
        &format!("100644,{blob},big.stream.yaml"),
    ]);
    git(&["commit", "-q", "-m", "big"]);
    let pricing = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo/pricing.stream.yaml");
    let roster = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo/roster.yaml");
    let mut cmd = command(&[
        "diff",
        "HEAD:big.stream.yaml",
        path_str(&pricing),
        "--roster",
        path_str(&roster),
    ]);
    cmd.current_dir(repo);
    run_cmd(cmd, None)
        .assert_exit(2)
        .assert_stderr_has("HEAD:big.stream.yaml")
        .assert_stderr_has("larger than 128 MiB")
        .assert_within(64 + 10 * 130, 60);

    // A version is never an option of `git show` (`--output=FILE` would write FILE).
    let written = repo.join("written:x");
    let mut cmd = command(&[
        "diff",
        "--roster",
        path_str(&roster),
        "--",
        &format!("--output={}", path_str(&written)),
        path_str(&pricing),
    ]);
    cmd.current_dir(repo);
    run_cmd(cmd, None)
        .assert_exit(2)
        .assert_stderr_has("a revision never starts with `-`");
    assert!(!written.exists());
}

#[cfg(unix)]
#[test]
fn devices_are_refused_wherever_an_input_is_named() {
    let cases: [&[&str]; 5] = [
        &["check", "/dev/zero"],
        &["check", "fixtures/demo", "--roster", "/dev/zero"],
        &["check", "fixtures/demo", "--config", "/dev/zero"],
        &["check", "fixtures/demo", "--baseline", "/dev/zero"],
        &[
            "simulate",
            "fixtures/demo/pricing.stream.yaml",
            "--roster",
            "fixtures/demo/roster.yaml",
            "--visitors",
            "/dev/zero",
        ],
    ];
    for args in cases {
        run(args)
            .assert_exit(2)
            .assert_stderr_has("/dev/zero: is a device, not a file")
            .assert_within(64, 5);
    }
}

#[cfg(unix)]
#[test]
fn an_endless_standard_input_stops_at_the_documented_limit() {
    let zero = std::fs::File::open("/dev/zero").unwrap();
    let run = run_cmd(command(&["check", "-"]), Some(Stdio::from(zero)));
    run.assert_exit(2)
        .assert_stderr_has("<stdin>: is larger than 128 MiB")
        // The 128 MiB read, and at most half as much again while the buffer grows.
        .assert_within(200, 30);
}

#[test]
fn a_file_over_the_limit_is_refused_without_reading_it() {
    let dir = tempdir();
    let big = dir.path().join("big.stream.yaml");
    let file = std::fs::File::create(&big).unwrap();
    // Sparse: 200 MiB long, no disk used.
    file.set_len(200 * 1024 * 1024).unwrap();
    run(&["check", path_str(&big)])
        .assert_exit(2)
        .assert_stderr_has("is larger than 128 MiB")
        .assert_within(32, 5);
}

// Class 5: silently skipped files (a false "clean").

/// `check --format short` in `dir`: the exit code, the set of files with findings, stderr.
fn files_reported(dir: &Path, extra: &[&str]) -> (Option<i32>, Vec<String>, String) {
    let mut cmd = command(&["check", "--format", "short", "--quiet"]);
    cmd.args(extra).current_dir(dir);
    let run = run_cmd(cmd, None);
    let mut files: Vec<String> = run
        .stdout
        .lines()
        .filter_map(|l| l.split(':').next())
        .map(str::to_string)
        .collect();
    files.dedup();
    (run.code, files, run.stderr)
}

#[test]
fn a_gitignore_above_the_repository_root_hides_nothing() {
    let outer = tempdir();
    std::fs::write(outer.path().join(".gitignore"), "*.stream.yaml\n").unwrap();
    let repo = outer.path().join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    std::fs::create_dir_all(repo.join("s")).unwrap();
    std::fs::copy("fixtures/broken.stream.yaml", repo.join("s/a.stream.yaml")).unwrap();
    // The repository's own ignore files still count.
    std::fs::write(repo.join(".gitignore"), "drafts/\n").unwrap();
    std::fs::create_dir_all(repo.join("drafts")).unwrap();
    std::fs::copy(
        "fixtures/broken.stream.yaml",
        repo.join("drafts/d.stream.yaml"),
    )
    .unwrap();
    for dir in [repo.clone(), repo.join("s")] {
        let (code, files, _) = files_reported(&dir, &["."]);
        assert_eq!(code, Some(1), "{dir:?}");
        assert_eq!(files.len(), 1, "{dir:?}: {files:?}");
        assert!(files[0].ends_with("a.stream.yaml"), "{files:?}");
    }
}

#[test]
fn hidden_folders_ignore_files_and_odd_names_are_checked() {
    let dir = tempdir();
    let d = dir.path();
    std::fs::create_dir_all(d.join(".hidden")).unwrap();
    std::fs::copy(
        "fixtures/broken.stream.yaml",
        d.join(".hidden/h.stream.yaml"),
    )
    .unwrap();
    std::fs::copy("fixtures/broken.stream.yaml", d.join("i.stream.yaml")).unwrap();
    std::fs::write(d.join(".ignore"), "i.stream.yaml\n").unwrap();
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"bad\xff.stream.yaml");
        std::fs::copy("fixtures/broken.stream.yaml", d.join(name)).unwrap();
    }
    let (code, files, _) = files_reported(d, &[]);
    assert_eq!(code, Some(1));
    assert!(
        files.contains(&".hidden/h.stream.yaml".to_string()),
        "{files:?}"
    );
    assert!(files.contains(&"i.stream.yaml".to_string()), "{files:?}");
    #[cfg(target_os = "linux")]
    assert!(
        files.contains(&"bad\u{fffd}.stream.yaml".to_string()),
        "{files:?}"
    );
}

#[cfg(unix)]
#[test]
fn symlinked_streams_are_checked_once_and_loops_are_reported() {
    let dir = tempdir();
    let d = dir.path();
    std::fs::create_dir_all(d.join("real")).unwrap();
    std::fs::copy("fixtures/broken.stream.yaml", d.join("real/a.stream.yaml")).unwrap();
    let outside = tempdir();
    std::fs::copy(
        "fixtures/broken.stream.yaml",
        outside.path().join("o.stream.yaml"),
    )
    .unwrap();
    // A link to a file outside the tree is checked; a second name for a file is not.
    std::os::unix::fs::symlink(
        outside.path().join("o.stream.yaml"),
        d.join("o.stream.yaml"),
    )
    .unwrap();
    std::os::unix::fs::symlink("a.stream.yaml", d.join("real/twin.stream.yaml")).unwrap();
    std::os::unix::fs::symlink("..", d.join("real/up")).unwrap();
    std::os::unix::fs::symlink("missing", d.join("gone.stream.yaml")).unwrap();
    let (code, files, stderr) = files_reported(d, &[]);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(files, ["o.stream.yaml", "real/a.stream.yaml"], "{stderr}");
    // --quiet says nothing; without it the skips are counted, --verbose lists them.
    assert_eq!(stderr, "");
    let (_, _, stderr) = files_reported(d, &["--verbose"]);
    assert_eq!(stderr, "");
    let mut cmd = command(&["check", "--format", "short", "--verbose", "."]);
    cmd.current_dir(d);
    let run = run_cmd(cmd, None);
    run.assert_exit(1)
        .assert_stderr_has("note: skipped real/twin.stream.yaml: the same file as another path")
        .assert_stderr_has("note: skipped gone.stream.yaml: a symbolic link to nothing")
        .assert_stderr_has("a symbolic link loop");
    let mut cmd = command(&["check", "--format", "short", "."]);
    cmd.current_dir(d);
    run_cmd(cmd, None)
        .assert_exit(1)
        .assert_stderr_has("note: 3 paths skipped:");
}

// Panic isolation.

#[test]
fn panic_while_checking_one_file_is_an_internal_error_and_the_others_are_checked() {
    let mut cmd = command(&[
        "check",
        "--format",
        "json",
        "fixtures/broken.stream.yaml",
        "fixtures/demo/pricing.stream.yaml",
    ]);
    cmd.env("STREAMLINT_TEST_PANIC_ON", "fixtures/broken.stream.yaml");
    let run = run_cmd(cmd, None);
    run.assert_exit(2);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0]["rule"], "internal-error");
    assert_eq!(diagnostics[0]["file"], "fixtures/broken.stream.yaml");
    let message = diagnostics[0]["message"].as_str().unwrap();
    assert!(message.contains("fault injected"), "{message}");
    assert_eq!(report["files"], 2, "the other file was checked too");
    assert!(!run.stderr.contains("panicked at"), "{}", run.stderr);

    // Nothing hides it: not --ignore (refused, as for `syntax` and `schema`), not a
    // suppression, not a baseline; and no baseline is written from a run that failed.
    let dir = tempdir();
    let target = dir.path().join("b.json");
    let mut cmd = command(&[
        "check",
        "fixtures/broken.stream.yaml",
        "--ignore",
        "internal-error",
        "--write-baseline",
        path_str(&target),
    ]);
    cmd.env("STREAMLINT_TEST_PANIC_ON", "fixtures/broken.stream.yaml");
    run_cmd(cmd, None)
        .assert_exit(2)
        .assert_stderr_has("`internal-error` cannot be ignored");
    assert!(!target.exists());
    let mut cmd = command(&[
        "check",
        "fixtures/broken.stream.yaml",
        "--write-baseline",
        path_str(&target),
    ]);
    cmd.env("STREAMLINT_TEST_PANIC_ON", "fixtures/broken.stream.yaml");
    run_cmd(cmd, None)
        .assert_exit(2)
        .assert_stderr_has("the baseline was not written");
    assert!(!target.exists());
}

// Class 6: verdicts that can be wrong.

#[test]
fn a_baseline_never_records_nor_hides_syntax_or_schema_findings() {
    let dir = tempdir();
    let baseline = dir.path().join("b.json");
    let file = "fixtures/hostile/empty.stream.yaml";
    run(&["check", file, "--write-baseline", path_str(&baseline)]).assert_exit(0);
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&baseline).unwrap()).unwrap();
    assert_eq!(written["entries"], serde_json::json!([]));
    // A baseline edited by hand to hold the finding hides nothing either.
    let first = run(&["check", "--format", "json", file]);
    let report: serde_json::Value = serde_json::from_str(&first.stdout).unwrap();
    let d = &report["diagnostics"][0];
    assert_eq!(d["rule"], "schema");
    // The file key as a baseline writes it, from a file with ordinary findings.
    run(&[
        "check",
        "fixtures/broken.stream.yaml",
        "--write-baseline",
        path_str(&baseline),
    ])
    .assert_exit(0);
    let ordinary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&baseline).unwrap()).unwrap();
    let key = ordinary["entries"][0]["file"]
        .as_str()
        .unwrap()
        .replace("broken.stream.yaml", "hostile/empty.stream.yaml");
    let forged = serde_json::json!({"version": 1, "entries": [{
        "file": key,
        "rule": "schema", "card": null, "message": d["message"],
    }]});
    std::fs::write(&baseline, forged.to_string()).unwrap();
    run(&[
        "check",
        "--format",
        "json",
        file,
        "--baseline",
        path_str(&baseline),
    ])
    .assert_exit(1)
    .assert_stdout_has("\"schema\"");
}

// Class 8: messages that say what is wrong.

/// `check --format short --quiet` of one file with this text: its finding lines.
fn short_findings(name: &str, text: &[u8]) -> String {
    let dir = tempdir();
    let file = dir.path().join(name);
    std::fs::write(&file, text).unwrap();
    let mut cmd = command(&["check", "--format", "short", "--quiet", name]);
    cmd.current_dir(dir.path());
    run_cmd(cmd, None).stdout
}

#[test]
fn messages_name_the_real_problem() {
    let nul = short_findings("n.stream.yaml", b"stream: a\0b\ncards: []\n");
    assert!(
        nul.contains(
            "n.stream.yaml:1:10: error[syntax] the control character U+0000 is not allowed"
        ),
        "{nul}"
    );
    let big = short_findings(
        "p.stream.yaml",
        b"stream: a\npriority: 99999999999999999999\ncards: []\n",
    );
    assert!(
        big.contains("priority must be between 1 and 1000000, found 99999999999999999999"),
        "{big}"
    );
    // A second document in a roster or a config is not called "a stream file".
    let dir = tempdir();
    let two = dir.path().join("two.yaml");
    std::fs::write(&two, "fallback: x\n---\na: 1\n").unwrap();
    for flag in ["--roster", "--config"] {
        let run = run(&["check", "fixtures/demo", flag, path_str(&two)]);
        run.assert_exit(2).assert_stderr_has(
            "a second `---` starts another part of this file; streamlint reads a file as one whole",
        );
        assert!(!run.stderr.contains("stream file"), "{}", run.stderr);
    }
    // An invalid `exclude` glob says why.
    let config = dir.path().join("c.yaml");
    std::fs::write(&config, "exclude: [\"a/[b\"]\n").unwrap();
    run(&["check", "fixtures/demo", "--config", path_str(&config)])
        .assert_exit(2)
        .assert_stderr_has("`a/[b` is not a valid glob: unclosed character class")
        .assert_stderr_has("is invalid");
}

#[cfg(unix)]
#[test]
fn a_backslash_in_a_file_name_is_printed_as_it_is() {
    let out = short_findings("back\\slash.stream.yaml", b"stream: x\n");
    assert!(out.starts_with("back\\slash.stream.yaml:"), "{out}");
}

/// The (line, rule) of each finding `check --format json` reports for this text.
fn findings_of(name: &str, text: &str, extra: &[&str]) -> Vec<(u64, String)> {
    let dir = tempdir();
    let file = dir.path().join(name);
    std::fs::write(&file, text).unwrap();
    let mut args = vec!["check", "--format", "json", path_str(&file)];
    args.extend_from_slice(extra);
    let run = run(&args);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["line"].as_u64().unwrap(),
                d["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn shadowed_rule_compares_conditions_not_their_text() {
    let stream = |first: &str, second: &str| {
        format!(
            "stream: s\ncards:\n  - type: question\n    text: Chat?\n    answers:\n      - label: Yes\n        cards:\n          - type: info_capture\n            fields:\n              - attribute: first_name\n              - attribute: email\n                input: email\n          - type: live_chat\n            route:\n              rules:\n                - name: One\n                  when: {{ attribute: inferred_state, is: {first} }}\n                  to: {{ agent: maria }}\n                - name: Two\n                  when: {{ attribute: inferred_state, is: {second} }}\n                  to: {{ team: sales }}\n      - label: No\n        cards:\n          - type: message\n            text: Bye\n"
        )
    };
    let roster = ["--roster", "fixtures/rules/shadowed-rule/roster.yaml"];
    let same_text = findings_of("a.stream.yaml", &stream("\"CA, OR\"", "[CA, OR]"), &roster);
    assert!(
        !same_text.iter().any(|(_, r)| r == "shadowed-rule"),
        "{same_text:?}"
    );
    let same_test = findings_of("b.stream.yaml", &stream("[CA, OR]", "[or, ca]"), &roster);
    assert!(
        same_test.contains(&(19, "shadowed-rule".to_string())),
        "{same_test:?}"
    );
}

#[test]
fn a_duplicate_key_written_through_an_alias_is_a_syntax_error() {
    let found = findings_of(
        "k.stream.yaml",
        "stream: &k stream\n*k : other\ncards:\n  - type: message\n    text: hi\n",
        &[],
    );
    assert_eq!(found, [(2, "syntax".to_string())]);
}

#[test]
fn lone_carriage_returns_end_lines_for_positions_and_suppressions_alike() {
    let text = "stream: x\rcards:\r  - type: message\r    text: hi\r  - type: message\r    text: there\r    poke: true # streamlint: ignore[poke-not-first] -- testing\r    id: &a x\r";
    // The suppression on line 7 silences the finding on line 7; nothing else is reported.
    assert_eq!(findings_of("cr.stream.yaml", text, &[]), []);
    let unsuppressed = text.replace(" # streamlint: ignore[poke-not-first] -- testing", "");
    assert_eq!(
        findings_of("cr.stream.yaml", &unsuppressed, &[]),
        [(7, "poke-not-first".to_string())]
    );
}

// Class 9: repeated findings.

#[test]
fn roster_findings_reached_through_aliases_are_reported_once() {
    let dir = tempdir();
    let roster = dir.path().join("roster.yaml");
    let mut text = String::from(
        "agents:\n  - &a\n    id: john\n    timezone: Mars/Olympus\n    schedule:\n      mon-fry: [\"25:00-17:00\"]\n    bogus: 1\n",
    );
    for _ in 0..20 {
        text.push_str("  - *a\n");
    }
    text.push_str("fallback:\n  message: hi\n");
    std::fs::write(&roster, text).unwrap();
    for args in [
        &["check", "fixtures/demo", "--roster", path_str(&roster)][..],
        &[
            "simulate",
            "fixtures/demo/pricing.stream.yaml",
            "--roster",
            path_str(&roster),
        ],
    ] {
        let run = run(args);
        run.assert_exit(2);
        for message in [
            "unknown field `bogus` in an agent",
            "`Mars/Olympus` is not an IANA time zone name",
            "`fry` is not a weekday",
        ] {
            assert_eq!(
                run.stderr.matches(message).count(),
                1,
                "{message}: {}",
                run.stderr
            );
        }
    }
}

// Class 4: amplification. Memory stays within 64 MiB + 10 times the input (docs/limits.md).

/// Peak memory allowed for an input of `bytes`, in MiB.
fn memory_limit_mib(bytes: usize) -> u64 {
    64 + 10 * (bytes as u64).div_ceil(1024 * 1024)
}

#[test]
fn millions_of_bad_cards_are_capped_findings_in_bounded_memory() {
    let dir = tempdir();
    let file = dir.path().join("bad.stream.yaml");
    // 1 MB of numbers two bytes each: more values than a document of its size may hold (one
    // per 4 bytes), refused before the tree outgrows the memory promise.
    let text = format!("stream: x\ncards: [{}1]\n", "1,".repeat(500_000));
    std::fs::write(&file, &text).unwrap();
    run(&["check", "--format", "short", "--quiet", path_str(&file)])
        .assert_exit(1)
        .assert_stdout_has("error[syntax] the document holds more than 254101 YAML values")
        .assert_within(memory_limit_mib(text.len()), 20);
    // Fewer, each a finding: the first 100 shown, the rest counted in one line.
    let text = format!("stream: x\ncards:\n{}", "- 1\n".repeat(150_000));
    std::fs::write(&file, &text).unwrap();
    let run = run(&["check", "--format", "short", "--quiet", path_str(&file)]);
    run.assert_exit(1)
        .assert_stdout_has(
            "error[schema] 149900 more `schema` findings in this file not shown (only the first 100 of a rule are)",
        )
        .assert_within(memory_limit_mib(text.len()), 20);
    assert_eq!(run.stdout.lines().count(), 101);
}

/// One large valid stream (issue 10): read, not refused for its size (the old fixed limit of
/// 200 000 values refused anything past 2 MB), and checked within the memory bound. A few MB
/// keeps the test fast; docs/performance.md has the figures at 20 MB.
#[test]
fn a_large_valid_stream_is_checked_in_bounded_memory() {
    let dir = tempdir();
    let file = dir.path().join("large.stream.yaml");
    let mut text = String::from(
        "stream: Large\ncards:\n  - type: question\n    text: Pick a topic\n    answers:\n",
    );
    for i in 0..6_000 {
        text.push_str(&format!(
            "      - label: Topic {i}\n        cards:\n          - type: message\n            text: \"About topic {i}, {{{{lead.FirstName:\\\"friend\\\"}}}}\"\n          - type: question\n            text: Talk to someone about {i}?\n            answers:\n              - label: \"Yes\"\n                cards:\n                  - type: info_capture\n                    fields:\n                      - attribute: first_name\n                      - attribute: email\n                        input: email\n                  - type: live_chat\n                    route: round_robin\n              - label: \"No\"\n                cards:\n                  - type: message\n                    text: OK!\n"
        ));
    }
    assert!(text.len() > 3_500_000, "{}", text.len());
    std::fs::write(&file, &text).unwrap();
    let run = run(&["check", "--format", "json", path_str(&file)]);
    run.assert_exit(0)
        .assert_within(memory_limit_mib(text.len()), 60);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["files"], 1, "{}", run.stdout);
    assert_eq!(report["diagnostics"].as_array().map(Vec::len), Some(0));
}

#[test]
fn a_schedule_key_repeating_its_days_costs_seven_days() {
    let dir = tempdir();
    let roster = dir.path().join("roster.yaml");
    let text = format!(
        "agents:\n  - id: a\n    timezone: UTC\n    schedule:\n      ? {}\n      : [{}]\nfallback:\n  message: hi\n",
        vec!["mon-sun"; 100_000].join(","),
        vec!["\"09:00-10:00\""; 50].join(",")
    );
    std::fs::write(&roster, &text).unwrap();
    run(&["check", "fixtures/demo", "--roster", path_str(&roster)])
        .assert_exit(1)
        .assert_within(memory_limit_mib(text.len()), 10);
}

#[test]
fn simulate_limit_is_bounded() {
    run(&[
        "simulate",
        "fixtures/demo/pricing.stream.yaml",
        "--roster",
        "fixtures/demo/roster.yaml",
        "--limit",
        "18446744073709551615",
    ])
    .assert_exit(2)
    .assert_stderr_has("at most 10000 path classes are listed");
}

// The existing hostile fixtures, each under the same limits.

#[test]
fn every_hostile_fixture_gets_its_finding_within_the_limits() {
    let cases = [
        ("alias-bomb.stream.yaml", "error[schema]"),
        (
            "binary.stream.yaml",
            "error[syntax] the file is not UTF-8 text",
        ),
        ("card-alias-bomb.stream.yaml", "error[schema]"),
        (
            "comment-only.stream.yaml",
            "error[schema] the file is empty",
        ),
        ("empty.stream.yaml", "error[schema] the file is empty"),
        (
            "latin1.stream.yaml",
            "error[syntax] the file is not UTF-8 text",
        ),
        (
            "tabs.stream.yaml",
            "error[syntax] line 3 is indented with a tab",
        ),
        ("truncated.stream.yaml", "error[syntax]"),
    ];
    let listed: Vec<String> = std::fs::read_dir("fixtures/hostile")
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        listed.len(),
        cases.len(),
        "a new hostile fixture needs a case here"
    );
    for (file, finding) in cases {
        let path = format!("fixtures/hostile/{file}");
        let size = std::fs::metadata(&path).unwrap().len() as usize;
        run(&["check", "--format", "short", "--quiet", &path])
            .assert_exit(1)
            .assert_stdout_has(finding)
            .assert_within(memory_limit_mib(size), 5);
    }
}

#[test]
fn rosters_and_visitors_of_tiny_bad_items_stay_within_the_memory_limit() {
    let dir = tempdir();
    let roster = dir.path().join("roster.yaml");
    let text = format!("agents:\n{}", "- 1\n".repeat(190_000));
    std::fs::write(&roster, &text).unwrap();
    run(&["check", "fixtures/demo", "--roster", path_str(&roster)])
        .assert_exit(2)
        .assert_stderr_has("more `schema` findings in this file not shown")
        .assert_within(memory_limit_mib(text.len()), 20);
    let visitors = dir.path().join("visitors.yaml");
    let text = format!("visitors:\n{}", "- 1\n".repeat(190_000));
    std::fs::write(&visitors, &text).unwrap();
    run(&[
        "simulate",
        "fixtures/demo/pricing.stream.yaml",
        "--roster",
        "fixtures/demo/roster.yaml",
        "--visitors",
        path_str(&visitors),
    ])
    .assert_exit(1)
    .assert_stderr_has("more `schema` findings in this file not shown")
    .assert_within(memory_limit_mib(text.len()), 20);
}

#[test]
fn deep_nesting_is_refused_within_the_limits() {
    let dir = tempdir();
    let mut block = String::from("stream: Deep\ncards:\n");
    for depth in 0..2_000 {
        block.push_str(&"  ".repeat(depth + 1));
        block.push_str("- \n");
    }
    let flow = format!(
        "stream: Deep\ncards: {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    for (name, text) in [("block.stream.yaml", block), ("flow.stream.yaml", flow)] {
        let file = dir.path().join(name);
        std::fs::write(&file, &text).unwrap();
        run(&["check", "--format", "short", path_str(&file)])
            .assert_exit(1)
            .assert_stdout_has("error[syntax] the file nests too deeply")
            .assert_within(memory_limit_mib(text.len()), 5);
    }
}

// Class "no exit 101, no signal": every subcommand against every hostile input.

/// How a sweep run ended.
#[derive(Debug)]
struct SweepRun {
    args: Vec<String>,
    code: Option<i32>,
    timed_out: bool,
    stdout: String,
    stderr: String,
}

/// Reads the child's standard output and error on threads of their own, so that a child filling
/// one pipe never blocks while the test waits on the other.
fn drain(
    child: &mut std::process::Child,
) -> (
    std::thread::JoinHandle<Vec<u8>>,
    std::thread::JoinHandle<Vec<u8>>,
) {
    fn read_all(mut from: impl Read + Send + 'static) -> std::thread::JoinHandle<Vec<u8>> {
        std::thread::spawn(move || {
            let mut s = Vec::new();
            let _ = from.read_to_end(&mut s);
            s
        })
    }
    (
        read_all(child.stdout.take().unwrap()),
        read_all(child.stderr.take().unwrap()),
    )
}

/// Runs the binary with `args`, killing it after `secs` (a hang is a failure, not a stuck test).
fn run_with_deadline(args: &[String], secs: u64) -> SweepRun {
    let mut cmd = command(&args.iter().map(String::as_str).collect::<Vec<_>>());
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let (out_reader, err_reader) = drain(&mut child);
    let deadline = Instant::now() + Duration::from_secs(secs);
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            timed_out = true;
            let _ = child.kill();
            break child.wait().unwrap();
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    SweepRun {
        args: args.to_vec(),
        code: status.code(),
        timed_out,
        stdout: String::from_utf8_lossy(&out_reader.join().unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&err_reader.join().unwrap()).into_owned(),
    }
}

/// A FIFO whose writer (a thread) writes `bytes` once a reader opens it; [`Fifo::release`]
/// unblocks the writer when nobody did.
#[cfg(target_os = "linux")]
struct Fifo {
    path: PathBuf,
    writer: std::thread::JoinHandle<()>,
}

#[cfg(target_os = "linux")]
impl Fifo {
    fn new(path: PathBuf, bytes: Vec<u8>) -> Fifo {
        make_fifo(&path);
        let p = path.clone();
        let writer = std::thread::spawn(move || {
            if let Ok(mut f) = std::fs::OpenOptions::new().write(true).open(&p) {
                use std::io::Write;
                let _ = f.write_all(&bytes);
            }
        });
        Fifo { path, writer }
    }

    fn release(self) {
        use std::os::unix::fs::OpenOptionsExt;
        // Opening the read end without blocking lets a writer still waiting in `open` go on.
        let reader = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(&self.path);
        self.writer.join().unwrap();
        drop(reader);
    }
}

/// Every subcommand `streamlint --help` lists, run with each hostile input wherever it takes a
/// file (the file itself, the roster, the visitors, the config, the baseline, the other side of
/// a diff): the files of `fixtures/hostile/`, a directory, `/dev/null`, a missing path and a
/// FIFO. Each run ends with 0, 1 or 2 (never 101, never a signal, never a hang), and a non-zero
/// exit always says something.
#[test]
fn every_subcommand_survives_every_hostile_input() {
    let help = run(&["--help"]);
    let listed: Vec<String> = help
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect();
    let swept = [
        "check", "rules", "explain", "simulate", "diff", "graph", "report", "schema", "init",
        "help",
    ];
    assert_eq!(
        listed, swept,
        "a subcommand was added or removed: sweep it here too"
    );

    let dir = tempdir();
    let d = dir.path();
    let mut inputs: Vec<String> = std::fs::read_dir("fixtures/hostile")
        .unwrap()
        .map(|e| e.unwrap().path().to_string_lossy().into_owned())
        .collect();
    inputs.sort();
    std::fs::create_dir(d.join("a-directory.stream.yaml")).unwrap();
    inputs.push(path_str(&d.join("a-directory.stream.yaml")).to_string());
    inputs.push("/dev/null".to_string());
    inputs.push(path_str(&d.join("missing.stream.yaml")).to_string());
    let fifo_marker = "<fifo>".to_string();
    #[cfg(target_os = "linux")]
    inputs.push(fifo_marker.clone());

    let (s, r, v) = (
        "fixtures/demo/pricing.stream.yaml",
        "fixtures/demo/roster.yaml",
        "fixtures/demo/visitors.yaml",
    );
    let shapes: Vec<Vec<&str>> = vec![
        vec!["check", "X"],
        vec!["check", "--format", "json", "X"],
        vec!["check", s, "--roster", "X"],
        vec!["check", s, "--baseline", "X"],
        vec!["--config", "X", "check", s],
        vec!["rules"],
        vec!["rules", "--markdown"],
        vec!["explain", "X"],
        vec!["simulate", "X", "--roster", r],
        vec!["simulate", s, "--roster", "X"],
        vec!["simulate", s, "--roster", r, "--visitors", "X"],
        vec![
            "simulate",
            s,
            "--roster",
            r,
            "--visitors",
            "X",
            "--coverage",
        ],
        vec!["diff", "X", s, "--roster", r],
        vec!["diff", s, "X", "--roster", r],
        vec!["diff", s, s, "--roster", "X"],
        vec!["graph", "X"],
        vec!["graph", "--format", "svg", "X"],
        vec!["graph", s, "--roster", "X"],
        vec!["report", "X", "--roster", r, "-o", "OUT"],
        vec!["report", s, "--roster", "X", "-o", "OUT"],
        vec!["report", s, "--roster", r, "--visitors", "X", "-o", "OUT"],
        vec!["schema", "X"],
        vec!["schema", "visitors"],
        vec!["init", "X"],
        vec!["help", "X"],
        vec!["help", "check"],
    ];
    let _ = v;
    let mut jobs: Vec<(Vec<String>, bool)> = Vec::new();
    let mut n = 0;
    for shape in &shapes {
        let takes_input = shape.contains(&"X");
        for input in if takes_input {
            &inputs[..]
        } else {
            &inputs[..1]
        } {
            n += 1;
            let mut uses_fifo = false;
            let args: Vec<String> = shape
                .iter()
                .map(|a| match *a {
                    "X" if *input == fifo_marker => {
                        uses_fifo = true;
                        path_str(&d.join(format!("fifo-{n}.stream.yaml"))).to_string()
                    }
                    "X" => input.clone(),
                    "OUT" => path_str(&d.join(format!("out-{n}.html"))).to_string(),
                    other => other.to_string(),
                })
                .collect();
            jobs.push((args, uses_fifo));
        }
    }
    let hostile_bytes = std::fs::read("fixtures/hostile/card-alias-bomb.stream.yaml").unwrap();
    let mut failures = Vec::new();
    for chunk in jobs.chunks(4) {
        let runs: Vec<SweepRun> = std::thread::scope(|scope| {
            let handles: Vec<_> = chunk
                .iter()
                .map(|(args, uses_fifo)| {
                    let bytes = hostile_bytes.clone();
                    scope.spawn(move || {
                        #[cfg(target_os = "linux")]
                        let fifo = uses_fifo.then(|| {
                            let path = args.iter().find(|a| a.contains("/fifo-")).unwrap();
                            Fifo::new(PathBuf::from(path), bytes)
                        });
                        #[cfg(not(target_os = "linux"))]
                        let _ = (uses_fifo, bytes);
                        let run = run_with_deadline(args, 60);
                        #[cfg(target_os = "linux")]
                        if let Some(fifo) = fifo {
                            fifo.release();
                        }
                        run
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for run in runs {
            let ok_code = matches!(run.code, Some(0..=2));
            let says_why = run.code == Some(0) || !(run.stdout.is_empty() && run.stderr.is_empty());
            if run.timed_out || !ok_code || !says_why || run.stderr.contains("panicked") {
                failures.push(format!("{:?}: {run:#?}", run.args));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} runs failed:\n{}",
        failures.len(),
        jobs.len(),
        failures.join("\n")
    );
}
