//! `streamlint init [FILE]`: a starter stream that passes every rule.
//!
//! The file is written next to its final name under a temporary name, synced, then linked into
//! place with a hard link, which fails if the name exists: so an existing file is never
//! overwritten, even one created while we were writing, and nobody ever sees a half-written
//! file. Where hard links are not supported, a rename after an existence check does the job.

use std::io;
use std::path::{Path, PathBuf};

use crate::atomic;

pub const DEFAULT_FILE: &str = "welcome.stream.yaml";

/// The starter stream.
pub const STARTER: &str = r#"# yaml-language-server: $schema=.streamlint/stream.schema.json
#
# A starter stream written by `streamlint init`. Check it with `streamlint check`.
# Every card type and field, with examples: docs/streams.md in the streamlint repository.
#
# Completion and validation in editors (VS Code with the YAML extension, or any editor using
# the YAML language server): write the schema next to this file once, from this folder,
#     mkdir -p .streamlint
#     streamlint schema stream > .streamlint/stream.schema.json
# and the modeline above (a path relative to this file) points the editor at it. Or map it to
# every stream in your editor settings: "yaml.schemas": {".streamlint/stream.schema.json":
# ["*.stream.yaml", "*.flow.yaml"]}.
stream: Welcome
cards:
  - type: message
    text: "Hi {{lead.FirstName:\"there\"}}! Can we help you find something?"
    poke: true
  - type: question
    id: wants-help
    text: Would you like to chat with someone from our team?
    attribute: wants_help
    answers:
      - label: Yes, connect me
        cards:
          - type: info_capture
            fields:
              - attribute: first_name
                prompt: What's your first name?
              - attribute: email
                input: email
                prompt: And your work email?
          - type: live_chat
            text: Connecting you now.
            route: round_robin
      - label: Not now
        cards:
          - type: message
            text: No problem. Enjoy browsing!
"#;

#[derive(Debug)]
pub enum InitError {
    /// The file is already there; it was left alone.
    Exists(PathBuf),
    Io(PathBuf, io::Error),
}

/// Writes [`STARTER`] to `path`, never overwriting.
pub fn write_starter(path: &Path) -> Result<(), InitError> {
    atomic::write(path, STARTER.as_bytes(), atomic::Existing::Keep).map_err(|e| {
        if e.kind() == io::ErrorKind::AlreadyExists {
            InitError::Exists(path.to_path_buf())
        } else {
            InitError::Io(path.to_path_buf(), e)
        }
    })
}
