//! The command line: flags (clap), and the wiring of each command. Exit codes follow the spec:
//! 0 nothing at error level, 1 findings at error level, 2 the tool could not do its job.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use clap::{Parser, Subcommand, ValueEnum};

use crate::baseline::{self, Baseline};
use crate::check::{self, CheckResult, RosterRun};
use crate::config::{self, ConfigError};
use crate::output;
use crate::policy::Policy;
use crate::report;
use crate::rules;

mod deliver;
mod diff;
mod graph;
mod html_report;
mod load;
mod simulate;
mod stderr;
mod testing;

use stderr::say;

pub const EXIT_OK: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_TROUBLE: i32 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "streamlint",
    version,
    about = "Lint and simulate live-chat streams written in YAML",
    propagate_version = true
)]
pub struct Cli {
    /// When to use colour: auto (only on a terminal; NO_COLOR turns it off, CLICOLOR_FORCE on).
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Use this config file instead of the nearest `.streamlint.yaml`.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Less output: `check` prints findings only, no summary line; `simulate` prints only the
    /// summary of path classes, or only the visitors that failed and the summary.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint stream and flow files (files, directories, or `-` for standard input).
    Check(CheckArgs),
    /// List every rule with its default severity and summary, by category.
    Rules {
        /// Print every rule's full documentation as Markdown instead (this is `docs/rules.md`).
        #[arg(long)]
        markdown: bool,
    },
    /// Print a rule's documentation.
    Explain {
        /// The rule's name, e.g. `live-chat-not-last`.
        rule: String,
    },
    /// Show where visitors of a stream end up: every path class, or the visitors of a file.
    Simulate(simulate::SimulateArgs),
    /// Compare two versions of a stream by where visitors end up (files or REV:PATH).
    Diff(diff::DiffArgs),
    /// Draw a stream: Mermaid, Graphviz DOT, or a standalone SVG, its findings marked.
    Graph(graph::GraphArgs),
    /// Write one self-contained HTML page: every stream's picture, findings and outcomes.
    Report(html_report::ReportArgs),
    /// Print the JSON Schema of a stream, roster, visitors or config file, for editors.
    Schema {
        /// Which file's schema.
        #[arg(value_enum, default_value_t = SchemaKind::Stream)]
        document: SchemaKind,
    },
    /// Write a starter stream that passes every rule (never overwrites a file).
    Init {
        /// Where to write it.
        #[arg(default_value = crate::init::DEFAULT_FILE)]
        file: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    Stream,
    Roster,
    Visitors,
    Config,
}

impl From<SchemaKind> for crate::schema::Document {
    fn from(kind: SchemaKind) -> Self {
        use crate::schema::Document;
        match kind {
            SchemaKind::Stream => Document::Stream,
            SchemaKind::Roster => Document::Roster,
            SchemaKind::Visitors => Document::Visitors,
            SchemaKind::Config => Document::Config,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Short,
    Json,
    Sarif,
    Github,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or directories to check; `-` reads standard input. Default: the current directory.
    pub paths: Vec<PathBuf>,
    /// Output format [default: human]. Inside GitHub Actions, when not given, the human report
    /// plus annotations and a step summary.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// The name standard input is reported under.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
    /// Warnings also make the exit code 1.
    #[arg(long)]
    pub deny_warnings: bool,
    /// The roster (agents, teams, fallback): enables the routing rules.
    #[arg(long, value_name = "FILE")]
    pub roster: Option<PathBuf>,
    /// Print a count per rule instead of each finding (a table; an object with `--format json`).
    #[arg(long)]
    pub statistics: bool,
    /// Run only these rules (comma-separated, repeatable; on top of the config).
    #[arg(long, value_name = "RULE,...", value_delimiter = ',')]
    pub select: Vec<String>,
    /// Skip these rules (comma-separated, repeatable; on top of the config).
    #[arg(long, value_name = "RULE,...", value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Report (and fail on) only findings not recorded in this baseline file.
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    pub baseline: Option<PathBuf>,
    /// Record today's findings in this baseline file (exit 0 unless a path cannot be checked).
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// List each file skipped in directories and why (without it: how many, by reason).
    #[arg(long)]
    pub verbose: bool,
}

/// Runs the command line and returns the exit code. A panic (a bug) is exit 2 with one line
/// asking for a report, never exit 101 with a backtrace.
pub fn main() -> i32 {
    crate::isolate::install_hook();
    let code = match crate::isolate::catch(|| run(std::env::args_os())) {
        Ok(code) => code,
        Err(message) => {
            output::say_on_stderr(&format!(
                "error: internal error: streamlint panicked: {}\nnote: {}\n",
                // A panic message may quote user text (a key, a name): escaped like any message.
                report::escape::escape(&message),
                crate::isolate::REPORT_REQUEST
            ));
            EXIT_TROUBLE
        }
    };
    record_peak_memory();
    code
}

/// For the memory limits of the hostile-input tests: with `STREAMLINT_TEST_PEAK_FILE=PATH`, the
/// process writes its own peak resident memory (Linux `VmHWM`, in KiB) to PATH before exiting.
/// The parent cannot measure it itself: `wait4`'s `ru_maxrss` also counts the parent's memory
/// the child ran in between spawning and `exec` (glibc spawns with a shared address space), so a
/// busy test harness made the child look bigger than it was.
fn record_peak_memory() {
    let Some(path) = std::env::var_os("STREAMLINT_TEST_PEAK_FILE") else {
        return;
    };
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    if let Some(kib) = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
    {
        let _ = std::fs::write(path, kib.to_string());
    }
}

/// Runs a command line given as arguments (the first is the program name) and returns the exit
/// code: what `main` does, callable from tests in this process (without `main`'s panic hook).
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            stderr::print_parse_error(&e);
            return if e.use_stderr() {
                EXIT_TROUBLE
            } else {
                EXIT_OK
            };
        }
    };
    let color = use_color(cli.color);
    match &cli.command {
        Command::Check(args) => run_check(args, cli.config.as_deref(), color, cli.quiet),
        Command::Rules { markdown } => {
            let text = if *markdown {
                report::rule_list::markdown()
            } else {
                render_rules()
            };
            output::print(&text).exit_code(EXIT_OK)
        }
        Command::Explain { rule } => explain(rule),
        Command::Simulate(args) => simulate::run(args, cli.config.as_deref(), color, cli.quiet),
        Command::Graph(args) => graph::run(args, cli.config.as_deref(), color),
        Command::Report(args) => html_report::run(args, cli.config.as_deref(), color, cli.quiet),
        Command::Diff(args) => diff::run(args, cli.config.as_deref(), color),
        Command::Schema { document } => {
            let schema = crate::schema::json_schema((*document).into());
            let text = serde_json::to_string_pretty(&schema).expect("schema serialises");
            output::print_all(&[&text, "\n"]).exit_code(EXIT_OK)
        }
        Command::Init { file } => init(file, cli.quiet),
    }
}

fn init(file: &std::path::Path, quiet: bool) -> i32 {
    use crate::init::{write_starter, InitError};
    let shown = check::display_path(file);
    match write_starter(file) {
        Ok(()) => {
            if quiet {
                return EXIT_OK;
            }
            output::print(&format!("wrote {shown}: try `streamlint check {shown}`\n"))
                .exit_code(EXIT_OK)
        }
        Err(InitError::Exists(_)) => {
            say!("error: {shown} already exists; `streamlint init` never overwrites a file");
            eprintln!("help: name another file: `streamlint init NEW.stream.yaml`");
            EXIT_TROUBLE
        }
        Err(InitError::Io(_, e)) => {
            say!("error: {shown}: {}", check::io_message(&e));
            EXIT_TROUBLE
        }
    }
}

/// `--color`, `NO_COLOR` and `CLICOLOR_FORCE`, as cli.md says.
pub fn use_color(choice: ColorChoice) -> bool {
    let set = |var: &str| std::env::var_os(var).is_some_and(|v| !v.is_empty() && v != "0");
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
                false
            } else if set("CLICOLOR_FORCE") {
                true
            } else {
                std::io::stdout().is_terminal()
            }
        }
    }
}

fn run_check(args: &CheckArgs, config: Option<&Path>, color: bool, quiet: bool) -> i32 {
    let format = args.format.unwrap_or(Format::Human);
    if args.statistics && matches!(format, Format::Sarif | Format::Github) {
        eprintln!("error: `--statistics` works with `--format human`, `short` or `json`");
        return EXIT_TROUBLE;
    }
    let config = match config::resolve(config) {
        Ok(config) => config,
        Err(e) => return report_config_error(e, color),
    };
    let policy = match Policy::new(&config, &args.select, &args.ignore, args.deny_warnings) {
        Ok(policy) => policy,
        Err(e) => {
            say!("error: {}", e.message);
            if let Some(help) = e.help {
                say!("help: {help}");
            }
            return EXIT_TROUBLE;
        }
    };
    let baseline = match args.baseline.as_deref().map(Baseline::load).transpose() {
        Ok(baseline) => baseline,
        Err(message) => {
            say!("error: {message}");
            return EXIT_TROUBLE;
        }
    };
    // `--roster` wins over the config's `roster:`.
    let roster_path = args.roster.clone().or_else(|| config.roster_path());
    // Where a baseline goes is decided before the work: a target that must not be replaced
    // is refused at once.
    let baseline_target = match &args.write_baseline {
        Some(path) => {
            let inputs: Vec<&Path> = args
                .paths
                .iter()
                .map(PathBuf::as_path)
                .chain(roster_path.as_deref())
                .chain(config.path.as_deref())
                .collect();
            match baseline::writable_target(path, &inputs) {
                Ok(target) => Some(target),
                Err(message) => {
                    say!("error: {message}");
                    return EXIT_TROUBLE;
                }
            }
        }
        None => None,
    };
    let roster_run = match roster_path {
        Some(path) => match load::roster(&path, color) {
            Ok(run) => Some(run),
            Err(code) => return code,
        },
        None => None,
    };
    let roster_skipped = roster_run.is_none();

    let (items, found) = check_items(args, &config, &policy, roster_run.as_ref());
    let workspace = crate::flows::Workspace::new(config.path.as_ref().map(|_| config.dir()));
    let in_github =
        args.format.is_none() && std::env::var_os("GITHUB_ACTIONS").is_some_and(|v| v == "true");
    let delivery = deliver::Delivery {
        format,
        color,
        quiet,
        statistics: args.statistics,
        in_github,
        policy: &policy,
        baseline: baseline.as_ref(),
        write_baseline: baseline_target.as_ref().and(args.write_baseline.as_deref()),
    };
    let skipped_counts = crate::walk::skipped_counts(&found.skipped);
    let delivered = delivery.run(
        items,
        &workspace,
        roster_run,
        &policy.rule_set(),
        skipped_counts,
        found.errors,
    );
    // Nothing was checked (every path was wrong): the path errors are the whole report, with no
    // "0 files" summary and no roster note beside them.
    let nothing_checked = delivered.totals.files == 0 && !delivered.path_errors.is_empty();
    // Said once, where a person reads the report (not when only a baseline is written).
    if roster_skipped
        && format == Format::Human
        && !quiet
        && !nothing_checked
        && args.write_baseline.is_none()
    {
        eprintln!("note: routing rules skipped: no roster given (use --roster FILE)");
    }
    let quiet = quiet || nothing_checked;
    if !quiet {
        for note in crate::walk::skipped_notes(&found.skipped, args.verbose) {
            output::say_on_stderr(&format!("note: {}\n", report::escape::escape(&note)));
        }
    }

    if let (Some(path), Some(target)) = (&args.write_baseline, &baseline_target) {
        return write_baseline(delivered, path, target, quiet);
    }
    if delivered.written.is_failure() {
        return delivered.written.exit_code(EXIT_TROUBLE);
    }
    let notes = match &args.baseline {
        Some(path) => delivered.filtered.notes(path),
        None => Vec::new(),
    };
    if !quiet {
        for note in &notes {
            say!("note: {note}");
        }
    }
    if in_github {
        if let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) {
            let text = delivered.step_summary.render(&delivered.totals, &notes);
            if let Err(e) = report::summary_md::append(Path::new(&path), &text) {
                // The findings were reported, which is what the step is for.
                say!("warning: could not append to $GITHUB_STEP_SUMMARY: {e}");
            }
        }
    }
    for e in &delivered.path_errors {
        say!("error: {}: {}", e.path, e.message);
    }
    exit_code(&delivered, policy.deny_warnings)
}

/// What `check` reports, sorted by the names reports use: the files found in `check`'s paths,
/// standard input, the roster, the config file's own findings. Also returns what the walk found
/// (the files skipped and why, the paths that could not be read).
fn check_items(
    args: &CheckArgs,
    config: &config::Config,
    policy: &Policy,
    roster: Option<&RosterRun>,
) -> (Vec<(String, deliver::Item)>, crate::walk::Discovered) {
    use deliver::Item;
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let (on_disk, stdin): (Vec<PathBuf>, Vec<PathBuf>) =
        paths.into_iter().partition(|p| p.as_os_str() != "-");
    let mut found = crate::walk::discover(&on_disk, config.exclude_filter());
    let files = std::mem::take(&mut found.files);
    let mut items: Vec<(String, Item)> = files
        .into_iter()
        .map(|path| (check::display_path(&path), Item::Disk(path)))
        .collect();
    if !stdin.is_empty() {
        let name = args.stdin_filename.as_deref().unwrap_or("<stdin>");
        match crate::input::read_stdin() {
            Ok(bytes) => items.push((name.to_string(), Item::Stdin(Mutex::new(Some(bytes))))),
            Err(e) => found.errors.push(check::PathError {
                path: name.to_string(),
                message: check::io_message(&e),
            }),
        }
    }
    if let Some(run) = roster {
        items.push((run.source.name.clone(), Item::Roster));
    }
    if let Some(mut file) = config.file_result() {
        // The config's own findings (unknown rule names) are reported like a checked file's.
        file.findings = policy.levels_applied(file.findings);
        if !file.findings.is_empty() {
            items.push((
                file.source.name.clone(),
                Item::Config(Mutex::new(Some(file))),
            ));
        }
    }
    items.sort_by(|a, b| a.0.cmp(&b.0));
    (items, found)
}

/// An unusable config: its diagnostics on standard error, exit 2.
pub(crate) fn report_config_error(error: ConfigError, color: bool) -> i32 {
    match error {
        ConfigError::Io { path, message } => {
            say!("error: config file {path}: {message}");
        }
        ConfigError::Invalid(file) => {
            let name = file.source.name.clone();
            let result = CheckResult {
                files: vec![file],
                path_errors: Vec::new(),
            };
            eprint!("{}", report::human::render(&result, color, true));
            say!("error: the config file {name} is invalid");
        }
    }
    EXIT_TROUBLE
}

/// `--write-baseline`: refuses to record an incomplete run. `path` is the name given, `target`
/// the file it resolves to ([`baseline::writable_target`]).
fn write_baseline(delivered: deliver::Delivered, path: &Path, target: &Path, quiet: bool) -> i32 {
    if !delivered.path_errors.is_empty() || !delivered.internal_errors.is_empty() {
        for e in &delivered.path_errors {
            say!("error: {}: {}", e.path, e.message);
        }
        for message in &delivered.internal_errors {
            say!("error: {message}");
        }
        eprintln!("error: the baseline was not written: not every path could be checked");
        return EXIT_TROUBLE;
    }
    let mut entries = delivered.baseline_entries;
    entries.sort();
    let n = entries.len();
    match baseline::write(target, entries) {
        Ok(()) => {
            if !quiet {
                say!(
                    "note: wrote {n} baseline {} to {}",
                    if n == 1 { "entry" } else { "entries" },
                    path.display()
                );
            }
            EXIT_OK
        }
        Err(e) => {
            say!("error: {}: {}", path.display(), check::io_message(&e));
            EXIT_TROUBLE
        }
    }
}

fn exit_code(delivered: &deliver::Delivered, deny_warnings: bool) -> i32 {
    let totals = &delivered.totals;
    if !delivered.path_errors.is_empty() || !delivered.internal_errors.is_empty() {
        EXIT_TROUBLE
    } else if totals.errors > 0 || (deny_warnings && totals.warnings > 0) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// `streamlint rules`: one line per rule, grouped by category.
pub fn render_rules() -> String {
    report::rule_list::table()
}

fn explain(name: &str) -> i32 {
    match rules::find(name) {
        Some(rule) => {
            let text = format!(
                "# {}\n\nDefault severity: {}. {}.\n\n{}\n",
                rule.name,
                rule.default_severity,
                capitalise(rule.summary),
                rule.documentation()
            );
            output::print(&text).exit_code(EXIT_OK)
        }
        None => {
            say!("error: there is no rule named `{name}`");
            say!("help: {}", rules::unknown_rule_help(name));
            EXIT_TROUBLE
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
