//! The config file, `.streamlint.yaml`: found in the current directory or the nearest parent, or
//! named with `--config FILE`.
//!
//! It is read with the same spanned YAML layer and [`Reader`] as streams, so a broken config gets
//! `schema` findings pointing into it (the caller exits 2). Rule names that do not exist are
//! `unknown-rule` warnings reported against the config file; the config still applies.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use crate::check::{FileResult, PathFilter};
use crate::finding::{Finding, Severity};
use crate::parse::yaml::NodeId;
use crate::parse::{self, reader::Reader};
use crate::paths;
use crate::rules;
use crate::shape::config as spec;
use crate::source::{SourceFile, Span, Spanned};

/// The name looked for in the current directory and its parents.
pub const FILE_NAME: &str = ".streamlint.yaml";

/// A rule's level in the config.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Off,
    Warning,
    Error,
}

impl Level {
    /// The severity findings get, `None` when the rule is off.
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Off => None,
            Level::Warning => Some(Severity::Warning),
            Level::Error => Some(Severity::Error),
        }
    }
}

#[derive(Debug, Clone)]
pub struct RuleSetting {
    pub rule: &'static str,
    pub level: Level,
    pub span: Span,
}

/// A loaded config (or the defaults, when there is no config file).
#[derive(Debug, Default)]
pub struct Config {
    /// The config file as given or found; `None` for the defaults.
    pub path: Option<PathBuf>,
    /// `roster:` as written (relative to the config file's directory).
    pub roster: Option<Spanned<String>>,
    /// `exclude:` patterns as written.
    pub exclude: Vec<Spanned<String>>,
    exclude_set: Option<GlobSet>,
    pub deny_warnings: bool,
    /// `rules:` entries naming known rules, in file order.
    pub rules: Vec<RuleSetting>,
    /// The config file's text and its warnings (`unknown-rule`), reported with the findings.
    pub source: Option<SourceFile>,
    pub findings: Vec<Finding>,
}

/// Why no config could be used (exit 2).
#[derive(Debug)]
pub enum ConfigError {
    /// The file could not be read.
    Io { path: String, message: String },
    /// The file is not a valid config: its `syntax`/`schema` findings (and any warnings).
    Invalid(FileResult),
}

impl Config {
    /// The directory relative paths in the config are resolved against.
    pub fn dir(&self) -> PathBuf {
        match self.path.as_deref().and_then(Path::parent) {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        }
    }

    /// `roster:`, resolved against the config file's directory.
    pub fn roster_path(&self) -> Option<PathBuf> {
        self.roster.as_ref().map(|r| self.dir().join(&r.value))
    }

    /// The rule's level in the config, `None` when the config says nothing about it.
    pub fn level(&self, rule: &str) -> Option<Level> {
        self.rules.iter().find(|s| s.rule == rule).map(|s| s.level)
    }

    /// Skips discovered paths matching `exclude:` (matched relative to the config file's
    /// directory). `None` without patterns.
    pub fn exclude_filter(&self) -> Option<PathFilter> {
        let set = self.exclude_set.clone()?;
        let base = paths::absolute(&self.dir());
        Some(Arc::new(move |path: &Path| {
            let abs = paths::absolute(path);
            match abs.strip_prefix(&base) {
                Ok(rel) => !rel.as_os_str().is_empty() && set.is_match(rel),
                Err(_) => false,
            }
        }))
    }

    /// The config file with its warnings, to report with the checked files.
    pub fn file_result(&self) -> Option<FileResult> {
        if self.findings.is_empty() {
            return None;
        }
        Some(FileResult::new(self.source.clone()?, self.findings.clone()))
    }
}

/// The nearest `.streamlint.yaml` in `start` or its parents.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|p| p.is_file())
}

/// The config in effect: `--config FILE` when given, else the nearest one from the current
/// directory, else the defaults. A discovered file is named relative to the current directory.
pub fn resolve(explicit: Option<&Path>) -> Result<Config, ConfigError> {
    if let Some(path) = explicit {
        return load(path);
    }
    let Ok(cwd) = std::env::current_dir() else {
        return Ok(Config::default());
    };
    match discover(&cwd) {
        Some(found) => {
            let shown = paths::relative(&found, &paths::normalize(&cwd));
            load(Path::new(&shown))
        }
        None => Ok(Config::default()),
    }
}

/// Reads and validates one config file.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let name = paths::slash(path);
    let bytes = crate::input::read_path(path).map_err(|e| ConfigError::Io {
        path: name.clone(),
        message: crate::check::io_message(&e),
    })?;
    let (source, bad_utf8) = parse::decode(&name, bytes);
    if let Some(f) = bad_utf8 {
        return Err(ConfigError::Invalid(FileResult::new(source, vec![f])));
    }
    let (config, findings) = parse_config(&source);
    let invalid = findings.iter().any(|f| f.severity == Severity::Error);
    match config {
        Some(mut config) if !invalid => {
            config.path = Some(path.to_path_buf());
            config.source = Some(source);
            config.findings = findings;
            Ok(config)
        }
        _ => {
            let mut findings = findings;
            rules::dedup(&mut findings);
            Err(ConfigError::Invalid(FileResult::new(source, findings)))
        }
    }
}

/// Parses a config's text: the config when it is valid, and every finding about it.
pub fn parse_config(src: &SourceFile) -> (Option<Config>, Vec<Finding>) {
    let doc = match parse::load_yaml(src) {
        Ok(doc) => doc,
        Err(f) => return (None, vec![*f]),
    };
    let Some(root) = doc.root else {
        // An empty config (or only comments) is the defaults.
        return (Some(Config::default()), Vec::new());
    };
    let mut r = Reader::new(&doc);
    let config = lower_config(&mut r, root);
    let mut findings = r.into_findings();
    rules::dedup(&mut findings);
    (config, findings)
}

fn lower_config(r: &mut Reader, root: NodeId) -> Option<Config> {
    // The keys and the levels come from `schema::config`, which `streamlint schema config` also
    // turns into JSON Schema.
    let fields = r.map(root, "a config file", &spec::CONFIG.names())?;
    let mut config = Config::default();
    let mut ok = true;
    if let Some((_, v)) = fields.get("roster") {
        match r.non_empty_string(v, "the roster path") {
            Some(s) => config.roster = Some(s),
            None => ok = false,
        }
    }
    if let Some((_, v)) = fields.get("exclude") {
        match exclude(r, v) {
            Some((patterns, set)) => {
                config.exclude = patterns;
                config.exclude_set = set;
            }
            None => ok = false,
        }
    }
    if let Some((_, v)) = fields.get("deny_warnings") {
        match r.bool(v, "deny_warnings") {
            Some(b) => config.deny_warnings = b.value,
            None => ok = false,
        }
    }
    if let Some((_, v)) = fields.get("rules") {
        match rule_settings(r, v) {
            Some(settings) => config.rules = settings,
            None => ok = false,
        }
    }
    ok.then_some(config)
}

/// `exclude:` a list of globs (a single string is accepted too).
fn exclude(r: &mut Reader, id: NodeId) -> Option<(Vec<Spanned<String>>, Option<GlobSet>)> {
    let items = if r.scalar_text(id).is_some() && !r.is_null(id) {
        vec![id]
    } else {
        r.seq(id, "a list of glob patterns")?
    };
    let mut patterns = Vec::with_capacity(items.len());
    let mut builder = GlobSetBuilder::new();
    let mut ok = true;
    for item in items {
        let Some(pattern) = r.non_empty_string(item, "a glob pattern") else {
            ok = false;
            continue;
        };
        match compile_glob(&pattern.value) {
            Ok(glob) => {
                builder.add(glob);
                patterns.push(pattern);
            }
            Err(message) => {
                ok = false;
                let f = r
                    .error(
                        pattern.span,
                        format!("`{}` is not a valid glob: {message}", pattern.value),
                    )
                    .help("globs use `*` (within a directory), `**` (any depth), `?`, `[abc]`, `{a,b}`");
                r.push(f);
            }
        }
    }
    if !ok {
        return None;
    }
    if patterns.is_empty() {
        return Some((patterns, None));
    }
    let set = builder.build().ok()?;
    Some((patterns, Some(set)))
}

/// One `exclude` pattern, with `.gitignore`-like anchoring: a pattern holding a `/` (other than
/// a trailing one) is matched from the config file's directory; one without matches a file or
/// directory name at any depth. A trailing `/` is dropped (directories are pruned when they
/// match). `*` stays within one directory; `**` crosses directories.
pub fn compile_glob(pattern: &str) -> Result<globset::Glob, String> {
    let trimmed = pattern.strip_suffix('/').unwrap_or(pattern);
    let anchored = trimmed.contains('/');
    let trimmed = trimmed.strip_prefix("./").unwrap_or(trimmed);
    let trimmed = trimmed.strip_prefix('/').unwrap_or(trimmed);
    let full = if anchored || trimmed.starts_with("**") {
        trimmed.to_string()
    } else {
        format!("**/{trimmed}")
    };
    GlobBuilder::new(&full)
        .literal_separator(true)
        .backslash_escape(true)
        .build()
        .map_err(|e| e.kind().to_string())
}

/// `rules: {name: off|warning|error}`.
fn rule_settings(r: &mut Reader, id: NodeId) -> Option<Vec<RuleSetting>> {
    let fields = r.map_raw(id, "a mapping of rule names to levels")?;
    let mut out = Vec::new();
    let mut ok = true;
    for (key, key_span, value) in &fields.entries {
        let Some(level) = r.one_of(*value, "rule level", spec::RULE_LEVELS) else {
            ok = false;
            continue;
        };
        let level = match level.value.as_str() {
            "off" => Level::Off,
            "warning" => Level::Warning,
            _ => Level::Error,
        };
        let Some(rule) = rules::find(key) else {
            let f = Finding::new(
                &rules::unknown_rule::RULE,
                *key_span,
                format!("there is no rule named `{key}`"),
            )
            .label("unknown rule: this setting changes nothing");
            r.push(f.help(rules::unknown_rule_help(key)));
            continue;
        };
        if !rule.suppressible && level != Level::Error {
            ok = false;
            let f = r
                .error(
                    r.span(*value),
                    format!("`{}` cannot be turned off or downgraded", rule.name),
                )
                .help("a file that is not a valid stream cannot be checked, so it always fails");
            r.push(f);
            continue;
        }
        out.push(RuleSetting {
            rule: rule.name,
            level,
            span: *key_span,
        });
    }
    ok.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Option<Config>, Vec<Finding>) {
        parse_config(&SourceFile::new(".streamlint.yaml", text))
    }

    #[test]
    fn a_full_config() {
        let (config, findings) = parse(
            "roster: team/roster.yaml\nexclude: [\"drafts/**\", old]\ndeny_warnings: true\n\
             rules:\n  live-chat-without-info-capture: off\n  token-without-default: error\n",
        );
        assert!(findings.is_empty(), "{findings:?}");
        let mut config = config.unwrap();
        config.path = Some(PathBuf::from("conf/.streamlint.yaml"));
        assert_eq!(
            config.roster_path(),
            Some(PathBuf::from("conf/team/roster.yaml"))
        );
        assert!(config.deny_warnings);
        assert_eq!(
            config.level("live-chat-without-info-capture"),
            Some(Level::Off)
        );
        assert_eq!(config.level("token-without-default"), Some(Level::Error));
        assert_eq!(config.level("poke-not-first"), None);
        let set = config.exclude_set.as_ref().unwrap();
        assert!(set.is_match("drafts/a/b.stream.yaml"));
        assert!(set.is_match("x/old"));
        assert!(!set.is_match("x/older"));
    }

    #[test]
    fn empty_config_is_the_defaults() {
        let (config, findings) = parse("# nothing yet\n");
        assert!(findings.is_empty());
        assert!(config.unwrap().rules.is_empty());
    }

    #[test]
    fn errors_point_at_the_offending_value() {
        let (config, findings) =
            parse("rulez: {}\ndeny_warnings: maybe\nrules:\n  poke-not-first: of\n  schema: off\n");
        assert!(config.is_none());
        let got: Vec<(u32, u32, &str)> = findings
            .iter()
            .map(|f| (f.span.start.line, f.span.start.column, f.rule))
            .collect();
        assert_eq!(
            got,
            vec![
                (1, 1, "schema"),
                (2, 16, "schema"),
                (4, 19, "schema"),
                (5, 11, "schema")
            ]
        );
        assert_eq!(findings[0].help.as_deref(), Some("did you mean `rules`?"));
        assert_eq!(findings[2].help.as_deref(), Some("did you mean `off`?"));
    }

    #[test]
    fn unknown_rules_are_warnings_and_the_config_still_applies() {
        let (config, findings) = parse("rules:\n  live-chat-not-lsat: warning\n");
        assert!(config.is_some());
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].rule, "unknown-rule");
        assert_eq!(findings[0].severity, Severity::Warning);
        assert_eq!(
            findings[0].help.as_deref(),
            Some("did you mean `live-chat-not-last`?")
        );
    }

    #[test]
    fn bad_globs_are_schema_errors() {
        let (config, findings) = parse("exclude: [\"a/[b\"]\n");
        assert!(config.is_none());
        assert!(findings[0].message.contains("not a valid glob"));
        assert_eq!(findings[0].span.start.column, 11);
    }
}
