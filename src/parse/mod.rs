//! From bytes to a typed model: decoding, YAML with spans ([`yaml`]), and lowering with
//! `schema` findings ([`reader`], [`stream`]).

pub mod mistakes;
pub mod reader;
pub mod roster;
pub mod schema_rule;
pub mod stream;
pub mod syntax_rule;
pub mod visitors;
pub mod yaml;

use crate::finding::Finding;
use crate::model::{Roster, Stream, Visitors};
use crate::source::{FileId, SourceFile, Span};

/// What parsing one file produced: the model when the file is valid, and the findings.
pub struct Parsed<T> {
    pub model: Option<T>,
    pub findings: Vec<Finding>,
    /// The spanned YAML, when the file is valid YAML: the one parse, which later passes
    /// (suppressions, baselines) read instead of parsing again.
    pub document: Option<yaml::Document>,
}

/// Decodes a file's bytes. Non-UTF-8 content comes back with a `syntax` finding at the first bad
/// byte (the source then holds the valid prefix, so the snippet can still be shown).
pub fn decode(name: &str, bytes: Vec<u8>) -> (SourceFile, Option<Finding>) {
    decode_as(FileId(0), name, bytes)
}

/// Like [`decode`], for a file with its own id in the run (every position in it carries the id).
pub fn decode_as(id: FileId, name: &str, bytes: Vec<u8>) -> (SourceFile, Option<Finding>) {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                // A byte-order mark is legal YAML; drop it so columns start at 1.
                text.replace_range(..3, "");
            }
            (SourceFile::with_id(id, name, text), None)
        }
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
            let src = SourceFile::with_id(id, name, prefix);
            let pos = src.pos_from_offset(valid);
            let finding = Finding::new(
                &syntax_rule::RULE,
                Span::at(pos),
                format!(
                    "the file is not UTF-8 text (invalid byte 0x{:02x})",
                    bytes[valid]
                ),
            )
            .help("stream files must be UTF-8 encoded YAML");
            (src, Some(finding))
        }
    }
}

/// Loads YAML with spans; a syntax error becomes a `syntax` finding.
pub fn load_yaml(src: &SourceFile) -> Result<yaml::Document, Box<Finding>> {
    yaml::load(src).map_err(|e| Box::new(mistakes::finding(src, &e)))
}

/// Parses a stream or flow file. The model is returned only when the file has no `syntax` or
/// `schema` finding: rules never run on a half-understood file, so they never pile guesses onto a
/// shape error.
pub fn parse_stream(src: &SourceFile) -> Parsed<Stream> {
    parse_document(
        src,
        "the file is empty: expected a stream with `stream` and `cards`",
        "start from `streamlint init`, or see the stream format in the documentation",
        stream::lower_stream,
    )
}

/// Parses a roster file (agents, teams, accounts, fallback).
pub fn parse_roster(src: &SourceFile) -> Parsed<Roster> {
    parse_document(
        src,
        "the file is empty: expected a roster with `agents`",
        "see the roster format in docs/routing.md",
        roster::lower_roster,
    )
}

/// Parses a visitors file for `simulate --visitors`.
pub fn parse_visitors(src: &SourceFile) -> Parsed<Visitors> {
    parse_document(
        src,
        "the file is empty: expected `visitors`",
        "see the visitors format in docs/routing.md",
        visitors::lower_visitors,
    )
}

/// YAML, then lowering with `lower`; the model only when nothing was found.
fn parse_document<T>(
    src: &SourceFile,
    empty: &str,
    empty_help: &str,
    lower: fn(&mut reader::Reader, yaml::NodeId) -> Option<T>,
) -> Parsed<T> {
    let doc = match load_yaml(src) {
        Ok(doc) => doc,
        Err(f) => {
            return Parsed {
                model: None,
                findings: vec![*f],
                document: None,
            }
        }
    };
    let Some(root) = doc.root else {
        let f = Finding::new(&schema_rule::RULE, src.first_line(), empty).help(empty_help);
        return Parsed {
            model: None,
            findings: vec![f],
            document: Some(doc),
        };
    };
    let mut reader = reader::Reader::new(&doc);
    let model = lower(&mut reader, root);
    let findings = reader.into_findings();
    Parsed {
        model: if findings.is_empty() { model } else { None },
        findings,
        document: Some(doc),
    }
}
