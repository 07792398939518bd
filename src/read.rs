//! Reading files: every file a run reads (the files named or found, the flow files they embed,
//! rosters, visitors) goes through [`read_file`], so a limit on what is read applies to all.

use std::path::Path;

/// The bytes of a file, read through [`crate::input::read_path`]: bounded, devices refused.
pub fn read_file(path: &Path) -> std::io::Result<Vec<u8>> {
    crate::input::read_path(path)
}

/// An I/O error as reports say it.
pub fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}
