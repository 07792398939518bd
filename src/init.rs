//! `streamlint init [FILE]`: a starter stream that passes every rule.
//!
//! The file is written next to its final name under a temporary name, synced, then linked into
//! place with a hard link, which fails if the name exists: so an existing file is never
//! overwritten, even one created while we were writing, and nobody ever sees a half-written
//! file. Where hard links are not supported, a rename after an existence check does the job.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

pub const DEFAULT_FILE: &str = "welcome.stream.yaml";

/// The starter stream.
pub const STARTER: &str = r#"# yaml-language-server: $schema=.streamlint/stream.schema.json
#
# A starter stream written by `streamlint init`. Check it with `streamlint check`.
#
# Completion and validation in editors (VS Code with the YAML extension, or any editor using
# the YAML language server): write the schema next to this file once,
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
    if fs::symlink_metadata(path).is_ok() {
        return Err(InitError::Exists(path.to_path_buf()));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| DEFAULT_FILE.to_string());
    let io_err = |e| InitError::Io(path.to_path_buf(), e);
    let (tmp, mut file) = create_temp(&dir, &name).map_err(io_err)?;
    let written = file
        .write_all(STARTER.as_bytes())
        .and_then(|()| file.sync_all());
    drop(file);
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp);
        return Err(io_err(e));
    }
    let placed = match fs::hard_link(&tmp, path) {
        Ok(()) => fs::remove_file(&tmp).or(Ok(())),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            let _ = fs::remove_file(&tmp);
            return Err(InitError::Exists(path.to_path_buf()));
        }
        // No hard links here (some network or FAT file systems): rename, after checking again.
        Err(_) if fs::symlink_metadata(path).is_err() => fs::rename(&tmp, path),
        Err(_) => {
            let _ = fs::remove_file(&tmp);
            return Err(InitError::Exists(path.to_path_buf()));
        }
    };
    placed.map_err(|e| {
        let _ = fs::remove_file(&tmp);
        io_err(e)
    })
}

/// A new file `.NAME.tmp-PID-N` in `dir`, created exclusively.
fn create_temp(dir: &Path, name: &str) -> io::Result<(PathBuf, fs::File)> {
    let pid = std::process::id();
    let mut attempt = 0u32;
    loop {
        let tmp = dir.join(format!(".{name}.tmp-{pid}-{attempt}"));
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(file) => return Ok((tmp, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => attempt += 1,
            Err(e) => return Err(e),
        }
    }
}
