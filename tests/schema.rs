//! `streamlint schema`: the generated JSON Schemas are valid draft-07, accept every fixture the
//! parser accepts, and reject the schema-error fixtures (which the parser rejects too). The
//! committed copies under `schemas/` stay in step (`UPDATE_DOCS=1 cargo test --test schema`).
//!
//! Every roster, visitors and config file under `fixtures/` is read with its real parser and
//! held to both directions:
//!
//! - parser-accepted ⇒ schema-valid, always;
//! - parser-rejected (a `syntax` or `schema` finding) ⇒ schema-invalid, unless every finding is
//!   one of [`PARSER_ONLY`]: the checks a JSON Schema cannot express.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use streamlint::finding::{Finding, Severity};
use streamlint::parse;
use streamlint::schema::{self, instance, Document};
use streamlint::source::SourceFile;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The checks only the parser makes, by a fragment of their message. A file the parser rejects
/// for these reasons alone may be schema-valid; any other rejection must be the schema's too.
///
/// - unique ids: agents, teams, members of a team, visitors ("is used twice");
/// - account domains unique, ignoring case ("is listed twice");
/// - a time zone the IANA database knows;
/// - a schedule block whose end comes after its start;
/// - `exclude` patterns that compile as globs.
const PARSER_ONLY: &[&str] = &[
    "is used twice",
    "is listed twice",
    "is not an IANA time zone name",
    "the end must be after the start",
    "is not a valid glob",
];

fn parser_only(finding: &Finding) -> bool {
    PARSER_ONLY.iter().any(|m| finding.message.contains(m))
}

/// The document kind a fixture holds, from its name: `*.stream.yaml` and `*.flow.yaml`;
/// `roster.yaml`, `*.roster.yaml`, `*-roster.yaml`; `visitors.yaml`, `visitors-*.yaml`,
/// `*.visitors.yaml`; `.streamlint.yaml`, `*.config.yaml`.
fn kind_of(path: &Path) -> Option<Document> {
    let name = path.file_name()?.to_str()?;
    let name = name.strip_suffix(".yaml").or(name.strip_suffix(".yml"))?;
    Some(if name.ends_with(".stream") || name.ends_with(".flow") {
        Document::Stream
    } else if name == "roster" || name.ends_with(".roster") || name.ends_with("-roster") {
        Document::Roster
    } else if name == "visitors" || name.starts_with("visitors-") || name.ends_with(".visitors") {
        Document::Visitors
    } else if name.ends_with(".config") || name == ".streamlint" {
        Document::Config
    } else {
        return None;
    })
}

fn is_yaml(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "yaml" || e == "yml")
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(&path, out);
        } else if is_yaml(&path) {
            out.push(path);
        }
    }
}

/// Every YAML file under `fixtures/`.
fn fixtures() -> Vec<PathBuf> {
    let mut out = Vec::new();
    walk(&root().join("fixtures"), &mut out);
    out.sort();
    out
}

fn validator(document: Document) -> jsonschema::Validator {
    jsonschema::validator_for(&schema::json_schema(document)).expect("the schema compiles")
}

struct Loaded {
    /// None when the file is not YAML at all.
    json: Option<Value>,
    /// Does the real parser accept it (no `syntax` or `schema` finding; for a config, no error)?
    parser_ok: bool,
    /// The parser's `syntax`/`schema` findings (errors, for a config).
    rejections: Vec<Finding>,
}

impl Loaded {
    /// Rejected only for reasons a JSON Schema cannot express.
    fn only_parser_checks(&self) -> bool {
        self.rejections.iter().all(parser_only)
    }
}

/// The findings that make the parser reject a file.
fn rejections(document: Document, source: &SourceFile) -> Vec<Finding> {
    let refusing = |f: &Finding| f.rule == "schema" || f.rule == "syntax";
    let findings = match document {
        Document::Stream => parse::parse_stream(source).findings,
        Document::Roster => parse::parse_roster(source).findings,
        Document::Visitors => parse::parse_visitors(source).findings,
        Document::Config => {
            let (config, findings) = streamlint::config::parse_config(source);
            let errors: Vec<Finding> = findings
                .into_iter()
                .filter(|f| f.severity == Severity::Error)
                .collect();
            assert!(
                config.is_some() || !errors.is_empty(),
                "{}: a config refused without an error",
                source.name
            );
            return errors;
        }
    };
    findings.into_iter().filter(refusing).collect()
}

fn load_text(name: &str, text: &str, document: Document) -> Loaded {
    let source = SourceFile::new(name, text);
    let json = parse::load_yaml(&source)
        .ok()
        .and_then(|doc| instance::to_json(&doc));
    let rejections = rejections(document, &source);
    Loaded {
        json,
        parser_ok: rejections.is_empty(),
        rejections,
    }
}

fn load(path: &Path, document: Document) -> Loaded {
    let (source, not_utf8) =
        parse::decode(&path.display().to_string(), std::fs::read(path).unwrap());
    if let Some(f) = not_utf8 {
        // Hostile fixtures: not text, so neither the schema nor the parser accepts them.
        return Loaded {
            json: None,
            parser_ok: false,
            rejections: vec![f],
        };
    }
    load_text(&source.name, &source.text, document)
}

fn errors(v: &jsonschema::Validator, json: &Value) -> Vec<String> {
    v.iter_errors(json)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn messages(findings: &[Finding]) -> Vec<&str> {
    findings.iter().map(|f| f.message.as_str()).collect()
}

/// Holds one file to both directions; returns whether the parser accepted it.
fn agree(name: &str, loaded: &Loaded, document: Document) -> bool {
    let Some(json) = &loaded.json else {
        // Not YAML (or an alias bomb): there is nothing for a schema to see.
        assert!(
            !loaded.parser_ok,
            "{name}: the parser accepts a file that is not YAML"
        );
        return false;
    };
    let errs = errors(&validator(document), json);
    if loaded.parser_ok {
        assert!(
            errs.is_empty(),
            "{name}: the parser accepts it, the schema refuses: {errs:#?}"
        );
    } else if !loaded.only_parser_checks() {
        assert!(
            !errs.is_empty(),
            "{name}: the parser refuses it ({:?}), the schema accepts it",
            messages(&loaded.rejections)
        );
    }
    loaded.parser_ok
}

/// The parser's card id check and the schema's pattern agree.
#[test]
fn card_id_pattern_matches_the_parser() {
    let pattern = serde_json::json!({ "type": "string", "pattern": schema::stream::CARD_ID });
    let v = jsonschema::validator_for(&pattern).unwrap();
    for id in [
        "a",
        "0",
        "a-b_c",
        "wants-sales",
        "9x",
        "A",
        "-a",
        "_a",
        "a.b",
        "a b",
        "é",
        "",
        "aB",
    ] {
        assert_eq!(
            v.is_valid(&Value::from(id)),
            parse::stream::is_valid_card_id(id),
            "{id:?}"
        );
    }
}

#[test]
fn generated_schemas_are_valid_draft_07() {
    for document in Document::ALL {
        let schema = schema::json_schema(document);
        assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
        if let Err(e) = jsonschema::draft7::meta::validate(&schema) {
            panic!("{}: {e}", document.name());
        }
    }
}

/// Every YAML fixture is one of the four document kinds, so none escapes the checks below.
#[test]
fn every_fixture_is_classified() {
    let unknown: Vec<PathBuf> = fixtures()
        .into_iter()
        .filter(|p| kind_of(p).is_none())
        .collect();
    assert!(
        unknown.is_empty(),
        "fixtures of no known kind: {unknown:#?}"
    );
}

#[test]
fn every_file_the_parser_accepts_is_schema_valid() {
    let mut checked = 0;
    for path in fixtures() {
        let document = kind_of(&path).unwrap();
        if document != Document::Stream {
            continue;
        }
        let loaded = load(&path, document);
        let (Some(json), true) = (loaded.json, loaded.parser_ok) else {
            continue;
        };
        let errs = errors(&validator(document), &json);
        assert!(errs.is_empty(), "{}: {errs:#?}", path.display());
        checked += 1;
    }
    assert!(checked >= 4, "only {checked} valid stream fixtures");
}

/// Rosters, visitors files and configs, wherever they are under `fixtures/`: the schema
/// accepts what the parser accepts and refuses what it refuses, but for [`PARSER_ONLY`].
#[test]
fn roster_visitors_and_config_fixtures_agree_with_their_parsers() {
    let mut seen = Vec::new();
    for path in fixtures() {
        let document = kind_of(&path).unwrap();
        if document == Document::Stream {
            continue;
        }
        let loaded = load(&path, document);
        let accepted = agree(&path.display().to_string(), &loaded, document);
        seen.push((document, accepted));
    }
    for document in [Document::Roster, Document::Visitors, Document::Config] {
        for accepted in [true, false] {
            let n = seen.iter().filter(|s| **s == (document, accepted)).count();
            assert!(
                n >= 3,
                "only {n} {} {} fixtures",
                if accepted { "accepted" } else { "refused" },
                document.name()
            );
        }
    }
    // Not one file less than the fixtures named in the brief: plain `roster.yaml`s, the rule
    // fixtures, `visitors*.yaml`, `.streamlint.yaml`s.
    assert!(seen.len() >= 30, "only {} files", seen.len());
}

#[test]
fn valid_schema_fixtures_pass() {
    let dir = root().join("fixtures/schema/valid");
    let mut kinds = Vec::new();
    for path in fixtures().into_iter().filter(|p| p.starts_with(&dir)) {
        let document = kind_of(&path).unwrap();
        let loaded = load(&path, document);
        assert!(
            loaded.parser_ok,
            "{}: {:?}",
            path.display(),
            messages(&loaded.rejections)
        );
        let errs = errors(&validator(document), &loaded.json.unwrap());
        assert!(errs.is_empty(), "{}: {errs:#?}", path.display());
        kinds.push(document);
    }
    for document in Document::ALL {
        assert!(
            kinds.contains(&document),
            "no valid {} fixture",
            document.name()
        );
    }
}

#[test]
fn schema_error_fixtures_are_rejected_by_schema_and_parser() {
    let dir = root().join("fixtures/schema/invalid");
    let mut kinds = Vec::new();
    for path in fixtures().into_iter().filter(|p| p.starts_with(&dir)) {
        let document = kind_of(&path).unwrap();
        let loaded = load(&path, document);
        assert!(!loaded.parser_ok, "{}: check accepts it", path.display());
        assert!(
            !loaded.only_parser_checks(),
            "{}: only refused by checks the schema cannot make",
            path.display()
        );
        let json = loaded.json.expect("schema fixtures are YAML");
        assert!(
            !validator(document).is_valid(&json),
            "{}: the schema accepts it",
            path.display()
        );
        kinds.push(document);
    }
    for document in Document::ALL {
        let n = kinds.iter().filter(|k| **k == document).count();
        assert!(n >= 3, "only {n} invalid {} fixtures", document.name());
    }
}

/// Small documents, one choice each, held to both directions like the fixtures: the syntaxes
/// the parsers check by hand (ids, weekdays, time blocks, domains) against the tables'
/// patterns, and the choices where the tables follow the parsers.
#[test]
fn parsers_and_schemas_agree_on_edge_cases() {
    let roster = |agent: &str, rest: &str| format!("agents:\n  - id: a\n{agent}{rest}");
    let cases: Vec<(Document, String, bool)> = vec![
        // Agent ids.
        (
            Document::Roster,
            "agents: [{id: maria.rossi@x-1}]\n".into(),
            true,
        ),
        (Document::Roster, "agents: [{id: 42}]\n".into(), true),
        (Document::Roster, "agents: [{id: Maria}]\n".into(), false),
        (Document::Roster, "agents: [{id: -a}]\n".into(), false),
        (Document::Roster, "agents: [{id: \"a b\"}]\n".into(), false),
        (Document::Roster, "agents: []\n".into(), false),
        (
            Document::Roster,
            "agents: [{id: a, name: \" \"}]\n".into(),
            false,
        ),
        // Ranges.
        (Document::Roster, roster("    active_chats: 10\n", ""), true),
        (
            Document::Roster,
            roster("    active_chats: 11\n", ""),
            false,
        ),
        (Document::Roster, roster("    max_chats: 0\n", ""), false),
        (Document::Roster, roster("    status: away\n", ""), false),
        // Weekday keys.
        (
            Document::Roster,
            roster(
                "    timezone: UTC\n    schedule: {\"mon,wed\": [\"09:00-10:00\"]}\n",
                "",
            ),
            true,
        ),
        (
            Document::Roster,
            roster(
                "    timezone: UTC\n    schedule: {\"mon - wed, fri\": []}\n",
                "",
            ),
            true,
        ),
        (
            Document::Roster,
            roster(
                "    timezone: UTC\n    schedule: {fri-mon: [\"00:00-24:00\"]}\n",
                "",
            ),
            true,
        ),
        (
            Document::Roster,
            roster("    timezone: UTC\n    schedule: {Mon: []}\n", ""),
            false,
        ),
        (
            Document::Roster,
            roster("    timezone: UTC\n    schedule: {mon-tue-wed: []}\n", ""),
            false,
        ),
        (
            Document::Roster,
            roster("    timezone: UTC\n    schedule: {\"mon,\": []}\n", ""),
            false,
        ),
        (
            Document::Roster,
            roster("    schedule: {mon: []}\n", ""),
            false,
        ),
        // Time blocks.
        (
            Document::Roster,
            roster(
                "    timezone: UTC\n    schedule: {sat: [\"09:00 - 12:30\"]}\n",
                "",
            ),
            true,
        ),
        (
            Document::Roster,
            roster(
                "    timezone: UTC\n    schedule: {sat: [\"9:00-12:30\"]}\n",
                "",
            ),
            false,
        ),
        (
            Document::Roster,
            roster(
                "    timezone: UTC\n    schedule: {sat: [\"09:00-24:01\"]}\n",
                "",
            ),
            false,
        ),
        (
            Document::Roster,
            roster(
                "    timezone: UTC\n    schedule: {sat: [\"24:00-24:00\"]}\n",
                "",
            ),
            false,
        ),
        (
            Document::Roster,
            roster("    timezone: UTC\n    schedule: {sat: [900]}\n", ""),
            false,
        ),
        // Parser only: block order, time zones.
        (
            Document::Roster,
            roster(
                "    timezone: UTC\n    schedule: {sat: [\"18:00-09:00\"]}\n",
                "",
            ),
            false,
        ),
        (
            Document::Roster,
            roster("    timezone: Mars/Olympus\n", ""),
            false,
        ),
        // Teams: empty teams are the `empty-team` rule's, and teams may have a name.
        (
            Document::Roster,
            roster("", "teams: [{id: t, name: Sales, members: []}]\n"),
            true,
        ),
        (Document::Roster, roster("", "teams: [{id: t}]\n"), false),
        (
            Document::Roster,
            roster("", "teams: [{id: t, members: [\"\"]}]\n"),
            false,
        ),
        // Accounts.
        (
            Document::Roster,
            roster(
                "",
                "accounts: [{domain: big.example, agent: a, name: Big}]\n",
            ),
            true,
        ),
        (
            Document::Roster,
            roster("", "accounts: [{domain: a@big.example, agent: a}]\n"),
            false,
        ),
        (
            Document::Roster,
            roster("", "accounts: [{domain: \"big example\", agent: a}]\n"),
            false,
        ),
        (
            Document::Roster,
            roster("", "accounts: [{domain: big.example}]\n"),
            false,
        ),
        // Fallback.
        (
            Document::Roster,
            roster("", "fallback: {message: \"\"}\n"),
            false,
        ),
        (
            Document::Roster,
            roster("", "fallback: {round_robin: yes}\n"),
            false,
        ),
        // Visitors.
        (
            Document::Visitors,
            "visitors: [{id: a, note: first}]\n".into(),
            true,
        ),
        (
            Document::Visitors,
            "visitors: [{id: a, attributes: {size: 5, vip: true}}]\n".into(),
            true,
        ),
        (Document::Visitors, "visitors: []\n".into(), false),
        (
            Document::Visitors,
            "visitors: [{id: a, answers: [\"\"]}]\n".into(),
            false,
        ),
        (
            Document::Visitors,
            "visitors: [{id: a, fills: {email: null}}]\n".into(),
            false,
        ),
        (
            Document::Visitors,
            "visitors: [{id: a, expect: {}}]\n".into(),
            false,
        ),
        (
            Document::Visitors,
            "visitors: [{id: a, expect: {agent: x, team: y}}]\n".into(),
            false,
        ),
        (
            Document::Visitors,
            "visitors: [{id: a, expect: {outcome: meeting_offer}}]\n".into(),
            true,
        ),
        // Configs.
        (Document::Config, "exclude: \"drafts/**\"\n".into(), true),
        (Document::Config, "exclude: {drafts: true}\n".into(), false),
        (Document::Config, "exclude: [\"a/[b\"]\n".into(), false),
        (
            Document::Config,
            "rules: {live-chat-not-lsat: warning}\n".into(),
            true,
        ),
        (
            Document::Config,
            "rules: {no-such-rule: loud}\n".into(),
            false,
        ),
        (
            Document::Config,
            "rules: {schema: error, syntax: error}\n".into(),
            true,
        ),
        (Document::Config, "rules: {schema: warning}\n".into(), false),
        (Document::Config, "rules: {syntax: off}\n".into(), false),
        (Document::Config, "roster: \" \"\n".into(), false),
        (
            Document::Config,
            "# only comments: the defaults\n".into(),
            true,
        ),
        (Document::Config, "[]\n".into(), false),
        (Document::Roster, "# nothing\n".into(), false),
        (Document::Visitors, "# nothing\n".into(), false),
    ];
    for (document, text, accepted) in cases {
        let loaded = load_text("case.yaml", &text, document);
        assert_eq!(
            loaded.parser_ok,
            accepted,
            "{text:?}: {:?}",
            messages(&loaded.rejections)
        );
        agree(&format!("{text:?}"), &loaded, document);
    }
}

/// The fields the tables mark required are exactly the ones the parsers require: each missing
/// one is a "missing the required field" finding, and no other field of these shapes is
/// required.
#[test]
fn required_fields_are_the_tables() {
    use streamlint::schema::{config, roster, Shape};
    let shapes: [&Shape; 9] = [
        &roster::ROSTER,
        &roster::AGENT,
        &roster::TEAM,
        &roster::ACCOUNT,
        &roster::FALLBACK,
        &roster::VISITORS,
        &roster::VISITOR,
        &roster::EXPECT,
        &config::CONFIG,
    ];
    let missing: &[(&str, &str, Document, &str)] = &[
        ("roster", "agents", Document::Roster, "teams: []\n"),
        ("an agent", "id", Document::Roster, "agents: [{name: A}]\n"),
        (
            "a team",
            "id",
            Document::Roster,
            "agents: [{id: a}]\nteams: [{members: [a]}]\n",
        ),
        (
            "a team",
            "members",
            Document::Roster,
            "agents: [{id: a}]\nteams: [{id: t}]\n",
        ),
        (
            "an account",
            "domain",
            Document::Roster,
            "agents: [{id: a}]\naccounts: [{agent: a}]\n",
        ),
        (
            "an account",
            "agent",
            Document::Roster,
            "agents: [{id: a}]\naccounts: [{domain: b.example}]\n",
        ),
        ("visitors", "visitors", Document::Visitors, "{}\n"),
        (
            "a visitor",
            "id",
            Document::Visitors,
            "visitors: [{answers: [x]}]\n",
        ),
    ];
    let mut required: Vec<(&str, &str)> = shapes
        .iter()
        .flat_map(|s| {
            s.fields
                .iter()
                .filter(|f| f.required)
                .map(|f| (s.name, f.name))
        })
        .collect();
    let mut tested: Vec<(&str, &str)> = missing.iter().map(|m| (m.0, m.1)).collect();
    required.sort();
    tested.sort();
    assert_eq!(required, tested, "a required field without a case here");
    for (_, field, document, text) in missing {
        let loaded = load_text("case.yaml", text, *document);
        let wanted = format!("missing the required field `{field}`");
        assert!(
            messages(&loaded.rejections)
                .iter()
                .any(|m| m.contains(&wanted)),
            "{text:?}: {:?}",
            messages(&loaded.rejections)
        );
        agree(&format!("{text:?}"), &loaded, *document);
    }
}

#[test]
fn the_schema_command_prints_the_generated_schema() {
    for document in Document::ALL {
        let out = Command::cargo_bin("streamlint")
            .unwrap()
            .args(["schema", document.name()])
            .output()
            .unwrap();
        assert!(out.status.success());
        let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(printed, schema::json_schema(document));
    }
    let out = Command::cargo_bin("streamlint")
        .unwrap()
        .arg("schema")
        .output()
        .unwrap();
    let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        printed,
        schema::json_schema(Document::Stream),
        "stream is the default"
    );
}

/// `schemas/*.schema.json` are committed so editors can point at them by URL.
#[test]
fn committed_schemas_are_up_to_date() {
    let update = std::env::var_os("UPDATE_DOCS").is_some_and(|v| v == "1");
    for document in Document::ALL {
        let path = root().join(format!("schemas/{}.schema.json", document.name()));
        let mut generated = serde_json::to_string_pretty(&schema::json_schema(document)).unwrap();
        generated.push('\n');
        if update {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &generated).unwrap();
            continue;
        }
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            on_disk == generated,
            "{} is stale: run `UPDATE_DOCS=1 cargo test --test schema` and commit it",
            path.display()
        );
    }
}
