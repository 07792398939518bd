//! Reading an input, the one way every input is read: stream files, standard input, the roster,
//! the config, a baseline, visitors. Whatever the path names, reading it is bounded:
//! - at most [`MAX_INPUT_BYTES`] are read, incrementally, and a larger input is refused with a
//!   message (exit 2) instead of growing until the machine runs out of memory (`/dev/zero`);
//! - a character or block device (`/dev/zero`, `/dev/tty`) is refused at once: it is not a
//!   file. A pipe is read (standard input, `<(command)`), within the same limit.
//!
//! The output of a child process (`diff`'s `git show REV:PATH`) is an input too, read within the
//! same limit ([`run_bounded`]).
//!
//! `docs/limits.md` documents the limit.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};

/// The largest input streamlint reads: 128 MiB. Real streams, rosters and configs are a few
/// kilobytes; this leaves room for generated ones (and the 100 MB the memory promise of
/// `docs/limits.md` is tested with) while bounding what a hostile input can cost.
pub const MAX_INPUT_BYTES: u64 = 128 * 1024 * 1024;

/// How long opening a FIFO waits for a writer before the input is refused: opening one blocks
/// until something opens it for writing, which for a FIFO nobody writes to is forever.
pub const FIFO_WRITER_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// Reads the file at `path` (after links) within the limit.
pub fn read_path(path: &Path) -> io::Result<Vec<u8>> {
    let file = open(path)?;
    let meta = file.metadata()?;
    if meta.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "is a directory, not a file",
        ));
    }
    if is_device(&meta) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "is a device, not a file; streamlint reads only files and pipes",
        ));
    }
    // A regular file's size is known: no need to read a byte of one that is too large.
    if meta.is_file() && meta.len() > MAX_INPUT_BYTES {
        return Err(too_large());
    }
    let expected = if meta.is_file() { meta.len() } else { 0 };
    read_bounded(file, expected)
}

/// Opens `path` for reading; a FIFO (found by `stat`, which does not block) is opened on a
/// helper thread and refused when no writer comes within [`FIFO_WRITER_WAIT`]. The thread, if
/// still waiting, is left behind: it holds nothing, and ends with the process or a writer.
fn open(path: &Path) -> io::Result<File> {
    if !is_fifo(path) {
        return File::open(path);
    }
    let (sender, receiver) = std::sync::mpsc::channel();
    let owned = path.to_path_buf();
    std::thread::spawn(move || {
        let _ = sender.send(File::open(owned));
    });
    receiver.recv_timeout(FIFO_WRITER_WAIT).unwrap_or_else(|_| {
        Err(io::Error::new(
            io::ErrorKind::TimedOut,
            format!(
                "is a FIFO that nothing opened for writing within {} seconds",
                FIFO_WRITER_WAIT.as_secs()
            ),
        ))
    })
}

#[cfg(unix)]
fn is_fifo(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::metadata(path).is_ok_and(|m| m.file_type().is_fifo())
}

#[cfg(not(unix))]
fn is_fifo(_: &Path) -> bool {
    false
}

/// Reads standard input within the limit.
pub fn read_stdin() -> io::Result<Vec<u8>> {
    read_bounded(io::stdin().lock(), 0)
}

/// Reads `reader` to its end, failing once more than [`MAX_INPUT_BYTES`] arrive. `expected` is
/// a size hint (a regular file's length) so the buffer is allocated once.
pub fn read_bounded(reader: impl Read, expected: u64) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(expected.min(MAX_INPUT_BYTES) as usize + 1);
    reader.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}

/// The most of a child's standard error kept for a message; the rest is read and dropped.
pub const MAX_CHILD_STDERR_BYTES: u64 = 64 * 1024;

/// What a child process printed, read within the limits.
#[derive(Debug)]
pub struct ChildOutput {
    pub status: ExitStatus,
    pub stdout: Vec<u8>,
    /// At most [`MAX_CHILD_STDERR_BYTES`].
    pub stderr: Vec<u8>,
}

/// Runs `command` (standard input closed) and reads its standard output like any input: at most
/// [`MAX_INPUT_BYTES`], else the child is killed and the error is [`too_large`]'s. Its standard
/// error is read at the same time (so a child filling that pipe never blocks), keeping the first
/// [`MAX_CHILD_STDERR_BYTES`].
pub fn run_bounded(command: &mut Command) -> io::Result<ChildOutput> {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let stderr = child.stderr.take().map(|err| {
        std::thread::spawn(move || {
            let mut kept = Vec::new();
            let mut err = err;
            let _ = (&mut err)
                .take(MAX_CHILD_STDERR_BYTES)
                .read_to_end(&mut kept);
            let _ = io::copy(&mut err, &mut io::sink());
            kept
        })
    });
    let stdout = match child.stdout.take() {
        Some(out) => read_bounded(out, 0),
        None => Ok(Vec::new()),
    };
    if stdout.is_err() {
        // Past the limit (or unreadable): the rest is not wanted, and the child must not wait
        // for a reader forever.
        let _ = child.kill();
    }
    let status = child.wait()?;
    let stderr = stderr
        .map(|t| t.join().unwrap_or_default())
        .unwrap_or_default();
    Ok(ChildOutput {
        status,
        stdout: stdout?,
        stderr,
    })
}

fn too_large() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!(
            "is larger than {} MiB, the most streamlint reads from one input (see docs/limits.md)",
            MAX_INPUT_BYTES / (1024 * 1024)
        ),
    )
}

#[cfg(unix)]
fn is_device(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    t.is_char_device() || t.is_block_device()
}

#[cfg(not(unix))]
fn is_device(meta: &std::fs::Metadata) -> bool {
    !meta.is_file() && !meta.is_dir()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_endless_reader_is_cut_at_the_limit() {
        let err = read_bounded(io::repeat(b'a'), 0).unwrap_err();
        assert!(err.to_string().contains("larger than 128 MiB"), "{err}");
        assert_eq!(read_bounded(&b"abc"[..], 3).unwrap(), b"abc");
    }

    #[cfg(unix)]
    #[test]
    fn a_child_printing_without_end_is_cut_at_the_limit_and_killed() {
        let err = run_bounded(Command::new("yes").arg("abc")).unwrap_err();
        assert!(err.to_string().contains("larger than 128 MiB"), "{err}");
        let out =
            run_bounded(Command::new("sh").args(["-c", "printf out; printf err >&2; exit 3"]))
                .unwrap();
        assert_eq!(out.stdout, b"out");
        assert_eq!(out.stderr, b"err");
        assert_eq!(out.status.code(), Some(3));
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_refused_before_reading() {
        let err = read_path(Path::new("/dev/zero")).unwrap_err();
        assert!(err.to_string().contains("is a device"), "{err}");
    }
}
