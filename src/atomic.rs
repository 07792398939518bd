//! Writing files atomically: the content goes to a temporary file in the same directory, then
//! takes the target's name in one step, so a reader never sees half a file and a failed write
//! leaves any previous file intact. Used by every command whose purpose is to write
//! (`init`, `check --write-baseline`, `report -o`, `simulate --junit`, `--write-visitors`,
//! `--update`).
//!
//! Where a command may write is decided by [`checked_target`], the same rule for every writer:
//! a new file, or an existing regular file (through links) that is none of the run's inputs.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Where a command may write `path`, checked before anything is written: a new name, or an
/// existing regular file (a symbolic link is followed, and the file it names is the one written:
/// the link stays) that is none of the run's `inputs` (after links). Anything else is refused
/// with a message naming `path`, because the rename of [`write`] would destroy it: a directory,
/// a device (`/dev/null`, a link to a terminal), a FIFO, a socket, a link to nothing, or a file
/// the same run reads. `what` says what would be written (`the JUnit report`) in the messages.
///
/// Returns the path to write (the file a link names, else `path`).
pub fn checked_target(path: &Path, inputs: &[&Path], what: &str) -> Result<PathBuf, String> {
    let shown = crate::paths::slash(path);
    let link = match fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(path.to_path_buf()),
        Err(e) => return Err(format!("{shown}: {}", crate::read::io_message(&e))),
    };
    let real = if link.file_type().is_symlink() {
        fs::canonicalize(path).map_err(|e| {
            format!(
                "{shown} is a symbolic link to nothing usable ({}); {what} was not written",
                crate::read::io_message(&e)
            )
        })?
    } else {
        path.to_path_buf()
    };
    let meta =
        fs::metadata(&real).map_err(|e| format!("{shown}: {}", crate::read::io_message(&e)))?;
    if !meta.is_file() {
        return Err(format!(
            "{shown} exists and is not a regular file ({}); {what} is only written to a new file \
             or over a regular file",
            kind_of(&meta)
        ));
    }
    if inputs
        .iter()
        .any(|input| crate::paths::same_file(input, &real))
    {
        return Err(format!(
            "{shown} is also an input of this run; writing {what} would overwrite it (name \
             another file)"
        ));
    }
    Ok(real)
}

/// What a file that is not a regular file is, for a refusal.
fn kind_of(meta: &fs::Metadata) -> &'static str {
    if meta.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "not a file"
}

/// What to do when the target already exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Replace it (a baseline is rewritten).
    Replace,
    /// Leave it alone and fail with `AlreadyExists` (`init` never overwrites).
    Keep,
}

/// Writes `bytes` to `path` atomically.
pub fn write(path: &Path, bytes: &[u8], existing: Existing) -> io::Result<()> {
    if existing == Existing::Keep && fs::symlink_metadata(path).is_ok() {
        return Err(already_exists());
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "streamlint".to_string());
    let (tmp, mut file) = create_temp(&dir, &name)?;
    let written = file.write_all(bytes).and_then(|()| file.sync_all());
    drop(file);
    let placed = written.and_then(|()| place(&tmp, path, existing));
    if placed.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    placed
}

/// Gives the temporary file the target's name.
fn place(tmp: &Path, path: &Path, existing: Existing) -> io::Result<()> {
    match existing {
        Existing::Replace => fs::rename(tmp, path),
        // A hard link fails if the name exists, so a file created meanwhile is never replaced.
        Existing::Keep => match fs::hard_link(tmp, path) {
            Ok(()) => fs::remove_file(tmp).or(Ok(())),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(e),
            // No hard links here (some network or FAT file systems): rename, after checking again.
            Err(_) if fs::symlink_metadata(path).is_err() => fs::rename(tmp, path),
            Err(_) => Err(already_exists()),
        },
    }
}

fn already_exists() -> io::Error {
    io::Error::new(io::ErrorKind::AlreadyExists, "the file already exists")
}

/// At most this many bytes of the target's name start the temporary name, so that the whole of
/// it (`.` + this + `.tmp-PID-N`, at most 32 more bytes) fits NAME_MAX (255 bytes) whatever the
/// target's name is.
const TEMP_PREFIX_MAX: usize = 200;

/// The start of `name` that is at most [`TEMP_PREFIX_MAX`] bytes, cut at a character boundary.
fn temp_prefix(name: &str) -> &str {
    let mut end = name.len().min(TEMP_PREFIX_MAX);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    &name[..end]
}

/// A new file `.NAME.tmp-PID-N` in `dir` (NAME cut to fit NAME_MAX), created exclusively.
fn create_temp(dir: &Path, name: &str) -> io::Result<(PathBuf, fs::File)> {
    let pid = std::process::id();
    let prefix = temp_prefix(name);
    let mut attempt = 0u32;
    loop {
        let tmp = dir.join(format!(".{prefix}.tmp-{pid}-{attempt}"));
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(file) => return Ok((tmp, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => attempt += 1,
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_target_name_of_255_bytes_still_gets_a_temporary_name() {
        let dir = tempfile::tempdir().unwrap();
        let name = format!("{}.json", "é".repeat(125));
        assert_eq!(name.len(), 255);
        let path = dir.path().join(&name);
        write(&path, b"{}", Existing::Replace).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"{}");
        assert!(temp_prefix(&name).len() <= TEMP_PREFIX_MAX);
    }

    #[test]
    fn keep_never_overwrites_and_replace_does() {
        let dir = std::env::temp_dir().join(format!("streamlint-atomic-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("a.txt");
        write(&path, b"one", Existing::Keep).unwrap();
        let err = write(&path, b"two", Existing::Keep).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&path).unwrap(), b"one");
        write(&path, b"three", Existing::Replace).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"three");
        // No temporary file is left behind.
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 1);
        let _ = fs::remove_dir_all(&dir);
    }
}
