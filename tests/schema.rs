//! `streamlint schema`: the generated JSON Schemas are valid draft-07, accept every fixture the
//! parser accepts, and reject the schema-error fixtures (which the parser rejects too). The
//! committed copies under `schemas/` stay in step (`UPDATE_DOCS=1 cargo test --test schema`).

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use streamlint::parse;
use streamlint::schema::{self, instance, Document};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The document kind a fixture holds, from its name.
fn kind_of(path: &Path) -> Option<Document> {
    let name = path.file_name()?.to_str()?;
    let name = name.strip_suffix(".yaml").or(name.strip_suffix(".yml"))?;
    Some(if name.ends_with(".stream") || name.ends_with(".flow") {
        Document::Stream
    } else if name.ends_with(".roster") {
        Document::Roster
    } else if name.ends_with(".visitors") {
        Document::Visitors
    } else if name.ends_with(".config") || name == ".streamlint" {
        Document::Config
    } else {
        return None;
    })
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(&path, out);
        } else if kind_of(&path).is_some() {
            out.push(path);
        }
    }
}

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
    /// For streams: does `check` find it valid (no `syntax` or `schema` finding)?
    parser_ok: Option<bool>,
}

fn load(path: &Path, document: Document) -> Loaded {
    let (source, not_utf8) =
        parse::decode(&path.display().to_string(), std::fs::read(path).unwrap());
    if not_utf8.is_some() {
        // Hostile fixtures: not text, so neither the schema nor the parser accepts them.
        return Loaded {
            json: None,
            parser_ok: Some(false),
        };
    }
    let json = parse::load_yaml(&source)
        .ok()
        .and_then(|doc| instance::to_json(&doc));
    let parser_ok = (document == Document::Stream).then(|| {
        parse::parse_stream(&source)
            .findings
            .iter()
            .all(|f| f.rule != "schema" && f.rule != "syntax")
    });
    Loaded { json, parser_ok }
}

fn errors(v: &jsonschema::Validator, json: &Value) -> Vec<String> {
    v.iter_errors(json)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
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

#[test]
fn every_file_the_parser_accepts_is_schema_valid() {
    let mut checked = 0;
    for path in fixtures() {
        let document = kind_of(&path).unwrap();
        if document != Document::Stream {
            continue;
        }
        let loaded = load(&path, document);
        let (Some(json), Some(true)) = (loaded.json, loaded.parser_ok) else {
            continue;
        };
        let errs = errors(&validator(document), &json);
        assert!(errs.is_empty(), "{}: {errs:#?}", path.display());
        checked += 1;
    }
    assert!(checked >= 4, "only {checked} valid stream fixtures");
}

#[test]
fn valid_schema_fixtures_pass() {
    let dir = root().join("fixtures/schema/valid");
    let mut kinds = Vec::new();
    for path in fixtures().into_iter().filter(|p| p.starts_with(&dir)) {
        let document = kind_of(&path).unwrap();
        let loaded = load(&path, document);
        assert_ne!(loaded.parser_ok, Some(false), "{}", path.display());
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
        assert_ne!(
            loaded.parser_ok,
            Some(true),
            "{}: check accepts it",
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
        assert!(
            kinds.contains(&document),
            "no invalid {} fixture",
            document.name()
        );
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
